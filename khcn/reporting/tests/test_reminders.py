from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from khcn.reporting import reminders, services
from khcn.reporting.models import ReminderLog, ReminderRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_emails(officer_a, officer_b):
    officer_a.email, officer_b.email = "a@xa.vn", "b@xa.vn"
    officer_a.save()
    officer_b.save()


def test_default_rules_exist():
    assert list(ReminderRule.objects.values_list("days_from_due", flat=True)) == [-3, 1, 3]


def test_reminder_goes_to_officers_of_pending_units_only(
    period, dept_officer, ward_a, ward_b, officer_a, officer_emails, django_capture_on_commit_callbacks
):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    report.status = "submitted"
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        count = reminders.reminders_send(period=period, user=dept_officer, units=[ward_a, ward_b])
    assert count == 1
    assert [m.to for m in mail.outbox] == [["b@xa.vn"]]
    assert "Năm 2026" in mail.outbox[0].subject and "Quang Minh" in mail.outbox[0].body


def test_scheduled_rule_fires_once_per_unit(period, officer_emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_report_reminders", "--date", "2026-12-17")  # 3 days before 20/12
    first = len(mail.outbox)
    assert first == 2  # the two communes with an officer that has an e-mail address
    assert ReminderLog.objects.filter(period=period).count() == 126
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_report_reminders", "--date", "2026-12-17")
    assert len(mail.outbox) == first
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_report_reminders", "--date", "2026-12-18")  # no rule for that day
    assert len(mail.outbox) == first


def test_board_button_reminds_late_units(
    client, period, dept_officer, officer_emails, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime(2026, 12, 22, 3, tzinfo=UTC))
    client.force_login(dept_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:period_remind", args=[period.pk]), {"scope": "late"})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert date.today() == date(2026, 12, 22)


def test_local_officer_cannot_send_reminders(client, period, officer_a):
    client.force_login(officer_a)
    assert client.post(reverse("reporting:period_remind", args=[period.pk])).status_code == 403
