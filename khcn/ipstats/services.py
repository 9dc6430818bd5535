"""Writes to the province's IP statistics: a row per year and kind, its edits and its
removal. Pages and the workbook import call these.

Each write checks the Department's role, runs in a transaction and keeps its history; a
second row for the same year and kind is refused with a message saying which one exists.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khcn.core.concurrency import locked_current
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.ipstats.models import DEFAULT_SOURCE, IpKind, IpStatistic

ROW_TAKEN = "row_taken"


def _require(user: Any, statistic: IpStatistic | None = None) -> None:
    if not user.has_perm("ipstats.change_statistic", statistic):
        raise PermissionDenied


def _clean(value: str) -> str:
    return " ".join(nfc(value or "").split())


def _check_unique(statistic: IpStatistic) -> None:
    taken = IpStatistic.objects.filter(year=statistic.year, kind=statistic.kind).exclude(pk=statistic.pk)
    if taken.exists():
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("The figures of %(kind)s for %(year)s are already entered. Open that row and edit it.")
                    % {"kind": IpKind(statistic.kind).label.lower(), "year": statistic.year},
                    code=ROW_TAKEN,
                )
            }
        )


def _save(statistic: IpStatistic, user: Any) -> None:
    statistic.updated_by = user
    attribute_to(statistic, user)
    statistic.full_clean(validate_constraints=False)
    statistic.save()


def statistic_create(
    *,
    user: Any,
    year: int,
    kind: str,
    applications: int,
    grants: int,
    source: str = DEFAULT_SOURCE,
    note: str = "",
    is_demo: bool = False,
) -> IpStatistic:
    """Enter the province's applications and grants of `kind` in `year` (one row each)."""
    _require(user)
    statistic = IpStatistic(
        year=year,
        kind=kind,
        applications=applications,
        grants=grants,
        source=_clean(source) or DEFAULT_SOURCE,
        note=nfc(note or "").strip(),
        is_demo=is_demo,
        created_by=user,
    )
    with transaction.atomic():
        _check_unique(statistic)
        _save(statistic, user)
    return statistic


def statistic_update(*, user: Any, statistic: IpStatistic, expected_version: int) -> IpStatistic:
    """Save the edits set on `statistic` (by the form); a stale copy is refused."""
    _require(user, statistic)
    statistic.source = _clean(statistic.source) or DEFAULT_SOURCE
    statistic.note = nfc(statistic.note or "").strip()
    with transaction.atomic():
        current = locked_current(statistic, expected_version=expected_version)
        _check_unique(statistic)
        statistic.version = current.version + 1
        _save(statistic, user)
    return statistic


def statistic_delete(*, user: Any, statistic: IpStatistic, expected_version: int | None = None) -> None:
    """Remove a row entered by mistake; its history (the deletion too) is kept."""
    _require(user, statistic)
    with transaction.atomic():
        current = locked_current(statistic, expected_version=expected_version)
        attribute_to(current, user)
        current.delete()
