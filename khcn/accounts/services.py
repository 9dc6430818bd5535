"""Writes to accounts and role grants: the Department creates users and grants them roles.

Rules (issue 11): only Department staff manage accounts; every unit, organisation and office
named in a grant must lie inside the caller's scope; nobody grants a role above their own or
changes the account of someone ranked above them (a Department officer cannot make or touch
a Department leader or a superuser); nobody changes their own roles or deactivates their own
account. Accounts are deactivated, never deleted, and grants are ended, never deleted, so
the history of who could do what stays whole.
"""

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khcn.accounts import selectors
from khcn.accounts.models import ApiToken, RoleGrant, User
from khcn.accounts.roles import DEPARTMENT_ROLES, GRANTABLE_ROLES, ROLE_RANK, Role
from khcn.accounts.scoping import visible
from khcn.audit.models import AuditKind
from khcn.audit.services import audit_record
from khcn.core.history import attribute_to
from khcn.core.text import nfc
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel

ROLE_ABOVE_OWN = "role_above_own"
ACCOUNT_ABOVE_OWN = "account_above_own"
OUT_OF_SCOPE = "out_of_scope"
GRANT_SHAPE = "grant_shape"
DUPLICATE_GRANT = "duplicate_grant"
OWN_ACCOUNT = "own_account"
USERNAME_TAKEN = "username_taken"
GRANT_ENDED = "grant_ended"
TOKEN_EXPIRY_PAST = "token_expiry_past"
TOKEN_LIMIT = "token_limit"
TOKEN_REVOKED = "token_revoked"

# Enough for every integration a person runs; a cap keeps a leaked session from minting
# tokens without end.
MAX_ACTIVE_TOKENS = 10
# How stale a token's "last used" may get before a request writes it again: one write a
# minute at most, not one per request.
TOKEN_USE_WRITE_SECONDS = 60
# And how often its use goes into the audit log: once an hour shows when and from where it
# was used without a row per request.
TOKEN_USE_AUDIT_SECONDS = 3600


def _require_manage(user: Any) -> None:
    if not user.has_perm("accounts.manage_users"):
        raise PermissionDenied


def account_check_manageable(*, user: Any, account: User) -> None:
    """Refuse (ValidationError) unless `user` may change `account`: the account is one of
    theirs, ranks no higher than them, and holds no active role outside their scope."""
    _require_manage(user)
    if not selectors.user_list(user=user).filter(pk=account.pk).exists():
        raise PermissionDenied
    if selectors.account_rank(account) > selectors.user_rank(user):
        raise ValidationError(
            _("This account holds a role above yours; only someone of that rank can change it."),
            code=ACCOUNT_ABOVE_OWN,
        )
    inside = set(selectors.grants_in_scope(user=user).filter(user=account).values_list("pk", flat=True))
    if any(g.is_active and g.pk not in inside for g in account.grants.all()):
        raise ValidationError(
            _("This account also holds a role outside your scope; ask the Department concerned."), code=OUT_OF_SCOPE
        )


def can_manage_account(*, user: Any, account: User) -> bool:
    try:
        account_check_manageable(user=user, account=account)
    except (ValidationError, PermissionDenied):
        return False
    return True


def _in_scope(queryset: Any, user: Any, obj: Any) -> bool:
    return visible(queryset.filter(pk=obj.pk), user).exists()


def _check_grant(
    *, user: Any, role: str, unit: AdminUnit | None, organisation: Organisation | None, office: Organisation | None
) -> None:
    """A grant `user` may give: a role not above theirs, of the right shape, inside their scope."""
    if role not in GRANTABLE_ROLES:
        raise ValidationError(_("Choose a role."), code=GRANT_SHAPE)
    if ROLE_RANK[Role(role)] > selectors.user_rank(user):
        raise ValidationError(_("You cannot grant a role above your own."), code=ROLE_ABOVE_OWN)
    if role in DEPARTMENT_ROLES and (unit is None or unit.level != UnitLevel.PROVINCE):
        raise ValidationError(_("A Department role is granted on the province."), code=GRANT_SHAPE)
    if role == Role.LOCAL_OFFICER and (unit is None or unit.level == UnitLevel.PROVINCE):
        raise ValidationError(
            _("A local officer is granted one ward or commune (or a former district)."), code=GRANT_SHAPE
        )
    if role in (Role.EXPERT, Role.COUNCIL_MEMBER) and (organisation is None or unit is not None):
        raise ValidationError(
            _("Experts and council members are granted their organisation, not a unit."), code=GRANT_SHAPE
        )
    if office is not None and (role not in DEPARTMENT_ROLES or office.kind != OrganisationKind.DEPARTMENT_OFFICE):
        raise ValidationError(_("Only Department staff work in a division of the Department."), code=GRANT_SHAPE)
    if unit is not None and not _in_scope(AdminUnit.objects.all(), user, unit):
        raise ValidationError(_("This unit is outside your scope."), code=OUT_OF_SCOPE)
    for org in (organisation, office):
        if org is not None and not _in_scope(Organisation.objects.all(), user, org):
            raise ValidationError(_("This organisation is outside your scope."), code=OUT_OF_SCOPE)


