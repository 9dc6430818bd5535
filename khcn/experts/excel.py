"""Experts and technologies to and from .xlsx, in one set of columns each: a list exported from
its page imports back, and the template to fill is the same sheet with one example row.

The import is all or nothing (khcn.core.imports): every row is read and checked with the same
services as the pages; every bad row is listed with its number, column and reason in
Vietnamese, and nothing is saved while there is one. A row with a "Mã" (the record's id, as
exported) updates that record; a row without one adds a record. The workbook is always in
Vietnamese. An expert's e-mail and phone are written only for the Department.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from khcn.accounts.scoping import visible
from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import workbook_bytes, workbook_new
from khcn.core.history import attribute_to
from khcn.core.imports import ImportResult, RowError, import_guarded, sheet_rows, workbook_open
from khcn.core.text import fold, nfc
from khcn.experts.forms.experts import units_current
from khcn.experts.models import (
    AcademicTitle,
    Availability,
    Degree,
    Expert,
    Maturity,
    OfferStatus,
    TechIpStatus,
    Technology,
    subfield_codes,
)
from khcn.experts.services import experts as services
from khcn.research.models import ScienceField


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 18
    personal: bool = False
    required: bool = False
    read_only: bool = False  # exported, ignored on import


ID = "Mã"
YES, NO = "Có", "Không"
EXPERT_SHEET, TECHNOLOGY_SHEET = "Chuyên gia", "Công nghệ"

EXPERT_COLUMNS = [
    Column(ID, 8),
    Column("Họ và tên", 30, required=True),
    Column("Học hàm", 12),
    Column("Học vị", 14),
    Column("Chức vụ", 20),
    Column("Cơ quan công tác", 36),
    Column("Nơi làm việc (tỉnh hoặc xã/phường)", 24),
    Column("Nhóm lĩnh vực", 22, required=True),
    Column("Mã lĩnh vực (cách nhau bởi dấu cách)", 18),
    Column("Từ khóa (cách nhau bởi dấu phẩy)", 36),
    Column("Tóm tắt lý lịch", 50),
    Column("Công bố chính", 50),
    Column("Sáng chế, giải pháp hữu ích", 30),
    Column("Ngoại ngữ", 16),
    Column("Khả năng tham gia", 16),
    Column("Email", 26, personal=True),
    Column("Điện thoại", 14, personal=True),
    Column("Đồng ý công khai (Có/Không)", 14),
    Column("Trạng thái", 16, read_only=True),
]
EXPERT_FIELDS = {
    "full_name": "Họ và tên",
    "academic_title": "Học hàm",
    "degree": "Học vị",
    "position": "Chức vụ",
    "organisation_name": "Cơ quan công tác",
    "unit": "Nơi làm việc (tỉnh hoặc xã/phường)",
    "field": "Nhóm lĩnh vực",
    "subfields": "Mã lĩnh vực (cách nhau bởi dấu cách)",
    "keywords": "Từ khóa (cách nhau bởi dấu phẩy)",
    "profile": "Tóm tắt lý lịch",
    "publications": "Công bố chính",
    "patents": "Sáng chế, giải pháp hữu ích",
    "languages": "Ngoại ngữ",
    "availability": "Khả năng tham gia",
    "email": "Email",
    "phone": "Điện thoại",
    "public_consent": "Đồng ý công khai (Có/Không)",
}
EXPERT_EXAMPLE = [
    "",
    "Nguyễn Văn An",
    "Phó giáo sư (PGS)",
    "Tiến sĩ (TS)",
    "Trưởng bộ môn",
    "Học viện Nông nghiệp Việt Nam",
    "Thành phố Hà Nội",
    "Khoa học nông nghiệp",
    "401 406",
    "giống lúa, canh tác hữu cơ",
    "20 năm nghiên cứu chọn tạo giống lúa.",
    "",
    "",
    "Tiếng Anh",
    "Sẵn sàng",
    "an.nv@example.vn",
    "0912345678",
    "Không",
    "",
]

TECHNOLOGY_COLUMNS = [
    Column(ID, 8),
    Column("Tên công nghệ", 36, required=True),
    Column("Công dụng", 40, required=True),
    Column("Mô tả", 50),
    Column("Nhóm lĩnh vực", 22, required=True),
    Column("Mã lĩnh vực (cách nhau bởi dấu cách)", 18),
    Column("Từ khóa (cách nhau bởi dấu phẩy)", 36),
    Column("Mức độ sẵn sàng (TRL 1-9)", 12, required=True),
    Column("Nơi đã áp dụng", 30),
    Column("Chủ sở hữu", 30),
    Column("Sở hữu trí tuệ", 20),
    Column("Số văn bằng hoặc đơn", 16),
    Column("Điều kiện chuyển giao", 36),
    Column("Giá từ (đồng)", 14),
    Column("Giá đến (đồng)", 14),
    Column("Liên hệ", 30),
    Column("Trạng thái", 16, read_only=True),
]
TECHNOLOGY_FIELDS = {
    "title": "Tên công nghệ",
    "summary": "Công dụng",
    "description": "Mô tả",
    "field": "Nhóm lĩnh vực",
    "subfields": "Mã lĩnh vực (cách nhau bởi dấu cách)",
    "keywords": "Từ khóa (cách nhau bởi dấu phẩy)",
    "maturity": "Mức độ sẵn sàng (TRL 1-9)",
    "proven_at": "Nơi đã áp dụng",
    "owner_name": "Chủ sở hữu",
    "ip_status": "Sở hữu trí tuệ",
    "ip_reference": "Số văn bằng hoặc đơn",
    "terms": "Điều kiện chuyển giao",
    "price_min": "Giá từ (đồng)",
    "price_max": "Giá đến (đồng)",
    "contact": "Liên hệ",
}
TECHNOLOGY_EXAMPLE = [
    "",
    "Chế phẩm vi sinh xử lý rơm rạ",
    "Ủ rơm rạ thành phân hữu cơ trong 30 ngày, không đốt đồng.",
    "",
    "Khoa học nông nghiệp",
    "401 406",
    "vi sinh, rơm rạ, phân hữu cơ",
    "7",
    "Xã Mê Linh, 2024",
    "Viện Môi trường nông nghiệp",
    "Bằng độc quyền sáng chế",
    "",
    "Chuyển giao kèm tập huấn",
    "50000000",
    "120000000",
    "Phòng Chuyển giao, 024 0000 0000",
    "",
]


def _labels(choices: Any) -> dict[str, str]:
    with translation.override("vi"):
        return {str(label): str(value) for value, label in choices}


def _label(choices: Any, value: Any) -> str:
    with translation.override("vi"):
        return str(dict(choices).get(value, value or ""))


def _sheet(title: str, columns: list[Column], rows: Iterable[list[Any]]) -> bytes:
    wb = workbook_new()
    ws = wb.active
    assert ws is not None
    ws.title = title
    ws.append([c.header for c in columns])
    fill = PatternFill("solid", fgColor="DCE6F1")
    for index, (cell, column) in enumerate(zip(ws[1], columns, strict=True), start=1):
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "B2"
    return workbook_bytes(wb)


def _keep(columns: list[Column], row: list[Any], *, personal: bool) -> list[Any]:
    return [value for column, value in zip(columns, row, strict=True) if personal or not column.personal]


# -- export and templates -----------------------------------------------------------------


def experts_workbook(*, experts: Iterable[Expert], personal: bool, example: bool = False) -> bytes:
    """The experts (as the list shows them; none and an example row: the template)."""
    columns = [c for c in EXPERT_COLUMNS if personal or not c.personal]
    rows = []
    for e in experts:
        rows.append(
            _keep(
                EXPERT_COLUMNS,
                [
                    e.pk,
                    e.full_name,
                    _label(AcademicTitle.choices, e.academic_title) if e.academic_title else "",
                    _label(Degree.choices, e.degree) if e.degree else "",
                    e.position,
                    e.organisation_name,
                    e.unit.full_name if e.unit else "",
                    _label(ScienceField.choices, e.field) if e.field else "",
                    " ".join(subfield_codes(e.subfields)),
                    e.keywords,
                    e.profile,
                    e.publications,
                    e.patents,
                    e.languages,
                    _label(Availability.choices, e.availability),
                    e.email,
                    e.phone,
                    YES if e.public_consent else NO,
                    _label(Expert._meta.get_field("status").choices, e.status),
                ],
                personal=personal,
            )
        )
    if example:
        rows.append(_keep(EXPERT_COLUMNS, EXPERT_EXAMPLE, personal=personal))
    return _sheet(EXPERT_SHEET, columns, rows)


def technologies_workbook(*, technologies: Iterable[Technology], example: bool = False) -> bytes:
    """The technologies (as a list shows them; none and an example row: the template)."""
    rows: list[list[Any]] = [
        [
            t.pk,
            t.title,
            t.summary,
            t.description,
            _label(ScienceField.choices, t.field),
            " ".join(subfield_codes(t.subfields)),
            t.keywords,
            t.maturity,
            t.proven_at,
            t.owner_name,
            _label(TechIpStatus.choices, t.ip_status),
            t.ip_reference,
            t.terms,
            int(t.price_min) if t.price_min is not None else "",
            int(t.price_max) if t.price_max is not None else "",
            t.contact,
            _label(OfferStatus.choices, t.status),
        ]
        for t in technologies
    ]
    if example:
        rows.append(list(TECHNOLOGY_EXAMPLE))
    return _sheet(TECHNOLOGY_SHEET, TECHNOLOGY_COLUMNS, rows)


# -- import -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


class _Bad(Exception):
    def __init__(self, column: str, message: str) -> None:
        self.column, self.message = column, message


class _Rollback(Exception):
    pass


def _read(file: IO[bytes], sheet: str, columns: list[Column], result: ImportResult) -> list[tuple[int, dict[str, str]]]:
    """The filled rows as {header: text} with their row numbers; a wrong layout is one error."""
    wb = workbook_open(file)
    if sheet not in wb.sheetnames:
        result.errors.append(
            RowError(sheet, 0, "", f"Không có trang tính “{sheet}”: hãy dùng tệp mẫu tải từ hệ thống.")
        )
        return []
    rows = sheet_rows(wb, sheet)
    header = [_text(v) for v in next(rows, ())]
    known = {c.header for c in columns}
    missing = [c.header for c in columns if c.required and c.header not in header]
    unknown = [h for h in header if h and h not in known]
    if missing or unknown:
        names = ", ".join(f"“{h}”" for h in missing + unknown)
        result.errors.append(
            RowError(sheet, 1, "", f"Dòng tiêu đề có cột thiếu hoặc lạ ({names}): hãy dùng tệp mẫu tải từ hệ thống.")
        )
        return []
    read = []
    for number, values in enumerate(rows, start=2):
        cells = {h: _text(values[i]) if i < len(values) else "" for i, h in enumerate(header) if h}
        if any(v for h, v in cells.items() if h != "Trạng thái"):
            read.append((number, cells))
    result.rows = len(read)
    return read


def _existing(
    queryset: Any, rows: list[tuple[int, dict[str, str]]], result: ImportResult, sheet: str
) -> dict[int, Any]:
    """The records the rows' "Mã" name, by row number; a code not found (or out of scope) is an error."""
    wanted: dict[int, int] = {}
    for number, cells in rows:
        if cells.get(ID):
            try:
                wanted[number] = int(cells[ID])
            except ValueError:
                result.errors.append(RowError(sheet, number, ID, "Mã phải là số, như trong tệp xuất từ hệ thống."))
    found = {r.pk: r for r in queryset.filter(pk__in=set(wanted.values()))}
    for number, pk in wanted.items():
        if pk not in found:
            result.errors.append(
                RowError(sheet, number, ID, f"Không có bản ghi mã {pk} mà bạn được sửa; để trống mã để thêm mới.")
            )
    return {number: found[pk] for number, pk in wanted.items() if pk in found}


