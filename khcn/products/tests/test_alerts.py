"""Alerts from dates, with the day pinned at the edges: the limit day is not yet stalled, the
day after is; a renewal is due from the notice day; an OCOP rating expires from its notice day
unless the product has a newer rating. The daily job tells each person once."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import override_settings

from conftest import make_user
from khcn.accounts.roles import Role
from khcn.notifications.models import Notification, NotificationKind
from khcn.products import alerts
from khcn.products.models import IpKind, IpStage
from khcn.products.reminders import products_alerts_send
from khcn.products.services.ocop import ocop_rating_create
from khcn.products.tests.factories import ProductFactory
from khcn.products.tests.factories_ip import STAGE_DAYS, dossier

pytestmark = pytest.mark.django_db

LIMITS = {"survey": 90, "dossier": 120, "filed": 30, "formal_exam": 60, "published": 270}


@override_settings(KHCN_IP_STAGE_LIMIT_DAYS=LIMITS)
def test_stalled_after_the_limit_day_not_on_it(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.FILED)  # filed on 3 June 2024
    limit_day = STAGE_DAYS[IpStage.FILED] + timedelta(days=30)
    assert alerts.stage_deadline(asset) == limit_day
    assert not alerts.is_stalled(asset, limit_day)
    assert alerts.is_stalled(asset, limit_day + timedelta(days=1))
    assert not alerts.ip_stalled_list(user=dept_officer, today=limit_day).exists()
    assert list(alerts.ip_stalled_list(user=dept_officer, today=limit_day + timedelta(days=1))) == [asset]


@override_settings(KHCN_IP_STAGE_LIMIT_DAYS=LIMITS, KHCN_IP_GI_SUBSTANTIVE_DAYS=180)
def test_a_gi_in_substantive_examination_has_its_own_limit(dept_officer, ward_a):
    gi = dossier(user=dept_officer, unit=ward_a, to=IpStage.SUBSTANTIVE_EXAM, kind=IpKind.GEOGRAPHICAL_INDICATION)
    mark = dossier(user=dept_officer, unit=ward_a, to=IpStage.SUBSTANTIVE_EXAM, name="Chè Ba Vì")
    limit_day = STAGE_DAYS[IpStage.SUBSTANTIVE_EXAM] + timedelta(days=180)
    assert not alerts.is_stalled(gi, limit_day)
    assert alerts.is_stalled(gi, limit_day + timedelta(days=1))
    # No limit is set for a mark's substantive examination: it never shows as stalled.
    assert not alerts.is_stalled(mark, limit_day + timedelta(days=1000))
    assert list(alerts.ip_stalled_list(user=dept_officer, today=limit_day + timedelta(days=1))) == [gi]


@override_settings(KHCN_IP_RENEWAL_NOTICE_DAYS=180)
def test_renewal_due_from_the_notice_day(dept_officer, ward_a):
    mark = dossier(user=dept_officer, unit=ward_a, to=IpStage.GRANTED)
    dossier(
        user=dept_officer, unit=ward_a, to=IpStage.GRANTED, kind=IpKind.GEOGRAPHICAL_INDICATION, name="Nhãn Hưng Yên"
    )
    notice_day = date(2034, 6, 3) - timedelta(days=180)
    assert not alerts.is_renewal_due(mark, notice_day - timedelta(days=1))
    assert alerts.is_renewal_due(mark, notice_day)
    assert alerts.is_renewal_due(mark, date(2034, 7, 1))  # past its end, still due
    assert not alerts.ip_renewal_due_list(user=dept_officer, today=notice_day - timedelta(days=1)).exists()
    assert list(alerts.ip_renewal_due_list(user=dept_officer, today=notice_day)) == [mark]


def _rating(user, product, decided: date, **kwargs):
    with time_machine.travel(decided):
        return ocop_rating_create(
            user=user,
            product=product,
            stars=4,
            score=Decimal("75"),
            rating_year=decided.year,
            decision_number=f"{decided.year}/QĐ-UBND",
            decision_date=decided,
            **kwargs,
        )


@override_settings(KHCN_OCOP_EXPIRY_NOTICE_DAYS=90, KHCN_OCOP_VALID_MONTHS=36)
def test_ocop_expiring_from_the_notice_day_unless_rated_again(dept_officer, ward_a):
    product = ProductFactory.create(unit=ward_a)
    rating = _rating(dept_officer, product, date(2023, 6, 10))
    assert rating.valid_until == date(2026, 6, 10)
    notice_day = date(2026, 6, 10) - timedelta(days=90)
    assert not alerts.is_ocop_expiring(rating, notice_day - timedelta(days=1))
    assert alerts.is_ocop_expiring(rating, notice_day)
    assert not alerts.ocop_expiring_list(user=dept_officer, today=notice_day - timedelta(days=1)).exists()
    assert list(alerts.ocop_expiring_list(user=dept_officer, today=notice_day)) == [rating]
    assert list(alerts.ocop_expiring_list(user=dept_officer, today=date(2026, 8, 1))) == [rating]  # expired
    _rating(dept_officer, product, date(2026, 5, 20))
    assert not alerts.ocop_expiring_list(user=dept_officer, today=date(2026, 8, 1)).exists()


@override_settings(KHCN_IP_STAGE_LIMIT_DAYS=LIMITS)
def test_daily_job_tells_the_department_and_the_commune_once(dept_officer, officer_a, officer_b, ward_a, dept_leader):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.FILED)
    day = STAGE_DAYS[IpStage.FILED] + timedelta(days=31)
    with time_machine.travel(day):
        assert products_alerts_send(today=day) == 1
        assert products_alerts_send(today=day) == 0  # safe to run twice
        assert products_alerts_send(today=day + timedelta(days=1)) == 0  # no repeat the next day
    sent = Notification.objects.filter(kind=NotificationKind.IP_ALERT)
    assert {n.recipient for n in sent} == {dept_officer, officer_a}
    note = sent.get(recipient=officer_a)
    assert note.title == f"Hồ sơ “{asset.name}” chậm tiến độ ở giai đoạn “Đã nộp đơn”"
    assert note.url == asset.get_absolute_url()
    # Moved on, and stalled again in the next stage: a new alert.
    from khcn.products.services.ip import ip_move

    later = date(2024, 9, 1)
    with time_machine.travel(later):
        ip_move(user=dept_officer, asset=asset, to_stage=IpStage.FORMAL_EXAM, on=date(2024, 6, 4))
        assert products_alerts_send(today=later) == 1


def test_daily_job_alerts_renewals_and_ratings(dept_officer, ward_a, ward_b):
    officer_b = make_user("ob", Role.LOCAL_OFFICER, unit=ward_b)
    dossier(user=dept_officer, unit=ward_a, to=IpStage.GRANTED)
    product = ProductFactory.create(unit=ward_b)
    _rating(dept_officer, product, date(2023, 6, 10))
    day = date(2034, 5, 1)
    with time_machine.travel(day):
        assert products_alerts_send(today=day) == 2
    assert Notification.objects.filter(kind=NotificationKind.IP_ALERT, recipient=officer_b).count() == 0
    ocop = Notification.objects.get(kind=NotificationKind.OCOP_ALERT, recipient=officer_b)
    assert ocop.title.startswith("Xếp hạng OCOP của")
    assert Notification.objects.filter(recipient=dept_officer).count() == 2


def test_the_daily_task_runs_the_alerts(dept_officer, ward_a, django_capture_on_commit_callbacks):
    from khcn.core.jobs import job_create
    from khcn.core.models import Job, JobStatus
    from khcn.products.tasks import ALERTS_KIND

    dossier(user=dept_officer, unit=ward_a, to=IpStage.FILED)
    with time_machine.travel(date(2024, 9, 1)), django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind=ALERTS_KIND, params={"day": "2024-09-01"})
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE and job.saved == 1


def test_stage_durations_count_days_to_the_next_event(dept_officer, ward_a):
    asset = dossier(user=dept_officer, unit=ward_a, to=IpStage.FILED)
    events = list(asset.events.all())
    durations = alerts.stage_durations(events, stage=asset.stage, today=date(2024, 6, 13))
    assert [d for _e, d in durations] == [
        (date(2024, 3, 1) - date(2024, 1, 2)).days,
        (date(2024, 6, 3) - date(2024, 3, 1)).days,
        10,
    ]


def test_the_command_sends_the_alerts_of_a_given_day(dept_officer, ward_a):
    from io import StringIO

    from django.core.management import call_command

    dossier(user=dept_officer, unit=ward_a, to=IpStage.FILED)
    out = StringIO()
    call_command("send_product_alerts", "--date", "2024-09-01", stdout=out)
    assert out.getvalue().strip() == "1 records alerted."
