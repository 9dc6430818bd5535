from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.forms import VersionedModelForm
from khcn.geo.models import AdminUnit, Organisation


class OrganisationForm(VersionedModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "unit", "parent", "tax_code", "address", "phone", "email", "website"]
        help_texts = {"unit": _("The ward, commune or province where the organisation sits.")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only units in force today, and only inside the user's own scope.
        units = visible(AdminUnit.objects.current(), user, action="change")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        parents = visible(Organisation.objects.all(), user, action="change")
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["parent"].required = False
        if not self.instance.pk:
            self.fields["loaded_version"].required = False

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Enter the organisation's full name (at least 3 characters)."))
        return name
