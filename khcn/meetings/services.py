"""Writes to working sessions and follow-up items; pages, the API and imports call these.

Each function checks the permission itself (STYLE.md §2) and records who did what: the
models keep their history (django-simple-history) and every answer on an item is a row.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.permissions import acts_as_local_officer, unit_in_write_scope
from khcn.accounts.scoping import OUT_OF_SCOPE, organisation_check_writable, unit_check_writable
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import fold, nfc
from khcn.core.uploads import check_upload, upload_name
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.meetings.models import (
    CLOSED_STATUSES,
    AssigneeKind,
    Attendee,
    FollowUp,
    FollowUpKind,
    FollowUpResponse,
    FollowUpStatus,
    Meeting,
    MeetingLevel,
    MeetingRound,
    MeetingStatus,
    MeetingUnit,
    Topic,
)
from khcn.notifications.models import NotificationKind
from khcn.notifications.selectors import office_officers, unit_officers
from khcn.notifications.services import notify
from khcn.programs.models import ReportingPeriod, SectionKey
from khcn.reporting.models import Report

REASON_REQUIRED = "reason_required"
NOT_OWED = "not_owed"  # a status moved by a party that does not owe the answer
# What a unit's officer may set on an item of its own unit; the Department may set any status.
UNIT_STATUSES = frozenset({FollowUpStatus.IN_PROGRESS, FollowUpStatus.ANSWERED, FollowUpStatus.DONE})


# -- items from a periodic report -----------------------------------------------------------


def _request_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = nfc(raw).lstrip("-+•*· \t")
        line = line.split(". ", 1)[1] if line[:3].rstrip(".").isdigit() and ". " in line[:4] else line
        if len(line) >= 5:
            lines.append(line)
    return list(dict.fromkeys(lines))


TOO_MANY_REQUESTS = "too_many_requests"


def report_requests_check(*, text: str) -> list[str]:
    """The request lines of a report's "requests and proposals" section, if not too many.

    A submission turns each line into a follow-up item the Department must answer, so one
    report may raise at most KHCN_MAX_ITEMS_PER_REPORT of them; past that it is refused with
    a message asking the unit to merge lines (issue 12: 3,000 lines once made 3,000 items).
    """
    lines = _request_lines(text)
    limit = settings.KHCN_MAX_ITEMS_PER_REPORT
    if len(lines) > limit:
        raise ValidationError(
            _(
                "The section “Requests and proposals” has %(count)s requests; a report may raise at most "
                "%(limit)s. Merge related requests into one line, then submit again."
            )
            % {"count": len(lines), "limit": limit},
            code=TOO_MANY_REQUESTS,
        )
    return lines


def followups_from_report_requests(*, report: Any, text: str, user: Any) -> list[FollowUp]:
    """Turn the "requests and proposals" section of a report into request items.

    One item per non-empty line (a leading "-", "+", "•" or numbering is dropped), at most
    KHCN_MAX_ITEMS_PER_REPORT (`report_requests_check`). Items already created from this
    report with the same text are kept, not duplicated, so a resubmitted report does not
    double them.
    """
    lines = report_requests_check(text=text)
    existing = set(FollowUp.objects.filter(source_report=report).values_list("text", flat=True))
    created = []
    for line in lines:
        if line in existing:
            continue
        item = FollowUp(
            kind=FollowUpKind.REQUEST,
            unit=report.unit,
            text=line,
            topic=guess_topic(line),
            source_report=report,
            created_by=user,
            updated_by=user,
        )
        attribute_to(item, user)
        item.save()
        created.append(item)
    return created


def followups_check_report(event: Any) -> None:
    """The check meetings registers with reporting: a report raises a bounded number of requests."""
    report_requests_check(text=event.sections.get(SectionKey.REQUESTS, ""))


def followups_on_report_submitted(event: Any) -> None:
    """The hook meetings registers with reporting: a submitted report's requests become items."""
    requests = event.sections.get(SectionKey.REQUESTS, "")
    if requests.strip():
        followups_from_report_requests(report=event.report, text=requests, user=event.user)


