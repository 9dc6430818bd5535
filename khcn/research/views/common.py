"""What the research pages share: reading a date and a loaded version from a post, and asking
before a step that cannot be undone."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from khcn.core.confirm import Confirm, confirm_repost, is_confirmed


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


def ask_first(
    request: HttpRequest, *, question: str, note: str, button: str, back: str, back_label: str
) -> HttpResponse | None:
    """The confirmation page for a lasting step posted from a record's page (a decision, a
    conclusion, a publication), or None once confirmed (issue 13, defect 7)."""
    if is_confirmed(request):
        return None
    confirm = Confirm(
        title=question,
        question=question,
        note=note,
        button=button,
        icon="check2-circle",
        danger=False,
        cancel_url=back,
        crumbs=[(back_label, back)],
    )
    return confirm_repost(request, confirm)
