"""The demo's S&T fund and S&T enterprises: invented records marked demo, this year's rate
computed from them, an overdue instalment, a revoked certificate kept in the register."""

from decimal import Decimal

import pytest

from khcn.accounts.models import User
from khcn.core import city_figures
from khcn.demo.enterprises import enterprises_demo_load
from khcn.demo.fund import fund_demo_load
from khcn.enterprises.models import Certificate
from khcn.fund import selectors
from khcn.fund.models import Disbursement, FundApplication, FundCall, Repayment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def test_every_fund_record_is_invented_and_marked(demo):
    assert FundCall.objects.count() == 2 and all(c.is_demo for c in FundCall.objects.all())
    assert FundApplication.objects.count() == 6 and all(a.is_demo for a in FundApplication.objects.all())
    assert all("(demo)" in a.organisation.name for a in FundApplication.objects.select_related("organisation"))
    assert all(d.is_demo for d in Disbursement.objects.all())


def test_this_years_rate_is_disbursed_over_planned(demo):
    # Plans of the demo's year: 3 + 8 + 4 + 3 = 18 billion; paid in the year: 1.5 + 3 + 1.2 = 5.7 billion.
    year = demo.day.year
    assert selectors.planned_in(year) == Decimal("18000000000")
    assert selectors.disbursed_in(year) == Decimal("5700000000")
    assert selectors.disbursement_rate(year) == Decimal("31.67")
    figure = city_figures.get("fund.disbursement_rate")
    assert figure is not None and figure.value(year) == Decimal("31.67")


def test_one_instalment_overdue_and_a_call_closing(demo):
    overdue = Repayment.objects.filter(selectors.overdue_q(demo.day))
    assert overdue.count() == 1
    assert FundCall.objects.filter(opens_on__lte=demo.day, closes_on__gte=demo.day).count() == 1


def test_certificates_invented_one_revoked_and_kept(demo):
    assert Certificate.objects.count() == 10
    certificates = Certificate.objects.select_related("organisation")
    assert all(c.is_demo and "(demo)" in c.organisation.name for c in certificates)
    revoked = Certificate.objects.get(revoked_on__isnull=False)
    assert revoked.revocation_reason
    figure = city_figures.get("enterprises.valid_total")
    assert figure is not None and figure.value(demo.day.year) == 9


def test_loading_twice_adds_nothing(demo):
    officer = User.objects.get(username="chuyenvien")
    counts = (FundApplication.objects.count(), Certificate.objects.count())
    fund_demo_load(officer=officer)
    enterprises_demo_load(officer=officer)
    assert (FundApplication.objects.count(), Certificate.objects.count()) == counts
