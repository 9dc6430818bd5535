"""The figure of the city board this app computes itself: how the Department carried out the
city leaders' directives (the city grades its departments on tasks it assigns done on time)."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.core.city_figures import CityFigure
from khcn.meetings.models import FollowUp, FollowUpKind, FollowUpStatus, MeetingLevel


def directives_on_time(year: int) -> Decimal | None:
    """Of the city leaders' directives due in `year`, the share done by their deadline (%);
    None when none fell due that year."""
    due = FollowUp.objects.filter(
        meeting__level=MeetingLevel.CITY, kind=FollowUpKind.DIRECTIVE, due_on__year=year
    ).values_list("status", "due_on", "closed_at")
    total = on_time = 0
    for status, due_on, closed_at in due:
        total += 1
        if (
            status == FollowUpStatus.DONE
            and closed_at is not None
            and due_on is not None
            and closed_at.date() <= due_on
        ):
            on_time += 1
    if not total:
        return None
    return (Decimal(on_time) * 100 / Decimal(total)).quantize(Decimal("0.1"))


def _directives_url(year: int) -> str:
    return reverse("meetings:item_list") + f"?kind={FollowUpKind.DIRECTIVE}&level={MeetingLevel.CITY}&due_year={year}"


FIGURES = [
    CityFigure(
        key="citywork.directives_on_time",
        label=_("City leaders' directives done by their deadline"),
        value=directives_on_time,
        url=_directives_url,
        group=_("Direction and administration"),
        percent=True,
        order=900,
    )
]
