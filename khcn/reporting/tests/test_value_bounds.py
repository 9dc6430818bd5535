"""Issue 12, defects 1 and 2: no value outside its type's bounds is ever stored, on any channel.

For every value type, the inputs that once broke a report (numbers the column cannot hold)
or were stored while the page said they were not (a negative count, 101%, 5/0, …) go in
through the report page, the API and a workbook import. Each is refused with its message
(a 400 or the page's 422, never a 500), the value stored before stays as it was, and the
report page, its .docx and .pdf, its API detail, the filled workbook and the drill-down
still answer 200. Run on PostgreSQL too (`scripts/with-postgres.sh`).
"""

import html
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import DataError, connection, transaction
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from khcn.core.models import Job
from khcn.core.numbers import VALUE_LIMIT
from khcn.programs.models import Aggregation, ValueType
from khcn.programs.tests.factories import FormIndicatorFactory, IndicatorFactory
from khcn.reporting import excel, selectors, services
from khcn.reporting.models import Report, Value
from khcn.reporting.validation import Entry, validate

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

TOO_LARGE = ["1e309", "-1e309", "9" * 25, "1e17", "99999999999999999"]
# What each type is given first (and must keep), and what it must refuse.
GOOD: dict[str, Entry] = {
    ValueType.PERCENT: Entry(value="50"),
    ValueType.COUNT: Entry(value="7"),
    ValueType.MONEY: Entry(value="1.000"),
    ValueType.RATIO: Entry(numerator="5", denominator="18"),
    ValueType.BOOLEAN: Entry(value="1"),
    ValueType.DATE: Entry(value="30/06/2026"),
    ValueType.TEXT: Entry(value="Ổn định"),
}
BAD: dict[str, list[Entry]] = {
    ValueType.PERCENT: [Entry(value=v) for v in [*TOO_LARGE, "101", "-1", "1,234.5", "1,23.4"]],
    ValueType.COUNT: [Entry(value=v) for v in [*TOO_LARGE, "-5", "1,234.5", "2,5"]],
    ValueType.MONEY: [Entry(value=v) for v in [*TOO_LARGE, "-5", "-0,5", "1.23,4"]],
    ValueType.RATIO: [
        *[Entry(numerator=v, denominator="18") for v in TOO_LARGE],
        *[Entry(numerator="5", denominator=v) for v in TOO_LARGE],
        Entry(numerator="5", denominator="0"),
        Entry(numerator="19", denominator="18"),
        Entry(numerator="-1", denominator="5"),
        Entry(numerator="1,5", denominator="18"),
    ],
    ValueType.BOOLEAN: [Entry(value=v) for v in [*TOO_LARGE, "có lẽ"]],
    ValueType.DATE: [Entry(value=v) for v in [*TOO_LARGE, "31/02/2026"]],
    ValueType.TEXT: [],  # any text is a text; see test_numbers_typed_in_a_text_are_kept_as_text
}
CHANNELS = ["page", "api", "workbook"]


@pytest.fixture
def typed(program, form) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """One indicator of every value type on the test form (the fixture lacks dates and texts)."""
    by_type = {ind.value_type: ind for ind in (fi.indicator for fi in form.items.select_related("indicator"))}
    group = by_type[ValueType.COUNT].group
    for vt, code in ((ValueType.DATE, "B1"), (ValueType.TEXT, "B2")):
        ind = IndicatorFactory(program=program, group=group, code=code, value_type=vt, aggregation=Aggregation.NONE)
        FormIndicatorFactory(form=form, indicator=ind, required=False)
        by_type[vt] = ind
    by_type[ValueType.PERCENT] = form.items.get(indicator__code="A4").indicator  # unweighted
    return by_type


@pytest.fixture
def report(period, officer_a, ward_a, time_machine) -> Report:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 12, 1, 9, tzinfo=HANOI), tick=False)
    return services.report_open(period=period, unit=ward_a, user=officer_a)


def _save(report: Report, user: Any, ind: Any, entry: Entry) -> None:
    report.refresh_from_db()
    outcome = services.report_save(
        report=report, user=user, entries={ind.pk: entry}, sections={}, expected_version=report.version, submit=False
    )
    assert outcome.ok, outcome.errors


def _stored(report: Report, ind: Any) -> tuple[Any, ...]:
    v = Value.objects.get(report=report, indicator=ind)
    return (v.number, v.numerator, v.denominator, v.flag, v.date_value, v.text)


