"""Forms of tasks without state budget: the request (with its council's meeting), a council
member, the outcome, a file."""

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.bounds import form_version
from khcn.core.forms import DateInput, KhcnForm, KhcnModelForm, RadioList, VersionedModelForm
from khcn.core.uploads import check_upload
from khcn.geo.models import Organisation
from khcn.research.models import SelfFundedCouncilMember, SelfFundedTask


class SelfFundedForm(VersionedModelForm):
    class Meta:
        model = SelfFundedTask
        fields = [
            "organisation",
            "title",
            "field",
            "pi_name",
            "funding_million",
            "funding_source",
            "start_date",
            "end_date",
            "received_on",
            "summary",
            "council_decision_number",
            "council_meets_on",
            "council_conclusion",
        ]
        widgets = {
            "title": forms.TextInput,
            "start_date": DateInput,
            "end_date": DateInput,
            "received_on": DateInput,
            "council_meets_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "council_conclusion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
        orgs = visible(Organisation.objects.all(), user, action="change").order_by("name")
        self.fields["organisation"].queryset = orgs  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.label = capfirst(field.label)


class SelfFundedMemberForm(KhcnModelForm):
    class Meta:
        model = SelfFundedCouncilMember
        fields = ["name", "role", "organisation"]


class SelfFundedDecisionForm(KhcnForm):
    loaded_version = form_version(required=False)
    recognised = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Results recognised")), ("0", _("Results not recognised"))],
        coerce=lambda value: value == "1",
        widget=RadioList,
        error_messages={"required": _("Choose whether the results are recognised.")},
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput)
    outcome_note = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SelfFundedFileForm(KhcnForm):
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload
