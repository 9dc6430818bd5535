import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the user picked another language with the switcher.

    LocaleMiddleware would otherwise follow the browser's Accept-Language header, and an
    officer whose browser happens to be in English would get an English system. The choice
    made in the header's language switch (a cookie) still wins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Slide a signed-in session's idle expiry, writing it at most once a minute.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) costs a database write
    per page; refreshing it when it is older than SESSION_REFRESH_SECONDS keeps the idle
    time-out within that margin for a fraction of the writes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get("_refreshed", 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session["_refreshed"] = now
        return self.get_response(request)


class KhcnLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required middleware, answering background (HTMX) requests with 401.

    A redirect would make HTMX swap the sign-in page into a fragment; a 401 lets the page
    say the session expired while what the user typed stays in the browser.
    """

    def handle_no_permission(self, request: HttpRequest, view_func: Any) -> Any:
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=401)
        return super().handle_no_permission(request, view_func)


class PrivateCacheMiddleware:
    """Mark every answer to a signed-in user `Cache-Control: private, no-store`.

    Pages, exports and downloads of a signed-in user hold data of their scope: no shared proxy
    may keep them, nor the browser's disk cache on a shared office computer once they sign out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
