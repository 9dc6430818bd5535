"""django-tables2, with each cell renderer's signature read once instead of once per cell.

django-tables2 calls `inspect.signature` on a column's `render_*` method for every cell it
renders (`utils.call_with_appropriate`), a third of a long list's rendering time (issue 19).
A function's signature does not change, so it is remembered per function (bound methods by
their function), in a bounded table.
"""

from collections.abc import Callable
from typing import Any

from django_tables2 import utils

_MAX_REMEMBERED = 4096
_read_signature = utils.signature
_remembered: dict[tuple[Any, bool], tuple[tuple[str, ...], str | None]] = {}


def remembered_signature(fn: Callable[..., Any]) -> tuple[tuple[str, ...], str | None]:
    """django_tables2.utils.signature, remembered per function (the bound `self` left out)."""
    function = getattr(fn, "__func__", None)
    key = (function, True) if function is not None else (fn, False)
    try:
        return _remembered[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable callable
        return _read_signature(fn)
    if len(_remembered) >= _MAX_REMEMBERED:
        _remembered.clear()
    found = _remembered[key] = _read_signature(fn)
    return found


def install() -> None:
    """Called once from CoreConfig.ready()."""
    utils.signature = remembered_signature
