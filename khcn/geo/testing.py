"""The unit registry for tests that empty the database after each test (browser tests on a live
server, `transactional_db`): imported from the package once per process, then copied back row
for row, which takes a fraction of the import's time (it derives names, paths and successions
for every unit)."""

from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction

from khcn.geo.models import AdminUnit, UnitSuccession
from khcn.geo.services import units_import_registry

_ROWS: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}


def _snapshot(province_code: str) -> None:
    _ROWS[province_code] = (
        [dict(row) for row in AdminUnit.objects.order_by("pk").values()],
        [dict(row) for row in UnitSuccession.objects.order_by("pk").values()],
    )


def registry_ensure(province_code: str = "01") -> None:
    """Hà Nội's registry (or `province_code`'s) in the database, as `units_import_registry`
    leaves it, ids included. The first call of a process keeps a copy of the rows (the test
    database starts with the registry), which later calls put back after each flush."""
    rows = _ROWS.get(province_code)
    if AdminUnit.objects.filter(registry_key=f"P:{province_code}").exists():
        if rows is None:
            _snapshot(province_code)
        return
    if rows is None or AdminUnit.objects.exists():
        units_import_registry(province_code=province_code)
        if rows is None:
            _snapshot(province_code)
        return
    units, successions = rows
    with transaction.atomic():
        AdminUnit.objects.bulk_create([AdminUnit(**row) for row in units], batch_size=500)
        UnitSuccession.objects.bulk_create([UnitSuccession(**row) for row in successions], batch_size=500)
        sql = connection.ops.sequence_reset_sql(no_style(), [AdminUnit, UnitSuccession])
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
