"""The demo (`manage.py load_demo`) shows tasks under way, accepted and published, and loads once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.urls import reverse

from khcn.accounts.models import RoleGrant, User
from khcn.demo.accounts import DEMO_PASSWORD
from khcn.geo.models import Organisation
from khcn.research.models import (
    AnnualPlan,
    BudgetLine,
    ChangeRequest,
    Council,
    CouncilMember,
    DecisionStatus,
    Inspection,
    Milestone,
    ProgressReport,
    ProgressStatus,
    Proposal,
    ResearchTask,
    ResultApplication,
    ScoreSheet,
    TaskMember,
    TaskStatus,
)

pytestmark = pytest.mark.django_db

COUNTED: list[type[Model]] = [
    ResearchTask,
    TaskMember,
    BudgetLine,
    Milestone,
    ProgressReport,
    ChangeRequest,
    Inspection,
    Council,
    CouncilMember,
    ScoreSheet,
    ResultApplication,
    AnnualPlan,
    Proposal,
    User,
    RoleGrant,
]


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    counts = {model.__name__: model._default_manager.count() for model in COUNTED}
    counts["Organisation"] = Organisation.all_objects.count()
    return counts


@pytest.fixture
def demo(loaded_demo, db):  # type: ignore[no-untyped-def]
    return loaded_demo


def test_loading_the_demo_twice_adds_nothing(demo):
    first = _counts()
    assert "chunhiem" in _load(), "the PI's account is printed with the others"
    assert _counts() == first
    assert ResearchTask.objects.filter(status=TaskStatus.IN_PROGRESS, contract_number__endswith="(demo)").count() == 2


def test_loading_the_demo_says_each_step_on_stderr_and_only_accounts_on_stdout(demo):
    """`make run` shows the steps while it loads and keeps the accounts in a file (defect 15)."""
    steps = [line for line in demo.progress.splitlines() if line.startswith("==> ")]
    assert steps[0] == "==> Organisations and demo accounts"
    assert steps[-1] == "==> Demo loaded"
    assert len(steps) == 20
    assert "==>" not in demo.output


def test_a_running_task_is_behind_schedule_and_waits_for_decisions(demo):
    task = ResearchTask.objects.get(pi_user__username="chunhiem")
    assert task.status == TaskStatus.IN_PROGRESS and task.plan.is_approved
    assert task.host_organisation is not None and task.members.exists()
    planned = sum(line.planned_million for line in task.budget_lines.all())
    disbursed = sum(line.disbursed_million for line in task.budget_lines.all())
    assert 0 < disbursed < planned
    overdue = [m for m in task.milestones.all() if m.is_overdue()]
    assert len(overdue) == 1 and overdue[0].due_on < demo.day
    assert task.milestones.last().due_on > demo.day and task.end_date > demo.day, "the final report is ahead"
    reports = task.progress_reports.order_by("as_of")
    assert [r.status for r in reports][-1] == ProgressStatus.SUBMITTED
    assert {r.status for r in reports[: len(reports) - 1]} == {ProgressStatus.APPROVED}
    assert reports.last().as_of < demo.day and (demo.day - reports.last().as_of).days <= 184, "the last half-year"
    reported = task.budget_lines.filter(year__lte=reports.last().as_of.year)
    assert sum(r.spent_million for r in reports) == sum(line.disbursed_million for line in reported), (
        "the reports use the money paid out for the years they cover"
    )
    assert task.change_requests.get().status == DecisionStatus.PENDING
    assert task.inspections.exists()


def test_an_accepted_task_is_published_for_anyone(client, demo):
    task = ResearchTask.objects.get(published_at__isnull=False)
    assert task.status == TaskStatus.ACCEPTED and task.grade in {"pass", "excellent"}
    assert "(demo)" in task.registration_number
    council = task.acceptance_councils.get()
    assert council.concluded_at and all(m.sheet.submitted_at for m in council.members.all())
    assert task.applications.get().unit.name == "Sơn Tây"
    page = client.get(reverse("research:result_detail", args=[task.pk]))
    assert page.status_code == 200
    assert task.title in page.content.decode()


def test_the_pi_signs_in_opens_their_task_and_can_report(client, demo):
    signed_in = client.post(reverse("accounts:login"), {"username": "chunhiem", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    task = ResearchTask.objects.get(pi_user__username="chunhiem")
    assert client.get(task.get_absolute_url()).status_code == 200
    assert client.get(reverse("research:progress_create", args=[task.pk])).status_code == 200
