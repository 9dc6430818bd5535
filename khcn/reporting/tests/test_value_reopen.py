"""Re-opening a single value of an approved report: only that value changes, the rest stays locked."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khcn.reporting import selectors, services
from khcn.reporting.models import ReportStatus, Value
from khcn.reporting.tests.test_workflow import good_entries, save
from khcn.reporting.validation import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(period, officer_a, dept_officer, ward_a, indicators):
    report = services.report_open(period=period, unit=ward_a, user=officer_a)
    assert save(report, officer_a, good_entries(indicators), submit=True).ok
    services.report_approve(report=report, user=dept_officer)
    report.refresh_from_db()
    return report


def test_reopen_needs_a_reason_and_an_approved_report(approved, dept_officer, officer_a, indicators):
    with pytest.raises(ValidationError) as error:
        services.value_reopen(report=approved, indicator_id=indicators["cashless"].pk, user=dept_officer, message=" ")
    assert error.value.messages == ["Ghi rõ lý do mở lại giá trị này."]
    with pytest.raises(PermissionDenied):
        services.value_reopen(report=approved, indicator_id=indicators["cashless"].pk, user=officer_a, message="x")


def test_unit_corrects_only_the_reopened_value(
    approved, dept_officer, officer_a, indicators, django_capture_on_commit_callbacks
):
    officer_a.email = "a@example.vn"
    officer_a.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.value_reopen(
            report=approved,
            indicator_id=indicators["cashless"].pk,
            user=dept_officer,
            message="Số liệu BHXH đã cập nhật",
        )
    approved.refresh_from_db()
    assert approved.status == ReportStatus.APPROVED, "the report stays approved"
    assert services.reopened_indicator_ids(approved) == {indicators["cashless"].pk}
    assert len(mail.outbox) == 1 and "Số liệu BHXH đã cập nhật" in mail.outbox[0].body
    assert approved.comments.get().text == "Số liệu BHXH đã cập nhật"

    # other values and the narrative stay locked
    with pytest.raises(ValidationError):
        save(approved, officer_a, good_entries(indicators), submit=False)

    entries = {
        indicators["cashless"].pk: Entry(value="88,5"),
        indicators["received"].pk: Entry(value="9.999"),  # ignored: not re-opened
    }
    outcome = services.value_correct(
        report=approved, user=officer_a, entries=entries, expected_version=approved.version
    )
    assert outcome.ok
    values = {v.indicator_id: v for v in approved.values.all()}
    assert values[indicators["cashless"].pk].number == Decimal("88.5")
    assert values[indicators["cashless"].pk].reopened is False
    assert values[indicators["received"].pk].number == Decimal("1200")
    assert list(approved.events.values_list("action", flat=True))[-2:] == ["reopen_value", "correct_value"]
    assert not approved.comments.filter(resolved=False).exists()
    assert values[indicators["cashless"].pk].history.count() >= 3  # created, re-opened, corrected


def test_a_wrong_correction_saves_nothing(approved, dept_officer, officer_a, indicators):
    services.value_reopen(report=approved, indicator_id=indicators["on_time"].pk, user=dept_officer, message="Kiểm tra")
    approved.refresh_from_db()
    outcome = services.value_correct(
        report=approved,
        user=officer_a,
        entries={indicators["on_time"].pk: Entry(value="5.000")},  # more than the 1.200 received: a cross rule
        expected_version=approved.version,
    )
    assert not outcome.ok and indicators["on_time"].pk in outcome.errors
    assert Value.objects.get(report=approved, indicator=indicators["on_time"]).number == Decimal("1150")
    assert services.reopened_indicator_ids(approved) == {indicators["on_time"].pk}


def test_correction_page_and_evidence(client, approved, dept_officer, officer_a, officer_b, indicators):
    client.force_login(dept_officer)
    url = reverse("reporting:value_reopen", args=[approved.pk])
    response = client.post(url, {"indicator": indicators["cashless"].pk, "message": "Cập nhật theo BHXH"})
    assert response.status_code == 302
    client.force_login(officer_b)
    assert client.post(url, {"indicator": indicators["rate"].pk, "message": "x"}).status_code == 404

    client.force_login(officer_a)
    page = client.get(approved.get_absolute_url()).content.decode()
    assert f'name="v-{indicators["cashless"].pk}"' in page
    assert f'name="v-{indicators["received"].pk}"' not in page, "other values stay read-only"
    assert "Gửi bản sửa" in page

    evidence = SimpleUploadedFile("qd.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.attachment_add(report=approved, user=officer_a, upload=evidence, indicator_id=indicators["cashless"].pk)
    with pytest.raises(ValidationError):
        other = SimpleUploadedFile("b.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        services.attachment_add(report=approved, user=officer_a, upload=other, indicator_id=indicators["rate"].pk)

    approved.refresh_from_db()
    response = client.post(
        reverse("reporting:report_save", args=[approved.pk]),
        {"action": "correct", "loaded_version": approved.version, f"v-{indicators['cashless'].pk}": "abc"},
    )
    assert response.status_code == 422
    assert 'value="abc"' in response.content.decode(), "what was typed is shown back"
    response = client.post(
        reverse("reporting:report_save", args=[approved.pk]),
        {"action": "correct", "loaded_version": approved.version, f"v-{indicators['cashless'].pk}": "90"},
    )
    assert response.status_code == 302
    row = next(
        r
        for r in selectors.period_aggregate(period=approved.period, user=dept_officer)
        if r.indicator.pk == indicators["cashless"].pk
    )
    assert row.number == Decimal("90")
