"""The page form every register's create and edit page uses, and the import upload form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khcn.accounts.scoping import visible
from khcn.core.forms import KhcnForm, VersionedModelForm
from khcn.geo.models import AdminUnit


class RegisterForm(VersionedModelForm):
    """A model form whose references offer only what the caller may write for: units in force
    of their write scope, organisations they act for, parent records they may change."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.instance.pk:
            self.fields["loaded_version"].required = False  # a new record has no version yet
        for field in self.fields.values():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            queryset = field.queryset
            if queryset is None:
                continue
            if queryset.model is AdminUnit:
                queryset = AdminUnit.objects.current()
            field.queryset = visible(queryset, user, action="change")


class ImportForm(KhcnForm):
    file = forms.FileField(label=_("Workbook (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
