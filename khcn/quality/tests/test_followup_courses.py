"""A follow-up item's page lists the courses that answer it (through the provider quality
registers with meetings.linked), scoped, in a fixed number of queries."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from khcn.meetings.linked import linked_register, linked_sections
from khcn.meetings.models import FollowUpStatus, Topic
from khcn.meetings.tests.factories import FollowUpFactory
from khcn.quality import services
from khcn.quality.models import CourseAnswer, CourseKind
from khcn.quality.selectors import followup_courses
from khcn.quality.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SECTION = "Khóa tập huấn, hội thảo đáp ứng kiến nghị này"


@pytest.fixture(autouse=True)
def _day():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=HANOI), tick=False):
        yield


@pytest.fixture
def iso_item(ward_a):  # type: ignore[no-untyped-def]
    return FollowUpFactory.create(
        unit=ward_a, topic=Topic.QUALITY, text="Đề nghị Sở hướng dẫn xây dựng quy trình ISO 9001 cho thủ tục mới"
    )


def _page(client, item) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("meetings:item_detail", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str) -> str:
    """The linked courses' section of the item's page ("" when there is none)."""
    start = page.find(SECTION)
    return page[start : page.index("</section>", start)] if start >= 0 else ""


def test_the_items_page_lists_the_course_answering_it_with_kind_dates_and_link(client, dept_officer, ward_a, iso_item):
    course = CourseFactory.create(
        title="Tọa đàm áp dụng ISO 9001:2015", kind=CourseKind.TALK, units=[ward_a],
        starts_on=date(2026, 10, 5), ends_on=date(2026, 10, 6),
    )  # fmt: skip
    client.force_login(dept_officer)
    assert SECTION not in _page(client, iso_item), "no section without a linked course"
    services.course_answers(user=dept_officer, course=course, followup=iso_item)
    section = _section(_page(client, iso_item))
    assert f'<a href="{course.get_absolute_url()}">Tọa đàm áp dụng ISO 9001:2015</a>' in section
    assert "Tọa đàm</span>" in section and "05/10/2026 – 06/10/2026" in section
    iso_item.refresh_from_db()
    assert iso_item.status == FollowUpStatus.ANSWERED


def test_an_iso_guidance_request_is_offered_on_the_course_page(client, dept_officer, ward_a, iso_item):
    course = CourseFactory.create(units=[ward_a])
    client.force_login(dept_officer)
    page = client.get(course.get_absolute_url()).content.decode()
    assert f'<option value="{iso_item.pk}">' in page
    assert client.post(reverse("quality:course_link", args=[course.pk]), {"followup": iso_item.pk}).status_code == 302
    assert iso_item.course_answers.get().course == course


def test_the_items_page_costs_the_same_queries_whatever_the_number_of_courses(
    client, dept_officer, ward_a, iso_item, django_assert_num_queries, django_assert_max_num_queries
):
    first = CourseFactory.create(title="Khóa ISO số 0", units=[ward_a])
    services.course_answers(user=dept_officer, course=first, followup=iso_item)
    client.force_login(dept_officer)
    _page(client, iso_item)  # warm the per-process caches (site settings, content types)
    with django_assert_max_num_queries(30) as one:
        page = _page(client, iso_item)
    assert first.title in _section(page)
    more = [CourseFactory.create(title=f"Khóa ISO số {n}", units=[ward_a]) for n in range(1, 6)]
    for course in more:  # linked rows only: the item's own responses and history stay as they were
        CourseAnswer.objects.create(course=course, followup=iso_item, linked_by=dept_officer)
    with django_assert_num_queries(len(one.captured_queries)):
        page = _page(client, iso_item)
    assert all(course.title in _section(page) for course in more)


def test_a_units_officer_sees_only_the_courses_their_unit_is_invited_to(
    client, dept_officer, officer_a, ward_a, ward_b, iso_item
):
    invited = CourseFactory.create(title="Khóa mời xã Mê Linh", units=[ward_a])
    other = CourseFactory.create(title="Khóa chỉ mời xã Quang Minh", units=[ward_b])
    for course in (invited, other):
        services.course_answers(user=dept_officer, course=course, followup=iso_item)
    client.force_login(officer_a)
    section = _section(_page(client, iso_item))
    assert invited.title in section and other.title not in section
    assert [r.title for r in followup_courses(item=iso_item, user=dept_officer)] == [invited.title, other.title]


def test_a_second_provider_under_the_same_key_is_refused(dept_officer, ward_a, iso_item):
    with pytest.raises(ValueError, match="already registered"):
        linked_register("quality.courses", SECTION, lambda *, item, user: [])
    linked_register("quality.courses", "another heading", followup_courses)  # the same again: no effect
    assert linked_sections(item=iso_item, user=dept_officer) == [], "no linked course: no section"
    services.course_answers(user=dept_officer, course=CourseFactory.create(units=[ward_a]), followup=iso_item)
    [section] = linked_sections(item=iso_item, user=dept_officer)
    assert str(section.heading) == SECTION and len(section.records) == 1