def _choice(cells: dict[str, str], column: str, choices: Any, *, required: bool = False, what: str) -> str:
    text = cells.get(column, "")
    if not text:
        if required:
            raise _Bad(column, f"Ghi {what}.")
        return ""
    labels = _labels(choices)
    by_fold = {fold(label): value for label, value in labels.items()}
    values = {str(v) for v in dict(choices)}
    found = labels.get(text) or by_fold.get(fold(text)) or (text if text in values else None)
    if found is None:
        options = ", ".join(label for label in labels if label)
        raise _Bad(column, f"“{text}” không phải {what} hợp lệ; chọn một trong: {options}.")
    return found


def _yes_no(cells: dict[str, str], column: str) -> bool:
    text = fold(cells.get(column, ""))
    if text not in ("", "co", "khong"):
        raise _Bad(column, "Ghi “Có” hoặc “Không”.")
    return text == "co"


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [(field, message) for field, messages in error.message_dict.items() for message in messages]
    return [("", message) for message in error.messages]


def _save_all(
    result: ImportResult, sheet: str, planned: list[tuple[int, Callable[[], None]]], fields: dict[str, str]
) -> None:
    """Run every planned save in one transaction; undo them all when one is refused."""
    try:
        with transaction.atomic():
            for number, save in planned:
                try:
                    with translation.override("vi"):
                        save()
                except StaleObjectError:
                    result.errors.append(RowError(sheet, number, ID, "Bản ghi vừa được người khác sửa; tải lại tệp."))
                except ValidationError as error:
                    for field, message in _messages(error):
                        result.errors.append(RowError(sheet, number, fields.get(field, ""), message))
                except PermissionDenied:
                    result.errors.append(RowError(sheet, number, "", "Bạn không có quyền sửa bản ghi này."))
            if result.errors:
                raise _Rollback
            result.saved = len(planned)
    except _Rollback:
        result.saved = 0


