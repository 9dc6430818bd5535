"""Forms of programmes of tasks: the programme, a board member, a task to add."""

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import DateInput, KhcnForm, KhcnModelForm, VersionedModelForm
from khcn.research.models import ProgrammeBoardMember, ResearchTask, TaskProgramme


class ProgrammeForm(VersionedModelForm):
    number_bounds = {"start_year": (YEAR_MIN, YEAR_MAX), "end_year": (YEAR_MIN, YEAR_MAX)}

    class Meta:
        model = TaskProgramme
        fields = [
            "code",
            "name",
            "issued_by",
            "document",
            "issued_on",
            "start_year",
            "end_year",
            "objectives",
            "budget_million",
            "standing_body",
        ]
        widgets = {
            "issued_on": DateInput,
            "name": forms.TextInput,
            "objectives": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
        for field in self.fields.values():
            field.label = capfirst(field.label)


class BoardMemberForm(KhcnModelForm):
    class Meta:
        model = ProgrammeBoardMember
        fields = ["name", "position", "role"]


class ProgrammeTaskForm(KhcnForm):
    task = forms.ModelChoiceField(label=_("Task"), queryset=ResearchTask.objects.none())

    def __init__(self, *args: Any, tasks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks  # type: ignore[attr-defined]
