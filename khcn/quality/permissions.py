"""Who may see and keep QMS records, self-reports, inspections and courses (django-rules).

The Department keeps every unit's QMS record, reviews self-reports, records inspections and
organises courses. A unit's officer reads its own unit's records, submits its yearly
self-report, reads the courses its unit is invited to and evaluates the ones they attended.
Rows are scoped by the models' scope declarations; these rules check the object acted on.
"""

from typing import Any

import rules

from khcn.accounts.permissions import (
    acts_as_department_staff,
    acts_as_local_officer,
    acts_with_any_role,
    is_department_staff,
    is_local_officer,
    unit_in_write_scope,
)


@rules.predicate
def is_attendee(user: Any, participant: Any) -> bool:
    return (
        participant is not None
        and participant.user_id is not None
        and participant.user_id == getattr(user, "pk", None)
        and participant.attended is True
    )


rules.add_perm("quality.view_board", is_department_staff | is_local_officer)
rules.add_perm("quality.change_qualitysystem", acts_as_department_staff & unit_in_write_scope)
rules.add_perm("quality.submit_selfreport", (acts_as_department_staff | acts_as_local_officer) & unit_in_write_scope)
rules.add_perm("quality.review_selfreport", acts_as_department_staff & unit_in_write_scope)
rules.add_perm("quality.add_inspection", acts_as_department_staff & unit_in_write_scope)
rules.add_perm("quality.list_courses", is_department_staff | is_local_officer)
rules.add_perm("quality.manage_course", acts_as_department_staff)
rules.add_perm("quality.evaluate_course", acts_with_any_role & is_attendee)
