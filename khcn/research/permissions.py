"""Who may propose, edit, submit and screen task proposals (django-rules, as permissions)."""

from typing import Any

import rules

from khcn.accounts.permissions import is_department_staff, is_expert, is_local_officer
from khcn.accounts.scoping import scope_for


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


rules.add_perm("research.list_proposals", is_department_staff | is_local_officer)
rules.add_perm("research.add_proposal", is_department_staff | is_local_officer)
rules.add_perm("research.view_proposal", (is_department_staff | is_local_officer) & proposal_in_scope)
rules.add_perm("research.change_proposal", (is_department_staff | is_local_officer) & proposal_in_scope)
rules.add_perm("research.screen_proposal", is_department_staff & proposal_in_scope)

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
def proposed_task(user: Any, task: Any) -> bool:
    """An officer of the unit whose proposal the task answers (it applies the results)."""
    if task is None or not task.proposal_id or not task.proposal.unit_id:
        return False
    return scope_for(user).covers_path(task.proposal.unit.path)


rules.add_perm("research.list_tasks", is_department_staff | is_local_officer | is_expert)
rules.add_perm("research.view_task", is_department_staff | leads_task | (is_local_officer & proposed_task))
rules.add_perm("research.manage_task", is_department_staff)
rules.add_perm("research.report_progress", is_department_staff | leads_task)
rules.add_perm("research.record_application", is_department_staff | leads_task | (is_local_officer & proposed_task))


# -- calls for proposals (setup of a year's cycle) ------------------------------------------

rules.add_perm("research.manage_calls", is_department_staff)
