from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.citywork.models import RANK_MAX, CityReport
from khcn.core.bounds import form_integer
from khcn.core.forms import DateInput, KhcnForm, VersionedModelForm
from khcn.meetings.models import Meeting, MeetingLevel


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.starts_at:%d/%m/%Y} — {obj.title}"


class CityReportForm(VersionedModelForm):
    meeting = MeetingChoiceField(label=_("Presented at session"), queryset=Meeting.objects.none(), required=False)

    class Meta:
        model = CityReport
        fields = [
            "kind",
            "recipient",
            "year",
            "number",
            "title",
            "meeting",
            "results",
            "difficulties",
            "proposals",
            "next_tasks",
            "status",
            "sent_on",
        ]
        widgets = {
            "sent_on": DateInput(),
            "results": forms.Textarea(attrs={"rows": 8}),
            "difficulties": forms.Textarea(attrs={"rows": 5}),
            "proposals": forms.Textarea(attrs={"rows": 5}),
            "next_tasks": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings.filter(level=MeetingLevel.CITY)  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["loaded_version"].required = False

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise forms.ValidationError(_("Enter the report's summary line (at least 5 characters)."))
        return title


class RankForm(KhcnForm):
    rank = form_integer(low=1, high=RANK_MAX, label=_("National rank"), required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
