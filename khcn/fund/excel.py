"""Workbook import of fund applications (the fund's register kept in Excel until now).

One row per application. Every row is checked with the same rules as the page (the services
run on every row); if any row is wrong nothing is saved and every wrong row is listed (sheet,
row, column, message). The organisation is named by its tax code or its exact name, among the
organisations the importer may write for; the call by its number.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.utils import translation

from khcn.accounts.scoping import visible
from khcn.core.imports import ImportResult, RowError, import_guarded
from khcn.core.text import fold
from khcn.fund import services
from khcn.fund.models import MONEY_MAX, RATE_MAX, TERM_MONTHS_MAX, FundCall, SupportKind
from khcn.registers.imports import (
    cell_date,
    cell_text,
    data_rows,
    example_template,
    organisation_pick,
    planned_save,
    writable_organisations,
)

SHEET = "Hồ sơ"
HEADERS = [
    "Số đợt tiếp nhận",
    "Tổ chức đề nghị (mã số thuế hoặc tên)",
    "Tên dự án",
    "Hình thức hỗ trợ",
    "Kinh phí đề nghị (đồng)",
    "Ngày nhận hồ sơ",
    "Lãi suất (%/năm)",
    "Thời hạn vay (tháng)",
    "Tóm tắt",
]
COL = {name: i for i, name in enumerate(HEADERS)}
FIELD_COLUMNS = {
    "call": HEADERS[0],
    "organisation": HEADERS[1],
    "title": HEADERS[2],
    "kind": HEADERS[3],
    "amount_requested": HEADERS[4],
    "received_on": HEADERS[5],
    "interest_rate": HEADERS[6],
    "term_months": HEADERS[7],
    "summary": HEADERS[8],
}


def _kind_labels() -> dict[str, str]:
    """Folded Vietnamese label → code (the workbook is in Vietnamese whatever the page language)."""
    with translation.override("vi"):
        return {fold(str(label)): value for value, label in SupportKind.choices}


def applications_template() -> bytes:
    """The empty workbook to fill, with one example row."""
    with translation.override("vi"):
        loan = str(dict(SupportKind.choices)[SupportKind.LOW_INTEREST_LOAN])
    example = [
        "",
        "0101234567",
        "Ví dụ: Hoàn thiện công nghệ sản xuất phân bón hữu cơ vi sinh",
        loan,
        2_000_000_000,
        date(2026, 3, 2),
        3.5,
        36,
        "",
    ]
    widths = [18, 36, 50, 24, 20, 16, 14, 16, 40]
    return example_template(sheet=SHEET, headers=HEADERS, example=example, widths=widths)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = cell_text(value).replace(" ", "")
    if "," in text:  # 1.500.000,5 as Vietnamese write it
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")  # 1.500.000
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@import_guarded
def applications_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Create one application per filled row, all or nothing."""
    if not user.has_perm("fund.import_applications"):
        raise PermissionDenied
    result, rows = data_rows(file, SHEET, HEADERS)
    organisations = writable_organisations(user)
    calls = {c.number: c for c in visible(FundCall.objects.all(), user)}
    kinds = _kind_labels()
    planned: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        cells = {name: values[i] if i < len(values) else None for name, i in COL.items()}
        if not any(cell_text(v) for v in cells.values()):
            continue
        result.rows += 1

        def bad(column: str, message: str, row: int = number) -> None:
            result.errors.append(RowError(SHEET, row, column, message))

        data: dict[str, Any] = {"summary": cell_text(cells[HEADERS[8]])}
        call_number = cell_text(cells[HEADERS[0]])
        data["call"] = calls.get(call_number) if call_number else None
        if call_number and data["call"] is None:
            bad(HEADERS[0], f"Không có đợt tiếp nhận số “{call_number}”.")
        who = cell_text(cells[HEADERS[1]])
        if not who:
            bad(HEADERS[1], "Nhập mã số thuế hoặc tên tổ chức đề nghị.")
        else:
            try:
                data["organisation"] = organisation_pick(organisations, who, what="tổ chức")
            except ValueError as error:
                bad(HEADERS[1], str(error))
        data["title"] = cell_text(cells[HEADERS[2]])
        if not data["title"]:
            bad(HEADERS[2], "Nhập tên dự án.")
        kind = kinds.get(fold(cell_text(cells[HEADERS[3]])))
        if kind is None:
            bad(HEADERS[3], "Chọn một trong: Tài trợ, Cho vay, Cho vay ưu đãi lãi suất.")
        data["kind"] = kind
        amount = _number(cells[HEADERS[4]])
        if amount is None or amount != amount.to_integral_value() or not 1 <= amount <= MONEY_MAX:
            bad(HEADERS[4], "Nhập số tiền (đồng) từ 1 đến 1.000.000.000.000.")
        data["amount_requested"] = amount
        received = cell_date(cells[HEADERS[5]])
        if received is None:
            bad(HEADERS[5], "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 02/03/2026.")
        data["received_on"] = received
        rate = _number(cells[HEADERS[6]]) if cell_text(cells[HEADERS[6]]) else None
        if cell_text(cells[HEADERS[6]]) and (rate is None or not 0 <= rate <= RATE_MAX):
            bad(HEADERS[6], "Nhập lãi suất từ 0 đến 100 (%/năm).")
        data["interest_rate"] = rate.quantize(Decimal("0.01")) if rate is not None else None
        term = _number(cells[HEADERS[7]]) if cell_text(cells[HEADERS[7]]) else None
        if cell_text(cells[HEADERS[7]]) and (
            term is None or term != term.to_integral_value() or not 1 <= term <= TERM_MONTHS_MAX
        ):
            bad(HEADERS[7], f"Nhập số tháng từ 1 đến {TERM_MONTHS_MAX}.")
        data["term_months"] = int(term) if term is not None else None
        planned.append((number, data))
    return planned_save(
        result,
        planned,
        sheet=SHEET,
        headers=HEADERS,
        save=lambda **data: services.application_create(user=user, **data),
        columns=FIELD_COLUMNS,
        denied=RowError(SHEET, 0, HEADERS[1], "Bạn không có quyền ghi hồ sơ cho tổ chức này."),
    )
