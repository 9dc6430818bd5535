"""Bounds for every number a form or the API takes, matching where it is stored (issue 12).

A number without bounds is a 500 waiting to happen: PostgreSQL refuses what its column
cannot hold, SQLite keeps it and cannot read it back. So every number field of a page form
or a serializer has a finite minimum and maximum (a test walks them all), and the messages
say in Vietnamese what to type.

- Page model forms (`KhcnModelForm`) get them from the model column on their own
  (`BoundedModelFormMetaclass`); a form narrows one to its meaning with `number_bounds`.
- Declared fields and serializers use the constructors below.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from rest_framework import serializers

Number = int | Decimal | float

ID_MAX = 2**63 - 1  # BigAutoField
VERSION_MAX = 2**31 - 1  # PositiveIntegerField
YEAR_MIN, YEAR_MAX = 2000, 2100  # the years plans, calls and budgets are about
MONTHS_MIN, MONTHS_MAX = 1, 120  # a research task lasts at most ten years
SCORE_MAX = 1000  # points of one criterion of an evaluation sheet


def decimal_max(max_digits: int, decimal_places: int) -> Decimal:
    """The largest number a DecimalField(max_digits, decimal_places) column holds."""
    return Decimal(10) ** (max_digits - decimal_places) - Decimal(1).scaleb(-decimal_places)


MILLION_MAX = decimal_max(12, 1)  # amounts in million VND: DecimalField(12, 1)

# What each kind of model column holds: the storage bound of a field without a narrower one.
_COLUMN_RANGES: list[tuple[type, Number, Number]] = [
    (models.PositiveSmallIntegerField, 0, 2**15 - 1),
    (models.SmallIntegerField, -(2**15), 2**15 - 1),
    (models.PositiveIntegerField, 0, 2**31 - 1),
    (models.PositiveBigIntegerField, 0, 2**63 - 1),
    (models.BigIntegerField, -(2**63) + 1, 2**63 - 1),
    (models.IntegerField, -(2**31) + 1, 2**31 - 1),
]


def _show(value: Number) -> str:
    """1.000.000 with grouping, but a year as 2026."""
    return str(number_format(value, use_l10n=True, force_grouping=abs(Decimal(value)) >= 10_000))


def _range_text(low: Number, high: Number) -> str:
    return gettext("Enter a number from %(min)s to %(max)s.") % {"min": _show(low), "max": _show(high)}


def range_message(low: Number, high: Number) -> str:
    """ "Nhập số từ 0 đến 100.", translated when shown (the language of the request)."""
    return lazy(_range_text, str)(low, high)  # type: ignore[no-any-return]


def column_range(field: models.Field) -> tuple[Number, Number] | None:
    """What a model column holds; amounts (DecimalField) are never negative here."""
    if isinstance(field, models.DecimalField) and field.max_digits is not None:
        return 0, decimal_max(field.max_digits, field.decimal_places or 0)
    for kind, low, high in _COLUMN_RANGES:
        if isinstance(field, kind):
            return low, high
    return None


def apply_bounds(field: forms.Field, low: Number, high: Number) -> None:
    """Give a built form field bounds, as if it had been built with min_value and max_value."""
    field.min_value = low  # type: ignore[attr-defined]
    field.max_value = high  # type: ignore[attr-defined]
    message = range_message(low, high)
    field.validators = [v for v in field.validators if not isinstance(v, (MinValueValidator, MaxValueValidator))] + [
        MinValueValidator(low, message=message),
        MaxValueValidator(high, message=message),
    ]
    if isinstance(field.widget, forms.NumberInput):
        field.widget.attrs.update({"min": low, "max": high})


class BoundedModelFormMetaclass(ModelFormMetaclass):
    """Bound every number field a model form builds from its model.

    Bounds come from the form's `number_bounds` ({field: (min, max)}, the meaning) or else
    from the column (`column_range`, the storage). Declared fields keep their own.
    """

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        new_class: Any = super().__new__(mcs, name, bases, attrs)
        model = getattr(getattr(new_class, "_meta", None), "model", None)
        meaning: dict[str, tuple[Number, Number]] = getattr(new_class, "number_bounds", {})
        for field_name, field in new_class.base_fields.items():
            if not isinstance(field, (forms.IntegerField, forms.FloatField)):  # DecimalField is an IntegerField
                continue
            if field_name in meaning:
                apply_bounds(field, *meaning[field_name])
                continue
            bounded = field.min_value is not None and field.max_value is not None
            if bounded or field_name in new_class.declared_fields:
                continue
            try:
                column = column_range(model._meta.get_field(field_name)) if model else None
            except Exception:  # not a model field
                column = None
            if column is not None:
                low = column[0] if field.min_value is None else max(field.min_value, column[0])
                apply_bounds(field, low, column[1])
        return new_class


def api_range_messages(low: Number, high: Number) -> dict[str, Any]:
    message = range_message(low, high)
    return {"min_value": message, "max_value": message}


def form_integer(*, low: int, high: int, **kwargs: Any) -> forms.IntegerField:
    message = range_message(low, high)
    return forms.IntegerField(
        min_value=low, max_value=high, error_messages={"min_value": message, "max_value": message}, **kwargs
    )


def form_year(**kwargs: Any) -> forms.IntegerField:
    kwargs.setdefault("widget", forms.NumberInput(attrs={"min": YEAR_MIN, "max": YEAR_MAX, "step": 1}))
    return form_integer(low=YEAR_MIN, high=YEAR_MAX, **kwargs)


def form_version(**kwargs: Any) -> forms.IntegerField:
    """The hidden version a page loaded, for `versioned_save`."""
    return form_integer(low=1, high=VERSION_MAX, widget=forms.HiddenInput, **kwargs)


def api_integer(*, low: int, high: int, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=low, max_value=high, error_messages=api_range_messages(low, high), **kwargs
    )


def api_id(**kwargs: Any) -> serializers.IntegerField:
    """A record's id, as the API reads or writes it."""
    return api_integer(low=1, high=ID_MAX, **kwargs)


def api_version(**kwargs: Any) -> serializers.IntegerField:
    """The version an edit is based on (`core.concurrency`)."""
    return api_integer(low=1, high=VERSION_MAX, **kwargs)


def api_year(**kwargs: Any) -> serializers.IntegerField:
    return api_integer(low=YEAR_MIN, high=YEAR_MAX, **kwargs)


def api_months(**kwargs: Any) -> serializers.IntegerField:
    return api_integer(low=MONTHS_MIN, high=MONTHS_MAX, **kwargs)


def api_million(**kwargs: Any) -> serializers.DecimalField:
    """An amount in million VND, as the DecimalField(12, 1) columns hold it: 0 or more."""
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 1)
    high = decimal_max(kwargs["max_digits"], kwargs["decimal_places"])
    return serializers.DecimalField(
        min_value=Decimal(0), max_value=high, error_messages=api_range_messages(0, high), **kwargs
    )


def api_decimal(*, low: Decimal, high: Decimal, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        min_value=low, max_value=high, error_messages=api_range_messages(low, high), **kwargs
    )
