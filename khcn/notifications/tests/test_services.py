"""notify(): one notification per active recipient; e-mail by choice, only after commit."""

import pytest
from django.core import mail
from django.db import transaction

from khcn.notifications import selectors, services
from khcn.notifications.models import EmailPreference, Notification, NotificationKind

pytestmark = pytest.mark.django_db

KIND = NotificationKind.REPORT_RETURNED


def _notify(*people, url="/reporting/reports/1/"):
    return services.notify(KIND, people, title="Báo cáo bị trả lại", body="Bổ sung chỉ tiêu A3.", url=url)


def test_each_active_recipient_gets_one_notification_and_one_email(
    officer_a, officer_b, settings, django_capture_on_commit_callbacks
):
    settings.KHCN_SITE_URL = "https://khcn.hanoi.gov.vn"
    officer_a.email, officer_b.email = "a@xa.vn", "b@xa.vn"
    officer_b.is_active = False
    officer_a.save()
    officer_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = _notify(officer_a, officer_a, officer_b)
    assert [n.recipient_id for n in rows] == [officer_a.pk]
    assert Notification.objects.get().title == "Báo cáo bị trả lại"
    assert [m.to for m in mail.outbox] == [["a@xa.vn"]]
    assert mail.outbox[0].subject == "Báo cáo bị trả lại"
    assert "Bổ sung chỉ tiêu A3." in mail.outbox[0].body
    assert "https://khcn.hanoi.gov.vn/reporting/reports/1/" in mail.outbox[0].body


def test_email_follows_the_preference_and_the_address(
    officer_a, officer_b, dept_officer, django_capture_on_commit_callbacks
):
    officer_a.email, officer_b.email, dept_officer.email = "a@xa.vn", "b@xa.vn", ""
    for u in (officer_a, officer_b, dept_officer):
        u.save()
    services.email_preferences_save(user=officer_b, wanted=[NotificationKind.ITEM_ASSIGNED])
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer_a, officer_b, dept_officer)
    assert Notification.objects.count() == 3, "the inbox always gets it"
    assert [m.to for m in mail.outbox] == [["a@xa.vn"]]
    assert selectors.email_kinds(user=officer_b) == {NotificationKind.ITEM_ASSIGNED}
    assert selectors.email_kinds(user=officer_a) == set(NotificationKind.values)


def test_nothing_is_mailed_when_the_event_is_rolled_back(officer_a, django_capture_on_commit_callbacks):
    officer_a.email = "a@xa.vn"
    officer_a.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _notify(officer_a)
                raise RuntimeError("the move failed")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_refused(officer_a):
    with pytest.raises(ValueError):
        services.notify("nonsense", [officer_a], title="x")


def test_preferences_keep_one_row_per_kind(officer_a):
    services.email_preferences_save(user=officer_a, wanted=[])
    services.email_preferences_save(user=officer_a, wanted=[KIND])
    assert EmailPreference.objects.filter(user=officer_a).count() == len(NotificationKind.values)
    assert selectors.email_kinds(user=officer_a) == {KIND}


def test_mark_all_read_touches_only_the_users_own(officer_a, officer_b):
    _notify(officer_a, officer_b)
    _notify(officer_a)
    assert services.notifications_mark_all_read(user=officer_a) == 2
    assert selectors.unread_count(user=officer_a) == 0
    assert selectors.unread_count(user=officer_b) == 1
