"""The city-figure registry: registered once under a key, read in board order."""

import pytest

from khcn.core import city_figures
from khcn.core.city_figures import CityFigure


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(city_figures, "_FIGURES", {})


def _figure(key: str, order: int, value: int = 1) -> CityFigure:
    return CityFigure(
        key=key, label=key, value=lambda year: value * year, url=lambda year: f"/x/?year={year}", order=order
    )


def test_figures_come_in_board_order_with_their_values_and_links(clean_registry):
    late, early = _figure("b.late", 20, 2), _figure("a.early", 10, 1)
    city_figures.register(late, early)
    rows = city_figures.compute(2025)
    assert [r.figure.key for r in rows] == ["a.early", "b.late"]
    assert [r.value for r in rows] == [2025, 4050]
    assert rows[1].url == "/x/?year=2025"
    assert city_figures.get("b.late") is late
    assert city_figures.get("nope") is None


def test_registering_the_same_figure_twice_is_harmless_but_a_clash_is_refused(clean_registry):
    figure = _figure("k", 1)
    city_figures.register(figure)
    city_figures.register(figure)
    assert len(city_figures.figures()) == 1
    with pytest.raises(ValueError, match="already registered"):
        city_figures.register(_figure("k", 2))
