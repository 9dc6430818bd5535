"""Search within a register's list, diacritics and case folded as the rest of KHCN searches."""

from django.db.models import QuerySet

from khcn.core.text import fold

SEARCH_READ_MAX = 5000  # rows a list search reads at most


def folded_search(queryset: QuerySet, value: str, *fields: str) -> QuerySet:
    """Rows whose `fields` contain `value` (folded), among the first SEARCH_READ_MAX rows."""
    wanted = fold(value)
    ids = [
        row["pk"]
        for row in queryset.values("pk", *fields)[:SEARCH_READ_MAX]
        if wanted in fold(" ".join(str(row[f] or "") for f in fields))
    ]
    return queryset.filter(pk__in=ids)
