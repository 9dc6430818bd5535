"""/api/v1/ of the metrology registers (read only; the same scope and filters as the pages)."""

from khcn.core.drf import Route
from khcn.metrology.registers import ANNOUNCEMENTS, INSTRUMENTS, KINDS, LABORATORIES, VERIFICATIONS
from khcn.registers.api import register_viewset

ROUTES: list[Route] = [
    ("instrument-kinds", register_viewset(KINDS, ["name", "cycle_months", "note"]), "instrument-kind"),
    (
        "instruments",
        register_viewset(
            INSTRUMENTS, ["kind", "model_name", "serial", "organisation", "unit", "location", "status", "next_due_on"]
        ),
        "instrument",
    ),
    (
        "verifications",
        register_viewset(VERIFICATIONS, ["instrument", "verified_on", "body", "result", "certificate", "next_due_on"]),
        "verification",
    ),
    (
        "conformity-announcements",
        register_viewset(
            ANNOUNCEMENTS, ["organisation", "unit", "kind", "product", "standard_code", "number", "received_on"]
        ),
        "conformity-announcement",
    ),
    (
        "laboratories",
        register_viewset(
            LABORATORIES,
            ["name", "organisation", "unit", "fields_covered", "accreditation", "accreditation_expires_on", "capacity"],
        ),
        "laboratory",
    ),
]
