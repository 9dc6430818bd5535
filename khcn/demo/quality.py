"""Demo: the ISO 9001 state of the local administrations and the courses that answered the
seeds' training requests (issue 16, items 2 and 3).

From the seeds: Phúc Thọ built and keeps a quality management system to TCVN ISO 9001:2015 at
the district and its 21 communes and towns, with 100% of administrative procedures in ISO
processes. (The unit registry lists 18 communes and towns under the district before the
reform: each gets a record, and the district's record quotes the seed's 21.) The district was
abolished on 1 July 2025: its record and its former communes'
records are kept for history (dated before the reform), and the current communes that received
its communes (the successors the registry gives) carry the system on. The number of procedures,
every date, the states of the other units, the courses and their participants are invented and
flagged `is_demo`. Mê Linh and Ứng Hòa asked for training in July 2024 (khcn/demo/meetings.py);
the October 2024 course that answered them is linked to those items, and the course organised
for today's communes answers their open training requests, if any, through the meetings service.

A closed ISO gap, told through the services (invented, flagged demo): Quang Minh, whose record
shows procedures without an ISO process and no management review this year, asks the
Department for ISO 9001 guidance (a follow-up item); the Department answers it with the talk on
ISO 9001 after the reorganisation, which the commune's officer attends; the commune then sends
its self-report with every procedure in a process and this year's review, the Department
accepts it, and the board shows no gap for Quang Minh.
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from khcn.accounts.models import User
from khcn.demo.clock import happened_at, moment, today
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.geo.selectors import unit_current_successors
from khcn.meetings.models import CLOSED_STATUSES, FollowUp, FollowUpKind, FollowUpStatus, Topic
from khcn.meetings.services import item_add, item_respond
from khcn.quality.models import (
    Course,
    CourseAnswer,
    CourseKind,
    Inspection,
    Participant,
    QmsMode,
    QualitySystem,
    SelfReport,
    SelfReportStatus,
)
from khcn.quality.services import course_answers, selfreport_review, selfreport_submit

PHUC_THO = "Phúc Thọ"
SCOPE = "Giải quyết thủ tục hành chính thuộc thẩm quyền của UBND và bộ phận một cửa (demo)"
# The seed's words; the registry holds the district's communes as they stood before the reform.
SEED_SCOPE = (
    "UBND huyện và 21 xã, thị trấn; 100% thủ tục hành chính được xây dựng quy trình ISO "
    "theo TCVN ISO 9001:2015 (theo bài viết)"
)
GUIDANCE = "Sở KH&CN hướng dẫn duy trì, cải tiến HTQLCL theo TCVN ISO 9001:2015 (demo)"
# The commune whose ISO gap the demo closes, and its officer's demo account.
STORY_UNIT, STORY_OFFICER = "Quang Minh", "xaquangminh"
ISO_REQUEST = (
    "Đề nghị Sở hướng dẫn rà soát phạm vi áp dụng và xây dựng quy trình ISO 9001 cho các thủ tục hành chính "
    "xã mới tiếp nhận sau sắp xếp đơn vị hành chính (demo)"
)


def _former_district(name: str) -> AdminUnit:
    return AdminUnit.objects.get(name=name, level=UnitLevel.DISTRICT, valid_to__isnull=False, path__startswith="p01/")


def _qms(unit: AdminUnit, **fields: Any) -> QualitySystem:
    qms = QualitySystem(unit=unit, scope=SCOPE, guidance=GUIDANCE, is_demo=True, **fields)
    qms.full_clean()
    qms.save()
    return qms


def _history(district: AdminUnit) -> None:
    """The district and its former communes and towns, as they stood before 1 July 2025."""
    figures = {
        "mode": QmsMode.SELF_ANNOUNCEMENT,
        "announced_on": date(2022, 6, 15),
        "last_internal_audit_on": date(2024, 11, 20),
        "last_review_on": date(2024, 12, 16),
    }
    district_record = _qms(district, procedures_total=320, procedures_in_iso=320, **figures)
    district_record.scope = SEED_SCOPE
    district_record.save()
    for commune in district.children.filter(level=UnitLevel.COMMUNE).order_by("sort_key", "pk"):
        _qms(commune, procedures_total=110, procedures_in_iso=110, **figures)


def _current(units: list[AdminUnit], officer: Any, day: date) -> None:
    """Today's communes: varied states, so the board shows each gap."""
    year_start = date(day.year, 1, 1)
    review = max(year_start, day - timedelta(days=60))
    states: list[dict[str, Any]] = [
        # complete, with this year's self-report (accepted)
        {"last_review_on": review, "procedures_total": 140, "procedures_in_iso": 140, "report": True},
        # no management review this year
        {"last_review_on": date(day.year - 1, 12, 10), "procedures_total": 132, "procedures_in_iso": 132},
        # procedures without an ISO process after the merger
        {"last_review_on": review, "procedures_total": 150, "procedures_in_iso": 128},
        # announcement expired
        {"last_review_on": review, "procedures_total": 120, "procedures_in_iso": 120, "expired": True},
    ]
    for index, unit in enumerate(units):
        state = dict(states[index % len(states)])
        report = state.pop("report", False)
        expired = state.pop("expired", False)
        announced = date(2025, 7, 15) if not expired else date(day.year - 4, 3, 1)
        qms = _qms(
            unit,
            mode=QmsMode.SELF_ANNOUNCEMENT,
            announced_on=announced,
            valid_until=(day - timedelta(days=10)) if expired else None,
            last_internal_audit_on=max(date(2025, 7, 15), review - timedelta(days=30)),
            open_corrective_actions=index % 3,
            **state,
        )
        if report:
            sr = SelfReport(
                unit=unit,
                year=day.year,
                status=SelfReportStatus.ACCEPTED,
                reviewed_by=officer,
                note="Duy trì HTQLCL sau khi sắp xếp đơn vị hành chính (demo)",
                is_demo=True,
                **{name: getattr(qms, name) for name in QualitySystem.FIGURES},
            )
            sr.full_clean()
            sr.save()
    if units:
        Inspection.objects.create(
            unit=units[2 if len(units) > 2 else 0],
            inspected_on=max(year_start, day - timedelta(days=40)),
            inspector="Đoàn kiểm tra Sở KH&CN (demo)",
            findings="Một số thủ tục mới tiếp nhận sau sắp xếp chưa được xây dựng quy trình ISO (demo).",
            corrective_actions="Xây dựng, ban hành quy trình cho các thủ tục còn thiếu trong quý tới (demo).",
            created_by=officer,
            is_demo=True,
        )


