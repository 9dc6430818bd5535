"""Who may read and keep the radiation registers (django-rules).

The Department's staff keep facilities, sources, licences and incidents; a commune's officer
reads those of their commune (rows scoped by the models' scope declarations). A write needs the
record's unit AND organisation in the caller's write scope.
"""

import rules

from khcn.accounts.permissions import acts_as_department_staff, is_department_staff, is_local_officer
from khcn.registers.services import owner_in_write_scope

rules.add_perm("radiation.view_registry", is_department_staff | is_local_officer)
rules.add_perm("radiation.change_record", acts_as_department_staff & owner_in_write_scope)
