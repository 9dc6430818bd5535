"""The .xlsx imports of instrument kinds, conformity announcements and laboratories: a good
file saves every row, a bad one reports each bad row and saves nothing, rows outside the
caller's scope are refused, and the template has the headers the import reads."""

from datetime import date

import pytest

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.geo.tests.factories import OrganisationFactory
from khcn.metrology.models import Announcement, AnnouncementKind, Instrument, InstrumentKind, Laboratory
from khcn.metrology.registers import REGISTERS
from khcn.registers.tests.workbooks import header_row, xlsx

pytestmark = pytest.mark.django_db

KINDS = ["Tên loại phương tiện đo", "Chu kỳ kiểm định (tháng)", "Căn cứ pháp lý, ghi chú"]
ANNOUNCEMENTS = [
    "Số tiếp nhận",
    "Ngày tiếp nhận",
    "Tổ chức công bố",
    "Xã/phường",
    "Loại công bố",
    "Sản phẩm, hàng hóa, dịch vụ",
    "Tiêu chuẩn, quy chuẩn",
]
LABS = [
    "Tên phòng thử nghiệm, hiệu chuẩn",
    "Tổ chức",
    "Xã/phường",
    "Lĩnh vực thử nghiệm, hiệu chuẩn",
    "Số hiệu công nhận",
    "Ngày hết hạn công nhận",
    "Năng lực, nhu cầu đầu tư",
]


@pytest.fixture
def company(ward_a):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(unit=ward_a, name="Công ty Cổ phần Gạch Mê Linh", tax_code="0101234567")


@pytest.fixture
def other_company(ward_b):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(unit=ward_b, name="Công ty TNHH Quang Minh", tax_code="0107654321")


def test_good_kinds_file_creates_every_row(dept_officer):  # type: ignore[no-untyped-def]
    file = xlsx("Loại phương tiện đo", [KINDS, ["Công tơ điện", 60, "Thông tư 24/2013"], ["Cân bàn", 12, None]])
    result = REGISTERS["kinds"].importer(user=dept_officer, file=file)  # type: ignore[misc]
    assert result.ok and result.saved == 2
    assert InstrumentKind.objects.get(name="Công tơ điện").cycle_months == 60


def test_good_announcements_file_takes_tax_code_and_vietnamese_label(dept_officer, company, ward_a):  # type: ignore[no-untyped-def]
    rows = [
        ANNOUNCEMENTS,
        ["12/TN-2026", date(2026, 3, 2), "0101234567", "mê linh", "Hợp quy", "Gạch bê tông", "QCVN 16:2019/BXD"],
        ["13/TN-2026", "05/03/2026", company.name, "Mê Linh", "standard", "Gạch ốp lát", "TCVN 7745:2007"],
    ]
    result = REGISTERS["announcements"].importer(user=dept_officer, file=xlsx("Công bố", rows))  # type: ignore[misc]
    assert result.ok and result.saved == 2
    first = Announcement.objects.get(number="12/TN-2026")
    assert (first.organisation, first.unit, first.kind) == (company, ward_a, AnnouncementKind.REGULATION)
    assert first.received_on == date(2026, 3, 2)
    assert Announcement.objects.get(number="13/TN-2026").kind == AnnouncementKind.STANDARD


def test_good_laboratories_file_creates_every_row(dept_officer, company):  # type: ignore[no-untyped-def]
    rows = [
        LABS,
        ["Phòng thử nghiệm VLXD", company.tax_code, "Mê Linh", "Vật liệu xây dựng", "VILAS 123", "01/01/2028"],
    ]
    result = REGISTERS["laboratories"].importer(user=dept_officer, file=xlsx("Phòng thử nghiệm", rows))  # type: ignore[misc]
    assert result.ok and result.saved == 1
    assert Laboratory.objects.get().accreditation_expires_on == date(2028, 1, 1)


def test_bad_rows_are_each_reported_and_nothing_saved(dept_officer, company):  # type: ignore[no-untyped-def]
    rows = [
        ANNOUNCEMENTS,
        ["1/TN", "02/03/2026", company.tax_code, "Mê Linh", "Hợp quy", "Gạch", "QCVN 16"],  # good
        ["2/TN", "31/02/2026", company.tax_code, "Mê Linh", "Hợp quy", "Gạch", "QCVN 16"],  # no such day
        ["3/TN", "02/03/2026", "Công ty Không Có", "Mê Linh", "Hợp quy", "Gạch", "QCVN 16"],
        ["4/TN", "02/03/2026", company.tax_code, "Mê Linh", "hợp lệ", "Gạch", "QCVN 16"],
        ["5/TN", "02/03/2026", company.tax_code, "Mê Linh", "Hợp quy", "", "QCVN 16"],
    ]
    result = REGISTERS["announcements"].importer(user=dept_officer, file=xlsx("Công bố", rows))  # type: ignore[misc]
    by_row = {e.row: e for e in result.errors}
    assert sorted(by_row) == [3, 4, 5, 6]
    assert by_row[3].column == "Ngày tiếp nhận"
    assert by_row[4].column == "Tổ chức công bố" and "Công ty Không Có" in by_row[4].message
    assert by_row[5].column == "Loại công bố" and "hợp quy" in by_row[5].message.lower()
    assert by_row[6].column == "Sản phẩm, hàng hóa, dịch vụ"
    assert result.saved == 0 and not Announcement.objects.exists()


