"""Statistics of initiatives in the user's scope, and per person for emulation titles."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khcn.initiatives import selectors


def initiative_statistics(request: HttpRequest) -> HttpResponse:
    """Counts by unit, field and year; each author's recognised initiatives (searchable by name)."""
    if not request.user.has_perm("initiatives.view_statistics"):
        raise PermissionDenied
    name = request.GET.get("person", "").strip()[:200]
    context = {
        "stats": selectors.initiative_statistics(user=request.user),
        "people": selectors.author_records(user=request.user, name=name),
        "person": name,
    }
    return render(request, "initiatives/initiative_statistics.html", context)
