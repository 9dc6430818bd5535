"""Every upload field checks the content against the extension; every download is an attachment (issue 12, defect 7).

The class tests run over all the places: UPLOAD_FIELDS lists each field a user can attach a file
through, DOWNLOADS each view that serves a stored upload back.
"""

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khcn.core.tests.files import GENUINE, HTML, IMPOSTORS, PDF
from khcn.core.uploads import FILE_CONTENT, content_matches
from khcn.meetings import services as meetings
from khcn.meetings.models import FollowUpKind, FollowUpResponse
from khcn.reporting import services as reporting
from khcn.reporting.models import Attachment
from khcn.research.forms import ProgressReportForm, SelectionApplicationForm
from khcn.research.models import PlanCall, ProgressReport, Proposal, ProposalFile, SelectionApplication
from khcn.research.services import proposals
from khcn.research.tests.test_execution import host, pi, planned, running  # noqa: F401 - fixtures
from khcn.research.tests.test_plans import accepted  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report_a(period, officer_a, ward_a):
    return reporting.report_open(period=period, unit=ward_a, user=officer_a)


@pytest.fixture
def proposal(officer_a, ward_a):
    call = PlanCall.objects.create(name="Đợt", plan_year=2027, opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31))
    return proposals.proposal_create(
        user=officer_a, proposal=Proposal(call=call, unit=ward_a, title="Xử lý rác thải nông thôn", problem="Rác")
    )


@pytest.fixture
def item(dept_officer, ward_a):
    return meetings.item_add(user=dept_officer, unit=ward_a, kind=FollowUpKind.DIRECTIVE, text="Báo cáo tiến độ")


def _form_field(form: Any, field: str) -> None:
    form.is_valid()
    if field in form.errors:
        raise ValidationError(form.errors[field].as_data())


def _reporting_attachment(request: Any, upload: Any) -> None:
    report, user = request.getfixturevalue("report_a"), request.getfixturevalue("officer_a")
    reporting.attachment_add(report=report, user=user, upload=upload, indicator_id=None)


def _proposal_file(request: Any, upload: Any) -> None:
    proposal, user = request.getfixturevalue("proposal"), request.getfixturevalue("officer_a")
    proposals.proposal_file_add(user=user, proposal=proposal, upload=upload)


def _followup_response(request: Any, upload: Any) -> None:
    item, user = request.getfixturevalue("item"), request.getfixturevalue("officer_a")
    meetings.item_respond(user=user, item=item, text="Đã thực hiện.", upload=upload)


def _progress_attachment(request: Any, upload: Any) -> None:
    _form_field(ProgressReportForm(data={}, files={"attachment": upload}), "attachment")


def _selection_dossier(request: Any, upload: Any) -> None:
    _form_field(SelectionApplicationForm(data={}, files={"dossier": upload}), "dossier")


UPLOAD_FIELDS: dict[str, Callable[[Any, Any], None]] = {
    "reporting-attachment": _reporting_attachment,
    "proposal-file": _proposal_file,
    "followup-response-file": _followup_response,
    "progress-report-attachment": _progress_attachment,
    "selection-dossier": _selection_dossier,
}


@pytest.mark.parametrize("field", UPLOAD_FIELDS)
@pytest.mark.parametrize("impostor", IMPOSTORS)
def test_every_upload_field_refuses_content_that_is_not_its_extension(request, field, impostor):
    name, content = IMPOSTORS[impostor]
    with pytest.raises(ValidationError) as refused:
        UPLOAD_FIELDS[field](request, SimpleUploadedFile(name, content))
    assert any(e.code == FILE_CONTENT for e in refused.value.error_list)
    assert "không phải là tệp" in " ".join(refused.value.messages)
    assert not Attachment.objects.exists() and not ProposalFile.objects.exists()
    assert not FollowUpResponse.objects.exists()


