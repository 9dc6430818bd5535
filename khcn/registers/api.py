"""Read-only /api/v1/ endpoints of a register: the same rows as its pages (scoped by
`visible`), paginated, with the same filters as the list page."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from khcn.accounts.scoping import visible
from khcn.registers.pages import Register


def register_viewset(reg: Register, fields: list[str]) -> type[viewsets.ReadOnlyModelViewSet]:
    """A read-only viewset of `reg` serialising `fields` (plus id and version)."""
    meta = type(
        "Meta",
        (),
        {"model": reg.model, "fields": ["id", *fields, "version"], "read_only_fields": ["id", *fields, "version"]},
    )
    # Named after the app too: two apps may both have a "Decision" (the schema's component names).
    name = f"{reg.model._meta.app_label.title()}{reg.model.__name__}Serializer"
    serializer = type(name, (serializers.ModelSerializer,), {"Meta": meta})

    def get_queryset(self: Any) -> QuerySet:
        if not self.request.user.has_perm(reg.view_perm):
            return reg.model._default_manager.none()
        return visible(reg.queryset(), self.request.user).order_by("pk")

    return type(
        f"{reg.model.__name__}ViewSet",
        (viewsets.ReadOnlyModelViewSet,),
        {
            "__doc__": f"{reg.model._meta.verbose_name_plural} in the caller's scope (read only).",
            "serializer_class": serializer,
            "filterset_class": reg.filterset,
            "get_queryset": get_queryset,
            "queryset": reg.model._default_manager.none(),
        },
    )
