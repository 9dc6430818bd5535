"""The three writes outside one's scope found in issue 12 (defect 4), on the API and the page.

1. Xã Mê Linh's officer created, through the API, a proposal naming UBND xã Quang Minh,
   which Quang Minh's officer could then edit.
2. The history-only account of the former Huyện Mê Linh created proposals and follow-ups for
   the abolished district and answered its items.
3. A grant on a unit no longer in force must read history only.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from khcn.accounts.roles import Role
from khcn.accounts.scoping import scope_for, visible
from khcn.accounts.tests.factories import RoleGrantFactory, UserFactory
from khcn.geo.models import AdminUnit, OrganisationKind, UnitLevel
from khcn.geo.tests.factories import OrganisationFactory
from khcn.meetings.models import FollowUp, MeetingUnit
from khcn.meetings.tests.factories import FollowUpFactory, MeetingFactory
from khcn.programs.tests.factories import ReportFormFactory, ReportingPeriodFactory
from khcn.reporting.models import Report
from khcn.reporting.tests.factories import ReportFactory
from khcn.research.models import Proposal
from khcn.research.tests.factories import PlanCallFactory, ProposalFactory

JSON = "application/json"
ON = datetime(2026, 9, 15, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(ON, tick=False), translation.override("vi"):
        yield


@pytest.fixture
def district(db) -> AdminUnit:  # type: ignore[no-untyped-def]
    return AdminUnit.objects.get(name="Mê Linh", level=UnitLevel.DISTRICT, valid_to__isnull=False)


@pytest.fixture
def ubnd_a(ward_a):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(name="UBND xã Mê Linh", kind=OrganisationKind.PEOPLES_COMMITTEE, unit=ward_a)


@pytest.fixture
def ubnd_b(ward_b):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(name="UBND xã Quang Minh", kind=OrganisationKind.PEOPLES_COMMITTEE, unit=ward_b)


@pytest.fixture
def commune_a(officer_a, ubnd_a):  # type: ignore[no-untyped-def]
    """Xã Mê Linh's officer, acting for the commune and for its people's committee."""
    RoleGrantFactory.create(user=officer_a, role=Role.LOCAL_OFFICER, organisation=ubnd_a)
    return officer_a


@pytest.fixture
def commune_b(officer_b, ubnd_b):  # type: ignore[no-untyped-def]
    RoleGrantFactory.create(user=officer_b, role=Role.LOCAL_OFFICER, organisation=ubnd_b)
    return officer_b


@pytest.fixture
def history_only(district):  # type: ignore[no-untyped-def]
    """Huyện Mê Linh's account, granted on the district abolished on 1 July 2025."""
    user = UserFactory.create(username="huyenmelinh")
    RoleGrantFactory.create(user=user, role=Role.LOCAL_OFFICER, unit=district)
    return user


@pytest.fixture
def call(db):  # type: ignore[no-untyped-def]
    return PlanCallFactory.create(plan_year=2027)


def _proposal(call, **refs):  # type: ignore[no-untyped-def]
    return {"call": call.pk, "title": "Ứng dụng công nghệ tưới tiết kiệm", "problem": "Thiếu nước tưới", **refs}


def _field_errors(response) -> dict:  # type: ignore[no-untyped-def]
    return response.json()


# -- 1. a proposal naming another commune's organisation ------------------------------------------


def test_api_refuses_a_proposal_naming_another_communes_organisation(client, commune_a, ward_a, ubnd_b, call):
    client.force_login(commune_a)
    response = client.post(
        "/api/v1/proposals/", _proposal(call, unit=ward_a.pk, organisation=ubnd_b.pk), content_type=JSON
    )
    assert response.status_code == 400
    assert response.json() == {
        "organisation": ["Không có tổ chức này trong phạm vi của bạn. Hãy chọn tổ chức bạn phụ trách."]
    }
    assert not Proposal.objects.exists()


def test_api_answers_an_unknown_organisation_as_one_out_of_scope(client, commune_a, ward_a, ubnd_b, call):
    """Same message for "no such row" and "not yours": the answer does not reveal what exists."""
    client.force_login(commune_a)
    unknown = client.post("/api/v1/proposals/", _proposal(call, unit=ward_a.pk, organisation=987654), content_type=JSON)
    foreign = client.post(
        "/api/v1/proposals/", _proposal(call, unit=ward_a.pk, organisation=ubnd_b.pk), content_type=JSON
    )
    assert unknown.status_code == foreign.status_code == 400
    assert unknown.json() == foreign.json()


def test_api_takes_a_proposal_naming_the_communes_own_organisation(client, commune_a, ward_a, ubnd_a, call):
    client.force_login(commune_a)
    response = client.post(
        "/api/v1/proposals/", _proposal(call, unit=ward_a.pk, organisation=ubnd_a.pk), content_type=JSON
    )
    assert response.status_code == 201
    assert Proposal.objects.get().organisation == ubnd_a


