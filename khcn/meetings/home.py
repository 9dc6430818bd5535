"""The follow-up cards of the home page: items overdue for a unit, by division, in all."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from khcn.accounts.roles import Role
from khcn.core.home_cards import CARD_ROWS, CardData, CardRow, HomeCard, first_rows
from khcn.meetings import selectors
from khcn.meetings.filters import OVERDUE
from khcn.meetings.models import AssigneeKind


def _overdue_url(**extra: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"state": OVERDUE, **extra}.items())
    return f"{reverse('meetings:item_list')}?{query}"


def unit_items_overdue(user: Any, scope: Any, today: date) -> CardData | None:
    """Items the commune itself must act on, past their deadline."""
    if not scope.has_role(Role.LOCAL_OFFICER) or scope.unrestricted:
        return None
    items = selectors.followup_overdue_list(user=user, today=today, assignee_kind=AssigneeKind.UNIT)
    shown, count = first_rows(items)
    rows = [
        CardRow(title=str(item), url=item.get_absolute_url(), unit=item.unit.full_name, due_on=item.due_on)
        for item in shown
    ]
    return CardData(
        count=count,
        rows=rows,
        more_url=_overdue_url(),
        empty_text=gettext_lazy("No item assigned to your unit is overdue."),
    )


def office_items_overdue(user: Any, scope: Any, today: date) -> CardData | None:
    """Overdue items by the Department division that must answer them."""
    if not scope.has_role(Role.DEPARTMENT_OFFICER):
        return None
    lines = selectors.followup_overdue_by_office(user=user, today=today)
    rows = [
        CardRow(
            title=line["assignee_office__name"] or _("No division named yet"),
            url=_overdue_url(office=line["assignee_office"]) if line["assignee_office"] else _overdue_url(),
            note=ngettext(
                "%(n)s item overdue, the oldest since %(day)s",
                "%(n)s items overdue, the oldest since %(day)s",
                line["n"],
            )
            % {"n": line["n"], "day": line["oldest"].strftime("%d/%m/%Y")},
        )
        for line in lines[:CARD_ROWS]
    ]
    return CardData(
        count=sum(line["n"] for line in lines),
        rows=rows,
        more_url=_overdue_url(),
        empty_text=gettext_lazy("No item for the Department's divisions is overdue."),
    )


def items_overdue_line(user: Any, scope: Any, today: date) -> CardData | None:
    """The leader's one line: how many items are overdue in the city."""
    if not scope.has_role(Role.DEPARTMENT_LEADER):
        return None
    count = selectors.followup_overdue_list(user=user, today=today).count()
    summary = ngettext("%(n)s follow-up item is overdue.", "%(n)s follow-up items are overdue.", count) % {"n": count}
    return CardData(
        count=count,
        summary=summary if count else "",
        more_url=_overdue_url(),
        empty_text=gettext_lazy("No follow-up item is overdue."),
    )


HOME_CARDS = [
    HomeCard(
        "unit_items_overdue",
        gettext_lazy("Overdue items for your unit"),
        unit_items_overdue,
        20,
        "list-check",
        "meetings.list_meetings",
    ),
    HomeCard(
        "office_items_overdue",
        gettext_lazy("Overdue items by division"),
        office_items_overdue,
        21,
        "list-check",
        "meetings.list_meetings",
    ),
    HomeCard(
        "items_overdue_line",
        gettext_lazy("Overdue follow-up items"),
        items_overdue_line,
        22,
        "exclamation-triangle",
        "meetings.list_meetings",
    ),
]