def _grant_save(*, user: Any, grant: RoleGrant) -> RoleGrant:
    grant.updated_by = user
    attribute_to(grant, user)
    grant.full_clean()
    grant.save()
    return grant


def user_create(
    *,
    user: Any,
    username: str,
    password: str,
    full_name: str,
    role: str,
    unit: AdminUnit | None = None,
    organisation: Organisation | None = None,
    office: Organisation | None = None,
    position: str = "",
    email: str = "",
    phone: str = "",
) -> User:
    """Create an account with an initial password (Django's validators) and its first role.

    The person signs in with the password they were given and changes it (Change password).
    """
    _require_manage(user)
    _check_grant(user=user, role=role, unit=unit, organisation=organisation, office=office)
    username = User.normalize_username(username.strip())
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ValidationError(_("This username is taken."), code=USERNAME_TAKEN)})
    account = User(
        username=username,
        full_name=" ".join(nfc(full_name).split()),
        position=nfc(position).strip(),
        email=email.strip(),
        phone=phone.strip(),
    )
    password_validation.validate_password(password, user=account)
    account.set_password(password)
    with transaction.atomic():
        attribute_to(account, user)
        account.full_clean()
        account.save()
        grant = RoleGrant(user=account, role=role, unit=unit, organisation=organisation, office=office)
        grant.created_by = user
        _grant_save(user=user, grant=grant)
        audit_record(kind=AuditKind.ACCOUNT_CREATED, user=user, obj=account)
        audit_record(kind=AuditKind.GRANT_ADDED, user=user, obj=grant, detail=account.username)
    return account


def user_update(
    *, user: Any, account: User, full_name: str, position: str = "", email: str = "", phone: str = ""
) -> User:
    """Change an account's name and contact details."""
    account_check_manageable(user=user, account=account)
    account.full_name = " ".join(nfc(full_name).split())
    account.position = nfc(position).strip()
    account.email = email.strip()
    account.phone = phone.strip()
    with transaction.atomic():
        attribute_to(account, user)
        account.full_clean()
        account.save()
    return account


def user_set_password(*, user: Any, account: User, password: str) -> None:
    """Give the account a new password (e.g. one its owner forgot), checked by Django's validators.

    Failed sign-ins recorded against the username are cleared, so that an owner locked out
    after guessing can sign in with the new password at once.
    """
    account_check_manageable(user=user, account=account)
    password_validation.validate_password(password, user=account)
    account.set_password(password)
    with transaction.atomic():
        attribute_to(account, user)
        account.save()
        transaction.on_commit(lambda: axes_reset(username=account.username))


def _set_active(*, user: Any, account: User, active: bool) -> User:
    if account.pk == user.pk:
        raise ValidationError(_("You cannot deactivate or reactivate your own account."), code=OWN_ACCOUNT)
    account_check_manageable(user=user, account=account)
    account.is_active = active
    attribute_to(account, user)
    with transaction.atomic():
        account.save(update_fields=["is_active"])
        kind = AuditKind.ACCOUNT_REACTIVATED if active else AuditKind.ACCOUNT_DEACTIVATED
        audit_record(kind=kind, user=user, obj=account)
    return account


def user_deactivate(*, user: Any, account: User) -> User:
    """Stop the account from signing in (its open sessions end on their next request); its
    records and history stay."""
    return _set_active(user=user, account=account, active=False)


def user_reactivate(*, user: Any, account: User) -> User:
    return _set_active(user=user, account=account, active=True)