class _Units:
    """Provinces and communes in force, by code and by folded name, read once per import."""

    def __init__(self) -> None:
        self.units = list(units_current())

    def get(self, text: str, column: str) -> Any:
        if not text:
            return None
        folded = fold(text)
        found = [u for u in self.units if u.code == text] or [
            u for u in self.units if folded in (u.name_folded, fold(u.name), fold(u.full_name))
        ]
        if not found:
            raise _Bad(column, f"Không có đơn vị hành chính “{text}”: ghi đúng tên hoặc mã tỉnh, xã/phường.")
        if len(found) > 1:
            raise _Bad(column, f"Có nhiều đơn vị tên “{text}”: ghi mã của đơn vị thay cho tên.")
        return found[0]


def _expert_values(cells: dict[str, str], units: _Units, personal_columns: bool) -> dict[str, Any]:
    col = EXPERT_FIELDS
    if not cells.get(col["full_name"]):
        raise _Bad(col["full_name"], "Ghi họ và tên.")
    values: dict[str, Any] = {
        "full_name": cells[col["full_name"]],
        "academic_title": _choice(cells, col["academic_title"], AcademicTitle.choices, what="học hàm"),
        "degree": _choice(cells, col["degree"], Degree.choices, what="học vị"),
        "position": cells.get(col["position"], ""),
        "organisation_name": cells.get(col["organisation_name"], ""),
        "unit": units.get(cells.get(col["unit"], ""), col["unit"]),
        "field": _choice(cells, col["field"], ScienceField.choices, required=True, what="nhóm lĩnh vực"),
        "subfields": cells.get(col["subfields"], ""),
        "keywords": cells.get(col["keywords"], ""),
        "profile": cells.get(col["profile"], ""),
        "publications": cells.get(col["publications"], ""),
        "patents": cells.get(col["patents"], ""),
        "languages": cells.get(col["languages"], ""),
        "availability": _choice(cells, col["availability"], Availability.choices, what="khả năng tham gia")
        or Availability.AVAILABLE,
        "public_consent": _yes_no(cells, col["public_consent"]),
    }
    if personal_columns:
        for name in ("email", "phone"):
            if col[name] in cells:  # an export without personal data keeps the stored value
                values[name] = cells[col[name]]
    return values


