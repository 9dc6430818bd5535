"""The scales councils score on: the criteria of a sheet and the grades of an acceptance.

The tables are the research app's own (DOMAIN.md §3.3-3.5; the national practice, unconfirmed
for a province): a screening or selection sheet scores KHCN_SCORING_CRITERIA out of 100; an
acceptance grades each criterion and the task overall Xuất sắc / Đạt / Không đạt (Circular
11/2014) or, on the "points" scale (KHCN_ACCEPTANCE_SCALE), scores the acceptance criteria out of
100 and the mean falls in a band. A deployment may replace a table with a setting of the same
name (KHCN_SCORING_CRITERIA, KHCN_ACCEPTANCE_CRITERIA, KHCN_ACCEPTANCE_BANDS); the thresholds
(KHCN_SCORE_*, KHCN_ACCEPTANCE_*_SHARE) come from the environment, in config/settings.py.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from khcn.research.council_subjects import kind_of
from khcn.research.models import Council, CouncilKind

# (code, label, maximum points): out of 100 in all.
DEFAULT_SCORING_CRITERIA: list[tuple[str, Any, int]] = [
    ("urgency", gettext_lazy("Urgency of the problem"), 20),
    ("importance", gettext_lazy("Importance and reach of its effects"), 15),
    ("novelty", gettext_lazy("No overlap with tasks done or under way"), 15),
    ("resources", gettext_lazy("Needs the City's resources"), 10),
    ("feasibility", gettext_lazy("Feasibility"), 20),
    ("application", gettext_lazy("Where it will be applied, and the commitment to apply it"), 20),
]
DEFAULT_ACCEPTANCE_CRITERIA: list[tuple[str, Any, int]] = [
    ("products", gettext_lazy("Work and products completed against the contract"), 40),
    ("quality", gettext_lazy("Quality, scientific and practical value of the results"), 30),
    ("application", gettext_lazy("Applicability, transfer and effect"), 20),
    ("report", gettext_lazy("Quality of the final report"), 10),
]
# (lowest mean score, code, label), highest first: the "points" scale of an acceptance.
DEFAULT_ACCEPTANCE_BANDS: list[tuple[float, str, Any]] = [
    (86, "excellent", pgettext_lazy("acceptance grade", "Excellent")),
    (70, "good", pgettext_lazy("acceptance grade", "Good")),
    (50, "average", pgettext_lazy("acceptance grade", "Average")),
    (0, "fail", pgettext_lazy("acceptance grade", "Fail")),
]

OVERALL = "overall"
GRADES = [
    ("excellent", gettext_lazy("Excellent (Xuất sắc)")),
    ("pass", gettext_lazy("Pass (Đạt)")),
    ("fail", gettext_lazy("Fail (Không đạt)")),
]
GRADE_RANK = {"excellent": 2, "pass": 1, "fail": 0}


def scoring_criteria() -> list[tuple[str, Any, int]]:
    """The criteria of a screening or selection sheet: KHCN_SCORING_CRITERIA, else ours."""
    return getattr(settings, "KHCN_SCORING_CRITERIA", None) or DEFAULT_SCORING_CRITERIA


def acceptance_criteria() -> list[tuple[str, Any, int]]:
    return getattr(settings, "KHCN_ACCEPTANCE_CRITERIA", None) or DEFAULT_ACCEPTANCE_CRITERIA


def acceptance_bands() -> list[tuple[float, str, Any]]:
    """The bands of the points scale, highest first: KHCN_ACCEPTANCE_BANDS, else ours."""
    return getattr(settings, "KHCN_ACCEPTANCE_BANDS", None) or DEFAULT_ACCEPTANCE_BANDS


def grade_label(code: str) -> str:
    """The label of a task's grade, whichever scale gave it."""
    labels = {c: str(label) for c, label in GRADES} | {c: str(label) for _low, c, label in acceptance_bands()}
    return labels.get(code, code)


def uses_grades(council: Council) -> bool:
    return council.kind == CouncilKind.ACCEPTANCE and settings.KHCN_ACCEPTANCE_SCALE == "grades"


def criteria(council: Council | None = None) -> list[tuple[str, str, int]]:
    """The criteria a council's sheets hold: (code, label, maximum points)."""
    source = scoring_criteria()
    kind = kind_of(council) if council is not None else None
    if kind is not None:
        source = kind.criteria()
    elif council is not None and council.kind == CouncilKind.ACCEPTANCE:
        source = acceptance_criteria()
    return [(code, str(label), int(top)) for code, label, top in source]


def sheet_items(council: Council) -> list[tuple[str, str, int]]:
    """What a member fills in: the criteria, and on the grade scale the task overall too."""
    items = criteria(council)
    if uses_grades(council):
        items = [*items, (OVERALL, _("The task overall"), 0)]
    return items
