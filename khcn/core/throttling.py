"""API throttling (DRF): a rate per address for anonymous callers, per person for signed-in ones.

The rates are the settings KHCN_API_ANON_RATE and KHCN_API_USER_RATE, read on every request;
the counts live in the default cache (per process unless CACHE_URL names a shared one). A
refused request answers 429 with a Vietnamese message and Retry-After, the seconds until the
next request is allowed.
"""

import math
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.exceptions import APIException, Throttled
from rest_framework.throttling import SimpleRateThrottle

from khcn.core.http import client_ip


class TooManyRequests(Throttled):
    default_detail = _("Too many requests.")

    def __init__(self, wait: float | None = None) -> None:
        seconds = math.ceil(wait or 1)
        detail = ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
        # Throttled.__init__ would append its own untranslatable English sentence.
        APIException.__init__(self, detail)
        self.wait = seconds


class _RateThrottle(SimpleRateThrottle):
    setting = ""

    def get_rate(self) -> str | None:
        return getattr(settings, self.setting)

    def get_ident(self, request: Any) -> str:
        return client_ip(request)

    def allow_request(self, request: Any, view: Any) -> bool:
        # Refuse here, with our message: DRF's own Throttled message cannot be translated.
        if not super().allow_request(request, view):
            raise TooManyRequests(self.wait())
        return True


class AnonThrottle(_RateThrottle):
    """Anonymous callers, counted per address (khcn.core.http.client_ip)."""

    scope = "anon"
    setting = "KHCN_API_ANON_RATE"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(_RateThrottle):
    """Signed-in callers (session or token), counted per person whatever their address."""

    scope = "user"
    setting = "KHCN_API_USER_RATE"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class FailedAuthThrottle(AnonThrottle):
    """A failed authentication counted against its address's anonymous rate (called while the
    request's user is still being worked out, so it never reads `request.user`)."""

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
