"""What a process keeps in memory for a short while: a dictionary whose entries last `seconds`,
at most `size` of them, the least recently used forgotten first.

For what every request would otherwise work out again though it seldom changes (the menu a
user's roles open, the units a search form offers, a kind's compiled visibility query): each
key names all the result depends on, so a change of grant or language is a new key, and
anything else the result reads (a unit renamed) shows within `seconds`. Not shared between
processes; `forget_all` empties every one (tests).
"""

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

_every: "weakref.WeakSet[Kept]" = weakref.WeakSet()  # type: ignore[type-arg]


class Kept(Generic[V]):
    def __init__(self, *, seconds: float, size: int) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()
        _every.add(self)

    def get(self, key: Hashable) -> V | None:
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is None or now - found[0] >= self.seconds:
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The kept value, or `make()`'s, kept (two threads may both make it; the last is kept)."""
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def values(self) -> list[V]:
        """The values kept, expired or not (to look at them in tests)."""
        with self._lock:
            return [value for _at, value in self._entries.values()]


def forget_all() -> None:
    """Empty every Kept of the process."""
    for kept in list(_every):
        kept.clear()
