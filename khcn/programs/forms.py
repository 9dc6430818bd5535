"""Forms of the setup pages: shape and bounds only; rules between rows are the services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.core import record_counts
from khcn.core.forms import DateInput, KhcnForm, VersionedModelForm
from khcn.geo.models import AdminUnit, UnitLevel
from khcn.programs.models import (
    Indicator,
    IndicatorGroup,
    Program,
    ReportForm,
    ReportingPeriod,
    RuleOperator,
    SectionKey,
    Target,
    ValueType,
)
from khcn.programs.services import JUMP_MAX, JUMP_MIN, YEAR_MAX, YEAR_MIN

DATE_INPUT = DateInput()
YEAR_ATTRS = {"min": YEAR_MIN, "max": YEAR_MAX, "step": 1, "inputmode": "numeric"}
# The value columns hold 20 digits, 4 of them after the comma.
NUMBER_LIMIT = 10**16 - 1


def year_field(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=YEAR_MIN, max_value=YEAR_MAX, widget=forms.NumberInput(attrs=YEAR_ATTRS), **kwargs
    )


def number_field(label: Any, **kwargs: Any) -> forms.DecimalField:
    """A number typed the Vietnamese way (1.234,5), within what the column holds."""
    return forms.DecimalField(
        label=label,
        max_digits=20,
        decimal_places=4,
        min_value=-NUMBER_LIMIT,
        max_value=NUMBER_LIMIT,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


class _CreateOrEdit(VersionedModelForm):
    """A new record has no version to guard yet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False


