from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khcn.accounts.models import User
from khcn.accounts.scoping import visible
from khcn.core.bounds import MONTHS_MAX, MONTHS_MIN, YEAR_MAX, YEAR_MIN
from khcn.core.forms import DateInput, KhcnForm, KhcnModelForm, RadioList, VersionedModelForm
from khcn.core.uploads import check_upload
from khcn.geo.models import AdminUnit, Organisation, UnitLevel
from khcn.meetings.selectors import followup_list
from khcn.research.models import (
    SCREENED,
    BudgetLine,
    ChangeRequest,
    Inspection,
    Milestone,
    PlanCall,
    ProgressReport,
    Proposal,
    ProposalStatus,
    ResearchTask,
    ResultApplication,
    SelectionApplication,
    TaskMember,
)


class ProposalForm(VersionedModelForm):
    """A proposal: a draft may be saved with gaps; submitting checks every needed field."""

    number_bounds = {"duration_months": (MONTHS_MIN, MONTHS_MAX)}

    class Meta:
        model = Proposal
        fields = [
            "call",
            "unit",
            "organisation",
            "title",
            "task_type",
            "field",
            "problem",
            "rationale",
            "objectives",
            "products",
            "product_specs",
            "application_place",
            "applying_unit",
            "budget_million",
            "duration_months",
            "contact",
            "followups",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("problem", "rationale", "objectives", "products", "product_specs")
        } | {"followups": forms.SelectMultiple(attrs={"size": 5})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the user may write for (accounts.scoping): the service checks the same.
        units = visible(
            AdminUnit.objects.current().filter(level__in=[UnitLevel.COMMUNE, UnitLevel.PROVINCE]), user, action="change"
        ).order_by("level", "sort_key")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].help_text = _("A ward or commune, or the city for a Department division.")
        orgs = visible(Organisation.objects.all(), user, action="change")
        self.fields["organisation"].queryset = orgs.order_by("name")  # type: ignore[attr-defined]
        # A closed call takes no new proposal; an existing one keeps its call.
        calls = PlanCall.objects.all() if self.instance.pk else PlanCall.objects.filter(closed_at__isnull=True)
        self.fields["call"].queryset = calls  # type: ignore[attr-defined]
        self.fields["followups"].queryset = followup_list(user=user).filter(kind="request")  # type: ignore[attr-defined]
        self.fields["followups"].help_text = _("Requests from working sessions or reports that this task would answer.")
        for name in ("task_type", "field"):
            self.fields[name].required = False
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
            if units.count() == 1:
                self.initial.setdefault("unit", units.first())
            elif not units.exists() and orgs.count() == 1:
                # An organisation's account proposes for its one organisation.
                self.initial.setdefault("organisation", orgs.first())
            today = timezone.localdate()
            open_calls = calls.filter(opens_on__lte=today, closes_on__gte=today)
            if open_calls.count() == 1:
                self.initial.setdefault("call", open_calls.first())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("unit") and not cleaned.get("organisation"):
            self.add_error("unit", _("Say which unit or organisation proposes the task."))
        return cleaned

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 10:
            raise forms.ValidationError(_("Enter the task's full name (at least 10 characters)."))
        return title