def _course(title: str, kind: str, starts: date, ends: date, units: list[AdminUnit], **fields: Any) -> Course:
    course = Course(title=title, kind=kind, starts_on=starts, ends_on=ends, is_demo=True, **fields)
    course.full_clean()
    course.save()
    course.units_invited.set(units)
    return course


def _courses(officer: Any, day: date, communes: list[AdminUnit]) -> Course:
    requests = list(FollowUp.objects.filter(topic=Topic.TRAINING).select_related("unit").order_by("pk"))
    # 1. The October 2024 course the seed districts' requests were answered with (history).
    past = [r for r in requests if r.unit.valid_to is not None]
    with happened_at(moment(date(2024, 10, 10), 8)):
        held = _course(
            "Lớp tập huấn nghiệp vụ quản lý KH&CN cấp huyện, tháng 10/2024",
            CourseKind.TRAINING,
            date(2024, 10, 10),
            date(2024, 10, 11),
            sorted({r.unit for r in past}, key=lambda u: u.sort_key),
            topic="Quản lý nhiệm vụ KH&CN, sở hữu trí tuệ, tiêu chuẩn đo lường chất lượng (demo)",
            trainers="Chuyên viên Phòng Quản lý khoa học (demo)",
            place="Hội trường Sở KH&CN Hà Nội (demo)",
            created_by=officer,
        )
        for request in past:
            CourseAnswer.objects.create(course=held, followup=request, linked_by=officer)
        for index, unit in enumerate(held.units_invited.all()):
            for n in range(2):
                Participant.objects.create(
                    course=held,
                    name=f"Cán bộ {unit.name} {n + 1} (demo)",
                    unit=unit,
                    attended=True,
                    rating=4 + (index + n) % 2,
                    comment="Nội dung thiết thực (demo)" if n == 0 else "",
                )
    # 2. A talk on ISO 9001 after the reorganisation, held recently for today's communes.
    talk_day = day - timedelta(days=21)
    with happened_at(moment(talk_day - timedelta(days=14), 10)):
        talk = _course(
            "Tọa đàm duy trì HTQLCL theo TCVN ISO 9001:2015 sau sắp xếp đơn vị hành chính (demo)",
            CourseKind.TALK,
            talk_day,
            talk_day,
            communes,
            topic="Rà soát phạm vi áp dụng, xây dựng quy trình cho thủ tục mới tiếp nhận (demo)",
            trainers="Chi cục Tiêu chuẩn Đo lường Chất lượng (demo)",
            place="Sở KH&CN Hà Nội (demo)",
            created_by=officer,
        )
    for unit in [u for u in communes if u.name != STORY_UNIT][:4]:  # the story's officer signs up apart
        Participant.objects.create(course=talk, name=f"Công chức xã {unit.name} (demo)", unit=unit, attended=True)
    # 3. A refresher course ahead, scheduled two days ago, answering today's open training requests.
    ahead = day + timedelta(days=30)
    with happened_at(moment(day - timedelta(days=2))):
        course = _course(
            "Bồi dưỡng nghiệp vụ KH&CN cho công chức cấp xã (demo)",
            CourseKind.REFRESHER,
            ahead,
            ahead + timedelta(days=1),
            communes,
            topic="Quản lý KH&CN cấp xã, đổi mới sáng tạo, chuyển đổi số (demo)",
            trainers="Chuyên gia Học viện Nông nghiệp Việt Nam (demo)",
            place="Hội trường Sở KH&CN Hà Nội (demo)",
            created_by=officer,
        )
        for request in requests:
            if request.unit.valid_to is None and request.status not in CLOSED_STATUSES:
                course_answers(user=officer, course=course, followup=request, today=day)
    return talk


