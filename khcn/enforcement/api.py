"""/api/v1/ of inspections and sanction decisions (read only; the pages' scope and filters)."""

from khcn.core.drf import Route
from khcn.enforcement.registers import DECISIONS, INSPECTIONS
from khcn.registers.api import register_viewset

ROUTES: list[Route] = [
    (
        "inspections",
        register_viewset(
            INSPECTIONS,
            [
                "organisation",
                "unit",
                "area",
                "kind",
                "record_id",
                "decision_number",
                "starts_on",
                "ends_on",
                "team",
                "findings",
            ],
        ),
        "inspection",
    ),
    (
        "sanction-decisions",
        register_viewset(
            DECISIONS,
            [
                "inspection",
                "number",
                "issued_on",
                "violation",
                "fine_vnd",
                "remedies",
                "remedy_due_on",
                "remedy_done_on",
            ],
        ),
        "sanction-decision",
    ),
]
