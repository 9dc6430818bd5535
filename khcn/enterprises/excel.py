"""Workbook import of S&T enterprise certificates (the register kept in Excel until now).

One row per certificate. Every row is checked with the same rules as the page (the service
runs on every row); if any row is wrong nothing is saved and every wrong row is listed. The
enterprise is named by its tax code or its exact name among the organisations the importer
may write for.
"""

from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl.styles import Font

from khcn.accounts.scoping import visible
from khcn.core.exports import workbook_bytes, workbook_new
from khcn.core.imports import ImportResult, RowError, import_guarded, sheet_rows, workbook_open
from khcn.core.text import fold, nfc
from khcn.enterprises import services
from khcn.geo.models import Organisation

SHEET = "Doanh nghiệp KH&CN"
HEADERS = [
    "Số giấy chứng nhận",
    "Ngày cấp",
    "Doanh nghiệp (mã số thuế hoặc tên)",
    "Kết quả KH&CN làm căn cứ",
    "Sản phẩm hình thành từ kết quả",
    "Ghi chú",
]
COL = {name: i for i, name in enumerate(HEADERS)}
FIELD_COLUMNS = {
    "number": HEADERS[0],
    "issued_on": HEADERS[1],
    "organisation": HEADERS[2],
    "results": HEADERS[3],
    "products": HEADERS[4],
    "note": HEADERS[5],
}


def certificates_template() -> bytes:
    """The empty workbook to fill, with one example row."""
    wb = workbook_new()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(
        [
            "01/2026/DNKHCN",
            date(2026, 3, 2),
            "0101234567",
            "Ví dụ: Quy trình sản xuất chế phẩm vi sinh xử lý môi trường",
            "",
            "",
        ]
    )
    ws["B2"].number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEF", [20, 14, 36, 60, 40, 30], strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)


def _text(value: Any) -> str:
    return " ".join(nfc(str(value)).split()) if value is not None else ""


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(_text(value), fmt).date()
        except ValueError:
            continue
    return None


class _Rollback(Exception):
    """Undo every row once one failed in the service's own checks."""


@import_guarded
def certificates_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Register one certificate per filled row, all or nothing."""
    if not user.has_perm("enterprises.import_certificates"):
        raise PermissionDenied
    result = ImportResult()
    wb = workbook_open(file)
    if SHEET not in wb.sheetnames:
        result.errors.append(
            RowError(SHEET, 0, "", f"Không có trang tính “{SHEET}”: hãy dùng tệp mẫu tải từ hệ thống.")
        )
        return result
    rows = sheet_rows(wb, SHEET)
    header = [_text(v) for v in next(rows, ())]
    if header[: len(HEADERS)] != HEADERS:
        result.errors.append(RowError(SHEET, 1, "", "Dòng tiêu đề đã bị thay đổi: hãy dùng tệp mẫu tải từ hệ thống."))
        return result
    organisations = visible(Organisation.objects.all(), user, action="change")
    seen: dict[str, int] = {}
    planned: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        cells = {name: values[i] if i < len(values) else None for name, i in COL.items()}
        if not any(_text(v) for v in cells.values()):
            continue
        result.rows += 1

        def bad(column: str, message: str, row: int = number) -> None:
            result.errors.append(RowError(SHEET, row, column, message))

        data: dict[str, Any] = {
            "number": _text(cells[HEADERS[0]]),
            "results": _text(cells[HEADERS[3]]),
            "products": _text(cells[HEADERS[4]]),
            "note": _text(cells[HEADERS[5]]),
        }
        if not data["number"]:
            bad(HEADERS[0], "Nhập số giấy chứng nhận.")
        elif data["number"].casefold() in seen:
            bad(HEADERS[0], f"Số này đã có ở dòng {seen[data['number'].casefold()]} của tệp.")
        else:
            seen[data["number"].casefold()] = number
        data["issued_on"] = _date(cells[HEADERS[1]])
        if data["issued_on"] is None:
            bad(HEADERS[1], "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 02/03/2026.")
        who = _text(cells[HEADERS[2]])
        matches = list(organisations.filter(tax_code=who)[:2]) if who else []
        if who and not matches:
            matches = [
                o for o in organisations.filter(name_folded__contains=fold(who))[:50] if fold(o.name) == fold(who)
            ]
        if not who:
            bad(HEADERS[2], "Nhập mã số thuế hoặc tên doanh nghiệp.")
        elif len(matches) != 1:
            bad(
                HEADERS[2],
                f"Không tìm thấy doanh nghiệp “{who}” trong phạm vi của bạn."
                if not matches
                else f"Có nhiều tổ chức tên “{who}”: hãy ghi mã số thuế.",
            )
        else:
            data["organisation"] = matches[0]
        if not data["results"]:
            bad(HEADERS[3], "Ghi kết quả KH&CN mà giấy chứng nhận dựa vào.")
        planned.append((number, data))
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, COL.get(e.column, 99)))
        return result
    try:
        with transaction.atomic():
            for number, data in planned:
                try:
                    services.certificate_create(user=user, **data)
                except ValidationError as error:
                    found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                    for field, messages in found.items():
                        for message in messages:
                            result.errors.append(RowError(SHEET, number, FIELD_COLUMNS.get(field, ""), message))
                except PermissionDenied:
                    result.errors.append(
                        RowError(SHEET, number, HEADERS[2], "Bạn không có quyền ghi cho doanh nghiệp này.")
                    )
            if result.errors:
                raise _Rollback
            result.saved = len(planned)
    except _Rollback:
        result.saved = 0
    return result
