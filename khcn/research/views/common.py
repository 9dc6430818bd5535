"""What the research pages share: reading a date and a loaded version from a post."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def parse_date(value: str) -> date | None:
    """A posted date as the forms read it: dd/mm/yyyy (as typed) or ISO; None if neither."""
    try:
        return forms.DateField(required=False).clean(value.strip())
    except ValidationError:
        return None


def posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("loaded_version", "0") or 0)
    except ValueError:
        return 0
