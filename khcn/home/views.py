from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from khcn.accounts.scoping import scope_for, visible
from khcn.core.home_cards import cards_for
from khcn.core.navigation import nav_for
from khcn.geo.models import AdminUnit, Organisation
from khcn.geo.selectors import province_get


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; once signed in, "Việc của tôi": the cards of the user's
    work (each app's `home.py`), then their modules."""
    if not request.user.is_authenticated:
        return render(request, "home/landing.html")
    scope = scope_for(request.user)
    cards = cards_for(request.user, scope)
    province = province_get()
    context = {
        "scope": scope,
        "cards": cards,
        "summary_cards": [c for c in cards if c["data"].summary],
        "done_cards": [c for c in cards if c["done"]],
        "modules": [i for i in nav_for(request.user, request.path) if i["url"] != request.path],
        "province": province,
        "unit_count": AdminUnit.objects.current().count(),
        "organisation_count": (
            visible(Organisation.objects.all(), request.user).count()
            if request.user.has_perm("geo.view_organisation")
            else None
        ),
        "grants": request.user.grants.filter(is_active=True).select_related(  # type: ignore[union-attr]
            "unit", "organisation", "office"
        ),
    }
    return render(request, "home/home.html", context)
