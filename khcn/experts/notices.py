"""Who is told what when experts, offers, demands and connections move (notifications.notify).

The services call these inside their transaction, so a rolled-back move leaves no notification
and its e-mail is never sent (notify queues it on commit). The person who acted is never told
of their own move. Recipients:

- a profile sent for validation, an offer sent for review, a demand a commune officer or a
  catalogue visitor recorded: the Department's officers (products.reminders.department_officers);
- a profile validated or returned (with the note): the expert's account; an offer published or returned (with the note):
  its owners (the owner expert's account and whoever recorded it, as the yearly reminder);
- a connection recorded: the officers of the request's commune (notifications.unit_officers,
  as meetings tells them of an answer on an item), the introduced expert's account, and the
  visitor who asked from the catalogue (they read the demand: the connection is not theirs).

Titles and texts are written in Vietnamese once, when the notification is made.
"""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from khcn.experts.models import Connection, Demand, DemandSource, Expert, OfferStatus, Technology
from khcn.notifications.models import NotificationKind
from khcn.notifications.selectors import unit_officers
from khcn.notifications.services import notify

BODY_CHARS = 400


def _department() -> list[Any]:
    from khcn.products.reminders import department_officers

    return department_officers()


def _others(people: Iterable[Any], actor: Any) -> list[Any]:
    """The people, once each, without the one who acted."""
    unique = {p.pk: p for p in people if p is not None and p.pk}
    unique.pop(getattr(actor, "pk", None), None)
    return list(unique.values())


def _short(text: str) -> str:
    return Truncator(" ".join((text or "").split())).chars(BODY_CHARS)


def expert_submitted(*, expert: Expert, actor: Any, again: bool = False) -> None:
    """A profile waits for the Department's validation (sent, or edited after validation)."""
    people = _others(_department(), actor)
    if not people:
        return
    with translation.override("vi"):
        if again:
            title = _("Expert profile edited, to validate again: %(name)s") % {"name": expert.display_name}
        else:
            title = _("Expert profile to validate: %(name)s") % {"name": expert.display_name}
        body = expert.organisation_name or expert.position
    notify(
        NotificationKind.EXPERT_SUBMITTED,
        people,
        title=title,
        body=body,
        url=expert.get_absolute_url(),
        target=expert,
    )


def expert_validated(*, expert: Expert, actor: Any) -> None:
    """The Department validated the profile: its expert is told, if they have an account."""
    people = _others([expert.user], actor)
    if not people:
        return
    with translation.override("vi"):
        title = _("Your expert profile was validated")
        if expert.public_consent:
            body = _("It now shows in the public list of experts.")
        else:
            body = _("It is seen by the Department only, as you have not agreed to be listed publicly.")
    notify(
        NotificationKind.EXPERT_VALIDATED,
        people,
        title=title,
        body=body,
        url=expert.get_absolute_url(),
        target=expert,
    )


def expert_returned(*, expert: Expert, actor: Any) -> None:
    """The Department returned the profile with a note: its expert is told, if they have an account."""
    people = _others([expert.user], actor)
    if not people:
        return
    with translation.override("vi"):
        title = _("Your expert profile was returned for changes")
        body = _("The Department's note: %(note)s") % {"note": _short(expert.review_note)}
    notify(
        NotificationKind.EXPERT_RETURNED,
        people,
        title=title,
        body=body,
        url=reverse("experts:expert_me"),
        target=expert,
    )


def technology_owners(technology: Technology) -> list[Any]:
    """The accounts that answer for an offer: the owner expert's and whoever recorded it."""
    expert = technology.owner_expert
    return [u for u in (expert.user if expert is not None else None, technology.created_by) if u is not None]


def technology_submitted(*, technology: Technology, actor: Any) -> None:
    """An offer waits for the Department's review."""
    people = _others(_department(), actor)
    if not people:
        return
    with translation.override("vi"):
        title = _("Technology offer to review: %(name)s") % {"name": technology.title}
        body = _short(technology.summary)
    notify(
        NotificationKind.TECH_SUBMITTED,
        people,
        title=title,
        body=body,
        url=technology.get_absolute_url(),
        target=technology,
    )


def technology_reviewed(*, technology: Technology, actor: Any) -> None:
    """The Department published the offer or returned it with a note: its owners are told."""
    people = _others(technology_owners(technology), actor)
    if not people:
        return
    with translation.override("vi"):
        if technology.status == OfferStatus.PUBLISHED:
            title = _("Technology offer published: %(name)s") % {"name": technology.title}
            body = _("It is in the public catalogue until %(day)s; confirm it each year to keep it there.") % {
                "day": date_format(technology.expires_on, "SHORT_DATE_FORMAT") if technology.expires_on else "—"
            }
        else:
            title = _("Technology offer returned for changes: %(name)s") % {"name": technology.title}
            body = _("The Department's note: %(note)s") % {"note": technology.review_note}
    notify(
        NotificationKind.TECH_REVIEWED,
        people,
        title=title,
        body=body,
        url=technology.get_absolute_url(),
        target=technology,
    )


def demand_recorded(*, demand: Demand, actor: Any) -> None:
    """A commune officer or a catalogue visitor recorded a demand: the Department's officers
    are told, to find it an expert or a technology."""
    people = _others(_department(), actor)
    if not people:
        return
    with translation.override("vi"):
        if demand.source == DemandSource.PUBLIC:
            title = _("Question from the catalogue (%(unit)s): %(title)s")
        else:
            title = _("New technology demand of %(unit)s: %(title)s")
        title = title % {"unit": demand.unit.full_name, "title": demand.title}
        body = _short(demand.problem)
    notify(NotificationKind.DEMAND_NEW, people, title=title, body=body, url=demand.get_absolute_url(), target=demand)


def connection_recorded(*, connection: Connection, actor: Any) -> None:
    """A connection answers a demand or a follow-up item: the commune's officers and the
    expert introduced read the connection; the visitor who asked from the catalogue reads
    their demand."""
    demand = connection.demand
    request = demand.title if demand is not None else str(connection.followup)
    who = connection.expert.display_name if connection.expert is not None else ""
    what = connection.technology.title if connection.technology is not None else ""
    with translation.override("vi"):
        title = _("New connection for “%(request)s”") % {"request": Truncator(request).chars(120)}
        counterpart = ", ".join(part for part in (who, what) if part)
        body = _("Introduced on %(day)s to %(who)s. Outcome: %(outcome)s.") % {
            "day": date_format(connection.introduced_on, "SHORT_DATE_FORMAT"),
            "who": counterpart,
            "outcome": connection.get_outcome_display(),
        }
    readers = _others(
        [*unit_officers(units=[connection.unit_id]), connection.expert.user if connection.expert else None], actor
    )
    notify(
        NotificationKind.CONNECTION_NEW,
        readers,
        title=title,
        body=body,
        url=connection.get_absolute_url(),
        target=connection,
    )
    if demand is None or demand.source != DemandSource.PUBLIC:
        return
    told = {p.pk for p in readers}
    asker = [p for p in _others([demand.created_by], actor) if p.pk not in told]
    notify(NotificationKind.CONNECTION_NEW, asker, title=title, body=body, url=demand.get_absolute_url(), target=demand)
