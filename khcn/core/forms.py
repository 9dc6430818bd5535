"""Form rendering: Django's own form templates, overridden once with Bootstrap markup."""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import BadRequest
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from khcn.core.bounds import BoundedModelFormMetaclass, form_version
from khcn.core.concurrency import StaleObjectError
from khcn.core.text import nfc


def _plain(value: Any) -> Any:
    """A model instance compares by primary key; everything else as it is."""
    return getattr(value, "pk", value)


# Dates are typed and shown day first, whatever the browser's language (DESIGN.md: dd/mm/yyyy).
# A native <input type="date"> follows the browser's locale (month first in an English
# Chromium) beside day-first text on the page, so every date field is a text field in one
# format; the server also reads ISO dates (config/formats: DATE_INPUT_FORMATS). No
# `inputmode="numeric"`: phone number pads have no "/".
DATE_FORMAT = "%d/%m/%Y"
DATE_PLACEHOLDER = "dd/mm/yyyy"
DATE_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
DATETIME_PLACEHOLDER = "dd/mm/yyyy hh:mm"
DATETIME_PATTERN = r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"


class DateInput(forms.DateInput):
    """The date widget of every form: a text field typed and shown as dd/mm/yyyy."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        base = {"placeholder": DATE_PLACEHOLDER, "pattern": DATE_PATTERN, "autocomplete": "off"}
        attrs = {key: value for key, value in (attrs or {}).items() if key != "type"}
        super().__init__(attrs={**base, **attrs}, format=DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    """The date-and-time widget of every form: dd/mm/yyyy hh:mm, as pages show it."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        base = {"placeholder": DATETIME_PLACEHOLDER, "pattern": DATETIME_PATTERN, "autocomplete": "off"}
        attrs = {key: value for key, value in (attrs or {}).items() if key != "type"}
        super().__init__(attrs={**base, **attrs}, format=DATETIME_FORMAT)


def day_first_widgets(form: forms.BaseForm) -> None:
    """Give every date and date-time field of `form` the day-first widgets above.

    Runs for every KHCN form and filter set, so a field declared with Django's own widget
    (or a native date input) still reads and shows dd/mm/yyyy.
    """
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (DateInput, DateTimeInput)) or getattr(widget, "is_hidden", False):
            continue
        if isinstance(widget, forms.DateTimeInput):
            field.widget = DateTimeInput(attrs=widget.attrs)
        elif isinstance(widget, forms.DateInput):
            field.widget = DateInput(attrs=widget.attrs)
        else:
            continue
        field.widget.is_required = widget.is_required


# Up to this many choices, a multiple choice is a list of checkboxes; above, a list box.
CHECKBOXES_UP_TO = 10


class MultiSelect(forms.SelectMultiple):
    """A multiple choice that looks like one (a bare <select multiple> passes for a text box).

    A short list renders as checkboxes in a labelled group; a long one as a list box tall
    enough to show several rows, with a hint on choosing more than one. The length is read
    when the widget renders, from the choices the form set (no extra query).
    """

    checkbox_template_name = "components/widgets/multi_checkbox.html"
    template_name = "components/widgets/multi_select.html"

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = (), *, checkboxes: bool = False):
        super().__init__(attrs, choices)
        self.checkboxes = checkboxes

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        count = sum(len(options) for _group, options, _index in context["widget"]["optgroups"])
        context["widget"]["as_checkboxes"] = self.checkboxes or count <= CHECKBOXES_UP_TO
        context["widget"]["count"] = count
        if not context["widget"]["as_checkboxes"]:
            widget_attrs = context["widget"]["attrs"]
            widget_attrs.setdefault("size", min(count, 8))
            hint = f"{widget_attrs.get('id', name)}_multi"
            widget_attrs["aria-describedby"] = f"{widget_attrs.get('aria-describedby', '')} {hint}".strip()
        return context

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        context = self.get_context(name, value, attrs)
        template_name = self.checkbox_template_name if context["widget"]["as_checkboxes"] else self.template_name
        return mark_safe((renderer or get_default_renderer()).render(template_name, context))


def empty_choice_label(form: forms.BaseForm, label: str) -> None:
    """Replace Django's "---------" blank choice of every choice field with `label`."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None and set(str(field.empty_label)) == {"-"}:
                field.empty_label = label
        elif hasattr(field, "empty_label"):
            # django-filter's choice field adds its blank (and null) choice when its choices are set.
            if field.empty_label is not None and set(str(field.empty_label)) == {"-"}:
                field.empty_label = label
                null_value = getattr(field, "null_value", None)
                field.choices = [c for c in field.choices if c[0] not in ("", null_value)]  # type: ignore[attr-defined]
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            choices = list(field.choices)  # type: ignore[arg-type]
            if choices and choices[0][0] in ("", None) and set(str(choices[0][1])) == {"-"}:
                field.choices = [("", label), *choices[1:]]


def multi_selects(form: forms.BaseForm) -> None:
    """Give every multiple choice field the MultiSelect widget, keeping its choices."""
    for field in form.fields.values():
        widget = field.widget
        multiple = isinstance(widget, (forms.SelectMultiple, forms.CheckboxSelectMultiple))
        if isinstance(widget, MultiSelect) or not multiple:
            continue
        attrs = {key: value for key, value in widget.attrs.items() if key != "size"}
        new = MultiSelect(attrs, checkboxes=isinstance(widget, forms.CheckboxSelectMultiple))
        new.choices = widget.choices
        new.is_required = widget.is_required
        field.widget = new


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs_html(attrs: dict[str, Any]) -> str:
    """What django/forms/widgets/attrs.html writes, autoescaped alike."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(out)


