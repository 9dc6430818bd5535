"""The .xlsx import of technology appraisal dossiers: a good file records every dossier with
its time limit, a bad one reports each bad row and saves nothing, rows outside the caller's
scope (commune or investor) are refused, a commune's officer cannot import, and the template
has the headers the import reads."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.appraisal.excel import appraisals_import
from khcn.appraisal.models import Appraisal, Sector
from khcn.geo.tests.factories import OrganisationFactory
from khcn.registers.tests.workbooks import header_row, xlsx

pytestmark = pytest.mark.django_db
SHEET = "Hồ sơ thẩm định"
HEADERS = [
    "Cơ quan gửi",
    "Số văn bản",
    "Ngày nhận",
    "Tên dự án",
    "Nhà đầu tư",
    "Nhà đầu tư trong danh bạ (mã số thuế hoặc tên)",
    "Xã/phường",
    "Địa chỉ",
    "Vốn đầu tư (triệu đồng)",
    "Lĩnh vực",
    "Công nghệ",
    "Xuất xứ công nghệ",
    "Thiết bị chính",
]


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


@pytest.fixture
def investor(ward_a):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(unit=ward_a, name="Công ty CP Bao bì Mê Linh", tax_code="0101234567")


@pytest.fixture
def far_investor(ward_b):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(unit=ward_b, name="Công ty CP Nhựa Quang Minh", tax_code="0107654321")


def _row(number: str, **cells):  # type: ignore[no-untyped-def]
    row = {
        "Cơ quan gửi": "Sở Tài chính",
        "Số văn bản": number,
        "Ngày nhận": "01/09/2026",
        "Tên dự án": f"Nhà máy bao bì {number}",
        "Nhà đầu tư": "Công ty CP Bao bì Mê Linh",
        "Xã/phường": "Mê Linh",
        "Lĩnh vực": "Công nghiệp",
        "Công nghệ": "In ống đồng và ghép màng.",
        **cells,
    }
    return [row.get(h) for h in HEADERS]


def test_good_file_records_every_dossier_with_its_time_limit(dept_officer, investor, ward_a):  # type: ignore[no-untyped-def]
    rows = [
        HEADERS,
        _row(
            "1/STC",
            **{"Nhà đầu tư trong danh bạ (mã số thuế hoặc tên)": "0101234567", "Vốn đầu tư (triệu đồng)": 1500.5},
        ),
        _row("2/STC", **{"Ngày nhận": date(2026, 9, 2), "Lĩnh vực": "ict"}),
    ]
    result = appraisals_import(user=dept_officer, file=xlsx(SHEET, rows))
    assert result.ok and result.saved == 2
    first = Appraisal.objects.get(incoming_number="1/STC")
    assert (first.investor, first.unit, first.sector) == (investor, ward_a, Sector.INDUSTRY)
    assert first.capital_million == Decimal("1500.5")
    assert first.due_on == date(2026, 9, 1) + timedelta(days=settings.KHCN_APPRAISAL_DAYS)
    assert Appraisal.objects.get(incoming_number="2/STC").sector == Sector.ICT


def test_bad_rows_are_each_reported_and_nothing_saved(dept_officer, investor):  # type: ignore[no-untyped-def]
    rows = [
        HEADERS,
        _row("1/STC"),  # good
        _row("2/STC", **{"Ngày nhận": "01/12/2026"}),  # in the future
        _row("3/STC", **{"Lĩnh vực": "Hàng không vũ trụ"}),
        _row("4/STC", **{"Tên dự án": ""}),
        _row("5/STC", **{"Xã/phường": "Xã Không Có"}),
    ]
    result = appraisals_import(user=dept_officer, file=xlsx(SHEET, rows))
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Ngày nhận"),
        (4, "Lĩnh vực"),
        (5, "Tên dự án"),
        (6, "Xã/phường"),
    }
    assert "Xã Không Có" in next(e.message for e in result.errors if e.row == 6)
    assert result.saved == 0 and not Appraisal.objects.exists()


def test_rows_of_another_commune_or_investor_are_refused(ward_a, investor, far_investor):  # type: ignore[no-untyped-def]
    officer = make_user("dept_a", Role.DEPARTMENT_OFFICER, unit=ward_a)
    rows = [
        HEADERS,
        _row("1/STC", **{"Nhà đầu tư trong danh bạ (mã số thuế hoặc tên)": investor.tax_code}),
        _row("2/STC", **{"Nhà đầu tư trong danh bạ (mã số thuế hoặc tên)": far_investor.tax_code}),
        _row("3/STC", **{"Xã/phường": "Quang Minh"}),
    ]
    result = appraisals_import(user=officer, file=xlsx(SHEET, rows))
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Nhà đầu tư trong danh bạ (mã số thuế hoặc tên)"),
        (4, "Xã/phường"),
    }
    assert not Appraisal.objects.exists()


def test_commune_officer_cannot_import(client, officer_a, investor):  # type: ignore[no-untyped-def]
    client.force_login(officer_a)
    assert client.get("/appraisal/import/").status_code == 403
    assert client.post("/appraisal/import/", {"file": xlsx(SHEET, [HEADERS, _row("1/STC")])}).status_code == 403
    assert client.get("/appraisal/import/template/").status_code == 403
    assert not Appraisal.objects.exists()


def test_list_links_the_import_and_the_template_has_the_headers(client, dept_officer):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    assert "/appraisal/import/" in client.get("/appraisal/").content.decode()
    response = client.get("/appraisal/import/template/")
    assert response.status_code == 200
    assert header_row(response.content, SHEET) == HEADERS


def test_the_import_page_saves_a_good_file_and_lists_a_bad_one(client, dept_officer, investor):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    bad = client.post("/appraisal/import/", {"file": xlsx(SHEET, [HEADERS, _row("1/STC", **{"Công nghệ": ""})])})
    assert bad.status_code == 422 and "Công nghệ" in bad.content.decode()
    assert not Appraisal.objects.exists()
    good = client.post("/appraisal/import/", {"file": xlsx(SHEET, [HEADERS, _row("1/STC")])})
    assert good.status_code == 200
    assert Appraisal.objects.get().incoming_number == "1/STC"