# Words that point to a topic, checked in order on the folded text ("tap huan" → training).
_TOPIC_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (Topic.TRAINING, ("tap huan", "boi duong", "dao tao")),
    (Topic.QUALITY, ("iso 9001", "htqlcl", "he thong quan ly chat luong")),
    (Topic.ENVIRONMENT, ("o nhiem", "moi truong", "chat thai")),
    (Topic.IP, ("nhan hieu", "so huu tri tue", "chi dan dia ly", "bao ho")),
    (Topic.AGRICULTURE, ("nong nghiep", "chan nuoi", "giong", "cay trong")),
    (Topic.DIGITAL, ("chuyen doi so", "kinh te so", "truc tuyen", "cong nghe thong tin")),
    (Topic.STAFFING, ("bien che", "nhan luc", "can bo chuyen trach")),
    (Topic.FUNDING, ("kinh phi", "nguon von", "tai chinh")),
    (Topic.POLICY, ("chinh sach", "huong dan", "co che")),
    (Topic.TECHNOLOGY, ("chuyen giao", "doi moi cong nghe", "ung dung")),
    (Topic.INITIATIVES, ("sang kien",)),
    (Topic.REPORTING, ("bao cao",)),
    (Topic.COMMUNICATION, ("tuyen truyen", "thong tin")),
]


def guess_topic(text: str) -> str:
    """A first topic for an item typed as free text; staff correct it when it is wrong."""
    folded = fold(text)
    for topic, words in _TOPIC_WORDS:
        if any(word in folded for word in words):
            return topic
    return Topic.OTHER


# -- session rounds -------------------------------------------------------------------------

ROUND_HAS_SESSIONS = "round_has_sessions"
ROUND_HAS_SESSIONS_MESSAGE = gettext_lazy(
    "This round has working sessions, so it cannot be deleted. Move its sessions to another round first."
)


def _require_manage(user: Any) -> None:
    if not user.has_perm("meetings.manage_meeting"):
        raise PermissionDenied


def round_create(
    *,
    user: Any,
    name: str,
    year: int,
    purpose: str = "",
    plan_year: int | None = None,
    period: ReportingPeriod | None = None,
) -> MeetingRound:
    """Open a round of working sessions (đợt làm việc) for `year`, e.g. on next year's plan.

    `period` is the reporting period whose reports the sessions discuss: each unit of a
    session's cluster is then linked to its report for it.
    """
    _require_manage(user)
    meeting_round = MeetingRound(
        name=" ".join(nfc(name).split()),
        year=year,
        purpose=nfc(purpose).strip(),
        plan_year=plan_year,
        period=period,
        created_by=user,
        updated_by=user,
    )
    with transaction.atomic():
        attribute_to(meeting_round, user)
        meeting_round.full_clean()
        meeting_round.save()
    return meeting_round


def round_update(*, user: Any, meeting_round: MeetingRound, expected_version: int) -> MeetingRound:
    """Save edits already set on `meeting_round` (by the form); a stale copy is refused.

    When the reporting period changes, the sessions' units are linked to their reports for
    the new period where they have none yet.
    """
    _require_manage(user)
    with transaction.atomic():
        current = locked_current(meeting_round, expected_version=expected_version)
        meeting_round.version = current.version + 1
        meeting_round.updated_by = user
        attribute_to(meeting_round, user)
        meeting_round.full_clean()
        meeting_round.save()
        if meeting_round.period_id != current.period_id:
            for meeting in meeting_round.meetings.select_related("round").prefetch_related("cluster"):
                _link_reports(meeting)
    return meeting_round


