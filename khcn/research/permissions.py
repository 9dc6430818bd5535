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
