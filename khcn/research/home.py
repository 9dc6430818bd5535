"""The S&T task cards of the home page: proposals to complete or screen, open calls, councils
short of their quorum, overdue milestones and registrations, a council member's declarations
and sheets, a principal investigator's tasks."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khcn.accounts.roles import Role
from khcn.core.home_cards import CardData, CardRow, HomeCard, first_rows
from khcn.research import selectors
from khcn.research.models import ProposalStatus


def proposals_to_complete(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.LOCAL_OFFICER) or scope.unrestricted:
        return None
    shown, count = first_rows(selectors.proposal_editable_list(user=user))
    rows = [
        CardRow(
            title=p.title,
            url=p.get_absolute_url(),
            unit=p.proposer_label(),
            due_on=p.call.closes_on,
            note=_("Returned: %(note)s") % {"note": p.screening_note}
            if p.status == ProposalStatus.RETURNED and p.screening_note
            else str(p.get_status_display()),
        )
        for p in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=reverse("research:proposal_list") + "?status=" + ProposalStatus.DRAFT,
        empty_text=gettext_lazy("No proposal in draft or returned."),
    )


def calls_open(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.LOCAL_OFFICER) or scope.unrestricted:
        return None
    shown, count = first_rows(selectors.call_open_list(today=today))
    rows = [
        CardRow(
            title=c.name,
            url=reverse("research:proposal_create"),
            due_on=c.closes_on,
            note=_("Proposals for the %(year)s plan") % {"year": c.plan_year},
        )
        for c in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=reverse("research:proposal_list"),
        empty_text=gettext_lazy("No call for proposals is open."),
    )


def proposals_to_screen(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.DEPARTMENT_OFFICER):
        return None
    shown, count = first_rows(selectors.proposal_waiting_list(user=user))
    rows = [
        CardRow(title=p.title, url=p.get_absolute_url(), unit=p.proposer_label(), due_on=None, note=p.call.name)
        for p in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=reverse("research:proposal_list") + "?status=" + ProposalStatus.SUBMITTED,
        empty_text=gettext_lazy("No proposal is waiting to be screened."),
    )


def councils_short_of_quorum(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.DEPARTMENT_OFFICER):
        return None
    shown, count = first_rows(selectors.council_short_of_quorum_list(user=user))
    rows = [
        CardRow(
            title=c.name,
            url=c.get_absolute_url(),
            due_on=c.meets_on,
            note=_("%(done)s of %(all)s scoring sheets submitted") % {"done": c.submitted, "all": c.eligible},
        )
        for c in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=reverse("research:proposal_list"),
        empty_text=gettext_lazy("No council is short of its quorum."),
    )


def milestones_overdue(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.DEPARTMENT_OFFICER):
        return None
    shown, count = first_rows(selectors.milestone_overdue_list(user=user, today=today))
    rows = [CardRow(title=m.title, url=m.task.get_absolute_url(), unit=str(m.task), due_on=m.due_on) for m in shown]
    return CardData(
        count=count,
        rows=rows,
        more_url=reverse("research:task_board"),
        empty_text=gettext_lazy("No task milestone is overdue."),
    )


def registrations_late(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.DEPARTMENT_OFFICER):
        return None
    shown, count = first_rows(selectors.task_unregistered_list(user=user, today=today))
    rows = [
        CardRow(title=str(t), url=t.get_absolute_url(), unit=t.host_label, due_on=t.registration_due()) for t in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=reverse("research:task_board"),
        empty_text=gettext_lazy("Every accepted task's results are registered in time."),
    )


def tasks_overdue_line(user: Any, scope: Any, today: date) -> CardData | None:
    """The leader's one line: overdue milestones and late registrations."""
    if not scope.has_role(Role.DEPARTMENT_LEADER):
        return None
    milestones = selectors.milestone_overdue_list(user=user, today=today).count()
    late = selectors.task_unregistered_list(user=user, today=today).count()
    if not milestones and not late:
        return CardData(
            count=0,
            more_url=reverse("research:task_board"),
            empty_text=gettext_lazy("No task milestone or registration is overdue."),
        )
    summary = _("%(milestones)s overdue milestones, %(late)s results not registered in time.") % {
        "milestones": milestones,
        "late": late,
    }
    return CardData(count=milestones + late, summary=summary, more_url=reverse("research:task_board"))


