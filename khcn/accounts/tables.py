import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from khcn.accounts.models import User


class UserTable(tables.Table):
    username = tables.Column(verbose_name=_("Username"), linkify=("accounts:user_detail", {"pk": tables.A("pk")}))
    full_name = tables.Column(verbose_name=_("Full name"))
    position = tables.Column(verbose_name=_("Position"), orderable=False)
    roles = tables.Column(verbose_name=_("Roles and scope"), empty_values=(), orderable=False)
    last_login = tables.DateTimeColumn(verbose_name=_("Last sign-in"), format="SHORT_DATETIME_FORMAT")

    class Meta:
        model = User
        fields = ("username", "full_name", "position", "roles", "last_login")
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No user matches these filters.")

    def render_full_name(self, value: str, record: User) -> str:
        if record.is_active:
            return value
        return format_html('{} <span class="badge account-inactive">{}</span>', value, _("deactivated"))

    def value_full_name(self, value: str) -> str:
        return value

    def render_roles(self, record: User) -> str:
        return format_html_join("", "<div>{}</div>", ((str(g),) for g in record.grants.all() if g.is_active))

    def value_roles(self, record: User) -> str:
        return "; ".join(str(g) for g in record.grants.all() if g.is_active)
