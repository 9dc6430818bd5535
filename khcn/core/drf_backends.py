"""The DRF classes the settings name (REST_FRAMEWORK): filtering, session authentication.

Apart from `khcn.core.drf` because DRF imports these while it builds its own generic views;
this module must not import `rest_framework.viewsets` or `generics`.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from khcn.core.forms import bound_number_filters


class KhcnFilterBackend(DjangoFilterBackend):
    """django-filter's DRF backend with every number filter bounded (`bound_number_filters`).

    Bounding here covers each list's filters, whether the view names a FilterSet class or only
    `filterset_fields`; out-of-range values are a 400 like any invalid filter value.
    """

    def get_filterset(self, request: Request, queryset: QuerySet, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            bound_number_filters(filterset)
        return filterset


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, refusing a missing CSRF token in Vietnamese.

    DRF's own message ("CSRF Failed: …") is not translatable and names Django's internal reason.
    """

    def enforce_csrf(self, request: Request) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(
                _("The CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value."),
                code="csrf_failed",
            ) from exc
