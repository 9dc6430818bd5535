"""Writes of the city pages: the reports to the city and the national ranks.

The sessions with the city and their items are written by `khcn.meetings.services`."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khcn.citywork import selectors
from khcn.citywork.models import CityRank, CityReport, ReportKind
from khcn.core import city_figures
from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.meetings.models import CLOSED_STATUSES, FollowUpKind

TEXT_FIELDS = ("title", "number", "results", "difficulties", "proposals", "next_tasks")


def _require(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def report_draft(*, user: Any, year: int, kind: str = ReportKind.ANNUAL) -> dict[str, Any]:
    """The first text of a report for `year`: the figures in sentences and the Department's
    open requests to the city, for the officer to edit before anything is sent."""
    lines = []
    for row in selectors.board(year=year):
        if row.value is None:
            continue
        rank = f" (xếp thứ {row.rank.national_rank} toàn quốc)" if row.rank else ""
        lines.append(f"- {row.label}: {row.shown}{rank}.")
    requests = selectors.city_items(user=user, kind=FollowUpKind.REQUEST).exclude(status__in=CLOSED_STATUSES)
    proposals = [f"{n}. {r.text.strip().rstrip('.')} ({r.assignee_name})." for n, r in enumerate(requests, start=1)]
    period = _("in the first six months of %(year)s") if kind == ReportKind.HALF_YEAR else _("in %(year)s")
    return {
        "year": year,
        "kind": kind,
        "title": _("Results of science, technology and innovation work %(period)s and tasks ahead")
        % {"period": period % {"year": year}},
        "results": "\n".join(lines),
        "proposals": "\n".join(proposals),
    }


def _clean(report: CityReport) -> None:
    for name in TEXT_FIELDS:
        setattr(report, name, nfc(getattr(report, name) or "").strip())
    if report.status == "sent" and report.sent_on is None:
        raise ValidationError({"sent_on": ValidationError(_("Enter the day the report was sent."), code="sent_on")})
    if report.meeting is not None and report.meeting.level != "city":
        raise ValidationError({"meeting": ValidationError(_("Choose a session with the city."), code="meeting")})
    report.full_clean()


def report_create(*, user: Any, report: CityReport) -> CityReport:
    """Save a new report built by the form (unsaved `report`)."""
    _require(user, "citywork.manage_report")
    report.created_by = report.updated_by = user
    with transaction.atomic():
        _clean(report)
        attribute_to(report, user)
        report.save()
    return report


def report_update(*, user: Any, report: CityReport, expected_version: int) -> CityReport:
    """Save edits set on `report` by the form; a copy loaded before someone else's save is refused."""
    _require(user, "citywork.manage_report")
    with transaction.atomic():
        current = locked_current(report, expected_version=expected_version)
        report.version = current.version + 1
        report.updated_by = user
        _clean(report)
        attribute_to(report, user)
        report.save()
    return report


def report_delete(*, user: Any, report: CityReport) -> None:
    """Delete a draft; a report that was sent stays on record."""
    _require(user, "citywork.manage_report")
    with transaction.atomic():
        current = locked_current(report, expected_version=None)
        if current.status == "sent":
            raise ValidationError(_("A report that was sent cannot be deleted."), code="sent")
        attribute_to(current, user)
        current.delete()


def rank_set(*, user: Any, key: str, year: int, rank: int | None, source: str = "") -> CityRank | None:
    """Enter (or clear, with `rank` None) the national rank of one figure in one year."""
    _require(user, "citywork.set_rank")
    if city_figures.get(key) is None:
        raise ValidationError(_("No such figure on the city board."), code="figure")
    with transaction.atomic():
        existing = CityRank.objects.select_for_update().filter(figure_key=key, year=year).first()
        if rank is None:
            if existing is not None:
                attribute_to(existing, user)
                existing.delete()
            return None
        entry = existing or CityRank(figure_key=key, year=year, created_by=user)
        entry.national_rank = rank
        entry.source = nfc(source).strip()
        entry.updated_by = user
        if existing is not None:
            entry.version += 1
        entry.full_clean()
        attribute_to(entry, user)
        entry.save()
    return entry
