"""Form rendering: Django's own form templates, overridden once with Bootstrap markup."""

from typing import Any

import django_filters
from django import forms
from django.forms.renderers import TemplatesSetting

from khcn.core.concurrency import StaleObjectError
from khcn.core.text import nfc


class KhcnFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


def style_fields(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class (the markup lives in components/field.html)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class KhcnForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class KhcnModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self) -> dict[str, Any]:
        """Store text in NFC (DOMAIN.md §9), whatever the keyboard sent."""
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str) and not isinstance(self.fields[name].widget, forms.PasswordInput):
                cleaned[name] = nfc(value)
        return cleaned


class VersionedModelForm(KhcnModelForm):
    """A model form carrying the version it was loaded at, for `versioned_save`."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.version
        self.stale_current: Any = None

    def mark_stale(self, error: StaleObjectError) -> None:
        """Keep the user's input, show what is stored now, and accept the next save."""
        self.stale_current = error.current
        data = self.data.copy()  # type: ignore[attr-defined]
        data["loaded_version"] = str(error.current.version)
        self.data = data
        self.add_error(None, error)


class KhcnFilterSet(django_filters.FilterSet):
    @property
    def form(self) -> forms.Form:
        form = super().form
        if not getattr(form, "_khcn_styled", False):
            style_fields(form)
            form._khcn_styled = True  # type: ignore[attr-defined]
        return form
