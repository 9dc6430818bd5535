"""The reminder to confirm an offer before its listing ends: sent once, to its owners."""

from datetime import date

import pytest
import time_machine

from khcn.experts.models import OfferStatus
from khcn.experts.reminders import technology_confirm_reminders_send
from khcn.experts.services.technologies import technology_confirm
from khcn.experts.tests.factories import ExpertFactory, TechnologyFactory
from khcn.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def test_owner_is_reminded_once_before_expiry(expert, dept_officer):  # type: ignore[no-untyped-def]
    owner = ExpertFactory.create(draft=True, user=expert)
    soon = TechnologyFactory.create(status=OfferStatus.PUBLISHED, owner_expert=owner, expires_on=date(2026, 4, 20))
    TechnologyFactory.create(status=OfferStatus.PUBLISHED, owner_expert=owner, expires_on=date(2026, 9, 1))
    TechnologyFactory.create(status=OfferStatus.DRAFT, owner_expert=owner, expires_on=date(2026, 4, 20))
    with time_machine.travel("2026-04-01 09:00 +07:00", tick=False):
        assert technology_confirm_reminders_send(today=date(2026, 4, 1)) == 1
        assert technology_confirm_reminders_send(today=date(2026, 4, 2)) == 0
    notes = Notification.objects.filter(kind=NotificationKind.TECH_CONFIRM)
    assert [n.recipient for n in notes] == [expert]
    assert soon.title in notes.get().title
    soon.refresh_from_db()
    assert soon.confirm_reminded_at is not None


def test_confirming_starts_a_new_period(expert):  # type: ignore[no-untyped-def]
    owner = ExpertFactory.create(draft=True, user=expert)
    tech = TechnologyFactory.create(status=OfferStatus.PUBLISHED, owner_expert=owner, expires_on=date(2026, 4, 20))
    with time_machine.travel("2026-04-01 09:00 +07:00", tick=False):
        technology_confirm_reminders_send(today=date(2026, 4, 1))
        tech.refresh_from_db()
        tech = technology_confirm(user=expert, technology=tech)
    assert tech.confirm_reminded_at is None and tech.expires_on == date(2027, 4, 1)
    with time_machine.travel("2027-03-10 09:00 +07:00", tick=False):
        assert technology_confirm_reminders_send(today=date(2027, 3, 10)) == 1
    assert Notification.objects.filter(kind=NotificationKind.TECH_CONFIRM).count() == 2


def test_offer_without_owner_account_reminds_department(dept_officer):  # type: ignore[no-untyped-def]
    TechnologyFactory.create(status=OfferStatus.PUBLISHED, owner_name="Viện X", expires_on=date(2026, 4, 20))
    with time_machine.travel("2026-04-01 09:00 +07:00", tick=False):
        assert technology_confirm_reminders_send(today=date(2026, 4, 1)) == 1
    assert Notification.objects.get(kind=NotificationKind.TECH_CONFIRM).recipient == dept_officer
