"""Forms of the province's IP statistics."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.core.bounds import YEAR_MAX, YEAR_MIN
from khcn.core.forms import KhcnForm, VersionedModelForm
from khcn.ipstats.models import COUNT_MAX, IpStatistic


class StatisticForm(VersionedModelForm):
    number_bounds = {"year": (YEAR_MIN, YEAR_MAX), "applications": (0, COUNT_MAX), "grants": (0, COUNT_MAX)}

    class Meta:
        model = IpStatistic
        fields = ["year", "kind", "applications", "grants", "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "applications": _("Applications filed by organisations and individuals of the province in the year."),
            "grants": _("Titles of protection granted to them in the year."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["loaded_version"].required = False
        self.fields["source"].required = False  # the service writes the IP Office when empty

    def _get_validation_exclusions(self) -> set[str]:
        """One row per year and kind is checked by the service, with its own message: leave
        the kind out of the model's checks here (its choices are the form field's)."""
        return {*super()._get_validation_exclusions(), "kind", "source"}  # type: ignore[misc]


class ImportForm(KhcnForm):
    file = forms.FileField(label=_("Workbook (.xlsx)"))
