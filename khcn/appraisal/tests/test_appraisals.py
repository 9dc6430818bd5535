"""Technology appraisals: the time limit and lateness with the time pinned, the services'
rules and scope, the list (late highlighted, filter, export, query count), the API, the city
figures and the reminders."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from khcn.appraisal import selectors, services
from khcn.appraisal.models import Appraisal, Conclusion, Consultation, Sector
from khcn.appraisal.reminders import appraisal_reminders_send
from khcn.appraisal.tests.factories import AppraisalFactory
from khcn.core import city_figures
from khcn.experts.tests.factories import ExpertFactory
from khcn.notifications.models import Notification

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date):  # type: ignore[no-untyped-def]
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=HANOI), tick=False)


def _dossier(**extra):  # type: ignore[no-untyped-def]
    fields = {
        "sending_body": "Sở Kế hoạch và Đầu tư",
        "incoming_number": "1234/KHĐT-DN",
        "received_on": date(2026, 9, 1),
        "project_name": "Nhà máy xử lý nước thải công nghiệp",
        "investor_name": "Công ty CP Môi trường Xanh",
        "sector": Sector.ENVIRONMENT,
        "technology": "Xử lý sinh học hiếu khí kết hợp màng lọc MBR.",
        "capital_million": Decimal("120000"),
    }
    return {**fields, **extra}


# -- the time limit -----------------------------------------------------------------------------


def test_a_technology_appraisal_past_its_time_limit_shows_as_late(client, dept_officer, ward_a):  # type: ignore[no-untyped-def]
    with at(date(2026, 9, 20)):
        dossier = services.appraisal_create(user=dept_officer, unit=ward_a, **_dossier())
    assert dossier.due_on == date(2026, 9, 16)  # 1 September + 15 calendar days
    on_time = AppraisalFactory.create(unit=ward_a, received_on=date(2026, 9, 10), project_name="Dự án còn hạn")
    client.force_login(dept_officer)
    with at(date(2026, 9, 16)):  # the limit day itself is still on time
        client.force_login(dept_officer)
        assert not dossier.is_late(date(2026, 9, 16))
        page = client.get(reverse("appraisal:appraisal_list"), {"state": "late"})
        assert dossier.project_name not in page.content.decode()
    with at(date(2026, 9, 17)):
        client.force_login(dept_officer)
        assert dossier.is_late(date(2026, 9, 17)) and not on_time.is_late(date(2026, 9, 17))
        response = client.get(reverse("appraisal:appraisal_list"), {"state": "late"})
        page = response.content.decode()
        assert dossier.project_name in page and on_time.project_name not in page
        assert 'class="table-danger' in page  # the row is highlighted
        detail = client.get(dossier.get_absolute_url()).content.decode()
        assert "Quá hạn" in detail


def test_an_opinion_after_the_limit_counts_as_answered_late(dept_officer, ward_a):  # type: ignore[no-untyped-def]
    late = AppraisalFactory.create(unit=ward_a)
    prompt = AppraisalFactory.create(unit=ward_a)
    with at(date(2026, 9, 30)):
        services.appraisal_opinion_issue(
            user=dept_officer,
            appraisal=late,
            opinion_number="1/SKHCN",
            opinion_date=date(2026, 9, 17),
            conclusion=Conclusion.AGREE,
        )
        services.appraisal_opinion_issue(
            user=dept_officer,
            appraisal=prompt,
            opinion_number="2/SKHCN",
            opinion_date=date(2026, 9, 16),
            conclusion=Conclusion.DISAGREE,
        )
        late.refresh_from_db()
        assert not late.is_late(date(2026, 9, 30))
    assert list(Appraisal.objects.filter(selectors.answered_late_q())) == [late]
    assert list(Appraisal.objects.filter(selectors.answered_on_time_q())) == [prompt]
    assert selectors.on_time_share(year=2026) == Decimal("50.0")


def test_a_new_date_received_moves_the_limit(dept_officer, ward_a):  # type: ignore[no-untyped-def]
    dossier = AppraisalFactory.create(unit=ward_a)
    with at(date(2026, 9, 20)):
        dossier.received_on = date(2026, 9, 5)
        saved = services.appraisal_update(user=dept_officer, appraisal=dossier, expected_version=1)
    assert saved.due_on == date(2026, 9, 20) and saved.version == 2


# -- the services' rules --------------------------------------------------------------------------


def test_conditions_are_required_to_agree_with_conditions(dept_officer, ward_a):  # type: ignore[no-untyped-def]
    dossier = AppraisalFactory.create(unit=ward_a)
    with at(date(2026, 9, 10)), pytest.raises(ValidationError) as info:
        services.appraisal_opinion_issue(
            user=dept_officer,
            appraisal=dossier,
            opinion_number="3/SKHCN",
            opinion_date=date(2026, 9, 9),
            conclusion=Conclusion.CONDITIONAL,
        )
    assert "conditions" in info.value.message_dict
    dossier.refresh_from_db()
    assert dossier.opinion_date is None


def test_an_opinion_cannot_predate_the_dossier_or_be_in_the_future(dept_officer, ward_a):  # type: ignore[no-untyped-def]
    dossier = AppraisalFactory.create(unit=ward_a)
    with at(date(2026, 9, 10)):
        for day in (date(2026, 8, 31), date(2026, 9, 11)):
            with pytest.raises(ValidationError) as info:
                services.appraisal_opinion_issue(
                    user=dept_officer,
                    appraisal=dossier,
                    opinion_number="4",
                    opinion_date=day,
                    conclusion=Conclusion.AGREE,
                )
            assert "opinion_date" in info.value.message_dict


def test_a_unit_officer_cannot_record_or_change_dossiers(officer_a, ward_a):  # type: ignore[no-untyped-def]
    with at(date(2026, 9, 10)), pytest.raises(PermissionDenied):
        services.appraisal_create(user=officer_a, unit=ward_a, **_dossier())
    dossier = AppraisalFactory.create(unit=ward_a)
    with pytest.raises(PermissionDenied):
        services.appraisal_delete(user=officer_a, appraisal=dossier)
    assert Appraisal.objects.count() == 1


def test_a_unit_officer_sees_only_dossiers_located_in_their_unit(client, officer_b, ward_a, ward_b):  # type: ignore[no-untyped-def]
    mine = AppraisalFactory.create(unit=ward_b)
    theirs = AppraisalFactory.create(unit=ward_a)
    assert list(selectors.appraisal_list(user=officer_b)) == [mine]
    client.force_login(officer_b)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(reverse("appraisal:appraisal_list")).status_code == 403


def test_experts_consulted_come_from_the_registry(dept_officer, ward_a):  # type: ignore[no-untyped-def]
    dossier = AppraisalFactory.create(unit=ward_a)
    expert = ExpertFactory.create()
    consultation = services.consultation_add(
        user=dept_officer, appraisal=dossier, expert=expert, opinion="Công nghệ phù hợp."
    )
    assert consultation.expert == expert
    with pytest.raises(ValidationError):
        services.consultation_add(user=dept_officer, appraisal=dossier, expert=expert)
    services.consultation_remove(user=dept_officer, consultation=consultation)
    assert not Consultation.objects.exists()
    assert Consultation.history.count() == 2  # type: ignore[attr-defined]


# -- pages ------------------------------------------------------------------------------------------


def test_create_page_keeps_what_was_typed_and_saves(client, dept_officer, ward_a):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    body = {
        "sending_body": "Sở Kế hoạch và Đầu tư",
        "incoming_number": "55/KHĐT",
        "received_on": "01/09/2026",
        "project_name": "Nhà máy cơ khí chính xác",
        "investor_name": "Công ty CP Cơ khí",
        "unit": ward_a.pk,
        "sector": "industry",
        "technology": "",
    }
    with at(date(2026, 9, 10)):
        client.force_login(dept_officer)
        page = client.post(reverse("appraisal:appraisal_create"), body)
        assert page.status_code == 422 and "Nhà máy cơ khí chính xác" in page.content.decode()
        page = client.post(reverse("appraisal:appraisal_create"), {**body, "technology": "Gia công CNC 5 trục."})
    dossier = Appraisal.objects.get()
    assert page.status_code == 302 and page["Location"] == dossier.get_absolute_url()
    assert dossier.due_on == date(2026, 9, 16) and dossier.created_by == dept_officer


def test_opinion_page_and_history(client, dept_officer, ward_a):  # type: ignore[no-untyped-def]
    dossier = AppraisalFactory.create(unit=ward_a)
    client.force_login(dept_officer)
    with at(date(2026, 9, 10)):
        client.force_login(dept_officer)
        url = reverse("appraisal:appraisal_opinion", args=[dossier.pk])
        answer = client.post(
            url,
            {
                "opinion_number": "77/SKHCN-QLCN",
                "opinion_date": "09/09/2026",
                "conclusion": "agree",
                "loaded_version": 1,
            },
        )
        assert answer.status_code == 302
        detail = client.get(dossier.get_absolute_url()).content.decode()
    assert "77/SKHCN-QLCN" in detail and "đúng hạn" in detail
    dossier.refresh_from_db()
    assert dossier.history.count() == 2  # type: ignore[attr-defined]


def test_delete_asks_first(client, dept_officer, ward_a):  # type: ignore[no-untyped-def]
    dossier = AppraisalFactory.create(unit=ward_a)
    client.force_login(dept_officer)
    url = reverse("appraisal:appraisal_delete", args=[dossier.pk])
    assert client.get(url).status_code == 200 and Appraisal.objects.exists()
    assert client.post(url, {"loaded_version": 1}).status_code == 302
    assert not Appraisal.objects.exists() and Appraisal.all_objects.get().deleted_at is not None


def test_list_export_and_query_count(client, dept_officer, ward_a, ward_b):  # type: ignore[no-untyped-def]
    AppraisalFactory.create(unit=ward_a, project_name="=HYPERLINK(1)")
    client.force_login(dept_officer)
    url = reverse("appraisal:appraisal_list")
    client.get(url)  # warm the caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    AppraisalFactory.create_batch(5, unit=ward_b)
    assert count() == few
    with at(date(2026, 9, 20)):
        client.force_login(dept_officer)
        export = client.get(url, {"export": "xlsx", "state": "late"})
    sheet = load_workbook(BytesIO(export.content)).active
    formula = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert formula and all(c.data_type == "s" and c.quotePrefix for c in formula)
    rows = [r for r in sheet.iter_rows(values_only=True) if any(r)]
    assert len(rows) >= 7  # the heading and the six late dossiers


def test_empty_list_says_what_to_do(client, dept_officer):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    page = client.get(reverse("appraisal:appraisal_list")).content.decode()
    assert "Chưa có hồ sơ" in page


def test_api_lists_in_scope_and_filters_late(client, dept_officer, ward_a):  # type: ignore[no-untyped-def]
    late = AppraisalFactory.create(unit=ward_a)
    AppraisalFactory.create(unit=ward_a, received_on=date(2026, 9, 15))
    client.force_login(dept_officer)
    with at(date(2026, 9, 20)):
        client.force_login(dept_officer)
        body = client.get("/api/v1/appraisals/", {"state": "late"}).json()
    assert [row["id"] for row in body["results"]] == [late.pk]
    assert body["results"][0]["due_on"] == "2026-09-16"


def test_api_refuses_an_unknown_state(client, dept_officer):  # type: ignore[no-untyped-def]
    client.force_login(dept_officer)
    assert client.get("/api/v1/appraisals/", {"state": "soon"}).status_code == 400


# -- the city's figures and the reminders --------------------------------------------------------


def test_city_figures_count_the_opinions_of_the_year_and_link_to_them(client, dept_officer, ward_a):  # type: ignore[no-untyped-def]
    AppraisalFactory.create(unit=ward_a, opinion_date=date(2026, 9, 10), opinion_number="1", conclusion="agree")
    AppraisalFactory.create(unit=ward_a, opinion_date=date(2026, 9, 30), opinion_number="2", conclusion="agree")
    AppraisalFactory.create(unit=ward_a)  # waiting: not counted
    figure = city_figures.get("appraisal.projects_appraised")
    share = city_figures.get("appraisal.answered_on_time")
    assert figure is not None and share is not None
    assert figure.value(2026) == 2 and figure.value(2025) == 0
    assert share.value(2026) == Decimal("50.0") and share.value(2025) is None
    client.force_login(dept_officer)
    listed = client.get(share.url(2026)).context["table"].paginator.count
    assert listed == 1


def test_reminders_before_the_limit_and_after_it_once(dept_officer, ward_a):  # type: ignore[no-untyped-def]
    dossier = AppraisalFactory.create(unit=ward_a)  # limit 16/09/2026
    assert appraisal_reminders_send(today=date(2026, 9, 12)) == 0  # four days before: not yet
    assert appraisal_reminders_send(today=date(2026, 9, 13)) == 1
    assert appraisal_reminders_send(today=date(2026, 9, 14)) == 0  # once
    assert appraisal_reminders_send(today=date(2026, 9, 17)) == 1  # late
    assert appraisal_reminders_send(today=date(2026, 9, 18)) == 0
    titles = list(Notification.objects.filter(recipient=dept_officer).values_list("title", flat=True))
    assert len(titles) == 2 and any("Quá hạn" in t or "quá hạn" in t for t in titles)
    assert all(dossier.project_name in t for t in titles)
