"""The public catalogue: technologies and consented experts, and asking about a technology.

PLACEHOLDER: every view below answers 404 until its area is built."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


def catalogue(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_public(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def technology_ask(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


# ---- Public expert profiles (helper A) ----
# Only consented, validated profiles; never an e-mail or a phone (Decree 13/2023/NĐ-CP).


@login_not_required
def expert_public_list(request: HttpRequest) -> HttpResponse:
    """The public list of experts: search without diacritics, filter by field, paged."""
    from django.core.paginator import Paginator

    from khcn.core.text import fold
    from khcn.experts.fields import SUBFIELD_CHOICES
    from khcn.experts.selectors.experts import expert_public_list as public_experts
    from khcn.research.models import ScienceField

    experts = public_experts()
    q, field, subfield = (request.GET.get(k, "").strip() for k in ("q", "field", "subfield"))
    for word in fold(q).split():
        experts = experts.filter(search_folded__contains=word)
    if field in ScienceField.values:
        experts = experts.filter(field=field)
    if subfield in dict(SUBFIELD_CHOICES):
        experts = experts.filter(subfields__contains=f" {subfield} ")
    page = Paginator(experts.order_by("name_folded", "pk"), 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "field": field,
        "subfield": subfield,
        "fields": ScienceField.choices,
        "subfields": SUBFIELD_CHOICES,
    }
    return render(request, "experts/public/expert_list.html", context)


@login_not_required
def expert_public(request: HttpRequest, pk: int) -> HttpResponse:
    """A public profile; a profile not public answers 404, like an unknown id."""
    from khcn.experts.fields import subfield_label
    from khcn.experts.models import subfield_codes
    from khcn.experts.selectors.experts import expert_public_get

    expert = expert_public_get(pk=pk)
    context = {
        "expert": expert,
        "subfields": [subfield_label(c) for c in subfield_codes(expert.subfields)],
        "keywords": [k.strip() for k in expert.keywords.split(",") if k.strip()],
    }
    return render(request, "experts/public/expert_detail.html", context)
