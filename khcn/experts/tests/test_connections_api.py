"""/api/v1/connections/: scopes, filters and creating through the service."""

from datetime import date

import pytest
import time_machine
from rest_framework.test import APIClient

from khcn.experts.models import Connection, DemandStatus, Outcome
from khcn.experts.tests.factories import ConnectionFactory, DemandFactory, ExpertFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]

URL = "/api/v1/connections/"


@pytest.fixture
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    return {row["id"] for row in response.json()["results"]}


def test_commune_officer_lists_only_its_commune(officer_b, ward_a, ward_b):
    a = ConnectionFactory.create(demand=DemandFactory.create(unit=ward_a))
    b = ConnectionFactory.create(demand=DemandFactory.create(unit=ward_b))
    client = _client(officer_b)
    assert _ids(client.get(URL)) == {b.pk}
    assert client.get(f"{URL}{a.pk}/").status_code == 404


def test_expert_lists_the_connections_naming_them(expert, ward_a):
    mine = ConnectionFactory.create(demand=DemandFactory.create(unit=ward_a), expert=ExpertFactory.create(user=expert))
    ConnectionFactory.create(demand=DemandFactory.create(unit=ward_a))
    assert _ids(_client(expert).get(URL)) == {mine.pk}


def test_filters_by_outcome(dept_officer, ward_a):
    contract = ConnectionFactory.create(demand=DemandFactory.create(unit=ward_a), outcome=Outcome.CONTRACT)
    ConnectionFactory.create(demand=DemandFactory.create(unit=ward_a), outcome=Outcome.NO_FIT)
    assert _ids(_client(dept_officer).get(URL, {"outcome": "contract"})) == {contract.pk}


def test_department_creates_a_connection_that_answers_the_demand(dept_officer, ward_a):
    demand = DemandFactory.create(unit=ward_a)
    body = {
        "demand": demand.pk,
        "expert": ExpertFactory.create().pk,
        "introduced_on": "2026-05-02",
        "outcome": "contract",
        "outcome_on": "2026-05-20",
        "closes_request": True,
    }
    response = _client(dept_officer).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["unit"] == ward_a.pk
    demand.refresh_from_db()
    assert demand.status == DemandStatus.ANSWERED


def test_commune_officer_cannot_create_even_for_its_commune(officer_b, ward_b):
    body = {"demand": DemandFactory.create(unit=ward_b).pk, "expert": ExpertFactory.create().pk}
    response = _client(officer_b).post(URL, {**body, "introduced_on": "2026-05-02"}, format="json")
    assert response.status_code in (400, 403)
    assert not Connection.objects.exists()


def test_a_demand_outside_scope_is_a_400_on_the_field(officer_b, ward_a):
    body = {"demand": DemandFactory.create(unit=ward_a).pk, "introduced_on": "2026-05-02"}
    response = _client(officer_b).post(URL, body, format="json")
    assert response.status_code == 400 and "demand" in response.json()
