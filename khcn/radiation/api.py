"""/api/v1/ of the radiation registers (read only; the same scope and filters as the pages)."""

from khcn.core.drf import Route
from khcn.radiation.registers import FACILITIES, INCIDENTS, LICENCES, SOURCES
from khcn.registers.api import register_viewset

ROUTES: list[Route] = [
    (
        "radiation-facilities",
        register_viewset(FACILITIES, ["name", "organisation", "unit", "address", "kind", "safety_officer"]),
        "radiation-facility",
    ),
    (
        "radiation-sources",
        register_viewset(
            SOURCES,
            ["facility", "kind", "model_name", "serial", "isotope", "activity_gbq", "kv_max", "ma_max", "status"],
        ),
        "radiation-source",
    ),
    (
        "radiation-licences",
        register_viewset(
            LICENCES, ["facility", "number", "activities", "issued_by", "issued_on", "expires_on", "renews"]
        ),
        "radiation-licence",
    ),
    (
        "radiation-incidents",
        register_viewset(INCIDENTS, ["facility", "occurred_on", "severity", "description", "measures"]),
        "radiation-incident",
    ),
]
