"""Who may see and keep the Department's work with the city (django-rules).

It is the Department's own business: its staff read it; its officers and leaders (acting as
such, not while viewing as a unit) draft reports and enter the national ranks."""

import rules

from khcn.accounts.permissions import acts_as_department_staff, is_department_staff

rules.add_perm("citywork.view_city", is_department_staff)
rules.add_perm("citywork.manage_report", acts_as_department_staff)
rules.add_perm("citywork.set_rank", acts_as_department_staff)
