"""The fund's lists (django-tables2): calls, applications, disbursements, repayments."""

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from khcn.core.numbers import format_number
from khcn.fund.models import ApplicationStatus, Disbursement, FundApplication, FundCall, Repayment

ATTRS = {"class": "table table-hover align-middle mb-0"}
NUMBER = {"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}}
STATUS_BADGES: dict[str, str] = {
    ApplicationStatus.RECEIVED: "text-bg-info",
    ApplicationStatus.APPROVED: "text-bg-success",
    ApplicationStatus.REFUSED: "text-bg-secondary",
}


class MoneyColumn(tables.Column):
    """An amount in đồng: "1.500.000" on the page, a number in the export."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return format_number(value, 0)

    def value(self, value: Any) -> Any:
        return value


class CallTable(tables.Table):
    number = tables.Column(verbose_name=_("Call number"), linkify=True)
    title = tables.Column(verbose_name=_("Title"), linkify=True)
    opens_on = tables.DateColumn(verbose_name=_("Opens on"), format="SHORT_DATE_FORMAT")
    closes_on = tables.DateColumn(verbose_name=_("Closes on"), format="SHORT_DATE_FORMAT")
    budget = MoneyColumn(verbose_name=_("Budget (VND)"))
    application_count = tables.Column(verbose_name=_("Applications"), attrs=NUMBER)

    class Meta:
        model = FundCall
        fields = ("number", "title", "opens_on", "closes_on", "budget", "application_count")
        order_by = ("-opens_on",)
        attrs = ATTRS
        empty_text = _("No call matches these filters.")


class ApplicationTable(tables.Table):
    title = tables.Column(verbose_name=_("Project"), linkify=True, order_by=("title_folded", "pk"))
    organisation = tables.Column(verbose_name=_("Organisation"), order_by=("organisation__sort_key", "pk"))
    kind = tables.Column(verbose_name=_("Support"))
    call = tables.Column(verbose_name=_("Intake call"), accessor="call__number")
    received_on = tables.DateColumn(verbose_name=_("Received on"), format="SHORT_DATE_FORMAT")
    amount_requested = MoneyColumn(verbose_name=_("Requested (VND)"))
    status = tables.Column(verbose_name=_("Status"))
    decision_number = tables.Column(verbose_name=_("Decision number"))
    amount_approved = MoneyColumn(verbose_name=_("Approved (VND)"))
    disbursed = MoneyColumn(verbose_name=_("Disbursed (VND)"))

    class Meta:
        model = FundApplication
        fields = (
            "title",
            "organisation",
            "kind",
            "call",
            "received_on",
            "amount_requested",
            "status",
            "decision_number",
            "amount_approved",
            "disbursed",
        )
        order_by = ("-received_on",)
        attrs = ATTRS
        empty_text = _("No application matches these filters.")

    def render_status(self, value: Any, record: FundApplication) -> Any:
        return format_html('<span class="badge {}">{}</span>', STATUS_BADGES.get(record.status, ""), value)

    def value_status(self, value: Any) -> Any:
        return value


class DisbursementTable(tables.Table):
    paid_on = tables.DateColumn(verbose_name=_("Paid on"), format="SHORT_DATE_FORMAT")
    application = tables.Column(
        verbose_name=_("Project"),
        linkify=lambda record: record.application.get_absolute_url(),
        order_by=("application__title_folded", "pk"),
    )
    organisation = tables.Column(verbose_name=_("Organisation"), accessor="application__organisation__name")
    kind = tables.Column(verbose_name=_("Support"), accessor="application__kind")
    amount = MoneyColumn(verbose_name=_("Amount paid (VND)"))
    reference = tables.Column(verbose_name=_("Payment reference"))

    class Meta:
        model = Disbursement
        fields = ("paid_on", "application", "organisation", "kind", "amount", "reference")
        order_by = ("-paid_on",)
        attrs = ATTRS
        empty_text = _("No disbursement matches these filters.")

    def render_kind(self, record: Disbursement) -> Any:
        return record.application.get_kind_display()

    def value_kind(self, record: Disbursement) -> Any:
        return record.application.get_kind_display()


class RepaymentTable(tables.Table):
    due_on = tables.DateColumn(verbose_name=_("Due on"), format="SHORT_DATE_FORMAT")
    application = tables.Column(
        verbose_name=_("Project"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("application__title_folded", "pk"),
    )
    organisation = tables.Column(verbose_name=_("Organisation"), accessor="application__organisation__name")
    amount_due = MoneyColumn(verbose_name=_("Due (VND)"))
    amount_received = MoneyColumn(verbose_name=_("Received (VND)"))
    received_on = tables.DateColumn(verbose_name=_("Received on"), format="SHORT_DATE_FORMAT")
    state = tables.Column(verbose_name=_("State"), empty_values=(), orderable=False)

    class Meta:
        model = Repayment
        fields = ("due_on", "application", "organisation", "amount_due", "amount_received", "received_on", "state")
        order_by = ("due_on",)
        attrs = ATTRS
        empty_text = _("No repayment matches these filters.")
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue(timezone.localdate()) else ""}

    def _state(self, record: Repayment) -> str:
        if record.is_settled:
            return str(_("Received"))
        if record.is_overdue(timezone.localdate()):
            return str(_("Overdue"))
        if record.amount_received > Decimal(0):
            return str(_("Partly received"))
        return str(_("Not yet due"))

    def render_state(self, record: Repayment) -> Any:
        state = self._state(record)
        badge = "text-bg-danger" if record.is_overdue(timezone.localdate()) else "text-bg-light"
        return format_html('<span class="badge {}">{}</span>', badge, state)

    def value_state(self, record: Repayment) -> str:
        return self._state(record)
