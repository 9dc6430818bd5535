"""The track record is computed from research and meetings, filtered by the viewer's scope, and
the list and profile pages cost a fixed number of queries."""

import pytest
from django.urls import reverse

from khcn.experts.selectors.experts import expert_track_record
from khcn.experts.tests.factories import ExpertFactory
from khcn.meetings.models import Attendee, AttendeeKind, MeetingUnit
from khcn.meetings.tests.factories import MeetingFactory
from khcn.research.models import Council, CouncilKind, CouncilMember, TaskMember
from khcn.research.tests.factories import ResearchTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(expert, council_member, ward_a, ward_b):  # type: ignore[no-untyped-def]
    """The expert leads one task, sits on one council and attended a session of ward A; a
    task they are only named in (no account link) and other people's records do not count."""
    profile = ExpertFactory.create(user=expert, full_name="Chuyên gia")
    led = ResearchTaskFactory.create(title="Giống lúa chịu mặn", pi_user=expert)
    ResearchTaskFactory.create(title="Nhiệm vụ của người khác", pi_user=council_member)
    named = ResearchTaskFactory.create(title="Chỉ có tên trong danh sách")
    TaskMember.objects.create(task=named, name="Chuyên gia")
    council = Council.objects.create(kind=CouncilKind.ACCEPTANCE, task=led, name="Hội đồng nghiệm thu lúa")
    CouncilMember.objects.create(council=council, user=expert)
    meeting_a = MeetingFactory.create(title="Làm việc với xã Mê Linh")
    MeetingUnit.objects.create(meeting=meeting_a, unit=ward_a)
    Attendee.objects.create(meeting=meeting_a, kind=AttendeeKind.EXPERT, name="Chuyên gia", user=expert)
    meeting_b = MeetingFactory.create(title="Làm việc với phường Quang Minh")
    MeetingUnit.objects.create(meeting=meeting_b, unit=ward_b)
    Attendee.objects.create(meeting=meeting_b, kind=AttendeeKind.EXPERT, name="Chuyên gia", user=expert)
    return profile


def test_department_sees_the_whole_track_record(dept_officer, record):
    result = expert_track_record(expert=record, user=dept_officer)
    assert [t.title for t in result.tasks] == ["Giống lúa chịu mặn"]
    assert [s.council.name for s in result.council_seats] == ["Hội đồng nghiệm thu lúa"]
    assert {a.meeting.title for a in result.attendances} == {
        "Làm việc với xã Mê Linh",
        "Làm việc với phường Quang Minh",
    }


def test_commune_officer_sees_only_the_records_of_their_scope(officer_a, record):
    result = expert_track_record(expert=record, user=officer_a)
    assert result.tasks == [] and result.council_seats == []
    assert [a.meeting.title for a in result.attendances] == ["Làm việc với xã Mê Linh"]


def test_profile_without_account_has_no_track_record(dept_officer):
    result = expert_track_record(expert=ExpertFactory.create(), user=dept_officer)
    assert result.empty


def test_profile_page_shows_the_track_record(client, dept_officer, record):
    client.force_login(dept_officer)
    page = client.get(reverse("experts:expert_detail", args=[record.pk])).content.decode()
    assert "Giống lúa chịu mặn" in page and "Hội đồng nghiệm thu lúa" in page
    assert "Chỉ có tên trong danh sách" not in page and "Nhiệm vụ của người khác" not in page


def _count(client, url):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request of a session warms caches (menu, scope)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_profile_page_queries_do_not_grow_with_the_record(
    client, dept_officer, record, expert, ward_a, django_assert_num_queries
):
    client.force_login(dept_officer)
    url = reverse("experts:expert_detail", args=[record.pk])
    before = _count(client, url)
    for n in range(3):
        task = ResearchTaskFactory.create(title=f"Nhiệm vụ thêm {n}", pi_user=expert)
        council = Council.objects.create(kind=CouncilKind.ACCEPTANCE, task=task, name=f"Hội đồng {n}")
        CouncilMember.objects.create(council=council, user=expert)
        meeting = MeetingFactory.create(title=f"Buổi thêm {n}")
        MeetingUnit.objects.create(meeting=meeting, unit=ward_a)
        Attendee.objects.create(meeting=meeting, kind=AttendeeKind.EXPERT, name="Chuyên gia", user=expert)
    with django_assert_num_queries(before):
        page = client.get(url).content.decode()
    assert "Nhiệm vụ thêm 2" in page and "Hội đồng 2" in page and "Buổi thêm 2" in page


def test_list_queries_do_not_grow_with_the_rows(client, dept_officer, django_assert_num_queries):
    ExpertFactory.create_batch(2)
    client.force_login(dept_officer)
    url = reverse("experts:expert_list")
    before = _count(client, url)
    ExpertFactory.create_batch(8)
    with django_assert_num_queries(before):
        assert client.get(url).status_code == 200
