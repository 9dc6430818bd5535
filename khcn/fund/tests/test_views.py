"""The fund's pages: Department only, lists with filters, export and a fixed query count,
the decision asked before a refusal, a failed form keeping what was typed."""

from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from khcn.fund.models import ApplicationStatus, FundApplication
from khcn.fund.tests.factories import (
    DisbursementFactory,
    DisbursementPlanFactory,
    FundApplicationFactory,
    FundCallFactory,
    RepaymentFactory,
)

LISTS = ["/fund/overview/", "/fund/calls/", "/fund/applications/", "/fund/disbursements/", "/fund/repayments/"]


def test_local_officer_is_refused_every_fund_page(client, officer_a, approved):
    client.force_login(officer_a)
    for url in [*LISTS, approved.get_absolute_url()]:
        assert client.get(url).status_code in (403, 404), url


def test_lists_show_the_empty_state(client, dept_officer):
    client.force_login(dept_officer)
    for url in LISTS[1:]:
        page = client.get(url)
        assert page.status_code == 200
        assert "empty-state" in page.content.decode(), url


def test_overview_shows_the_years_rate(client, dept_officer, approved):
    DisbursementPlanFactory.create(application=approved, year=2026, amount=Decimal("10000000000"))
    DisbursementFactory.create(application=approved, amount=Decimal("2500000000"))
    RepaymentFactory.create(application__organisation=approved.organisation, due_on=date(2026, 9, 1))
    client.force_login(dept_officer)
    page = client.get("/fund/overview/?year=2026")
    assert page.status_code == 200
    assert page.context["summary"].rate == Decimal("25.00")
    assert page.context["summary"].overdue_count == 1
    assert "25%" in page.content.decode()
    assert client.get("/fund/overview/?year=abc").status_code == 400


def test_application_list_filters_searches_and_exports(client, dept_officer, approved, company_b):
    FundApplicationFactory.create(organisation=company_b, title="Cảm biến đo mặn", kind="loan")
    client.force_login(dept_officer)
    page = client.get("/fund/applications/", {"q": "cam bien"})
    assert [a.title for a in page.context["table"].data] == ["Cảm biến đo mặn"]
    page = client.get("/fund/applications/", {"status": "approved", "decided_year": 2026})
    assert [a.pk for a in page.context["table"].data] == [approved.pk]
    export = client.get("/fund/applications/", {"export": "xlsx", "status": "approved"})
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == approved.title and 10000000000 in rows[2]
    assert len(rows) == 3
    assert client.get("/fund/applications/", {"year": "99999999999999999999"}).status_code == 400


def test_export_neutralises_formulas(client, dept_officer, company_a):
    FundApplicationFactory.create(organisation=company_a, title='=HYPERLINK("x")')
    client.force_login(dept_officer)
    sheet = load_workbook(BytesIO(client.get("/fund/applications/?export=xlsx").content)).active
    cell = sheet.cell(row=3, column=1)
    assert cell.data_type == "s" and cell.quotePrefix  # text shown as typed, never a formula


def test_list_query_count_does_not_grow_with_rows(client, dept_officer, company_a, django_assert_max_num_queries):
    client.force_login(dept_officer)
    for i in range(3):
        application = FundApplicationFactory.create(organisation=company_a, approved=True, title=f"Dự án {i}")
        DisbursementFactory.create(application=application)
        RepaymentFactory.create(application=application)
    counts = {}
    for url in LISTS:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts[url] = len(few)
    for i in range(3, 9):
        application = FundApplicationFactory.create(organisation=company_a, approved=True, title=f"Dự án {i}")
        DisbursementFactory.create(application=application)
        RepaymentFactory.create(application=application)
    for url in LISTS:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_refusal_is_asked_first_then_recorded(client, dept_officer, company_a):
    application = FundApplicationFactory.create(organisation=company_a)
    client.force_login(dept_officer)
    body = {"decision": "refuse", "decided_on": "01/09/2026", "refusal_reason": "Không đạt", "loaded_version": 1}
    asked = client.post(f"/fund/applications/{application.pk}/decide/", body)
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    done = client.post(f"/fund/applications/{application.pk}/decide/", {**body, "confirmed": "1"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED


def test_failed_approval_keeps_what_was_typed(client, dept_officer, company_a):
    application = FundApplicationFactory.create(organisation=company_a)
    client.force_login(dept_officer)
    body = {
        "decision": "approve",
        "decided_on": "01/09/2026",
        "decision_number": "77/QĐ",
        "amount_approved": "99999999999",
        "loaded_version": 1,
    }
    page = client.post(f"/fund/applications/{application.pk}/decide/", body)
    assert page.status_code == 422
    html = page.content.decode()
    assert 'value="77/QĐ"' in html and 'value="99999999999"' in html


def test_create_and_edit_an_application_through_the_pages(client, dept_officer, company_a):
    call = FundCallFactory.create()
    client.force_login(dept_officer)
    body = {
        "call": call.pk,
        "organisation": company_a.pk,
        "title": "Dây chuyền sấy nông sản",
        "kind": "grant",
        "amount_requested": "3000000000",
        "received_on": "15/04/2026",
    }
    assert client.post("/fund/applications/new/", body).status_code == 302
    application = FundApplication.objects.get(title="Dây chuyền sấy nông sản")
    edited = client.post(
        f"/fund/applications/{application.pk}/edit/", {**body, "title": "Dây chuyền sấy", "loaded_version": 1}
    )
    assert edited.status_code == 302
    stale = client.post(f"/fund/applications/{application.pk}/edit/", {**body, "title": "Cũ", "loaded_version": 1})
    assert stale.status_code == 422
    application.refresh_from_db()
    assert application.title == "Dây chuyền sấy" and application.version == 2


def test_delete_asks_first(client, dept_officer, company_a):
    application = FundApplicationFactory.create(organisation=company_a)
    client.force_login(dept_officer)
    assert client.get(f"/fund/applications/{application.pk}/delete/").status_code == 200
    assert client.post(f"/fund/applications/{application.pk}/delete/").status_code == 302
    assert not FundApplication.objects.filter(pk=application.pk).exists()
    assert FundApplication.all_objects.filter(pk=application.pk).exists()


def test_overdue_repayments_are_highlighted(client, dept_officer, company_a):
    RepaymentFactory.create(application__organisation=company_a, due_on=date(2026, 9, 1))
    RepaymentFactory.create(application__organisation=company_a, due_on=date(2026, 10, 1))
    client.force_login(dept_officer)
    page = client.get("/fund/repayments/")
    assert page.content.decode().count("table-danger") == 1
    assert len(client.get("/fund/repayments/?overdue=true").context["table"].data) == 1
