"""The fund's reminders: a call closing, a repayment coming due; each once."""

from datetime import date

from khcn.fund.reminders import fund_reminders_send
from khcn.fund.tests.factories import FundCallFactory, RepaymentFactory
from khcn.notifications.models import Notification, NotificationKind


def test_call_closing_and_repayment_due_are_told_once(dept_officer, company_a):
    FundCallFactory.create(opens_on=date(2026, 9, 1), closes_on=date(2026, 9, 20))  # closes in 5 days
    FundCallFactory.create(opens_on=date(2026, 9, 1), closes_on=date(2026, 12, 31))  # not yet
    RepaymentFactory.create(application__organisation=company_a, due_on=date(2026, 9, 25))  # in 10 days
    RepaymentFactory.create(application__organisation=company_a, due_on=date(2026, 11, 1))  # not yet
    settled = RepaymentFactory.create(application__organisation=company_a, due_on=date(2026, 9, 26))
    settled.amount_received = settled.amount_due
    settled.save()

    assert fund_reminders_send(today=date(2026, 9, 15)) == 2
    notes = Notification.objects.filter(recipient=dept_officer, kind=NotificationKind.FUND_REMINDER)
    titles = sorted(n.title for n in notes)
    assert len(titles) == 2
    assert any("20/09/2026" in t for t in titles) and any("25/09/2026" in t for t in titles)
    assert fund_reminders_send(today=date(2026, 9, 16)) == 0  # safe to run twice


def test_nothing_due_nothing_sent(dept_officer):
    FundCallFactory.create(opens_on=date(2026, 9, 1), closes_on=date(2026, 9, 10))  # already closed
    assert fund_reminders_send(today=date(2026, 9, 15)) == 0
