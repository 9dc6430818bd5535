"""The tasks board: by status, field and host; overdue milestones; budget planned against
disbursed; results waiting for registration; and how far each local problem has come, from the
unit's request to the proposal, the task, its result and its application in the unit."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from khcn.core.exports import xlsx_response
from khcn.research import selectors


def task_board(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("research.manage_task"):
        raise PermissionDenied
    today = date.today()
    board = selectors.task_board(today=today)
    years = selectors.plan_year_list(user=request.user)
    year = _year(request, years)
    chain = selectors.chain_list(user=request.user, year=year)
    if request.GET.get("export") == "xlsx":
        return _chain_xlsx(chain, year)
    context = {
        "counts": board.counts,
        "hosts": board.hosts,
        "overdue": board.overdue,
        "budget": board.budget,
        "unregistered": board.unregistered,
        "chain": chain,
        "years": years,
        "year": year,
        "stage_counts": selectors.chain_stage_counts(chain),
        "today": today,
    }
    return render(request, "research/task_board.html", context)


def _year(request: HttpRequest, years: list[int]) -> int | None:
    """The plan year asked for, else the latest one."""
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return years[0] if years else None


def _chain_xlsx(chain: list[selectors.ChainRow], year: int | None) -> HttpResponse:
    """The chain from the local problem to its application, one proposal a row."""
    return xlsx_response(
        filename=f"chuoi-van-de-nhiem-vu-{year}.xlsx",
        title=_("From problem to application"),
        headers=[
            _("Proposed by"),
            _("Local problem"),
            _("Requests"),
            _("Proposal"),
            _("Proposal status"),
            _("Task"),
            _("Task status"),
            _("Applied in the unit"),
            _("Stage reached"),
        ],
        rows=[
            [
                r.proposal.proposer_label(),
                r.proposal.problem,
                "; ".join(f.text[:120] for f in r.requests),
                r.proposal.title,
                r.proposal.get_status_display(),
                r.task.code if r.task else "",
                r.task.get_status_display() if r.task else "",
                _("yes") if r.applied else _("no"),
                r.stage_label,
            ]
            for r in chain
        ],
    )
