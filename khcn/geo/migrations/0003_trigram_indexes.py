"""Trigram indexes for substring search on folded names (PostgreSQL only; SQLite skips it)."""

from django.db import migrations

INDEXES = [
    ("geo_adminunit_name_folded_trgm", "geo_adminunit"),
    ("geo_organisation_name_folded_trgm", "geo_organisation"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (name_folded gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_organisation_kind_labels")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
