"""The Department returns a profile waiting for validation to its expert, with a note."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khcn.experts.models import Expert, ProfileStatus
from khcn.experts.services import experts as services
from khcn.notifications.models import Notification, NotificationKind
from khcn.research.models import ScienceField

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(expert):  # type: ignore[no-untyped-def]
    """The expert account's own profile, sent for validation."""
    return Expert.objects.create(
        user=expert, full_name="Trần Văn Gửi", field=ScienceField.AGRICULTURAL, status=ProfileStatus.SUBMITTED
    )


def test_return_needs_a_note_and_sends_the_profile_back_as_a_draft(dept_officer, submitted, expert):
    with pytest.raises(ValidationError) as error:
        services.expert_return(user=dept_officer, expert=submitted, note="   ")
    assert "note" in error.value.message_dict
    returned = services.expert_return(user=dept_officer, expert=submitted, note="Bổ sung công bố chính.")
    assert (returned.status, returned.review_note) == (ProfileStatus.DRAFT, "Bổ sung công bố chính.")
    told = Notification.objects.get(kind=NotificationKind.EXPERT_RETURNED)
    assert told.recipient == expert and "Bổ sung công bố chính." in told.body
    assert told.url == reverse("experts:expert_me")
    # Sending it again clears the note; only a profile waiting for validation can be returned.
    again = services.expert_submit(user=expert, expert=returned)
    assert (again.status, again.review_note) == (ProfileStatus.SUBMITTED, "")
    services.expert_validate(user=dept_officer, expert=again)
    with pytest.raises(ValidationError):
        services.expert_return(user=dept_officer, expert=Expert.objects.get(pk=again.pk), note="Sửa lại.")


def test_only_the_department_returns_and_the_expert_cannot_clear_the_note(officer_a, expert, dept_officer, submitted):  # type: ignore[no-untyped-def]
    for user in (officer_a, expert):
        with pytest.raises(PermissionDenied):
            services.expert_return(user=user, expert=submitted, note="x")
    returned = services.expert_return(user=dept_officer, expert=submitted, note="Thiếu lĩnh vực.")
    returned.review_note = ""
    services.expert_update(user=expert, expert=returned, expected_version=returned.version)
    assert Expert.objects.get(pk=submitted.pk).review_note == "Thiếu lĩnh vực."


def test_return_page_asks_for_the_note_and_the_expert_reads_it(client, dept_officer, expert, submitted):
    url = reverse("experts:expert_return", args=[submitted.pk])
    client.force_login(dept_officer)
    assert "Trả lại kèm ghi chú" in client.get(submitted.get_absolute_url()).content.decode()
    empty = client.post(url, {"note": "", "loaded_version": submitted.version})
    assert empty.status_code == 422 and Expert.objects.get(pk=submitted.pk).status == ProfileStatus.SUBMITTED
    done = client.post(url, {"note": "Ghi rõ nơi làm việc.", "loaded_version": submitted.version})
    assert done.status_code == 302
    client.force_login(expert)
    page = client.get(reverse("experts:expert_me")).content.decode()
    assert "Ghi rõ nơi làm việc." in page