def test_page_refuses_a_proposal_naming_another_communes_organisation(client, commune_a, ward_a, ubnd_b, call):
    client.force_login(commune_a)
    response = client.post("/research/proposals/new/", _proposal(call, unit=ward_a.pk, organisation=ubnd_b.pk))
    assert response.status_code == 422
    assert "organisation" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_the_named_organisations_commune_cannot_edit_anothers_proposal(client, commune_b, ward_a, ubnd_b, call):
    """A proposal stored before the fix (Mê Linh's, naming Quang Minh's committee): Quang Minh
    sees it, but may not change it, on the page or through the services."""
    proposal = ProposalFactory.create(call=call, unit=ward_a, organisation=ubnd_b)
    client.force_login(commune_b)
    assert client.get(f"/research/proposals/{proposal.pk}/").status_code == 200
    assert client.post(f"/research/proposals/{proposal.pk}/edit/", {"title": "Đổi tên"}).status_code == 403
    assert client.post(f"/research/proposals/{proposal.pk}/action/", {"action": "submit"}).status_code == 403
    assert client.post(f"/api/v1/proposals/{proposal.pk}/submit/", content_type=JSON).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "draft"


# -- 2. the former district's history-only account ------------------------------------------------


def test_api_refuses_the_history_account_a_proposal_for_its_district(client, history_only, district, call):
    client.force_login(history_only)
    response = client.post("/api/v1/proposals/", _proposal(call, unit=district.pk), content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"unit": ["Không có đơn vị này trong phạm vi của bạn. Hãy chọn đơn vị bạn phụ trách."]}
    assert not Proposal.objects.exists()


def test_page_refuses_the_history_account_a_proposal(client, history_only, district, call):
    client.force_login(history_only)
    assert client.get("/research/proposals/new/").status_code == 403
    assert client.post("/research/proposals/new/", _proposal(call, unit=district.pk)).status_code == 403
    assert not Proposal.objects.exists()


def test_api_refuses_the_history_account_a_followup_for_its_district(client, history_only, district):
    client.force_login(history_only)
    response = client.post(
        "/api/v1/followups/", {"kind": "request", "unit": district.pk, "text": "Đề nghị hỗ trợ"}, content_type=JSON
    )
    assert response.status_code == 400 and "unit" in response.json()
    assert not FollowUp.objects.exists()


def test_page_refuses_the_history_account_a_followup_for_its_district(client, history_only, district):
    meeting = MeetingFactory.create(round=None)
    MeetingUnit.objects.create(meeting=meeting, unit=district, position=0)
    client.force_login(history_only)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200  # it reads the session
    response = client.post(
        f"/meetings/{meeting.pk}/items/",
        {
            "item-unit": district.pk,
            "item-kind": "request",
            "item-text": "Đề nghị hỗ trợ",
            "item-assignee_kind": "expert",
        },
    )
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_the_history_account_reads_but_does_not_answer_its_districts_items(client, history_only, district):
    item = FollowUpFactory.create(unit=district)
    client.force_login(history_only)
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 200
    assert [row["id"] for row in client.get("/api/v1/followups/").json()["results"]] == [item.pk]
    api = client.post(f"/api/v1/followups/{item.pk}/respond/", {"text": "Đã xử lý xong"}, content_type=JSON)
    page = client.post(f"/meetings/items/{item.pk}/respond/", {"text": "Đã xử lý xong"})
    assert api.status_code == page.status_code == 403
    assert not item.responses.exists()


# -- 3. a grant on a unit no longer in force reads history only -----------------------------------


def test_a_grant_on_a_former_unit_reads_but_gives_no_write_scope(history_only, district):
    reads, writes = scope_for(history_only), scope_for(history_only, writing=True)
    assert reads.covers_path(district.path) and reads.has_role(Role.LOCAL_OFFICER)
    assert not writes.covers_path(district.path) and not writes.roles
    units = AdminUnit.objects.filter(pk=district.pk)
    assert list(visible(units, history_only)) == [district]
    assert not visible(units, history_only, action="change").exists()


def test_a_grant_on_a_unit_in_force_writes_there(officer_a, ward_a):
    assert scope_for(officer_a, writing=True).covers_path(ward_a.path)


@pytest.fixture
def district_report(district):  # type: ignore[no-untyped-def]
    form = ReportFormFactory.create(unit_levels=[UnitLevel.DISTRICT])
    period = ReportingPeriodFactory.create(form=form, year=2024)
    return ReportFactory.create(period=period, unit=district)


def test_the_history_account_opens_its_districts_report_but_cannot_save_it(client, history_only, district_report):
    client.force_login(history_only)
    report = district_report
    opened = client.post(f"/reporting/periods/{report.period_id}/units/{report.unit_id}/open/")
    assert opened.status_code == 302 and opened["Location"] == report.get_absolute_url()
    assert client.get(report.get_absolute_url()).status_code == 200
    page = client.post(f"/reporting/reports/{report.pk}/save/", {"loaded_version": report.version})
    api = client.post(f"/api/v1/reports/{report.pk}/save/", {"version": report.version}, content_type=JSON)
    assert page.status_code == api.status_code == 403
    assert Report.objects.get(pk=report.pk).version == report.version


def test_an_ended_grant_gives_neither_reads_nor_writes(client, ward_b):
    user = UserFactory.create()
    RoleGrantFactory.create(user=user, role=Role.LOCAL_OFFICER, unit=ward_b, is_active=False)
    client.force_login(user)
    response = client.post(
        "/api/v1/followups/", {"kind": "request", "unit": ward_b.pk, "text": "Đề nghị hỗ trợ"}, content_type=JSON
    )
    assert response.status_code == 400 and "unit" in response.json()
    assert not FollowUp.objects.exists()
