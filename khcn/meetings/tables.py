import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.meetings.models import FollowUp, Meeting, MeetingRound


class MeetingTable(tables.Table):
    starts_at = tables.DateTimeColumn(verbose_name=_("Date"), format="SHORT_DATETIME_FORMAT")
    title = tables.Column(verbose_name=_("Session"), linkify=True)
    cluster_names = tables.Column(verbose_name=_("Units of the cluster"), orderable=False, empty_values=())
    place = tables.Column(verbose_name=_("Place"))
    status = tables.Column(verbose_name=_("Status"))
    item_count = tables.Column(verbose_name=_("Items"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Meeting
        fields = ("starts_at", "title", "cluster_names", "place", "status", "item_count")
        order_by = ("-starts_at",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No working session matches these filters.")

    def render_cluster_names(self, record: Meeting) -> str:
        return ", ".join(mu.unit.full_name for mu in record.cluster.all())

    def value_cluster_names(self, record: Meeting) -> str:
        return self.render_cluster_names(record)


class ItemTable(tables.Table):
    # render_text makes the link: linkify as well nested an empty <a> in every row.
    text = tables.Column(verbose_name=_("Item"), attrs={"td": {"class": "col-text"}})
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Unit"), order_by=("unit__sort_key",))
    topic = tables.Column(verbose_name=_("Topic"))
    assignee = tables.Column(verbose_name=_("Who must act"), orderable=False, empty_values=(), accessor="pk")
    due_on = tables.DateColumn(verbose_name=_("Deadline"), format="SHORT_DATE_FORMAT")
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = FollowUp
        fields = ("text", "kind", "unit", "topic", "assignee", "due_on", "status")
        order_by = ("due_on",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No follow-up item matches these filters.")

    def render_text(self, value: str, record: FollowUp) -> str:
        short = value if len(value) <= 120 else value[:117] + "…"
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), short)

    def value_text(self, value: str) -> str:
        return value

    def render_assignee(self, record: FollowUp) -> str:
        return record.assignee_label()

    def value_assignee(self, record: FollowUp) -> str:
        return record.assignee_label()

    def render_due_on(self, value: object, record: FollowUp) -> str:
        from django.utils.formats import date_format

        if value is None:
            return "—"
        text = date_format(value, "SHORT_DATE_FORMAT")  # type: ignore[arg-type]
        if record.is_overdue:
            return format_html(
                '<span class="text-danger fw-semibold">{} <span class="badge text-bg-danger">{}</span></span>',
                text,
                _("overdue"),
            )
        return text

    def value_due_on(self, value: object) -> object:
        return value

    def render_status(self, value: str, record: FollowUp) -> str:
        return format_html('<span class="badge fu-status-{}">{}</span>', record.status, value)

    def value_status(self, value: str) -> str:
        return value


class RoundTable(tables.Table):
    name = tables.Column(verbose_name=_("Session round"), linkify=True, attrs={"td": {"class": "col-text"}})
    year = tables.Column(verbose_name=_("Year"), localize=False)
    plan_year = tables.Column(verbose_name=_("Plan year"), localize=False)
    period = tables.Column(verbose_name=_("Reporting period checked"), order_by=("period__data_to",))
    meeting_count = tables.Column(verbose_name=_("Sessions"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = MeetingRound
        fields = ("name", "year", "plan_year", "period", "meeting_count")
        order_by = ("-year",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No session round matches these filters.")
