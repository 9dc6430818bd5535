import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_landing_page_for_visitors_and_overview_for_users(client, officer_a):
    landing = client.get("/")
    assert landing.status_code == 200
    assert reverse("accounts:login") in landing.content.decode()
    client.force_login(officer_a)
    overview = client.get("/")
    assert "Mê Linh" in overview.content.decode()
