"""One report raises a bounded number of follow-up items (issue 12, defect 6).

A report's "requests and proposals" section becomes one item per line when it is submitted;
3,000 lines once made 3,000 items in one request. Past KHCN_MAX_ITEMS_PER_REPORT the
submission is refused, where the unit can merge lines, and nothing is created.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khcn.meetings.models import FollowUp
from khcn.meetings.services import TOO_MANY_REQUESTS, followups_from_report_requests
from khcn.programs.models import SectionKey
from khcn.reporting import services
from khcn.reporting.models import Report, ReportStatus
from khcn.reporting.tests.helpers import entries

pytestmark = pytest.mark.django_db


def _lines(count: int) -> str:
    return "\n".join(f"- Kiến nghị hỗ trợ số {n}" for n in range(1, count + 1))


def _save(report: Report, user, indicators, *, requests: str, submit: bool = True):  # type: ignore[no-untyped-def]
    report.refresh_from_db()
    return services.report_save(
        report=report,
        user=user,
        entries=entries(indicators),
        sections={SectionKey.REQUESTS: requests},
        expected_version=report.version,
        submit=submit,
    )


def test_a_report_with_3000_requests_is_refused_and_creates_nothing(period, officer_a, ward_a, indicators):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    with pytest.raises(ValidationError) as refused:
        _save(report, officer_a, indicators, requests=_lines(3000))
    assert refused.value.code == TOO_MANY_REQUESTS
    assert refused.value.messages == [
        "Mục “Kiến nghị, đề xuất” có 3000 kiến nghị; mỗi báo cáo chỉ nêu tối đa 100 kiến nghị. "
        "Hãy gộp các kiến nghị liên quan vào một dòng rồi gửi lại."
    ]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not FollowUp.objects.exists()


def test_the_limit_is_the_setting_and_counts_distinct_request_lines(period, officer_a, ward_a, indicators, settings):
    settings.KHCN_MAX_ITEMS_PER_REPORT = 5
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    with pytest.raises(ValidationError):
        _save(report, officer_a, indicators, requests=_lines(6))
    repeated = _lines(5) + "\n" + _lines(5) + "\n\n- ok\n"  # repeats and too-short lines make no item
    assert _save(report, officer_a, indicators, requests=repeated).ok
    assert FollowUp.objects.filter(source_report=report).count() == 5


def test_a_draft_may_hold_more_lines_while_the_unit_works_on_them(period, officer_a, ward_a, indicators):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    assert _save(report, officer_a, indicators, requests=_lines(3000), submit=False).ok
    assert report.sections.get(key=SectionKey.REQUESTS).text.count("\n") == 2999
    assert not FollowUp.objects.exists()


def test_the_item_service_refuses_too_many_lines_itself(period, officer_a, ward_a):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    with pytest.raises(ValidationError):
        followups_from_report_requests(report=report, text=_lines(101), user=officer_a)
    assert not FollowUp.objects.exists()


def test_the_page_shows_the_refusal_and_keeps_what_was_typed(client, period, officer_a, ward_a, indicators):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    client.force_login(officer_a)
    data = {
        "loaded_version": report.version,
        "action": "submit",
        f"v-{indicators['received'].pk}": "1.200",
        f"v-{indicators['on_time'].pk}": "1.150",
        f"v-{indicators['rate'].pk}": "95,8",
        f"v-{indicators['cashless'].pk}": "87",
        f"n-{indicators['radios'].pk}": "5",
        f"d-{indicators['radios'].pk}": "18",
        f"v-{indicators['plan'].pk}": "1",
        f"s-{SectionKey.REQUESTS}": _lines(150),
    }
    response = client.post(reverse("reporting:report_save", args=[report.pk]), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "có 150 kiến nghị; mỗi báo cáo chỉ nêu tối đa 100 kiến nghị" in body
    assert "Kiến nghị hỗ trợ số 150" in body  # the text is shown back, to be merged
    assert not FollowUp.objects.exists()


def test_the_api_answers_400_with_the_message(client, period, officer_a, ward_a):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    client.force_login(officer_a)
    response = client.post(
        f"/api/v1/reports/{report.pk}/save/",
        {"version": report.version, "values": {}, "submit": True, "sections": {"requests": _lines(101)}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_requests"  # the wording: the API's language
    assert not FollowUp.objects.exists()
