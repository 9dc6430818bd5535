"""PostgreSQL's full-text index in slices, and adjacent word pairs for phrases (issue 17, speed).

- `pairs_folded`: each folded field's adjacent words joined into one token ("o1nhiem
  nhiem1lang"), filled here for the rows already indexed. The stored tsvector `search_vector`
  is defined again to hold them, so a phrase of common words is one short posting list of the
  GIN index instead of the intersection of long ones.
- The single GIN index over `search_vector` becomes 16 partial GIN indexes, one per
  `mod(id, 16)`: a query of common words reads one slice or a few and stops (search.query),
  instead of every posting of its words across the whole index.

SQLite has neither and scans the folded columns as before.
"""

from itertools import pairwise

from django.db import migrations, models

SLICES = 16  # khcn.search.index.FTS_SLICES
VECTOR = (
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, {columns})) STORED"
)


def _pairs(*folded: str) -> str:
    return " ".join(f"{a}1{b}" for text in folded for a, b in pairwise(text.split()))


def fill_pairs(apps, schema_editor):
    entry = apps.get_model("search", "SearchEntry")
    last = 0
    while True:
        rows = list(entry.objects.filter(pk__gt=last).order_by("pk").only("title_folded", "text_folded")[:2000])
        if not rows:
            return
        for row in rows:
            row.pairs_folded = _pairs(row.title_folded, row.text_folded)
        entry.objects.bulk_update(rows, ["pairs_folded"])
        last = rows[-1].pk


def _vector(schema_editor, columns: str) -> None:
    schema_editor.execute("DROP INDEX IF EXISTS search_entry_fts")
    for k in range(SLICES):
        schema_editor.execute(f"DROP INDEX IF EXISTS search_entry_fts_s{k}")
    schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(VECTOR.format(columns=columns))


def slice_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _vector(schema_editor, "title_folded || ' ' || text_folded || ' ' || pairs_folded")
    for k in range(SLICES):
        schema_editor.execute(
            f"CREATE INDEX search_entry_fts_s{k} ON search_searchentry USING gin (search_vector)"
            f" WHERE mod(id, {SLICES}) = {k}"
        )


def whole_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _vector(schema_editor, "title_folded || ' ' || text_folded")
    schema_editor.execute("CREATE INDEX search_entry_fts ON search_searchentry USING gin (search_vector)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_indexes")]

    operations = [
        migrations.AddField(
            model_name="searchentry", name="pairs_folded", field=models.TextField(blank=True, default="")
        ),
        migrations.RunPython(fill_pairs, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(slice_index, whole_index, elidable=False),
    ]
