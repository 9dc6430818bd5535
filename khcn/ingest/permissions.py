"""Who may turn an article into draft records: Department staff who run working sessions."""

import rules

from khcn.accounts.permissions import acts_as_department_staff

# The records an import creates are sessions, attendees and follow-up items, which only the
# Department writes (meetings.manage_meeting); the page asks for the same.
rules.add_perm("ingest.use_ingest", acts_as_department_staff)
