"""The public list of recognised initiatives (no sign-in), like the published results."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.initiatives import selectors
from khcn.initiatives.models import InitiativeField


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX else None


@login_not_required
def recognised_list(request: HttpRequest) -> HttpResponse:
    """Initiatives recognised by their units: search (folded Vietnamese), field, year, pages."""
    q = request.GET.get("q", "").strip()[:200]
    field = request.GET.get("field", "")
    year = _year(request.GET.get("year", ""))
    qs = selectors.recognised_search(q=q, field=field, year=year)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "q": q,
        "field": field,
        "year": year or "",
        "fields": InitiativeField.choices,
    }
    return render(request, "initiatives/recognised_list.html", context)
