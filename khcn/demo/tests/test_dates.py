"""The demo works on the day it loads: an open period and an open call, deadlines around
today, and a past dated on the days it describes (run at two dates by `make test-dates`)."""

from datetime import timedelta

import pytest
from django.apps import apps
from simple_history.models import HistoricalChanges

from khcn.accounts.models import User
from khcn.demo.research import research_demo_load
from khcn.geo.models import UnitLevel
from khcn.meetings.models import FollowUp, FollowUpStatus, Meeting, MeetingStatus
from khcn.programs.models import ReportingPeriod
from khcn.reporting import selectors, services
from khcn.reporting.models import Report, ReportEvent, ReportStatus
from khcn.reporting.validation import Entry
from khcn.research import similarity
from khcn.research.models import AnnualPlan, Milestone, PlanCall, Proposal, ProposalStatus, TaskStatus
from khcn.research.services import proposals as research_services

pytestmark = pytest.mark.django_db

TYPED = {"A1": "1.250", "A2": "1.200", "A3": "96", "D1": "150.000.000"}


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def _open_period(day):  # type: ignore[no-untyped-def]
    return ReportingPeriod.objects.get(program__code="57-NQ/TW", opens_on__lte=day, closes_on__gte=day)


def _entries(period: ReportingPeriod) -> dict[int, Entry]:
    entries = {}
    for indicator, _required in selectors.form_items(period=period):
        if indicator.value_type == "ratio":
            entries[indicator.pk] = Entry(numerator="3", denominator="12")
        else:
            entries[indicator.pk] = Entry(value=TYPED.get(indicator.code, "1"))
    return entries


def test_the_open_period_takes_a_communes_report(demo):
    period = _open_period(demo.day)
    assert period.due_on >= demo.day, "its deadline is ahead"
    officer = User.objects.get(username="xamelinh")
    commune = officer.grants.get().unit
    assert commune.level == UnitLevel.COMMUNE and commune in selectors.period_expected_units(period=period)
    report = services.report_open(period=period, unit=commune, user=officer)
    outcome = services.report_save(
        report=report, user=officer, entries=_entries(period), sections={}, expected_version=report.version, submit=True
    )
    assert outcome.ok, outcome.errors
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at.date() == demo.day


def test_the_open_call_is_for_next_year_and_takes_a_proposal(demo):
    call = PlanCall.objects.get(opens_on__lte=demo.day, closes_on__gte=demo.day)
    assert call.plan_year == demo.day.year + 1
    officer = User.objects.get(username="xamelinh")
    proposal = research_services.proposal_create(
        user=officer,
        proposal=Proposal(
            call=call,
            unit=officer.grants.get().unit,
            title="Ứng dụng cảm biến giám sát tưới tiêu cho hợp tác xã rau, củ quả Đông Cao",
            problem="Tưới thủ công tốn nước và công lao động.",
            task_type="topic",
            field="agricultural",
            rationale="Cần giải pháp tưới tiết kiệm.",
            objectives="Thử nghiệm hệ thống tưới tự động.",
            products="Mô hình 2 ha.",
            application_place="Xã Mê Linh",
            applying_unit="UBND xã Mê Linh",
            budget_million=800,
            duration_months=18,
        ),
    )
    research_services.proposal_submit(user=officer, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_deadlines_fall_ahead_of_and_behind_today(demo):
    day = demo.day
    current = FollowUp.objects.filter(meeting__round__year=day.year, is_demo=True)
    open_items = [item for item in current if not item.is_closed]
    assert any(item.due_on > day for item in open_items), "some are due ahead"
    assert any(item.is_overdue for item in open_items), "one is overdue"
    assert current.filter(status=FollowUpStatus.DONE).exists()
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__date__gt=day).exists()
    for task in Milestone.objects.values_list("task", flat=True).distinct():
        milestones = list(Milestone.objects.filter(task=task))
        assert milestones[0].task.status == TaskStatus.IN_PROGRESS
        assert sum(m.is_overdue(day) for m in milestones) == 1 and milestones[-1].due_on > day


def test_the_history_carries_the_days_of_the_events(demo):
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            late = model.objects.filter(history_date__gte=demo.started)
            assert not late.exists(), f"{model.__name__} has history of the loading time"
    assert not ReportEvent.objects.filter(created_at__gte=demo.started).exists()
    report = Report.objects.get(period__name="6 tháng đầu năm 2024", unit__name="Mê Linh")
    submitted = report.events.get(action="submit").created_at.date()
    assert submitted == report.submitted_at.date() and submitted <= report.period.due_on
    assert report.history.earliest().history_date.date() == report.period.due_on - timedelta(days=10)


def _value(report: Report, code: str):  # type: ignore[no-untyped-def]
    return report.values.get(indicator__code=code)


def test_figures_agree_with_the_demos_records(demo):
    reports = Report.objects.filter(period__name="6 tháng đầu năm 2024").select_related("unit")
    assert reports.count() == 13
    call = PlanCall.objects.get(plan_year=2025)
    for report in reports:
        proposals = Proposal.objects.filter(call=call, unit=report.unit).count()
        assert _value(report, "B2").number == proposals, f"B2 of {report.unit.name}"
        assert _value(report, "C3").flag is True
    phuc_tho = reports.get(unit__name="Phúc Thọ")
    assert _value(phuc_tho, "A6").denominator == 21, "the seeds' 21 xã, thị trấn"
    assert "21 xã, thị trấn" in phuc_tho.sections.get(key="results").text
    assert (_value(phuc_tho, "C1").number, _value(phuc_tho, "C2").number) == (7, 7)
    me_linh = reports.get(unit__name="Mê Linh")
    assert (_value(me_linh, "A6").numerator, _value(me_linh, "A6").denominator) == (5, 18)
    # The Department returned Sóc Sơn's and Thạch Thất's reports for what they show.
    soc_son = reports.get(unit__name="Sóc Sơn")
    last_year = Report.objects.get(period__name="Năm 2023", unit=soc_son.unit)
    assert _value(soc_son, "A1").number > _value(last_year, "A1").number
    thach_that = reports.get(unit__name="Thạch Thất")
    rate = _value(thach_that, "A2").number / _value(thach_that, "A1").number * 100
    assert rate < _value(thach_that, "A3").number
    # The requests the districts wrote in their reports were taken up by the July sessions.
    assert not FollowUp.objects.filter(source_report__isnull=False, status=FollowUpStatus.OPEN).exists()


def test_the_2025_call_shows_a_duplicate_and_feeds_the_plan(demo):
    assert research_demo_load(officer=User.objects.get(username="chuyenvien")) == 0, "safe to run twice"
    craft = Proposal.objects.get(title__contains="nước thải làng nghề")
    assert craft.status == ProposalStatus.DUPLICATE and craft.unit.full_name == "Huyện Thạch Thất"
    matches = similarity.similar_to(title=craft.title, exclude_proposal=craft.pk)
    assert matches[0].kind == "task" and matches[0].obj == craft.duplicate_of_task
    assert [t.title for t in AnnualPlan.objects.get(year=2025).tasks.order_by("code")] == [
        "Xây dựng mô hình sản xuất hoa, rau gia vị ứng dụng công nghệ cao tại huyện Mê Linh",
        "Bảo tồn và phát triển nguồn gen gà Mía Đường Lâm gắn với du lịch làng cổ",
    ]
