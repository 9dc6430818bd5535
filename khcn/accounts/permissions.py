"""Role and action predicates (django-rules), registered as Django permissions."""

from typing import Any

import rules

from khcn.accounts.roles import Role
from khcn.accounts.scoping import scope_for


def _has(*roles: str) -> Any:
    @rules.predicate
    def predicate(user: Any) -> bool:
        return scope_for(user).has_role(*roles)

    return predicate


is_department_leader = _has(Role.DEPARTMENT_LEADER)
is_department_staff = _has(Role.DEPARTMENT_LEADER, Role.DEPARTMENT_OFFICER)
is_local_officer = _has(Role.LOCAL_OFFICER)
is_staff_member = _has(Role.DEPARTMENT_LEADER, Role.DEPARTMENT_OFFICER, Role.LOCAL_OFFICER)
is_expert = _has(Role.EXPERT, Role.COUNCIL_MEMBER)
has_any_role = _has(*Role.values)


@rules.predicate
def unit_in_scope(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    unit = getattr(obj, "unit", obj)
    return scope_for(user).covers_path(unit.path)


# Department staff set up accounts for the units and organisations of their province; the
# services also check each grant's scope and that nobody grants above their own rank.
rules.add_perm("accounts.view_user_list", is_department_staff)
rules.add_perm("accounts.manage_users", is_department_staff)
rules.add_perm("geo.view_adminunit", rules.is_authenticated)
rules.add_perm("geo.view_organisation", is_staff_member | is_expert)
rules.add_perm("geo.add_organisation", is_staff_member)
rules.add_perm("geo.change_organisation", is_staff_member & unit_in_scope)
rules.add_perm("geo.delete_organisation", is_department_staff & unit_in_scope)