def round_delete(*, user: Any, meeting_round: MeetingRound) -> None:
    """Delete a round opened by mistake; one that has sessions cannot be deleted."""
    _require_manage(user)
    with transaction.atomic():
        current = locked_current(meeting_round, expected_version=None)
        if current.meetings.exists():
            raise ValidationError(ROUND_HAS_SESSIONS_MESSAGE, code=ROUND_HAS_SESSIONS)
        attribute_to(current, user)
        current.delete()


# -- sessions -------------------------------------------------------------------------------


def _link_reports(meeting: Meeting) -> None:
    """Link each cluster unit to its report of the round's period, when there is one."""
    period_id = meeting.round.period_id if meeting.round_id and meeting.round else None
    if not period_id:
        return
    reports = {
        r.unit_id: r.pk
        for r in Report.objects.filter(period_id=period_id, unit__in=[mu.unit_id for mu in meeting.cluster.all()])
    }
    for mu in meeting.cluster.all():
        if mu.report_id is None and mu.unit_id in reports:
            mu.report_id = reports[mu.unit_id]
            mu.save(update_fields=["report"])


def meeting_create(
    *,
    user: Any,
    title: str,
    starts_at: datetime,
    place: str,
    units: list[AdminUnit],
    round: MeetingRound | None = None,
    host_unit: AdminUnit | None = None,
    chair: str = "",
    co_chair: str = "",
    prepare: str = "",
    prepare_by: date | None = None,
    level: str | None = None,
    is_demo: bool = False,
) -> Meeting:
    """Create a session for a cluster; each unit gets what it must prepare and by when.

    A city-level session (the Department reporting to a city leader) has the province as its
    only "unit": the Department is the reporting party, and its requests to the city and the
    leader's directives are follow-up items of the province."""
    _require_manage(user)
    if not units:
        raise ValidationError(_("Choose at least one unit for the session."), code="no_units")
    is_province = [unit.level == UnitLevel.PROVINCE for unit in units]
    if level is None:  # a session with the province alone is the Department's with the city
        level = MeetingLevel.CITY if len(units) == 1 and is_province[0] else MeetingLevel.UNITS
    if level == MeetingLevel.CITY and (len(units) != 1 or not is_province[0]):
        raise ValidationError(_("A session with the city has the province as its only party."), code="city_units")
    if level != MeetingLevel.CITY and any(is_province):
        raise ValidationError(_("Choose communes, wards or former districts for the cluster."), code="units")
    for unit in units:
        unit_check_writable(user=user, unit=unit, field="units")
    unit_check_writable(user=user, unit=host_unit, field="host_unit")
    with transaction.atomic():
        meeting = Meeting(
            level=level,
            round=round,
            title=nfc(title).strip(),
            starts_at=starts_at,
            place=nfc(place).strip(),
            host_unit=host_unit,
            chair=nfc(chair).strip(),
            co_chair=nfc(co_chair).strip(),
            is_demo=is_demo,
            created_by=user,
            updated_by=user,
        )
        attribute_to(meeting, user)
        meeting.full_clean()
        meeting.save()
        for position, unit in enumerate(dict.fromkeys(units)):
            MeetingUnit.objects.create(
                meeting=meeting, unit=unit, position=position, prepare=nfc(prepare).strip(), prepare_by=prepare_by
            )
        _link_reports(meeting)
    return meeting


def meeting_update(*, user: Any, meeting: Meeting, expected_version: int, units: list[AdminUnit] | None) -> Meeting:
    """Save edited fields (already set on `meeting`) and, if given, the new cluster."""
    _require_manage(user)
    for unit in units or []:
        unit_check_writable(user=user, unit=unit, field="units")
    if meeting.host_unit_id:
        unit_check_writable(user=user, unit=meeting.host_unit, field="host_unit")
    with transaction.atomic():
        current = locked_current(meeting, expected_version=expected_version)
        meeting.version = current.version + 1
        meeting.updated_by = user
        attribute_to(meeting, user)
        meeting.full_clean()
        meeting.save()
        if units is not None:
            keep = {u.pk for u in units}
            meeting.cluster.exclude(unit_id__in=keep).delete()
            have = set(meeting.cluster.values_list("unit_id", flat=True))
            start = len(have)
            for offset, unit in enumerate(u for u in dict.fromkeys(units) if u.pk not in have):
                MeetingUnit.objects.create(meeting=meeting, unit=unit, position=start + offset)
        _link_reports(meeting)
    return meeting


