import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khcn.core.numbers import format_number
from khcn.research.models import PlanCall, Proposal, ResearchTask


class AmountColumn(tables.Column):
    """An amount shown the Vietnamese way ("1.500"); the Excel export keeps the number."""

    def render(self, value: object) -> str:
        return format_number(value)

    def value(self, value: object) -> object:
        return value


class ProposalTable(tables.Table):
    title = tables.Column(verbose_name=_("Task name"), linkify=True, attrs={"td": {"class": "col-text"}})
    proposer = tables.Column(verbose_name=_("Proposed by"), orderable=False, empty_values=(), accessor="pk")
    field = tables.Column(verbose_name=_("Field"))
    budget_million = AmountColumn(verbose_name=_("Budget (million VND)"), attrs={"td": {"class": "text-end"}})
    status = tables.Column(verbose_name=_("Status"))
    call = tables.Column(verbose_name=_("Call"), order_by=("call__plan_year",))

    class Meta:
        model = Proposal
        fields = ("title", "proposer", "field", "budget_million", "status", "call")
        order_by = ("-status",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No proposal matches these filters.")

    def render_proposer(self, record: Proposal) -> str:
        return record.proposer_label()

    def value_proposer(self, record: Proposal) -> str:
        return record.proposer_label()


class TaskTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"), attrs={"td": {"class": "text-nowrap small"}})
    title = tables.Column(verbose_name=_("Task name"), linkify=True, attrs={"td": {"class": "col-text"}})
    # Filterable above and in the export; left off the screen, where the table must fit.
    task_type = tables.Column(verbose_name=_("Form of the task"), visible=False)
    field = tables.Column(verbose_name=_("Field"), attrs={"td": {"class": "small"}})
    host_name = tables.Column(verbose_name=_("Host organisation"))
    start_year = tables.Column(verbose_name=_("Years"))
    budget_million = AmountColumn(
        verbose_name=pgettext_lazy("short", "Budget (million VND)"), attrs={"td": {"class": "text-end"}}
    )
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = ResearchTask
        fields = ("code", "title", "task_type", "field", "host_name", "start_year", "budget_million", "status")
        order_by = ("-start_year",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No task matches these filters.")

    def render_start_year(self, value: int, record: ResearchTask) -> str:
        return f"{value}–{record.end_year or ''}"

    def value_start_year(self, value: int, record: ResearchTask) -> str:
        return self.render_start_year(value, record)


class CallTable(tables.Table):
    name = tables.Column(verbose_name=_("Call"), linkify=True, attrs={"td": {"class": "col-text"}})
    plan_year = tables.Column(verbose_name=_("Plan year"), localize=False)
    opens_on = tables.DateColumn(verbose_name=_("Opens on"), format="SHORT_DATE_FORMAT")
    closes_on = tables.DateColumn(verbose_name=_("Deadline"), format="SHORT_DATE_FORMAT")
    state = tables.Column(verbose_name=_("Status"), orderable=False, empty_values=(), accessor="pk")
    proposal_count = tables.Column(verbose_name=_("Proposals"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = PlanCall
        fields = ("name", "plan_year", "opens_on", "closes_on", "state", "proposal_count")
        order_by = ("-plan_year",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No call for proposals matches these filters.")

    def render_state(self, record: PlanCall) -> str:
        return format_html('<span class="badge call-state-{}">{}</span>', record.state(), record.get_state_display())

    def value_state(self, record: PlanCall) -> str:
        return record.get_state_display()
