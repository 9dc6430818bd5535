from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    # Public traceability pages behind QR codes: /p/…, /b/…, /01/… (no sign-in). First, as the
    # most requested paths of the site: resolving them skips every other app's patterns.
    path("", include("khcn.products.public_urls")),
    path("", include("khcn.home.urls")),
    path("", include("khcn.core.urls")),
    path("accounts/", include("khcn.accounts.urls")),
    path("audit/", include("khcn.audit.urls")),
    path("notifications/", include("khcn.notifications.urls")),
    path("geo/", include("khcn.geo.urls")),
    path("programs/", include("khcn.programs.urls")),
    path("reporting/", include("khcn.reporting.urls")),
    path("meetings/", include("khcn.meetings.urls")),
    path("research/", include("khcn.research.urls")),
    path("products/", include("khcn.products.urls")),
    path("experts/", include("khcn.experts.urls")),
    path("quality/", include("khcn.quality.urls")),
    path("appraisal/", include("khcn.appraisal.urls")),
    path("metrology/", include("khcn.metrology.urls")),
    path("radiation/", include("khcn.radiation.urls")),
    path("enforcement/", include("khcn.enforcement.urls")),
    path("initiatives/", include("khcn.initiatives.urls")),
    path("city/", include("khcn.citywork.urls")),
    path("fund/", include("khcn.fund.urls")),
    path("enterprises/", include("khcn.enterprises.urls")),
    path("ipstats/", include("khcn.ipstats.urls")),
    path("ingest/", include("khcn.ingest.urls")),
    path("search/", include("khcn.search.urls")),
    path("api/v1/", include("khcn.api.urls")),
    # Open data, the public product list, robots.txt and the sitemap (no sign-in).
    path("", include("khcn.portal.urls")),
    # The language switch must work before signing in too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)  # type: ignore[arg-type]

# Error pages and JSON bodies that need no database, in Vietnamese (khcn/core/errors.py).
handler400 = "khcn.core.errors.bad_request"
handler404 = "khcn.core.errors.page_not_found"
handler500 = "khcn.core.errors.server_error"
