"""The scales councils score on: the criteria of a sheet and the grades of an acceptance.

Which criteria and grades apply is configured in settings (KHCN_SCORING_CRITERIA,
KHCN_ACCEPTANCE_SCALE, KHCN_ACCEPTANCE_CRITERIA, KHCN_ACCEPTANCE_BANDS).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khcn.research.models import (
    Council,
    CouncilKind,
)

OVERALL = "overall"
GRADES = [
    ("excellent", gettext_lazy("Excellent (Xuất sắc)")),
    ("pass", gettext_lazy("Pass (Đạt)")),
    ("fail", gettext_lazy("Fail (Không đạt)")),
]
GRADE_RANK = {"excellent": 2, "pass": 1, "fail": 0}


def grade_label(code: str) -> str:
    """The label of a task's grade, whichever scale gave it."""
    labels = {c: str(label) for c, label in GRADES} | {c: label for _low, c, label in settings.KHCN_ACCEPTANCE_BANDS}
    return labels.get(code, code)


def uses_grades(council: Council) -> bool:
    return council.kind == CouncilKind.ACCEPTANCE and settings.KHCN_ACCEPTANCE_SCALE == "grades"


def criteria(council: Council | None = None) -> list[tuple[str, str, int]]:
    """The criteria a council's sheets hold: (code, label, maximum points)."""
    source = settings.KHCN_SCORING_CRITERIA
    if council is not None and council.kind == CouncilKind.ACCEPTANCE:
        source = settings.KHCN_ACCEPTANCE_CRITERIA
    return [(code, label, int(top)) for code, label, top in source]


def sheet_items(council: Council) -> list[tuple[str, str, int]]:
    """What a member fills in: the criteria, and on the grade scale the task overall too."""
    items = criteria(council)
    if uses_grades(council):
        items = [*items, (OVERALL, _("The task overall"), 0)]
    return items
