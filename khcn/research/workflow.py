"""The research workflows: every allowed move, one table per kind of record (STYLE.md §2).

Each table maps an action to (the statuses it may start from, the status it leads to). A target
of None marks work on the record that these statuses allow and that leaves the status as it is
(editing a draft, reporting on a task in progress). Services ask `check_move` before they act,
so a refusal always says why with a stable code.

A council has no status field: it is open until its conclusion is recorded (`council_status`).
"""

from typing import Any

from django.core.exceptions import ValidationError

from khcn.research.models import RUNNING, ApplicationStatus, DecisionStatus, ProgressStatus
from khcn.research.models import ProposalStatus as P
from khcn.research.models import TaskStatus as T

WRONG_STATE = "wrong_state"

Table = dict[str, tuple[frozenset[str], str | None]]

# A proposal, from the proposer's draft to the Department's screening (DOMAIN.md §3.3).
PROPOSAL_TRANSITIONS: Table = {
    "edit": (frozenset({P.DRAFT, P.RETURNED}), None),
    "submit": (frozenset({P.DRAFT, P.RETURNED}), P.SUBMITTED),
    "return": (frozenset({P.SUBMITTED}), P.RETURNED),
    "form_council": (frozenset({P.SUBMITTED}), None),
    "accept": (frozenset({P.SUBMITTED}), P.ACCEPTED),
    "mark_duplicate": (frozenset({P.SUBMITTED}), P.DUPLICATE),
    "rule_out_of_scope": (frozenset({P.SUBMITTED}), P.OUT_OF_SCOPE),
    "reject": (frozenset({P.SUBMITTED}), P.REJECTED),
    "plan": (frozenset({P.ACCEPTED}), None),
}
# The screening decision (a status) and the action that leads to it.
SCREENING_ACTIONS: dict[str, str] = {
    P.ACCEPTED: "accept",
    P.DUPLICATE: "mark_duplicate",
    P.OUT_OF_SCOPE: "rule_out_of_scope",
    P.REJECTED: "reject",
}

# A council: members declare and score while it is open; its conclusion closes it (§3.4).
COUNCIL_OPEN = "open"
COUNCIL_CONCLUDED = "concluded"
COUNCIL_TRANSITIONS: Table = {
    "declare": (frozenset({COUNCIL_OPEN}), None),
    "score": (frozenset({COUNCIL_OPEN}), None),
    "conclude": (frozenset({COUNCIL_OPEN}), COUNCIL_CONCLUDED),
}

# A task, from the plan to its results (§3.4-3.6).
TASK_TRANSITIONS: Table = {
    "receive_application": (frozenset({T.PLANNED}), None),
    "form_selection_council": (frozenset({T.PLANNED}), None),
    "start": (frozenset({T.PLANNED}), T.IN_PROGRESS),
    "record_milestone": (RUNNING, None),
    "report_progress": (RUNNING, None),
    "ask_change": (RUNNING, None),
    "stop": (RUNNING, T.STOPPED),
    "form_acceptance_council": (frozenset({T.IN_PROGRESS}), T.IN_ACCEPTANCE),
    "pass_acceptance": (frozenset({T.IN_ACCEPTANCE}), T.ACCEPTED),
    "fail_acceptance": (frozenset({T.IN_ACCEPTANCE}), T.FAILED),
    "register": (frozenset({T.ACCEPTED}), None),
    "publish": (frozenset({T.ACCEPTED}), None),
    "record_application": (frozenset({T.ACCEPTED}), None),
}

# A periodic progress report, reviewed as the units' reports are.
PROGRESS_TRANSITIONS: Table = {
    "edit": (frozenset({ProgressStatus.DRAFT, ProgressStatus.RETURNED}), None),
    "submit": (frozenset({ProgressStatus.DRAFT, ProgressStatus.RETURNED}), ProgressStatus.SUBMITTED),
    "approve": (frozenset({ProgressStatus.SUBMITTED}), ProgressStatus.APPROVED),
    "return": (frozenset({ProgressStatus.SUBMITTED}), ProgressStatus.RETURNED),
}

# A change request waits for the Department's decision.
CHANGE_TRANSITIONS: Table = {
    "approve": (frozenset({DecisionStatus.PENDING}), DecisionStatus.APPROVED),
    "reject": (frozenset({DecisionStatus.PENDING}), DecisionStatus.REJECTED),
}

# A host organisation's application for a task put to open selection. An application passed
# over because another was selected may still be turned down by its own council.
APPLICATION_TRANSITIONS: Table = {
    "form_council": (frozenset({ApplicationStatus.SUBMITTED}), None),
    "select": (frozenset({ApplicationStatus.SUBMITTED}), ApplicationStatus.SELECTED),
    "pass_over": (
        frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.NOT_SELECTED}),
        ApplicationStatus.NOT_SELECTED,
    ),
}


def council_status(council: Any) -> str:
    return COUNCIL_CONCLUDED if council.concluded_at else COUNCIL_OPEN


def can_move(table: Table, status: str, action: str) -> bool:
    sources, _target = table[action]
    return status in sources


def check_move(table: Table, status: str, action: str, message: str, *, code: str = WRONG_STATE) -> str:
    """The status `action` leads to from `status`.

    Refused with `message` and `code` when the table does not allow the action from there.
    """
    if not can_move(table, status, action):
        raise ValidationError(message, code=code)
    return table[action][1] or status
