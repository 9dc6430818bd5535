"""Pages of technology offers: list scope and export, the review form, files, query counts."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from khcn.experts.models import OfferStatus
from khcn.experts.tests.factories import ExpertFactory, TechnologyFactory
from khcn.experts.tests.test_technologies_public import PNG

pytestmark = pytest.mark.django_db


def test_officer_list_and_export_show_listed_offers_only(client, officer_a):  # type: ignore[no-untyped-def]
    TechnologyFactory.create(title="Đã công bố", status=OfferStatus.PUBLISHED)
    TechnologyFactory.create(title="Bản nháp riêng")
    client.force_login(officer_a)
    body = client.get(reverse("experts:technology_list")).content.decode()
    assert "Đã công bố" in body and "Bản nháp riêng" not in body
    export = client.get(reverse("experts:technology_list"), {"export": "xlsx"})
    cells = [c.value for row in load_workbook(BytesIO(export.content)).active.iter_rows() for c in row]
    assert "Đã công bố" in cells and "Bản nháp riêng" not in cells


def test_draft_of_another_is_404_for_officer(client, officer_a):  # type: ignore[no-untyped-def]
    tech = TechnologyFactory.create()
    client.force_login(officer_a)
    assert client.get(reverse("experts:technology_detail", args=[tech.pk])).status_code == 404


def test_department_publishes_from_detail(client, dept_officer):  # type: ignore[no-untyped-def]
    tech = TechnologyFactory.create(status=OfferStatus.SUBMITTED)
    client.force_login(dept_officer)
    url = reverse("experts:technology_review", args=[tech.pk])
    assert client.post(url, {"decision": "return", "note": "", "loaded_version": tech.version}).status_code == 422
    assert client.post(url, {"decision": "publish", "loaded_version": tech.version}).status_code == 302
    tech.refresh_from_db()
    assert tech.status == OfferStatus.PUBLISHED and tech.expires_on is not None


def test_expert_creates_own_offer_page(client, expert):  # type: ignore[no-untyped-def]
    profile = ExpertFactory.create(draft=True, user=expert)
    client.force_login(expert)
    data = {
        "title": "Phân bón vi sinh",
        "summary": "Ủ rơm",
        "field": "agricultural",
        "maturity": 6,
        "ip_status": "none",
    }
    response = client.post(reverse("experts:technology_create"), data)
    assert response.status_code == 302
    tech = profile.technologies.get()
    assert tech.status == OfferStatus.DRAFT and tech.created_by == expert


def test_file_upload_checks_content(client, dept_officer):  # type: ignore[no-untyped-def]
    tech = TechnologyFactory.create()
    client.force_login(dept_officer)
    url = reverse("experts:technology_file_add", args=[tech.pk])
    fake = SimpleUploadedFile("anh.png", b"MZ not an image")
    assert client.post(url, {"file-file": fake, "file-is_photo": "on"}).status_code == 422
    good = SimpleUploadedFile("anh.png", PNG)
    assert client.post(url, {"file-file": good, "file-is_photo": "on"}).status_code == 302
    assert tech.files.get().is_photo
    exe = SimpleUploadedFile("tai-lieu.exe", b"MZ")
    assert client.post(url, {"file-file": exe}).status_code == 422


def test_technology_list_query_count_is_constant(client, dept_officer):  # type: ignore[no-untyped-def]
    TechnologyFactory.create_batch(3, owner_expert=ExpertFactory.create(draft=True))
    client.force_login(dept_officer)
    client.get(reverse("experts:technology_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("experts:technology_list"))
    for _ in range(8):
        TechnologyFactory.create(owner_expert=ExpertFactory.create(draft=True))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("experts:technology_list"))
    assert len(many) == len(few)


def test_catalogue_query_count_is_constant(client):  # type: ignore[no-untyped-def]
    TechnologyFactory.create_batch(2, status=OfferStatus.PUBLISHED, owner_expert=ExpertFactory.create(draft=True))
    client.get(reverse("experts:catalogue"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("experts:catalogue"))
    for _ in range(6):
        TechnologyFactory.create(status=OfferStatus.PUBLISHED, owner_expert=ExpertFactory.create(draft=True))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("experts:catalogue"))
    assert len(many) == len(few)
