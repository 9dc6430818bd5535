"""Who may see and keep the register of S&T enterprises (django-rules).

The Department certifies S&T enterprises: its staff read the register and keep it. A write
needs the Department's role and the certificate's enterprise inside the caller's write scope.
"""

from typing import Any

import rules

from khcn.accounts.permissions import acts_as_department_staff, is_department_staff
from khcn.accounts.scoping import organisation_in_write_scope


@rules.predicate
def organisation_writable(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    organisation = getattr(obj, "organisation", None)
    return organisation is not None and organisation_in_write_scope(user, organisation)


rules.add_perm("enterprises.view_certificates", is_department_staff)
rules.add_perm("enterprises.change_certificate", acts_as_department_staff & organisation_writable)
rules.add_perm("enterprises.import_certificates", acts_as_department_staff)
