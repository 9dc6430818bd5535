"""The public catalogue: technologies and consented experts, and asking about a technology.

catalogue, technology_public and technology_ask are helper B's; expert_public_list and
expert_public (the registry's public profiles) are helper A's."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from khcn.core.text import fold
from khcn.experts.filters_technologies import CatalogueFilter
from khcn.experts.forms.demands import AskForm
from khcn.experts.models import Technology
from khcn.experts.selectors import technologies as selectors
from khcn.experts.services import demands as demand_services


def _public(**context: Any) -> dict[str, Any]:
    return {"department_name": settings.KHCN_DEPARTMENT_NAME, **context}


def owner_shown(technology: Technology) -> str:
    """The owner as the public may read it: an expert by name only when their profile is public
    (consent and validation, Decree 13/2023/NĐ-CP); otherwise the organisation or owner's name."""
    expert = technology.owner_expert
    if expert is not None and expert.is_public:
        return expert.display_name
    if technology.owner_organisation is not None:
        return str(technology.owner_organisation)
    if expert is not None and fold(expert.full_name) in fold(technology.owner_name):
        # The owner typed in names the expert who gave no consent: say where they work instead.
        return expert.organisation_name
    return technology.owner_name


@login_not_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """Listed technologies: search (with or without diacritics), field and maturity, pages."""
    filterset = CatalogueFilter(request.GET, queryset=selectors.catalogue_list(), request=request)
    page = Paginator(filterset.qs.order_by("title_folded", "pk"), 12).get_page(request.GET.get("page"))
    for technology in page:
        technology.owner_public = owner_shown(technology)  # type: ignore[attr-defined]
    filtered = any(request.GET.get(name) for name in filterset.filters)
    context = _public(filter=filterset, page=page, filtered=filtered)
    return render(request, "experts/public/catalogue.html", context)


@login_not_required
def technology_public(request: HttpRequest, pk: int) -> HttpResponse:
    technology = selectors.catalogue_get(pk=pk)
    files = technology.all_files  # type: ignore[attr-defined]
    context = _public(
        technology=technology,
        owner=owner_shown(technology),
        photos=[f for f in files if f.is_photo],
        documents=[f for f in files if not f.is_photo],
        owner_profile=technology.owner_expert
        if technology.owner_expert and technology.owner_expert.is_public
        else None,
    )
    return render(request, "experts/public/technology.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def technology_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask about a listed technology: a demand of the commune the signed-in user names
    (source=public); an anonymous visitor signs in first and comes back here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    technology = selectors.catalogue_get(pk=pk)
    initial = {"requester_name": request.user.get_full_name()}
    form = AskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            demand_services.demand_ask(user=request.user, technology=technology, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your question was sent to the Department. It will put you in touch."))
            return redirect("experts:technology_public", pk=technology.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "experts/public/technology_ask.html", _public(technology=technology, form=form), status=status
    )


# ---- Public expert profiles (helper A) ----
# Only consented, validated profiles; never an e-mail or a phone (Decree 13/2023/NĐ-CP).


@login_not_required
def expert_public_list(request: HttpRequest) -> HttpResponse:
    """The public list of experts: search without diacritics, filter by field, paged."""
    from django.core.paginator import Paginator

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
        "technologies": selectors.catalogue_list().filter(owner_expert=expert).order_by("title_folded", "pk"),
        "subfields": [subfield_label(c) for c in subfield_codes(expert.subfields)],
        "keywords": [k.strip() for k in expert.keywords.split(",") if k.strip()],
    }
    return render(request, "experts/public/expert_detail.html", context)
