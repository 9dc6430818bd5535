"""Working sessions and follow-up items: the flow, scopes, the board and the documents."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khcn.core.concurrency import StaleObjectError
from khcn.documents.testing import open_docx
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind
from khcn.meetings import selectors, services
from khcn.meetings.models import AssigneeKind, AttendeeKind, FollowUpKind, FollowUpStatus, MeetingStatus, Topic

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def office(department):
    return Organisation.objects.create(
        name="Phòng Quản lý khoa học", kind=OrganisationKind.DEPARTMENT_OFFICE, unit=department.unit, parent=department
    )


@pytest.fixture
def ward_c(db):
    return AdminUnit.objects.current().get(name="Tiến Thắng", level="commune")


@pytest.fixture
def session(dept_officer, ward_a, ward_b):
    """Xã Mê Linh and Xã Quang Minh meet the Department at Mê Linh's office."""
    return services.meeting_create(
        user=dept_officer,
        title="Làm việc với cụm Mê Linh về kế hoạch KH&CN năm 2027",
        starts_at=datetime(2026, 7, 19, 8, 30, tzinfo=HANOI),
        place="Trụ sở UBND xã Mê Linh",
        host_unit=ward_a,
        units=[ward_a, ward_b],
        chair="Nguyễn Quốc Hà, Phó Giám đốc Sở",
        prepare="Báo cáo 6 tháng; đề xuất nhiệm vụ KH&CN năm 2027",
        prepare_by=date(2026, 7, 15),
    )


@pytest.fixture
def other_session(dept_officer, ward_b, ward_c):
    return services.meeting_create(
        user=dept_officer,
        title="Làm việc với xã Tiến Thắng",
        starts_at=datetime(2026, 7, 20, 8, 30, tzinfo=HANOI),
        place="Trụ sở UBND xã Tiến Thắng",
        units=[ward_c],
    )


def test_only_the_department_creates_sessions(officer_a, ward_a):
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            user=officer_a,
            title="Buổi làm việc",
            starts_at=datetime(2026, 7, 1, tzinfo=HANOI),
            place="x",
            units=[ward_a],
        )


def test_session_flow(session, dept_officer, officer_a, office, ward_a, ward_b, ward_c, time_machine):
    time_machine.move_to(datetime(2026, 7, 19, 11, tzinfo=HANOI), tick=False)
    leader = services.attendee_add(
        user=dept_officer,
        meeting=session,
        kind=AttendeeKind.DEPARTMENT_LEADER,
        name="Nguyễn Quốc Hà",
        position="Phó Giám đốc Sở",
    )
    absent = services.attendee_add(
        user=dept_officer, meeting=session, kind=AttendeeKind.UNIT_LEADER, name="Lãnh đạo xã Quang Minh", unit=ward_b
    )
    assert (
        services.attendance_record(user=dept_officer, meeting=session, attended={leader.pk: True, absent.pk: False})
        == 2
    )
    session.refresh_from_db()
    assert session.status == MeetingStatus.HELD

    with pytest.raises(ValidationError):
        services.minutes_save(
            user=dept_officer,
            meeting=session,
            expected_version=session.version,
            minutes="",
            conclusion=" ",
            unit_notes={},
            conclude=True,
        )
    services.minutes_save(
        user=dept_officer,
        meeting=session,
        expected_version=session.version,
        minutes="Các xã báo cáo kết quả.",
        conclusion="Đẩy mạnh thông tin tuyên truyền.\nThực hiện nghiêm việc báo cáo định kỳ.",
        unit_notes={ward_a.pk: "Xã Mê Linh: 100% hồ sơ trực tuyến đúng hạn."},
        conclude=True,
    )
    session.refresh_from_db()
    assert session.status == MeetingStatus.CONCLUDED
    assert session.cluster.get(unit=ward_a).notes.startswith("Xã Mê Linh")

    request = services.item_add(
        user=dept_officer,
        meeting=session,
        unit=ward_a,
        kind=FollowUpKind.REQUEST,
        text="Tổ chức tập huấn nâng cao nghiệp vụ KH&CN cho công chức xã",
        assignee_office=office,
        due_on=date(2026, 9, 30),
    )
    assert request.topic == Topic.TRAINING, "the topic is guessed from the text"
    directive = services.item_add(
        user=dept_officer,
        meeting=session,
        unit=ward_a,
        kind=FollowUpKind.DIRECTIVE,
        text="Thực hiện nghiêm việc báo cáo định kỳ",
        assignee_kind=AssigneeKind.UNIT,
        due_on=date(2026, 8, 1),
    )
    with pytest.raises(ValidationError):  # Tiến Thắng was not in this cluster
        services.item_add(
            user=dept_officer,
            meeting=session,
            unit=ward_c,
            kind=FollowUpKind.REQUEST,
            text="Một kiến nghị khác",
        )
    with pytest.raises(ValidationError):  # a unit cannot issue directives
        services.item_add(user=officer_a, unit=ward_a, kind=FollowUpKind.DIRECTIVE, text="Chỉ đạo của xã")

    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    services.item_respond(
        user=officer_a,
        item=directive,
        text="Đã ban hành kế hoạch báo cáo định kỳ.",
        status=FollowUpStatus.ANSWERED,
        upload=upload,
    )
    with pytest.raises(ValidationError):  # only the Department rejects
        services.item_respond(user=officer_a, item=request, text="x", status=FollowUpStatus.REJECTED)
    with pytest.raises(ValidationError) as missing:
        services.item_respond(user=dept_officer, item=request, text="Không thuộc thẩm quyền", status="rejected")
    assert missing.value.code == services.REASON_REQUIRED
    services.item_respond(
        user=dept_officer,
        item=directive,
        text="Sở ghi nhận.",
        status=FollowUpStatus.DONE,
        resolution="Kế hoạch số 12/KH-UBND",
    )
    directive.refresh_from_db()
    assert directive.status == FollowUpStatus.DONE and directive.closed_at is not None
    assert [r.status for r in directive.responses.all()] == ["answered", "done"]
    assert directive.responses.first().file_name == "bao-cao.pdf"
    assert directive.history.count() >= 3


