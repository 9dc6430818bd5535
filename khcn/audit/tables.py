import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.audit.models import AuditEvent


class AuditEventTable(tables.Table):
    at = tables.DateTimeColumn(verbose_name=_("Time"), format="SHORT_DATETIME_FORMAT")
    kind = tables.Column(verbose_name=_("Event"))
    username = tables.Column(verbose_name=_("User"))
    ip_address = tables.Column(verbose_name=_("IP address"), orderable=False)
    target = tables.Column(verbose_name=_("Object"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"), orderable=False)
    user_agent = tables.Column(verbose_name=_("Browser"), orderable=False)

    class Meta:
        model = AuditEvent
        fields = ("at", "kind", "username", "ip_address", "target", "status", "user_agent")
        attrs = {"class": "table table-hover align-middle mb-0 small"}
        empty_text = _("No event matches these filters.")

    def render_username(self, value: str, record: AuditEvent) -> str:
        if record.user is not None and record.user.full_name:
            return f"{value} ({record.user.full_name})"
        return value

    def render_target(self, record: AuditEvent) -> str:
        parts = [record.object_repr, record.detail, record.path]
        return " · ".join(part for part in parts if part) or "—"

    def value_target(self, record: AuditEvent) -> str:
        return self.render_target(record)

    def render_user_agent(self, value: str) -> str:
        return value[:60] + ("…" if len(value) > 60 else "")

    def value_user_agent(self, value: str) -> str:
        return value