def attendee_add(
    *,
    user: Any,
    meeting: Meeting,
    kind: str,
    name: str,
    position: str = "",
    unit: AdminUnit | None = None,
    organisation: Organisation | None = None,
    attended: bool | None = None,
) -> Attendee:
    _require_manage(user)
    unit_check_writable(user=user, unit=unit, field="unit")
    organisation_check_writable(user=user, organisation=organisation, field="organisation")
    name = " ".join(nfc(name).split())
    if len(name) < 2:
        raise ValidationError(_("Enter the attendee's name or the body they represent."), code="name")
    attendee = Attendee(
        meeting=meeting,
        kind=kind,
        name=name,
        position=" ".join(nfc(position).split()),
        unit=unit,
        organisation=organisation,
        attended=attended,
    )
    attribute_to(attendee, user)
    attendee.full_clean()
    attendee.save()
    return attendee


def attendance_record(*, user: Any, meeting: Meeting, attended: dict[int, bool | None]) -> int:
    """Record who attended (True), who did not (False) or unknown (None); returns changes."""
    _require_manage(user)
    changed = 0
    with transaction.atomic():
        for attendee in meeting.attendees.all():
            if attendee.pk in attended and attendee.attended != attended[attendee.pk]:
                attendee.attended = attended[attendee.pk]
                attribute_to(attendee, user)
                attendee.save(update_fields=["attended"])
                changed += 1
        if changed and meeting.status == MeetingStatus.PLANNED and meeting.starts_at <= timezone.now():
            Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
            meeting.status = MeetingStatus.HELD
    return changed


def minutes_save(
    *,
    user: Any,
    meeting: Meeting,
    expected_version: int,
    minutes: str,
    conclusion: str,
    unit_notes: dict[int, str],
    conclude: bool = False,
) -> Meeting:
    """Save the minutes (general part and one part per unit) and the conclusion.

    With `conclude`, the session is marked concluded; a conclusion is then required.
    """
    _require_manage(user)
    conclusion = nfc(conclusion).strip()
    if conclude and not conclusion:
        raise ValidationError(_("Write the conclusion before marking the session concluded."), code="conclusion")
    with transaction.atomic():
        current = locked_current(meeting, expected_version=expected_version)
        meeting.minutes = nfc(minutes).strip()
        meeting.conclusion = conclusion
        if conclude:
            meeting.status = MeetingStatus.CONCLUDED
        elif meeting.status == MeetingStatus.PLANNED and meeting.starts_at <= timezone.now():
            meeting.status = MeetingStatus.HELD
        meeting.version = current.version + 1
        meeting.updated_by = user
        attribute_to(meeting, user)
        meeting.save()
        for mu in meeting.cluster.all():
            if mu.unit_id in unit_notes and mu.notes != nfc(unit_notes[mu.unit_id]).strip():
                mu.notes = nfc(unit_notes[mu.unit_id]).strip()
                attribute_to(mu, user)
                mu.save(update_fields=["notes"])
    return meeting


# -- follow-up items ------------------------------------------------------------------------


