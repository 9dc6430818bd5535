"""The search app's background task: refresh the index rows of records that changed.

Queued on commit by `signals` (STYLE.md §8): it takes ids, is safe to run twice and calls the
index service. It goes straight to Django Tasks, not through `khcn.core.jobs`: a Job row is for
work a person waits on (progress page, lease, retries, a message when it fails); refreshing a few
index rows needs none of that, and a refresh that is lost is made good by `search_rebuild`.
"""

from django_tasks import task

from khcn.search.index import entries_refresh


@task()
def search_refresh(*, kind: str, ids: list[int]) -> None:
    """Refresh the index rows of `kind` for `ids` (drop those whose record is gone)."""
    entries_refresh(kind=kind, ids=ids)
