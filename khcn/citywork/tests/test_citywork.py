"""The Department as a reporting party: sessions with the city, its requests to the city, the
leaders' directives, the city board and the report to the city."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khcn.citywork import selectors, services
from khcn.citywork.city_figures import directives_on_time
from khcn.citywork.models import CityRank, CityReport, ReportStatus
from khcn.core import city_figures
from khcn.core.city_figures import CityFigure
from khcn.core.concurrency import StaleObjectError
from khcn.documents.testing import open_docx, table_rows
from khcn.geo.models import Organisation, OrganisationKind
from khcn.meetings import services as meeting_services
from khcn.meetings.models import AssigneeKind, FollowUpKind, FollowUpStatus, MeetingLevel
from khcn.reporting import services as reporting_services
from khcn.reporting.tests.helpers import entries, fill

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def office(department):
    return Organisation.objects.create(
        name="Phòng Quản lý khoa học", kind=OrganisationKind.DEPARTMENT_OFFICE, unit=department.unit, parent=department
    )


@pytest.fixture
def city_session(dept_officer, province):
    return meeting_services.meeting_create(
        user=dept_officer,
        level=MeetingLevel.CITY,
        title="Bí thư Thành ủy làm việc với Sở",
        starts_at=datetime(2026, 3, 10, 8, 30, tzinfo=HANOI),
        place="185 Giảng Võ",
        units=[province],
        chair="Bí thư Thành ủy",
    )


@pytest.fixture
def figure(monkeypatch):
    """One figure of the board with a known value per year, on a registry of its own."""
    monkeypatch.setattr(city_figures, "_FIGURES", {})
    known = CityFigure(
        key="test.appraised",
        label="Dự án được thẩm định công nghệ",
        value=lambda year: {2025: 1234}.get(year),
        url=lambda year: f"/appraisal/?year={year}",
        group="Quản lý công nghệ",
    )
    city_figures.register(known)
    return known


def _request(user, meeting, province, **kwargs):
    data = {
        "kind": FollowUpKind.REQUEST,
        "text": "Đầu tư phòng thử nghiệm, hiệu chuẩn cho lĩnh vực đo lường",
        "assignee_kind": AssigneeKind.CITY,
        "assignee_name": "Sở Kế hoạch và Đầu tư",
    }
    return meeting_services.item_add(user=user, meeting=meeting, unit=province, **{**data, **kwargs})


def test_a_city_session_has_the_province_as_its_only_party(dept_officer, province, ward_a):
    start = datetime(2026, 3, 10, 8, tzinfo=HANOI)
    common = {"user": dept_officer, "title": "Làm việc với Thành phố", "starts_at": start, "place": "Trụ sở"}
    with pytest.raises(ValidationError) as error:
        meeting_services.meeting_create(**common, level=MeetingLevel.CITY, units=[ward_a])
    assert error.value.code == "city_units"
    with pytest.raises(ValidationError) as error:
        meeting_services.meeting_create(**common, units=[province, ward_a])
    assert error.value.code == "units"
    meeting = meeting_services.meeting_create(**common, level=MeetingLevel.CITY, units=[province])
    assert meeting.level == MeetingLevel.CITY
    assert list(meeting.cluster.values_list("unit_id", flat=True)) == [province.pk]


def test_a_request_names_the_city_body_and_a_directive_its_owner(dept_officer, city_session, province, office):
    with pytest.raises(ValidationError) as error:
        _request(dept_officer, city_session, province, assignee_name="")
    assert "assignee_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _request(dept_officer, city_session, province, assignee_kind=AssigneeKind.OFFICE, assignee_office=office)
    assert "assignee_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        meeting_services.item_add(
            user=dept_officer,
            meeting=city_session,
            unit=province,
            kind=FollowUpKind.DIRECTIVE,
            text="Đi đầu xây dựng thành phố thông minh",
            assignee_kind=AssigneeKind.OFFICE,
        )
    assert "assignee_office" in error.value.message_dict
    item = _request(dept_officer, city_session, province)
    assert item.assignee_label() == "Sở Kế hoạch và Đầu tư"


def test_a_commune_officer_sees_none_of_the_departments_work_with_the_city(
    client, dept_officer, officer_a, city_session, province
):
    _request(dept_officer, city_session, province)
    assert selectors.city_meetings(user=officer_a).count() == 0
    assert selectors.city_items(user=officer_a, kind=FollowUpKind.REQUEST).count() == 0
    assert selectors.city_items(user=dept_officer, kind=FollowUpKind.REQUEST).count() == 1
    client.force_login(officer_a)
    assert client.get(reverse("citywork:overview")).status_code == 403
    assert client.get(reverse("meetings:meeting_detail", args=[city_session.pk])).status_code == 404


def test_overview_lists_requests_and_directives_with_constant_queries(
    client, dept_officer, city_session, province, office, django_assert_max_num_queries
):
    client.force_login(dept_officer)
    _request(dept_officer, city_session, province)
    client.get(reverse("citywork:overview"))  # warm the caches
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("citywork:overview"))
    for n in range(4):
        _request(dept_officer, city_session, province, text=f"Kiến nghị bổ sung số {n + 2} với Thành phố")
        meeting_services.item_add(
            user=dept_officer,
            meeting=city_session,
            unit=province,
            kind=FollowUpKind.DIRECTIVE,
            text=f"Chỉ đạo số {n + 1} của Bí thư Thành ủy",
            assignee_kind=AssigneeKind.OFFICE,
            assignee_office=office,
            due_on=date(2026, 6, 30),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("citywork:overview"))
    page = response.content.decode()
    assert "Kiến nghị bổ sung số 5 với Thành phố" in page
    assert "Chỉ đạo số 4 của Bí thư Thành ủy" in page
    assert "Sở Kế hoạch và Đầu tư" in page


def test_directives_done_on_time_share_is_hand_computed(dept_officer, city_session, province, office, time_machine):
    time_machine.move_to(datetime(2026, 3, 11, 9, tzinfo=HANOI))
    items = [
        meeting_services.item_add(
            user=dept_officer,
            meeting=city_session,
            unit=province,
            kind=FollowUpKind.DIRECTIVE,
            text=f"Chỉ đạo thứ {n} với Sở",
            assignee_kind=AssigneeKind.OFFICE,
            assignee_office=office,
            due_on=date(2026, 6, 30),
        )
        for n in range(1, 5)
    ]
    # one done before its deadline, one done after it, one answered, one left open
    for item, day, status in [
        (items[0], date(2026, 6, 1), FollowUpStatus.DONE),
        (items[1], date(2026, 7, 15), FollowUpStatus.DONE),
        (items[2], date(2026, 6, 10), FollowUpStatus.ANSWERED),
    ]:
        when = datetime.combine(day, datetime.min.time(), tzinfo=HANOI) + timedelta(hours=10)
        time_machine.move_to(when)
        meeting_services.item_respond(user=dept_officer, item=item, text="Đã thực hiện", status=status, when=when)
    assert directives_on_time(2026) == Decimal("25.0")  # 1 of 4
    assert directives_on_time(2025) is None


def test_board_shows_each_figure_its_link_and_the_rank_entered(client, dept_officer, figure):
    client.force_login(dept_officer)
    page = client.get(reverse("citywork:board") + "?year=2025").content.decode()
    assert "1.234" in page and "/appraisal/?year=2025" in page
    response = client.post(reverse("citywork:rank_edit", args=["test.appraised", 2025]), {"rank": "1", "source": "Bộ"})
    assert response.status_code == 302
    assert CityRank.objects.get(figure_key="test.appraised", year=2025).national_rank == 1
    assert "Thứ 1" in client.get(reverse("citywork:board") + "?year=2025").content.decode()
    for bad in ["0", "64", "abc"]:
        response = client.post(reverse("citywork:rank_edit", args=["test.appraised", 2025]), {"rank": bad})
        assert response.status_code == 422
    assert client.get(reverse("citywork:board") + "?year=1900").status_code == 400
    assert client.get(reverse("citywork:rank_edit", args=["no.such", 2025])).status_code == 404
    client.post(reverse("citywork:rank_edit", args=["test.appraised", 2025]), {"rank": ""})
    assert not CityRank.objects.exists()  # an empty rank clears it


def test_board_export_is_a_workbook_of_what_the_page_shows(client, dept_officer, figure):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(dept_officer)
    response = client.get(reverse("citywork:board") + "?year=2025&export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [rows[-1][2], rows[-1][3]] == ["Dự án được thẩm định công nghệ", "1.234"]


def test_draft_report_holds_the_figures_and_the_open_requests(dept_officer, city_session, province, figure):
    _request(dept_officer, city_session, province)
    draft = services.report_draft(user=dept_officer, year=2025)
    assert "Dự án được thẩm định công nghệ: 1.234." in draft["results"]
    assert "Đầu tư phòng thử nghiệm, hiệu chuẩn cho lĩnh vực đo lường (Sở Kế hoạch và Đầu tư)." in draft["proposals"]


def test_report_docx_carries_the_figures_computed_from_the_registries(client, dept_officer, figure):
    client.force_login(dept_officer)
    CityRank.objects.create(figure_key="test.appraised", year=2025, national_rank=1)
    data = {
        "kind": "annual",
        "recipient": "city",
        "year": "2025",
        "number": "125/BC-SKHCN",
        "title": "Kết quả công tác năm 2025",
        "results": "Hoàn thành các chỉ tiêu.",
        "difficulties": "Kinh phí còn hạn chế.",
        "proposals": "Đầu tư phòng thử nghiệm.",
        "next_tasks": "Đẩy mạnh chuyển đổi số.",
        "status": "draft",
    }
    response = client.post(reverse("citywork:report_create"), data)
    report = CityReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    doc = open_docx(client.get(reverse("citywork:report_docx", args=[report.pk])).content)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kính gửi: Ủy ban nhân dân Thành phố Hà Nội." in text
    assert "Hoàn thành các chỉ tiêu." in text and "Đẩy mạnh chuyển đổi số." in text
    figures = table_rows(doc.tables[-2])
    assert ["1", "Dự án được thẩm định công nghệ", "1.234", "Thứ 1"] in figures


def test_a_failed_submit_keeps_the_text_and_a_stale_edit_is_refused(client, dept_officer, dept_leader):
    client.force_login(dept_officer)
    response = client.post(reverse("citywork:report_create"), {"year": "2025", "title": "Báo", "results": "Giữ lại"})
    assert response.status_code == 422
    assert "Giữ lại" in response.content.decode()
    report = CityReport.objects.create(year=2025, title="Báo cáo kết quả năm 2025")
    report.title = "Bản của lãnh đạo"
    services.report_update(user=dept_leader, report=report, expected_version=1)
    stale = CityReport.objects.get(pk=report.pk)
    stale.title = "Bản cũ"
    with pytest.raises(StaleObjectError):
        services.report_update(user=dept_officer, report=stale, expected_version=1)


def test_a_sent_report_needs_its_date_and_cannot_be_deleted(client, dept_officer):
    report = CityReport.objects.create(year=2025, title="Báo cáo kết quả năm 2025")
    report.status = ReportStatus.SENT
    with pytest.raises(ValidationError):
        services.report_update(user=dept_officer, report=report, expected_version=1)
    report = CityReport.objects.get(pk=report.pk)
    report.status, report.sent_on = ReportStatus.SENT, date(2025, 12, 20)
    services.report_update(user=dept_officer, report=report, expected_version=1)
    client.force_login(dept_officer)
    response = client.post(reverse("citywork:report_delete", args=[report.pk]))
    assert response.status_code == 422
    assert CityReport.objects.filter(pk=report.pk).exists()
    draft = CityReport.objects.create(year=2025, title="Dự thảo báo cáo năm 2025")
    client.post(reverse("citywork:report_delete", args=[draft.pk]))
    assert not CityReport.objects.filter(pk=draft.pk).exists()


def test_the_api_lists_the_reports_to_the_department_only(client, dept_officer, officer_a):
    CityReport.objects.create(year=2025, title="Báo cáo kết quả năm 2025", number="125/BC-SKHCN")
    CityReport.objects.create(year=2024, title="Báo cáo kết quả năm 2024")
    client.force_login(dept_officer)
    body = client.get("/api/v1/city-reports/", {"year": 2025}).json()
    assert [r["number"] for r in body["results"]] == ["125/BC-SKHCN"]
    assert client.get("/api/v1/city-reports/", {"year": 1800}).status_code == 400
    client.force_login(officer_a)
    assert client.get("/api/v1/city-reports/").json()["results"] == []


def test_the_api_gives_the_board_to_the_department_only(client, dept_officer, officer_a, figure):
    CityRank.objects.create(figure_key="test.appraised", year=2025, national_rank=1, source="Bộ KH&CN")
    client.force_login(dept_officer)
    body = client.get("/api/v1/city-board/", {"year": 2025}).json()
    assert body["results"] == [
        {
            "number": 1,
            "key": "test.appraised",
            "label": "Dự án được thẩm định công nghệ",
            "group": "Quản lý công nghệ",
            "value": 1234.0,
            "shown": "1.234",
            "url": "/appraisal/?year=2025",
            "national_rank": 1,
            "rank_source": "Bộ KH&CN",
        }
    ]
    empty = client.get("/api/v1/city-board/", {"year": 2024}).json()["results"][0]
    assert (empty["value"], empty["shown"], empty["national_rank"]) == (None, "—", None)
    for bad in ["1800", "abc", "3001"]:
        response = client.get("/api/v1/city-board/", {"year": bad})
        assert response.status_code == 400 and "year" in response.json()
    client.force_login(officer_a)
    assert client.get("/api/v1/city-board/", {"year": 2025}).json()["results"] == []


def test_report_docx_adds_the_programmes_indicators_from_the_units_reports(
    client, dept_officer, period, officer_a, ward_a, indicators, time_machine
):
    """The year's whole round (not the half-year one) of the programme, as the units reported
    it: Mê Linh's approved report gives the city figures, each with the number of reports."""
    time_machine.move_to(datetime(2026, 12, 22, 10, tzinfo=HANOI), tick=False)
    sent = fill(period=period, unit=ward_a, user=officer_a, values=entries(indicators), submit=True)
    reporting_services.report_approve(report=sent, user=dept_officer)
    report = CityReport.objects.create(year=2026, title="Kết quả công tác năm 2026", results="Đạt.")
    client.force_login(dept_officer)
    doc = open_docx(client.get(reverse("citywork:report_docx", args=[report.pk])).content)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kết quả thực hiện Chương trình thử (Năm 2026, tổng hợp từ báo cáo của các đơn vị):" in text
    table = next(t for t in doc.tables if table_rows(t)[0][-1] == "Số đơn vị báo cáo")
    rows = {row[1]: row for row in table_rows(table)[1:]}
    received = rows[indicators["received"].name]
    assert received[2:] == ["1.200 hồ sơ", "", "1"]
    assert rows[indicators["cashless"].name][2:4] == ["87%", "90%"]
    assert indicators["budget"].name not in rows  # nobody reported it
    assert [row[0] for row in table_rows(table)[1:]] == [str(n) for n in range(1, len(rows) + 1)]
    # Another year has no round: no programme table at all.
    other = CityReport.objects.create(year=2025, title="Kết quả công tác năm 2025")
    doc = open_docx(client.get(reverse("citywork:report_docx", args=[other.pk])).content)
    assert not any(table_rows(t)[0][-1] == "Số đơn vị báo cáo" for t in doc.tables)
