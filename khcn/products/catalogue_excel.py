"""Producers and products to and from .xlsx, in one set of columns: a list exported from its
page imports back, and the template to fill is the same sheet with no rows.

The import is all or nothing (khcn.core.imports): every row is read and checked with the
same services as the pages; every bad row is listed with its number, column and reason in
Vietnamese, and nothing is saved while there is one. A row with a "Mã" (the record's id, as
exported) updates that record; a row without one creates a record. The commune is given by
its official code or by its name; the workbook is always in Vietnamese.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from khcn.accounts.scoping import visible
from khcn.core.concurrency import StaleObjectError
from khcn.core.exports import workbook_bytes, workbook_new
from khcn.core.imports import ImportResult, RowError, import_guarded, sheet_rows, workbook_open
from khcn.core.text import fold, nfc
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.products.models import Producer, ProducerKind, Product, ProductCategory
from khcn.products.services import catalogue as services


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 18
    personal: bool = False  # written and read only for those entitled to personal data
    required: bool = False


ID = "Mã"
CODE, COMMUNE, FORMER = "Mã xã/phường", "Xã/phường", "Xã/phường cũ (trước 01/7/2025)"
PRODUCER_SHEET, PRODUCT_SHEET = "Chủ thể sản xuất", "Sản phẩm"

PRODUCER_COLUMNS = [
    Column(ID, 8),
    Column("Tên chủ thể", 40, required=True),
    Column("Loại hình", 20, required=True),
    Column(CODE, 12),
    Column(COMMUNE, 24),
    Column(FORMER, 24),
    Column("Địa chỉ", 36),
    Column("Mã số doanh nghiệp/HTX", 16),
    Column("Điện thoại cơ sở", 14),
    Column("Website", 24),
    Column("Công khai địa chỉ, điện thoại (Có/Không)", 14),
    Column("Số thành viên/hộ", 10),
    Column("Người đại diện", 24, personal=True),
    Column("Điện thoại người đại diện", 14, personal=True),
    Column("Email người đại diện", 24, personal=True),
]
PRODUCT_COLUMNS = [
    Column(ID, 8),
    Column("Tên sản phẩm", 40, required=True),
    Column("Nhóm sản phẩm", 24, required=True),
    Column(CODE, 12),
    Column(COMMUNE, 24),
    Column(FORMER, 24),
    Column("Chủ thể sản xuất (cách nhau bởi ;)", 40),
    Column("Mô tả", 50),
    Column("Mùa vụ", 20),
    Column("Làng nghề", 20),
    Column("GTIN", 16),
    Column("Dự án hỗ trợ", 30),
]
YES, NO = "Có", "Không"


def _labels(choices: Any) -> dict[str, str]:
    with translation.override("vi"):
        return {str(label): value for value, label in choices}


def _columns(columns: list[Column], *, personal: bool) -> list[Column]:
    return [c for c in columns if personal or not c.personal]


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


def producers_workbook(*, producers: Iterable[Producer], personal: bool) -> bytes:
    """The producers (as the list shows them, or none: the template) in the import's columns."""
    columns = _columns(PRODUCER_COLUMNS, personal=personal)
    with translation.override("vi"):
        rows = [
            [
                p.pk,
                p.name,
                str(p.get_kind_display()),
                p.unit.code,
                p.unit.full_name,
                p.former_unit.full_name if p.former_unit else "",
                p.address,
                p.business_code,
                p.phone,
                p.website,
                YES if p.publish_contact else NO,
                p.members,
                *([p.representative, p.representative_phone, p.representative_email] if personal else []),
            ]
            for p in producers
        ]
    return _sheet(PRODUCER_SHEET, columns, rows)


def products_workbook(*, products: Iterable[Product]) -> bytes:
    """The products (or none: the template) in the import's columns."""
    with translation.override("vi"):
        rows = [
            [
                p.pk,
                p.name,
                str(p.get_category_display()),
                p.unit.code,
                p.unit.full_name,
                p.former_unit.full_name if p.former_unit else "",
                "; ".join(producer.name for producer in p.producers.all()),
                p.description,
                p.season,
                p.craft_village,
                p.gtin,
                p.support_note,
            ]
            for p in products
        ]
    return _sheet(PRODUCT_SHEET, PRODUCT_COLUMNS, rows)


# -- import -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


class _Bad(Exception):
    def __init__(self, column: str, message: str) -> None:
        self.column, self.message = column, message


