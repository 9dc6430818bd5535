"""Forms of technology offers: the offer, its files and the Department's review."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import scope_for, visible
from khcn.core.bounds import form_version
from khcn.core.forms import KhcnForm, MultiSelect, RadioList, VersionedModelForm
from khcn.experts.fields import SUBFIELD_CHOICES
from khcn.experts.models import Expert, Technology, subfield_codes, subfield_value
from khcn.geo.models import AdminUnit, Organisation


class SubfieldsMixin:
    """The second-level fields as a multiple choice, stored as " 401 402 "."""

    def _set_subfields(self) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        fields["subfields"] = forms.MultipleChoiceField(
            label=capfirst(_("fields")), choices=SUBFIELD_CHOICES, required=False, widget=MultiSelect
        )
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:  # type: ignore[attr-defined]
            self.initial["subfields"] = subfield_codes(instance.subfields)  # type: ignore[attr-defined]

    def clean_subfields(self) -> str:
        return subfield_value(self.cleaned_data.get("subfields") or [])  # type: ignore[attr-defined]


class TechnologyForm(SubfieldsMixin, VersionedModelForm):
    class Meta:
        model = Technology
        fields = [
            "title",
            "summary",
            "description",
            "field",
            "subfields",
            "keywords",
            "maturity",
            "proven_at",
            "unit",
            "owner_expert",
            "owner_organisation",
            "owner_name",
            "task",
            "ip_status",
            "ip_reference",
            "terms",
            "price_min",
            "price_max",
            "contact",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_subfields()
        fields: dict[str, Any] = self.fields  # type: ignore[assignment]
        if not self.instance.pk:
            fields["loaded_version"].required = False
        fields["unit"].queryset = AdminUnit.objects.filter(valid_to__isnull=True).order_by("level", "sort_key")
        if scope_for(user, writing=True).is_department:
            fields["owner_expert"].queryset = Expert.objects.order_by("name_folded", "pk")
        else:
            # An expert offers in their own name; the service sets the owner.
            del fields["owner_expert"]
        # The organisations the user acts for, and the one already named (kept on an edit).
        acting = visible(Organisation.objects.all(), user, action="change").values("pk")
        named = Q(pk=self.instance.owner_organisation_id) if self.instance.owner_organisation_id else Q(pk__in=[])
        fields["owner_organisation"].queryset = Organisation.objects.filter(Q(pk__in=acting) | named).order_by(
            "sort_key", "pk"
        )
        from khcn.research.models import ResearchTask

        fields["task"].queryset = visible(ResearchTask.objects.all(), user)
        for field in self.fields.values():
            field.label = capfirst(field.label)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("price_min"), cleaned.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The highest price must not be below the lowest."))
        return cleaned


class TechnologyFileForm(KhcnForm):
    file = forms.FileField(label=_("File"), help_text=_("Photos: .jpg, .png. Documents: .pdf, .docx, .xlsx."))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)
    is_photo = forms.BooleanField(label=_("This is a photo (shown in the catalogue)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".jpg,.jpeg,.png,.pdf,.docx,.xlsx"


REVIEW_CHOICES = [("publish", _("Publish in the catalogue")), ("return", _("Return to the owner with a note"))]


class TechnologyReviewForm(KhcnForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=REVIEW_CHOICES, widget=RadioList)
    note = forms.CharField(label=_("Note to the owner"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    loaded_version = form_version(required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "return" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say what the owner should change."))
        return cleaned
