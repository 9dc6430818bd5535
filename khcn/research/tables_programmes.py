"""The list of programmes of tasks (django-tables2)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from khcn.research.models import TaskProgramme


class ProgrammeTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"), linkify=True)
    name = tables.Column(verbose_name=_("Name"), linkify=True)
    document = tables.Column(verbose_name=_("Issuing document"))
    issued_on = tables.DateColumn(verbose_name=_("Issued on"), format="SHORT_DATE_FORMAT")
    period = tables.Column(
        verbose_name=_("Years of the programme"), empty_values=(), order_by=("start_year", "end_year")
    )
    budget_million = tables.Column(verbose_name=_("Budget (million VND)"))
    task_count = tables.Column(verbose_name=_("Tasks"))

    class Meta:
        model = TaskProgramme
        fields = ("code", "name", "document", "issued_on", "period", "budget_million", "task_count")
        order_by = ("-issued_on",)
        attrs = {"class": "table table-hover align-middle mb-0"}
        empty_text = _("No programme matches these filters.")

    def render_period(self, record: TaskProgramme) -> str:
        if not record.start_year:
            return "—"
        return f"{record.start_year}–{record.end_year or ''}"
