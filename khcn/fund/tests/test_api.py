"""/api/v1/fund/…: scoped as the pages, filterable, paginated."""

from decimal import Decimal

from khcn.fund.tests.factories import (
    DisbursementFactory,
    DisbursementPlanFactory,
    FundApplicationFactory,
    RepaymentFactory,
)


def test_department_reads_applications_with_plan_and_disbursed(client, dept_officer, approved, company_b):
    DisbursementPlanFactory.create(application=approved, year=2026, amount=Decimal("10000000000"))
    DisbursementFactory.create(application=approved, amount=Decimal("2000000000"))
    FundApplicationFactory.create(organisation=company_b)
    client.force_login(dept_officer)
    body = client.get("/api/v1/fund/applications/", {"status": "approved"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == approved.pk and row["disbursed"] == "2000000000"
    assert row["plans"] == [{"year": 2026, "amount": "10000000000"}]
    assert client.get("/api/v1/fund/applications/").json()["count"] == 2


def test_unit_officer_sees_only_their_units_organisations(client, officer_a, approved, company_b):
    FundApplicationFactory.create(organisation=company_b)
    client.force_login(officer_a)
    body = client.get("/api/v1/fund/applications/").json()
    assert [r["id"] for r in body["results"]] == [approved.pk]
    assert client.get("/api/v1/fund/calls/").json()["count"] == 0


def test_disbursements_and_repayments_filtered_by_year(client, dept_officer, approved, company_a):
    DisbursementFactory.create(application=approved)
    RepaymentFactory.create(application__organisation=company_a)
    client.force_login(dept_officer)
    assert client.get("/api/v1/fund/disbursements/", {"year": 2026}).json()["count"] == 1
    assert client.get("/api/v1/fund/disbursements/", {"year": 2025}).json()["count"] == 0
    repayments = client.get("/api/v1/fund/repayments/").json()["results"]
    assert repayments[0]["overdue"] is False
    assert client.get("/api/v1/fund/repayments/", {"year": 99999}).status_code == 400


def test_anonymous_is_refused(client):
    assert client.get("/api/v1/fund/applications/").status_code in (401, 403)
