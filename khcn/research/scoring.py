"""A council's sheets put together: each criterion's mean and spread, and the recommendation."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from khcn.research.council_subjects import kind_of
from khcn.research.models import (
    Council,
    CouncilKind,
    ScoreSheet,
)
from khcn.research.scales import GRADES, OVERALL, acceptance_bands, criteria, grade_label, sheet_items, uses_grades


@dataclass
class CriterionResult:
    code: str
    label: str
    top: int
    scores: list[int]
    mean: Decimal | None = None
    low: int | None = None
    high: int | None = None
    zeros: int = 0
    disagreement: bool = False


@dataclass
class Aggregate:
    eligible: int
    submitted: int
    totals: list[int]
    criteria: list[CriterionResult] = field(default_factory=list)
    mean_total: Decimal | None = None
    recommended: bool = False
    reasons: list[str] = field(default_factory=list)
    # Acceptance councils: the grade the sheets give, and on the grade scale how many gave each.
    grade: str = ""
    grade_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade) if self.grade else ""


def _mean(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _grade_aggregate(result: Aggregate, council: Council, sheets: list[ScoreSheet]) -> Aggregate:
    """Circular 11/2014 rules: Đạt with 3/4 at Đạt or better; Xuất sắc with 3/4 at Xuất sắc and no Không đạt."""
    for code, _label, _top in sheet_items(council):
        given = [str(s.scores.get(code, "")) for s in sheets]
        result.grade_counts[code] = {g: given.count(g) for g, _l in GRADES}
    if not sheets:
        result.reasons.append(_("No sheet submitted yet."))
        return result
    overall = result.grade_counts[OVERALL]
    n = len(sheets)
    passed = overall["excellent"] + overall["pass"] >= n * settings.KHCN_ACCEPTANCE_PASS_SHARE
    excellent = passed and overall["excellent"] >= n * settings.KHCN_ACCEPTANCE_EXCELLENT_SHARE and not overall["fail"]
    result.grade = "excellent" if excellent else "pass" if passed else "fail"
    result.recommended = passed
    share = f"{settings.KHCN_ACCEPTANCE_PASS_SHARE:.0%}"
    result.reasons.append(
        _("%(good)s of %(n)s sheets grade the task Đạt or better (%(share)s needed); %(exc)s grade it Xuất sắc.")
        % {"good": overall["excellent"] + overall["pass"], "n": n, "share": share, "exc": overall["excellent"]}
    )
    return result


def _band(mean: Decimal) -> str:
    for low, code, _label in acceptance_bands():
        if mean >= Decimal(str(low)):
            return str(code)
    return "fail"


def council_aggregate(council: Council) -> Aggregate:
    """The submitted sheets of the members who may score, put together."""
    members = list(council.members.select_related("sheet"))
    eligible = [m for m in members if not m.is_excluded]  # undeclared members count: they may still score
    sheets = [m.sheet for m in eligible if m.may_score and hasattr(m, "sheet") and m.sheet.submitted_at]
    if uses_grades(council):
        return _grade_aggregate(Aggregate(eligible=len(eligible), submitted=len(sheets), totals=[]), council, sheets)
    result = Aggregate(eligible=len(eligible), submitted=len(sheets), totals=[s.total for s in sheets])
    for code, label, top in criteria(council):
        scores = [int(s.scores.get(code, 0)) for s in sheets]
        line = CriterionResult(code=code, label=label, top=top, scores=scores)
        if scores:
            line.mean, line.low, line.high = _mean(scores), min(scores), max(scores)
            line.zeros = scores.count(0)
            line.disagreement = (line.high - line.low) > top * settings.KHCN_SCORE_DISAGREEMENT_SHARE
        result.criteria.append(line)
    if not sheets:
        result.reasons.append(_("No sheet submitted yet."))
        return result
    result.mean_total = _mean(result.totals)
    if council.kind == CouncilKind.ACCEPTANCE:
        result.grade = _band(result.mean_total)
        result.recommended = result.grade != "fail"
        result.reasons.append(
            _("The mean score %(mean)s gives the grade %(grade)s.")
            % {"mean": result.mean_total, "grade": grade_label(result.grade)}
        )
        return result
    kind = kind_of(council)
    pass_mean = kind.pass_mean() if kind is not None else settings.KHCN_SCORE_PASS_MEAN
    passed = result.mean_total >= Decimal(str(pass_mean))
    if not passed:
        result.reasons.append(
            _("The mean score %(mean)s is below %(pass)s.") % {"mean": result.mean_total, "pass": pass_mean}
        )
    zeroed = [c.label for c in result.criteria if c.zeros > len(sheets) * settings.KHCN_SCORE_ZERO_SHARE]
    if zeroed:
        result.reasons.append(
            _("More than a third of the members gave 0 to: %(criteria)s.") % {"criteria": "; ".join(zeroed)}
        )
    result.recommended = passed and not zeroed
    return result
