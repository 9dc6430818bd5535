"""One confirmation page for destructive or lasting actions (close, delete, deactivate, end).

A GET shows the question; the page's form POSTs back to the same URL, where the view calls
its service. When the service refuses, the same page comes back with the reason (422).
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


def confirm_page(request: HttpRequest, confirm: Confirm, *, status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {"confirm": confirm}
    return render(request, "components/confirm_action.html", context, status=status)