class _Units:
    """Communes by code and by folded name, read once per import (today's, and the former ones)."""

    def __init__(self, user: Any) -> None:
        today = timezone.localdate()
        current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        self.current = list(visible(AdminUnit.objects.filter(current, level=UnitLevel.COMMUNE), user, action="change"))
        # Not limited to the scope: a commune formed in 2025 names communes of former districts.
        self.former = list(AdminUnit.objects.filter(valid_to__lt=today).exclude(level=UnitLevel.PROVINCE))

    @staticmethod
    def _find(units: list[AdminUnit], text: str, column: str, what: str) -> AdminUnit:
        folded = fold(text)
        found = [u for u in units if u.code == text] or [u for u in units if folded in (u.name_folded, fold(u.name))]
        if not found:
            raise _Bad(column, f"Không có {what} “{text}” trong phạm vi của bạn: ghi đúng mã hoặc tên.")
        if len(found) > 1:
            raise _Bad(column, f"Có nhiều {what} tên “{text}”: ghi mã của đơn vị thay cho tên.")
        return found[0]

    def unit(self, cells: dict[str, str]) -> AdminUnit:
        if cells.get(CODE):
            return self._find(self.current, cells[CODE], CODE, "xã/phường")
        if cells.get(COMMUNE):
            return self._find(self.current, cells[COMMUNE], COMMUNE, "xã/phường")
        raise _Bad(COMMUNE, "Ghi mã hoặc tên xã/phường.")

    def former_unit(self, cells: dict[str, str]) -> AdminUnit | None:
        if not cells.get(FORMER):
            return None
        return self._find(self.former, cells[FORMER], FORMER, "đơn vị cũ")


def _read(file: IO[bytes], sheet: str, columns: list[Column], result: ImportResult) -> list[tuple[int, dict[str, str]]]:
    """The filled rows as {header: text}, with their row numbers; problems of the layout added."""
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
        if any(cells.values()):
            read.append((number, cells))
    result.rows = len(read)
    return read


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [(field, message) for field, messages in error.message_dict.items() for message in messages]
    return [("", message) for message in error.messages]


