"""The matches pages and the API route: scope, reasons and the connection links."""

import pytest
from django.urls import reverse

from khcn.experts.tests.factories import demand_make, expert_make, technology_make


@pytest.fixture
def demand_a(ward_a):  # type: ignore[no-untyped-def]
    expert_make(keywords="xử lý nước thải làng nghề", full_name="Ngô Thị Hạnh")
    expert_make(keywords="xử lý nước thải làng nghề", full_name="Ẩn Danh", public=False)
    technology_make(title="Hệ thống xử lý nước thải làng nghề dệt nhuộm")
    return demand_make(unit=ward_a, title="Xử lý nước thải làng nghề")


@pytest.mark.django_db
def test_department_sees_ranked_lists_with_reasons_and_connection_links(client, dept_officer, demand_a) -> None:
    client.force_login(dept_officer)
    response = client.get(reverse("experts:demand_matches", args=[demand_a.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ngô Thị Hạnh" in body and "Ẩn Danh" in body
    assert "nước thải" in body
    assert f"?demand={demand_a.pk}&amp;expert=" in body
    assert f"?demand={demand_a.pk}&amp;technology=" in body


@pytest.mark.django_db
def test_commune_officer_never_gets_non_public_experts(client, officer_a, demand_a) -> None:
    client.force_login(officer_a)
    response = client.get(reverse("experts:demand_matches", args=[demand_a.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ngô Thị Hạnh" in body and "Ẩn Danh" not in body
    assert "?demand=" not in body  # only the Department records connections


@pytest.mark.django_db
def test_other_commune_gets_404(client, officer_b, demand_a) -> None:
    client.force_login(officer_b)
    assert client.get(reverse("experts:demand_matches", args=[demand_a.pk])).status_code == 404


@pytest.mark.django_db
def test_api_returns_scored_matches_in_scope(client, dept_officer, officer_a, officer_b, demand_a) -> None:
    url = f"/api/v1/demands/{demand_a.pk}/matches/"
    assert client.get(url).status_code in (401, 403)
    client.force_login(officer_a)
    data = client.get(url).json()
    assert [e["name"] for e in data["experts"]] == ["Ngô Thị Hạnh"]
    assert data["experts"][0]["score"] == 1.0
    terms = [r["label"] for r in data["experts"][0]["reasons"] if r["kind"] == "terms"]
    assert any("nước thải" in label for label in terms), terms
    assert len(data["technologies"]) == 1
    client.force_login(dept_officer)
    assert len(client.get(url).json()["experts"]) == 2
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_followup_matches_page_and_link(client, dept_officer, ward_a) -> None:
    from khcn.meetings.models import FollowUp, FollowUpKind

    expert_make(keywords="giống lúa chịu hạn", full_name="Nguyễn Văn Hùng")
    item = FollowUp.objects.create(kind=FollowUpKind.REQUEST, unit=ward_a, text="Xã cần giống lúa chịu hạn")
    client.force_login(dept_officer)
    response = client.get(reverse("experts:followup_matches", args=[item.pk]))
    assert response.status_code == 200
    assert "Nguyễn Văn Hùng" in response.content.decode()
    assert f"?followup={item.pk}&amp;expert=" in response.content.decode()
    detail = client.get(reverse("meetings:item_detail", args=[item.pk])).content.decode()
    assert reverse("experts:followup_matches", args=[item.pk]) in detail


@pytest.mark.django_db
def test_proposal_matches_follow_the_proposal_scope(client, dept_officer, officer_a, officer_b, ward_a) -> None:
    from khcn.research.tests.factories import ProposalFactory

    expert_make(keywords="xử lý chất thải chăn nuôi, biogas", full_name="Hoàng Minh Tuấn")
    proposal = ProposalFactory.create(unit=ward_a)
    url = reverse("experts:proposal_matches", args=[proposal.pk])
    client.force_login(officer_a)
    response = client.get(url)
    assert response.status_code == 200
    assert "Hoàng Minh Tuấn" in response.content.decode()
    assert "?proposal=" not in response.content.decode()  # connections answer demands and items
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
