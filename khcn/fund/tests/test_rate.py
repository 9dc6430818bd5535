"""The fund's disbursement rate, from records whose figures are worked out by hand (issue 18)."""

from datetime import date
from decimal import Decimal

from khcn.core import city_figures
from khcn.fund import selectors, services
from khcn.fund.tests.factories import DisbursementFactory, DisbursementPlanFactory, FundApplicationFactory


def test_rate_is_disbursed_over_planned_for_the_year(approved, dept_officer):
    # Plan 10.000.000.000 đ for 2026; three payments: 1.500.000.000 + 2.250.000.000 + 750.000.000
    # = 4.500.000.000 đ, so the rate is 4,5 / 10 = 45,00%.
    services.plan_set(user=dept_officer, application=approved, year=2026, amount=Decimal("10000000000"))
    for day, amount in [
        (date(2026, 7, 20), "1500000000"),
        (date(2026, 8, 5), "2250000000"),
        (date(2026, 9, 1), "750000000"),
    ]:
        services.disbursement_add(user=dept_officer, application=approved, paid_on=day, amount=Decimal(amount))

    assert selectors.planned_in(2026) == Decimal("10000000000")
    assert selectors.disbursed_in(2026) == Decimal("4500000000")
    assert selectors.disbursement_rate(2026) == Decimal("45.00")


def test_rate_counts_payments_of_the_year_against_every_plan_of_that_year(company_a, company_b):
    # Two applications plan 2026: 6.000.000.000 + 3.000.000.000 = 9.000.000.000 đ.
    # Paid in 2026: 2.000.000.000 + 1.000.000.000 = 3.000.000.000 đ -> 33,333…% -> 33,33%.
    # A payment of 2027 and the 2027 plan line do not count in 2026.
    first = FundApplicationFactory.create(organisation=company_a, approved=True)
    second = FundApplicationFactory.create(organisation=company_b, approved=True)
    DisbursementPlanFactory.create(application=first, year=2026, amount=Decimal("6000000000"))
    DisbursementPlanFactory.create(application=first, year=2027, amount=Decimal("4000000000"))
    DisbursementPlanFactory.create(application=second, year=2026, amount=Decimal("3000000000"))
    DisbursementFactory.create(application=first, paid_on=date(2026, 8, 1), amount=Decimal("2000000000"))
    DisbursementFactory.create(application=second, paid_on=date(2026, 9, 10), amount=Decimal("1000000000"))
    DisbursementFactory.create(application=first, paid_on=date(2027, 1, 5), amount=Decimal("500000000"))

    assert selectors.disbursement_rate(2026) == Decimal("33.33")
    assert selectors.disbursement_rate(2027) == Decimal("12.50")  # 500.000.000 / 4.000.000.000


def test_rate_rounds_half_up_to_two_places():
    assert selectors.rate_of(Decimal("2"), Decimal("3")) == Decimal("66.67")
    assert selectors.rate_of(Decimal("1"), Decimal("8")) == Decimal("12.50")


def test_no_plan_no_rate(db):
    assert selectors.disbursement_rate(2026) is None


def test_deleted_application_leaves_the_rate(approved, company_b, dept_officer):
    other = FundApplicationFactory.create(organisation=company_b, approved=True)
    DisbursementPlanFactory.create(application=approved, year=2026, amount=Decimal("4000000000"))
    DisbursementPlanFactory.create(application=other, year=2026, amount=Decimal("6000000000"))
    DisbursementFactory.create(application=approved, amount=Decimal("1000000000"))
    services.application_delete(user=dept_officer, application=other)

    assert selectors.disbursement_rate(2026) == Decimal("25.00")


def test_city_figures_registered_with_their_links(approved, dept_officer):
    DisbursementPlanFactory.create(application=approved, year=2026, amount=Decimal("10000000000"))
    DisbursementFactory.create(application=approved, amount=Decimal("3000000000"))
    rate = city_figures.get("fund.disbursement_rate")
    grants = city_figures.get("fund.grants_approved")
    disbursed = city_figures.get("fund.amount_disbursed")
    assert rate is not None and grants is not None and disbursed is not None

    assert rate.percent is True
    assert rate.value(2026) == Decimal("30.00")
    assert grants.value(2026) == 1
    assert grants.value(2025) == 0
    assert disbursed.value(2026) == Decimal("3000000000")
    assert rate.url(2026) == "/fund/disbursements/?year=2026"
    assert grants.url(2026) == "/fund/applications/?kind=grant&status=approved&decided_year=2026"


def test_figure_links_open_exactly_the_records_counted(client, approved, company_b, dept_officer):
    FundApplicationFactory.create(organisation=company_b)  # under review: not counted
    DisbursementFactory.create(application=approved, amount=Decimal("3000000000"))
    DisbursementFactory.create(application=approved, paid_on=date(2025, 12, 1), amount=Decimal("1"))
    client.force_login(dept_officer)
    grants = city_figures.get("fund.grants_approved")
    assert grants is not None
    page = client.get(grants.url(2026))
    assert page.context["table"].paginator.count == grants.value(2026) == 1
    paid = client.get(city_figures.get("fund.amount_disbursed").url(2026))  # type: ignore[union-attr]
    assert sum(d.amount for d in paid.context["table"].data) == Decimal("3000000000")
