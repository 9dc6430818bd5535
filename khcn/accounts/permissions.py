"""Role and action predicates (django-rules), registered as Django permissions."""

from typing import Any

import rules

from khcn.accounts.roles import Role
from khcn.accounts.scoping import scope_for


def _has(*roles: str, writing: bool = False) -> Any:
    @rules.predicate
    def predicate(user: Any) -> bool:
        return scope_for(user, writing=writing).has_role(*roles)

    return predicate


is_department_leader = _has(Role.DEPARTMENT_LEADER)
is_department_staff = _has(Role.DEPARTMENT_LEADER, Role.DEPARTMENT_OFFICER)
is_local_officer = _has(Role.LOCAL_OFFICER)
is_staff_member = _has(Role.DEPARTMENT_LEADER, Role.DEPARTMENT_OFFICER, Role.LOCAL_OFFICER)
is_expert = _has(Role.EXPERT, Role.COUNCIL_MEMBER)
has_any_role = _has(*Role.values)

# The same roles held through a grant that gives writes: on a unit in force, or on an
# organisation (scoping.scope_for, writing=True). Every permission to change uses these.
acts_as_department_leader = _has(Role.DEPARTMENT_LEADER, writing=True)
acts_as_department_staff = _has(Role.DEPARTMENT_LEADER, Role.DEPARTMENT_OFFICER, writing=True)
acts_as_local_officer = _has(Role.LOCAL_OFFICER, writing=True)
acts_as_staff_member = _has(Role.DEPARTMENT_LEADER, Role.DEPARTMENT_OFFICER, Role.LOCAL_OFFICER, writing=True)
acts_as_expert = _has(Role.EXPERT, Role.COUNCIL_MEMBER, writing=True)
acts_with_any_role = _has(*Role.values, writing=True)


@rules.predicate
def unit_in_scope(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    unit = getattr(obj, "unit", obj)
    return scope_for(user).covers_path(unit.path)


@rules.predicate
def unit_in_write_scope(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    unit = getattr(obj, "unit", obj)
    return unit is not None and scope_for(user, writing=True).covers_path(unit.path)


# Department staff set up accounts for the units and organisations of their province; the
# services also check each grant's scope and that nobody grants above their own rank.
rules.add_perm("accounts.view_user_list", is_department_staff)
rules.add_perm("accounts.manage_users", acts_as_department_staff)
rules.add_perm("geo.view_adminunit", rules.is_authenticated)
rules.add_perm("geo.view_organisation", is_staff_member | is_expert)
rules.add_perm("geo.add_organisation", acts_as_staff_member)
rules.add_perm("geo.change_organisation", acts_as_staff_member & unit_in_write_scope)
rules.add_perm("geo.delete_organisation", acts_as_department_staff & unit_in_write_scope)