def _seat_card(seats: Any, empty: Any) -> CardData:
    """A council member's seats, with the council's meeting day as the deadline."""
    shown, count = first_rows(seats)
    rows = [
        CardRow(
            title=s.council.name,
            url=reverse("research:seat_detail", args=[s.pk]),
            due_on=s.council.meets_on,
            note=s.council.subject_title,
        )
        for s in shown
    ]
    return CardData(count=count, rows=rows, more_url=reverse("research:my_reviews"), empty_text=empty)


def seats_to_declare(user: Any, scope: Any, today: date) -> CardData | None:
    return _seat_card(selectors.seat_to_declare_list(user=user), gettext_lazy("No declaration of interests to make."))


def seats_to_score(user: Any, scope: Any, today: date) -> CardData | None:
    return _seat_card(selectors.seat_to_score_list(user=user), gettext_lazy("No scoring sheet to submit."))


def tasks_led(user: Any, scope: Any, today: date) -> CardData | None:
    """A principal investigator's running tasks: the next milestone, progress reports to send."""
    shown, count = first_rows(selectors.task_led_list(user=user))
    if not count:
        return None  # not a principal investigator of a running task
    rows = [
        CardRow(
            title=str(t),
            url=t.get_absolute_url(),
            due_on=t.next_due,
            note=ngettext("%(n)s progress report to send", "%(n)s progress reports to send", t.unsent) % {"n": t.unsent}
            if t.unsent
            else _("Next milestone of the schedule"),
        )
        for t in shown
    ]
    return CardData(count=count, rows=rows, more_url=reverse("research:task_list"))


HOME_CARDS = [
    HomeCard(
        "seats_to_declare",
        gettext_lazy("Declarations of interests to make"),
        seats_to_declare,
        1,
        "person-check",
        "research.my_reviews",
    ),
    HomeCard(
        "seats_to_score",
        gettext_lazy("Scoring sheets to submit"),
        seats_to_score,
        2,
        "clipboard-check",
        "research.my_reviews",
    ),
    HomeCard("tasks_led", gettext_lazy("Tasks you lead"), tasks_led, 3, "kanban", "research.list_tasks"),
    HomeCard(
        "tasks_overdue_line",
        gettext_lazy("S&T tasks behind schedule"),
        tasks_overdue_line,
        23,
        "kanban",
        "research.manage_task",
    ),
    HomeCard(
        "proposals_to_complete",
        gettext_lazy("Proposals to complete"),
        proposals_to_complete,
        30,
        "lightbulb",
        "research.add_proposal",
    ),
    HomeCard(
        "calls_open", gettext_lazy("Open calls for proposals"), calls_open, 31, "megaphone", "research.add_proposal"
    ),
    HomeCard(
        "proposals_to_screen",
        gettext_lazy("Proposals to screen"),
        proposals_to_screen,
        32,
        "funnel",
        "research.list_proposals",
    ),
    HomeCard(
        "councils_short_of_quorum",
        gettext_lazy("Councils waiting for a quorum"),
        councils_short_of_quorum,
        33,
        "people",
        "research.manage_task",
    ),
    HomeCard(
        "milestones_overdue",
        gettext_lazy("Overdue task milestones"),
        milestones_overdue,
        34,
        "calendar-x",
        "research.manage_task",
    ),
    HomeCard(
        "registrations_late",
        gettext_lazy("Results not registered in time"),
        registrations_late,
        35,
        "journal-x",
        "research.manage_task",
    ),
]