def _past(day: date, hour: int) -> Any:
    """That day at that hour, or a minute ago when that is still ahead (the demo loads early)."""
    return min(moment(day, hour), timezone.now() - timedelta(minutes=1))


def _iso_story(unit: AdminUnit, officer: Any, talk: Course, day: date) -> None:
    """Quang Minh's ISO gap closed: its request for ISO guidance, answered by the talk it
    attended, then its self-report with every procedure in a process (invented, demo)."""
    person = User.objects.filter(username=STORY_OFFICER).first() or officer
    offices = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT_OFFICE)
    with happened_at(moment(talk.starts_on - timedelta(days=50), 10)):  # the record as it stood
        _qms(
            unit,
            mode=QmsMode.SELF_ANNOUNCEMENT,
            announced_on=date(2025, 7, 15),
            procedures_total=138,
            procedures_in_iso=112,
            last_internal_audit_on=date(2025, 11, 20),
            last_review_on=date(2025, 12, 18),
            open_corrective_actions=2,
        )
    with happened_at(moment(talk.starts_on - timedelta(days=45), 14)):
        item = item_add(
            user=person,
            unit=unit,
            kind=FollowUpKind.REQUEST,
            text=ISO_REQUEST,
            topic=Topic.QUALITY,
            assignee_office=offices.filter(name="Phòng Quản lý khoa học").first(),
            raised_by="Trần Thị Hoa, công chức xã Quang Minh",
            due_on=talk.starts_on,
            is_demo=True,
        )
    with happened_at(moment(talk.starts_on - timedelta(days=14), 11)):  # when the talk was set
        course_answers(user=officer, course=talk, followup=item, today=talk.starts_on - timedelta(days=14))
    with happened_at(moment(talk.ends_on, 17)):
        Participant.objects.create(
            course=talk,
            user=person,
            name=person.get_full_name() or person.get_username(),
            unit=unit,
            attended=True,
            rating=5,
            comment="Được hướng dẫn cụ thể cách xây dựng quy trình cho thủ tục mới (demo)",
            evaluated_at=timezone.now(),
        )
    with happened_at(moment(talk.ends_on + timedelta(days=2), 9)):
        item_respond(
            user=officer,
            item=item,
            text=f"Xã đã cử công chức dự tọa đàm ngày {talk.starts_on:%d/%m/%Y}; Sở gửi kèm bộ quy trình mẫu (demo).",
            status=FollowUpStatus.DONE,
        )
    reported_on = max(date(day.year, 1, 1), min(day, talk.ends_on + timedelta(days=11)))
    with happened_at(_past(reported_on, 8)):
        report = selfreport_submit(
            user=person,
            unit=unit,
            year=day.year,
            note="Đã ban hành quy trình ISO cho toàn bộ thủ tục hành chính sau tọa đàm của Sở (demo)",
            mode=QmsMode.SELF_ANNOUNCEMENT,
            announced_on=date(2025, 7, 15),
            valid_until=None,
            procedures_total=138,
            procedures_in_iso=138,
            last_internal_audit_on=max(date(day.year, 1, 1), reported_on - timedelta(days=6)),
            last_review_on=max(date(day.year, 1, 1), reported_on - timedelta(days=2)),
            open_corrective_actions=0,
        )
        SelfReport.objects.filter(pk=report.pk).update(is_demo=True)
    with happened_at(_past(reported_on, 15)):
        selfreport_review(user=officer, report=report, accept=True, note="Sở ghi nhận (demo)")


def quality_demo_load(*, officer: Any) -> None:
    """Phúc Thọ's ISO 9001 state (seed), other units' (invented) and the courses; nothing if loaded."""
    if QualitySystem.objects.filter(is_demo=True).exists():
        return
    day = today()
    district = _former_district(PHUC_THO)
    successors = [c.unit for c in unit_current_successors(unit=district, on=day)]
    communes = list(
        AdminUnit.objects.current(day)
        .filter(level=UnitLevel.COMMUNE, path__startswith="p01/", name__in=["Mê Linh", "Quang Minh", "Tiến Thắng"])
        .order_by("sort_key", "pk")
    )
    units = successors + [u for u in communes if u not in successors]
    story = next((u for u in units if u.name == STORY_UNIT), None)
    with transaction.atomic():
        with happened_at(moment(date(2025, 6, 20), 9)):
            _history(district)
        with happened_at(moment(day - timedelta(days=40), 10)):  # the records as last updated (demo)
            _current([u for u in units if u != story], officer, day)
        with happened_at(moment(day - timedelta(days=3), 10)):  # what the courses' pages were last given
            talk = _courses(officer, day, units)
        if story is not None:
            _iso_story(story, officer, talk, day)
