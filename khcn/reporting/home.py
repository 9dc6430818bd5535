"""The reporting cards of the home page: reports to fill, to correct, to review, to sign off;
units yet to report; the city's progress against its targets."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.accounts.roles import Role
from khcn.core.home_cards import CARD_ROWS, CardData, CardRow, HomeCard, first_rows
from khcn.reporting import selectors
from khcn.reporting.models import ReportStatus


def _board_or_list(periods: set[int], status: str) -> str:
    """The board of the one period the rows belong to, filtered; else the list of periods."""
    if len(periods) == 1:
        return reverse("reporting:period_board", args=[next(iter(periods))]) + f"?status={status}"
    return reverse("reporting:period_list")


def reports_to_fill(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.LOCAL_OFFICER) or scope.unrestricted:
        return None
    todo = selectors.report_to_fill_list(user=user, today=today)
    rows = []
    for period, unit, report in todo[:CARD_ROWS]:
        if report is not None:
            url, note = report.get_absolute_url(), _("Draft saved, not sent yet")
        else:
            url, note = reverse("reporting:period_list"), _("Not started")
        rows.append(CardRow(title=period.name, url=url, unit=unit.full_name, due_on=period.due_on, note=note))
    return CardData(
        count=len(todo),
        rows=rows,
        more_url=reverse("reporting:period_list"),
        empty_text=gettext_lazy("No report to send for the open periods."),
    )


def reports_returned(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.LOCAL_OFFICER) or scope.unrestricted:
        return None
    returned = selectors.report_returned_list(user=user)
    shown, count = first_rows(returned)
    rows = []
    for r in shown:
        reason = getattr(r, "return_reason", "")  # annotated by the selector
        rows.append(
            CardRow(
                title=r.period.name,
                url=r.get_absolute_url(),
                unit=r.unit.full_name,
                note=_("The Department's reason: %(reason)s") % {"reason": reason} if reason else "",
            )
        )
    if not count:
        return None  # nothing returned: the card would only add noise
    return CardData(count=count, rows=rows, more_url=reverse("reporting:period_list"))


def _waiting(user: Any, status: str, empty: Any) -> CardData:
    waiting = selectors.report_waiting_list(user=user, status=status)
    shown, count = first_rows(waiting)
    since_field = "submitted_at" if status == ReportStatus.SUBMITTED else "approved_at"
    rows = []
    for r in shown:
        since = getattr(r, since_field)
        note = _("Waiting since %(day)s") % {"day": localtime(since).strftime("%d/%m/%Y")} if since else ""
        rows.append(CardRow(title=f"{r.unit.full_name} — {r.period.name}", url=r.get_absolute_url(), note=note))
    return CardData(
        count=count,
        rows=rows,
        # The periods of every waiting report, not only of the rows shown: "see all" must not
        # hide a period whose reports wait less long.
        more_url=_board_or_list(set(waiting.order_by().values_list("period_id", flat=True).distinct()[:2]), status),
        empty_text=empty,
    )


def reports_to_review(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.DEPARTMENT_OFFICER):
        return None
    return _waiting(user, ReportStatus.SUBMITTED, gettext_lazy("No report is waiting for review."))


def reports_to_sign_off(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.DEPARTMENT_LEADER):
        return None
    return _waiting(user, ReportStatus.APPROVED, gettext_lazy("No approved report is waiting for your sign-off."))


def units_unsent(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.DEPARTMENT_OFFICER):
        return None
    lines = selectors.period_unsent_list(user=user, today=today)
    rows = [
        CardRow(
            title=line.period.name,
            url=reverse("reporting:period_board", args=[line.period.pk]) + "?status=late"
            if line.period.due_on < today
            else reverse("reporting:period_board", args=[line.period.pk]),
            due_on=line.period.due_on,
            note=_("%(unsent)s of %(expected)s units have not sent their report")
            % {"unsent": line.unsent, "expected": line.expected},
        )
        for line in lines[:CARD_ROWS]
        if line.unsent
    ]
    return CardData(
        count=sum(line.unsent for line in lines),
        rows=rows,
        more_url=reverse("reporting:period_list"),
        empty_text=gettext_lazy("Every unit has sent its report for the open periods."),
    )


def city_progress(user: Any, scope: Any, today: date) -> CardData | None:
    if not scope.has_role(Role.DEPARTMENT_LEADER):
        return None
    progress = selectors.period_progress(user=user, today=today)
    if progress is None:
        return CardData(count=0, empty_text=gettext_lazy("No reporting period is open."))
    url = reverse("reporting:period_aggregate", args=[progress.period.pk])
    values = {
        "period": progress.period.name,
        "sent": progress.sent,
        "expected": progress.expected,
        "achieved": progress.achieved,
        "total": progress.with_target,
        "at_risk": progress.at_risk,
        "missed": progress.not_achieved,
    }
    if progress.with_target:
        summary = (
            _(
                "%(period)s: %(sent)s of %(expected)s units have sent their report; %(achieved)s of %(total)s "
                "indicators with a target achieved, %(at_risk)s at risk, %(missed)s not achieved."
            )
            % values
        )
    else:
        summary = (
            _(
                "%(period)s: %(sent)s of %(expected)s units have sent their report; "
                "no indicator has a target for this period's year yet."
            )
            % values
        )
    return CardData(count=progress.achieved, summary=summary, more_url=url)


HOME_CARDS = [
    HomeCard(
        "reports_returned",
        gettext_lazy("Reports returned for correction"),
        reports_returned,
        10,
        "arrow-return-left",
        "reporting.list_periods",
    ),
    HomeCard(
        "reports_to_fill",
        gettext_lazy("Reports to send"),
        reports_to_fill,
        11,
        "clipboard-data",
        "reporting.list_periods",
    ),
    HomeCard(
        "reports_to_sign_off",
        gettext_lazy("Reports to sign off"),
        reports_to_sign_off,
        12,
        "pen",
        "reporting.view_board",
    ),
    HomeCard(
        "reports_to_review",
        gettext_lazy("Reports waiting for review"),
        reports_to_review,
        13,
        "clipboard-check",
        "reporting.view_board",
    ),
    HomeCard(
        "units_unsent", gettext_lazy("Units yet to report"), units_unsent, 14, "hourglass-split", "reporting.view_board"
    ),
    HomeCard(
        "city_progress",
        gettext_lazy("The city's progress against its targets"),
        city_progress,
        15,
        "graph-up-arrow",
        "reporting.view_board",
    ),
]
