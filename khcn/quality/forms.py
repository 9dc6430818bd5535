"""Forms of the QMS record, the self-report, inspections and courses."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.forms import DateInput, KhcnForm, KhcnModelForm, VersionedModelForm
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.quality.models import RATING_MAX, RATING_MIN, Course, Inspection, QualitySystem, SelfReport

FIGURE_WIDGETS = {
    "announced_on": DateInput,
    "valid_until": DateInput,
    "last_internal_audit_on": DateInput,
    "last_review_on": DateInput,
}


def units_in_force(user: Any) -> Any:
    today = timezone.localdate()
    current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    units = AdminUnit.objects.filter(current, level=UnitLevel.COMMUNE).order_by("sort_key", "pk")
    return visible(units, user, action="change")


class QualitySystemForm(VersionedModelForm):
    class Meta:
        model = QualitySystem
        fields = ["scope", *QualitySystem.FIGURES, "guidance"]
        widgets = {
            **FIGURE_WIDGETS,
            "scope": forms.Textarea(attrs={"rows": 3}),
            "guidance": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False


class SelfReportForm(KhcnModelForm):
    class Meta:
        model = SelfReport
        fields = [*SelfReport.FIGURES, "note"]
        widgets = {**FIGURE_WIDGETS, "note": forms.Textarea(attrs={"rows": 3})}


class ReviewForm(KhcnForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return to the unit"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class InspectionForm(KhcnModelForm):
    class Meta:
        model = Inspection
        fields = ["inspected_on", "inspector", "findings", "corrective_actions"]
        widgets = {"inspected_on": DateInput}


class CourseForm(VersionedModelForm):
    class Meta:
        model = Course
        fields = ["title", "kind", "topic", "experts", "trainers", "starts_on", "ends_on", "place", "units_invited"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput, "topic": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from khcn.experts.models import Expert

        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
        self.fields["units_invited"].queryset = units_in_force(user)  # type: ignore[attr-defined]
        self.fields["experts"].queryset = Expert.objects.order_by("name_folded", "pk")  # type: ignore[attr-defined]


class ParticipantForm(KhcnForm):
    account = forms.ModelChoiceField(label=_("Account"), queryset=get_user_model().objects.none(), required=False)
    name = forms.CharField(
        label=_("Name"), max_length=255, required=False, help_text=_("For a person without an account.")
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=AdminUnit.objects.none(), required=False)

    def __init__(self, *args: Any, course: Course, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invited = course.units_invited.all()
        paths = [u.path for u in invited]
        people = get_user_model().objects.filter(is_active=True)
        if paths:
            q = Q()
            for path in paths:
                q |= Q(grants__unit__path__startswith=path, grants__is_active=True)
            people = people.filter(q).distinct()
        else:
            people = people.none()
        self.fields["account"].queryset = people.order_by("username")  # type: ignore[attr-defined]
        self.fields["unit"].queryset = invited  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("account") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Choose an account or type a name."))
        return data


class EvaluationForm(KhcnForm):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, choices=[(i, str(i)) for i in range(RATING_MIN, RATING_MAX + 1)]
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CourseFileForm(KhcnForm):
    file = forms.FileField(label=_("File"))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)


class LinkFollowUpForm(KhcnForm):
    followup = forms.IntegerField(label=_("Follow-up item"), min_value=1, max_value=2**63 - 1, widget=forms.Select)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["followup"].widget.choices = choices
