"""The public catalogue: what it lists, whose names it shows, and asking about a technology."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khcn.experts.models import Demand, DemandSource, OfferStatus, TechnologyFile
from khcn.experts.tests.factories import ExpertFactory, TechnologyFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_catalogue_lists_only_listed_offers(client):  # type: ignore[no-untyped-def]
    listed = TechnologyFactory.create(title="Sấy lạnh", status=OfferStatus.PUBLISHED)
    TechnologyFactory.create(title="Bản nháp", status=OfferStatus.DRAFT)
    TechnologyFactory.create(title="Bị trả lại", status=OfferStatus.RETURNED)
    expired = TechnologyFactory.create(title="Hết hạn", status=OfferStatus.PUBLISHED, expires_on=date(2020, 1, 1))
    page = client.get(reverse("experts:catalogue"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sấy lạnh" in body and "Bản nháp" not in body and "Bị trả lại" not in body and "Hết hạn" not in body
    assert client.get(reverse("experts:technology_public", args=[listed.pk])).status_code == 200
    assert client.get(reverse("experts:technology_public", args=[expired.pk])).status_code == 404


def test_catalogue_search_folds_diacritics(client):  # type: ignore[no-untyped-def]
    TechnologyFactory.create(title="Máy sấy nông sản", status=OfferStatus.PUBLISHED)
    TechnologyFactory.create(title="Bể lọc nước", status=OfferStatus.PUBLISHED)
    body = client.get(reverse("experts:catalogue"), {"q": "may say"}).content.decode()
    assert "Máy sấy nông sản" in body and "Bể lọc nước" not in body


def test_non_public_owner_expert_is_not_named(client):  # type: ignore[no-untyped-def]
    hidden = ExpertFactory.create(draft=True, full_name="Trần Thị Kín")
    shown = ExpertFactory.create(full_name="Lê Văn Mở")
    a = TechnologyFactory.create(status=OfferStatus.PUBLISHED, owner_expert=hidden, owner_name="Viện Lúa")
    b = TechnologyFactory.create(status=OfferStatus.PUBLISHED, owner_expert=shown)
    listing = client.get(reverse("experts:catalogue")).content.decode()
    assert "Trần Thị Kín" not in listing and "Lê Văn Mở" in listing
    page_a = client.get(reverse("experts:technology_public", args=[a.pk])).content.decode()
    assert "Trần Thị Kín" not in page_a and "Viện Lúa" in page_a
    assert "Lê Văn Mở" in client.get(reverse("experts:technology_public", args=[b.pk])).content.decode()


def test_owner_typed_as_the_hidden_experts_name_is_not_shown(client):  # type: ignore[no-untyped-def]
    hidden = ExpertFactory.create(draft=True, full_name="Trần Thị Kín", organisation_name="Học viện Nông nghiệp")
    tech = TechnologyFactory.create(status=OfferStatus.PUBLISHED, owner_expert=hidden, owner_name="TS. Tran Thi Kin")
    for url in (reverse("experts:catalogue"), reverse("experts:technology_public", args=[tech.pk])):
        body = client.get(url).content.decode()
        assert "Kín" not in body and "Kin" not in body and "Học viện Nông nghiệp" in body, url


def test_ask_needs_sign_in(client):  # type: ignore[no-untyped-def]
    tech = TechnologyFactory.create(status=OfferStatus.PUBLISHED)
    response = client.get(reverse("experts:technology_ask", args=[tech.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_public_user_asks_and_a_demand_is_recorded(client, public_user, ward_a):  # type: ignore[no-untyped-def]
    tech = TechnologyFactory.create(status=OfferStatus.PUBLISHED, title="Sấy lạnh")
    client.force_login(public_user)
    url = reverse("experts:technology_ask", args=[tech.pk])
    assert client.get(url).status_code == 200
    data = {"unit": ward_a.pk, "requester_kind": "household", "requester_name": "Hộ ông Ba", "problem": "Sấy vải"}
    assert client.post(url, data).status_code == 302
    demand = Demand.objects.get()
    assert demand.source == DemandSource.PUBLIC and demand.technology == tech and demand.unit == ward_a
    assert demand.created_by == public_user and demand.requester_name == "Hộ ông Ba"


def test_cannot_ask_about_an_unlisted_offer(client, public_user):  # type: ignore[no-untyped-def]
    tech = TechnologyFactory.create(status=OfferStatus.SUBMITTED)
    client.force_login(public_user)
    assert client.get(reverse("experts:technology_ask", args=[tech.pk])).status_code == 404


def test_files_public_only_while_listed(client, officer_a, dept_officer):  # type: ignore[no-untyped-def]
    draft = TechnologyFactory.create(status=OfferStatus.DRAFT)
    listed = TechnologyFactory.create(status=OfferStatus.PUBLISHED)
    hidden = TechnologyFile.objects.create(technology=draft, file=SimpleUploadedFile("a.png", PNG), is_photo=True)
    shown = TechnologyFile.objects.create(technology=listed, file=SimpleUploadedFile("b.png", PNG), is_photo=True)
    assert client.get(reverse("experts:technology_file", args=[shown.pk])).status_code == 200
    assert client.get(reverse("experts:technology_file", args=[hidden.pk])).status_code == 404
    client.force_login(officer_a)
    assert client.get(reverse("experts:technology_file", args=[hidden.pk])).status_code == 404
    client.force_login(dept_officer)
    assert client.get(reverse("experts:technology_file", args=[hidden.pk])).status_code == 200


def test_public_profile_lists_the_experts_listed_offers_only(client):  # type: ignore[no-untyped-def]
    shown = ExpertFactory.create(full_name="Lê Văn Mở")
    TechnologyFactory.create(title="Máy sấy bơm nhiệt", status=OfferStatus.PUBLISHED, owner_expert=shown)
    TechnologyFactory.create(title="Bản nháp riêng", status=OfferStatus.DRAFT, owner_expert=shown)
    body = client.get(reverse("experts:expert_public", args=[shown.pk])).content.decode()
    assert "Máy sấy bơm nhiệt" in body and "Bản nháp riêng" not in body
