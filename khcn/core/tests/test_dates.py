"""Every date field is typed and shown day first, dd/mm/yyyy (issue 13, defect 6)."""

from datetime import date, datetime
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

from khcn.core.forms import DateInput, KhcnForm, KhcnModelForm
from khcn.geo.models import AdminUnit
from khcn.research.views.common import parse_date


class MeetingForm(KhcnForm):
    day = forms.DateField(label="Ngày")
    # Declared with Django's own widgets, as a new form might: still day first.
    until = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.DateTimeField(label="Ngày giờ", required=False)


class UnitForm(KhcnModelForm):
    class Meta:
        model = AdminUnit
        fields = ["valid_from"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_form_reads_05_03_2026_as_the_fifth_of_march(language):
    with translation.override(language):
        form = MeetingForm(data={"day": "05/03/2026", "until": "06/03/2026", "starts_at": "05/03/2026 09:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 3, 5)
    assert form.cleaned_data["until"] == date(2026, 3, 6)
    assert form.cleaned_data["starts_at"].replace(tzinfo=None) == datetime(2026, 3, 5, 9, 30)


def test_a_form_still_reads_iso_dates():
    form = MeetingForm(data={"day": "2026-03-05"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 3, 5)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_form_shows_an_initial_date_as_05_03_2026_in_a_text_field(language):
    with translation.override(language):
        form = MeetingForm(initial={"day": date(2026, 3, 5), "until": date(2026, 3, 6)})
        day, until = str(form["day"]), str(form["until"])
    assert 'value="05/03/2026"' in day
    assert 'type="text"' in day and 'placeholder="dd/mm/yyyy"' in day
    assert 'value="06/03/2026"' in until and 'type="date"' not in until
    assert "form-control" in day


def test_a_date_time_field_is_shown_day_first():
    form = MeetingForm(initial={"starts_at": datetime(2026, 3, 5, 9, 30)})
    html = str(form["starts_at"])
    assert 'value="05/03/2026 09:30"' in html
    assert 'placeholder="dd/mm/yyyy hh:mm"' in html


def test_a_model_date_field_gets_the_day_first_widget():
    form = UnitForm(initial={"valid_from": date(2025, 7, 1)})
    assert isinstance(form.fields["valid_from"].widget, DateInput)
    assert 'value="01/07/2025"' in str(form["valid_from"])


def test_a_date_that_is_not_a_day_is_refused():
    form = MeetingForm(data={"day": "31/02/2026"})
    assert not form.is_valid()
    assert "day" in form.errors


def test_hand_written_date_fields_read_day_first_too():
    assert parse_date("05/03/2026") == date(2026, 3, 5)
    assert parse_date("2026-03-05") == date(2026, 3, 5)
    assert parse_date("03/05") is None


def test_no_template_uses_a_native_date_input():
    root = Path(settings.BASE_DIR)
    templates = [*root.glob("templates/**/*.html"), *root.glob("khcn/*/templates/**/*.html")]
    offending = [
        str(path.relative_to(root))
        for path in templates
        if any(kind in path.read_text(encoding="utf-8") for kind in ('type="date"', 'type="datetime-local"'))
    ]
    assert offending == []
