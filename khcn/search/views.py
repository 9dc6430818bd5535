"""The search pages: results grouped by kind, one kind's list page by page, and the header
box's suggestions (an HTMX fragment)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from khcn.core.searchable import source_get
from khcn.search.forms import SearchForm
from khcn.search.query import Filters, hits_load, search_grouped, search_ranked

PER_GROUP = 5
PER_PAGE = 20
SUGGESTIONS = 8


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """/search/?q=…: every kind with hits, or with `kind` that kind's hits page by page."""
    form = SearchForm(request.GET, user=request.user)
    context: dict = {"form": form, "q": ""}
    if form.is_valid() and form.cleaned_data["q"]:
        q, filters = form.cleaned_data["q"], form.filters()
        context["q"] = q
        source = source_get(filters.kind)
        if source is None:
            context["results"] = search_grouped(user=request.user, query=q, filters=filters, per_group=PER_GROUP)
        else:
            ranked = search_ranked(user=request.user, query=q, filters=filters)
            page = Paginator(ranked.rows, PER_PAGE).get_page(request.GET.get("page"))
            context.update(
                source=source,
                ranked=ranked,
                page=page,
                hits=hits_load(list(page.object_list), ranked.terms),
                page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            )
    return render(request, "search/search.html", context)


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """/search/suggest/?q=…: the first hits as links, for the header box as one types."""
    q = request.GET.get("q", "").strip()[:200]
    hits = []
    if q:
        ranked = search_ranked(user=request.user, query=q, filters=Filters())
        hits = hits_load(ranked.rows[:SUGGESTIONS], ranked.terms)
    return render(request, "search/suggest.html", {"q": q, "hits": hits})
