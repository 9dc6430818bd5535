"""Who sees which profile (Decree 13/2023/NĐ-CP): pages, exports, public pages and the API."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khcn.experts.selectors.experts import expert_list
from khcn.experts.tests.factories import ExpertFactory, private_expert, unvalidated_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles(expert):  # type: ignore[no-untyped-def]
    """One public profile, one without consent, one not validated, one deleted, and the
    `expert` persona's own unvalidated profile."""
    from django.utils import timezone

    return {
        "public": ExpertFactory.create(full_name="Nguyễn Công Khai"),
        "private": private_expert(full_name="Trần Riêng Tư"),
        "unvalidated": unvalidated_expert(full_name="Lê Chờ Duyệt"),
        "deleted": ExpertFactory.create(full_name="Phạm Đã Xóa", deleted_at=timezone.now()),
        "own": unvalidated_expert(full_name="Chuyên Gia", user=expert, public_consent=False),
    }


def _names(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.full_name for e in qs}


def test_department_sees_every_profile_but_deleted(dept_officer, profiles):
    assert _names(expert_list(user=dept_officer)) == {
        "Nguyễn Công Khai",
        "Trần Riêng Tư",
        "Lê Chờ Duyệt",
        "Chuyên Gia",
    }


def test_commune_officer_sees_only_public_profiles(officer_a, profiles):
    assert _names(expert_list(user=officer_a)) == {"Nguyễn Công Khai"}


def test_expert_sees_public_profiles_and_their_own(expert, profiles):
    assert _names(expert_list(user=expert)) == {"Nguyễn Công Khai", "Chuyên Gia"}


def test_commune_officer_gets_404_for_a_private_profile(client, officer_a, profiles):
    client.force_login(officer_a)
    for key in ("private", "unvalidated", "deleted"):
        assert client.get(reverse("experts:expert_detail", args=[profiles[key].pk])).status_code == 404
    response = client.get(reverse("experts:expert_detail", args=[profiles["public"].pk]))
    assert response.status_code == 200
    assert profiles["public"].email not in response.content.decode()


def test_commune_officer_list_and_export_hold_no_private_profile_nor_contact(client, officer_a, profiles):
    client.force_login(officer_a)
    page = client.get(reverse("experts:expert_list")).content.decode()
    assert "Nguyễn Công Khai" in page
    assert "Trần Riêng Tư" not in page and "Lê Chờ Duyệt" not in page
    assert profiles["public"].email not in page
    response = client.get(reverse("experts:expert_list") + "?export=xlsx")
    ws = load_workbook(BytesIO(response.content)).active
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "Nguyễn Công Khai" in cells
    assert "Trần Riêng Tư" not in cells and "Lê Chờ Duyệt" not in cells
    assert "Email" not in cells and profiles["public"].email not in cells


def test_department_export_carries_contact_columns(client, dept_officer, profiles):
    client.force_login(dept_officer)
    response = client.get(reverse("experts:expert_list") + "?export=xlsx")
    ws = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    assert "Email" in header and "Điện thoại" in header
    assert ws.max_row == 5  # header + four live profiles


def test_anonymous_sees_public_profiles_only(client, profiles):
    listing = client.get(reverse("experts:expert_public_list")).content.decode()
    assert "Nguyễn Công Khai" in listing and "Trần Riêng Tư" not in listing
    public = client.get(reverse("experts:expert_public", args=[profiles["public"].pk]))
    assert public.status_code == 200
    text = public.content.decode()
    assert profiles["public"].email not in text and profiles["public"].phone not in text
    for key in ("private", "unvalidated", "deleted", "own"):
        assert client.get(reverse("experts:expert_public", args=[profiles[key].pk])).status_code == 404
    assert client.get(reverse("experts:expert_public", args=[999999])).status_code == 404


def test_anonymous_is_turned_away_from_the_registry(client, profiles):
    response = client.get(reverse("experts:expert_list"))
    assert response.status_code == 302


def test_public_search_folds_diacritics(client, profiles):
    listing = client.get(reverse("experts:expert_public_list") + "?q=cong+khai").content.decode()
    assert "Nguyễn Công Khai" in listing
    listing = client.get(reverse("experts:expert_public_list") + "?q=lua+huu+co").content.decode()
    assert "Nguyễn Công Khai" in listing
    listing = client.get(reverse("experts:expert_public_list") + "?q=khong+co").content.decode()
    assert "Nguyễn Công Khai" not in listing


def test_list_search_over_organisation_and_keywords_without_diacritics(client, dept_officer, profiles):
    client.force_login(dept_officer)
    ExpertFactory.create(full_name="Đỗ Thủy Sản", organisation_name="Viện Nghiên cứu Nuôi trồng", keywords="cá rô")
    page = client.get(reverse("experts:expert_list") + "?q=vien+nuoi+trong").content.decode()
    assert "Đỗ Thủy Sản" in page and "Nguyễn Công Khai" not in page
    page = client.get(reverse("experts:expert_list") + "?q=ca+ro").content.decode()
    assert "Đỗ Thủy Sản" in page


def test_list_filters_by_subfield_and_consent(client, dept_officer, profiles):
    client.force_login(dept_officer)
    ExpertFactory.create(full_name="Hoàng Thú Y", subfields=" 403 ")
    page = client.get(reverse("experts:expert_list") + "?subfield=403").content.decode()
    assert "Hoàng Thú Y" in page and "Nguyễn Công Khai" not in page
    page = client.get(reverse("experts:expert_list") + "?consent=no").content.decode()
    assert "Trần Riêng Tư" in page and "Nguyễn Công Khai" not in page
