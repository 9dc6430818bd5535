"""Forms of the fund's pages: calls, applications, the decision, plans, disbursements and
repayments. They check the shape of what is typed; the services check the rest."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.bounds import YEAR_MAX, YEAR_MIN, form_version
from khcn.core.forms import DateInput, KhcnForm, KhcnModelForm, VersionedModelForm
from khcn.fund.models import MONEY_MAX, Disbursement, DisbursementPlan, FundApplication, FundCall, Repayment
from khcn.geo.models import Organisation


def _money(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=1, max_value=MONEY_MAX, max_digits=15, decimal_places=0
    )


class CallForm(VersionedModelForm):
    class Meta:
        model = FundCall
        fields = ["number", "title", "opens_on", "closes_on", "budget", "description"]
        widgets = {"opens_on": DateInput, "closes_on": DateInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False


class ApplicationForm(VersionedModelForm):
    class Meta:
        model = FundApplication
        fields = [
            "call",
            "organisation",
            "title",
            "kind",
            "amount_requested",
            "received_on",
            "interest_rate",
            "term_months",
            "summary",
        ]
        widgets = {"received_on": DateInput, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
        self.fields["call"].queryset = visible(FundCall.objects.all(), user)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = visible(  # type: ignore[attr-defined]
            Organisation.objects.select_related("unit"), user, action="change"
        )
        self.fields["amount_requested"].min_value = 1  # type: ignore[attr-defined]


class DecisionForm(KhcnForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    amount_approved = _money(_("Amount approved (VND)"), required=False)
    refusal_reason = forms.CharField(
        label=_("Reason for refusal"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    loaded_version = form_version()


class PlanForm(KhcnModelForm):
    class Meta:
        model = DisbursementPlan
        fields = ["year", "amount", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value = YEAR_MIN  # type: ignore[attr-defined]
        self.fields["year"].max_value = YEAR_MAX  # type: ignore[attr-defined]
        self.fields["amount"].min_value = 1  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """A year's line is replaced by the service, not refused as a duplicate."""


class DisbursementForm(KhcnModelForm):
    class Meta:
        model = Disbursement
        fields = ["paid_on", "amount", "reference", "note"]
        widgets = {"paid_on": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].min_value = 1  # type: ignore[attr-defined]


class RepaymentForm(KhcnModelForm):
    class Meta:
        model = Repayment
        fields = ["due_on", "amount_due", "note"]
        widgets = {"due_on": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount_due"].min_value = 1  # type: ignore[attr-defined]


class ReceiveForm(KhcnForm):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    amount_received = forms.DecimalField(
        label=_("Amount received in total (VND)"), min_value=0, max_value=MONEY_MAX, max_digits=15, decimal_places=0
    )
    loaded_version = form_version()
