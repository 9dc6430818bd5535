"""Forms of connections: they check the shape of the input; scope, dates and closing the
request are the service's rules."""

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.forms import DateInput, KhcnForm, VersionedModelForm
from khcn.experts.models import Connection, Demand, Expert, Technology
from khcn.meetings.models import FollowUp


class SearchSelect(forms.Select):
    """A select that renders only the chosen option, with a search box above it that fills the
    options as one types (HTMX, from `experts:connection_lookup`): the registry may hold tens of
    thousands of rows, the page never lists them."""

    template_name = "experts/connections/widgets/search_select.html"

    def __init__(self, *, kind: str, search_label: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": "form-select", **(attrs or {})})
        self.kind = kind
        self.search_label = search_label

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        chosen = {str(v) for v in value if v not in (None, "")}
        groups = []
        for index, (option_value, label) in enumerate(self.choices):
            key = str(getattr(option_value, "value", option_value))
            if key == "" or key in chosen:
                option = self.create_option(name, option_value, label, key in chosen, index)  # type: ignore[arg-type]
                groups.append((None, [option], index))
        return groups

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["lookup_url"] = reverse("experts:connection_lookup", args=[self.kind])
        context["widget"]["search_label"] = str(self.search_label)
        return context


class ChosenOnlyChoiceField(forms.ModelChoiceField):
    """A model choice whose widget is given only the chosen row (one query), not the queryset."""

    def _chosen_choices(self, value: Any) -> list[tuple[Any, str]]:
        choices: list[tuple[Any, str]] = [("", "—")]
        key = str(getattr(value, "pk", value) or "")
        if key.isdigit():
            row = self.queryset.filter(pk=int(key)).first()  # type: ignore[union-attr]
            if row is not None:
                choices.append((row.pk, self.label_from_instance(row)))
        return choices

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ConnectionForm(VersionedModelForm):
    """Who was introduced to whom, when, and what came of it."""

    demand = ChosenOnlyChoiceField(queryset=Demand.objects.none(), required=False, label=_("Demand"))
    followup = forms.ModelChoiceField(
        queryset=FollowUp.objects.none(), required=False, widget=forms.HiddenInput, label=_("Follow-up item")
    )

    class Meta:
        model = Connection
        fields = [
            "demand",
            "followup",
            "expert",
            "technology",
            "introduced_on",
            "parties",
            "outcome",
            "outcome_on",
            "note",
            "closes_request",
        ]
        field_classes = {"expert": ChosenOnlyChoiceField, "technology": ChosenOnlyChoiceField}
        widgets = {
            "introduced_on": DateInput(),
            "outcome_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["expert"].queryset = visible(Expert.objects.all(), user)  # type: ignore[attr-defined]
        fields["technology"].queryset = visible(Technology.objects.all(), user)  # type: ignore[attr-defined]
        fields["demand"].queryset = visible(Demand.objects.all(), user, action="change")  # type: ignore[attr-defined]
        fields["followup"].queryset = visible(FollowUp.objects.all(), user, action="change")  # type: ignore[attr-defined]
        labels = {
            "expert": _("Search experts by name"),
            "technology": _("Search technologies by name"),
            "demand": _("Search demands by title"),
        }
        for name, label in labels.items():
            field = fields[name]
            field.widget = SearchSelect(kind=name, search_label=label)
            value = self[name].value()
            field.widget.choices = field._chosen_choices(value)  # type: ignore[attr-defined]
        if self.instance.pk:
            del fields["demand"], fields["followup"]
        else:
            fields["loaded_version"].required = False
            if self.initial.get("followup") or self.data.get("followup"):
                del fields["demand"]


class ConnectionFileForm(KhcnForm):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, JPEG or PNG."))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)