class ScreeningForm(KhcnForm):
    # No decision is preselected: the officer chooses one (issue 13, defect 7).
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(v, label) for v, label in ProposalStatus.choices if v in SCREENED],
        widget=RadioList,
        error_messages={
            "required": _("Choose the screening decision: accepted, duplicate, out of scope or not accepted.")
        },
    )
    note = forms.CharField(label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    duplicate_of_task = forms.ModelChoiceField(
        label=_("Duplicate of the task"), queryset=ResearchTask.objects.none(), required=False
    )

    def __init__(self, *args: Any, tasks: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate_of_task"].queryset = tasks if tasks is not None else ResearchTask.objects.none()  # type: ignore[attr-defined]


def expert_users() -> Any:
    from khcn.accounts.roles import Role

    return (
        User.objects.filter(is_active=True, grants__is_active=True, grants__role__in=[Role.EXPERT, Role.COUNCIL_MEMBER])
        .distinct()
        .order_by("full_name")
    )


def _person(user: Any) -> str:
    return f"{user.get_full_name()} ({user.position})" if user.position else user.get_full_name()


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person(obj)


class ExpertsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person(obj)


class CouncilForm(KhcnForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    meets_on = forms.DateField(label=_("Meeting date"), required=False, widget=DateInput())
    chair = ExpertChoiceField(label=pgettext_lazy("council", "Chair"), queryset=User.objects.none())
    vice_chair = ExpertChoiceField(label=_("Vice-chair"), queryset=User.objects.none(), required=False)
    reviewers = ExpertsChoiceField(label=_("Reviewers"), queryset=User.objects.none(), required=False)
    secretary = ExpertChoiceField(
        label=_("Scientific secretary"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Takes the minutes and does not score."),
    )
    members = ExpertsChoiceField(label=_("Other members"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chair", "vice_chair", "reviewers", "secretary", "members"):
            self.fields[name].queryset = expert_users()  # type: ignore[attr-defined]

    def seats(self) -> list[tuple[Any, str]]:
        from khcn.research.models import MemberRole

        data = self.cleaned_data
        seats: list[tuple[Any, str]] = [(data["chair"], MemberRole.CHAIR)]
        if data.get("vice_chair"):
            seats.append((data["vice_chair"], MemberRole.VICE_CHAIR))
        seats += [(u, MemberRole.REVIEWER) for u in data["reviewers"]]
        if data.get("secretary"):
            seats.append((data["secretary"], MemberRole.SECRETARY))
        seats += [(u, MemberRole.MEMBER) for u in data["members"]]
        return seats


class DeclarationForm(KhcnForm):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("0", _("I have no conflict of interest with this dossier and will keep it confidential.")),
            ("1", _("I have a conflict of interest (I will not score).")),
        ],
        coerce=lambda v: v == "1",
        widget=RadioList,
    )
    note = forms.CharField(label=_("What the conflict is"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# -- task execution -----------------------------------------------------------------------------

DATE_WIDGET = {"widget": DateInput()}


def _checked_upload(upload: Any) -> Any:
    """A newly uploaded file must be of an allowed kind and size; a stored one passes as it is."""
    if upload and hasattr(upload, "content_type"):
        check_upload(upload)
    return upload


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, **DATE_WIDGET)  # type: ignore[arg-type]


class TaskForm(VersionedModelForm):
    """The Department's task sheet: host, PI, contract, dates, budget, objectives."""

    class Meta:
        model = ResearchTask
        fields = [
            "title",
            "host_organisation",
            "host_name",
            "pi_name",
            "pi_user",
            "contract_number",
            "contract_date",
            "start_date",
            "end_date",
            "budget_million",
            "objectives",
        ]
        widgets = {
            "contract_date": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pi_user"].queryset = User.objects.filter(is_active=True).order_by("full_name")  # type: ignore[attr-defined]
        self.fields["host_organisation"].required = False


class TaskMemberForm(KhcnModelForm):
    class Meta:
        model = TaskMember
        fields = ["name", "title", "role", "organisation"]


class BudgetLineForm(KhcnModelForm):
    number_bounds = {"year": (YEAR_MIN, YEAR_MAX)}

    class Meta:
        model = BudgetLine
        fields = ["year", "source", "planned_million", "disbursed_million"]


class MilestoneForm(KhcnModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "products", "due_on"]
        widgets = {
            "due_on": DateInput(),
            "products": forms.TextInput(),
        }


def _inline(model: Any, form: Any, extra: int) -> Any:
    """Rows of a task sheet; one post holds at most KHCN_MAX_FORM_ROWS (more are not even read)."""
    limit = settings.KHCN_MAX_FORM_ROWS
    return forms.inlineformset_factory(
        ResearchTask,
        model,
        form=form,
        extra=extra,
        can_delete=True,
        max_num=limit,
        validate_max=True,
        absolute_max=limit,
    )


MemberFormSet = _inline(TaskMember, TaskMemberForm, 2)
BudgetFormSet = _inline(BudgetLine, BudgetLineForm, 1)
MilestoneFormSet = _inline(Milestone, MilestoneForm, 2)


class MilestoneDoneForm(KhcnForm):
    done_on = _date_field(_("Done on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ProgressReportForm(VersionedModelForm):
    class Meta:
        model = ProgressReport
        fields = [
            "period",
            "as_of",
            "work_done",
            "products_done",
            "spent_million",
            "issues",
            "next_steps",
            "attachment",
        ]
        widgets = {
            "as_of": DateInput(),
            "work_done": forms.Textarea(attrs={"rows": 4}),
            "products_done": forms.Textarea(attrs={"rows": 3}),
            "issues": forms.Textarea(attrs={"rows": 2}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False

    def clean_attachment(self) -> Any:
        return _checked_upload(self.cleaned_data.get("attachment"))


class ChangeRequestForm(KhcnModelForm):
    class Meta:
        model = ChangeRequest
        fields = ["kind", "reason", "new_end_date", "new_budget_million"]
        widgets = {
            "new_end_date": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }


class InspectionForm(KhcnModelForm):
    class Meta:
        model = Inspection
        fields = ["held_on", "inspectors", "finding", "findings", "actions"]
        widgets = {
            "held_on": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 2}),
        }


class SelectionApplicationForm(KhcnModelForm):
    number_bounds = {"duration_months": (MONTHS_MIN, MONTHS_MAX)}

    class Meta:
        model = SelectionApplication
        fields = [
            "applicant_name",
            "organisation",
            "pi_name",
            "pi_user",
            "budget_million",
            "duration_months",
            "summary",
            "dossier",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pi_user"].queryset = User.objects.filter(is_active=True).order_by("full_name")  # type: ignore[attr-defined]

    def clean_dossier(self) -> Any:
        return _checked_upload(self.cleaned_data.get("dossier"))


class RegistrationForm(KhcnForm):
    number = forms.CharField(label=_("Certificate number"), max_length=60)
    day = _date_field(_("Registered on"))


class PublicationForm(VersionedModelForm):
    class Meta:
        model = ResearchTask
        fields = ["public_summary", "public_products", "public_application", "public_contact"]
        widgets = {
            "public_summary": forms.Textarea(attrs={"rows": 4}),
            "public_products": forms.Textarea(attrs={"rows": 3}),
            "public_application": forms.Textarea(attrs={"rows": 2}),
        }


class ResultApplicationForm(KhcnModelForm):
    class Meta:
        model = ResultApplication
        fields = ["unit", "place", "applied_on", "scale", "effect"]
        widgets = {
            "applied_on": DateInput(),
            "effect": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class AcceptanceConcludeForm(KhcnForm):
    conclusion = forms.CharField(label=_("The council's conclusion"), widget=forms.Textarea(attrs={"rows": 3}))
    required_fixes = forms.CharField(
        label=_("Fixes required by the council"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    final_products = forms.CharField(
        label=_("Final products"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    day = _date_field(_("Acceptance date"))


class PlanCallForm(VersionedModelForm):
    """A call for proposals: its name, the plan year it prepares, its opening and its deadline."""

    number_bounds = {"plan_year": (YEAR_MIN, YEAR_MAX)}

    class Meta:
        model = PlanCall
        fields = ["name", "plan_year", "opens_on", "closes_on", "description"]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"name": _("Name of the call")}
        help_texts = {
            "plan_year": _("The year of the plan the proposals are for, usually next year."),
            "closes_on": _("Units can submit proposals until the end of this day."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
            self.initial.setdefault("plan_year", timezone.localdate().year + 1)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 5:
            raise forms.ValidationError(_("Enter the call's name (at least 5 characters)."), code="name")
        return name
