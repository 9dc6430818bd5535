"""Who may see and keep technology appraisals (django-rules).

The Department receives the dossiers, consults experts and issues the opinion; a unit's
officer reads the dossiers of projects located in their units (the rows are scoped by
Appraisal.scope_rules, these rules check the record acted on).
"""

import rules

from khcn.accounts.permissions import acts_as_department_staff, is_department_staff, unit_in_write_scope

rules.add_perm("appraisal.list_appraisals", is_department_staff)
rules.add_perm("appraisal.add_appraisal", acts_as_department_staff)
rules.add_perm("appraisal.change_appraisal", acts_as_department_staff & unit_in_write_scope)