def _expert_save(user: Any, expert: Expert | None, values: dict[str, Any]) -> Callable[[], None]:
    def save() -> None:
        if expert is None:
            services.expert_create(user=user, **values)
            return
        subfields = services.subfields_clean(values.pop("subfields"))
        for name, value in values.items():
            setattr(expert, name, value)
        expert.subfields = subfields
        services.expert_update(user=user, expert=expert, expected_version=None)

    return save


@import_guarded
def experts_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Create or update experts from the workbook (the Department only), all or nothing."""
    result = ImportResult()
    if not user.has_perm("experts.import_experts"):
        raise PermissionDenied
    rows = _read(file, EXPERT_SHEET, EXPERT_COLUMNS, result)
    if result.errors:
        return result
    units = _Units()
    existing = _existing(visible(Expert.objects.all(), user, action="change"), rows, result, EXPERT_SHEET)
    planned: list[tuple[int, Callable[[], None]]] = []
    for number, cells in rows:
        try:
            values = _expert_values(cells, units, personal_columns=True)
        except _Bad as bad:
            result.errors.append(RowError(EXPERT_SHEET, number, bad.column, bad.message))
            continue
        if cells.get(ID) and number not in existing:
            continue  # already reported by _existing
        planned.append((number, _expert_save(user, existing.get(number), values)))
    # Rows read well are still tried (and undone), so the services' refusals are listed too.
    _save_all(result, EXPERT_SHEET, planned, EXPERT_FIELDS)
    result.errors.sort(key=lambda e: e.row)
    return result


def _money(cells: dict[str, str], column: str) -> Decimal | None:
    text = cells.get(column, "").replace(".", "").replace(",", "").replace(" ", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Bad(column, "Ghi số tiền bằng chữ số, như 50000000.") from None
    if value < 0:
        raise _Bad(column, "Số tiền không được âm.")
    return value


def _technology_values(cells: dict[str, str]) -> dict[str, Any]:
    col = TECHNOLOGY_FIELDS
    for name in ("title", "summary"):
        if not cells.get(col[name]):
            raise _Bad(col[name], f"Ghi {col[name].lower()}.")
    maturity_text = cells.get(col["maturity"], "")
    if maturity_text not in {str(v) for v in Maturity.values}:
        raise _Bad(col["maturity"], "Ghi mức độ sẵn sàng là một số từ 1 đến 9.")
    price_min, price_max = _money(cells, col["price_min"]), _money(cells, col["price_max"])
    if price_min is not None and price_max is not None and price_min > price_max:
        raise _Bad(col["price_max"], "Giá đến phải lớn hơn hoặc bằng giá từ.")
    return {
        "title": cells[col["title"]],
        "summary": cells[col["summary"]],
        "description": cells.get(col["description"], ""),
        "field": _choice(cells, col["field"], ScienceField.choices, required=True, what="nhóm lĩnh vực"),
        "subfields": services.subfields_clean(cells.get(col["subfields"], "")),
        "keywords": services.keywords_clean(cells.get(col["keywords"], "")),
        "maturity": int(maturity_text),
        "proven_at": cells.get(col["proven_at"], ""),
        "owner_name": cells.get(col["owner_name"], ""),
        "ip_status": _choice(cells, col["ip_status"], TechIpStatus.choices, what="tình trạng sở hữu trí tuệ")
        or TechIpStatus.NONE,
        "ip_reference": cells.get(col["ip_reference"], ""),
        "terms": cells.get(col["terms"], ""),
        "price_min": price_min,
        "price_max": price_max,
        "contact": cells.get(col["contact"], ""),
    }


def _technology_save(user: Any, technology: Technology | None, values: dict[str, Any]) -> Callable[[], None]:
    # TODO(#15): call the technology services of views/technologies.py once they land, so
    # that the import and the pages refuse the same things.
    def save() -> None:
        record = technology or Technology(status=OfferStatus.DRAFT, created_by=user)
        for name, value in values.items():
            setattr(record, name, value)
        if technology is not None:
            record.version += 1
        record.updated_by = user
        attribute_to(record, user)
        record.full_clean()
        record.save()

    return save


@import_guarded
def technologies_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Create or update technology offers from the workbook (the Department only), all or
    nothing; new offers are drafts the Department then reviews and publishes."""
    result = ImportResult()
    if not user.has_perm("experts.import_technologies"):
        raise PermissionDenied
    rows = _read(file, TECHNOLOGY_SHEET, TECHNOLOGY_COLUMNS, result)
    if result.errors:
        return result
    existing = _existing(visible(Technology.objects.all(), user, action="change"), rows, result, TECHNOLOGY_SHEET)
    planned: list[tuple[int, Callable[[], None]]] = []
    for number, cells in rows:
        try:
            values = _technology_values(cells)
        except _Bad as bad:
            result.errors.append(RowError(TECHNOLOGY_SHEET, number, bad.column, bad.message))
            continue
        except ValidationError as error:
            for _field, message in _messages(error):
                result.errors.append(RowError(TECHNOLOGY_SHEET, number, TECHNOLOGY_FIELDS["subfields"], message))
            continue
        if cells.get(ID) and number not in existing:
            continue
        planned.append((number, _technology_save(user, existing.get(number), values)))
    _save_all(result, TECHNOLOGY_SHEET, planned, TECHNOLOGY_FIELDS)
    result.errors.sort(key=lambda e: e.row)
    return result
