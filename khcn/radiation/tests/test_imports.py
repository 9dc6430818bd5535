"""The .xlsx imports of radiation sources and incidents: a good file saves every row, a bad
one reports each bad row and saves nothing, facilities outside the caller's scope are not
found, and the template has the headers the import reads."""

from datetime import date
from decimal import Decimal

import pytest

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.radiation.models import Incident, Severity, Source, SourceKind, SourceStatus
from khcn.radiation.registers import REGISTERS
from khcn.radiation.tests.factories import FacilityFactory
from khcn.registers.tests.workbooks import header_row, xlsx

pytestmark = pytest.mark.django_db

SOURCES = [
    "Cơ sở",
    "Loại",
    "Kiểu, nhãn hiệu",
    "Số sê-ri",
    "Đồng vị",
    "Hoạt độ (GBq)",
    "Điện áp cao nhất (kV)",
    "Dòng cao nhất (mA)",
    "Tình trạng",
]
INCIDENTS = ["Cơ sở", "Ngày xảy ra", "Mức độ", "Mô tả", "Biện pháp đã thực hiện"]


@pytest.fixture
def facility(ward_a):  # type: ignore[no-untyped-def]
    return FacilityFactory.create(name="Phòng X-quang Bệnh viện Mê Linh", organisation__unit=ward_a)


@pytest.fixture
def far_facility(ward_b):  # type: ignore[no-untyped-def]
    return FacilityFactory.create(name="Xưởng chụp ảnh phóng xạ Quang Minh", organisation__unit=ward_b)


def test_good_sources_file_creates_every_row(dept_officer, facility):  # type: ignore[no-untyped-def]
    rows = [
        SOURCES,
        [facility.name, "Thiết bị X-quang", "Shimadzu", "SN-1", None, None, 125, 500, "Đang sử dụng"],
        ["phong x-quang benh vien me linh", "sealed", "Gauge", "SN-2", "Cs-137", 3.7, None, None, "stored"],
    ]
    result = REGISTERS["sources"].importer(user=dept_officer, file=xlsx("Nguồn bức xạ", rows))  # type: ignore[misc]
    assert result.ok and result.saved == 2
    xray, sealed = Source.objects.get(serial="SN-1"), Source.objects.get(serial="SN-2")
    assert (xray.facility, xray.kind, xray.kv_max, xray.status) == (facility, SourceKind.XRAY, 125, SourceStatus.IN_USE)
    assert (sealed.kind, sealed.activity_gbq, sealed.status) == (
        SourceKind.SEALED,
        Decimal("3.700"),
        SourceStatus.STORED,
    )


def test_good_incidents_file_creates_every_row(dept_officer, facility):  # type: ignore[no-untyped-def]
    rows = [INCIDENTS, [facility.name, date(2026, 2, 3), "Nghiêm trọng", "Rò rỉ bức xạ", "Khoanh vùng"]]
    result = REGISTERS["incidents"].importer(user=dept_officer, file=xlsx("Sự cố", rows))  # type: ignore[misc]
    assert result.ok and result.saved == 1
    incident = Incident.objects.get()
    assert (incident.facility, incident.severity, incident.occurred_on) == (
        facility,
        Severity.SERIOUS,
        date(2026, 2, 3),
    )


def test_bad_rows_are_each_reported_and_nothing_saved(dept_officer, facility):  # type: ignore[no-untyped-def]
    rows = [
        SOURCES,
        [facility.name, "xray", "Shimadzu", "SN-1", None, None, 125, None, "in_use"],  # good
        ["Cơ sở không có", "xray", "Shimadzu", "SN-2", None, None, 125, None, "in_use"],
        [facility.name, "tia gamma", "Shimadzu", "SN-3", None, None, 125, None, "in_use"],
        [facility.name, "xray", "Shimadzu", "SN-4", None, None, 99999, None, "in_use"],
        [facility.name, "xray", "", "SN-5", None, None, 125, None, "in_use"],
    ]
    result = REGISTERS["sources"].importer(user=dept_officer, file=xlsx("Nguồn bức xạ", rows))  # type: ignore[misc]
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Cơ sở"),
        (4, "Loại"),
        (5, "Điện áp cao nhất (kV)"),
        (6, "Kiểu, nhãn hiệu"),
    }
    assert "Cơ sở không có" in next(e.message for e in result.errors if e.row == 3)
    assert result.saved == 0 and not Source.objects.exists()


def test_facility_of_another_commune_is_not_found(ward_a, facility, far_facility):  # type: ignore[no-untyped-def]
    officer = make_user("dept_a", Role.DEPARTMENT_OFFICER, unit=ward_a)
    rows = [
        INCIDENTS,
        [facility.name, "03/02/2026", "Nhẹ", "Cửa phòng chụp không khóa", ""],
        [far_facility.name, "03/02/2026", "Nhẹ", "Mất biển cảnh báo", ""],
    ]
    result = REGISTERS["incidents"].importer(user=officer, file=xlsx("Sự cố", rows))  # type: ignore[misc]
    assert [(e.row, e.column) for e in result.errors] == [(3, "Cơ sở")]
    assert not Incident.objects.exists()


def test_commune_officer_cannot_import(client, officer_a, facility):  # type: ignore[no-untyped-def]
    client.force_login(officer_a)
    file = xlsx("Sự cố", [INCIDENTS, [facility.name, "03/02/2026", "Nhẹ", "x", ""]])
    assert client.post("/radiation/incidents/import/", {"file": file}).status_code == 403
    assert client.get("/radiation/incidents/import/template/").status_code == 403
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("kind", "sheet", "headers"), [("sources", "Nguồn bức xạ", SOURCES), ("incidents", "Sự cố", INCIDENTS)]
)
def test_list_links_the_import_and_the_template_has_the_headers(client, dept_officer, kind, sheet, headers):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    assert f"/radiation/{kind}/import/" in client.get(f"/radiation/{kind}/").content.decode()
    response = client.get(f"/radiation/{kind}/import/template/")
    assert response.status_code == 200
    assert header_row(response.content, sheet) == headers