def item_add(
    *,
    user: Any,
    unit: AdminUnit,
    kind: str,
    text: str,
    topic: str = "",
    assignee_kind: str = AssigneeKind.OFFICE,
    assignee_office: Organisation | None = None,
    assignee_name: str = "",
    due_on: date | None = None,
    meeting: Meeting | None = None,
    raised_by: str = "",
    is_public: bool = False,
    is_demo: bool = False,
    source_text: str = "",
) -> FollowUp:
    """Record a request from `unit` or a directive to it (from a session or on its own).

    `source_text` is the sentence of an article or minutes the item was read from (ingest).

    The unit, the session and the division named must be the user's to write for (400 on
    the field); an account that may write nothing, such as a former district's history-only
    account, is refused outright (403).
    """
    if not (user.has_perm("meetings.manage_meeting") or acts_as_local_officer(user)):
        raise PermissionDenied
    unit_check_writable(user=user, unit=unit, field="unit")
    if meeting is not None and not any(unit_in_write_scope(user, mu) for mu in meeting.cluster.all()):
        raise ValidationError({"meeting": ValidationError(_("No such session in your scope."), code=OUT_OF_SCOPE)})
    if assignee_office is not None and assignee_office.kind != OrganisationKind.DEPARTMENT_OFFICE:
        raise ValidationError(
            {"assignee_office": ValidationError(_("No such division of the Department."), code=OUT_OF_SCOPE)}
        )
    if not user.has_perm("meetings.add_followup", unit):
        raise PermissionDenied
    text = nfc(text).strip()
    if len(text) < 5:
        raise ValidationError(_("Write the request or directive (at least 5 characters)."), code="text")
    if meeting is not None and not meeting.cluster.filter(unit=unit).exists():
        raise ValidationError(_("This unit was not in the session's cluster."), code="unit_not_in_meeting")
    if kind not in FollowUpKind.values:
        raise ValidationError(_("Unknown kind of item."), code="kind")
    if kind == FollowUpKind.DIRECTIVE and not user.has_perm("meetings.manage_meeting"):
        raise ValidationError(_("Only the Department issues directives; a unit raises requests."), code="kind")
    if meeting is not None and meeting.level == MeetingLevel.CITY:
        _check_city_item(kind=kind, assignee_kind=assignee_kind, assignee_office=assignee_office, name=assignee_name)
    item = FollowUp(
        kind=kind,
        unit=unit,
        text=text,
        topic=topic or guess_topic(text),
        assignee_kind=assignee_kind,
        assignee_office=assignee_office if assignee_kind == AssigneeKind.OFFICE else None,
        assignee_name=nfc(assignee_name).strip(),
        due_on=due_on,
        meeting=meeting,
        raised_by=nfc(raised_by).strip(),
        is_public=is_public,
        is_demo=is_demo,
        source_text=nfc(source_text).strip(),
        created_by=user,
        updated_by=user,
    )
    attribute_to(item, user)
    item.full_clean()
    item.save()
    _notify_item_added(item, user)
    return item


def _check_city_item(*, kind: str, assignee_kind: str, assignee_office: Organisation | None, name: str) -> None:
    """At a session with the city, a request is the Department's to the city and names the city
    body that owes the answer; a directive is the leader's to the Department and names the
    division that owns it."""
    if kind == FollowUpKind.REQUEST and (assignee_kind != AssigneeKind.CITY or not name.strip()):
        raise ValidationError(
            {"assignee_name": ValidationError(_("Name the city body that owes the answer."), code="city_body")}
        )
    if kind == FollowUpKind.DIRECTIVE and (assignee_kind != AssigneeKind.OFFICE or assignee_office is None):
        raise ValidationError(
            {
                "assignee_office": ValidationError(
                    _("Choose the division of the Department that owns the directive."), code="owner"
                )
            }
        )


