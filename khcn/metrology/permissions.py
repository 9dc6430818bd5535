"""Who may read and keep the metrology registers (django-rules): the Department's staff keep
instruments, verifications, announcements and laboratories; a commune's officer reads its own."""

import rules

from khcn.accounts.permissions import acts_as_department_staff, is_department_staff, is_local_officer
from khcn.registers.services import owner_in_write_scope

rules.add_perm("metrology.view_registry", is_department_staff | is_local_officer)
rules.add_perm("metrology.change_record", acts_as_department_staff & owner_in_write_scope)
