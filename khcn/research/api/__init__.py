"""Research under /api/v1/: task proposals, S&T tasks with their progress reports, council
seats (reviews), and the calls, annual plans and councils (read), one module each."""

from khcn.core.drf import Route
from khcn.research.api.plans import AnnualPlanViewSet, CouncilViewSet, PlanCallViewSet
from khcn.research.api.proposals import ProposalViewSet
from khcn.research.api.registries import ProgrammeViewSet, SelfFundedViewSet
from khcn.research.api.reviews import ReviewSeatViewSet
from khcn.research.api.tasks import ProgressReportViewSet, TaskViewSet

# Served under /api/v1/ by khcn.api, which collects every app's ROUTES.
ROUTES: list[Route] = [
    ("proposals", ProposalViewSet, "proposal"),
    ("tasks", TaskViewSet, "task"),
    ("progress-reports", ProgressReportViewSet, "progress_report"),
    ("reviews", ReviewSeatViewSet, "review"),
    ("self-funded-tasks", SelfFundedViewSet, "selffunded_task"),
    ("task-programmes", ProgrammeViewSet, "task_programme"),
    ("research-calls", PlanCallViewSet, "research_call"),
    ("annual-plans", AnnualPlanViewSet, "annual_plan"),
    ("councils", CouncilViewSet, "council"),
]
