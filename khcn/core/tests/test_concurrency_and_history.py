import pytest
from django.urls import reverse

from khcn.core.concurrency import StaleObjectError, versioned_save
from khcn.core.history import history_entries
from khcn.geo.models import Organisation

pytestmark = pytest.mark.django_db


def _form_data(org, **changes):
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "unit": org.unit_id,
        "parent": "",
        "tax_code": "",
        "address": org.address,
        "phone": org.phone,
        "email": "",
        "website": "",
        "loaded_version": org.version,
    }
    data.update(changes)
    return data


def test_versioned_save_bumps_version_and_refuses_stale_copy(org_a, dept_officer):
    first = Organisation.objects.get(pk=org_a.pk)
    second = Organisation.objects.get(pk=org_a.pk)
    first.phone = "024 1111 2222"
    versioned_save(first, expected_version=1, user=dept_officer)
    assert Organisation.objects.get(pk=org_a.pk).version == 2
    second.phone = "024 9999 0000"
    with pytest.raises(StaleObjectError) as caught:
        versioned_save(second, expected_version=1, user=dept_officer)
    assert caught.value.code == "stale"
    assert caught.value.current.phone == "024 1111 2222"
    assert Organisation.objects.get(pk=org_a.pk).phone == "024 1111 2222"


def test_stale_form_is_refused_and_keeps_what_the_user_typed(client, officer_a, org_a):
    client.force_login(officer_a)
    url = reverse("geo:organisation_edit", args=[org_a.pk])
    assert client.post(url, _form_data(org_a, phone="111")).status_code == 302
    stale = client.post(url, _form_data(org_a, address="Thôn Đông Cao, xã Mê Linh"))
    assert stale.status_code == 422
    body = stale.content.decode()
    assert "Thôn Đông Cao, xã Mê Linh" in body  # the input is still in the form
    assert "form-errors" in body
    org_a.refresh_from_db()
    assert org_a.phone == "111" and org_a.address == ""
    # The form now carries the current version: saving again after review succeeds.
    assert stale.context["form"].data["loaded_version"] == "2"
    again = client.post(url, stale.context["form"].data)
    assert again.status_code == 302
    org_a.refresh_from_db()
    assert org_a.address == "Thôn Đông Cao, xã Mê Linh" and org_a.version == 3
    assert org_a.phone == "111"  # the other person's change was not undone


def test_stale_form_names_fields_both_people_changed(client, officer_a, org_a):
    client.force_login(officer_a)
    url = reverse("geo:organisation_edit", args=[org_a.pk])
    assert client.post(url, _form_data(org_a, phone="111")).status_code == 302
    stale = client.post(url, _form_data(org_a, phone="222"))
    assert stale.status_code == 422
    form = stale.context["form"]
    assert form.data["phone"] == "222"
    assert form.stale_conflicts == ["Số điện thoại"]
    assert "Số điện thoại" in stale.content.decode()


def test_browser_language_does_not_override_vietnamese(client):
    response = client.get("/accounts/login/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Đăng nhập" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Sign in" in client.get("/accounts/login/").content.decode()


def test_history_records_who_changed_what(client, officer_a, org_a):
    client.force_login(officer_a)
    client.post(reverse("geo:organisation_edit", args=[org_a.pk]), _form_data(org_a, phone="0243"))
    entries = history_entries(Organisation.objects.get(pk=org_a.pk))
    assert entries[0].who == officer_a
    assert [(c.old, c.new) for c in entries[0].changes] == [("", "0243")]
    assert entries[-1].kind == "+"
    page = client.get(reverse("geo:organisation_detail", args=[org_a.pk])).content.decode()
    assert "0243" in page and officer_a.full_name in page


def test_history_entries_cost_one_query(django_assert_num_queries, org_a, dept_officer):
    for i in range(5):
        org_a.phone = str(i)
        versioned_save(org_a, expected_version=org_a.version, user=dept_officer)
    with django_assert_num_queries(1):
        entries = history_entries(org_a)
    assert len(entries) == 6


def test_delete_asks_first_then_soft_deletes(client, dept_officer, org_a):
    client.force_login(dept_officer)
    url = reverse("geo:organisation_delete", args=[org_a.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert org_a.name in confirm.content.decode()
    assert Organisation.objects.filter(pk=org_a.pk).exists()
    assert client.post(url).status_code == 302
    assert not Organisation.objects.filter(pk=org_a.pk).exists()
    assert Organisation.all_objects.get(pk=org_a.pk).deleted_at is not None


def test_local_officer_cannot_delete(client, officer_a, org_a):
    client.force_login(officer_a)
    assert client.post(reverse("geo:organisation_delete", args=[org_a.pk])).status_code == 403
    assert Organisation.objects.filter(pk=org_a.pk).exists()


def test_create_validates_in_vietnamese_and_keeps_input(client, officer_a, ward_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("geo:organisation_create"), {"name": "HT", "kind": "", "unit": ward_a.pk, "phone": "0912 345 678"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "0912 345 678" in body
    assert 'aria-invalid="true"' in body


def test_create_normalises_text_to_nfc(client, officer_a, ward_a):
    client.force_login(officer_a)
    decomposed = "Ho\u031b\u0323p ta\u0301c xa\u0303 Tie\u0302\u0301n Tha\u0306\u0301ng"
    response = client.post(
        reverse("geo:organisation_create"), {"name": decomposed, "kind": "cooperative", "unit": ward_a.pk}
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Hợp tác xã Tiến Thắng").exists()
