"""Forms of initiatives: the application with its authors, an evidence file, the unit's
decision and the submission to a city round."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.bounds import form_version, form_year
from khcn.core.forms import DateInput, KhcnForm, KhcnModelForm, RadioList, VersionedModelForm
from khcn.geo.models import AdminUnit, Organisation, UnitLevel
from khcn.initiatives.models import SHARE_MAX, SHARE_MIN, Initiative, InitiativeAuthor


class InitiativeForm(VersionedModelForm):
    """The application (Circular 18/2013's form); a draft may leave the later sections empty,
    submitting checks them (services.REQUIRED_ON_SUBMIT)."""

    class Meta:
        model = Initiative
        fields = [
            "unit",
            "organisation",
            "title",
            "field",
            "problem",
            "solution",
            "novelty",
            "first_applied_on",
            "applied_where",
            "effects",
            "costs",
            "influence_scope",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in ("problem", "solution", "novelty", "effects", "costs")
        } | {"first_applied_on": DateInput()}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the user may write for (accounts.scoping): the service checks the same.
        units = visible(
            AdminUnit.objects.current().filter(level__in=[UnitLevel.COMMUNE, UnitLevel.PROVINCE]), user, action="change"
        ).order_by("level", "sort_key")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].help_text = _("A ward or commune, or the city for a Department division.")
        orgs = visible(Organisation.objects.all(), user, action="change").order_by("name")
        self.fields["organisation"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["organisation"].help_text = _("An agency or enterprise of the unit, if the initiative is its own.")
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
            if not self.is_bound and units.count() == 1:
                self.initial["unit"] = units.get().pk
        for field in self.fields.values():
            field.label = capfirst(field.label)


class AuthorForm(KhcnModelForm):
    number_bounds = {"share": (SHARE_MIN, SHARE_MAX)}

    class Meta:
        model = InitiativeAuthor
        fields = ["full_name", "position", "workplace", "share"]


def author_formset(*, extra: int) -> type[forms.BaseInlineFormSet]:
    from django.conf import settings

    limit = settings.KHCN_MAX_FORM_ROWS
    return forms.inlineformset_factory(
        Initiative,
        InitiativeAuthor,
        form=AuthorForm,
        extra=extra,
        can_delete=True,
        max_num=limit,
        validate_max=True,
        absolute_max=limit,
    )


class InitiativeFileForm(KhcnForm):
    file = forms.FileField(label=_("File"), help_text=_("Documents: .pdf, .docx, .xlsx; photos: .jpg, .png."))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)


DECISION_CHOICES = [("yes", _("Recognised")), ("no", _("Not recognised"))]


class RecognitionForm(KhcnForm):
    """The unit's decision after its initiative council."""

    loaded_version = form_version(required=False)
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES, widget=RadioList)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    signer = forms.CharField(label=_("Signed by"), max_length=200, help_text=_("Name and position of the signer."))
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("The council's findings; required when not recognised."),
    )


class CitySubmitForm(KhcnForm):
    loaded_version = form_version(required=False)
    year = form_year(label=_("City round of the year"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["year"] = timezone.localdate().year