def select_html(widget: dict[str, Any]) -> str:
    """The markup of Django's select.html and select_option.html, written in Python.

    The templates include one template per option and per attribute list: a select of the 128
    communes of a province cost about 10 ms to render, on every list page with a unit filter
    (issue 19). The output is the same, character for character (khcn/core/tests/test_forms.py)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _group_index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs_html(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class KhcnFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if (
            template_name == SELECT_TEMPLATE
            and widget is not None
            and all(o["template_name"] == OPTION_TEMPLATE for _n, group, _i in widget["optgroups"] for o in group)
        ):
            return select_html(widget)
        return super().render(template_name, context, request)


def style_fields(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class (the markup lives in components/field.html)."""
    day_first_widgets(form)
    multi_selects(form)
    empty_choice_label(form, _("— Choose —"))
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            css = "form-check-input"  # each box or button of a choice list, not the list
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


def mark_invalid_fields(form: forms.BaseForm) -> None:
    """Add Bootstrap's `is-invalid` to the widgets of fields that failed validation."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


class StyledFormMixin:
    """Bootstrap classes on every widget, and the invalid state after validation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        mark_invalid_fields(self)  # type: ignore[arg-type]


class KhcnForm(StyledFormMixin, forms.Form):
    pass


class KhcnModelForm(StyledFormMixin, forms.ModelForm, metaclass=BoundedModelFormMetaclass):
    def clean(self) -> dict[str, Any]:
        """Store text in NFC (DOMAIN.md §9), whatever the keyboard sent."""
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str) and not isinstance(self.fields[name].widget, forms.PasswordInput):
                cleaned[name] = nfc(value)
        return cleaned


class VersionedModelForm(KhcnModelForm):
    """A model form carrying the version it was loaded at, for `versioned_save`."""

    loaded_version = form_version()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.version
        self.stale_current: Any = None

    def mark_stale(self, error: StaleObjectError) -> None:
        """Refuse the stale save without losing anything, and prepare a safe second save.

        Fields the user changed keep what they typed; fields they left alone take the value
        saved meanwhile by the other person (read from the version the user loaded, kept by
        django-simple-history), so saving again does not silently undo the other's work.
        Fields both people changed are named in the error and keep the user's input.
        """
        current = error.current
        self.stale_current = current
        loaded_version = self.cleaned_data.get("loaded_version")
        loaded = None
        history = getattr(current, "history", None)
        if history is not None and loaded_version:
            loaded = history.filter(version=loaded_version).order_by("-history_date").first()
        data = self.data.copy()  # type: ignore[attr-defined]
        data["loaded_version"] = str(current.version)
        conflicts = []
        for name, field in self.fields.items():
            if name == "loaded_version" or loaded is None or not hasattr(loaded, name):
                continue
            before = field.prepare_value(_plain(getattr(loaded, name)))
            mine = field.prepare_value(_plain(self.cleaned_data.get(name)))
            theirs = field.prepare_value(_plain(getattr(current, name)))
            if mine == before:
                data[name] = "" if theirs is None else theirs
            elif theirs != before and theirs != mine:
                conflicts.append(str(field.label))
        self.data = data
        self.stale_conflicts = conflicts
        self.add_error(None, error)
        if conflicts:
            self.add_error(
                None,
                _("Both of you changed: %(fields)s. Check these fields before saving again.")
                % {"fields": ", ".join(conflicts)},
            )


# The largest id a BigAutoField holds, on both databases.
ID_MAX = 2**63 - 1


def bound_number_filters(filterset: django_filters.FilterSet) -> None:
    """Keep every number filter of `filterset` within the 64-bit range of the database's ids.

    A number filter reads a Decimal; `?task=1e19` would reach the database as an integer
    SQLite cannot hold (OverflowError, a 500) instead of failing validation. Filters that set
    their own bounds keep them.
    """
    for filter_ in filterset.filters.values():
        if isinstance(filter_, django_filters.NumberFilter):
            filter_.extra.setdefault("min_value", -ID_MAX)
            filter_.extra.setdefault("max_value", ID_MAX)
            filter_.__dict__.pop("_field", None)


class KhcnFilterSet(django_filters.FilterSet):
    """The filters of a list page: Bootstrap widgets, bounded numbers, and a 400 for bad values.

    django-filter drops an invalid value and lists everything; a list that silently ignores
    what was asked for (a hand-edited `?round=abc`, a number out of range) answers 400 instead,
    as the API does.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_number_filters(self)

    @property
    def qs(self) -> Any:
        if self.is_bound and not self.form.is_valid():
            raise BadRequest(_("The list cannot be filtered by these values."))
        return super().qs

    @property
    def form(self) -> forms.Form:
        form = super().form
        if not getattr(form, "_khcn_styled", False):
            # In a filter, a blank choice means "any": say so rather than "choose".
            empty_choice_label(form, _("— All —"))
            style_fields(form)
            form._khcn_styled = True  # type: ignore[attr-defined]
        return form


# -- lists of check boxes and radio buttons, in Bootstrap's form-check markup ------------------


class CheckList(forms.CheckboxSelectMultiple):
    """Check boxes one under the other, each with its label (Bootstrap `form-check`)."""

    template_name = "components/choice_list.html"
    option_template_name = "components/choice_option.html"


class RadioList(forms.RadioSelect):
    """Radio buttons one under the other, none chosen unless the form says so."""

    template_name = "components/choice_list.html"
    option_template_name = "components/choice_option.html"
