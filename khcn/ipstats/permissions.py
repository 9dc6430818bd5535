"""Who may see and keep the province's IP statistics (django-rules).

The figures are province-wide and the Department's own: its staff read them; its staff acting
through a grant that gives writes keep them. Commune officers see none of them.
"""

import rules

from khcn.accounts.permissions import acts_as_department_staff, is_department_staff

rules.add_perm("ipstats.view_statistics", is_department_staff)
rules.add_perm("ipstats.change_statistic", acts_as_department_staff)
rules.add_perm("ipstats.import_statistics", acts_as_department_staff)
