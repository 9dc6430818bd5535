"""The .xlsx imports of inspections and sanction decisions: a good file saves every row, a bad
one reports each bad row and saves nothing, rows outside the caller's scope are refused, and
the template has the headers the import reads."""

from datetime import date

import pytest

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.enforcement.models import Area, Decision, Inspection, InspectionKind
from khcn.enforcement.registers import REGISTERS
from khcn.geo.tests.factories import OrganisationFactory
from khcn.registers.tests.workbooks import header_row, xlsx

pytestmark = pytest.mark.django_db

INSPECTIONS = [
    "Tổ chức được thanh tra, kiểm tra",
    "Xã/phường",
    "Lĩnh vực",
    "Hình thức",
    "Số quyết định thành lập đoàn",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Thành phần đoàn",
    "Kết quả, phát hiện",
]
DECISIONS = [
    "Số quyết định thành lập đoàn",
    "Số quyết định xử phạt",
    "Ngày ban hành",
    "Hành vi vi phạm",
    "Số tiền phạt (đồng)",
    "Biện pháp khắc phục",
    "Hạn khắc phục",
    "Ngày đã khắc phục",
]


@pytest.fixture
def company(ward_a):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(unit=ward_a, name="Cửa hàng xăng dầu Mê Linh", tax_code="0101234567")


@pytest.fixture
def far_company(ward_b):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(unit=ward_b, name="Cửa hàng xăng dầu Quang Minh", tax_code="0107654321")


def _inspection(org, unit, number):  # type: ignore[no-untyped-def]
    return Inspection.objects.create(
        organisation=org, unit=unit, area=Area.METROLOGY, starts_on=date(2026, 2, 10), decision_number=number
    )


def test_good_inspections_file_creates_every_row(dept_officer, company, ward_a):  # type: ignore[no-untyped-def]
    rows = [
        INSPECTIONS,
        [company.tax_code, "Mê Linh", "Đo lường", "Thanh tra", "12/QĐ-TTr", "10/02/2026", "12/02/2026", "Ông A", ""],
        [company.name, "Mê Linh", "radiation", "check", "", date(2026, 3, 1), None, None, "Không vi phạm"],
    ]
    result = REGISTERS["inspections"].importer(user=dept_officer, file=xlsx("Thanh tra, kiểm tra", rows))  # type: ignore[misc]
    assert result.ok and result.saved == 2
    first = Inspection.objects.get(decision_number="12/QĐ-TTr")
    assert (first.organisation, first.unit, first.area, first.kind) == (
        company,
        ward_a,
        Area.METROLOGY,
        InspectionKind.INSPECTION,
    )
    assert Inspection.objects.get(decision_number="").findings == "Không vi phạm"


def test_good_decisions_file_creates_every_row(dept_officer, company, ward_a):  # type: ignore[no-untyped-def]
    inspection = _inspection(company, ward_a, "12/QĐ-TTr")
    rows = [
        DECISIONS,
        ["12/qđ-ttr", "05/QĐ-XPHC", "20/02/2026", "Không kiểm định cột đo", 15_000_000, "Kiểm định lại", "20/03/2026"],
    ]
    result = REGISTERS["decisions"].importer(user=dept_officer, file=xlsx("Quyết định xử phạt", rows))  # type: ignore[misc]
    assert result.ok and result.saved == 1
    decision = Decision.objects.get()
    assert (decision.inspection, decision.fine_vnd, decision.remedy_due_on) == (
        inspection,
        15_000_000,
        date(2026, 3, 20),
    )


def test_bad_rows_are_each_reported_and_nothing_saved(dept_officer, company, ward_a):  # type: ignore[no-untyped-def]
    _inspection(company, ward_a, "12/QĐ-TTr")
    rows = [
        DECISIONS,
        ["12/QĐ-TTr", "1/QĐ-XPHC", "20/02/2026", "Vi phạm", 1_000_000],  # good
        ["99/QĐ-TTr", "2/QĐ-XPHC", "20/02/2026", "Vi phạm", 1_000_000],
        ["12/QĐ-TTr", "3/QĐ-XPHC", "20/02/2026", "Vi phạm", -5],
        ["12/QĐ-TTr", "4/QĐ-XPHC", "", "Vi phạm", 1_000_000],
        ["12/QĐ-TTr", "1/QĐ-XPHC", "20/02/2026", "Trùng số", 1_000_000],  # the number of row 2
    ]
    result = REGISTERS["decisions"].importer(user=dept_officer, file=xlsx("Quyết định xử phạt", rows))  # type: ignore[misc]
    assert {(e.row, e.column) for e in result.errors} >= {
        (3, "Số quyết định thành lập đoàn"),
        (4, "Số tiền phạt (đồng)"),
        (5, "Ngày ban hành"),
    }
    assert {e.row for e in result.errors} == {3, 4, 5, 6}
    assert "99/QĐ-TTr" in next(e.message for e in result.errors if e.row == 3)
    assert result.saved == 0 and not Decision.objects.exists()


