"""Import of producers and products from .xlsx: all or nothing, every bad row named, and an
export that imports back unchanged."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from khcn.products import catalogue_excel
from khcn.products.models import Producer, Product
from khcn.products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def workbook(sheet: str, rows: list[list]) -> SimpleUploadedFile:
    """The template downloaded from the system, filled with `rows` (header first)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


PRODUCER_HEADER = [c.header for c in catalogue_excel.PRODUCER_COLUMNS]


def producer_row(name="HTX Đông Cao", kind="Hợp tác xã", code="", commune="Mê Linh", **extra) -> list:
    row = {h: "" for h in PRODUCER_HEADER}
    row.update({"Tên chủ thể": name, "Loại hình": kind, catalogue_excel.CODE: code, catalogue_excel.COMMUNE: commune})
    row.update(extra)
    return [row[h] for h in PRODUCER_HEADER]


def test_producers_import_by_commune_name_or_code(officer_a, ward_a):
    upload = workbook(
        catalogue_excel.PRODUCER_SHEET,
        [
            PRODUCER_HEADER,
            producer_row(),
            producer_row(name="Hộ kinh doanh Hoa Đào", kind="Hộ kinh doanh", code=ward_a.code, commune=""),
        ],
    )
    result = catalogue_excel.producers_import(user=officer_a, file=upload)
    assert result.ok, result.errors
    assert result.saved == 2
    assert set(Producer.objects.values_list("unit", flat=True)) == {ward_a.pk}


def test_one_bad_row_saves_nothing_and_every_bad_row_is_named(officer_a, ward_a, ward_b):
    upload = workbook(
        catalogue_excel.PRODUCER_SHEET,
        [
            PRODUCER_HEADER,
            producer_row(),
            producer_row(name="HTX Quang Minh", commune="Quang Minh"),  # another commune: row 3
            producer_row(name="HTX lạ", kind="Công ty ma"),  # no such kind: row 4
            producer_row(name="HTX thư", **{"Email người đại diện": "khong-phai-email"}),  # row 5
        ],
    )
    result = catalogue_excel.producers_import(user=officer_a, file=upload)
    assert not result.ok and result.saved == 0
    assert [(e.row, e.column) for e in result.errors] == [
        (3, catalogue_excel.COMMUNE),
        (4, "Loại hình"),
        (5, "Email người đại diện"),
    ]
    assert "Quang Minh" in result.errors[0].message and "phạm vi" in result.errors[0].message
    assert not Producer.objects.exists()


def test_products_import_names_producers_and_checks_gtin(officer_a, ward_a):
    ProducerFactory.create(unit=ward_a, name="HTX Đông Cao")
    header = [c.header for c in catalogue_excel.PRODUCT_COLUMNS]

    def row(name, gtin="", producers="HTX Đông Cao"):
        values = {h: "" for h in header}
        values.update(
            {
                "Tên sản phẩm": name,
                "Nhóm sản phẩm": "Thực phẩm",
                catalogue_excel.COMMUNE: "Xã Mê Linh",
                "Chủ thể sản xuất (cách nhau bởi ;)": producers,
                "GTIN": gtin,
            }
        )
        return [values[h] for h in header]

    bad = workbook(
        catalogue_excel.PRODUCT_SHEET,
        [header, row("Bưởi đỏ"), row("Rau an toàn", gtin="8930000000001"), row("Hoa đào", producers="HTX không có")],
    )
    result = catalogue_excel.products_import(user=officer_a, file=bad)
    assert [(e.row, e.column) for e in result.errors] == [(3, "GTIN"), (4, "Chủ thể sản xuất (cách nhau bởi ;)")]
    assert not Product.objects.exists()
    good = workbook(catalogue_excel.PRODUCT_SHEET, [header, row("Bưởi đỏ"), row("Rau an toàn", gtin="8934567890120")])
    result = catalogue_excel.products_import(user=officer_a, file=good)
    assert result.ok and result.saved == 2
    assert Product.objects.get(name="Bưởi đỏ").producers.get().name == "HTX Đông Cao"


def test_export_imports_back_unchanged(client, officer_a, ward_a):
    producer = ProducerFactory.create(unit=ward_a, name='=HYPERLINK("x")', address="+84 thôn Đông", members=25)
    product = ProductFactory.create(unit=ward_a, name="Bưởi đỏ", gtin="8934567890120", season="-Tháng 11")
    product.producers.set([producer])
    client.force_login(officer_a)
    exported = client.get("/products/producers/", {"export": "xlsx"}).content
    cell = load_workbook(BytesIO(exported)).active.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'  # text, never a formula
    before = list(Producer.objects.values())
    result = catalogue_excel.producers_import(user=officer_a, file=SimpleUploadedFile("p.xlsx", exported))
    assert result.ok, result.errors
    after = list(Producer.objects.values())
    ignore = {"version", "updated_at", "updated_by_id"}
    assert [{k: v for k, v in r.items() if k not in ignore} for r in after] == [
        {k: v for k, v in r.items() if k not in ignore} for r in before
    ]
    exported = client.get("/products/", {"export": "xlsx"}).content
    result = catalogue_excel.products_import(user=officer_a, file=SimpleUploadedFile("s.xlsx", exported))
    assert result.ok, result.errors
    product.refresh_from_db()
    assert (product.name, product.gtin, product.season) == ("Bưởi đỏ", "08934567890120", "-Tháng 11")
    assert Product.objects.count() == 1 and list(product.producers.all()) == [producer]


def test_import_page_lists_the_errors(client, officer_a, ward_a):
    client.force_login(officer_a)
    assert client.get("/products/import/").status_code == 200
    template = client.get("/products/import/", {"template": "producers"})
    assert load_workbook(BytesIO(template.content)).active.cell(row=1, column=2).value == "Tên chủ thể"
    upload = workbook(catalogue_excel.PRODUCER_SHEET, [PRODUCER_HEADER, producer_row(kind="")])
    response = client.post("/products/import/", {"kind": "producers", "file": upload})
    assert response.status_code == 422
    assert "Loại hình" in response.content.decode()
    upload = workbook(catalogue_excel.PRODUCER_SHEET, [PRODUCER_HEADER, producer_row()])
    response = client.post("/products/import/", {"kind": "producers", "file": upload})
    assert response.status_code == 200 and Producer.objects.count() == 1
