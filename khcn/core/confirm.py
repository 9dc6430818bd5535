"""One confirmation page for destructive or lasting actions (close, delete, deactivate, end).

A GET shows the question; the page's form POSTs back to the same URL, where the view calls
its service. When the service refuses, the same page comes back with the reason (422).

A step taken from a form on another page (submit a report, approve it, record a decision)
asks on its first POST instead: `confirm_repost` shows the question with the fields that were
posted kept as hidden inputs, and its button posts them again with `confirmed=1`, which
`is_confirmed` recognises. It needs no JavaScript, so it works under the strict CSP.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@dataclass
class Confirm:
    title: str
    question: str
    button: str
    cancel_url: str
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (label, url) before the title
    note: str = ""
    icon: str = "exclamation-triangle"
    danger: bool = True
    allowed: bool = True  # False: only the reason and a way back, no button
    version: int | None = None  # sent back as `loaded_version` for a versioned record
    errors: list[str] = field(default_factory=list)
    action: str = ""  # where the form posts: the same URL when empty
    carry: list[tuple[str, str]] = field(default_factory=list)  # fields posted again, hidden


def confirm_page(request: HttpRequest, confirm: Confirm, *, status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {"confirm": confirm}
    return render(request, "components/confirm_action.html", context, status=status)


CONFIRMED = "confirmed"
# Never carried from one post to the next: the token is the page's own.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED}


def is_confirmed(request: HttpRequest) -> bool:
    """Whether this POST comes from the confirmation page's button."""
    return request.POST.get(CONFIRMED) == "1"


def confirm_repost(request: HttpRequest, confirm: Confirm, *, replace: dict[str, str] | None = None) -> HttpResponse:
    """The question for a POST not confirmed yet; its button posts the same fields again.

    `replace` changes carried values (a version that moved when a draft was saved first).
    """
    replace = replace or {}
    confirm.action = request.get_full_path()
    confirm.carry = [
        (name, replace.get(name, value))
        for name in request.POST
        if name not in _NOT_CARRIED
        for value in request.POST.getlist(name)
    ]
    confirm.carry += [(name, value) for name, value in replace.items() if name not in request.POST]
    confirm.carry.append((CONFIRMED, "1"))
    return confirm_page(request, confirm)
