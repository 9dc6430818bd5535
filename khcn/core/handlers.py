"""The WSGI application, resolving each path against the URL patterns once per process.

Django tries the URL patterns one after another for every request and records each one it tried:
with about 700 patterns (the API's router alone has four per list), finding a view took from a
third of a millisecond (the home page) to one and a half (an API list late in the router), as
much as some whole kept pages (issue 19). A path always leads to the same view with the same
arguments while the URL configuration stays the same, so the match found for a path is kept
(the `KHCN_RESOLVE_CACHE_SIZE` most recently used paths) and each request gets its own copy of
it. Paths that match nothing are not kept: each 404 is looked for again.
"""

from __future__ import annotations

from functools import cache, lru_cache

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.urls import ResolverMatch, get_resolver


@cache
def _cache_for(size: int):  # type: ignore[no-untyped-def]
    @lru_cache(maxsize=size)
    def resolved(urlconf: str, path: str) -> ResolverMatch:
        return get_resolver(urlconf).resolve(path)

    return resolved


def resolve_once(path: str) -> ResolverMatch:
    """A copy of the root URL configuration's match for `path` (Resolver404 if none)."""
    kept = _cache_for(settings.KHCN_RESOLVE_CACHE_SIZE)(settings.ROOT_URLCONF, path)
    match = object.__new__(ResolverMatch)  # (ResolverMatch refuses copy.copy)
    match.__dict__.update(kept.__dict__)
    match.args = tuple(kept.args)
    match.kwargs = dict(kept.kwargs)
    match.captured_kwargs = dict(kept.captured_kwargs)  # type: ignore[attr-defined]
    match.extra_kwargs = dict(kept.extra_kwargs)  # type: ignore[attr-defined]
    return match


def forget_resolved(**kwargs: object) -> None:
    """Drop every kept match (a setting changed: ROOT_URLCONF in a test, say)."""
    _cache_for.cache_clear()


setting_changed.connect(forget_resolved, dispatch_uid="khcn-resolve-once")


class KhcnWSGIHandler(WSGIHandler):
    """Django's WSGI handler, finding each path's view once (see the module docstring)."""

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        if hasattr(request, "urlconf") or settings.KHCN_RESOLVE_CACHE_SIZE <= 0:
            return super().resolve_request(request)  # a per-request URL configuration: as Django does
        match = resolve_once(request.path_info)
        request.resolver_match = match
        return match