class ProgramForm(_CreateOrEdit):
    start_year = year_field(_("First year"))
    end_year = year_field(_("Last year"))

    class Meta:
        model = Program
        fields = ["code", "name", "issuing_body", "issued_on", "start_year", "end_year", "successor"]
        widgets = {"issued_on": DATE_INPUT, "name": forms.Textarea(attrs={"rows": 2})}
        labels = {"successor": _("Programme that follows it")}
        help_texts = {
            "code": _("The document number, e.g. 07-CTr/TU."),
            "successor": _("Its indicators can then be copied into that programme for the next cycle."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Program.objects.order_by("-start_year", "code")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["successor"].queryset = others  # type: ignore[attr-defined]


class GroupForm(_CreateOrEdit):
    class Meta:
        model = IndicatorGroup
        fields = ["code", "name"]
        help_texts = {"code": _("A short mark shown before the name, e.g. A.")}


class IndicatorForm(_CreateOrEdit):
    min_value = number_field(_("Minimum"), required=False)
    max_value = number_field(_("Maximum"), required=False)
    jump_warning_percent = forms.IntegerField(
        label=_("Warn on change above (%)"),
        min_value=JUMP_MIN,
        max_value=JUMP_MAX,
        initial=50,
        help_text=_("A value that moves more than this from the last period asks for an explanation."),
    )

    class Meta:
        model = Indicator
        fields = [
            "group",
            "code",
            "name",
            "value_type",
            "unit_of_measure",
            "numerator_label",
            "denominator_label",
            "direction",
            "aggregation",
            "weight",
            "min_value",
            "max_value",
            "jump_warning_percent",
            "record_source",
            "help_text",
        ]
        widgets = {"name": forms.Textarea(attrs={"rows": 2}), "help_text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "numerator_label": _("For a ratio: what the first number counts, e.g. smart radios."),
            "denominator_label": _("For a ratio: what the total counts, e.g. commune radios."),
            "aggregation": _("How the city total is formed from the units' values."),
            "min_value": _("For percentages, counts and amounts; leave empty for no limit."),
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = program.groups.order_by("position", "code")  # type: ignore[attr-defined]
        weights = program.indicators.filter(value_type__in=[ValueType.COUNT, ValueType.MONEY])
        if self.instance.pk:
            weights = weights.exclude(pk=self.instance.pk)
        self.fields["weight"].queryset = weights.order_by("code")  # type: ignore[attr-defined]
        self.fields["help_text"].help_text = _("Shown to the unit under the field: what to count, from which source.")
        # The sources are registered by the apps keeping the records (khcn.core.record_counts);
        # a key no longer registered stays selectable so that editing does not drop it silently.
        choices = [("", _("None: typed by the unit only")), *record_counts.source_choices()]
        current = self.instance.record_source
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["record_source"] = forms.ChoiceField(
            label=self.fields["record_source"].label,
            help_text=_(
                "For a count: the report form shows this count over the unit's records beside the typed "
                "figure and flags a difference."
            ),
            choices=choices,
            required=False,
        )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return f"{obj.code} · {obj.full_name}"


class TargetForm(_CreateOrEdit):
    unit = UnitChoiceField(
        label=_("Administrative unit"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("Whole city (no unit)"),
    )
    value = number_field(_("Target value"))

    class Meta:
        model = Target
        fields = ["indicator", "unit", "year", "value"]
        labels = {"indicator": _("Indicator")}

    def __init__(self, *args: Any, program: Program, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = program.indicators.exclude(  # type: ignore[attr-defined]
            value_type__in=[ValueType.DATE, ValueType.TEXT]
        ).order_by("group__position", "position", "code")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["year"] = year_field(
            _("Year"),
            help_text=_("From %(first)s to %(last)s.") % {"first": program.start_year, "last": program.end_year},
        )
        self.fields["year"].widget.attrs.update({"min": program.start_year, "max": program.end_year})
        self.fields["year"].widget.attrs["class"] = "form-control"


class ReportFormForm(_CreateOrEdit):
    unit_levels = forms.MultipleChoiceField(
        label=_("Units that fill it"),
        choices=[(UnitLevel.DISTRICT, _("District-level units")), (UnitLevel.COMMUNE, _("Communes and wards"))],
        widget=forms.CheckboxSelectMultiple,
    )
    sections = forms.MultipleChoiceField(
        label=_("Narrative sections"),
        choices=SectionKey.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ReportForm
        fields = ["name", "unit_levels", "sections"]


class CrossRuleForm(KhcnForm):
    left = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    operator = forms.ChoiceField(label=_("Comparison"), choices=RuleOperator.choices)
    right = forms.ModelChoiceField(label=_("Compared with"), queryset=Indicator.objects.none())
    message = forms.CharField(
        label=_("Message to the unit"),
        max_length=255,
        help_text=_("Shown when the rule fails, e.g. “Dossiers solved on time cannot exceed dossiers received.”"),
    )

    def __init__(self, *args: Any, form: ReportForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked = Indicator.objects.filter(pk__in=form.items.values("indicator_id")).order_by(
            "group__position", "position", "code"
        )
        self.fields["left"].queryset = asked  # type: ignore[attr-defined]
        self.fields["right"].queryset = asked  # type: ignore[attr-defined]


class PeriodForm(_CreateOrEdit):
    year = year_field(_("Year"))

    class Meta:
        model = ReportingPeriod
        fields = [
            "name",
            "kind",
            "year",
            "form",
            "data_from",
            "data_to",
            "opens_on",
            "due_on",
            "closes_on",
            "previous",
        ]
        widgets = {name: DATE_INPUT for name in ("data_from", "data_to", "opens_on", "due_on", "closes_on")}
        labels = {"form": _("Report form")}
        help_texts = {
            "name": _("As units will read it, e.g. “Năm 2027”."),
            "data_from": _("First day the figures cover."),
            "data_to": _("Last day the figures cover."),
            "opens_on": _("From this day units can fill their report."),
            "closes_on": _("After this day no report is taken; leave empty to keep it open."),
            "previous": _("Each value is compared with the unit's value in that period."),
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = program.forms.order_by("name")  # type: ignore[attr-defined]
        previous = ReportingPeriod.objects.select_related("program").order_by("-data_to")
        if self.instance.pk:
            previous = previous.exclude(pk=self.instance.pk)
        self.fields["previous"].queryset = previous  # type: ignore[attr-defined]
