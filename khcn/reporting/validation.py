"""Parsing and checking report values: one set of rules for the page, the API and imports.

Messages are Vietnamese through gettext and say what to do (STYLE.md §5); each has a stable
code. Errors block submission; warnings (an implausible jump from the last period) only ask
for an explanation, and a value with an explanation may be submitted.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from khcn.core.numbers import NumberError, parse_number
from khcn.core.text import nfc
from khcn.programs.models import Indicator, RuleOperator, ValueType

__all__ = ["Entry", "Outcome", "Parsed", "parse_date", "parse_number", "validate"]


def parse_date(text: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(nfc(text), fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


@dataclass
class Entry:
    """What was typed for one indicator (strings, as they came from a form or a cell)."""

    value: str = ""
    numerator: str = ""
    denominator: str = ""
    explanation: str = ""

    def is_blank(self) -> bool:
        return not (self.value.strip() or self.numerator.strip() or self.denominator.strip())


@dataclass
class Parsed:
    number: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    flag: bool | None = None
    date_value: date | None = None
    text: str = ""
    explanation: str = ""

    def as_number(self) -> Decimal | None:
        if self.number is not None:
            return self.number
        if self.numerator is not None and self.denominator:
            return self.numerator * 100 / self.denominator
        return None


@dataclass
class Problem:
    code: str
    message: str


@dataclass
class Outcome:
    parsed: dict[int, Parsed] = field(default_factory=dict)
    errors: dict[int, list[Problem]] = field(default_factory=dict)
    warnings: dict[int, list[Problem]] = field(default_factory=dict)
    form_errors: list[Problem] = field(default_factory=list)

    def error(self, indicator_id: int, code: str, message: str) -> None:
        self.errors.setdefault(indicator_id, []).append(Problem(code, message))

    def warn(self, indicator_id: int, code: str, message: str) -> None:
        self.warnings.setdefault(indicator_id, []).append(Problem(code, message))

    @property
    def ok(self) -> bool:
        return not self.errors and not self.form_errors

    def all_messages(self, indicators: dict[int, Indicator]) -> list[str]:
        out = [p.message for p in self.form_errors]
        for iid, problems in self.errors.items():
            out += [f"{indicators[iid].code}: {p.message}" for p in problems]
        return out


BOOL_TRUE = {"1", "true", "yes", "co", "có", "x", "đạt"}
BOOL_FALSE = {"0", "false", "no", "khong", "không", "chưa"}


def _parse_one(ind: Indicator, entry: Entry, out: Outcome) -> Parsed | None:
    p = Parsed(explanation=nfc(entry.explanation))
    vt = ind.value_type
    try:
        if vt == ValueType.RATIO:
            if entry.numerator.strip():
                p.numerator = parse_number(entry.numerator)
            if entry.denominator.strip():
                p.denominator = parse_number(entry.denominator)
        elif vt in (ValueType.PERCENT, ValueType.COUNT, ValueType.MONEY):
            if entry.value.strip():
                p.number = parse_number(entry.value)
        elif vt == ValueType.BOOLEAN:
            v = nfc(entry.value).casefold()
            if v in BOOL_TRUE:
                p.flag = True
            elif v in BOOL_FALSE:
                p.flag = False
            elif v:
                out.error(ind.pk, "boolean", _("Choose yes or no."))
                return None
        elif vt == ValueType.DATE:
            if entry.value.strip():
                p.date_value = parse_date(entry.value)
        else:
            p.text = nfc(entry.value)[:500]
    except NumberError as error:
        out.error(ind.pk, error.code, error.message)
        return None
    except ValueError:
        out.error(ind.pk, "date", _("Enter a date as dd/mm/yyyy, e.g. 30/06/2024."))
        return None
    return p


def _check_ranges(ind: Indicator, p: Parsed, out: Outcome) -> None:
    vt = ind.value_type
    if vt == ValueType.PERCENT and p.number is not None and not (0 <= p.number <= 100):
        out.error(ind.pk, "percent_range", _("Enter a percentage from 0 to 100."))
    if vt == ValueType.COUNT and p.number is not None and (p.number < 0 or p.number != p.number.to_integral_value()):
        out.error(ind.pk, "count", _("Enter a whole number, 0 or more."))
    if vt == ValueType.MONEY and p.number is not None and p.number < 0:
        out.error(ind.pk, "money", _("Enter an amount of 0 or more (VND)."))
    if vt == ValueType.RATIO:
        for part in (p.numerator, p.denominator):
            if part is not None and (part < 0 or part != part.to_integral_value()):
                out.error(ind.pk, "ratio_whole", _("Enter whole numbers, 0 or more."))
                return
        if (p.numerator is None) != (p.denominator is None):
            out.error(ind.pk, "ratio_both", _("Enter both numbers of the ratio, e.g. 5 of 18."))
        elif p.numerator is not None and p.denominator is not None:
            if p.denominator == 0:
                out.error(ind.pk, "ratio_zero", _("The total must be more than 0."))
            elif p.numerator > p.denominator:
                out.error(
                    ind.pk,
                    "ratio_order",
                    _("The first number cannot be larger than the total (%(num)s > %(den)s).")
                    % {"num": _fmt(p.numerator), "den": _fmt(p.denominator)},
                )
    if p.number is not None:
        if ind.min_value is not None and p.number < ind.min_value:
            out.error(ind.pk, "min", _("Enter at least %(min)s.") % {"min": _fmt(ind.min_value)})
        if ind.max_value is not None and p.number > ind.max_value:
            out.error(ind.pk, "max", _("Enter at most %(max)s.") % {"max": _fmt(ind.max_value)})


def _fmt(d: Decimal) -> str:
    from django.utils.formats import number_format

    return number_format(d.normalize() if d == d.to_integral_value() else d, use_l10n=True, force_grouping=True)


def _compare(left: Decimal, op: str, right: Decimal) -> bool:
    return {
        RuleOperator.LE: left <= right,
        RuleOperator.LT: left < right,
        RuleOperator.GE: left >= right,
        RuleOperator.EQ: left == right,
    }[RuleOperator(op)]


def validate(
    *,
    items: list[tuple[Indicator, bool]],
    entries: dict[int, Entry],
    rules: list[Any],
    previous: dict[int, Decimal | None],
    strict: bool,
) -> Outcome:
    """Parse and check every entry of a report.

    `items` are the form's (indicator, required) pairs; `previous` the comparable numbers
    of the unit's last period. With `strict` (submission) required values must be present,
    a large jump needs an explanation and the form's cross rules must hold; in a draft the
    cross rules only warn.

    `parsed` holds only what passed the value's own checks (it parses, it fits the column,
    it lies within its type's and the indicator's bounds): that, and nothing else, may be
    stored, even in a draft. A value with an error is left out and shown back with it.
    """
    out = Outcome()
    for ind, required in items:
        entry = entries.get(ind.pk, Entry())
        parsed = _parse_one(ind, entry, out)
        if parsed is None:
            continue
        _check_ranges(ind, parsed, out)
        if ind.pk in out.errors:
            continue
        out.parsed[ind.pk] = parsed
        if strict and required and entry.is_blank():
            out.error(ind.pk, "required", _("This value is required before submitting."))
        now = parsed.as_number()
        before = previous.get(ind.pk)
        if now is not None and before and (ind.is_numeric or ind.value_type == ValueType.RATIO):
            change = abs(now - before) * 100 / abs(before)
            if change > ind.jump_warning_percent:
                message = _("Changed by %(change)s%% since the last period (%(before)s). Explain why.") % {
                    "change": _fmt(change.quantize(Decimal(1))),
                    "before": _fmt(before),
                }
                if strict and not parsed.explanation:
                    out.error(ind.pk, "jump_unexplained", message)
                else:
                    out.warn(ind.pk, "jump", message)
    for rule in rules:
        left = out.parsed.get(rule.left_id)
        right = out.parsed.get(rule.right_id)
        if left is None or right is None:
            continue
        lv, rv = left.as_number(), right.as_number()
        if lv is not None and rv is not None and not _compare(lv, rule.operator, rv):
            (out.error if strict else out.warn)(rule.left_id, "cross_rule", rule.message)
    return out
