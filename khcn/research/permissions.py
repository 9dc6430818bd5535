"""Who may propose, edit, submit and screen task proposals (django-rules, as permissions)."""

from typing import Any

import rules

from khcn.accounts.permissions import (
    acts_as_department_staff,
    acts_as_local_officer,
    is_department_staff,
    is_expert,
    is_local_officer,
)
from khcn.accounts.scoping import organisation_in_write_scope, scope_for


@rules.predicate
def proposal_in_scope(user: Any, proposal: Any) -> bool:
    if proposal is None:
        return True
    scope = scope_for(user)
    if proposal.unit_id and scope.covers_path(proposal.unit.path):
        return True
    if proposal.organisation_id:
        if proposal.organisation_id in scope.organisation_ids:
            return True
        org_unit = proposal.organisation.unit
        return scope.is_department and org_unit is not None and scope.covers_path(org_unit.path)
    return False


@rules.predicate
def proposal_in_write_scope(user: Any, proposal: Any) -> bool:
    """Every proposer the proposal names is one the user may write for: its unit (in force
    or not, the grant must be) and its organisation. Naming an organisation of another
    commune does not make the proposal that commune's to edit, nor this one's."""
    if proposal is None:
        return True
    if not proposal.unit_id and not proposal.organisation_id:
        return False
    if proposal.unit_id and not scope_for(user, writing=True).covers_path(proposal.unit.path):
        return False
    return not proposal.organisation_id or organisation_in_write_scope(user, proposal.organisation)


rules.add_perm("research.list_proposals", is_department_staff | is_local_officer)
rules.add_perm("research.add_proposal", acts_as_department_staff | acts_as_local_officer)
rules.add_perm("research.view_proposal", (is_department_staff | is_local_officer) & proposal_in_scope)
rules.add_perm("research.change_proposal", (acts_as_department_staff | acts_as_local_officer) & proposal_in_write_scope)
rules.add_perm("research.screen_proposal", acts_as_department_staff & proposal_in_write_scope)

rules.add_perm("research.view_councils", is_department_staff)
rules.add_perm("research.my_reviews", is_expert)


# -- tasks ------------------------------------------------------------------------------------


@rules.predicate
def leads_task(user: Any, task: Any) -> bool:
    """The task's principal investigator, or someone of its host organisation."""
    if task is None:
        return False
    if task.pi_user_id and task.pi_user_id == user.pk:
        return True
    return bool(task.host_organisation_id) and task.host_organisation_id in scope_for(user).organisation_ids


@rules.predicate
def leads_task_now(user: Any, task: Any) -> bool:
    """`leads_task` through a grant that still gives writes."""
    if task is None:
        return False
    if task.pi_user_id and task.pi_user_id == user.pk:
        return True
    org_ids = scope_for(user, writing=True).organisation_ids
    return bool(task.host_organisation_id) and task.host_organisation_id in org_ids


@rules.predicate
def proposed_task(user: Any, task: Any) -> bool:
    """An officer of the unit whose proposal the task answers (it applies the results)."""
    if task is None or not task.proposal_id or not task.proposal.unit_id:
        return False
    return scope_for(user).covers_path(task.proposal.unit.path)


@rules.predicate
def proposed_task_now(user: Any, task: Any) -> bool:
    """`proposed_task` through a grant on a unit in force (not a history-only one)."""
    if task is None or not task.proposal_id or not task.proposal.unit_id:
        return False
    return scope_for(user, writing=True).covers_path(task.proposal.unit.path)


rules.add_perm("research.list_tasks", is_department_staff | is_local_officer | is_expert)
rules.add_perm("research.view_task", is_department_staff | leads_task | (is_local_officer & proposed_task))
rules.add_perm("research.manage_task", acts_as_department_staff)
rules.add_perm("research.report_progress", acts_as_department_staff | leads_task_now)
rules.add_perm(
    "research.record_application",
    acts_as_department_staff | leads_task_now | (acts_as_local_officer & proposed_task_now),
)


# -- calls for proposals (setup of a year's cycle) ------------------------------------------

rules.add_perm("research.manage_calls", acts_as_department_staff)


# ---- Tasks without state budget and programmes of tasks (issue 18) ----


@rules.predicate
def selffunded_in_write_scope(user: Any, task: Any) -> bool:
    """The organisation whose task it is lies in the user's write scope."""
    if task is None:
        return True
    return task.organisation_id is not None and organisation_in_write_scope(user, task.organisation)


rules.add_perm("research.list_selffunded", is_department_staff)
rules.add_perm("research.manage_selffunded", acts_as_department_staff & selffunded_in_write_scope)
rules.add_perm("research.list_programmes", is_department_staff)
rules.add_perm("research.manage_programmes", acts_as_department_staff)
