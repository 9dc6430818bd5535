"""The annual plan: accepted proposals become ordered tasks; the decision fixes the plan."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from khcn.research.models import AnnualPlan, ProposalStatus, SelectionMode
from khcn.research.services import plans, proposals
from khcn.research.tests.factories import AnnualPlanFactory, PlanCallFactory, ProposalFactory, ResearchTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(officer_a, dept_officer, ward_a):
    proposal = ProposalFactory.build(
        call=PlanCallFactory(plan_year=2027), unit=ward_a, title="Xử lý chất thải chăn nuôi tại xã Mê Linh"
    )
    proposals.proposal_create(user=officer_a, proposal=proposal)
    proposals.proposal_submit(user=officer_a, proposal=proposal, today=date(2026, 11, 24))
    proposals.proposal_screen(user=dept_officer, proposal=proposal, decision=ProposalStatus.ACCEPTED, note="")
    return proposal


@pytest.fixture
def plan(dept_officer):
    return AnnualPlan.objects.create(year=2027, name="Kế hoạch KH,CN&ĐMST năm 2027")


def test_accepted_proposal_becomes_a_task_and_the_decision_fixes_the_plan(accepted, plan, dept_officer, officer_a):
    with pytest.raises(PermissionDenied):
        plans.plan_add(user=officer_a, plan=plan, proposal=accepted, mode=SelectionMode.DIRECT)
    task = plans.plan_add(user=dept_officer, plan=plan, proposal=accepted, mode=SelectionMode.OPEN_SELECTION)
    assert (task.code, task.start_year, task.end_year) == ("KH2027-01", 2027, 2028)  # 24 months
    assert task.budget_million == Decimal("1500") and task.proposal == accepted
    with pytest.raises(ValidationError):  # once only
        plans.plan_add(user=dept_officer, plan=plan, proposal=accepted, mode=SelectionMode.DIRECT)
    with pytest.raises(ValidationError):
        plans.plan_approve(user=dept_officer, plan=plan, number="", day=None, expected_version=plan.version)
    plans.plan_approve(
        user=dept_officer, plan=plan, number="123/QĐ-UBND", day=date(2026, 12, 20), expected_version=plan.version
    )
    plan.refresh_from_db()
    assert plan.is_approved


def test_a_proposal_not_accepted_stays_out(accepted, plan, dept_officer):
    accepted.status = ProposalStatus.SUBMITTED
    accepted.save()
    with pytest.raises(ValidationError):
        plans.plan_add(user=dept_officer, plan=plan, proposal=accepted, mode=SelectionMode.DIRECT)


def test_plan_pages_and_export(client, accepted, dept_officer, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("research:plan_list")).status_code == 403
    client.force_login(dept_officer)
    response = client.post(reverse("research:plan_list"), {"year": "2027"})
    plan = AnnualPlan.objects.get(year=2027)
    assert response.status_code == 302
    assert client.post(reverse("research:plan_list"), {"year": "2027"}).status_code == 422
    url = reverse("research:plan_action", args=[plan.pk])
    assert client.post(url, {"action": "add", "proposal": accepted.pk, "mode": "direct"}).status_code == 302
    sheet = load_workbook(BytesIO(client.get(plan.get_absolute_url() + "?export=xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][0] == "KH2027-01" and rows[-1][1] == accepted.title and rows[-1][5] == 1500
    refused = client.post(url, {"action": "approve", "decision_number": "", "loaded_version": plan.version})
    assert refused.status_code == 422
    approve = {
        "action": "approve",
        "decision_number": "123/QĐ-UBND",
        "decision_date": "2026-12-20",
        "loaded_version": 1,
    }
    asked = client.post(url, approve)  # issue 13, defect 7: asked first, nothing approved yet
    assert asked.status_code == 200 and "Đồng ý, phê duyệt" in asked.content.decode()
    plan.refresh_from_db()
    assert not plan.is_approved
    ok = client.post(url, {**approve, "confirmed": "1"})
    assert ok.status_code == 302
    assert "123/QĐ-UBND" in client.get(plan.get_absolute_url()).content.decode()


def test_task_list_filters_counts_and_export(client, accepted, dept_officer, officer_a, public_user):
    ResearchTaskFactory(code="01C-07/01-2022-2", title="Bảo tồn và khai thác nguồn gen gà Mía tại thị xã Sơn Tây")
    ResearchTaskFactory(title="Nghiên cứu giải pháp xử lý nước thải làng nghề chế biến nông sản tại Hà Nội")
    plans.plan_add(user=dept_officer, plan=AnnualPlanFactory(year=2025), proposal=accepted, mode=SelectionMode.DIRECT)
    client.force_login(public_user)
    assert client.get(reverse("research:task_list")).status_code == 403
    client.force_login(officer_a)  # a commune sees only the tasks its own proposals led to
    page = client.get(reverse("research:task_list")).content.decode()
    assert "Bảo tồn và khai thác nguồn gen gà Mía" not in page and accepted.title in page
    client.force_login(dept_officer)
    page = client.get(reverse("research:task_list") + "?q=ga+mia").content.decode()
    assert "Bảo tồn và khai thác nguồn gen gà Mía" in page and "nước thải làng nghề" not in page
    assert "Đã nghiệm thu" in client.get(reverse("research:task_list")).content.decode()
    sheet = load_workbook(BytesIO(client.get(reverse("research:task_list") + "?export=xlsx").content)).active
    codes = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "01C-07/01-2022-2" in codes and "KH2025-01" in codes
