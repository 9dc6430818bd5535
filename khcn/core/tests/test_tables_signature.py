"""Cell renderers' signatures are read once per function, not once per cell (core.tables)."""

import django_tables2 as tables
from django_tables2 import utils

from khcn.core import tables as core_tables


class _People(tables.Table):
    name = tables.Column()
    share = tables.Column()

    def render_name(self, value, record):
        return f"{value} ({record['unit']})"

    def render_share(self, value):
        return f"{value} %"


def test_each_renderer_is_inspected_once_and_cells_come_out_the_same(monkeypatch):
    assert utils.signature is core_tables.remembered_signature  # installed at start-up
    calls = []

    def counting(fn):
        calls.append(fn)
        return utils_inspect(fn)

    utils_inspect = core_tables._read_signature
    monkeypatch.setattr(core_tables, "_read_signature", counting)
    monkeypatch.setattr(core_tables, "_remembered", {})
    rows = [{"name": f"Nguyễn Văn {i}", "unit": "Xã Mê Linh", "share": i} for i in range(30)]
    cells = [[cell for cell in row] for row in _People(rows).rows]
    assert cells[7] == ["Nguyễn Văn 7 (Xã Mê Linh)", "7 %"]
    assert len(calls) <= 2  # render_name and render_share, whatever the number of rows
    assert [[cell for cell in row] for row in _People(rows).rows] == cells
    assert len(calls) <= 2  # and a new table of the same class inspects nothing again


def test_callables_that_cannot_be_remembered_are_still_read():
    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self, value):
            return value

    assert core_tables.remembered_signature(Unhashable()) == (("value",), None)
