"""Calls, annual plans and councils through /api/v1/: the pages' scope, pagination, filters."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from khcn.research.models import (
    AnnualPlan,
    Council,
    CouncilKind,
    CouncilMember,
    MemberRole,
    PlanCall,
    ScoreSheet,
)
from khcn.research.tests.factories import AnnualPlanFactory, PlanCallFactory, ProposalFactory, ResearchTaskFactory

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime(2026, 9, 15, 9, tzinfo=HANOI)  # the 2027 call (June–December 2026) is open


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(DAY, tick=False):
        yield


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# -- calls --------------------------------------------------------------------------------------


def test_the_department_sees_every_call_and_a_commune_officer_only_those_taking_proposals(
    client, dept_officer, officer_a
):
    open_call = PlanCallFactory.create(plan_year=2027)
    closed = PlanCallFactory.create(plan_year=2026, closed_at=timezone.now())
    ProposalFactory.create(call=open_call, unit=officer_a.grants.get().unit)

    client.force_login(dept_officer)
    assert _ids(client.get("/api/v1/research-calls/")) == [open_call.pk, closed.pk]
    detail = client.get(f"/api/v1/research-calls/{open_call.pk}/").json()
    assert detail["state"] == "open" and detail["proposal_count"] == 1
    assert client.get(f"/api/v1/research-calls/{closed.pk}/").json()["state"] == "closed"

    client.force_login(officer_a)
    assert _ids(client.get("/api/v1/research-calls/")) == [open_call.pk]
    assert client.get(f"/api/v1/research-calls/{closed.pk}/").status_code == 404
    # The proposal count is on the Department's call page only.
    assert client.get(f"/api/v1/research-calls/{open_call.pk}/").json()["proposal_count"] is None


def test_calls_are_filtered_by_year_and_state(client, dept_officer):
    current = PlanCallFactory.create(plan_year=2027)
    past = PlanCallFactory.create(plan_year=2026)  # its deadline was 31/12/2025
    upcoming = PlanCallFactory.create(plan_year=2028)
    client.force_login(dept_officer)
    assert _ids(client.get("/api/v1/research-calls/?year=2026")) == [past.pk]
    assert _ids(client.get("/api/v1/research-calls/?state=open")) == [current.pk]
    assert _ids(client.get("/api/v1/research-calls/?state=upcoming")) == [upcoming.pk]
    assert _ids(client.get("/api/v1/research-calls/?state=past")) == [past.pk]
    assert client.get("/api/v1/research-calls/?year=99999").status_code == 400


def test_calls_are_paginated(client, dept_officer):
    PlanCall.objects.bulk_create(
        PlanCall(name=f"Đợt {n}", plan_year=2000 + n, opens_on=date(2000 + n, 1, 1), closes_on=date(2000 + n, 3, 1))
        for n in range(52)
    )
    client.force_login(dept_officer)
    first = client.get("/api/v1/research-calls/").json()
    assert first["count"] == 52 and len(first["results"]) == 50 and first["next"]
    second = client.get("/api/v1/research-calls/?page=2").json()
    assert [row["plan_year"] for row in second["results"]] == [2001, 2000]


def test_anonymous_and_an_expert_are_refused_the_calls(client, expert):
    assert client.get("/api/v1/research-calls/").status_code in (401, 403)
    client.force_login(expert)
    assert client.get("/api/v1/research-calls/").status_code == 403


# -- annual plans -------------------------------------------------------------------------------


def test_plans_are_the_departments_with_their_tasks(client, dept_officer, officer_a, ward_a, ward_b):
    plan = AnnualPlanFactory.create(year=2027, decision_number="12/QĐ-SKHCN", decision_date=date(2026, 12, 20))
    draft = AnnualPlanFactory.create(year=2028)
    ours = ResearchTaskFactory.create(
        plan=plan, code="A-01", budget_million=1200, proposal=ProposalFactory.create(unit=ward_a)
    )
    ResearchTaskFactory.create(plan=plan, code="A-02", budget_million=800, proposal=ProposalFactory.create(unit=ward_b))

    client.force_login(dept_officer)
    rows = client.get("/api/v1/annual-plans/").json()["results"]
    assert [(r["year"], r["approved"], r["task_count"], r["budget_million"]) for r in rows] == [
        (2028, False, 0, None),
        (2027, True, 2, "2000.0"),
    ]
    detail = client.get(f"/api/v1/annual-plans/{plan.pk}/").json()
    assert [t["code"] for t in detail["tasks"]] == ["A-01", "A-02"]
    assert detail["tasks"][0]["proposing_unit"] == ward_a.full_name
    assert _ids(client.get("/api/v1/annual-plans/?approved=true")) == [plan.pk]
    assert _ids(client.get("/api/v1/annual-plans/?approved=false")) == [draft.pk]
    assert _ids(client.get("/api/v1/annual-plans/?year=2028")) == [draft.pk]
    assert _ids(client.get(f"/api/v1/annual-plans/?unit={ours.proposal.unit_id}")) == [plan.pk]

    # The plan pages are the Department's: a commune officer reads none of them.
    client.force_login(officer_a)
    assert client.get("/api/v1/annual-plans/").status_code == 403
    assert client.get(f"/api/v1/annual-plans/{plan.pk}/").status_code == 403
    assert AnnualPlan.objects.count() == 2


# -- councils -----------------------------------------------------------------------------------


@pytest.fixture
def councils(ward_a, expert, council_member):
    screening = Council.objects.create(
        kind=CouncilKind.SCREENING,
        proposal=ProposalFactory.create(unit=ward_a, status="screening"),
        name="Hội đồng xác định nhiệm vụ 2027",
        meets_on=date(2026, 10, 5),
    )
    acceptance = Council.objects.create(
        kind=CouncilKind.ACCEPTANCE,
        task=ResearchTaskFactory.create(),
        name="Hội đồng nghiệm thu",
        meets_on=date(2025, 4, 1),
        concluded_at=datetime(2025, 4, 1, 11, tzinfo=HANOI),
    )
    chair = CouncilMember.objects.create(council=screening, user=expert, role=MemberRole.CHAIR, has_conflict=False)
    ScoreSheet.objects.create(member=chair, scores={"need": 20})
    CouncilMember.objects.create(
        council=screening, user=council_member, has_conflict=True, conflict_note="Tôi là đồng tác giả."
    )
    return screening, acceptance


def test_the_department_reads_councils_with_their_members_but_no_scores(client, dept_officer, councils):
    screening, acceptance = councils
    client.force_login(dept_officer)
    assert _ids(client.get("/api/v1/councils/")) == [acceptance.pk, screening.pk]
    detail = client.get(f"/api/v1/councils/{screening.pk}/").json()
    assert detail["unit"] == screening.proposal.unit.full_name
    members = {m["name"]: m for m in detail["members"]}
    assert members["Chuyên gia"]["role"] == "chair" and members["Chuyên gia"]["sheet"] == "draft"
    assert members["Ủy viên"]["declaration"] == "conflict"
    assert members["Ủy viên"]["conflict_note"] == "Tôi là đồng tác giả."
    assert "scores" not in str(detail) and "email" not in members["Chuyên gia"]
    # The list carries no member.
    assert "members" not in client.get("/api/v1/councils/").json()["results"][0]


def test_councils_are_filtered_by_kind_year_status_and_unit(client, dept_officer, councils, ward_a, ward_b):
    screening, acceptance = councils
    client.force_login(dept_officer)
    assert _ids(client.get("/api/v1/councils/?kind=acceptance")) == [acceptance.pk]
    assert _ids(client.get("/api/v1/councils/?year=2026")) == [screening.pk]
    assert _ids(client.get("/api/v1/councils/?status=concluded")) == [acceptance.pk]
    assert _ids(client.get("/api/v1/councils/?status=open")) == [screening.pk]
    assert _ids(client.get(f"/api/v1/councils/?unit={ward_a.pk}")) == [screening.pk]
    assert _ids(client.get(f"/api/v1/councils/?unit={ward_b.pk}")) == []


def test_a_commune_officer_and_a_member_see_no_council_and_get_404(client, officer_a, expert, councils):
    screening, _acceptance = councils
    for user in (officer_a, expert):
        client.force_login(user)
        assert _ids(client.get("/api/v1/councils/")) == []
        assert client.get(f"/api/v1/councils/{screening.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/api/v1/councils/{screening.pk}/").status_code in (401, 403)
