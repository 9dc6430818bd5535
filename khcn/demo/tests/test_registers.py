"""The demo's metrology, radiation and inspection records: invented and flagged, placed so that
the alerts have something to say, and loaded again without duplicates."""

import pytest
from django.conf import settings
from django.utils import timezone

from khcn.accounts.models import User
from khcn.demo.enforcement import enforcement_demo_load
from khcn.demo.metrology import SEED_004_REQUEST, metrology_demo_load
from khcn.demo.radiation import radiation_demo_load
from khcn.enforcement.models import Decision, Inspection, RemedyState
from khcn.metrology.models import Announcement, DueState, Instrument, Laboratory, Verification
from khcn.radiation.models import Facility, Licence, LicenceState

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def test_every_register_record_is_flagged_demo(demo):  # type: ignore[no-untyped-def]
    for model in (Facility, Licence, Instrument, Verification, Announcement, Laboratory, Inspection, Decision):
        assert model.objects.exists(), model
        assert not model.objects.filter(is_demo=False).exists(), model


def test_the_alerts_have_an_expiring_and_an_expired_case(demo):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    notice = settings.KHCN_RADIATION_LICENCE_NOTICE_DAYS
    states = {licence.state(today, notice) for licence in Licence.objects.all()}
    assert {LicenceState.EXPIRING, LicenceState.EXPIRED, LicenceState.VALID} <= states
    due = {i.due_state(today, settings.KHCN_VERIFICATION_NOTICE_DAYS) for i in Instrument.objects.all()}
    assert {DueState.DUE, DueState.OVERDUE, DueState.OK} <= due
    assert {d.remedy_state(today) for d in Decision.objects.all()} == {RemedyState.OVERDUE, RemedyState.DONE}
    assert all(lab.capacity == SEED_004_REQUEST for lab in Laboratory.objects.all())


def test_loading_again_adds_nothing(demo):  # type: ignore[no-untyped-def]
    officer = User.objects.get(username="chuyenvien")
    models = (Facility, Licence, Instrument, Verification, Announcement, Laboratory, Inspection, Decision)
    before = [m.objects.count() for m in models]
    metrology_demo_load(officer=officer)
    radiation_demo_load(officer=officer)
    enforcement_demo_load(officer=officer)
    assert [m.objects.count() for m in models] == before
