"""The expert registry's writes: self-edit, validation, consent, soft delete and people/me/."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khcn.experts.models import Expert, ProfileStatus
from khcn.experts.services import experts as services
from khcn.experts.tests.factories import ExpertFactory
from khcn.research.models import ScienceField

pytestmark = pytest.mark.django_db


def test_department_creates_a_draft_with_clean_keywords_and_subfields(dept_officer):
    expert = services.expert_create(
        user=dept_officer,
        full_name="  Nguyễn   Văn An ",
        field=ScienceField.AGRICULTURAL,
        subfields=["406", "401", "401"],
        keywords="giống lúa,  canh tác hữu cơ , Giống lúa,,",
    )
    assert expert.status == ProfileStatus.DRAFT
    assert expert.full_name == "Nguyễn Văn An"
    assert expert.subfields == " 401 406 "
    assert expert.keywords == "giống lúa, canh tác hữu cơ"


def test_keywords_are_stored_in_nfc(dept_officer):
    decomposed = "cha\u0302n nuo\u0302i"  # "chăn nuôi" typed with combining marks
    expert = services.expert_create(
        user=dept_officer, full_name="Trần Bình", field=ScienceField.AGRICULTURAL, keywords=decomposed
    )
    assert expert.keywords == "chân nuôi"


def test_unknown_subfield_is_refused(dept_officer):
    with pytest.raises(ValidationError) as error:
        services.expert_create(user=dept_officer, full_name="A", field=ScienceField.AGRICULTURAL, subfields=["999"])
    assert "subfields" in error.value.message_dict


def test_commune_officer_and_expert_cannot_create(officer_a, expert):
    for user in (officer_a, expert):
        with pytest.raises(PermissionDenied):
            services.expert_create(user=user, full_name="A", field=ScienceField.AGRICULTURAL)


def test_consent_time_is_set_when_given_and_cleared_when_withdrawn(dept_officer):
    with time_machine.travel("2026-09-01 09:00 +07:00", tick=False):
        expert = services.expert_create(
            user=dept_officer, full_name="Lê Cẩm", field=ScienceField.MEDICAL, public_consent=True
        )
    assert expert.consent_at is not None and expert.consent_at.date().isoformat() == "2026-09-01"
    expert.public_consent = False
    expert = services.expert_update(user=dept_officer, expert=expert, expected_version=expert.version)
    assert expert.consent_at is None


def test_expert_edits_own_profile_and_a_validated_one_goes_back_to_submitted(expert, dept_officer):
    own = ExpertFactory.create(user=expert, status=ProfileStatus.VALIDATED, validated_by=dept_officer)
    own.profile = "Hai mươi năm chọn giống."
    own.status = ProfileStatus.VALIDATED  # an expert cannot keep it validated by sending the status
    saved = services.expert_update(user=expert, expert=own, expected_version=own.version)
    assert saved.status == ProfileStatus.SUBMITTED
    assert saved.validated_by == dept_officer  # the Department's fields stay as they were
    assert Expert.objects.get(pk=own.pk).profile == "Hai mươi năm chọn giống."


def test_department_edit_keeps_the_validation(dept_officer):
    profile = ExpertFactory.create(status=ProfileStatus.VALIDATED)
    profile.languages = "Tiếng Anh"
    saved = services.expert_update(user=dept_officer, expert=profile, expected_version=profile.version)
    assert saved.status == ProfileStatus.VALIDATED


def test_expert_cannot_edit_another_profile_nor_validate(expert, council_member):
    own = ExpertFactory.create(user=expert, status=ProfileStatus.SUBMITTED)
    other = ExpertFactory.create(user=council_member)
    other.profile = "x"
    with pytest.raises(PermissionDenied):
        services.expert_update(user=expert, expert=other, expected_version=other.version)
    with pytest.raises(PermissionDenied):
        services.expert_validate(user=expert, expert=own)


def test_expert_cannot_open_the_edit_page_of_another(client, expert, council_member):
    other = ExpertFactory.create(user=council_member)
    client.force_login(expert)
    assert client.get(reverse("experts:expert_edit", args=[other.pk])).status_code == 403
    assert client.post(reverse("experts:expert_validate", args=[other.pk])).status_code == 403


def test_department_validates_after_confirmation(client, dept_officer):
    profile = ExpertFactory.create(status=ProfileStatus.SUBMITTED)
    client.force_login(dept_officer)
    url = reverse("experts:expert_validate", args=[profile.pk])
    assert client.get(url).status_code == 200
    assert Expert.objects.get(pk=profile.pk).status == ProfileStatus.SUBMITTED
    assert client.post(url).status_code == 302
    profile = Expert.objects.get(pk=profile.pk)
    assert profile.status == ProfileStatus.VALIDATED and profile.validated_by == dept_officer


def test_delete_is_soft_and_asks_first(client, dept_officer):
    profile = ExpertFactory.create()
    client.force_login(dept_officer)
    url = reverse("experts:expert_delete", args=[profile.pk])
    assert client.get(url).status_code == 200
    assert Expert.objects.filter(pk=profile.pk).exists()
    client.post(url)
    assert not Expert.objects.filter(pk=profile.pk).exists()
    assert Expert.all_objects.get(pk=profile.pk).deleted_at is not None


def test_me_creates_a_draft_from_the_account_then_submits(client, expert):
    expert.email = "chuyengia@example.vn"
    expert.save()
    client.force_login(expert)
    response = client.get(reverse("experts:expert_me"))
    assert response.status_code == 200
    own = Expert.objects.get(user=expert)
    assert own.full_name == "Chuyên gia" and own.email == "chuyengia@example.vn"
    assert own.status == ProfileStatus.DRAFT
    client.get(reverse("experts:expert_me"))
    assert Expert.objects.filter(user=expert).count() == 1
    # Sending without a field group is refused with a message; then the expert fills it in.
    client.post(reverse("experts:expert_me"), {"action": "submit"})
    assert Expert.objects.get(user=expert).status == ProfileStatus.DRAFT
    own.field = ScienceField.AGRICULTURAL
    own.save()
    client.post(reverse("experts:expert_me"), {"action": "submit"})
    assert Expert.objects.get(user=expert).status == ProfileStatus.SUBMITTED


def test_me_edit_form_saves_consent(client, expert):
    client.force_login(expert)
    client.get(reverse("experts:expert_me"))
    own = Expert.objects.get(user=expert)
    data = {
        "full_name": "Chuyên gia Nông nghiệp",
        "field": ScienceField.AGRICULTURAL,
        "subfields": ["401", "403"],
        "keywords": "lúa, thú y",
        "availability": "available",
        "public_consent": "on",
        "loaded_version": own.version,
    }
    response = client.post(reverse("experts:expert_me") + "?edit=1", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    own = Expert.objects.get(user=expert)
    assert own.subfields == " 401 403 " and own.public_consent and own.consent_at is not None


def test_commune_officer_has_no_me_page(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("experts:expert_me")).status_code == 403
    assert not Expert.objects.exists()


def test_history_page_shows_the_changes(client, dept_officer):
    profile = services.expert_create(user=dept_officer, full_name="Vũ Sử", field=ScienceField.HUMANITIES)
    profile.languages = "Tiếng Pháp"
    services.expert_update(user=dept_officer, expert=profile, expected_version=profile.version)
    client.force_login(dept_officer)
    page = client.get(reverse("experts:expert_history", args=[profile.pk])).content.decode()
    assert "Tiếng Pháp" in page
