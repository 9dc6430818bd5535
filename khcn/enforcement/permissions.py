"""Who may read and keep inspections and sanction decisions (django-rules): the Department's
staff keep them; a commune's officer reads those of their commune."""

import rules

from khcn.accounts.permissions import acts_as_department_staff, is_department_staff, is_local_officer
from khcn.registers.services import owner_in_write_scope

rules.add_perm("enforcement.view_registry", is_department_staff | is_local_officer)
rules.add_perm("enforcement.change_record", acts_as_department_staff & owner_in_write_scope)
