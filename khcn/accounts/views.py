from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from khcn.accounts import selectors, services
from khcn.accounts.filters import UserFilter
from khcn.accounts.forms import (
    AccountPasswordForm,
    GrantForm,
    LoginForm,
    PasswordChangeForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
)
from khcn.accounts.models import RoleGrant, User
from khcn.accounts.tables import UserTable
from khcn.core.confirm import Confirm, confirm_page
from khcn.core.exports import table_xlsx_response
from khcn.core.history import history_entries
from khcn.core.http import HtmxHttpRequest
from khcn.core.pagecache import keep_despite_never_cache

login = keep_despite_never_cache(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    template_name="registration/password_change.html",
    form_class=PasswordChangeForm,
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_change_done.html",
)


def _require_manage(request: HttpRequest) -> None:
    if not request.user.has_perm("accounts.manage_users"):
        raise PermissionDenied


def _account_or_404(request: HttpRequest, pk: int) -> User:
    """An account the caller may see (one with a role in their scope), or 404."""
    _require_manage(request)
    return get_object_or_404(selectors.user_list(user=request.user), pk=pk)


def _manageable_or_403(request: HttpRequest, pk: int) -> User:
    account = _account_or_404(request, pk)
    if not services.can_manage_account(user=request.user, account=account):
        raise PermissionDenied
    return account


def user_list(request: HtmxHttpRequest) -> HttpResponse:
    """Accounts with a role in the caller's scope, with their roles (Department staff only)."""
    if not request.user.has_perm("accounts.view_user_list"):
        raise PermissionDenied
    filterset = UserFilter(request.GET, queryset=selectors.user_list(user=request.user))
    table = UserTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="nguoi-dung.xlsx", title=_("Users"))
    context = {"filter": filterset, "table": table, "can_add": request.user.has_perm("accounts.manage_users")}
    if request.htmx and request.htmx.target == "user-table":
        return render(request, "accounts/user_list.html#table", context)
    return render(request, "accounts/user_list.html", context)


