"""Forms of IP dossiers and OCOP ratings: they check the shape of the input; the rules across
records (the stage moves, the dates, the star bands) are the services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khcn.accounts.scoping import visible
from khcn.core.bounds import form_version
from khcn.core.forms import DateInput, KhcnForm, VersionedModelForm
from khcn.geo.models import AdminUnit, Organisation, UnitLevel
from khcn.products.ip_workflow import next_stages
from khcn.products.models import IpAsset, IpStage, OcopRating, Product
from khcn.products.services.ip import FIRST_STAGES


class CommuneField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return obj.full_name


class IpAssetForm(VersionedModelForm):
    """A dossier's record; on creation also its first stage and the day it started."""

    stage = forms.ChoiceField(
        label=_("First stage"), choices=[(s.value, s.label) for s in IpStage if s in FIRST_STAGES]
    )
    stage_since = forms.DateField(label=_("Started on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = IpAsset
        fields = [
            "name",
            "kind",
            "unit",
            "owner_name",
            "owner_organisation",
            "products",
            "nice_classes",
            "regulation",
            "support_task",
            "support_note",
        ]
        field_classes = {"unit": CommuneField}
        widgets = {"regulation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from khcn.research.models import ResearchTask

        fields = self.fields
        fields["unit"].queryset = visible(  # type: ignore[attr-defined]
            AdminUnit.objects.filter(level=UnitLevel.COMMUNE).current(), user, action="change"
        ).order_by("sort_key")
        fields["owner_organisation"].queryset = visible(  # type: ignore[attr-defined]
            Organisation.objects.all(), user, action="change"
        ).order_by("name")
        fields["products"].queryset = visible(  # type: ignore[attr-defined]
            Product.objects.select_related("unit"), user, action="change"
        ).order_by("name", "pk")
        fields["support_task"].queryset = visible(ResearchTask.objects.all(), user).order_by("-pk")  # type: ignore[attr-defined]
        if self.instance.pk:
            del fields["stage"], fields["stage_since"], fields["note"]
        else:
            fields["loaded_version"].required = False


class IpMoveForm(KhcnForm):
    """Move a dossier to its next stage (or end it), on a day, with the numbers it needs."""

    to_stage = forms.ChoiceField(label=_("New stage"))
    on = forms.DateField(label=_("Date"), widget=DateInput())
    application_number = forms.CharField(
        label=_("Application number"), max_length=40, required=False, help_text=_("Needed when the dossier is filed.")
    )
    certificate_number = forms.CharField(
        label=pgettext_lazy("IP", "Certificate number"),
        max_length=40,
        required=False,
        help_text=_("Needed when the certificate is granted."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    loaded_version = form_version()

    def __init__(self, *args: Any, asset: IpAsset, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(IpStage.choices)
        self.fields["to_stage"].choices = [(s, labels[s]) for s in next_stages(asset.stage)]  # type: ignore[attr-defined]
        self.initial.setdefault("loaded_version", asset.version)


class IpRenewForm(KhcnForm):
    on = forms.DateField(label=_("Date of the renewal"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    loaded_version = form_version()


class IpDocumentForm(KhcnForm):
    stage = forms.ChoiceField(label=_("Stage"))
    title = forms.CharField(
        label=_("Title"), max_length=255, required=False, help_text=_("The file's name when empty.")
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, asset: IpAsset, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(IpStage.choices)
        reached = list(dict.fromkeys(e.stage for e in asset.events.all()))
        self.fields["stage"].choices = [(s, labels[s]) for s in reached]  # type: ignore[attr-defined]
        self.initial.setdefault("stage", asset.stage)


class OcopRatingForm(VersionedModelForm):
    """The council's decision: stars, score (and its parts), decision and validity."""

    class Meta:
        model = OcopRating
        fields = [
            "stars",
            "score",
            "score_a",
            "score_b",
            "score_c",
            "rating_year",
            "decision_number",
            "decision_date",
            "valid_until",
        ]
        widgets = {"stars": forms.Select(choices=[(5, "5★"), (4, "4★"), (3, "3★")])}
        help_texts = {"valid_until": _("Empty: 36 months from the decision date.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].required = False
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
