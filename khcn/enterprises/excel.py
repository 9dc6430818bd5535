"""Workbook import of S&T enterprise certificates (the register kept in Excel until now).

One row per certificate. Every row is checked with the same rules as the page (the service
runs on every row); if any row is wrong nothing is saved and every wrong row is listed. The
enterprise is named by its tax code or its exact name among the organisations the importer
may write for.
"""

from datetime import date
from typing import IO, Any

from django.core.exceptions import PermissionDenied

from khcn.core.imports import ImportResult, RowError, import_guarded
from khcn.enterprises import services
from khcn.registers.imports import (
    cell_date,
    cell_text,
    data_rows,
    example_template,
    organisation_pick,
    planned_save,
    writable_organisations,
)

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
    example = [
        "01/2026/DNKHCN",
        date(2026, 3, 2),
        "0101234567",
        "Ví dụ: Quy trình sản xuất chế phẩm vi sinh xử lý môi trường",
        "",
        "",
    ]
    return example_template(sheet=SHEET, headers=HEADERS, example=example, widths=[20, 14, 36, 60, 40, 30])


@import_guarded
def certificates_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Register one certificate per filled row, all or nothing."""
    if not user.has_perm("enterprises.import_certificates"):
        raise PermissionDenied
    result, rows = data_rows(file, SHEET, HEADERS)
    organisations = writable_organisations(user)
    seen: dict[str, int] = {}
    planned: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        cells = {name: values[i] if i < len(values) else None for name, i in COL.items()}
        if not any(cell_text(v) for v in cells.values()):
            continue
        result.rows += 1

        def bad(column: str, message: str, row: int = number) -> None:
            result.errors.append(RowError(SHEET, row, column, message))

        data: dict[str, Any] = {
            "number": cell_text(cells[HEADERS[0]]),
            "results": cell_text(cells[HEADERS[3]]),
            "products": cell_text(cells[HEADERS[4]]),
            "note": cell_text(cells[HEADERS[5]]),
        }
        if not data["number"]:
            bad(HEADERS[0], "Nhập số giấy chứng nhận.")
        elif data["number"].casefold() in seen:
            bad(HEADERS[0], f"Số này đã có ở dòng {seen[data['number'].casefold()]} của tệp.")
        else:
            seen[data["number"].casefold()] = number
        data["issued_on"] = cell_date(cells[HEADERS[1]])
        if data["issued_on"] is None:
            bad(HEADERS[1], "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 02/03/2026.")
        who = cell_text(cells[HEADERS[2]])
        if not who:
            bad(HEADERS[2], "Nhập mã số thuế hoặc tên doanh nghiệp.")
        else:
            try:
                data["organisation"] = organisation_pick(organisations, who, what="doanh nghiệp")
            except ValueError as error:
                bad(HEADERS[2], str(error))
        if not data["results"]:
            bad(HEADERS[3], "Ghi kết quả KH&CN mà giấy chứng nhận dựa vào.")
        planned.append((number, data))
    return planned_save(
        result,
        planned,
        sheet=SHEET,
        headers=HEADERS,
        save=lambda **data: services.certificate_create(user=user, **data),
        columns=FIELD_COLUMNS,
        denied=RowError(SHEET, 0, HEADERS[2], "Bạn không có quyền ghi cho doanh nghiệp này."),
    )
