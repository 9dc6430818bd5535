from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.bounds import YEAR_MAX, YEAR_MIN, form_version
from khcn.core.forms import CheckList, DateInput, DateTimeInput, KhcnForm, VersionedModelForm
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.meetings.models import (
    AssigneeKind,
    AttendeeKind,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Meeting,
    MeetingLevel,
    MeetingRound,
    Topic,
)

DATE_INPUT = DateInput()
DATETIME_INPUT = DateTimeInput()


class UnitChoiceField(forms.ModelMultipleChoiceField):
    """Units by full name; abolished ones say so (the 2024 sessions were with former districts)."""

    def label_from_instance(self, obj: AdminUnit) -> str:
        if obj.valid_to is not None:
            return _("%(unit)s (former)") % {"unit": obj.full_name}
        return obj.full_name


class HostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return UnitChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


def cluster_units(user: Any) -> Any:
    """Units a session can gather, in scope: today's communes and wards, and the districts
    abolished on 1 July 2025 (for the sessions held with them before)."""
    today = date.today()
    current_communes = Q(level=UnitLevel.COMMUNE) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    return visible(
        AdminUnit.objects.filter(Q(level=UnitLevel.DISTRICT) | current_communes).order_by(
            "level", "sort_key"
        ),  # communes first, then former districts
        user,
        action="change",
    )


class MeetingForm(VersionedModelForm):
    units = UnitChoiceField(
        label=_("Units of the cluster"),
        queryset=AdminUnit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    prepare = forms.CharField(
        label=_("What each unit must prepare"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=(
            "Báo cáo kết quả thực hiện Chương trình 07-CTr/TU; đề xuất nhiệm vụ KH&CN năm sau; khó khăn, kiến nghị."
        ),
    )
    prepare_by = forms.DateField(label=_("Prepare by"), required=False, widget=DATE_INPUT)

    class Meta:
        model = Meeting
        fields = ["round", "title", "starts_at", "place", "host_unit", "chair", "co_chair"]
        widgets = {"starts_at": DATETIME_INPUT}
        field_classes = {"host_unit": HostChoiceField}

    def __init__(self, *args: Any, user: Any, level: str = MeetingLevel.UNITS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.level = self.instance.level if self.instance.pk else level
        if self.level == MeetingLevel.CITY:
            # The Department is the reporting party: no cluster, no round, nothing to prepare.
            for name in ("units", "host_unit", "round", "prepare", "prepare_by"):
                del self.fields[name]
            self.fields["chair"].label = _("City leader chairing")
            self.fields["chair"].help_text = _("Name and position, e.g. the Party Secretary of the city.")
            if not self.instance.pk:
                self.fields["loaded_version"].required = False
            return
        units = cluster_units(user)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["host_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["round"].queryset = MeetingRound.objects.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["units"] = list(self.instance.cluster.values_list("unit_id", flat=True))
            del self.fields["prepare"], self.fields["prepare_by"]
        else:
            self.fields["loaded_version"].required = False

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise forms.ValidationError(_("Enter the session's title (at least 5 characters)."))
        return title


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.program})"


class RoundForm(VersionedModelForm):
    """A round of sessions: what it is for, its year, the plan it prepares, the period it checks."""

    number_bounds = {"year": (YEAR_MIN, YEAR_MAX), "plan_year": (YEAR_MIN, YEAR_MAX)}

    class Meta:
        model = MeetingRound
        fields = ["name", "year", "purpose", "plan_year", "period"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"period": PeriodChoiceField}
        labels = {"name": _("Name of the round")}
        help_texts = {"plan_year": _("The year of the S&T plan the sessions prepare, if any.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from khcn.programs.models import ReportingPeriod

        self.fields["period"].queryset = ReportingPeriod.objects.select_related("program")  # type: ignore[attr-defined]
        self.fields["period"].empty_label = _("No period")  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
            self.initial.setdefault("year", date.today().year)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 5:
            raise forms.ValidationError(_("Enter the round's name (at least 5 characters)."), code="name")
        return name


class AttendeeForm(KhcnForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttendeeKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=AdminUnit.objects.none(), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = AdminUnit.objects.filter(  # type: ignore[attr-defined]
            pk__in=meeting.cluster.values("unit_id")
        ).order_by("sort_key")


class ItemForm(KhcnForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=AdminUnit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("Guess from the text")), *Topic.choices], required=False
    )
    raised_by = forms.CharField(label=_("Raised by"), max_length=255, required=False)
    assignee_kind = forms.ChoiceField(label=_("Who must act"), choices=AssigneeKind.choices)
    assignee_office = forms.ModelChoiceField(
        label=_("Department division"), queryset=Organisation.objects.none(), required=False
    )
    assignee_name = forms.CharField(label=_("Expert or body"), max_length=255, required=False)
    due_on = forms.DateField(label=_("Deadline"), required=False, widget=DATE_INPUT)
    is_public = forms.BooleanField(label=_("Show on the public tracker"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        only = list(units[:2])
        if len(only) == 1:  # a session with one party (the city's with the Department): chosen already
            self.fields["unit"].initial = only[0].pk
        self.fields["assignee_office"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=OrganisationKind.DEPARTMENT_OFFICE
        ).order_by("name")


class RespondForm(KhcnForm):
    text = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("New status"), required=False)
    reason = forms.CharField(
        label=_("Reason (to reject or transfer)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resolution = forms.CharField(
        label=_("Resolved by"),
        max_length=500,
        required=False,
        help_text=_("A proposal, a training event, a connection with an expert, a document…"),
    )
    resolution_url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)
    loaded_version = form_version(required=False)

    def __init__(self, *args: Any, staff: bool, may_set_status: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_set_status:  # a unit on the request it raised: it answers, the Department closes
            del self.fields["status"]
        allowed = (
            FollowUpStatus.choices
            if staff
            else [(v, label) for v, label in FollowUpStatus.choices if v in ("in_progress", "answered", "done")]
        )
        if "status" in self.fields:
            self.fields["status"].choices = [("", _("Unchanged")), *allowed]  # type: ignore[attr-defined]
        if not staff:
            del self.fields["reason"]


class MinutesForm(KhcnForm):
    minutes = forms.CharField(
        label=_("Minutes (general part)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    loaded_version = form_version()


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: FollowUp) -> str:
        due = obj.due_on.strftime("%d/%m/%Y") if obj.due_on else "—"
        return _("%(text)s (deadline %(due)s)") % {"text": obj.text, "due": due}


class SuccessorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return obj.full_name


class MoveForm(KhcnForm):
    """Which open directives of a former unit go to which successors, and a new deadline."""

    items = ItemChoiceField(label=_("Directives to move"), queryset=FollowUp.objects.none(), widget=CheckList)
    successors = SuccessorChoiceField(
        label=_("Successor communes and wards"),
        queryset=AdminUnit.objects.none(),
        widget=CheckList,
        help_text=_("Each chosen unit receives its own copy of every directive moved."),
    )
    due_on = forms.DateField(
        label=_("New deadline"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty to keep each directive's deadline."),
    )

    def __init__(self, *args: Any, items: Any, successors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items  # type: ignore[attr-defined]
        self.fields["successors"].queryset = successors  # type: ignore[attr-defined]
        self.fields["items"].error_messages["required"] = _("Choose at least one directive to move.")
        self.fields["successors"].error_messages["required"] = _("Choose at least one successor commune or ward.")


__all__ = [
    "AttendeeForm",
    "FollowUp",
    "ItemForm",
    "MeetingForm",
    "MinutesForm",
    "MoveForm",
    "RespondForm",
    "RoundForm",
]
