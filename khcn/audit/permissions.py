"""Who reads the audit log: the Department's administrator, the system's superuser account
(the demo's `admin`, "Quản trị hệ thống"), and nobody else, Department leaders included: the
log records what they do too."""

import rules

is_administrator = rules.is_superuser

rules.add_perm("audit.view_auditevent", is_administrator)
