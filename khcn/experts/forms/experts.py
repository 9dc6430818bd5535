"""Forms of the expert registry: the profile (kept by the Department or the expert) and the
workbook upload."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.core.forms import KhcnForm, MultiSelect, VersionedModelForm
from khcn.experts.fields import SUBFIELD_CHOICES
from khcn.experts.models import Expert, subfield_codes
from khcn.geo.models import AdminUnit, UnitLevel

CONSENT_HELP = _(
    "I agree that my name, title, organisation, fields, keywords, short profile and publications "
    "are shown publicly on the Department's website so that communes and enterprises can find me. "
    "My e-mail and phone are never shown publicly. I can withdraw this consent at any time by "
    "unticking the box (Decree 13/2023/NĐ-CP on personal data protection)."
)


def units_current() -> QuerySet[AdminUnit]:
    """Provinces and communes in force today (where an expert works)."""
    today = timezone.localdate()
    current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    return AdminUnit.objects.filter(current, level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE]).order_by(
        "sort_key", "pk"
    )


class ExpertForm(VersionedModelForm):
    subfields = forms.MultipleChoiceField(
        label=_("Fields"),
        choices=SUBFIELD_CHOICES,
        required=False,
        widget=MultiSelect(),
        help_text=_("Second-level fields of the national classification; choose all that apply."),
    )

    class Meta:
        model = Expert
        fields = [
            "full_name",
            "academic_title",
            "degree",
            "position",
            "organisation_name",
            "unit",
            "field",
            "subfields",
            "keywords",
            "profile",
            "publications",
            "patents",
            "languages",
            "availability",
            "email",
            "phone",
            "public_consent",
        ]
        widgets = {
            "profile": forms.Textarea(attrs={"rows": 4}),
            "publications": forms.Textarea(attrs={"rows": 4}),
            "patents": forms.Textarea(attrs={"rows": 2}),
            "keywords": forms.TextInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_current()  # type: ignore[attr-defined]
        self.fields["public_consent"].help_text = CONSENT_HELP
        if self.instance.pk and not self.is_bound:
            self.initial["subfields"] = subfield_codes(self.instance.subfields)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False

    def clean_subfields(self) -> str:
        return " ".join(self.cleaned_data.get("subfields") or [])


class ImportForm(KhcnForm):
    file = forms.FileField(label=_("Workbook (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class ExpertReturnForm(KhcnForm):
    note = forms.CharField(
        label=_("What should the expert change?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
