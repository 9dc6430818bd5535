"""What other apps do when a report moves, through hooks they register in their AppConfig.

Reporting knows nothing of the apps above it: meetings, for one, turns the requests of a
submitted report into follow-up items by registering `on_report_submitted` in its `ready()`.
Receivers run inside the submission's transaction, so a failing receiver undoes the submission
and nothing is half done. Checks registered with `on_report_submitting` run before anything is
written and refuse the submission with a ValidationError the unit can act on (meetings refuses
a requests section with more lines than it will turn into items).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from khcn.reporting.models import Report


@dataclass(frozen=True)
class ReportSubmitted:
    report: Report
    sections: dict[str, str]  # the narrative sections as submitted, by SectionKey
    user: Any


Receiver = Callable[[ReportSubmitted], None]
_submitted: list[Receiver] = []
_checks: list[Receiver] = []


def on_report_submitting(check: Receiver) -> Receiver:
    """Call `check` before a report is submitted; it raises ValidationError to refuse it."""
    if check not in _checks:
        _checks.append(check)
    return check


def report_submitting(*, report: Report, sections: dict[str, str], user: Any) -> None:
    """Run every registered check on a report about to be submitted (raises ValidationError)."""
    event = ReportSubmitted(report=report, sections=sections, user=user)
    for check in _checks:
        check(event)


def on_report_submitted(receiver: Receiver) -> Receiver:
    """Call `receiver` with every submitted report (registering twice has no effect)."""
    if receiver not in _submitted:
        _submitted.append(receiver)
    return receiver


def report_submitted(*, report: Report, sections: dict[str, str], user: Any) -> None:
    """Tell every registered receiver that `report` was submitted."""
    event = ReportSubmitted(report=report, sections=sections, user=user)
    for receiver in _submitted:
        receiver(event)
