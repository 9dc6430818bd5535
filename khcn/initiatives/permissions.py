"""Who may apply for, recognise and send initiatives on (django-rules).

A unit's officers and the Department's staff keep the initiatives of the units and
organisations they write for; the unit recognises its own at base level (its council, then
the head's decision, recorded by its officer), and the Department may record it for any unit
of the province. The rows themselves are scoped by Initiative.scope_rules.
"""

from typing import Any

import rules

from khcn.accounts.permissions import acts_as_department_staff, acts_as_staff_member, is_staff_member
from khcn.accounts.scoping import organisation_in_write_scope, scope_for


@rules.predicate
def owner_in_write_scope(user: Any, obj: Any) -> bool:
    """The initiative's unit, or its organisation, is one the user writes for."""
    if obj is None:
        return True
    if obj.unit_id is not None and scope_for(user, writing=True).covers_path(obj.unit.path):
        return True
    return obj.organisation_id is not None and organisation_in_write_scope(user, obj.organisation)


rules.add_perm("initiatives.list_initiatives", is_staff_member)
rules.add_perm("initiatives.view_statistics", is_staff_member)
rules.add_perm("initiatives.add_initiative", acts_as_staff_member)
rules.add_perm("initiatives.change_initiative", acts_as_staff_member & owner_in_write_scope)
rules.add_perm("initiatives.recognise_initiative", acts_as_staff_member & owner_in_write_scope)
# The city's round is the Department's (the standing body of the city's initiative council).
rules.add_perm("initiatives.evaluate_city", acts_as_department_staff & owner_in_write_scope)
