"""The search index's PostgreSQL indexes (SQLite skips them and scans the folded columns).

- A GIN full-text index over the folded title and text, configuration 'simple': the columns
  hold folded words already (khcn.core.text.fold, done in Python so that both databases agree),
  so no `unaccent` and no stemming are wanted. The tsvector is a stored generated column,
  `search_vector` (unknown to the model, filled by PostgreSQL on every write), so a match
  rechecked on the heap is not parsed again; `search.query` reads it.
- A trigram GIN index on the folded title, for the phrase and title tests of the ranking
  (LIKE '%…%'), which pg_trgm answers from an index.
"""

from django.db import migrations

FTS = "search_entry_fts"
TRGM = "search_entry_title_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, title_folded || ' ' || text_folded)) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {FTS} ON search_searchentry USING gin (search_vector)")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRGM} ON search_searchentry USING gin (title_folded gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in (FTS, TRGM):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
