"""Choice fields read as Vietnamese prompts and multiple choices look like choices (defect 13)."""

import pytest
from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from khcn.core.forms import CHECKBOXES_UP_TO, KhcnFilterSet, KhcnForm, KhcnModelForm, MultiSelect
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


class OrganisationForm(KhcnModelForm):
    class Meta:
        model = Organisation
        fields = ["kind", "unit"]


class OrganisationFilter(KhcnFilterSet):
    class Meta:
        model = Organisation
        fields = ["kind", "unit"]


class PickForm(KhcnForm):
    few = forms.MultipleChoiceField(label="Ít", choices=[(str(i), f"Lựa chọn {i}") for i in range(3)])
    many = forms.MultipleChoiceField(
        label="Nhiều", required=False, choices=[(str(i), f"Mục {i}") for i in range(CHECKBOXES_UP_TO + 5)]
    )
    units = forms.ModelMultipleChoiceField(label="Đơn vị", queryset=AdminUnit.objects.none(), required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Set after the form's own setup, as real forms scope their choices.
        self.fields["units"].queryset = AdminUnit.objects.filter(registry_key="P:01")


def test_a_form_prompts_to_choose_instead_of_dashes():
    with translation.override("vi"):
        html = str(OrganisationForm())
    assert "---------" not in html
    assert html.count("— Chọn —") == 2  # the kind (model choices) and the unit (a model choice)


def test_a_filter_says_all_for_its_blank_choice():
    with translation.override("vi"):
        html = str(OrganisationFilter(data={}).form)
    assert "---------" not in html and "— Chọn —" not in html
    assert html.count("— Tất cả —") == 2


def test_a_short_multiple_choice_is_a_group_of_checkboxes():
    html = str(PickForm()["few"])
    assert "<select" not in html
    assert html.count('type="checkbox"') == 3
    assert 'role="group"' in html and 'aria-labelledby="id_few_label"' in html
    assert '<label class="form-check-label" for="id_few_0">Lựa chọn 0</label>' in html


def test_a_checked_choice_stays_checked_after_an_error():
    form = PickForm(data={"few": ["1"], "many": ["99"]})
    assert not form.is_valid()
    html = str(form["few"])
    assert 'value="1" id="id_few_1" checked' in html


def test_a_long_multiple_choice_is_a_tall_list_box_with_a_hint():
    with translation.override("vi"):
        html = str(PickForm()["many"])
    assert "<select" in html and "multiple" in html and 'size="8"' in html
    assert 'aria-describedby="id_many_multi"' in html
    assert "giữ phím Ctrl" in html


def test_a_model_multiple_choice_scoped_after_setup_keeps_its_choices():
    form = PickForm()
    assert isinstance(form.fields["units"].widget, MultiSelect)
    html = str(form["units"])
    assert 'type="checkbox"' in html and "Hà Nội" in html


def test_a_declared_checkbox_list_stays_checkboxes_whatever_its_length():
    class Declared(KhcnForm):
        levels = forms.MultipleChoiceField(
            choices=[(str(i), str(i)) for i in range(CHECKBOXES_UP_TO + 3)], widget=forms.CheckboxSelectMultiple
        )

    html = str(Declared()["levels"])
    assert "<select" not in html and 'class="form-check-input"' in html and "form-select" not in html


def test_organisation_kind_choices_are_unchanged_for_a_bound_form(ward_a):
    form = OrganisationForm(data={"kind": OrganisationKind.ENTERPRISE, "unit": ward_a.pk})
    assert form.is_valid(), form.errors


# ---- selects written in Python (issue 19): the same markup as Django's templates ----


def _both(widget: forms.Widget, name: str, value: object) -> tuple[str, str]:
    from django.forms.renderers import TemplatesSetting

    from khcn.core.forms import KhcnFormRenderer

    context = widget.get_context(name, value, {"id": f"id_{name}", "class": "form-select"})
    fast = KhcnFormRenderer().render("django/forms/widgets/select.html", context)
    slow = TemplatesSetting().render("django/forms/widgets/select.html", context)
    return fast, slow


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=[("", "— Chọn —"), (1, "Xã Mê Linh"), (2, 'Phường "A" & <B>')]), 2),
        (forms.Select(choices=[(None, "—"), ("x", mark_safe("<b>đậm</b>"))]), None),
        (
            forms.Select(choices=[("Hà Nội", [(1, "Ba Đình"), (2, "Hoàn Kiếm")]), ("Huế", [(3, "Thuận Hóa")])]),
            "3",
        ),
        (forms.SelectMultiple(choices=[(1, "một"), (2, "hai"), (3, "ba")], attrs={"disabled": True}), [1, 3]),
        (forms.NullBooleanSelect(), True),
        (forms.Select(choices=[("a", gettext_lazy("Draft"))], attrs={"data-x": False, "required": True}), "a"),
    ],
)
def test_python_select_writes_what_djangos_templates_write(widget, value):  # type: ignore[no-untyped-def]
    fast, slow = _both(widget, "unit", value)
    assert fast == slow
    assert fast.startswith('<select name="unit"') and ' id="id_unit" ' in fast and fast.endswith("</select>")
