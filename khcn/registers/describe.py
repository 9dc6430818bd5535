"""What an app needs to describe its registers as `Register`s: dates and links for the detail
page, the shared save and delete services bound to the app's permission, and a create form
filled from the query string (a verification of the instrument it was added from)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from khcn.registers.services import record_delete, record_save


def day(value: Any) -> str:
    """A date as the short Vietnamese date, "" for none."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def link(obj: Any) -> SafeString:
    """The record's name linking to its page."""
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj)


def money(value: int) -> str:
    """Whole đồng grouped by dots (1.500.000)."""
    return f"{value:,}".replace(",", ".")


def record_saver(model: type, perm: str) -> Callable[..., Any]:
    """The register's `save`: `record_save` of `model` under `perm`."""

    def save(*, user: Any, instance: Any, expected_version: int | None, fields: dict[str, Any]) -> Any:
        return record_save(
            user=user, model=model, perm=perm, instance=instance, expected_version=expected_version, fields=fields
        )

    return save


def record_deleter(perm: str) -> Callable[..., None]:
    """The register's `delete`: `record_delete` under `perm`."""

    def delete(*, user: Any, instance: Any) -> None:
        record_delete(user=user, perm=perm, instance=instance)

    return delete


def initial_from_query(name: str) -> Callable[[HttpRequest], dict[str, Any]]:
    """A create form's `form_initial`: the id given as ?<name>= (digits only) preselected."""

    def initial(request: HttpRequest) -> dict[str, Any]:
        value = request.GET.get(name, "")
        return {name: value} if value.isdigit() and len(value) < 19 else {}

    return initial
