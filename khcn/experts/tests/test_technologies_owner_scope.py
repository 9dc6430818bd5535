"""The owner organisation of an offer is one its author acts for (write-scope guard, issue 15).

An expert used to be able to name any organisation as the owner of their offer, on the page,
the API and an edit, putting another institute's or a commune's name on it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khcn.experts.models import Technology
from khcn.experts.services import technologies as services
from khcn.experts.tests.factories import ExpertFactory, TechnologyFactory
from khcn.geo.models import OrganisationKind
from khcn.geo.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

OFFER = {"title": "Đệm lót sinh học", "summary": "Giảm mùi chuồng trại", "field": "agricultural", "maturity": 7}


@pytest.fixture
def own_profile(expert):  # type: ignore[no-untyped-def]
    return ExpertFactory.create(draft=True, user=expert)


@pytest.fixture
def other_org(ward_b):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(name="UBND xã Quang Minh", kind=OrganisationKind.PEOPLES_COMMITTEE, unit=ward_b)


def _code(error: ValidationError) -> str | None:
    return error.error_dict["owner_organisation"][0].code


def test_expert_names_only_their_own_organisation_as_owner(expert, own_profile, other_org):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        services.technology_create(user=expert, owner_organisation=other_org, **OFFER)
    assert _code(refused.value) == "out_of_scope"
    assert not Technology.objects.exists()
    mine = expert.grants.get().organisation
    offer = services.technology_create(user=expert, owner_organisation=mine, **OFFER)
    assert offer.owner_organisation == mine and offer.owner_expert == own_profile


def test_expert_cannot_move_their_offer_to_another_organisation(expert, own_profile, other_org, province):  # type: ignore[no-untyped-def]
    set_by_department = OrganisationFactory.create(name="Viện Chăn nuôi", unit=province)
    offer = TechnologyFactory.create(owner_expert=own_profile, owner_organisation=set_by_department)
    offer.summary = "Giảm mùi và ruồi"
    offer = services.technology_update(user=expert, technology=offer, expected_version=offer.version)
    assert offer.owner_organisation == set_by_department  # kept as the Department named it
    offer.owner_organisation = other_org
    with pytest.raises(ValidationError) as refused:
        services.technology_update(user=expert, technology=offer, expected_version=offer.version)
    assert _code(refused.value) == "out_of_scope"
    offer.refresh_from_db()
    assert offer.owner_organisation == set_by_department


def test_api_refuses_an_organisation_the_expert_does_not_act_for(client, expert, own_profile, other_org):  # type: ignore[no-untyped-def]
    client.force_login(expert)
    body = {**OFFER, "owner_organisation": other_org.pk}
    response = client.post("/api/v1/technologies/", body, content_type="application/json")
    assert response.status_code == 400 and "owner_organisation" in response.json()
    assert not Technology.objects.exists()


def test_offer_form_lists_only_organisations_the_expert_acts_for(client, expert, own_profile, other_org):  # type: ignore[no-untyped-def]
    client.force_login(expert)
    page = client.get(reverse("experts:technology_create")).content.decode()
    assert expert.grants.get().organisation.name in page and other_org.name not in page
    response = client.post(reverse("experts:technology_create"), {**OFFER, "owner_organisation": other_org.pk})
    assert response.status_code == 422
    assert not Technology.objects.exists()


def test_department_still_names_an_organisation_of_its_province(dept_officer, other_org):  # type: ignore[no-untyped-def]
    offer = services.technology_create(user=dept_officer, owner_organisation=other_org, **OFFER)
    assert offer.owner_organisation == other_org
