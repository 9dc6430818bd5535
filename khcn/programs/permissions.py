"""Who may set up programmes, indicators, targets, forms and periods (django-rules).

Setting up next year's reporting cycle is the Department's work: a unit's officer fills the
forms these pages define but never changes them.
"""

import rules

from khcn.accounts.permissions import acts_as_department_staff

rules.add_perm("programs.manage_program", acts_as_department_staff)
