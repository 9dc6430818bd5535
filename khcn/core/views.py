from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from khcn.core.errors import RETRY_AFTER_SECONDS
from khcn.core.pagecache import no_page_cache


@no_page_cache
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
        response = JsonResponse({"status": "error", "database": "unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse(
        {"status": "ok", "database": "ok", "engine": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]}
    )


@no_page_cache
@login_not_required
@require_GET
def bare(request: HttpRequest) -> HttpResponse:
    """A view doing nothing, the baseline that benchmarks compare real pages against."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links to: send them to the icon.

    A temporary redirect: the icon's hashed name changes when it does.
    """
    return HttpResponseRedirect(static("img/favicon.svg"))


@no_page_cache
@login_not_required
@never_cache
@require_GET
def language(request: HttpRequest) -> HttpResponse:
    """The visitors' language switch: a plain link, so that public pages carry no CSRF token.

    Signed-in users post to Django's set_language. A visitor's display language is all this
    changes, so that another site can trigger it does no harm; and a page without a token sets
    no cookie and is the same for every visitor (khcn/core/pagecache.py).
    """
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
