"""Readable change history from django-simple-history records."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext

HIDDEN_FIELDS = {"version", "updated_at", "updated_by", "name_folded", "sort_key", "search_text"}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime
    who: Any
    kind: str  # "+", "~", "-"
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _display(model: type[models.Model], name: str, value: Any) -> Any:
    try:
        f = model._meta.get_field(name)
    except Exception:
        return value
    if isinstance(f, models.BooleanField) and value is not None:
        return gettext("yes") if value else gettext("no")
    choices = getattr(f, "flatchoices", None)
    return dict(choices).get(value, value) if choices else value


def history_entries(obj: models.Model, *, limit: int = 50) -> list[HistoryEntry]:
    """Return the newest `limit` history entries of `obj`, each with its field changes.

    Two queries whatever the length: the history rows (with their users) and nothing else,
    because diffs are computed between consecutive rows in memory.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])  # type: ignore[attr-defined]
    model = type(obj)
    entries: list[HistoryEntry] = []
    for i, record in enumerate(records[:limit]):
        entry = HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            kind=record.history_type,
            reason=record.history_change_reason or "",
        )
        previous = records[i + 1] if i + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                f = model._meta.get_field(change.field)
                entry.changes.append(
                    Change(
                        field=str(getattr(f, "verbose_name", change.field)),
                        old=_display(model, change.field, change.old),
                        new=_display(model, change.field, change.new),
                    )
                )
        entries.append(entry)
    _name_related(model, entries)
    return entries


def _name_related(model: type[models.Model], entries: list[HistoryEntry]) -> None:
    """Show a changed foreign key by the record's name, not its number: one query per related model."""
    wanted: dict[Any, set[Any]] = {}
    fields = {
        str(getattr(f, "verbose_name", f.name)): f
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey) and f.name not in HIDDEN_FIELDS
    }
    for entry in entries:
        for change in entry.changes:
            f = fields.get(change.field)
            if f is not None:
                wanted.setdefault(f.related_model, set()).update(v for v in (change.old, change.new) if v is not None)
    names = {
        related: {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
        if ids
    }
    for entry in entries:
        for change in entry.changes:
            f = fields.get(change.field)
            if f is not None:
                known = names.get(f.related_model, {})
                change.old = known.get(change.old, change.old)
                change.new = known.get(change.new, change.new)


def attribute_to(obj: models.Model, user: Any) -> None:
    """Make the next save's history row name `user` (none for a user not saved, e.g. a system job)."""
    obj._history_user = user if getattr(user, "pk", None) else None  # type: ignore[attr-defined]
