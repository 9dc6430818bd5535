"""Experts through /api/v1/experts/: visibility, consent, contact fields, writes."""

import pytest

from khcn.experts.models import Expert, ProfileStatus
from khcn.experts.tests.factories import ExpertFactory, private_expert, unvalidated_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles(expert):  # type: ignore[no-untyped-def]
    return {
        "public": ExpertFactory.create(full_name="Nguyễn Công Khai", subfields=" 401 "),
        "private": private_expert(full_name="Trần Riêng Tư"),
        "unvalidated": unvalidated_expert(full_name="Lê Chờ Duyệt"),
        "own": ExpertFactory.create(full_name="Chuyên Gia", user=expert, public_consent=False, subfields=" 403 "),
    }


def test_commune_officer_lists_only_public_profiles_without_contact(client, officer_a, profiles):
    client.force_login(officer_a)
    data = client.get("/api/v1/experts/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["full_name"] for r in rows] == ["Nguyễn Công Khai"]
    assert "email" not in rows[0] and "phone" not in rows[0]
    for key in ("private", "unvalidated", "own"):
        assert client.get(f"/api/v1/experts/{profiles[key].pk}/").status_code == 404


def test_anonymous_gets_nothing(client, profiles):
    assert client.get("/api/v1/experts/").status_code in (401, 403)


def test_department_sees_all_with_contact_and_filters(client, dept_officer, profiles):
    client.force_login(dept_officer)
    data = client.get("/api/v1/experts/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert len(rows) == 4 and all("email" in r for r in rows)
    data = client.get("/api/v1/experts/?subfield=403").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["full_name"] for r in rows] == ["Chuyên Gia"]
    data = client.get("/api/v1/experts/?q=rieng+tu").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["full_name"] for r in rows] == ["Trần Riêng Tư"]


def test_department_creates_and_the_expert_patches_own(client, dept_officer, expert, profiles):
    client.force_login(dept_officer)
    response = client.post(
        "/api/v1/experts/",
        {"full_name": "Đỗ Mới", "field": "agricultural", "subfields": ["401"], "email": "do@example.vn"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "draft" and response.json()["subfields"] == ["401"]
    client.force_login(expert)
    own = profiles["own"]
    response = client.patch(f"/api/v1/experts/{own.pk}/", {"languages": "Tiếng Anh"}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert Expert.objects.get(pk=own.pk).status == ProfileStatus.SUBMITTED
    assert response.json()["email"] == own.email  # their own contact
    response = client.patch(
        f"/api/v1/experts/{profiles['public'].pk}/", {"languages": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.post(
        "/api/v1/experts/", {"full_name": "X", "field": "agricultural"}, content_type="application/json"
    )
    assert response.status_code == 403
