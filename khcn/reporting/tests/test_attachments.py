import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khcn.core.tests.files import GENUINE
from khcn.reporting import services
from khcn.reporting.models import Attachment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report_a(period, officer_a, ward_a):
    return services.report_open(period=period, unit=ward_a, user=officer_a)


def test_officer_attaches_evidence_to_a_value_and_downloads_it(client, officer_a, report_a, indicators):
    client.force_login(officer_a)
    upload = SimpleUploadedFile("Quyết định số 12.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = client.post(
        reverse("reporting:attachment_upload", args=[report_a.pk]),
        {"file": upload, "indicator": indicators["radios"].pk},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.indicator == indicators["radios"] and attachment.name == "Quyết định số 12.pdf"
    download = client.get(reverse("reporting:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 demo"
    page = client.get(report_a.get_absolute_url()).content.decode()
    assert "Quyết định số 12.pdf" in page


def test_other_units_cannot_download_or_remove(client, officer_a, officer_b, report_a):
    attachment = services.attachment_add(
        report=report_a, user=officer_a, indicator_id=None, upload=SimpleUploadedFile("danh-sach.xlsx", GENUINE["xlsx"])
    )
    client.force_login(officer_b)
    assert client.get(reverse("reporting:attachment_download", args=[attachment.pk])).status_code == 404
    assert client.post(reverse("reporting:attachment_delete", args=[attachment.pk])).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.parametrize(("name", "size", "code"), [("script.exe", 10, "file_type"), ("anh.jpg", 30, "file_size")])
def test_wrong_kind_or_too_large_is_refused(settings, officer_a, report_a, name, size, code):
    settings.KHCN_UPLOAD_MAX_MB = 0.00002  # about 20 bytes
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.attachment_add(
            report=report_a, user=officer_a, indicator_id=None, upload=SimpleUploadedFile(name, b"x" * size)
        )
    assert refused.value.code == code
    assert not Attachment.objects.exists()


def test_remove_asks_first_and_only_while_editable(client, officer_a, dept_officer, report_a, indicators):
    attachment = services.attachment_add(
        report=report_a, user=officer_a, indicator_id=None, upload=SimpleUploadedFile("bien-ban.docx", GENUINE["docx"])
    )
    client.force_login(officer_a)
    url = reverse("reporting:attachment_delete", args=[attachment.pk])
    assert "bien-ban.docx" in client.get(url).content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    report_a.status = "approved"
    report_a.save()
    client.post(url)
    assert Attachment.objects.filter(pk=attachment.pk).exists()  # locked report: refused
    report_a.status = "draft"
    report_a.save()
    client.post(url)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