def test_a_row_the_service_refuses_undoes_the_rows_before_it(dept_officer):  # type: ignore[no-untyped-def]
    InstrumentKind.objects.create(name="Cân bàn", cycle_months=12)
    file = xlsx("Loại phương tiện đo", [KINDS, ["Đồng hồ nước", 60, ""], ["Cân bàn", 24, ""]])
    result = REGISTERS["kinds"].importer(user=dept_officer, file=file)  # type: ignore[misc]
    assert [e.row for e in result.errors] == [3]
    assert not InstrumentKind.objects.filter(name="Đồng hồ nước").exists()


def test_rows_of_another_commune_or_organisation_are_refused(ward_a, company, other_company):  # type: ignore[no-untyped-def]
    officer = make_user("dept_a", Role.DEPARTMENT_OFFICER, unit=ward_a)
    rows = [
        LABS,
        ["Phòng A", company.tax_code, "Mê Linh", "Điện"],  # in scope
        ["Phòng B", other_company.tax_code, "Mê Linh", "Điện"],  # organisation of Quang Minh
        ["Phòng C", company.tax_code, "Quang Minh", "Điện"],  # commune outside the grant
    ]
    result = REGISTERS["laboratories"].importer(user=officer, file=xlsx("Phòng thử nghiệm", rows))  # type: ignore[misc]
    assert {(e.row, e.column) for e in result.errors} == {(3, "Tổ chức"), (4, "Xã/phường")}
    assert not Laboratory.objects.exists()


def test_commune_officer_cannot_open_or_post_the_import(client, officer_a):  # type: ignore[no-untyped-def]
    client.force_login(officer_a)
    assert client.get("/metrology/laboratories/import/").status_code == 403
    file = xlsx("Phòng thử nghiệm", [LABS, ["Phòng A", "x", "Mê Linh", "Điện"]])
    assert client.post("/metrology/laboratories/import/", {"file": file}).status_code == 403
    assert "/metrology/laboratories/import/" not in client.get("/metrology/laboratories/").content.decode()
    assert not Laboratory.objects.exists()


@pytest.mark.parametrize(
    ("kind", "sheet", "headers"),
    [
        ("kinds", "Loại phương tiện đo", KINDS),
        ("announcements", "Công bố", ANNOUNCEMENTS),
        ("laboratories", "Phòng thử nghiệm", LABS),
    ],
)
def test_list_links_the_import_and_the_template_has_the_headers(client, dept_officer, kind, sheet, headers):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    assert f"/metrology/{kind}/import/" in client.get(f"/metrology/{kind}/").content.decode()
    response = client.get(f"/metrology/{kind}/import/template/")
    assert response.status_code == 200
    assert header_row(response.content, sheet) == headers


def test_the_import_page_reports_the_bad_row_with_status_422(client, dept_officer):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    file = xlsx("Loại phương tiện đo", [KINDS, ["Công tơ điện", "mười", ""]])
    response = client.post("/metrology/kinds/import/", {"file": file})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nhập từ Excel: Loại phương tiện đo" in body and "Chu kỳ kiểm định (tháng)" in body
    assert not InstrumentKind.objects.exists()


def test_a_filled_template_imports_back(dept_officer, company):  # type: ignore[no-untyped-def]
    """The downloaded template names the sheet the import reads (it used to be "Sheet")."""
    from io import BytesIO

    from openpyxl import load_workbook

    InstrumentKind.objects.create(name="Cột đo xăng dầu", cycle_months=12)
    wb = load_workbook(BytesIO(REGISTERS["instruments"].template()))  # type: ignore[misc]
    wb["Phương tiện đo"].append(["Cột đo xăng dầu", "Tatsuno", "CD-7", company.tax_code, "Mê Linh", "", "Đang sử dụng"])
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = REGISTERS["instruments"].importer(user=dept_officer, file=buffer)  # type: ignore[misc]
    assert result.ok and result.saved == 1
    assert Instrument.objects.get().serial == "CD-7"


def test_verifications_import_with_the_result_in_vietnamese(dept_officer, company, ward_a):  # type: ignore[no-untyped-def]
    from khcn.metrology.models import Result, Verification

    kind = InstrumentKind.objects.create(name="Cân bàn", cycle_months=12)
    instrument = Instrument.objects.create(kind=kind, serial="CB-9", organisation=company, unit=ward_a)
    headers = ["Số sản xuất", "Ngày kiểm định", "Đơn vị kiểm định", "Kết quả", "Số tem, giấy chứng nhận"]
    rows = [headers, ["CB-9", "15/03/2026", "Trung tâm Kỹ thuật TĐC", "Đạt", "T-1"]]
    result = REGISTERS["verifications"].importer(user=dept_officer, file=xlsx("Kiểm định", rows))  # type: ignore[misc]
    assert result.ok and result.saved == 1
    verification = Verification.objects.get()
    assert (verification.instrument, verification.result) == (instrument, Result.PASS)
    assert verification.next_due_on == date(2027, 3, 15)
