"""Reads for the account pages: which users a Department officer manages, what they may grant.

A user belongs to the scope of the units and organisations their role grants name: the
Department of a province sees the accounts granted anywhere in it, and nobody else's.
"""

import hashlib
import hmac
import re
from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from khcn.accounts.models import ApiToken, RoleGrant, User
from khcn.accounts.roles import GRANTABLE_ROLES, ROLE_RANK, SUPERUSER_RANK, Role
from khcn.accounts.scoping import scope_for, visible
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel


def user_rank(user: Any) -> int:
    """What `user` may act as now: the highest rank of their active roles (ROLE_RANK), a
    superuser's above all; -1 for an account that is signed out or deactivated."""
    scope = scope_for(user)
    if scope.unrestricted:
        return SUPERUSER_RANK
    return max((ROLE_RANK[Role(r)] for r in scope.roles), default=-1)


def account_rank(account: User) -> int:
    """The rank `account` holds, even while deactivated (reactivating restores it)."""
    if account.is_superuser:
        return SUPERUSER_RANK
    roles = [g.role for g in account.grants.all() if g.is_active]
    return max((ROLE_RANK[Role(r)] for r in roles), default=-1)


def grants_in_scope(*, user: Any) -> QuerySet[RoleGrant]:
    """Role grants on a unit or an organisation inside `user`'s scope (active or ended)."""
    units = visible(AdminUnit.objects.all(), user)
    organisations = visible(Organisation.all_objects.all(), user)
    return RoleGrant.objects.filter(Q(unit__in=units) | Q(organisation__in=organisations))


def user_list(*, user: Any) -> QuerySet[User]:
    """Accounts `user` may see on the account pages, with their grants prefetched.

    Department staff see every account holding (or having held) a role inside their scope;
    superusers are shown to superusers only. Anyone else sees none.
    """
    grants = RoleGrant.objects.select_related("unit", "organisation", "office").order_by("-is_active", "pk")
    users = User.objects.prefetch_related(Prefetch("grants", queryset=grants))
    scope = scope_for(user)
    if scope.unrestricted:
        return users
    if not scope.is_department:
        return users.none()
    return users.filter(is_superuser=False, pk__in=grants_in_scope(user=user).values("user_id"))


def grantable_roles(*, user: Any) -> list[Role]:
    """The roles `user` may grant: none above their own."""
    rank = user_rank(user)
    return [role for role in GRANTABLE_ROLES if ROLE_RANK[role] <= rank]


def grant_units(*, user: Any, on: date | None = None) -> QuerySet[AdminUnit]:
    """Units `user` may grant a role on: the province (Department roles), today's communes and
    the districts abolished in 2025 (local officers, for their history), inside the scope."""
    on = on or date.today()
    current_commune = Q(level=UnitLevel.COMMUNE) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    units = AdminUnit.objects.filter(Q(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT]) | current_commune)
    order = Case(
        When(level=UnitLevel.PROVINCE, then=Value(0)),
        When(level=UnitLevel.COMMUNE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return visible(units, user).annotate(level_order=order).order_by("level_order", "sort_key")


def grant_organisations(*, user: Any) -> QuerySet[Organisation]:
    """Organisations `user` may grant a role within: those of their province (and their own)."""
    return visible(Organisation.objects.all(), user).order_by("sort_key")


def grant_offices(*, user: Any) -> QuerySet[Organisation]:
    """The Department's divisions `user` may name as a Department officer's office."""
    return grant_organisations(user=user).filter(kind=OrganisationKind.DEPARTMENT_OFFICE)


# khcn_<8 hex: the public prefix>_<43 url-safe characters: 256 random bits>
TOKEN_PATTERN = re.compile(r"khcn_([0-9a-f]{8})_([A-Za-z0-9_-]{43})")


def token_digest(raw: str) -> str:
    """What is stored of a token: the SHA-256 of the whole string. A salt or a slow hash adds
    nothing to a secret of 256 random bits, and checking must cost microseconds per request."""
    return hashlib.sha256(raw.encode()).hexdigest()


def token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The caller's own tokens, newest first; nobody sees another person's."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def token_get_by_secret(raw: str) -> ApiToken | None:
    """The usable token `raw` is, with its user: None when it is malformed, unknown, revoked,
    expired, or its user is deactivated. One indexed query; digests compared in constant time."""
    match = TOKEN_PATTERN.fullmatch(raw)
    if match is None:
        return None
    try:
        token = ApiToken.objects.select_related("user").get(prefix=match.group(1))
    except ApiToken.DoesNotExist:
        return None
    if not hmac.compare_digest(token.digest, token_digest(raw)):
        return None
    if not token.is_usable(timezone.now()) or not token.user.is_active:
        return None
    return token
