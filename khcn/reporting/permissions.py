"""Who may fill, review and sign off reports (django-rules, registered as permissions)."""

from typing import Any

import rules

from khcn.accounts.permissions import (
    acts_as_department_leader,
    acts_as_department_staff,
    acts_as_local_officer,
    is_department_staff,
    is_local_officer,
)
from khcn.accounts.scoping import scope_for


@rules.predicate
def report_in_scope(user: Any, report: Any) -> bool:
    if report is None:
        return True
    return scope_for(user).covers_path(report.unit.path)


@rules.predicate
def report_in_write_scope(user: Any, report: Any) -> bool:
    """The report's unit lies in the user's write scope (not a history-only grant)."""
    if report is None:
        return True
    return scope_for(user, writing=True).covers_path(report.unit.path)


rules.add_perm("reporting.view_report", (is_department_staff | is_local_officer) & report_in_scope)
rules.add_perm("reporting.fill_report", (acts_as_local_officer | acts_as_department_staff) & report_in_write_scope)
rules.add_perm("reporting.review_report", acts_as_department_staff & report_in_write_scope)
rules.add_perm("reporting.sign_off_report", acts_as_department_leader & report_in_write_scope)
rules.add_perm("reporting.view_board", is_department_staff)
rules.add_perm("reporting.list_periods", is_department_staff | is_local_officer)