def test_rows_of_another_commune_or_organisation_are_refused(ward_a, company, far_company):  # type: ignore[no-untyped-def]
    officer = make_user("dept_a", Role.DEPARTMENT_OFFICER, unit=ward_a)
    rows = [
        INSPECTIONS,
        [company.tax_code, "Mê Linh", "Đo lường", "Kiểm tra", "", "10/02/2026"],
        [far_company.tax_code, "Mê Linh", "Đo lường", "Kiểm tra", "", "10/02/2026"],
        [company.tax_code, "Quang Minh", "Đo lường", "Kiểm tra", "", "10/02/2026"],
    ]
    result = REGISTERS["inspections"].importer(user=officer, file=xlsx("Thanh tra, kiểm tra", rows))  # type: ignore[misc]
    assert {(e.row, e.column) for e in result.errors} == {(3, "Tổ chức được thanh tra, kiểm tra"), (4, "Xã/phường")}
    assert not Inspection.objects.exists()


def test_decision_on_an_inspection_outside_the_scope_is_refused(ward_a, ward_b, far_company):  # type: ignore[no-untyped-def]
    _inspection(far_company, ward_b, "7/QĐ-TTr")
    officer = make_user("dept_a", Role.DEPARTMENT_OFFICER, unit=ward_a)
    rows = [DECISIONS, ["7/QĐ-TTr", "1/QĐ-XPHC", "20/02/2026", "Vi phạm", 1_000_000]]
    result = REGISTERS["decisions"].importer(user=officer, file=xlsx("Quyết định xử phạt", rows))  # type: ignore[misc]
    assert [(e.row, e.column) for e in result.errors] == [(2, "Số quyết định thành lập đoàn")]
    assert not Decision.objects.exists()


def test_commune_officer_cannot_import(client, officer_a, company):  # type: ignore[no-untyped-def]
    client.force_login(officer_a)
    file = xlsx(
        "Thanh tra, kiểm tra", [INSPECTIONS, [company.tax_code, "Mê Linh", "Đo lường", "Kiểm tra", "", "10/02/2026"]]
    )
    assert client.post("/enforcement/inspections/import/", {"file": file}).status_code == 403
    assert "/enforcement/inspections/import/" not in client.get("/enforcement/inspections/").content.decode()
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("kind", "sheet", "headers"),
    [("inspections", "Thanh tra, kiểm tra", INSPECTIONS), ("decisions", "Quyết định xử phạt", DECISIONS)],
)
def test_list_links_the_import_and_the_template_has_the_headers(client, dept_officer, kind, sheet, headers):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    assert f"/enforcement/{kind}/import/" in client.get(f"/enforcement/{kind}/").content.decode()
    response = client.get(f"/enforcement/{kind}/import/template/")
    assert response.status_code == 200
    assert header_row(response.content, sheet) == headers


def test_the_import_page_lists_a_bad_file_in_vietnamese_and_saves_a_good_one(client, dept_officer, company):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    bad = xlsx(
        "Thanh tra, kiểm tra", [INSPECTIONS, [company.tax_code, "Mê Linh", "Hàng không", "Kiểm tra", "", "10/02/2026"]]
    )
    response = client.post("/enforcement/inspections/import/", {"file": bad})
    assert response.status_code == 422
    assert "Ghi một trong các giá trị: Đo lường;" in response.content.decode()
    assert not Inspection.objects.exists()
    file = xlsx(
        "Thanh tra, kiểm tra", [INSPECTIONS, [company.tax_code, "Mê Linh", "Đo lường", "Kiểm tra", "", "10/02/2026"]]
    )
    response = client.post("/enforcement/inspections/import/", {"file": file})
    assert response.status_code == 200
    assert Inspection.objects.get().organisation == company
