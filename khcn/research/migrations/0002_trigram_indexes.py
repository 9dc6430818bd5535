"""Trigram GiST indexes on folded titles, for the duplicate check (PostgreSQL only; SQLite skips it).

GiST rather than GIN: the check asks for the few nearest titles (ORDER BY title <-> query
LIMIT n), which GiST answers by a nearest-neighbour scan however many titles look alike.
"""

from django.db import migrations

INDEXES = [
    ("research_task_title_trgm", "research_researchtask"),
    ("research_proposal_title_trgm", "research_proposal"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gist (title_folded gist_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