@require_http_methods(["GET", "POST"])
def user_create_view(request: HttpRequest) -> HttpResponse:
    """A new account with its initial password and first role (inside the caller's scope)."""
    _require_manage(request)
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["password"] = data.pop("password1")
        del data["password2"]
        try:
            account = services.user_create(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Account “%(name)s” was created.") % {"name": account.username})
            return redirect("accounts:user_detail", pk=account.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "cancel_url": reverse("accounts:user_list")}
    return render(request, "accounts/user_form.html", context, status=status)


def user_detail(request: HttpRequest, pk: int, grant_form: GrantForm | None = None, status: int = 200) -> HttpResponse:
    account = _account_or_404(request, pk)
    refusal = ""
    try:
        services.account_check_manageable(user=request.user, account=account)
    except ValidationError as error:
        refusal = error.messages[0]
    context = {
        "account": account,
        "grants": account.grants.select_related("unit", "organisation", "office", "created_by", "updated_by"),
        "can_manage": not refusal,
        "is_self": account.pk == request.user.pk,
        "refusal": refusal,
        "grant_form": grant_form or GrantForm(user=request.user, prefix="grant"),
        "history": history_entries(account),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _manageable_or_403(request, pk)
    form = UserEditForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(user=request.user, account=account, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("accounts:user_detail", pk=account.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "account": account, "cancel_url": reverse("accounts:user_detail", args=[pk])}
    return render(request, "accounts/user_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the account a new password (its owner forgot theirs); they change it after signing in."""
    account = _manageable_or_403(request, pk)
    form = AccountPasswordForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(user=request.user, account=account, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The new password is set. Give it to the person in private."))
            return redirect("accounts:user_detail", pk=account.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "account": account, "cancel_url": reverse("accounts:user_detail", args=[pk])}
    return render(request, "accounts/user_password.html", context, status=status)


def _crumbs(account: User) -> list[tuple[str, str]]:
    return [(_("Users and roles"), reverse("accounts:user_list")), (str(account), _detail_url(account))]


def _detail_url(account: User) -> str:
    return reverse("accounts:user_detail", args=[account.pk])


@require_http_methods(["GET", "POST"])
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; the account can no longer sign in, its records and history stay."""
    account = _manageable_or_403(request, pk)
    confirm = Confirm(
        title=_("Deactivate the account"),
        question=_("Deactivate the account of %(name)s? They will no longer be able to sign in.") % {"name": account},
        note=_("Nothing is deleted: their records and history stay, and the account can be reactivated."),
        button=_("Yes, deactivate"),
        icon="person-slash",
        cancel_url=_detail_url(account),
        crumbs=_crumbs(account),
    )
    if request.method == "POST":
        try:
            services.user_deactivate(user=request.user, account=account)
        except ValidationError as error:
            confirm.errors, confirm.allowed = error.messages, False
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("The account of %(name)s is deactivated.") % {"name": account})
        return redirect(_detail_url(account))
    return confirm_page(request, confirm)


@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    account = _manageable_or_403(request, pk)
    try:
        services.user_reactivate(user=request.user, account=account)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The account of %(name)s can sign in again.") % {"name": account})
    return redirect(_detail_url(account))


@require_POST
def grant_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = _manageable_or_403(request, pk)
    form = GrantForm(request.POST, user=request.user, prefix="grant")
    if form.is_valid():
        try:
            services.grant_add(user=request.user, account=account, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Role granted."))
            return redirect(_detail_url(account) + "#grants")
    return user_detail(request, pk, grant_form=form, status=422)


@require_http_methods(["GET", "POST"])
def grant_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; the grant stays on record as ended, with who ended it."""
    _require_manage(request)
    grant = get_object_or_404(
        RoleGrant.objects.select_related("user", "unit", "organisation").filter(
            user__in=selectors.user_list(user=request.user)
        ),
        pk=pk,
    )
    account = grant.user
    if not services.can_manage_account(user=request.user, account=account):
        raise PermissionDenied
    confirm = Confirm(
        title=_("End the role"),
        question=_("End the role “%(grant)s” of %(name)s?") % {"grant": grant, "name": account},
        note=_("The role stays on record as ended; it can be granted again later."),
        button=_("Yes, end the role"),
        icon="x-circle",
        cancel_url=_detail_url(account),
        crumbs=_crumbs(account),
    )
    if request.method == "POST":
        try:
            services.grant_end(user=request.user, grant=grant)
        except ValidationError as error:
            confirm.errors, confirm.allowed = error.messages, False
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("Role ended."))
        return redirect(_detail_url(account) + "#grants")
    return confirm_page(request, confirm)


@require_http_methods(["GET", "POST"])
def token_list_view(request: HttpRequest) -> HttpResponse:
    """The caller's own API tokens and a form for a new one, whose secret is shown only in the
    answer to its creation (nothing else can show it again: only its digest is kept)."""
    form = TokenForm(request.POST or None)
    created, secret = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm()
    status = 422 if request.method == "POST" and created is None else 200
    context = {"form": form, "tokens": selectors.token_list(user=request.user), "created": created, "secret": secret}
    response = render(request, "accounts/token_list.html", context, status=status)
    response["Cache-Control"] = "private, no-store"  # the secret must not stay in any cache
    return response


@require_http_methods(["GET", "POST"])
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first; a revoked token stops working at once and stays listed as revoked."""
    token = get_object_or_404(selectors.token_list(user=request.user), pk=pk)
    back = reverse("accounts:token_list")
    confirm = Confirm(
        title=_("Revoke the token"),
        question=_("Revoke the token “%(name)s”? Systems using it will be refused at once.") % {"name": token.name},
        note=_("This cannot be undone: create a new token if it is needed again."),
        button=_("Yes, revoke"),
        icon="x-octagon",
        cancel_url=back,
        crumbs=[(_("API tokens"), back)],
    )
    if request.method == "POST":
        try:
            services.token_revoke(user=request.user, token=token)
        except ValidationError as error:
            confirm.errors, confirm.allowed = error.messages, False
            return confirm_page(request, confirm, status=422)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect(back)
    return confirm_page(request, confirm)
