"""Who may see and keep experts, technologies, demands and connections (django-rules).

The Department keeps the expert registry, reviews technology offers and makes connections. An
expert edits their own profile and offers. A commune's officer records its demands and reads
the public profiles and the catalogue, and the connections made for its commune. The rows
themselves are scoped by the models' `scope_rules`; these rules check the object acted on.
"""

from typing import Any

import rules

from khcn.accounts.permissions import (
    acts_as_department_staff,
    acts_as_expert,
    acts_as_local_officer,
    is_department_staff,
    is_expert,
    is_local_officer,
    unit_in_scope,
    unit_in_write_scope,
)


@rules.predicate
def is_own_profile(user: Any, obj: Any) -> bool:
    return obj is not None and obj.user_id is not None and obj.user_id == getattr(user, "pk", None)


@rules.predicate
def owns_technology(user: Any, obj: Any) -> bool:
    if obj is None:
        return False
    uid = getattr(user, "pk", None)
    return (obj.owner_expert_id is not None and obj.owner_expert.user_id == uid) or obj.created_by_id == uid


# ---- Experts ----
rules.add_perm("experts.list_experts", is_department_staff | is_local_officer | is_expert)
rules.add_perm("experts.view_expert_private", is_department_staff | is_own_profile)
rules.add_perm("experts.change_expert", acts_as_department_staff | (acts_as_expert & is_own_profile))
rules.add_perm("experts.validate_expert", acts_as_department_staff)
rules.add_perm("experts.import_experts", acts_as_department_staff)
# ---- Technologies ----
rules.add_perm("experts.list_technologies", is_department_staff | is_local_officer | is_expert)
rules.add_perm("experts.add_technology", acts_as_department_staff | acts_as_expert)
rules.add_perm("experts.change_technology", acts_as_department_staff | (acts_as_expert & owns_technology))
rules.add_perm("experts.review_technology", acts_as_department_staff)
# ---- Demands ----
rules.add_perm("experts.list_demands", is_department_staff | is_local_officer)
rules.add_perm("experts.view_demand", is_department_staff | (is_local_officer & unit_in_scope))
rules.add_perm("experts.add_demand", acts_as_department_staff | acts_as_local_officer)
rules.add_perm("experts.change_demand", (acts_as_department_staff | acts_as_local_officer) & unit_in_write_scope)
# ---- Matching and connections ----
rules.add_perm("experts.view_matches", is_department_staff | (is_local_officer & unit_in_scope))
rules.add_perm("experts.list_connections", is_department_staff | is_local_officer)
rules.add_perm("experts.add_connection", acts_as_department_staff & unit_in_write_scope)
rules.add_perm("experts.change_connection", acts_as_department_staff & unit_in_write_scope)
rules.add_perm("experts.view_connection_board", is_department_staff | is_local_officer)
# ---- Expert registry (helper A) ----
# Only the Department removes a profile from the registry (soft delete, history kept).
rules.add_perm("experts.delete_expert", acts_as_department_staff)
# An expert submits their own profile for validation; the Department may submit any.
rules.add_perm("experts.submit_expert", acts_as_department_staff | (acts_as_expert & is_own_profile))
# A signed-in expert without a profile gets one on their first visit to people/me/.
rules.add_perm("experts.add_own_profile", acts_as_expert)
# The Department loads technology offers from a workbook (they start as drafts).
rules.add_perm("experts.import_technologies", acts_as_department_staff)

# ---- Connections (helper D): who may read the connections list and pages ----
# A commune's officer reads its commune's connections, an expert the ones naming them; the rows
# themselves are scoped by Connection.scope_rules.
rules.add_perm("experts.view_connections", is_department_staff | is_local_officer | is_expert)
