"""Reads of the expert registry: the profiles a user may see, one profile with everything its
page shows, the public profiles, and the track record computed from research and meetings.

Personal data (Decree 13/2023/NĐ-CP): the Department sees every profile and an expert their
own (the model's `scope_rules`); anyone else sees only public profiles, that is consented,
validated by the Department and not deleted.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from khcn.accounts.scoping import scope_for, scope_q, visible
from khcn.experts.models import Expert, ProfileStatus

PUBLIC_Q = Q(public_consent=True, status=ProfileStatus.VALIDATED, deleted_at__isnull=True)


def _base() -> QuerySet[Expert]:
    return Expert.objects.select_related("unit", "organisation", "user")


def expert_list(*, user: Any) -> QuerySet[Expert]:
    """Profiles `user` may see: the Department all, an expert their own, others public ones."""
    if not getattr(user, "is_authenticated", False):
        return expert_public_list()
    own = scope_q(Expert, scope_for(user), user)
    if own is None:
        return _base()
    return _base().filter(own | PUBLIC_Q)


def expert_get(*, user: Any, pk: int) -> Expert:
    """One profile `user` may see, else 404 (the same answer for an unknown id)."""
    try:
        return expert_list(user=user).get(pk=pk)
    except Expert.DoesNotExist as exc:
        raise Http404 from exc


def expert_public_list() -> QuerySet[Expert]:
    """Profiles shown without signing in: consented, validated, not deleted."""
    return Expert.objects.filter(PUBLIC_Q).select_related("unit", "organisation")


def expert_public_get(*, pk: int) -> Expert:
    try:
        return expert_public_list().get(pk=pk)
    except Expert.DoesNotExist as exc:
        raise Http404 from exc


def expert_of_user(*, user: Any) -> Expert | None:
    """The signed-in user's own profile, if any."""
    return _base().filter(user_id=user.pk).first() if user.is_authenticated else None


@dataclass
class TrackRecord:
    """What an expert has done in the system, computed from the records that name their
    account (never retyped): tasks led, council seats, sessions attended."""

    tasks: list[Any]
    council_seats: list[Any]
    attendances: list[Any]

    @property
    def empty(self) -> bool:
        return not (self.tasks or self.council_seats or self.attendances)


def expert_track_record(*, expert: Expert, user: Any) -> TrackRecord:
    """The expert's tasks, councils and sessions that `user` may see: three queries.

    Only links through the expert's account count (a task member typed by name does not);
    each linked record is filtered by the viewer's own scope (accounts.scoping.visible)."""
    from khcn.meetings.models import Attendee, Meeting
    from khcn.research.models import Council, CouncilMember, ResearchTask

    if expert.user_id is None or not getattr(user, "is_authenticated", False):
        return TrackRecord(tasks=[], council_seats=[], attendances=[])
    tasks = visible(ResearchTask.objects.filter(pi_user_id=expert.user_id), user).order_by("-start_year", "-pk")
    councils = visible(Council.objects.all(), user).values("pk")
    seats = (
        CouncilMember.objects.filter(user_id=expert.user_id, council__in=councils)
        .select_related("council", "council__proposal", "council__task", "council__application__task")
        .order_by("-council__created_at", "-pk")
    )
    meetings = visible(Meeting.objects.all(), user).values("pk")
    attendances = (
        Attendee.objects.filter(user_id=expert.user_id, meeting__in=meetings)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-pk")
    )
    return TrackRecord(tasks=list(tasks), council_seats=list(seats), attendances=list(attendances))
