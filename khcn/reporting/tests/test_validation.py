from decimal import Decimal

import pytest

from khcn.core.numbers import NumberError
from khcn.reporting.validation import Entry, parse_number, validate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234", "1234"),
        ("1.234,5", "1234.5"),
        ("87", "87"),
        ("87,5", "87.5"),
        ("87.5", "87.5"),
        ("87%", "87"),
        (" 12 000 ", "12000"),
        ("1.234.567", "1234567"),
    ],
)
def test_numbers_are_read_the_vietnamese_way(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", "1234.5"),
        ("1,234,567", "1234567"),
        ("12,345,678.25", "12345678.25"),
        ("-1.234,5", "-1234.5"),
        ("1,234", "1.234"),  # a lone comma is the Vietnamese decimal comma
        ("0,12345", "0.1235"),  # rounded to 4 decimals, half away from zero
        ("9.999.999.999.999.999,9999", "9999999999999999.9999"),
    ],
)
def test_english_order_and_rounding_are_read_as_stated(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "NaN", "inf", "", "1e17", "1e309", "-1e309", "1,5.3"])
def test_garbage_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text", ["1,23.4", "1.23,4", "1.2,3.4", "12.34,5"])
def test_text_mixing_separators_ambiguously_is_refused_with_its_own_message(text):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert caught.value.code == "number_ambiguous" and text in caught.value.message


@pytest.mark.parametrize("text", ["9" * 25, "99999999999999999", "10.000.000.000.000.000", "-10000000000000000"])
def test_numbers_the_column_cannot_hold_are_refused(text):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert caught.value.code == "number_too_large"


def _items(form):
    return [(fi.indicator, fi.required) for fi in form.items.select_related("indicator")]


def _codes(outcome, indicators):
    by_id = {i.pk: code for code, i in indicators.items()}
    return {by_id[iid]: [p.code for p in problems] for iid, problems in outcome.errors.items()}


def test_each_type_is_checked_with_a_clear_code(form, indicators):
    entries = {
        indicators["received"].pk: Entry(value="10,5"),
        indicators["on_time"].pk: Entry(value="-1"),
        indicators["rate"].pk: Entry(value="120"),
        indicators["cashless"].pk: Entry(value="abc"),
        indicators["radios"].pk: Entry(numerator="20", denominator="18"),
        indicators["plan"].pk: Entry(value="maybe"),
        indicators["budget"].pk: Entry(value="-5"),
    }
    outcome = validate(items=_items(form), entries=entries, rules=[], previous={}, strict=False)
    assert _codes(outcome, indicators) == {
        "received": ["count"],
        "on_time": ["count"],
        "rate": ["percent_range"],
        "cashless": ["number"],
        "radios": ["ratio_order"],
        "plan": ["boolean"],
        "budget": ["money"],
    }
    message = outcome.errors[indicators["radios"].pk][0].message
    assert "20 > 18" in message


def test_ratio_needs_both_numbers(form, indicators):
    entries = {indicators["radios"].pk: Entry(numerator="5")}
    outcome = validate(items=_items(form), entries=entries, rules=[], previous={}, strict=False)
    assert [p.code for p in outcome.errors[indicators["radios"].pk]] == ["ratio_both"]


def test_required_values_only_block_submission(form, indicators):
    draft = validate(items=_items(form), entries={}, rules=[], previous={}, strict=False)
    assert draft.ok
    strict = validate(items=_items(form), entries={}, rules=[], previous={}, strict=True)
    assert set(_codes(strict, indicators)) == {"received", "on_time", "rate", "cashless", "radios", "plan"}


def test_cross_rule_on_time_cannot_exceed_received(form, indicators):
    entries = {indicators["received"].pk: Entry(value="100"), indicators["on_time"].pk: Entry(value="101")}
    outcome = validate(items=_items(form), entries=entries, rules=list(form.rules.all()), previous={}, strict=True)
    assert outcome.errors[indicators["on_time"].pk][0].message == "Số đúng hạn không thể lớn hơn số tiếp nhận."


def test_cross_rule_only_warns_in_a_draft_and_both_values_are_kept(form, indicators):
    """Each value passes its own checks; the rule between them waits for submission."""
    entries = {indicators["received"].pk: Entry(value="100"), indicators["on_time"].pk: Entry(value="101")}
    outcome = validate(items=_items(form), entries=entries, rules=list(form.rules.all()), previous={}, strict=False)
    assert outcome.ok
    assert [p.code for p in outcome.warnings[indicators["on_time"].pk]] == ["cross_rule"]
    assert outcome.parsed[indicators["on_time"].pk].number == 101


def test_big_jump_warns_on_draft_and_needs_explanation_to_submit(form, indicators):
    ind = indicators["received"]
    previous = {ind.pk: Decimal(100)}
    entries = {ind.pk: Entry(value="400")}
    draft = validate(items=[(ind, True)], entries=entries, rules=[], previous=previous, strict=False)
    assert draft.ok and [p.code for p in draft.warnings[ind.pk]] == ["jump"]
    strict = validate(items=[(ind, True)], entries=entries, rules=[], previous=previous, strict=True)
    assert [p.code for p in strict.errors[ind.pk]] == ["jump_unexplained"]
    explained = {ind.pk: Entry(value="400", explanation="Sáp nhập thêm 3 xã.")}
    ok = validate(items=[(ind, True)], entries=explained, rules=[], previous=previous, strict=True)
    assert ok.ok and ok.warnings[ind.pk]


def test_small_change_needs_no_explanation(form, indicators):
    ind = indicators["received"]
    outcome = validate(
        items=[(ind, True)],
        entries={ind.pk: Entry(value="120")},
        rules=[],
        previous={ind.pk: Decimal(100)},
        strict=True,
    )
    assert outcome.ok and not outcome.warnings


@pytest.mark.parametrize("number", ["0", "5", "1234", "1234567.25", "87.5", "-12.5", "0.0001"])
def test_input_format_round_trips_whatever_the_language(number):
    from django.utils import translation

    from khcn.reporting.formatting import input_number

    for language in ("vi", "en"):
        with translation.override(language):
            assert parse_number(input_number(Decimal(number))) == Decimal(number)


def test_a_value_failing_its_own_checks_is_never_among_those_to_store(form, indicators):
    """Issue 12, defect 2: report_save stores `parsed`; a refused value must not be in it."""
    entries = {
        indicators["received"].pk: Entry(value="-5"),
        indicators["rate"].pk: Entry(value="101"),
        indicators["radios"].pk: Entry(numerator="5", denominator="0"),
        indicators["budget"].pk: Entry(value="1e17"),
        indicators["cashless"].pk: Entry(value="87"),
    }
    outcome = validate(items=_items(form), entries=entries, rules=[], previous={}, strict=False)
    refused = {indicators[k].pk for k in ("received", "rate", "radios", "budget")}
    assert set(outcome.errors) == refused
    assert not refused & set(outcome.parsed)
    assert outcome.parsed[indicators["cashless"].pk].number == 87
