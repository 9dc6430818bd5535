"""The one place that knows what a user may see (STYLE.md §6).

Every list, detail page, export, search result and API endpoint starts from
`visible(queryset, user)`; a detail fetch goes through `get_visible_or_404`. Out of
scope is a 404, never a 403, so that ids do not leak.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from khcn.accounts.roles import DEPARTMENT_ROLES, Role

M = TypeVar("M", bound=Model)

_CACHE_ATTR = "_khcn_scope"


@dataclass(frozen=True)
class Scope:
    """The units (as tree paths) and organisations a user acts within, and their roles."""

    roles: frozenset[str]
    unit_paths: tuple[str, ...]
    organisation_ids: frozenset[int]
    unrestricted: bool = False

    @property
    def is_department(self) -> bool:
        return self.unrestricted or bool(self.roles & DEPARTMENT_ROLES)

    def has_role(self, *roles: str) -> bool:
        return self.unrestricted or bool(self.roles & set(roles))

    def covers_path(self, path: str) -> bool:
        return self.unrestricted or any(path.startswith(p) for p in self.unit_paths)


EMPTY = Scope(roles=frozenset(), unit_paths=(), organisation_ids=frozenset())


def scope_for(user: Any) -> Scope:
    """Work out `user`'s scope once and keep it on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(roles=frozenset(Role.values), unit_paths=(), organisation_ids=frozenset(), unrestricted=True)
    else:
        grants = list(user.grants.filter(is_active=True).select_related("unit"))
        paths = sorted({g.unit.path for g in grants if g.unit_id})
        # A path inside another one adds nothing; keep the outermost.
        outer = tuple(p for p in paths if not any(p != q and p.startswith(q) for q in paths))
        scope = Scope(
            roles=frozenset(g.role for g in grants),
            unit_paths=outer,
            organisation_ids=frozenset(g.organisation_id for g in grants if g.organisation_id),
        )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scope_q(model: type[Model], scope: Scope) -> Q | None:
    """The filter for `model` rows inside `scope`; None means "everything"."""
    if scope.unrestricted:
        return None
    terms: list[Q] = []
    unit_field = getattr(model, "scope_field", None)
    org_field = getattr(model, "scope_organisation_field", None)
    if unit_field is None and org_field is None:
        raise TypeError(f"{model.__name__} names no scope_field; it cannot be scoped")
    if unit_field:
        prefix = "path" if unit_field == "self" else f"{unit_field}__path"
        terms += [Q(**{f"{prefix}__startswith": p}) for p in scope.unit_paths]
    if org_field and scope.organisation_ids:
        terms.append(Q(**{f"{org_field}__in": sorted(scope.organisation_ids)}))
    if not terms:
        return Q(pk__in=[])
    return reduce(or_, terms)


def visible(queryset: QuerySet[M], user: Any, action: str = "view") -> QuerySet[M]:
    """Filter any unit- or organisation-owned queryset to what `user` may `action`."""
    scope = scope_for(user)
    if not scope.unrestricted and not user.is_authenticated:
        return queryset.none()
    q = scope_q(queryset.model, scope)
    return queryset if q is None else queryset.filter(q)


def get_visible_or_404(queryset: QuerySet[M], user: Any, **lookup: Any) -> M:
    """Fetch one row inside `user`'s scope, or raise Http404 (never 403)."""
    try:
        return visible(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404 from exc
