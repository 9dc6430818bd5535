"""One scope rule for lists, detail pages, exports and the API (STYLE.md §6)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khcn.accounts.scoping import scope_for, visible
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel

pytestmark = pytest.mark.django_db


def test_ward_officer_list_shows_only_own_unit(client, officer_a, org_a, org_b):
    client.force_login(officer_a)
    response = client.get(reverse("geo:organisation_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert org_a.name in body
    assert org_b.name not in body


def test_ward_officer_gets_404_for_other_unit_detail(client, officer_a, org_b):
    client.force_login(officer_a)
    for name in ("geo:organisation_detail", "geo:organisation_edit", "geo:organisation_delete"):
        assert client.get(reverse(name, args=[org_b.pk])).status_code == 404


def test_ward_officer_export_contains_only_own_unit(client, officer_a, org_a, org_b):
    client.force_login(officer_a)
    response = client.get(reverse("geo:organisation_list") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == [org_a.name]


def test_ward_officer_api_hides_other_unit(client, officer_a, org_a, org_b):
    client.force_login(officer_a)
    listing = client.get("/api/v1/organisations/").json()
    assert [o["id"] for o in listing["results"]] == [org_a.pk]
    assert client.get(f"/api/v1/organisations/{org_b.pk}/").status_code == 404
    patch = client.patch(
        f"/api/v1/organisations/{org_b.pk}/", {"name": "X", "version": 1}, content_type="application/json"
    )
    assert patch.status_code == 404


def test_department_officer_sees_whole_province(client, dept_officer, org_a, org_b):
    client.force_login(dept_officer)
    body = client.get(reverse("geo:organisation_list")).content.decode()
    assert org_a.name in body and org_b.name in body


def test_former_district_officer_sees_history_of_its_subtree(officer_a, ward_a):
    me_linh = AdminUnit.objects.get(level=UnitLevel.DISTRICT, name="Mê Linh")
    from conftest import make_user
    from khcn.accounts.roles import Role

    historian = make_user("historian", Role.LOCAL_OFFICER, unit=me_linh)
    old_commune = me_linh.children.get(name="Tráng Việt")
    old_org = Organisation.objects.create(
        name="Đài truyền thanh xã Tráng Việt", kind=OrganisationKind.OTHER, unit=old_commune
    )
    new_org = Organisation.objects.create(name="Đài truyền thanh xã Mê Linh", kind=OrganisationKind.OTHER, unit=ward_a)
    seen = set(visible(Organisation.objects.all(), historian))
    assert old_org in seen and new_org not in seen


def test_expert_sees_own_organisation_only(expert, org_a):
    orgs = list(visible(Organisation.objects.all(), expert))
    assert orgs == [expert.grants.get().organisation]


def test_user_without_grant_sees_nothing(django_user_model, org_a):
    user = django_user_model.objects.create_user("nobody", password="x")
    assert scope_for(user).unit_paths == ()
    assert not visible(Organisation.objects.all(), user).exists()


def test_scope_keeps_only_outermost_paths(dept_officer, ward_a):
    from khcn.accounts.models import RoleGrant
    from khcn.accounts.roles import Role
    from khcn.accounts.scoping import forget_scope

    RoleGrant.objects.create(user=dept_officer, role=Role.LOCAL_OFFICER, unit=ward_a)
    forget_scope(dept_officer)
    assert scope_for(dept_officer).unit_paths == ("p01/",)


def test_unit_form_offers_only_units_in_scope(client, officer_a, ward_a, ward_b):
    client.force_login(officer_a)
    response = client.get(reverse("geo:organisation_create"))
    choices = [str(c[0].value) for c in response.context["form"].fields["unit"].choices if c[0]]
    assert choices == [str(ward_a.pk)]
    bad = client.post(
        reverse("geo:organisation_create"), {"name": "HTX ngoài phạm vi", "kind": "cooperative", "unit": ward_b.pk}
    )
    assert bad.status_code == 422
    assert not Organisation.objects.filter(name="HTX ngoài phạm vi").exists()
