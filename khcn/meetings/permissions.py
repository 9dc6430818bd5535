"""Who may run working sessions and answer follow-up items (django-rules, as permissions)."""

from typing import Any

import rules

from khcn.accounts.permissions import (
    acts_as_department_staff,
    acts_as_local_officer,
    is_department_staff,
    is_local_officer,
    unit_in_scope,
    unit_in_write_scope,
)
from khcn.accounts.scoping import scope_for
from khcn.meetings.models import AssigneeKind, FollowUpKind


@rules.predicate
def meeting_in_scope(user: Any, meeting: Any) -> bool:
    """A session is visible to whoever covers one of the units of its cluster."""
    if meeting is None:
        return True
    scope = scope_for(user)
    return any(scope.covers_path(mu.unit.path) for mu in meeting.cluster.all())


rules.add_perm("meetings.manage_meeting", acts_as_department_staff)
rules.add_perm("meetings.view_meeting", (is_department_staff | is_local_officer) & meeting_in_scope)
rules.add_perm("meetings.list_meetings", is_department_staff | is_local_officer)
rules.add_perm("meetings.view_board", is_department_staff)
# A unit's officer raises requests for their own unit; the Department records anything in scope.
# A former district's history-only account reads its items but neither raises nor answers.
rules.add_perm("meetings.add_followup", (acts_as_department_staff | acts_as_local_officer) & unit_in_write_scope)
rules.add_perm("meetings.respond_followup", (acts_as_department_staff | acts_as_local_officer) & unit_in_write_scope)


@rules.predicate
def unit_owes_the_answer(user: Any, item: Any) -> bool:
    """The unit itself must act on the item: a directive to it, or an item assigned to it.
    A request it raised is owed by the Department (or the city, or an expert), not by it."""
    return item is None or item.kind == FollowUpKind.DIRECTIVE or item.assignee_kind == AssigneeKind.UNIT


# Only the party that owes the answer moves an item's status (closes it): the Department,
# which records every answer of its divisions, the city and experts; a unit only on the
# items it must act on itself, never on the requests it raised (issue 13, defect 8).
rules.add_perm(
    "meetings.set_followup_status",
    (acts_as_department_staff | (acts_as_local_officer & unit_owes_the_answer)) & unit_in_write_scope,
)
rules.add_perm("meetings.view_followup", (is_department_staff | is_local_officer) & unit_in_scope)
