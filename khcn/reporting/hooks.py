"""What other apps do when a report moves, through hooks they register in their AppConfig.

Reporting knows nothing of the apps above it: meetings, for one, turns the requests of a
submitted report into follow-up items by registering `on_report_submitted` in its `ready()`.
Receivers run inside the submission's transaction, so a failing receiver undoes the submission
and nothing is half done.
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
