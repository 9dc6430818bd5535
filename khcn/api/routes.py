"""The /api/v1/ router, assembled from the apps' own `api` modules when the URLs load.

An app that serves part of the API has an `api` module (or package) whose `ROUTES` lists
its viewsets; the apps are walked in INSTALLED_APPS order. Nothing here imports a domain app
by name, so the apps never have to know about this package.
"""

from collections.abc import Iterable
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule
from rest_framework.routers import DefaultRouter

from khcn.core.drf import Route


def app_routes() -> list[Route]:
    """The ROUTES of every installed KHCN app that has an `api` module."""
    routes: list[Route] = []
    for config in apps.get_app_configs():
        if config.name.startswith("khcn.") and module_has_submodule(config.module, "api"):
            routes += import_module(f"{config.name}.api").ROUTES
    return routes


def api_router(routes: Iterable[Route]) -> DefaultRouter:
    """A router serving `routes`; two apps claiming one prefix is a configuration error."""
    router = DefaultRouter()
    for prefix, viewset, basename in routes:
        if any(prefix == taken for taken, _viewset, _basename in router.registry):
            raise ImproperlyConfigured(f"The API prefix {prefix!r} is registered twice.")
        router.register(prefix, viewset, basename=basename)
    return router
