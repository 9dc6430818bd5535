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
rules.add_perm("meetings.view_followup", (is_department_staff | is_local_officer) & unit_in_scope)