@pytest.mark.parametrize("field", UPLOAD_FIELDS)
@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "png", "jpg"])
def test_every_upload_field_accepts_a_real_file(request, field, kind):
    UPLOAD_FIELDS[field](request, SimpleUploadedFile(f"tai-lieu.{kind}", GENUINE[kind]))


@pytest.mark.parametrize("kind", sorted(GENUINE))
def test_every_accepted_kind_is_recognised_from_its_content(kind):
    assert content_matches(io.BytesIO(GENUINE[kind]), kind)


def test_an_exe_renamed_pdf_is_refused_on_the_page_with_a_vietnamese_message(client, officer_a, report_a):
    client.force_login(officer_a)
    upload = SimpleUploadedFile("baocao.pdf", IMPOSTORS["exe-as-pdf"][1], content_type="application/pdf")
    response = client.post(reverse("reporting:attachment_upload", args=[report_a.pk]), {"file": upload}, follow=True)
    assert "Nội dung của “baocao.pdf” không phải là tệp .pdf" in response.content.decode()
    assert not Attachment.objects.exists()


# -- downloads: each view that serves a stored upload, as (user fixture, url) for a stored file ------


def _reporting_download(request: Any, name: str, content: bytes) -> tuple[str, str]:
    attachment = Attachment(report=request.getfixturevalue("report_a"), name=name, size=len(content))
    attachment.file.save(name, ContentFile(content), save=True)
    return "officer_a", reverse("reporting:attachment_download", args=[attachment.pk])


def _proposal_download(request: Any, name: str, content: bytes) -> tuple[str, str]:
    attached = ProposalFile(proposal=request.getfixturevalue("proposal"), name=name)
    attached.file.save(name, ContentFile(content), save=True)
    return "officer_a", reverse("research:proposal_file", args=[attached.pk])


def _followup_download(request: Any, name: str, content: bytes) -> tuple[str, str]:
    item = request.getfixturevalue("item")
    answer = FollowUpResponse(item=item, text="Đã thực hiện.", file_name=name)
    answer.file.save(name, ContentFile(content), save=True)
    return "officer_a", reverse("meetings:response_file", args=[item.pk, answer.pk])


def _progress_download(request: Any, name: str, content: bytes) -> tuple[str, str]:
    report = ProgressReport(task=request.getfixturevalue("running"), period="6 tháng", as_of=date(2026, 12, 1))
    report.attachment.save(name, ContentFile(content), save=True)
    return "dept_officer", reverse("research:progress_file", args=[report.pk])


def _dossier_download(request: Any, name: str, content: bytes) -> tuple[str, str]:
    application = SelectionApplication(
        task=request.getfixturevalue("planned"), applicant_name="Viện Chăn nuôi", pi_name="Trần Văn Chủ",
        budget_million=Decimal(1400), duration_months=24, summary="Mô hình biogas",
    )  # fmt: skip
    application.dossier.save(name, ContentFile(content), save=True)
    return "dept_officer", reverse("research:application_dossier", args=[application.pk])


DOWNLOADS: dict[str, Callable[[Any, str, bytes], tuple[str, str]]] = {
    "reporting-attachment": _reporting_download,
    "proposal-file": _proposal_download,
    "followup-response-file": _followup_download,
    "progress-report-attachment": _progress_download,
    "selection-dossier": _dossier_download,
}


def _download(client: Any, request: Any, view: str, name: str, content: bytes) -> Any:
    persona, url = DOWNLOADS[view](request, name, content)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    return response


@pytest.mark.parametrize("view", DOWNLOADS)
def test_every_download_is_an_attachment_typed_by_its_checked_kind(client, request, view):
    assert _download(client, request, view, "bao-cao.pdf", PDF)["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("view", DOWNLOADS)
def test_a_stored_file_that_is_not_its_kind_is_served_as_plain_bytes(client, request, view):
    """Files stored before the content check: an HTML page named .pdf is never typed as a PDF."""
    assert _download(client, request, view, "bao-cao.pdf", HTML)["Content-Type"] == "application/octet-stream"
