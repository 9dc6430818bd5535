"""What the city pages read: the sessions with city leaders and their items (from `meetings`),
the figures of the city board (from the registries, through `khcn.core.city_figures`) and the
reports to the city."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from khcn.citywork.models import CityRank, CityReport
from khcn.core import city_figures
from khcn.meetings import selectors as meeting_selectors
from khcn.meetings.models import FollowUp, FollowUpKind, Meeting, MeetingLevel


def city_meetings(*, user: Any) -> QuerySet[Meeting]:
    """The sessions where the Department reported to a city leader, newest first."""
    return meeting_selectors.meeting_list(user=user).filter(level=MeetingLevel.CITY).order_by("-starts_at", "-pk")


def city_items(*, user: Any, kind: str) -> QuerySet[FollowUp]:
    """The Department's requests to the city (`request`) or the leaders' directives to it
    (`directive`), from the sessions with the city."""
    return (
        meeting_selectors.followup_list(user=user)
        .filter(meeting__level=MeetingLevel.CITY, kind=kind)
        .select_related("meeting", "assignee_office")
        .order_by("status", "due_on", "pk")
    )


def item_counts(*, user: Any) -> dict[str, dict[str, int]]:
    """Open, overdue and total of each kind, for the overview's figures."""
    out: dict[str, dict[str, int]] = {}
    for kind in FollowUpKind.values:
        items = city_items(user=user, kind=kind)
        out[kind] = {
            "total": items.count(),
            "open": items.filter(meeting_selectors.open_q()).count(),
            "overdue": items.filter(meeting_selectors.overdue_q()).count(),
        }
    return out


@dataclass(frozen=True)
class BoardRow:
    number: int
    key: str
    label: str
    group: str
    value: Any
    shown: str
    url: str
    rank: CityRank | None


def show_value(value: Any, percent: bool) -> str:
    """A figure as the board and the report print it: Vietnamese digit grouping, a % for rates,
    a dash when the registry has nothing to count."""
    if value is None:
        return "—"
    if percent:
        return f"{value:.1f}".replace(".", ",") + "%"
    return f"{value:,}".replace(",", ".")


def board(*, year: int) -> list[BoardRow]:
    """Every registered figure for `year`, with its link and the national rank entered for it."""
    ranks = {r.figure_key: r for r in CityRank.objects.filter(year=year)}
    rows = []
    for number, item in enumerate(city_figures.compute(year), start=1):
        figure = item.figure
        rows.append(
            BoardRow(
                number=number,
                key=figure.key,
                label=str(figure.label),
                group=str(figure.group),
                value=item.value,
                shown=show_value(item.value, figure.percent),
                url=item.url,
                rank=ranks.get(figure.key),
            )
        )
    return rows


def report_list() -> QuerySet[CityReport]:
    return CityReport.objects.select_related("meeting").order_by("-year", "-pk")
