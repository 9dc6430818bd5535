"""The signed-in home page ("Việc của tôi"): each role's cards, their counts, scope, queries.

One small fixture on 3 December 2026: the year 2026 period is open (due 20/12, 17 days
left) beside the first half of 2026 (due 20/06, still open); ward A (Mê Linh) and ward B
(Quang Minh) each have reports, items and proposals, so every card can be checked for
what it shows one unit and hides from the other.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khcn.geo.models import OrganisationKind
from khcn.geo.tests.factories import OrganisationFactory
from khcn.meetings.models import AssigneeKind, FollowUpKind
from khcn.meetings.tests.factories import FollowUpFactory
from khcn.reporting.models import ReportEvent, ReportStatus
from khcn.reporting.tests.factories import ReportFactory
from khcn.research.models import Council, CouncilMember, MemberRole, ProposalStatus, TaskStatus
from khcn.research.tests.factories import MilestoneFactory, PlanCallFactory, ProposalFactory, ResearchTaskFactory

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime(2026, 12, 3, 9, 0, tzinfo=HANOI)
REASON_A = "Bổ sung số liệu chỉ tiêu A2 của xã Mê Linh."
REASON_B = "Xã Quang Minh ghi sai kỳ số liệu."


@pytest.fixture
def office(department):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Phòng Quản lý khoa học", kind=OrganisationKind.DEPARTMENT_OFFICE, unit=department.unit, parent=department
    )


def _returned(period, unit, reason):  # type: ignore[no-untyped-def]
    report = ReportFactory(period=period, unit=unit, status=ReportStatus.RETURNED)
    ReportEvent.objects.create(report=report, action="submit", from_status="draft", to_status="submitted")
    ReportEvent.objects.create(
        report=report, action="return", from_status="submitted", to_status="returned", message="Lý do cũ."
    )
    ReportEvent.objects.create(
        report=report, action="return", from_status="submitted", to_status="returned", message=reason
    )
    return report


@pytest.fixture
def work(period, last_period, ward_a, ward_b, office, expert, council_member):  # type: ignore[no-untyped-def]
    """The records every card reads, for ward A and ward B."""
    _returned(last_period, ward_a, REASON_A)
    _returned(last_period, ward_b, REASON_B)
    ReportFactory(
        period=period, unit=ward_b, status=ReportStatus.SUBMITTED, submitted_at=datetime(2026, 12, 1, tzinfo=HANOI)
    )
    # Follow-up items: overdue for ward A and for ward B, one for a division, one not yet due.
    FollowUpFactory(
        unit=ward_a,
        kind=FollowUpKind.DIRECTIVE,
        assignee_kind=AssigneeKind.UNIT,
        due_on=date(2026, 11, 20),
        text="Xã Mê Linh báo cáo mô hình trồng hoa.",
    )
    FollowUpFactory(
        unit=ward_b,
        kind=FollowUpKind.DIRECTIVE,
        assignee_kind=AssigneeKind.UNIT,
        due_on=date(2026, 11, 1),
        text="Xã Quang Minh rà soát nhãn hiệu.",
    )
    FollowUpFactory(unit=ward_a, assignee_kind=AssigneeKind.OFFICE, assignee_office=office, due_on=date(2026, 10, 1))
    FollowUpFactory(unit=ward_a, assignee_kind=AssigneeKind.UNIT, due_on=date(2026, 12, 30))
    # Proposals to an open call (1/6–31/12/2026): a draft of A, a returned and a submitted one of B.
    call = PlanCallFactory(plan_year=2027)
    ProposalFactory(call=call, unit=ward_a, title="Đề xuất của xã Mê Linh về hoa ly")
    ProposalFactory(call=call, unit=ward_b, status=ProposalStatus.RETURNED, title="Đề xuất của xã Quang Minh")
    submitted = ProposalFactory(
        call=call,
        unit=ward_b,
        status=ProposalStatus.SUBMITTED,
        title="Đề xuất Quang Minh đã gửi",
        submitted_at=datetime(2026, 11, 20, tzinfo=HANOI),
    )
    # A running task led by the expert, with a milestone overdue; a council on the submitted proposal.
    task = ResearchTaskFactory(status=TaskStatus.IN_PROGRESS, pi_user=expert, code="KH2026-01")
    MilestoneFactory(task=task, title="Khảo sát hiện trạng", due_on=date(2026, 11, 1))
    MilestoneFactory(task=task, title="Mô hình trình diễn", due_on=date(2027, 3, 1))
    council = Council.objects.create(
        proposal=submitted, name="Hội đồng xác định nhiệm vụ hoa ly", meets_on=date(2026, 12, 10)
    )
    CouncilMember.objects.create(council=council, user=council_member, role=MemberRole.REVIEWER)
    CouncilMember.objects.create(council=council, user=expert, role=MemberRole.CHAIR, has_conflict=False)
    return {"call": call, "task": task, "council": council}


def _home(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _card(html: str, key: str) -> str:
    """The markup of one card (empty when the page does not show it as a card with work)."""
    match = re.search(rf'<section class="card h-100 work-card"[^>]*data-card="{key}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def _count(card: str) -> int:
    return int(re.search(r'work-count">(\d+)<', card).group(1))  # type: ignore[union-attr]


def test_commune_officer_sees_reports_to_send_returned_reasons_items_proposals_and_calls(
    client, officer_a, work, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    html = _home(client, officer_a)
    to_send = _card(html, "reports_to_fill")
    assert _count(to_send) == 1
    assert "Năm 2026" in to_send and "Còn 17 ngày" in to_send and "20/12/2026" in to_send
    returned = _card(html, "reports_returned")
    assert _count(returned) == 1
    assert "Lý do Sở trả lại: " + REASON_A in returned
    assert "Lý do cũ." not in returned  # the latest return's reason, as the history shows last
    items = _card(html, "unit_items_overdue")
    assert _count(items) == 1
    assert "Quá hạn 13 ngày" in items
    assert "/meetings/items/?state=overdue" in items
    proposals = _card(html, "proposals_to_complete")
    assert _count(proposals) == 1 and "hoa ly" in proposals
    calls = _card(html, "calls_open")
    assert _count(calls) == 1 and "Còn 28 ngày" in calls
    # Department cards are not a commune officer's work.
    assert "reports_to_review" not in html and "units_unsent" not in html


def test_commune_officer_never_sees_another_wards_records(client, officer_a, work, time_machine):
    time_machine.move_to(TODAY, tick=False)
    html = _home(client, officer_a)
    for other in (REASON_B, "Quang Minh"):
        assert other not in html


def test_other_ward_sees_its_own_returned_report_and_items(client, officer_b, work, time_machine):
    time_machine.move_to(TODAY, tick=False)
    html = _home(client, officer_b)
    assert REASON_B in _card(html, "reports_returned") and REASON_A not in html
    assert not _card(html, "reports_to_fill")  # sent the year's report; the returned one has its card
    assert "Không có báo cáo nào phải gửi trong các kỳ đang mở." in html
    assert "Xã Quang Minh rà soát nhãn hiệu." in _card(html, "unit_items_overdue")
    assert "Mê Linh báo cáo" not in html


def test_department_officer_sees_reviews_late_units_items_by_division_proposals_councils_milestones(
    client, dept_officer, work, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    html = _home(client, dept_officer)
    review = _card(html, "reports_to_review")
    assert _count(review) == 1 and "Quang Minh" in review and "Chờ từ ngày 01/12/2026" in review
    unsent = _card(html, "units_unsent")
    assert "Năm 2026" in unsent and "6 tháng đầu năm 2026" in unsent
    by_office = _card(html, "office_items_overdue")
    assert _count(by_office) == 1 and "Phòng Quản lý khoa học" in by_office
    assert _count(_card(html, "proposals_to_screen")) == 1
    quorum = _card(html, "councils_short_of_quorum")
    assert _count(quorum) == 1 and "Đã nộp 0/2 phiếu chấm điểm" in quorum
    milestones = _card(html, "milestones_overdue")
    assert _count(milestones) == 1 and "Khảo sát hiện trạng" in milestones and "Quá hạn 32 ngày" in milestones
    assert "reports_to_fill" not in html and "reports_to_sign_off" not in html


def test_units_unsent_counts_every_expected_commune_but_those_that_sent(client, dept_officer, work, time_machine):
    time_machine.move_to(TODAY, tick=False)
    from khcn.geo.models import AdminUnit, UnitLevel
    from khcn.reporting.selectors import period_unsent_list

    communes = AdminUnit.objects.current(date(2026, 12, 14)).filter(level=UnitLevel.COMMUNE, path__startswith="p01/")
    lines = {line.period.name: line for line in period_unsent_list(user=dept_officer, today=TODAY.date())}
    assert lines["Năm 2026"].expected == communes.count()
    assert lines["Năm 2026"].unsent == communes.count() - 1  # ward B submitted
    assert lines["6 tháng đầu năm 2026"].unsent == lines["6 tháng đầu năm 2026"].expected  # two returned count


def test_leader_sees_reports_to_sign_off_city_progress_and_one_line_each(
    client, dept_leader, work, last_period, ward_b, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    last_period.reports.filter(unit=ward_b).update(
        status=ReportStatus.APPROVED, approved_at=datetime(2026, 6, 25, tzinfo=HANOI)
    )
    html = _home(client, dept_leader)
    sign_off = _card(html, "reports_to_sign_off")
    assert _count(sign_off) == 1 and "Xã Quang Minh — 6 tháng đầu năm 2026" in sign_off
    assert "Chờ từ ngày 25/06/2026" in sign_off
    assert re.search(r'data-card="city_progress">.*6 tháng đầu năm 2026: 1/\d+ đơn vị đã gửi báo cáo', html, re.S)
    assert re.search(r'data-card="items_overdue_line">.*3 kiến nghị, chỉ đạo đã quá hạn\.', html, re.S)
    assert re.search(r'data-card="tasks_overdue_line">.*1 mốc tiến độ quá hạn, 0 kết quả', html, re.S)
    assert "reports_to_review" not in html


def test_council_member_sees_declaration_to_sign_and_expert_the_sheet_to_score(
    client, council_member, expert, work, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    html = _home(client, council_member)
    declare = _card(html, "seats_to_declare")
    assert _count(declare) == 1 and "Hội đồng xác định nhiệm vụ hoa ly" in declare and "Còn 7 ngày" in declare
    assert not _card(html, "seats_to_score")
    client.logout()
    html = _home(client, expert)
    score = _card(html, "seats_to_score")
    assert _count(score) == 1 and "Còn 7 ngày" in score
    led = _card(html, "tasks_led")
    assert _count(led) == 1 and "KH2026-01" in led and "Quá hạn 32 ngày" in led  # the next undone milestone


def test_positive_line_when_nothing_waits(client, officer_a, period, time_machine):
    time_machine.move_to(TODAY, tick=False)
    html = _home(client, officer_a)
    assert "Không có việc tồn đọng" in html
    assert "Không có kiến nghị, chỉ đạo nào giao đơn vị bị quá hạn." in html
    assert not _card(html, "reports_returned") and "reports_returned" not in html  # hidden, not "0"


def _more(work, ward_a, ward_b, period, last_period, expert, council_member):  # type: ignore[no-untyped-def]
    """Ten times the records, for the query count."""
    for n in range(10):
        FollowUpFactory(unit=ward_a, assignee_kind=AssigneeKind.UNIT, due_on=date(2026, 11, 1 + n))
        FollowUpFactory(unit=ward_b, assignee_kind=AssigneeKind.OFFICE, due_on=date(2026, 10, 1 + n))
        ProposalFactory(call=work["call"], unit=ward_a)
        ProposalFactory(call=work["call"], unit=ward_b, status=ProposalStatus.SUBMITTED)
        MilestoneFactory(task=work["task"], due_on=date(2026, 10, 1 + n))
        task = ResearchTaskFactory(status=TaskStatus.IN_PROGRESS, pi_user=expert)
        MilestoneFactory(task=task, due_on=date(2026, 9, 1 + n))
        council = Council.objects.create(task=task, name=f"Hội đồng {n}", meets_on=date(2026, 12, 10 + n))
        CouncilMember.objects.create(council=council, user=council_member)
        CouncilMember.objects.create(council=council, user=expert, has_conflict=False)
    from khcn.geo.models import AdminUnit, UnitLevel

    for unit in AdminUnit.objects.current().filter(level=UnitLevel.COMMUNE, path__startswith="p01/")[:15]:
        if unit.pk not in (ward_a.pk, ward_b.pk):
            ReportFactory(period=period, unit=unit, status=ReportStatus.SUBMITTED)
            ReportFactory(period=last_period, unit=unit, status=ReportStatus.APPROVED)


@pytest.mark.parametrize("persona", ["officer_a", "dept_officer", "dept_leader", "expert", "council_member"])
def test_home_page_costs_the_same_queries_whatever_the_data(
    client, persona, work, ward_a, ward_b, period, last_period, expert, council_member, request, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    client.get("/")  # the first request after signing in also refreshes the session
    small = count()
    _more(work, ward_a, ward_b, period, last_period, expert, council_member)
    assert count() == small
