"""Forms of technology appraisals: the dossier, the opinion, an expert consulted."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.appraisal.models import Appraisal, Conclusion
from khcn.core.bounds import form_version
from khcn.core.forms import DateInput, KhcnForm, RadioList, VersionedModelForm
from khcn.geo.models import AdminUnit, Organisation


def location_units(user: Any, current: AdminUnit | None = None) -> Any:
    """Units in force the user writes for (and the dossier's own, if it has since been merged)."""
    units = AdminUnit.objects.current()
    if current is not None:
        units = AdminUnit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=current.pk))
    return visible(units, user, action="change").order_by("level", "sort_key", "pk")


class AppraisalForm(VersionedModelForm):
    class Meta:
        model = Appraisal
        fields = [
            "sending_body",
            "incoming_number",
            "received_on",
            "project_name",
            "investor_name",
            "investor",
            "unit",
            "address",
            "capital_million",
            "sector",
            "technology",
            "origin",
            "equipment",
        ]
        widgets = {
            "received_on": DateInput,
            "technology": forms.Textarea(attrs={"rows": 4}),
            "equipment": forms.Textarea(attrs={"rows": 3}),
            "project_name": forms.TextInput,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
        current = self.instance.unit if self.instance.pk else None
        self.fields["unit"].queryset = location_units(user, current)  # type: ignore[attr-defined]
        self.fields["investor"].queryset = visible(Organisation.objects.all(), user, action="change").order_by(  # type: ignore[attr-defined]
            "name"
        )
        self.fields["investor"].help_text = _("When the investor is in the organisations' registry.")
        for field in self.fields.values():
            field.label = capfirst(field.label)


class OpinionForm(KhcnForm):
    loaded_version = form_version(required=False)
    opinion_number = forms.CharField(label=_("Opinion document number"), max_length=60)
    opinion_date = forms.DateField(label=_("Opinion issued on"), widget=DateInput)
    conclusion = forms.ChoiceField(
        label=_("Conclusion"),
        choices=Conclusion.choices,
        widget=RadioList,
        error_messages={"required": _("Choose the conclusion: agree, agree with conditions or disagree.")},
    )
    conditions = forms.CharField(
        label=_("Conditions and remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConsultationForm(KhcnForm):
    expert: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Expert"), queryset=None)  # type: ignore[arg-type]
    asked_on = forms.DateField(label=_("Asked on"), widget=DateInput, required=False)
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput, required=False)
    opinion = forms.CharField(label=_("The expert's opinion"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from khcn.experts.selectors.experts import expert_list

        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = expert_list(user=user).order_by("full_name", "pk")  # type: ignore[attr-defined]
