"""Numbers typed by people, and the bounds of the columns that store them.

Report values, indicator limits and targets live in DecimalField(max_digits=20,
decimal_places=4) columns: at most 16 digits before the comma and 4 after. PostgreSQL refuses
anything larger ("numeric field overflow", a 500 that loses the whole save); SQLite stores it
and then cannot read it back. So a number is checked here before it is stored, and a column
that already holds one out of bounds reads as empty (`BoundedDecimalField`).

The rules for reading text (STYLE.md §5, the house format is Vietnamese):
- "1.234,5": dots group thousands, the comma starts the decimals; "87,5" is 87.5.
- "1234.5", "87.5": a lone dot not followed by groups of three is a decimal point.
- "1,234.5", "1,234,567": the English order, read as 1234.5 and 1234567.
- Anything mixing both in another way ("1,23.4", "1.2,3.4") is refused as ambiguous;
  letters, exponents ("1e17"), "inf" and "NaN" are refused.
- More than 4 decimals are rounded to 4, half away from zero (ROUND_HALF_UP); the bounds are
  checked on the rounded number.
"""

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db.models.expressions import Col
from django.utils.translation import gettext as _

from khcn.core.text import nfc

VALUE_DIGITS = 20
VALUE_PLACES = 4
# Every stored number is smaller than this in absolute value (16 digits before the comma).
VALUE_LIMIT = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)
VALUE_MAX = VALUE_LIMIT - Decimal(1).scaleb(-VALUE_PLACES)  # 9999999999999999.9999
QUANTUM = Decimal(1).scaleb(-VALUE_PLACES)

NUMBER = "number"
NUMBER_AMBIGUOUS = "number_ambiguous"
NUMBER_TOO_LARGE = "number_too_large"

_PLAIN = re.compile(r"^[+-]?(\d+)?([.,]\d+)?$")
_VI_GROUPS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234 · 1.234,5
_EN_GROUPS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234.5 · 1,234,567
_EN_DECIMAL_AFTER_GROUPS = re.compile(r"^[+-]?\d{1,3}(,\d{3})*\.\d+$")


class NumberError(ValueError):
    """Text that is not a number this project stores; `code` and `message` say which rule."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _not_a_number() -> NumberError:
    return NumberError(NUMBER, _("Enter a number, e.g. 1.234 or 87,5."))


def _canonical(s: str) -> str:
    """The text with "." as the only decimal point and no grouping, or NumberError."""
    has_dot, has_comma = "." in s, "," in s
    if _VI_GROUPS.match(s):  # "1.234" (a thousand and more) and "1.234,5"
        return s.replace(".", "").replace(",", ".")
    if has_comma and (_EN_GROUPS.match(s) or _EN_DECIMAL_AFTER_GROUPS.match(s)):
        if s.count(",") == 1 and not has_dot:  # "1,234": the Vietnamese decimal comma
            return s.replace(",", ".")
        return s.replace(",", "")
    if has_dot and has_comma:
        raise NumberError(
            NUMBER_AMBIGUOUS,
            _("“%(text)s” reads two ways. Write it like 1.234,5: dots between thousands, a comma before decimals.")
            % {"text": s},
        )
    if _PLAIN.match(s) and s.count(",") + s.count(".") <= 1:
        return s.replace(",", ".")
    raise _not_a_number()


def parse_number(text: str) -> Decimal:
    """Read a number typed the Vietnamese way ("1.234,5"), plainly ("1234.5", "87%") or in the
    English order ("1,234.5"); round to 4 decimals and check it fits the value columns.

    Raises NumberError (a ValueError) with a code and a message saying what to type.
    """
    s = nfc(text).replace(" ", "").replace("\u00a0", "").removesuffix("%")
    if not s:
        raise _not_a_number()
    try:
        value = Decimal(_canonical(s))
    except InvalidOperation as exc:
        raise _not_a_number() from exc
    return bounded(value)


def bounded(value: Decimal) -> Decimal:
    """`value` rounded to 4 decimals (half away from zero), or NumberError when it does not fit."""
    if not value.is_finite():
        raise _not_a_number()
    if abs(value) >= VALUE_LIMIT:
        raise NumberError(NUMBER_TOO_LARGE, _("Enter a number with at most 16 digits before the comma."))
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP, context=Context(prec=VALUE_DIGITS + 2))


def is_storable(value: Any) -> bool:
    """Whether a number read from a value column is one the column may hold."""
    return isinstance(value, Decimal) and value.is_finite() and abs(value) < VALUE_LIMIT


class BoundedDecimalField(models.DecimalField):
    """A DecimalField whose out-of-bounds contents read as None instead of raising.

    Only SQLite lets such a number in (it keeps whatever it is given, even "inf"); reading it
    back then fails in Django's converter and every page showing the row answers 500, so the
    unit can never correct it. Here the converter does not trap, and a number the column
    cannot hold comes back as empty: the page works and the value can be typed again. An
    aggregate over the column (a city total) may be larger and is kept when finite.

    It deconstructs as a plain DecimalField: the schema is the same, so no migration.
    """

    @property
    def context(self) -> Context:  # type: ignore[override]
        return Context(prec=self.max_digits, traps=[])

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                return None
        if not value.is_finite():
            return None
        # A column holds less than VALUE_LIMIT; a sum of columns may rightly hold more.
        return None if isinstance(expression, Col) and not is_storable(value) else value


def format_number(value: Any, places: int = 2) -> str:
    """A number as pages and documents show it, the Vietnamese way: "1.500", "2.500,5".

    Dots group thousands and a comma starts the decimals, whatever the page language; a whole
    number shows no decimals ("1500,0" reads "1.500"), others at most `places` without
    trailing zeros. None and text that is not a number read as "" (templates add a dash).
    """
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return ""
    if not number.is_finite():
        return ""
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else round(number, places)
    sign = "-" if number < 0 else ""
    whole, _dot, frac = f"{abs(number):f}".partition(".")
    frac = frac.rstrip("0")
    groups = [whole[max(0, end - 3) : end] for end in range(len(whole), 0, -3)][::-1]
    return sign + ".".join(groups) + ("," + frac if frac else "")
