"""What the search finds among working sessions (with their minutes and conclusion) and
follow-up items (issue 17), in the scope the models declare."""

from django.utils.translation import gettext_lazy as _

from khcn.core.searchable import SearchDoc, SearchSource, text_of
from khcn.meetings.models import FollowUp, FollowUpStatus, Meeting, MeetingStatus


def _meeting(meeting: Meeting) -> SearchDoc:
    return SearchDoc(
        title=meeting.title,
        text=text_of(meeting.place, meeting.chair, meeting.co_chair, meeting.minutes, meeting.conclusion),
        url=meeting.get_absolute_url(),
        unit_id=meeting.host_unit_id,
        year=meeting.starts_at.year,
        status=meeting.status,
    )


def _followup(item: FollowUp) -> SearchDoc:
    first_line = item.text.strip().split("\n", 1)[0]
    return SearchDoc(
        title=first_line[:200],
        text=text_of(item.text if len(first_line) > 200 or "\n" in item.text else "", item.raised_by, item.resolution),
        url=item.get_absolute_url(),
        unit_id=item.unit_id,
        year=item.created_at.year,
        status=item.status,
    )


SOURCES = (
    SearchSource(
        kind="meetings.meeting",
        label=_("Working sessions"),
        model=Meeting,
        document=_meeting,
        queryset=lambda: Meeting.objects.all(),
        statuses=tuple(MeetingStatus.choices),
    ),
    SearchSource(
        kind="meetings.followup",
        label=_("Follow-up items"),
        model=FollowUp,
        document=_followup,
        queryset=lambda: FollowUp.objects.all(),
        unit_scoped=True,
        statuses=tuple(FollowUpStatus.choices),
    ),
)