def grant_add(
    *,
    user: Any,
    account: User,
    role: str,
    unit: AdminUnit | None = None,
    organisation: Organisation | None = None,
    office: Organisation | None = None,
) -> RoleGrant:
    """Grant `account` a further role, within the caller's scope and rank."""
    if account.pk == user.pk:
        raise ValidationError(_("You cannot change your own roles; ask another officer."), code=OWN_ACCOUNT)
    account_check_manageable(user=user, account=account)
    _check_grant(user=user, role=role, unit=unit, organisation=organisation, office=office)
    with transaction.atomic():
        if account.grants.filter(is_active=True, role=role, unit=unit, organisation=organisation).exists():
            raise ValidationError(_("This account already holds this role there."), code=DUPLICATE_GRANT)
        grant = RoleGrant(user=account, role=role, unit=unit, organisation=organisation, office=office)
        grant.created_by = user
        _grant_save(user=user, grant=grant)
        audit_record(kind=AuditKind.GRANT_ADDED, user=user, obj=grant, detail=account.username)
        return grant


def grant_end(*, user: Any, grant: RoleGrant) -> RoleGrant:
    """End a role grant; the row stays, with who ended it and when."""
    if grant.user_id == user.pk:
        raise ValidationError(_("You cannot change your own roles; ask another officer."), code=OWN_ACCOUNT)
    account_check_manageable(user=user, account=grant.user)
    with transaction.atomic():
        current = RoleGrant.objects.select_for_update().get(pk=grant.pk)
        if not current.is_active:
            raise ValidationError(_("This role grant has already ended."), code=GRANT_ENDED)
        current.is_active = False
        _grant_save(user=user, grant=current)
        audit_record(kind=AuditKind.GRANT_ENDED, user=user, obj=current, detail=grant.user.username)
    grant.refresh_from_db()
    return grant


def token_create(*, user: Any, name: str, expires_on: date | None = None) -> tuple[ApiToken, str]:
    """A new API token for `user` (acting with their own roles and scope), and its secret.

    The secret is returned once, to be shown once: only its digest is stored. It works until
    the end of `expires_on` (Hà Nội time) when given, until revoked otherwise. A person holds
    at most MAX_ACTIVE_TOKENS usable tokens.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    now = timezone.now()
    expires_at = None
    if expires_on is not None:
        if expires_on <= timezone.localdate(now):
            raise ValidationError(
                {"expires_on": ValidationError(_("Choose a day after today."), code=TOKEN_EXPIRY_PAST)}
            )
        expires_at = timezone.make_aware(datetime.combine(expires_on + timedelta(days=1), time.min))
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # one creation at a time per person
        usable = [t for t in ApiToken.objects.filter(user=user, revoked_at__isnull=True) if t.is_usable(now)]
        if len(usable) >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You already have %(count)d tokens in use. Revoke one you no longer need first.")
                % {"count": MAX_ACTIVE_TOKENS},
                code=TOKEN_LIMIT,
            )
        for _attempt in range(5):  # the 8-character prefix may, rarely, be taken
            prefix = secrets.token_hex(4)
            raw = f"khcn_{prefix}_{secrets.token_urlsafe(32)}"
            token = ApiToken(
                user=user, name=" ".join(nfc(name).split()), prefix=prefix, digest=selectors.token_digest(raw)
            )
            token.expires_at = expires_at
            token.created_by = token.updated_by = user
            token.full_clean()
            try:
                with transaction.atomic():
                    token.save()
            except IntegrityError:
                continue
            audit_record(kind=AuditKind.TOKEN_CREATED, user=user, obj=token)
            return token, raw
    raise RuntimeError("No free token prefix after five tries.")


def token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoke one of `user`'s own tokens: it stops working at once; the row stays, for the record."""
    if token.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is not None:
            raise ValidationError(_("This token has already been revoked."), code=TOKEN_REVOKED)
        current.revoked_at = timezone.now()
        current.updated_by = user
        current.save(update_fields=["revoked_at", "updated_by", "updated_at"])
        audit_record(kind=AuditKind.TOKEN_REVOKED, user=user, obj=current)
    return current


def token_record_use(*, token: ApiToken) -> bool:
    """Note that `token` was just used; True when this call wrote it (at most once a
    TOKEN_USE_WRITE_SECONDS, so a busy integration does not write on every request).

    The audit log gets a row at most once a TOKEN_USE_AUDIT_SECONDS per token (and server
    process: the mark is kept in the default cache).
    """
    if cache.add(f"audit:token-used:{token.pk}", True, timeout=TOKEN_USE_AUDIT_SECONDS):
        audit_record(kind=AuditKind.TOKEN_USED, user=token.user, obj=token)
    now = timezone.now()
    if token.last_used_at is not None and (now - token.last_used_at).total_seconds() < TOKEN_USE_WRITE_SECONDS:
        return False
    token.last_used_at = now
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return True
