"""How values read on pages and in documents: 1.234,5 · 87% · 5/18 · Có/Không · dd/mm/yyyy."""

from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from khcn.programs.models import ValueType


def fmt_number(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return ""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else round(value, places)
    return number_format(value, use_l10n=True, force_grouping=True)


def format_value(value: Any, indicator: Any = None) -> str:
    """A value (or an aggregate with the same attributes) as people write it."""
    ind = indicator or value.indicator
    vt = ind.value_type
    if vt == ValueType.RATIO:
        if value.numerator is None or value.denominator is None:
            return ""
        return f"{fmt_number(value.numerator)}/{fmt_number(value.denominator)}"
    if vt == ValueType.PERCENT:
        return f"{fmt_number(value.number, 1)}%" if value.number is not None else ""
    if vt in (ValueType.COUNT, ValueType.MONEY):
        return fmt_number(value.number)
    if vt == ValueType.BOOLEAN:
        return "" if value.flag is None else (_("Yes") if value.flag else _("No"))
    if vt == ValueType.DATE:  # an aggregate row of a date or a text (not aggregated) has neither
        day = getattr(value, "date_value", None)
        return date_format(day, "SHORT_DATE_FORMAT") if day else ""
    return getattr(value, "text", "") or ""


def input_number(value: Decimal | None) -> str:
    """A number as an input field shows it: always "1.234,5", whatever the page language,
    so that what comes back parses the same way (validation.parse_number)."""
    if value is None:
        return ""
    value = value.normalize()
    sign = "-" if value < 0 else ""
    whole, _dot, frac = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + ".".join(groups or ["0"]) + ("," + frac if frac else "")


def entry_strings(value: Any, indicator: Any) -> dict[str, str]:
    """A stored value as the strings a form field shows (Vietnamese number format)."""
    vt = indicator.value_type
    if value is None:
        return {"value": "", "numerator": "", "denominator": "", "explanation": ""}
    out = {"value": "", "numerator": "", "denominator": "", "explanation": value.explanation}
    if vt == ValueType.RATIO:
        out["numerator"] = input_number(value.numerator)
        out["denominator"] = input_number(value.denominator)
    elif vt in (ValueType.PERCENT, ValueType.COUNT, ValueType.MONEY):
        out["value"] = input_number(value.number)
    elif vt == ValueType.BOOLEAN:
        out["value"] = "" if value.flag is None else ("1" if value.flag else "0")
    elif vt == ValueType.DATE:
        out["value"] = value.date_value.strftime("%d/%m/%Y") if value.date_value else ""
    else:
        out["value"] = value.text
    return out


def progress_label(progress: str) -> str:
    """Progress against a target as people read it (Đạt / Có nguy cơ không đạt / Không đạt)."""
    return {"achieved": _("Achieved"), "at_risk": _("At risk"), "not_achieved": _("Not achieved")}.get(progress, "")
