"""Pages, export and API of the quality app: each is scoped (ward A's officer never sees or
writes ward B's rows), and the pages do what they say."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from khcn.meetings.models import FollowUpStatus, Topic
from khcn.meetings.tests.factories import FollowUpFactory
from khcn.quality.models import CourseFile, Inspection, Participant, QualitySystem, SelfReport
from khcn.quality.tests.factories import CourseFactory, ParticipantFactory, QualitySystemFactory, SelfReportFactory

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _day():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 9, 15, 9, tzinfo=HANOI), tick=False):
        yield


def _xlsx_rows(response) -> list[tuple]:  # type: ignore[no-untyped-def]
    ws = load_workbook(BytesIO(response.content)).active
    assert ws is not None
    return list(ws.iter_rows(values_only=True))


def test_board_page_and_export_hold_only_the_officers_unit(client, officer_a, ward_a, ward_b):
    QualitySystemFactory.create(unit=ward_a, scope='=HYPERLINK("http://x")')
    QualitySystemFactory.create(unit=ward_b)
    client.force_login(officer_a)
    page = client.get("/quality/iso/")
    assert page.status_code == 200
    assert ward_a.full_name in page.content.decode() and ward_b.full_name not in page.content.decode()
    rows = _xlsx_rows(client.get("/quality/iso/?export=xlsx"))
    names = [r[0] for r in rows[2:]]
    assert names == [ward_a.full_name]


def test_board_export_neutralises_formulas(client, dept_officer, ward_a):
    from khcn.geo.models import AdminUnit

    AdminUnit.objects.filter(pk=ward_a.pk).update(name="=1+1")
    client.force_login(dept_officer)
    rows = _xlsx_rows(client.get("/quality/iso/?export=xlsx&q=1%2B1"))
    cells = [c for r in rows[2:] for c in r if isinstance(c, str)]
    assert cells and not any(c.startswith("=") for c in cells)


def test_board_filters_by_gap_and_refuses_bad_values(client, dept_officer, ward_a, ward_b):
    QualitySystemFactory.create(unit=ward_a)
    SelfReportFactory.create(unit=ward_a)
    client.force_login(dept_officer)
    body = client.get("/quality/iso/?gap=no_record&q=Quang").content.decode()
    assert f">{ward_a.full_name}<" not in client.get("/quality/iso/?gap=no_record&q=M%C3%AA").content.decode()
    assert ward_b.full_name in body and f">{ward_a.full_name}<" not in body
    assert client.get("/quality/iso/?gap=nonsense").status_code == 400


def test_unit_page_of_another_unit_is_404(client, officer_a, ward_b):
    client.force_login(officer_a)
    assert client.get(f"/quality/iso/units/{ward_b.pk}/").status_code == 404
    assert client.post(f"/quality/iso/units/{ward_b.pk}/self-report/", {"mode": "none"}).status_code == 404
    assert not SelfReport.objects.exists()


def test_officer_sends_a_self_report_and_the_gap_closes(client, officer_a, ward_a):
    client.force_login(officer_a)
    body = {
        "mode": "self_announcement",
        "announced_on": "01/09/2025",
        "valid_until": "",
        "procedures_total": "120",
        "procedures_in_iso": "120",
        "last_internal_audit_on": "",
        "last_review_on": "02/04/2026",
        "open_corrective_actions": "0",
        "note": "",
    }
    bad = client.post(f"/quality/iso/units/{ward_a.pk}/self-report/", {**body, "procedures_in_iso": "121"})
    assert bad.status_code == 422 and 'value="121"' in bad.content.decode()  # what was typed is kept
    response = client.post(f"/quality/iso/units/{ward_a.pk}/self-report/", body)
    assert response.status_code == 302
    page = client.get(f"/quality/iso/units/{ward_a.pk}/").content.decode()
    assert "Năm nay không còn thiếu sót." in page
    assert QualitySystem.objects.get(unit=ward_a).procedures_in_iso == 120


def test_officer_cannot_edit_the_record_or_inspect(client, officer_a, ward_a):
    client.force_login(officer_a)
    assert client.get(f"/quality/iso/units/{ward_a.pk}/edit/").status_code == 403
    assert client.post(f"/quality/iso/units/{ward_a.pk}/inspections/new/", {}).status_code == 403
    assert not Inspection.objects.exists()


def test_department_records_an_inspection(client, dept_officer, ward_a):
    client.force_login(dept_officer)
    body = {"inspected_on": "10/09/2026", "inspector": "Chi cục TCĐLCL", "findings": "Chưa xem xét của lãnh đạo."}
    assert client.post(f"/quality/iso/units/{ward_a.pk}/inspections/new/", body).status_code == 302
    assert Inspection.objects.get(unit=ward_a).inspector == "Chi cục TCĐLCL"


def test_course_list_detail_and_files_are_scoped(client, officer_a, ward_a, ward_b):
    mine = CourseFactory.create(title="Tập huấn A", units=[ward_a])
    other = CourseFactory.create(title="Tập huấn B", units=[ward_b])
    stored = CourseFile.objects.create(course=other, file="courses/b.pdf", file_name="b.pdf")
    client.force_login(officer_a)
    body = client.get("/quality/courses/").content.decode()
    assert "Tập huấn A" in body and "Tập huấn B" not in body
    rows = _xlsx_rows(client.get("/quality/courses/?export=xlsx"))
    assert [r[0] for r in rows[2:]] == ["Tập huấn A"]
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"/quality/courses/files/{stored.pk}/").status_code == 404


def test_officer_cannot_manage_a_course(client, officer_a, ward_a):
    course = CourseFactory.create(units=[ward_a])
    one = ParticipantFactory.create(course=course)
    client.force_login(officer_a)
    assert client.post(f"/quality/courses/{course.pk}/attendance/", {"attended": [one.pk]}).status_code == 403
    assert client.post(f"/quality/courses/{course.pk}/participants/", {"name": "X"}).status_code == 403
    assert Participant.objects.get(pk=one.pk).attended is None
    assert client.get("/quality/courses/new/").status_code == 403


def test_department_creates_a_course_links_a_request_and_records_attendance(client, dept_officer, officer_a, ward_a):
    item = FollowUpFactory.create(unit=ward_a, topic=Topic.TRAINING, text="Đề nghị tập huấn ISO 9001")
    client.force_login(dept_officer)
    response = client.post(
        "/quality/courses/new/",
        {
            "title": "Tập huấn ISO 9001:2015",
            "kind": "training",
            "starts_on": "05/10/2026",
            "ends_on": "05/10/2026",
            "units_invited": [ward_a.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    pk = int(url.rstrip("/").split("/")[-1])
    assert item.text in client.get(url).content.decode()  # offered in the link form
    assert client.post(f"/quality/courses/{pk}/answers/", {"followup": item.pk}).status_code == 302
    item.refresh_from_db()
    assert item.status == FollowUpStatus.ANSWERED
    client.post(f"/quality/courses/{pk}/participants/", {"account": officer_a.pk})
    person = Participant.objects.get(course_id=pk)
    client.post(f"/quality/courses/{pk}/attendance/", {"attended": [person.pk]})
    assert Participant.objects.get(pk=person.pk).attended is True
    pdf = SimpleUploadedFile("bai-giang.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(f"/quality/courses/{pk}/files/", {"file": pdf, "caption": "Bài giảng"})
    assert CourseFile.objects.filter(course_id=pk).count() == 1
    # the attendee evaluates, and finds the course among theirs
    client.force_login(officer_a)
    assert client.post(f"/quality/courses/{pk}/evaluation/", {"rating": "6"}).status_code == 302
    assert Participant.objects.get(pk=person.pk).rating is None
    client.post(f"/quality/courses/{pk}/evaluation/", {"rating": "5", "comment": "Rất bổ ích"})
    assert Participant.objects.get(pk=person.pk).rating == 5
    assert "Tập huấn ISO 9001:2015" in client.get("/quality/courses/mine/").content.decode()


def test_a_non_attendee_cannot_evaluate(client, officer_a, ward_a):
    course = CourseFactory.create(units=[ward_a])
    ParticipantFactory.create(course=course, user=officer_a, attended=False)
    client.force_login(officer_a)
    assert client.post(f"/quality/courses/{course.pk}/evaluation/", {"rating": "4"}).status_code == 403


# ---- API ----


def test_api_lists_only_the_callers_units(client, officer_a, ward_a, ward_b):
    QualitySystemFactory.create(unit=ward_a, last_review_on=date(2025, 1, 1))
    QualitySystemFactory.create(unit=ward_b)
    SelfReportFactory.create(unit=ward_b)
    CourseFactory.create(title="B only", units=[ward_b])
    client.force_login(officer_a)
    systems = client.get("/api/v1/iso-systems/").json()
    assert [s["unit"] for s in systems["results"]] == [ward_a.pk]
    assert systems["results"][0]["gaps"] == ["no_review", "no_self_report"]
    assert client.get("/api/v1/iso-self-reports/").json()["results"] == []
    assert client.get("/api/v1/courses/").json()["results"] == []
    other = QualitySystem.objects.get(unit=ward_b)
    assert client.get(f"/api/v1/iso-systems/{other.pk}/").status_code == 404
    assert client.post("/api/v1/iso-systems/", {}).status_code == 405


def test_api_course_detail_for_the_department(client, dept_officer, ward_a):
    course = CourseFactory.create(units=[ward_a])
    ParticipantFactory.create(course=course, attended=True)
    client.force_login(dept_officer)
    data = client.get(f"/api/v1/courses/{course.pk}/").json()
    assert data["units_invited"] == [ward_a.pk] and data["attended_count"] == 1


@pytest.mark.parametrize("sort", ["unit", "-valid_until", "last_review_on", "-gap_count", "procedures_in_iso"])
def test_board_sorts_by_each_column_with_empty_cells(client, dept_officer, ward_a, sort):
    QualitySystemFactory.create(unit=ward_a, valid_until=None)
    client.force_login(dept_officer)
    response = client.get(f"/quality/iso/?sort={sort}&q=M%C3%AA%20Linh")
    assert response.status_code == 200
    assert ward_a.full_name in response.content.decode()


def test_the_pages_swap_their_table_for_htmx(client, dept_officer):
    CourseFactory.create(title="Hội thảo chuyển đổi số")
    client.force_login(dept_officer)
    part = client.get("/quality/courses/?q=chuyen doi", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="course-table")
    body = part.content.decode()
    assert "Hội thảo chuyển đổi số" in body and "<html" not in body
    board = client.get("/quality/iso/?q=Quang", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board-table")
    assert "Quang Minh" in board.content.decode() and "<html" not in board.content.decode()
