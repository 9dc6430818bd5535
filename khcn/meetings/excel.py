"""Bulk update of follow-up items from a workbook: download the items, fill answers, upload.

The workbook holds one row per item (the filtered list the user sees). The user fills "Trạng
thái mới" (a list in the cell), "Nội dung trả lời" and, to reject or transfer, "Lý do". The
upload checks every row with the same rules as the item page and lists every bad row (sheet,
row, column, message); nothing is saved unless every row passes.
"""

from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from khcn.core.exports import workbook_bytes, workbook_new
from khcn.core.imports import ImportResult, RowError, import_guarded, sheet_rows, workbook_open
from khcn.core.text import nfc
from khcn.meetings import selectors, services
from khcn.meetings.models import FollowUp, FollowUpStatus

SHEET = "Theo dõi"
HEADERS = [
    "Mã nội dung",
    "Loại",
    "Đơn vị",
    "Nội dung",
    "Thời hạn",
    "Trạng thái hiện tại",
    "Trạng thái mới",
    "Nội dung trả lời",
    "Lý do (từ chối, chuyển xử lý)",
    "Kết quả giải quyết",
]
COL = {name: i for i, name in enumerate(HEADERS)}
EDITABLE = {"Trạng thái mới", "Nội dung trả lời", "Lý do (từ chối, chuyển xử lý)", "Kết quả giải quyết"}


def _status_labels() -> dict[str, str]:
    """Vietnamese label → code, whatever the page's language (the workbook is in Vietnamese)."""
    from django.utils import translation

    with translation.override("vi"):
        return {str(label): value for value, label in FollowUpStatus.choices}


def items_workbook(*, items: QuerySet[FollowUp]) -> bytes:
    """The items as an update workbook: the editable columns are white, the rest grey."""
    from django.utils import translation

    wb = workbook_new()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(HEADERS)
    grey = PatternFill("solid", fgColor="E9ECEF")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = items.select_related("unit").order_by("pk")[: settings.KHCN_IMPORT_MAX_ROWS]  # all import back
    with translation.override("vi"):
        for item in rows:
            ws.append(
                [
                    item.pk,
                    str(item.get_kind_display()),
                    item.unit.full_name,
                    item.text,
                    item.due_on,
                    str(item.get_status_display()),
                    "",
                    "",
                    "",
                    "",
                ]
            )
    for row in ws.iter_rows(min_row=2):
        for name, cell in zip(HEADERS, row, strict=False):
            if name not in EDITABLE:
                cell.fill = grey
            if name == "Thời hạn":
                cell.number_format = "DD/MM/YYYY"
    labels = list(_status_labels())
    check = DataValidation(
        type="list",
        formula1='"' + ",".join(labels) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Trạng thái không hợp lệ",
        error="Chọn một trạng thái trong danh sách.",
    )
    ws.add_data_validation(check)
    column = chr(ord("A") + COL["Trạng thái mới"])
    check.add(f"{column}2:{column}{max(ws.max_row, 2)}")
    for letter, width in zip("ABCDEFGHIJ", [11, 14, 22, 60, 12, 16, 16, 50, 30, 30], strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"
    return workbook_bytes(wb)


def _text(value: Any) -> str:
    return nfc(str(value)).strip() if value is not None else ""


@import_guarded
def items_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Apply every filled row as a response on its item, all or nothing."""
    result = ImportResult()
    wb = workbook_open(file)  # checked for size before it is parsed
    if SHEET not in wb.sheetnames:
        result.errors.append(RowError(SHEET, 0, "", f"Không có trang tính “{SHEET}”: hãy dùng tệp tải từ hệ thống."))
        return result
    rows = sheet_rows(wb, SHEET)  # stops at the first row over the import limits
    header = [_text(v) for v in next(rows, ())]
    if header[: len(HEADERS)] != HEADERS:
        result.errors.append(RowError(SHEET, 1, "", "Dòng tiêu đề đã bị thay đổi: hãy dùng tệp tải từ hệ thống."))
        return result
    labels = _status_labels()
    staff = user.has_perm("meetings.manage_meeting")
    planned: list[tuple[int, int, dict[str, str]]] = []
    for number, values in enumerate(rows, start=2):
        cells = {name: _text(values[i]) if i < len(values) else "" for name, i in COL.items()}
        if not any(cells[name] for name in EDITABLE):
            continue
        result.rows += 1

        def bad(column: str, message: str, row: int = number) -> None:
            result.errors.append(RowError(SHEET, row, column, message))

        try:
            pk = int(float(cells["Mã nội dung"]))
        except ValueError:
            bad("Mã nội dung", "Mã nội dung phải là số, như trong tệp tải về.")
            continue
        status = ""
        if cells["Trạng thái mới"]:
            status = labels.get(cells["Trạng thái mới"], cells["Trạng thái mới"])
            if status not in FollowUpStatus.values:
                bad("Trạng thái mới", f"“{cells['Trạng thái mới']}” không phải là trạng thái trong danh sách.")
            elif not staff and status not in services.UNIT_STATUSES:
                bad("Trạng thái mới", "Chỉ Sở được từ chối, chuyển xử lý hoặc mở lại một nội dung.")
        if not cells["Nội dung trả lời"]:
            bad("Nội dung trả lời", "Nhập nội dung trả lời.")
        if status in (FollowUpStatus.REJECTED, FollowUpStatus.TRANSFERRED) and not cells[HEADERS[8]]:
            bad(HEADERS[8], "Ghi rõ lý do từ chối, hoặc nơi được chuyển đến xử lý.")
        planned.append((number, pk, {**cells, "status": status}))
    planned_items = selectors.followup_list(user=user).filter(pk__in=[pk for _n, pk, _c in planned])
    items = {item.pk: item for item in planned_items.select_related("unit")}
    for number, pk, _cells in planned:
        if pk not in items:
            result.errors.append(
                RowError(SHEET, number, "Mã nội dung", f"Không có nội dung số {pk} trong phạm vi của bạn.")
            )
        elif not user.has_perm("meetings.respond_followup", items[pk]):
            result.errors.append(RowError(SHEET, number, "Mã nội dung", "Bạn không có quyền trả lời nội dung này."))
        elif _cells["status"] and not user.has_perm("meetings.set_followup_status", items[pk]):
            who = items[pk].assignee_label()
            result.errors.append(
                RowError(SHEET, number, "Trạng thái mới", f"Chỉ bên phải trả lời ({who}) mới đổi được trạng thái.")
            )
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, COL.get(e.column, 0)))
        return result
    try:
        with transaction.atomic():
            for number, pk, cells in planned:
                try:
                    services.item_respond(
                        user=user,
                        item=items[pk],
                        text=cells["Nội dung trả lời"],
                        status=cells["status"],
                        reason=cells[HEADERS[8]],
                        resolution=cells["Kết quả giải quyết"],
                    )
                except (ValidationError, PermissionDenied) as error:
                    message = error.messages[0] if isinstance(error, ValidationError) else "Không có quyền."
                    result.errors.append(RowError(SHEET, number, "", message))
            if result.errors:
                raise _Rollback
            result.saved = len(planned)
    except _Rollback:
        result.saved = 0
    return result


class _Rollback(Exception):
    """Undo every row once one failed in the services' own checks."""