def item_respond(
    *,
    user: Any,
    item: FollowUp,
    text: str,
    status: str = "",
    expected_version: int | None = None,
    upload: UploadedFile | None = None,
    reason: str = "",
    resolution: str = "",
    resolution_url: str = "",
    when: datetime | None = None,
) -> FollowUpResponse:
    """Answer an item or note progress, optionally with a file, and move its status.

    The Department may set any status; rejecting or transferring needs a reason. The unit's
    officers may answer their unit's items, and only on the items the unit itself must act on
    (a directive to it) mark them in progress, answered or done: a unit never closes the
    request it raised (`meetings.set_followup_status`, issue 13, defect 8).
    """
    if not user.has_perm("meetings.respond_followup", item):
        raise PermissionDenied
    text = nfc(text).strip()
    if not text:
        raise ValidationError(_("Write the response."), code="text")
    if status and status not in FollowUpStatus.values:
        raise ValidationError(_("Unknown status."), code="status")
    is_staff = user.has_perm("meetings.manage_meeting")
    if status and not user.has_perm("meetings.set_followup_status", item):
        raise ValidationError(
            _(
                "Only the party that must answer this item changes its status: %(who)s. "
                "Add your response without a status."
            )
            % {"who": item.assignee_label()},
            code=NOT_OWED,
        )
    if status and not is_staff and status not in UNIT_STATUSES:
        raise ValidationError(_("Only the Department can reject, transfer or re-open an item."), code="status")
    reason = nfc(reason).strip()
    if status in (FollowUpStatus.REJECTED, FollowUpStatus.TRANSFERRED) and not reason:
        raise ValidationError(_("Say why the item is rejected, or where it is transferred."), code=REASON_REQUIRED)
    if upload is not None:
        check_upload(upload)
    with transaction.atomic():
        current = locked_current(item, expected_version=expected_version)
        response = FollowUpResponse(item=current, author=user, text=text, status=status)
        if upload is not None:
            name = upload_name(upload)
            response.file_name = name
            response.file.save(name, upload, save=False)
        response.save()
        if when is not None:
            FollowUpResponse.objects.filter(pk=response.pk).update(created_at=when)
        if status and status != current.status:
            current.status = status
            current.closed_at = (when or timezone.now()) if status in CLOSED_STATUSES else None
            if reason:
                current.status_reason = reason
        if resolution:
            current.resolution = nfc(resolution).strip()[:500]
        if resolution_url:
            current.resolution_url = resolution_url
        current.version += 1
        current.updated_by = user
        attribute_to(current, user)
        current.save()
        _notify_item_answered(current, response)
    item.refresh_from_db()
    return response


def _owers(item: FollowUp) -> list[Any]:
    """Who owes the answer: the unit's officers, or the officers of the division named."""
    if item.assignee_kind == AssigneeKind.OFFICE and item.assignee_office_id:
        return list(office_officers(offices=[item.assignee_office_id]))
    if item.assignee_kind == AssigneeKind.UNIT or item.kind == FollowUpKind.DIRECTIVE:
        return list(unit_officers(units=[item.unit_id]))
    return []


def _notify_item_added(item: FollowUp, user: Any) -> None:
    """A new directive or item goes to whoever owes the answer (notifications.notify)."""
    people = [p for p in _owers(item) if p.pk != user.pk]
    if not people:
        return
    with translation.override("vi"):
        if item.kind == FollowUpKind.DIRECTIVE:
            title = _("New directive for %(unit)s") % {"unit": item.unit.full_name}
        else:
            title = _("New item to answer: %(unit)s") % {"unit": item.unit.full_name}
        body = Truncator(item.text).chars(400)
        if item.due_on:
            body += "\n" + _("Deadline: %(day)s") % {"day": date_format(item.due_on, "SHORT_DATE_FORMAT")}
    notify(NotificationKind.ITEM_ASSIGNED, people, title=title, body=body, url=item.get_absolute_url(), target=item)


def _notify_item_answered(item: FollowUp, response: FollowUpResponse) -> None:
    """An answer on an item goes to everyone concerned but its author: the unit's officers, the
    division named and whoever recorded the item."""
    people = {p.pk: p for p in unit_officers(units=[item.unit_id])}
    if item.assignee_office_id:
        people |= {p.pk: p for p in office_officers(offices=[item.assignee_office_id])}
    if item.created_by is not None:
        people[item.created_by.pk] = item.created_by
    people.pop(response.author_id, None)
    if not people:
        return
    with translation.override("vi"):
        title = _("New answer on an item of %(unit)s") % {"unit": item.unit.full_name}
        body = Truncator(response.text).chars(400)
        if response.status:
            body += "\n" + _("Status: %(status)s") % {"status": response.get_status_display()}
    notify(
        NotificationKind.ITEM_ANSWERED,
        people.values(),
        title=title,
        body=body,
        url=item.get_absolute_url(),
        target=item,
    )


