"""The one list of roles (cf. saleor/permission/enums.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DEPARTMENT_LEADER = "department_leader", _("Department leader")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    LOCAL_OFFICER = "local_officer", _("Local officer")
    EXPERT = "expert", _("Expert")
    COUNCIL_MEMBER = "council_member", _("Council member")
    PUBLIC = "public", _("Public user")


DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_LEADER, Role.DEPARTMENT_OFFICER})
STAFF_ROLES = DEPARTMENT_ROLES | {Role.LOCAL_OFFICER}
