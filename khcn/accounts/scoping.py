"""The one place that knows what a user may see and change (STYLE.md §6).

Every list, detail page, export, search result and API endpoint starts from
`visible(queryset, user)`; a detail fetch goes through `get_visible_or_404`. Out of
scope is a 404, never a 403, so that ids do not leak.

Writes use the *write scope*, `scope_for(user, writing=True)`: the same grants less those
on a unit no longer in force (a district abolished on 1 July 2025, DOMAIN.md §1.1). Such a
grant reads the unit's history and nothing more, so an account holding only such grants
is read-only. How a refused write answers, on pages and API alike:

- a record addressed by the URL and not visible: 404 (`get_visible_or_404`), so ids do
  not leak;
- a record addressed by the URL, visible but outside the write scope (history only, or
  a role that may not change it): 403, from the service's permission check;
- a reference sent in the body (unit, organisation, session, round, call, task, office,
  request...): a 400 with an error on that field (`reference_get`, `unit_check_writable`,
  `organisation_check_writable`). An unknown id and an id outside the write scope get the
  same message, so the answer does not tell whether the row exists.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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


def _scope_of(grants: list[Any]) -> Scope:
    paths = sorted({g.unit.path for g in grants if g.unit_id})
    # A path inside another one adds nothing; keep the outermost.
    outer = tuple(p for p in paths if not any(p != q and p.startswith(q) for q in paths))
    return Scope(
        roles=frozenset(g.role for g in grants),
        unit_paths=outer,
        organisation_ids=frozenset(g.organisation_id for g in grants if g.organisation_id),
    )


def scope_for(user: Any, *, writing: bool = False) -> Scope:
    """Work out `user`'s scope once and keep it on the user object for the request.

    With `writing`, the scope to change records in: grants on a unit no longer in force
    today give no write (they read the history of a former district only).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        if user.is_superuser:
            everything = Scope(
                roles=frozenset(Role.values), unit_paths=(), organisation_ids=frozenset(), unrestricted=True
            )
            cached = (everything, everything)
        else:
            grants = list(user.grants.filter(is_active=True).select_related("unit"))
            today = timezone.localdate()
            in_force = [g for g in grants if not g.unit_id or g.unit.is_current(today)]
            read = _scope_of(grants)
            cached = (read, read if len(in_force) == len(grants) else _scope_of(in_force))
        setattr(user, _CACHE_ATTR, cached)
    return cached[1] if writing else cached[0]