# -- items of units abolished by the 2025 reform ------------------------------------------------

NOT_MOVABLE = "not_movable"
NOT_A_SUCCESSOR = "not_a_successor"


def _day_after(day: date | None) -> str:
    return (day + timedelta(days=1)).strftime("%d/%m/%Y") if day else ""


def followups_move_to_successors(
    *,
    user: Any,
    items: list[FollowUp],
    successors: list[AdminUnit],
    due_on: date | None = None,
) -> list[FollowUp]:
    """Move open directives of an abolished unit to the communes and wards that succeeded it.

    Each directive is copied once per successor chosen, as a directive to it (same text,
    topic, session, deadline unless `due_on` is given), linked back through `moved_from`;
    the original is closed as transferred, with the successors named in its reason and in a
    response row, so its history says where the work went (DOMAIN.md §1.3: a former unit's
    records are read, its work goes on under its successors). Only the Department moves
    items; every successor must be a current successor of the item's unit and in the user's
    write scope.
    """
    from khcn.geo.selectors import unit_current_successors

    _require_manage(user)
    if not items:
        raise ValidationError(_("Choose at least one directive to move."), code=NOT_MOVABLE)
    if not successors:
        raise ValidationError(_("Choose at least one successor commune or ward."), code=NOT_A_SUCCESSOR)
    today = timezone.localdate()
    for item in items:
        if item.kind != FollowUpKind.DIRECTIVE or item.is_closed or item.unit.is_current(today):
            raise ValidationError(
                _("Only open directives of a unit no longer in force can be moved to its successors."),
                code=NOT_MOVABLE,
            )
        allowed = {c.unit.pk for c in unit_current_successors(unit=item.unit, on=today)}
        for successor in successors:
            unit_check_writable(user=user, unit=successor, field="successors")
            if successor.pk not in allowed:
                raise ValidationError(
                    _("%(unit)s did not succeed %(former)s.") % {"unit": successor, "former": item.unit},
                    code=NOT_A_SUCCESSOR,
                )
    names = ", ".join(s.full_name for s in successors)
    created: list[FollowUp] = []
    with transaction.atomic():
        for item in items:
            current = locked_current(item, expected_version=None)
            for successor in successors:
                copy = FollowUp(
                    kind=FollowUpKind.DIRECTIVE,
                    unit=successor,
                    text=current.text,
                    topic=current.topic,
                    raised_by=current.raised_by,
                    assignee_kind=AssigneeKind.UNIT,
                    due_on=due_on or current.due_on,
                    meeting=current.meeting,
                    source_report=current.source_report,
                    is_public=current.is_public,
                    is_demo=current.is_demo,
                    moved_from=current,
                    created_by=user,
                    updated_by=user,
                )
                attribute_to(copy, user)
                copy.full_clean()
                copy.save()
                FollowUpResponse.objects.create(
                    item=copy,
                    author=user,
                    text=_("Moved from %(former)s, no longer in force since %(day)s.")
                    % {"former": current.unit.full_name, "day": _day_after(current.unit.valid_to)},
                )
                created.append(copy)
                transaction.on_commit(lambda item=copy: _notify_item_added(item, user))  # type: ignore[misc]
            reason = _("Moved to the successor units: %(names)s.") % {"names": names}
            FollowUpResponse.objects.create(item=current, author=user, text=reason, status=FollowUpStatus.TRANSFERRED)
            current.status = FollowUpStatus.TRANSFERRED
            current.status_reason = reason
            current.closed_at = timezone.now()
            current.version += 1
            current.updated_by = user
            attribute_to(current, user)
            current.save()
    return created