def test_stale_response_is_refused(session, dept_officer, officer_a, ward_a):
    item = services.item_add(user=dept_officer, meeting=session, unit=ward_a, kind="request", text="Hỗ trợ kinh phí")
    loaded = item.version
    services.item_respond(user=dept_officer, item=item, text="Đang xem xét", status="in_progress")
    with pytest.raises(StaleObjectError):
        services.item_respond(user=officer_a, item=item, text="Bổ sung thông tin", expected_version=loaded)


def test_a_unit_sees_only_its_items_and_its_sessions(
    client, session, other_session, dept_officer, officer_a, officer_b, ward_a, ward_b, ward_c
):
    mine = services.item_add(
        user=dept_officer, meeting=session, unit=ward_a, kind="request", text="Kiến nghị của Mê Linh"
    )
    theirs = services.item_add(
        user=dept_officer, meeting=session, unit=ward_b, kind="request", text="Kiến nghị Quang Minh"
    )
    assert set(selectors.followup_list(user=officer_a)) == {mine}
    assert set(selectors.meeting_list(user=officer_a)) == {session}
    assert set(selectors.meeting_list(user=officer_b)) == {session}
    assert set(selectors.meeting_list(user=dept_officer)) == {session, other_session}

    client.force_login(officer_a)
    assert client.get(reverse("meetings:item_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("meetings:meeting_detail", args=[other_session.pk])).status_code == 404
    page = client.get(reverse("meetings:meeting_detail", args=[session.pk])).content.decode()
    assert "Kiến nghị của Mê Linh" in page and "Kiến nghị Quang Minh" not in page
    assert client.post(reverse("meetings:item_respond", args=[theirs.pk]), {"text": "x"}).status_code == 404
    assert client.get(reverse("meetings:board")).status_code == 403
    export = client.get(reverse("meetings:item_list") + "?export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    texts = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert texts[-1] == "Kiến nghị của Mê Linh" and "Kiến nghị Quang Minh" not in texts


def test_board_counts_match_hand_computation(session, dept_officer, office, ward_a, ward_b, time_machine):
    time_machine.move_to(datetime(2026, 8, 10, 9, tzinfo=HANOI), tick=False)
    make = lambda unit, due, **kw: services.item_add(  # noqa: E731
        user=dept_officer, meeting=session, unit=unit, kind="request", text="Kiến nghị " + str(due), due_on=due, **kw
    )
    a1 = make(ward_a, date(2026, 8, 1), assignee_office=office)  # overdue
    a2 = make(ward_a, date(2026, 9, 1), assignee_office=office)  # open, not due
    b1 = make(ward_b, date(2026, 8, 20))  # done on time
    b2 = make(ward_b, date(2026, 8, 5))  # done late
    services.item_respond(user=dept_officer, item=b1, text="Xong", status="done")
    services.item_respond(
        user=dept_officer, item=b2, text="Xong", status="done", when=datetime(2026, 8, 9, 9, tzinfo=HANOI)
    )
    board = selectors.followup_board(user=dept_officer)
    assert (board.totals.total, board.totals.open, board.totals.overdue, board.totals.done) == (4, 2, 1, 2)
    assert board.totals.on_time_percent == 33, "1 closed on time out of 3 due: 2 closed, 1 overdue"
    units = {line.key: line for line in board.by_unit}
    assert (units[ward_a.pk].open, units[ward_a.pk].overdue) == (2, 1)
    assert units[ward_b.pk].on_time_percent == 50
    offices = {line.key: line for line in board.by_office}
    assert offices[office.pk].total == 2 and offices[None].total == 2
    assert board.by_unit[0].key == ward_a.pk, "most overdue first"
    assert a1.is_overdue and not a2.is_overdue


def test_board_queries_do_not_grow(client, session, dept_officer, ward_a, ward_b, django_assert_max_num_queries):
    client.force_login(dept_officer)
    for i in range(30):
        services.item_add(user=dept_officer, unit=ward_a if i % 2 else ward_b, kind="request", text=f"Kiến nghị {i}")
    with django_assert_max_num_queries(13):  # 13: with the header's unread count
        assert client.get(reverse("meetings:board")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("meetings:item_list")).status_code == 200


def test_conclusion_notice_and_invitation_docx(client, session, dept_officer, office, ward_a, ward_b):
    services.attendee_add(
        user=dept_officer,
        meeting=session,
        kind=AttendeeKind.EXPERT,
        name="PGS.TS Trần Văn A",
        position="Học viện Nông nghiệp Việt Nam",
    )
    services.minutes_save(
        user=dept_officer,
        meeting=session,
        expected_version=session.version,
        minutes="",
        conclusion="Đẩy mạnh thông tin tuyên truyền về Chương trình 07-CTr/TU.",
        unit_notes={},
        conclude=True,
    )
    services.item_add(
        user=dept_officer,
        meeting=session,
        unit=ward_a,
        kind="directive",
        text="Thực hiện nghiêm việc báo cáo định kỳ",
        assignee_kind=AssigneeKind.UNIT,
        due_on=date(2026, 8, 1),
    )
    request = services.item_add(
        user=dept_officer,
        meeting=session,
        unit=ward_b,
        kind="request",
        text="Hỗ trợ xử lý ô nhiễm làng nghề",
        assignee_office=office,
    )
    services.item_respond(user=dept_officer, item=request, text="Sở hướng dẫn đề xuất đặt hàng nhiệm vụ năm 2027")
    client.force_login(dept_officer)
    response = client.get(reverse("meetings:notice_docx", args=[session.pk]))
    assert response.status_code == 200
    doc = open_docx(response.content)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "THÔNG BÁO" in text
    assert "Đẩy mạnh thông tin tuyên truyền về Chương trình 07-CTr/TU." in text
    assert "1. Thực hiện nghiêm việc báo cáo định kỳ (Xã Mê Linh, hạn 1/8/2026)." in text
    assert "Xã Quang Minh: Hỗ trợ xử lý ô nhiễm làng nghề — Sở hướng dẫn đề xuất đặt hàng nhiệm vụ năm 2027." in text
    assert "Ủy ban nhân dân xã Mê Linh và xã Quang Minh" in text
    assert "{{" not in text and "{%" not in text

    invitation = open_docx(client.get(reverse("meetings:invitation_docx", args=[session.pk])).content)
    text = "\n".join(p.text for p in invitation.paragraphs)
    assert "GIẤY MỜI" in text
    assert "- Ủy ban nhân dân xã Quang Minh;" in text and "- PGS.TS Trần Văn A, Học viện Nông nghiệp Việt Nam;" in text
    assert "08 giờ 30 phút, Chủ nhật, ngày 19/7/2026" in text
    assert "trước ngày 15/7/2026" in text


def test_pages_render_for_the_department(client, session, dept_officer, ward_a):
    item = services.item_add(user=dept_officer, meeting=session, unit=ward_a, kind="request", text="Hỗ trợ giống cây")
    client.force_login(dept_officer)
    for url in (
        reverse("meetings:meeting_list"),
        reverse("meetings:meeting_list") + "?view=calendar",
        reverse("meetings:meeting_list") + "?q=me+linh",
        reverse("meetings:meeting_detail", args=[session.pk]),
        reverse("meetings:meeting_edit", args=[session.pk]),
        reverse("meetings:meeting_create"),
        reverse("meetings:item_list") + "?state=open",
        reverse("meetings:item_detail", args=[item.pk]),
        reverse("meetings:board"),
        reverse("meetings:unit_page", args=[ward_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Làm việc với cụm Mê Linh" in client.get(reverse("meetings:meeting_list") + "?q=me+linh").content.decode()
    assert "Làm việc với cụm Mê Linh" not in client.get(reverse("meetings:meeting_list") + "?q=xyz").content.decode()


def test_create_page_keeps_input_on_error(client, dept_officer, ward_a):
    client.force_login(dept_officer)
    response = client.post(
        reverse("meetings:meeting_create"),
        {"title": "Làm việc với xã", "starts_at": "", "place": "Trụ sở", "units": [ward_a.pk]},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="Làm việc với xã"' in page and "Trụ sở" in page
    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "title": "Làm việc với xã Mê Linh",
            "starts_at": (datetime(2026, 12, 1, 8, 0)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Trụ sở UBND xã",
            "units": [ward_a.pk],
            "prepare_by": (date(2026, 12, 1) - timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302


def test_public_tracker_shows_only_opted_in_requests_and_answers(client, session, dept_officer, officer_a, ward_a):
    shown = services.item_add(
        user=dept_officer,
        meeting=session,
        unit=ward_a,
        kind="request",
        text="Hỗ trợ mô hình nông nghiệp",
        is_public=True,
    )
    services.item_add(user=dept_officer, meeting=session, unit=ward_a, kind="request", text="Kiến nghị nội bộ")
    upload = SimpleUploadedFile("noi-bo.pdf", b"%PDF-1.4", content_type="application/pdf")
    services.item_respond(user=dept_officer, item=shown, text="Sở kết nối với Học viện Nông nghiệp", upload=upload)
    page = client.get(reverse("meetings:public_tracker")).content.decode()  # anonymous
    assert "Hỗ trợ mô hình nông nghiệp" in page and "Sở kết nối với Học viện Nông nghiệp" in page
    assert "Kiến nghị nội bộ" not in page
    assert "noi-bo.pdf" not in page and dept_officer.get_full_name() not in page


def test_overdue_reminders_reach_who_must_act_once_a_week(
    session, dept_officer, officer_a, office, ward_a, ward_b, time_machine, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.core.management import call_command

    from khcn.accounts.models import RoleGrant

    officer_a.email = "xa@example.vn"
    officer_a.save()
    dept_officer.email = "qlkh@example.vn"
    dept_officer.save()
    RoleGrant.objects.filter(user=dept_officer).update(office=office)
    time_machine.move_to(datetime(2026, 9, 1, 9, tzinfo=HANOI), tick=False)
    services.item_add(
        user=dept_officer,
        meeting=session,
        unit=ward_a,
        kind="directive",
        text="Báo cáo định kỳ",
        assignee_kind=AssigneeKind.UNIT,
        due_on=date(2026, 8, 1),
    )
    services.item_add(
        user=dept_officer,
        meeting=session,
        unit=ward_b,
        kind="request",
        text="Tập huấn cho xã",
        assignee_office=office,
        due_on=date(2026, 8, 15),
    )
    services.item_add(  # not due yet
        user=dept_officer,
        meeting=session,
        unit=ward_a,
        kind="directive",
        text="Việc chưa đến hạn",
        assignee_kind=AssigneeKind.UNIT,
        due_on=date(2026, 12, 1),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the mail is a task queued on commit
        call_command("send_followup_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.to[0] for m in mail.outbox) == ["qlkh@example.vn", "xa@example.vn"]
    to_unit = next(m for m in mail.outbox if m.to == ["xa@example.vn"])
    assert "Báo cáo định kỳ" in to_unit.body and "Việc chưa đến hạn" not in to_unit.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the mail is a task queued on commit
        call_command("send_followup_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == [], "not again the same day"
    time_machine.move_to(datetime(2026, 9, 9, 9, tzinfo=HANOI), tick=False)
    with django_capture_on_commit_callbacks(execute=True):  # the mail is a task queued on commit
        call_command("send_followup_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2, "again a week later"


def test_cached_board_follows_every_change(session, dept_officer, officer_a, ward_a, django_assert_num_queries):
    item = services.item_add(user=dept_officer, meeting=session, unit=ward_a, kind="request", text="Kiến nghị một")
    assert selectors.followup_board(user=dept_officer).totals.open == 1
    with django_assert_num_queries(1):  # the stamp only
        assert selectors.followup_board(user=dept_officer).totals.open == 1
    assert selectors.followup_board(user=officer_a).totals.total == 1, "each scope has its own entry"
    services.item_respond(user=dept_officer, item=item, text="Xong", status="done")
    assert selectors.followup_board(user=dept_officer).totals.open == 0, "an answer shows at once"
    services.item_add(user=dept_officer, meeting=session, unit=ward_a, kind="request", text="Kiến nghị hai")
    assert selectors.followup_board(user=dept_officer).totals.total == 2
    assert selectors.item_counts(user=officer_a)["requests"] == 1
