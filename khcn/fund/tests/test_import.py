"""The workbook import of applications: atomic, every bad row reported."""

from datetime import date
from io import BytesIO

from openpyxl import Workbook, load_workbook

from khcn.fund import excel
from khcn.fund.models import FundApplication
from khcn.fund.tests.factories import FundCallFactory


def _workbook(*rows: list) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = excel.SHEET
    ws.append(excel.HEADERS)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "ho-so.xlsx"
    return out


def test_template_has_the_headers(client, dept_officer):
    client.force_login(dept_officer)
    sheet = load_workbook(BytesIO(client.get("/fund/applications/import/template/").content))[excel.SHEET]
    assert [c.value for c in sheet[1]] == excel.HEADERS


def test_good_rows_are_saved(client, dept_officer, company_a, company_b):
    call = FundCallFactory.create()
    file = _workbook(
        [call.number, "0109000001", "Sấy lạnh nông sản", "Tài trợ", 2_000_000_000, date(2026, 4, 2), None, None, ""],
        [
            "",
            company_b.name,
            "Vật liệu cách nhiệt",
            "Cho vay ưu đãi lãi suất",
            "1.500.000.000",
            "03/04/2026",
            3.5,
            36,
            "Tóm tắt",
        ],
    )
    client.force_login(dept_officer)
    page = client.post("/fund/applications/import/", {"file": file})
    assert page.status_code == 200
    assert FundApplication.objects.count() == 2
    loan = FundApplication.objects.get(title="Vật liệu cách nhiệt")
    assert loan.organisation == company_b and loan.amount_requested == 1_500_000_000 and loan.term_months == 36


def test_every_bad_row_is_reported_and_nothing_saved(client, dept_officer, company_a, company_b):
    FundCallFactory.create(number="01/2026/QPTKHCN")
    file = _workbook(
        ["", "0109000001", "Đúng", "Tài trợ", 1000, date(2026, 4, 2), None, None, ""],
        ["99/2026", "Không có", "", "Biếu", "abc", "32/13/2026", 500, 0, ""],
        ["01/2026/QPTKHCN", "0109000002", "Ngoài đợt", "Tài trợ", 1000, date(2026, 8, 1), None, None, ""],
    )
    client.force_login(dept_officer)
    page = client.post("/fund/applications/import/", {"file": file})
    assert page.status_code == 422
    errors = page.context["result"].errors
    assert {e.row for e in errors} == {3}  # the service's own check runs only once the shapes are right
    assert {e.column for e in errors} == set(excel.HEADERS[:8])
    assert FundApplication.objects.count() == 0
    # the shapes right, the call's dates checked by the service: still nothing saved
    file = _workbook(
        ["", "0109000001", "Đúng", "Tài trợ", 1000, date(2026, 4, 2), None, None, ""],
        ["01/2026/QPTKHCN", "0109000002", "Ngoài đợt", "Tài trợ", 1000, date(2026, 8, 1), None, None, ""],
    )
    page = client.post("/fund/applications/import/", {"file": file})
    assert page.status_code == 422
    assert [(e.row, e.column) for e in page.context["result"].errors] == [(3, excel.HEADERS[5])]
    assert FundApplication.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused(client, dept_officer):
    client.force_login(dept_officer)
    file = BytesIO(b"not a workbook")
    file.name = "x.xlsx"
    page = client.post("/fund/applications/import/", {"file": file})
    assert page.status_code == 422 and page.context["result"].errors[0].code == "not_xlsx"


def test_local_officer_cannot_import(client, officer_a):
    client.force_login(officer_a)
    assert client.get("/fund/applications/import/").status_code == 403
