"""Keep the index current: every save or delete of a searchable row (or of a row its text comes
from, a source's `related`) marks the record, and when the transaction commits one task per kind
refreshes the marked records. Marks are gathered per transaction, so an import that saves a
thousand rows queues one task, not a thousand; a rolled-back transaction queues nothing.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from khcn.core.searchable import source_list, sources_for_model

_ATTR = "_khcn_search_pending"


class _Pending:
    def __init__(self) -> None:
        self.marks: dict[str, set[int]] = {}
        self.done = False

    def add(self, kind: str, pk: int) -> None:
        self.marks.setdefault(kind, set()).add(pk)

    def flush(self) -> None:
        from khcn.search.tasks import search_refresh

        marks, self.marks, self.done = self.marks, {}, True
        for kind, ids in sorted(marks.items()):
            search_refresh.enqueue(kind=kind, ids=sorted(ids))


def _mark(kind: str, pk: Any) -> None:
    if pk is None:
        return
    connection = transaction.get_connection()
    pending = getattr(connection, _ATTR, None)
    # The batch is still waiting for this transaction's commit unless a rollback discarded it.
    queued = [f for _sids, f, _robust in connection.run_on_commit]
    waiting = pending is not None and not pending.done and any(f == pending.flush for f in queued)
    if not waiting:
        pending = _Pending()
        setattr(connection, _ATTR, pending)
        pending.add(kind, int(pk))
        transaction.on_commit(pending.flush)  # at once outside a transaction
        return
    pending.add(kind, int(pk))  # type: ignore[union-attr]


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures loaded as they are; `search_rebuild` indexes them
    for source, attribute in sources_for_model(sender):
        _mark(source.kind, instance.pk if attribute is None else getattr(instance, attribute, None))


def connect_receivers() -> None:
    models = {source.model for source in source_list()}
    models |= {related for source in source_list() for related, _attribute in source.related}
    for model in models:
        uid = f"khcn-search-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
