"""What every app's API module shares.

Each app serves its part of /api/v1/ from its own `api` module, and `khcn.api` only assembles
them; so shared API pieces live here, below the apps, never in `khcn.api` above them.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeAlias

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.viewsets import ViewSetMixin

Route: TypeAlias = tuple[str, type[ViewSetMixin], str]
"""One entry of an app's `api.ROUTES`: URL prefix, viewset, basename (URL names `api:<basename>-list`, …)."""


@contextmanager
def body_field_errors() -> Iterator[None]:
    """Answer a Django field error raised while reading the request body (an unknown or
    out-of-scope reference, `accounts.scoping.reference_get`) as DRF's own 400, keyed by the
    field like the serializer's errors."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(exc.message_dict) from exc


class RejectUnknownFieldsMixin:
    """Refuse a write whose body names a field the serializer does not have (400).

    DRF drops unknown keys silently: a misspelt `"rounds": 3` or a field of another version
    of the API would be lost while the caller is told the write succeeded. Known read-only
    fields (an object sent back as it was read) are still accepted and ignored.
    """

    IGNORED_KEYS = frozenset({"csrfmiddlewaretoken"})

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields) - self.IGNORED_KEYS)  # type: ignore[attr-defined]
            if unknown:
                raise serializers.ValidationError({name: [UNKNOWN_FIELD] for name in unknown}, code="unknown_field")
        values = super().to_internal_value(data)  # type: ignore[misc]
        if isinstance(values, Mapping):
            out_of_range = [name for name, value in values.items() if _date_out_of_range(value)]
            if out_of_range:
                message = DATE_OUT_OF_RANGE % {"low": DATE_YEARS[0], "high": DATE_YEARS[1]}
                raise serializers.ValidationError({name: [message] for name in out_of_range}, code="date_range")
        return values


UNKNOWN_FIELD = gettext_lazy("This field does not exist; check its name in the API schema.")
# Every date KHCN keeps (sessions, deadlines, periods, expiries) falls in these years. Outside
# them a typo is likelier than a record, and before 1906 Hà Nội's clock was local mean time
# (+07:06:30), which no ISO 8601 reader takes back.
DATE_YEARS = (1945, 2100)
DATE_OUT_OF_RANGE = gettext_lazy("Enter a date between the years %(low)s and %(high)s.")


def _date_out_of_range(value: Any) -> bool:
    return isinstance(value, date) and not DATE_YEARS[0] <= value.year <= DATE_YEARS[1]


class StrictSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """A serializer for request bodies: unknown fields are a 400 (RejectUnknownFieldsMixin)."""


class StrictModelSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    """A model serializer for request bodies: unknown fields are a 400 (RejectUnknownFieldsMixin)."""