def _save_all(
    result: ImportResult, sheet: str, planned: list[tuple[int, Any]], columns_by_field: dict[str, str]
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
                        result.errors.append(RowError(sheet, number, columns_by_field.get(field, ""), message))
                except PermissionDenied:
                    result.errors.append(RowError(sheet, number, "", "Bạn không có quyền sửa bản ghi này."))
            if result.errors:
                raise _Rollback
            result.saved = len(planned)
    except _Rollback:
        result.saved = 0


class _Rollback(Exception):
    pass


PRODUCER_FIELDS = {
    "name": "Tên chủ thể",
    "kind": "Loại hình",
    "unit": COMMUNE,
    "former_unit": FORMER,
    "address": "Địa chỉ",
    "business_code": "Mã số doanh nghiệp/HTX",
    "phone": "Điện thoại cơ sở",
    "website": "Website",
    "members": "Số thành viên/hộ",
    "representative": "Người đại diện",
    "representative_phone": "Điện thoại người đại diện",
    "representative_email": "Email người đại diện",
}


@import_guarded
def producers_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Create or update producers from the workbook, all or nothing."""
    result = ImportResult()
    if not user.has_perm("products.import_products"):
        raise PermissionDenied
    rows = _read(file, PRODUCER_SHEET, PRODUCER_COLUMNS, result)
    if result.errors:
        return result
    units, kinds = _Units(user), _labels(ProducerKind.choices)
    existing = _existing(
        visible(Producer.objects.select_related("unit"), user, action="change"), rows, result, PRODUCER_SHEET
    )
    planned: list[tuple[int, Any]] = []
    for number, cells in rows:
        try:
            values = _producer_values(cells, units, kinds)
        except _Bad as bad:
            result.errors.append(RowError(PRODUCER_SHEET, number, bad.column, bad.message))
            continue
        producer = existing.get(number)
        if cells.get(ID) and producer is None:
            continue  # already reported by _existing
        planned.append((number, _producer_save(user, producer, values)))
    # Rows read well are still tried (and undone), so the services' refusals are listed too.
    _save_all(result, PRODUCER_SHEET, planned, PRODUCER_FIELDS)
    result.errors.sort(key=lambda e: e.row)
    return result


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


def _producer_values(cells: dict[str, str], units: _Units, kinds: dict[str, str]) -> dict[str, Any]:
    kind_text = cells.get("Loại hình", "")
    kind = kinds.get(kind_text) or (kind_text if kind_text in ProducerKind.values else "")
    if not kind:
        raise _Bad("Loại hình", f"“{kind_text}” không phải loại hình; chọn: {', '.join(kinds)}.")
    if not cells.get("Tên chủ thể"):
        raise _Bad("Tên chủ thể", "Ghi tên chủ thể.")
    members_text = cells.get("Số thành viên/hộ", "")
    try:
        members = int(members_text) if members_text else None
    except ValueError:
        raise _Bad("Số thành viên/hộ", "Số thành viên/hộ phải là số nguyên.") from None
    publish_text = cells.get("Công khai địa chỉ, điện thoại (Có/Không)", "")
    if publish_text and fold(publish_text) not in ("co", "khong"):
        raise _Bad("Công khai địa chỉ, điện thoại (Có/Không)", "Ghi “Có” hoặc “Không”.")
    values = {
        "name": cells["Tên chủ thể"],
        "kind": kind,
        "unit": units.unit(cells),
        "former_unit": units.former_unit(cells),
        "address": cells.get("Địa chỉ", ""),
        "business_code": cells.get("Mã số doanh nghiệp/HTX", ""),
        "phone": cells.get("Điện thoại cơ sở", ""),
        "website": cells.get("Website", ""),
        "publish_contact": fold(publish_text) == "co",
        "members": members,
    }
    for field in ("representative", "representative_phone", "representative_email"):
        if PRODUCER_FIELDS[field] in cells:  # a column absent (an export without personal data) keeps the value
            values[field] = cells[PRODUCER_FIELDS[field]]
    return values


def _producer_save(user: Any, producer: Producer | None, values: dict[str, Any]) -> Any:
    def save() -> None:
        if producer is None:
            services.producer_create(user=user, **values)
            return
        for field, value in values.items():
            setattr(producer, field, value)
        services.producer_update(user=user, producer=producer, expected_version=None)

    return save


PRODUCT_FIELDS = {
    "name": "Tên sản phẩm",
    "category": "Nhóm sản phẩm",
    "unit": COMMUNE,
    "former_unit": FORMER,
    "producers": "Chủ thể sản xuất (cách nhau bởi ;)",
    "description": "Mô tả",
    "season": "Mùa vụ",
    "craft_village": "Làng nghề",
    "gtin": "GTIN",
    "support_note": "Dự án hỗ trợ",
}


@import_guarded
def products_import(*, user: Any, file: IO[bytes]) -> ImportResult:
    """Create or update products from the workbook, all or nothing; producers named by name."""
    result = ImportResult()
    if not user.has_perm("products.import_products"):
        raise PermissionDenied
    rows = _read(file, PRODUCT_SHEET, PRODUCT_COLUMNS, result)
    if result.errors:
        return result
    units, categories = _Units(user), _labels(ProductCategory.choices)
    producers_by_name: dict[str, list[Producer]] = {}
    for producer in visible(Producer.objects.all(), user):
        producers_by_name.setdefault(producer.name_folded, []).append(producer)
    existing = _existing(
        visible(Product.objects.select_related("unit"), user, action="change"), rows, result, PRODUCT_SHEET
    )
    planned: list[tuple[int, Any]] = []
    for number, cells in rows:
        try:
            values = _product_values(cells, units, categories, producers_by_name)
        except _Bad as bad:
            result.errors.append(RowError(PRODUCT_SHEET, number, bad.column, bad.message))
            continue
        product = existing.get(number)
        if cells.get(ID) and product is None:
            continue
        planned.append((number, _product_save(user, product, values)))
    _save_all(result, PRODUCT_SHEET, planned, PRODUCT_FIELDS)
    result.errors.sort(key=lambda e: e.row)
    return result


def _product_values(
    cells: dict[str, str], units: _Units, categories: dict[str, str], producers_by_name: dict[str, list[Producer]]
) -> dict[str, Any]:
    category_text = cells.get("Nhóm sản phẩm", "")
    category = categories.get(category_text) or (category_text if category_text in ProductCategory.values else "")
    if not category:
        raise _Bad("Nhóm sản phẩm", f"“{category_text}” không phải nhóm sản phẩm; chọn: {'; '.join(categories)}.")
    if not cells.get("Tên sản phẩm"):
        raise _Bad("Tên sản phẩm", "Ghi tên sản phẩm.")
    column = PRODUCT_FIELDS["producers"]
    producers = []
    for name in filter(None, (n.strip() for n in cells.get(column, "").split(";"))):
        found = producers_by_name.get(fold(name), [])
        if len(found) != 1:
            problem = "Có nhiều chủ thể tên" if found else "Không có chủ thể"
            raise _Bad(
                column, f"{problem} “{name}” trong phạm vi của bạn: nhập chủ thể trước, tên ghi đúng như đã nhập."
            )
        producers.append(found[0])
    gtin = "".join(cells.get("GTIN", "").split())
    return {
        "name": cells["Tên sản phẩm"],
        "category": category,
        "unit": units.unit(cells),
        "former_unit": units.former_unit(cells),
        "producers": producers,
        "description": cells.get("Mô tả", ""),
        "season": cells.get("Mùa vụ", ""),
        "craft_village": cells.get("Làng nghề", ""),
        "gtin": gtin,
        "support_note": cells.get("Dự án hỗ trợ", ""),
    }


def _product_save(user: Any, product: Product | None, values: dict[str, Any]) -> Any:
    def save() -> None:
        producers = values.pop("producers")
        if product is None:
            services.product_create(user=user, producers=producers, **values)
            return
        for field, value in values.items():
            setattr(product, field, value)
        services.product_update(user=user, product=product, expected_version=None, producers=producers)

    return save
