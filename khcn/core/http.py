"""Request helpers: the type for views that read django-htmx's `request.htmx`, the client's address."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, the one login lockout, API throttling and the audit
    log all key on.

    Served directly, it is REMOTE_ADDR. Behind KHCN_TRUSTED_PROXY_COUNT reverse proxies that each
    append the address they received from to X-Forwarded-For (nginx's
    `$proxy_add_x_forwarded_for`), it is that header's entry the outermost proxy added: entries
    left of it are whatever the client sent and cannot be trusted. A header shorter than the
    proxy count, or an entry that is no address, falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    count = settings.KHCN_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote
