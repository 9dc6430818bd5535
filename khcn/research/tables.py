import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.research.models import Proposal


class ProposalTable(tables.Table):
    title = tables.Column(verbose_name=_("Task name"), linkify=True, attrs={"td": {"class": "col-text"}})
    proposer = tables.Column(verbose_name=_("Proposed by"), orderable=False, empty_values=(), accessor="pk")
    field = tables.Column(verbose_name=_("Field"))
    budget_million = tables.Column(verbose_name=_("Budget (million VND)"), attrs={"td": {"class": "text-end"}})
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
