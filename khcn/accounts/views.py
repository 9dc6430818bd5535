from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from khcn.accounts.filters import UserFilter
from khcn.accounts.forms import LoginForm, PasswordChangeForm
from khcn.accounts.models import RoleGrant, User
from khcn.accounts.tables import UserTable
from khcn.core.exports import table_xlsx_response

login = auth_views.LoginView.as_view(
    template_name="registration/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
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


def user_list(request: HttpRequest) -> HttpResponse:
    """Accounts and their role grants (Department leaders only)."""
    if not request.user.has_perm("accounts.view_user_list"):
        raise PermissionDenied
    grants = RoleGrant.objects.select_related("unit", "organisation")
    users = User.objects.filter(is_active=True).prefetch_related(Prefetch("grants", queryset=grants))
    filterset = UserFilter(request.GET, queryset=users)
    table = UserTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    if request.GET.get("export") == "xlsx":
        return table_xlsx_response(table, filename="nguoi-dung.xlsx", title=_("Users"))
    return render(request, "accounts/user_list.html", {"filter": filterset, "table": table})