def forget_scope(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


@dataclass(frozen=True)
class UnitPath:
    """Rows whose unit, reached through `field`, lies in one of the user's unit subtrees.

    `field` is "self" for the units themselves. `many` marks a path through a multi-valued
    relation (a session's cluster): it is tested with a subquery, so no row comes twice.
    `roles`, when given, limits the term to users holding one of them.
    """

    field: str
    roles: frozenset[str] | None = None
    many: bool = False


@dataclass(frozen=True)
class OrganisationPath:
    """Rows whose organisation, reached through `field`, is one the user acts for."""

    field: str
    roles: frozenset[str] | None = None


@dataclass(frozen=True)
class OwnRows:
    """Rows that name the user through `field` (a task's principal investigator)."""

    field: str
    roles: frozenset[str] | None = None


@dataclass(frozen=True)
class AllRows:
    """Every row, for the users holding one of `roles` (the Department sees all tasks)."""

    roles: frozenset[str]


@dataclass(frozen=True)
class Through:
    """The scope of the related row reached through `field` (a progress report: its task's)."""

    field: str


ScopeTerm = UnitPath | OrganisationPath | OwnRows | AllRows | Through


def scope_terms(model: type[Model]) -> tuple[ScopeTerm, ...]:
    """What `model` declares: `scope_rules`, or the short form `scope_field` (and
    `scope_organisation_field`) for a model owned by one unit (or organisation)."""
    declared = getattr(model, "scope_rules", None)
    if declared is not None:
        return tuple(declared)
    unit_field = getattr(model, "scope_field", None)
    org_field = getattr(model, "scope_organisation_field", None)
    if unit_field is None and org_field is None:
        raise TypeError(f"{model.__name__} names no scope_field; it cannot be scoped")
    terms: list[ScopeTerm] = []
    if unit_field:
        terms.append(UnitPath(unit_field))
    if org_field:
        terms.append(OrganisationPath(org_field))
    return tuple(terms)


def _joined(prefix: str, field: str) -> str:
    return f"{prefix}{field}" if field != "self" else prefix.removesuffix("__")


def _term_q(model: type[Model], term: ScopeTerm, scope: Scope, user_pk: Any, prefix: str) -> Q | None:
    """One declared term of `model` as a filter on the rows `prefix` leads to; None: every row."""
    roles = getattr(term, "roles", None)
    if roles and not scope.has_role(*roles):
        return Q(pk__in=[])
    if isinstance(term, AllRows):
        return None
    if isinstance(term, UnitPath):
        if not scope.unit_paths:
            return Q(pk__in=[])
        if term.many:
            # A multi-valued path would repeat a row once per matching unit: test it apart.
            inner = reduce(or_, [Q(**{f"{term.field}__path__startswith": p}) for p in scope.unit_paths])
            return Q(**{f"{prefix}pk__in": model._default_manager.filter(inner).values("pk")})  # type: ignore[attr-defined]
        path = _joined(prefix, term.field)
        lookup = f"{path}__path__startswith" if path else "path__startswith"
        return reduce(or_, [Q(**{lookup: p}) for p in scope.unit_paths])
    if isinstance(term, OrganisationPath):
        if not scope.organisation_ids:
            return Q(pk__in=[])
        return Q(**{f"{_joined(prefix, term.field)}__in": sorted(scope.organisation_ids)})
    if isinstance(term, OwnRows):
        return Q(**{_joined(prefix, term.field): user_pk}) if user_pk else Q(pk__in=[])
    if isinstance(term, Through):
        related = model._meta.get_field(term.field)
        return _model_q(related.related_model, scope, user_pk, prefix=f"{prefix}{term.field}__")  # type: ignore[arg-type]
    raise TypeError(f"unknown scope term {term!r}")


def _model_q(model: type[Model], scope: Scope, user_pk: Any, prefix: str = "") -> Q | None:
    qs: list[Q] = []
    for term in scope_terms(model):
        q = _term_q(model, term, scope, user_pk, prefix)
        if q is None:
            return None
        qs.append(q)
    return reduce(or_, qs) if qs else Q(pk__in=[])


def scope_q(model: type[Model], scope: Scope, user: Any = None) -> Q | None:
    """The filter for `model` rows inside `scope`; None means "everything"."""
    if scope.unrestricted:
        return None
    return _model_q(model, scope, getattr(user, "pk", None))


def visible(queryset: QuerySet[M], user: Any, action: str = "view") -> QuerySet[M]:
    """Filter any unit- or organisation-owned queryset to what `user` may `action`.

    Any action but "view" filters on the write scope (no history-only grant).
    """
    scope = scope_for(user, writing=action != "view")
    if not scope.unrestricted and not user.is_authenticated:
        return queryset.none()
    q = scope_q(queryset.model, scope, user)
    return queryset if q is None else queryset.filter(q)


def get_visible_or_404(queryset: QuerySet[M], user: Any, **lookup: Any) -> M:
    """Fetch one row inside `user`'s scope, or raise Http404 (never 403)."""
    try:
        return visible(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404 from exc


# -- references sent on a write ------------------------------------------------------------

OUT_OF_SCOPE = "out_of_scope"
UNIT_NOT_IN_FORCE = "unit_not_in_force"


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def unit_check_writable(*, user: Any, unit: Any, field: str = "unit") -> None:
    """Refuse (400 on `field`) a unit the user may not write for."""
    if unit is not None and not scope_for(user, writing=True).covers_path(unit.path):
        raise _field_error(field, _("No such unit in your scope. Choose a unit you act for."), OUT_OF_SCOPE)


def unit_check_in_force(*, unit: Any, on: Any = None, field: str = "unit") -> None:
    """Refuse (400 on `field`) a unit not in force on `on` (today by default), such as a
    district abolished by the 2025 reform, for records that start new work (a proposal to a
    call): its history is read, the work goes on under its successor (DOMAIN.md §1.3)."""
    if unit is not None and not unit.is_current(on or timezone.localdate()):
        until = date_format(unit.valid_to, "d/m/Y") if unit.valid_to else ""
        raise _field_error(
            field,
            _("%(unit)s no longer exists (in force until %(day)s); its records can only be read. Choose its successor.")
            % {"unit": unit.full_name, "day": until},
            UNIT_NOT_IN_FORCE,
        )


def organisation_in_write_scope(user: Any, organisation: Any) -> bool:
    """The user acts for the organisation, or it sits in a unit they may write for."""
    scope = scope_for(user, writing=True)
    if scope.unrestricted or organisation.pk in scope.organisation_ids:
        return True
    return organisation.unit_id is not None and scope.covers_path(organisation.unit.path)


def organisation_check_writable(*, user: Any, organisation: Any, field: str = "organisation") -> None:
    """Refuse (400 on `field`) an organisation outside the user's write scope."""
    if organisation is not None and not organisation_in_write_scope(user, organisation):
        raise _field_error(
            field, _("No such organisation in your scope. Choose an organisation you act for."), OUT_OF_SCOPE
        )


def reference_get(queryset: QuerySet[M], pk: Any, *, field: str, message: str) -> M:
    """The row `pk` names among `queryset` (already scoped by the caller), else a 400 on `field`.

    The same `message` answers an unknown id and one outside the caller's scope.
    """
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError, OverflowError) as exc:  # type: ignore[attr-defined]
        raise _field_error(field, message, OUT_OF_SCOPE) from exc
