"""Indicators bound to a count over records: the report form shows the count beside the typed
figure and flags a difference, without blocking submission (issue 14, item 7)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khcn.products.models import IpKind, IpStage
from khcn.products.tests.factories import IpAssetFactory
from khcn.reporting.models import ReportStatus
from khcn.reporting.tests.helpers import entries, fill
from khcn.reporting.validation import Entry

pytestmark = pytest.mark.django_db
MARKS = "products.collective_marks_granted"


@pytest.fixture(autouse=True)
def _open_period():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


@pytest.fixture
def two_marks(ward_a):  # type: ignore[no-untyped-def]
    for n in range(2):
        IpAssetFactory.create(
            unit=ward_a,
            name=f"Nhãn hiệu {n}",
            kind=IpKind.COLLECTIVE_MARK,
            stage=IpStage.GRANTED,
            stage_since=date(2026, 5, 1),
            granted_on=date(2026, 5, 1),
        )


def _bind(indicator, source: str = MARKS) -> None:  # type: ignore[no-untyped-def]
    indicator.record_source = source
    indicator.save()


def _page(client, report) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()


def test_a_bound_indicator_shows_the_count_and_flags_a_difference(
    client, period, indicators, officer_a, dept_officer, ward_a, two_marks
):
    _bind(indicators["on_time"])
    values = entries(indicators, on_time=Entry(value="3"), received=Entry(value="5"))
    report = fill(period=period, unit=ward_a, user=officer_a, values=values, submit=True)
    assert report.status == ReportStatus.SUBMITTED, "a difference never blocks submission"
    client.force_login(officer_a)
    page = _page(client, report)
    assert "Từ dữ liệu: <strong>2</strong>" in page
    assert f'id="differs-{indicators["on_time"].pk}"' in page
    assert "Khác với số đếm từ dữ liệu của đơn vị (2)" in page
    assert f'id="differs-{indicators["received"].pk}"' not in page, "an unbound indicator is unchanged"
    assert page.count("Từ dữ liệu:") == 1
    client.force_login(dept_officer)
    review = _page(client, report)
    assert 'id="review-differs"' in review and "(3 / 2)" in review


def test_a_figure_equal_to_the_count_is_not_flagged(client, period, indicators, officer_a, ward_a, two_marks):
    _bind(indicators["on_time"])
    values = entries(indicators, on_time=Entry(value="2"))
    report = fill(period=period, unit=ward_a, user=officer_a, values=values, submit=False)
    client.force_login(officer_a)
    page = _page(client, report)
    assert "Từ dữ liệu: <strong>2</strong>" in page
    assert "record-differs" not in page


def test_another_units_records_are_not_counted(client, period, indicators, officer_b, ward_b, two_marks):
    _bind(indicators["on_time"])
    report = fill(period=period, unit=ward_b, user=officer_b, values=entries(indicators), submit=False)
    client.force_login(officer_b)
    page = _page(client, report)
    assert "Từ dữ liệu: <strong>0</strong>" in page
    pk = indicators["on_time"].pk
    assert f'id="v-{pk}" value="1.150" inputmode="decimal" aria-describedby="differs-{pk}"' in page, (
        "the note is read with the field"
    )


def _queries(client, report) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("reporting:report_detail", args=[report.pk])).status_code == 200
    return len(captured)


def test_the_form_costs_no_more_queries_with_more_bound_indicators(
    client, period, indicators, officer_a, ward_a, two_marks
):
    report = fill(period=period, unit=ward_a, user=officer_a, values=entries(indicators), submit=False)
    client.force_login(officer_a)
    _bind(indicators["on_time"])
    _queries(client, report)
    one = _queries(client, report)
    _bind(indicators["received"])
    two = _queries(client, report)
    assert two == one
