"""Who may see and keep the fund's records (django-rules).

The fund is run by the Department: its staff read every call, application, plan, disbursement
and repayment and keep them. The rows are scoped by the models' `scope_rules` (an
organisation's account or a unit's officer would see only their own, through the API's
scoping); these rules check the object acted on: a write needs the Department's role and the
application's organisation inside the caller's write scope.
"""

from typing import Any

import rules

from khcn.accounts.permissions import acts_as_department_staff, is_department_staff
from khcn.accounts.scoping import organisation_in_write_scope


@rules.predicate
def organisation_writable(user: Any, obj: Any) -> bool:
    """The application's organisation (or the object's application's) is one the user writes for."""
    if obj is None:
        return True
    application = getattr(obj, "application", obj)
    organisation = getattr(application, "organisation", None)
    return organisation is not None and organisation_in_write_scope(user, organisation)


rules.add_perm("fund.view_fund", is_department_staff)
rules.add_perm("fund.manage_call", acts_as_department_staff)
rules.add_perm("fund.change_application", acts_as_department_staff & organisation_writable)
rules.add_perm("fund.decide_application", acts_as_department_staff & organisation_writable)
rules.add_perm("fund.import_applications", acts_as_department_staff)
