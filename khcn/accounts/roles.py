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

# Who may grant what: nobody grants a role above their own (issue 11), so a Department
# officer cannot make a Department leader; a superuser ranks above every role.
ROLE_RANK = {
    Role.DEPARTMENT_LEADER: 2,
    Role.DEPARTMENT_OFFICER: 1,
    Role.LOCAL_OFFICER: 0,
    Role.EXPERT: 0,
    Role.COUNCIL_MEMBER: 0,
    Role.PUBLIC: 0,
}
SUPERUSER_RANK = 3
# Roles granted through the setup pages. A public user needs no grant to read the portal.
GRANTABLE_ROLES = (
    Role.DEPARTMENT_LEADER,
    Role.DEPARTMENT_OFFICER,
    Role.LOCAL_OFFICER,
    Role.EXPERT,
    Role.COUNCIL_MEMBER,
)
