from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from khcn.accounts.navigation import nav_for
from khcn.accounts.scoping import scope_for, visible
from khcn.geo.models import AdminUnit, Organisation
from khcn.geo.selectors import province_get


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: an introduction for visitors, the user's modules once signed in."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    scope = scope_for(request.user)
    province = province_get()
    context = {
        "scope": scope,
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
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse(
        {"status": "ok", "database": "ok", "engine": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]}
    )


@login_not_required
@require_GET
def bare(request: HttpRequest) -> HttpResponse:
    """A view doing nothing, the baseline that benchmarks compare real pages against."""
    return HttpResponse("ok", content_type="text/plain")
