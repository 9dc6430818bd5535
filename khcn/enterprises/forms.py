"""Forms of the register of S&T enterprises."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.bounds import form_version
from khcn.core.forms import DateInput, KhcnForm, KhcnModelForm, VersionedModelForm
from khcn.enterprises.models import Amendment, Certificate, Incentive
from khcn.geo.models import Organisation
from khcn.research.selectors import result_list


class CertificateForm(VersionedModelForm):
    class Meta:
        model = Certificate
        fields = ["number", "issued_on", "organisation", "results", "research_result", "products", "note"]
        widgets = {
            "issued_on": DateInput,
            "results": forms.Textarea(attrs={"rows": 3}),
            "products": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
        self.fields["organisation"].queryset = visible(  # type: ignore[attr-defined]
            Organisation.objects.select_related("unit"), user, action="change"
        )
        self.fields["research_result"].queryset = result_list().order_by("code", "pk")  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """The number is checked by the service, with its own message."""


class RevokeForm(KhcnForm):
    revoked_on = forms.DateField(label=_("Revoked on"), widget=DateInput)
    decision = forms.CharField(label=_("Revocation decision"), required=False, max_length=60)
    reason = forms.CharField(
        label=_("Reason for revocation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    loaded_version = form_version()


class IncentiveForm(KhcnModelForm):
    class Meta:
        model = Incentive
        fields = ["kind", "granted_on", "reference", "notes"]
        widgets = {"granted_on": DateInput, "notes": forms.Textarea(attrs={"rows": 2})}


class AmendmentForm(KhcnModelForm):
    class Meta:
        model = Amendment
        fields = ["changed_on", "what_changed", "reference"]
        widgets = {"changed_on": DateInput, "what_changed": forms.Textarea(attrs={"rows": 2})}
