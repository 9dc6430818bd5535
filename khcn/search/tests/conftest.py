from collections.abc import Callable
from typing import Any

import pytest

from khcn.core.searchable import source_list
from khcn.meetings.models import FollowUp
from khcn.meetings.tests.factories import FollowUpFactory
from khcn.search.index import entries_refresh
from khcn.search.query import visibility_forget


def index_rows(*objs: Any) -> None:
    """Index `objs` as the task queued on commit would (tests run inside one transaction)."""
    for obj in objs:
        for source in source_list():
            if isinstance(obj, source.model):
                entries_refresh(kind=source.kind, ids=[obj.pk])


@pytest.fixture
def item() -> Callable[..., FollowUp]:
    """A follow-up item of `unit` with `text`, indexed."""

    def make(unit: Any, text: str) -> FollowUp:
        row = FollowUpFactory.create(unit=unit, text=text)
        index_rows(row)
        return row

    return make


@pytest.fixture(autouse=True)
def _visibility_compiled_afresh() -> Any:
    """Each test compiles its users' visibility queries anew (ids and scopes repeat across tests)."""
    visibility_forget()
    yield
    visibility_forget()