def _messages(report: Report, ind: Any, entry: Entry) -> list[str]:
    """What the one set of rules says about the entry: every channel must show this."""
    items = selectors.form_items(period=report.period)
    outcome = validate(items=items, entries={ind.pk: entry}, rules=[], previous={}, strict=False)
    return [p.message for p in outcome.errors.get(ind.pk, [])]


def _no_number_out_of_bounds() -> None:
    """Read the columns as the database holds them, not through the model's converters."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT number, numerator, denominator FROM reporting_value")
        for row in cursor.fetchall():
            for x in row:
                assert x is None or abs(Decimal(str(x))) < VALUE_LIMIT, row


def _through_page(client: Any, report: Report, ind: Any, entry: Entry) -> tuple[int, str]:
    report.refresh_from_db()
    data = {
        "action": "save",
        "loaded_version": report.version,
        f"v-{ind.pk}": entry.value,
        f"n-{ind.pk}": entry.numerator,
        f"d-{ind.pk}": entry.denominator,
    }
    response = client.post(reverse("reporting:report_save", args=[report.pk]), data)
    return response.status_code, response.content.decode()


def _through_api(client: Any, report: Report, ind: Any, entry: Entry) -> tuple[int, str]:
    report.refresh_from_db()
    body = {"version": report.version, "values": {ind.code: entry.__dict__}}
    response = client.post(f"/api/v1/reports/{report.pk}/save/", body, content_type="application/json")
    if response.status_code == 400:
        return 400, " ".join(e["message"] for e in response.json()["errors"][ind.code])
    return response.status_code, response.content.decode()


def _cell(text: str) -> Any:
    """A number as Excel keeps a typed number (a float), else the text as typed."""
    try:
        number = float(text)
    except ValueError:
        return text
    return number if abs(number) != float("inf") else text


def _through_workbook(client: Any, report: Report, ind: Any, entry: Entry) -> tuple[int, str]:
    if not hasattr(client, "blank_workbook"):  # one export per test: it lists 126 units
        client.blank_workbook = excel.workbook_export(period=report.period, user=client.user, filled=False)
    wb = load_workbook(BytesIO(client.blank_workbook))
    cell = _cell if ind.value_type != ValueType.TEXT else str
    for row in wb["Số liệu"].iter_rows(min_row=2):
        if row[0].value == report.unit.code and row[2].value == ind.code:
            row[6].value = cell(entry.value) if entry.value else None
            row[7].value = cell(entry.numerator) if entry.numerator else None
            row[8].value = cell(entry.denominator) if entry.denominator else None
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "so-lieu.xlsx"
    # The import is a background job queued on commit; the page then shows how it went.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("reporting:period_import", args=[report.period.pk]), {"file": buffer})
    if response.status_code != 302:
        return response.status_code, response.content.decode()
    page = client.get(response.url).content.decode()
    job = Job.objects.order_by("-pk").first()
    assert job is not None and job.is_finished
    return (422 if job.errors else 302), page


def _as_read(channel: str, entry: Entry) -> Entry:
    """What the rules are given: a workbook cell holding a number reads as that number."""
    if channel != "workbook":
        return entry
    return Entry(
        value=excel._text(_cell(entry.value)),
        numerator=excel._text(_cell(entry.numerator)),
        denominator=excel._text(_cell(entry.denominator)),
    )


THROUGH = {"page": _through_page, "api": _through_api, "workbook": _through_workbook}


def _assert_report_still_answers(client: Any, dept_client: Any, report: Report, ind: Any) -> None:
    period = report.period
    for url in (
        reverse("reporting:report_detail", args=[report.pk]),
        reverse("reporting:report_docx", args=[report.pk]),
        reverse("reporting:report_pdf", args=[report.pk]),
        f"/api/v1/reports/{report.pk}/",
        reverse("reporting:period_workbook", args=[period.pk]) + "?filled=1",
    ):
        assert client.get(url).status_code == 200, url
    for url in (
        reverse("reporting:indicator_breakdown", args=[period.pk, ind.pk]),
        reverse("reporting:period_aggregate", args=[period.pk]),
    ):
        assert dept_client.get(url).status_code == 200, url


@pytest.fixture
def clients(client, officer_a, dept_officer):  # type: ignore[no-untyped-def]
    from django.test import Client

    client.force_login(officer_a)
    client.user = officer_a
    dept = Client()
    dept.force_login(dept_officer)
    return client, dept


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("value_type", [vt for vt in ValueType if BAD[vt]])
def test_out_of_bounds_values_are_refused_with_a_message_and_never_stored(
    channel, value_type, typed, report, officer_a, clients
):
    client, dept = clients
    ind = typed[value_type]
    _save(report, officer_a, ind, GOOD[value_type])
    kept = _stored(report, ind)
    for entry in BAD[value_type]:
        messages = _messages(report, ind, _as_read(channel, entry))
        assert messages, f"the rules must refuse {entry}"
        status, body = THROUGH[channel](client, report, ind, entry)
        assert status in (400, 422), (entry, status)
        for message in messages:
            assert html.escape(message) in body or message in body, (entry, message)
        assert _stored(report, ind) == kept, entry
        _no_number_out_of_bounds()
    _assert_report_still_answers(client, dept, report, ind)


@pytest.mark.parametrize("channel", CHANNELS)
def test_numbers_typed_in_a_text_are_kept_as_text(channel, typed, report, officer_a, clients):
    client, dept = clients
    ind = typed[ValueType.TEXT]
    for text in TOO_LARGE:
        status, _body = THROUGH[channel](client, report, ind, Entry(value=text))
        assert status in (200, 302), (text, status)
        assert _stored(report, ind)[5] == text
    _no_number_out_of_bounds()
    _assert_report_still_answers(client, dept, report, ind)


@pytest.mark.parametrize("channel", CHANNELS)
def test_english_thousands_are_read_as_typed(channel, typed, report, clients):
    """ "1,234.5" was stored as 1,2345; it is one thousand two hundred and thirty-four and a half."""
    client, _dept = clients
    ind = typed[ValueType.MONEY]
    status, _body = THROUGH[channel](client, report, ind, Entry(value="1,234.5"))
    assert status in (200, 302)
    assert _stored(report, ind)[0] == Decimal("1234.5")


def test_a_failed_draft_keeps_what_was_typed_and_saves_the_valid_values(typed, report, officer_a, clients):
    client, _dept = clients
    count, money = typed[ValueType.COUNT], typed[ValueType.MONEY]
    data = {"action": "save", "loaded_version": report.version, f"v-{count.pk}": "-5", f"v-{money.pk}": "2.500"}
    response = client.post(reverse("reporting:report_save", args=[report.pk]), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert 'value="-5"' in body and _messages(report, count, Entry(value="-5"))[0] in body
    assert not Value.objects.filter(report=report, indicator=count).exists()
    assert Value.objects.get(report=report, indicator=money).number == 2500


GARBAGE = ["1e309", "-1e309", "1e17", "9" * 25]


@pytest.mark.parametrize("garbage", GARBAGE)
@pytest.mark.parametrize(("value_type", "column"), [(ValueType.MONEY, "number"), (ValueType.RATIO, "denominator")])
def test_a_number_stored_out_of_bounds_before_the_fix_does_not_break_the_report(
    garbage, value_type, column, typed, report, officer_a, clients
):
    """Only SQLite lets such a number in; it must read as empty so the unit can type it again.
    PostgreSQL refuses it outright."""
    client, dept = clients
    ind = typed[value_type]
    _save(report, officer_a, ind, GOOD[value_type])
    value = Value.objects.get(report=report, indicator=ind)
    if connection.vendor == "postgresql":
        with pytest.raises(DataError), transaction.atomic():
            Value.objects.filter(pk=value.pk).update(**{column: Decimal(garbage)})
        return
    with connection.cursor() as cursor:  # as an older release wrote it
        cursor.execute(f"UPDATE reporting_value SET {column} = %s WHERE id = %s", [float(garbage), value.pk])
    assert getattr(Value.objects.get(pk=value.pk), column) is None
    _assert_report_still_answers(client, dept, report, ind)
    _save(report, officer_a, ind, GOOD[value_type])
    _no_number_out_of_bounds()


def test_a_total_over_the_column_may_exceed_what_one_value_holds(typed, report, officer_a, period, ward_b, officer_b):
    """Only a single stored value out of bounds reads as empty; a city total of large values is kept."""
    from django.db.models import Sum

    ind = typed[ValueType.MONEY]
    _save(report, officer_a, ind, Entry(value="9.000.000.000.000.000"))
    other = services.report_open(period=period, unit=ward_b, user=officer_b)
    _save(other, officer_b, ind, Entry(value="9.000.000.000.000.000"))
    total = Value.objects.filter(indicator=ind).aggregate(total=Sum("number"))["total"]
    assert total == Decimal("18000000000000000")
