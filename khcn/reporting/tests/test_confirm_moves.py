"""Issue 13, defect 7: "Gửi Sở", "Phê duyệt" and "Ký duyệt" ask before they lock the report.

The first post shows the question (the draft is saved first, so nothing typed is lost); the
question's button posts the same fields again with `confirmed=1`. No JavaScript is needed.
"""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from khcn.reporting.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(client, period, officer_a, ward_a, indicators, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 3, tzinfo=UTC))
    client.force_login(officer_a)
    client.post(reverse("reporting:report_open", args=[period.pk, ward_a.pk]))
    report = Report.objects.get(period=period, unit=ward_a)
    data = {
        "action": "submit",
        f"v-{indicators['received'].pk}": "1.200",
        f"v-{indicators['on_time'].pk}": "1.150",
        f"v-{indicators['rate'].pk}": "95,8",
        f"v-{indicators['cashless'].pk}": "87",
        f"n-{indicators['radios'].pk}": "5",
        f"d-{indicators['radios'].pk}": "18",
        f"v-{indicators['plan'].pk}": "1",
        "s-difficulties": "Thiếu nhân lực chuyển đổi số.",
    }
    return report, data


def _confirm_fields(body: str) -> dict[str, str]:
    import re

    form = body[body.index("narrow-card") :]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


def test_submit_asks_first_keeps_the_draft_and_submits_once_confirmed(client, filled):
    report, data = filled
    asked = client.post(reverse("reporting:report_save", args=[report.pk]), {**data, "loaded_version": report.version})
    body = asked.content.decode()
    assert asked.status_code == 200 and "Gửi báo cáo cho Sở?" in body and "Đồng ý, gửi Sở" in body
    assert "onclick" not in body and "<script" not in body.split("<main", 1)[-1], "no inline script"
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT, "asking submits nothing"
    assert report.values.count() >= 6, "the draft was saved before asking"
    fields = _confirm_fields(body)
    assert fields["confirmed"] == "1" and fields["action"] == "submit"
    assert fields["loaded_version"] == str(report.version), "the version the draft save left"
    assert fields["s-difficulties"] == "Thiếu nhân lực chuyển đổi số."

    done = client.post(reverse("reporting:report_save", args=[report.pk]), fields)
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_approve_and_sign_off_ask_first(client, filled, dept_officer, dept_leader):
    report, data = filled
    first = _confirm_fields(
        client.post(
            reverse("reporting:report_save", args=[report.pk]), {**data, "loaded_version": report.version}
        ).content.decode()
    )
    client.post(reverse("reporting:report_save", args=[report.pk]), first)
    url = reverse("reporting:report_review", args=[report.pk])

    client.force_login(dept_officer)
    asked = client.post(url, {"action": "approve", "message": "Đạt yêu cầu"})
    assert asked.status_code == 200 and "Phê duyệt báo cáo này?" in asked.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert client.post(url, _confirm_fields(asked.content.decode())).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    client.force_login(dept_leader)
    asked = client.post(url, {"action": "sign_off"})
    assert "Ký duyệt báo cáo này?" in asked.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    client.post(url, _confirm_fields(asked.content.decode()))
    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED_OFF


def test_a_move_that_is_not_allowed_is_refused_without_asking(client, filled, dept_officer):
    report, _data = filled  # a draft: nothing to approve yet
    client.force_login(dept_officer)
    response = client.post(reverse("reporting:report_review", args=[report.pk]), {"action": "approve"})
    assert response.status_code == 422 and "Phê duyệt báo cáo này?" not in response.content.decode()
