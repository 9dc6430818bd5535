"""Forms of technology demands: the demand, closing it, and asking from the catalogue."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.forms import DateInput, KhcnForm, VersionedModelForm
from khcn.experts.forms.technologies import SubfieldsMixin
from khcn.experts.models import Demand, RequesterKind
from khcn.geo.models import AdminUnit, UnitLevel


def communes_in_force() -> QuerySet[AdminUnit]:
    today = timezone.localdate()
    current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    return AdminUnit.objects.filter(current, level=UnitLevel.COMMUNE).order_by("sort_key", "pk")


class DemandForm(SubfieldsMixin, VersionedModelForm):
    class Meta:
        model = Demand
        fields = [
            "title",
            "problem",
            "context",
            "unit",
            "requester_kind",
            "requester_name",
            "contact",
            "field",
            "subfields",
            "keywords",
            "budget",
            "deadline",
        ]
        widgets = {"deadline": DateInput}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_subfields()
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
        self.fields["unit"].queryset = visible(communes_in_force(), user, action="change")  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.label = capfirst(field.label)


class DemandCloseForm(KhcnForm):
    reason = forms.CharField(label=_("Why is it closed without answer?"), max_length=100)


class AskForm(KhcnForm):
    """A demand about a technology of the catalogue."""

    unit = forms.ModelChoiceField(label=_("Commune or ward"), queryset=AdminUnit.objects.none())
    requester_kind = forms.ChoiceField(label=_("You ask as"), choices=RequesterKind.choices)
    requester_name = forms.CharField(label=_("Your name or your organisation's"), max_length=255)
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=255, required=False)
    problem = forms.CharField(
        label=_("What do you need it for?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = communes_in_force()  # type: ignore[attr-defined]
