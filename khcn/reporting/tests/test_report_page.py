"""The report page: who sees the form, who sees the review, and why a report came back."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from khcn.reporting import services
from khcn.reporting.tests.helpers import entries, fill

pytestmark = pytest.mark.django_db

REASON = "Đề nghị giải thích số hồ sơ trực tuyến tiếp nhận (chỉ tiêu A1)."


@pytest.fixture
def returned(period, officer_a, dept_officer, ward_a, indicators):
    """Ward A's report, submitted and returned by the Department officer on 22/06/2026 at 09:30."""
    report = fill(period=period, unit=ward_a, user=officer_a, values=entries(indicators), submit=True)
    dept_officer.full_name = "Phạm Thu Hà"
    dept_officer.save()
    with time_machine.travel(datetime(2026, 6, 22, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        services.report_return(report=report, user=dept_officer, message=REASON)
    report.refresh_from_db()
    return report


def _top(page: str) -> str:
    """The page above the first indicator: what a reader sees before scrolling."""
    return page.split('class="report-values"')[0]


@pytest.mark.parametrize("who", ["officer_a", "dept_officer"])
def test_returned_report_shows_reason_and_reviewer_at_the_top(client, returned, who, request):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("reporting:report_detail", args=[returned.pk])).content.decode()
    top = _top(page)
    assert 'id="return-notice"' in top
    assert "Sở đã trả lại báo cáo này để chỉnh sửa" in top
    assert REASON in top
    assert "Phạm Thu Hà" in top and "09:30 22/06/2026" in top


def test_no_return_notice_once_the_report_is_submitted_again(client, returned, officer_a, indicators):
    services.report_save(
        report=returned,
        user=officer_a,
        entries=entries(indicators),
        sections={},
        expected_version=returned.version,
        submit=True,
    )
    client.force_login(officer_a)
    page = client.get(reverse("reporting:report_detail", args=[returned.pk])).content.decode()
    assert 'id="return-notice"' not in page
    assert REASON in page, "the reason stays in the timeline"


def test_department_sees_the_review_view_of_a_returned_report_never_the_units_form(client, returned, dept_officer):
    client.force_login(dept_officer)
    page = client.get(reverse("reporting:report_detail", args=[returned.pk])).content.decode()
    assert 'id="report-form"' not in page
    assert 'value="submit"' not in page and "Gửi Sở" not in page
    assert 'id="review"' in page
    assert "Đã trả lại đơn vị; đang chờ đơn vị chỉnh sửa và gửi lại." in page


def test_unit_alone_gets_the_editable_form(client, returned, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("reporting:report_detail", args=[returned.pk])).content.decode()
    assert 'id="report-form"' in page and 'value="submit"' in page
    assert 'id="review"' not in page
