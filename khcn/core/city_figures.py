"""The figures the city ranks the Department on (issue 18, item 11), declared by the apps that
keep the records behind them.

An app registers a `CityFigure` in its AppConfig.ready: `city_figures.register(*FIGURES)`. The
city board and the Department's report to the city read them through `figures()` and
`compute(year)`; they never import the apps, so a new registry adds its figure in one place.

A figure's `value(year)` counts the records of that calendar year across the whole
deployment (the Department's figures are province-wide); `url(year)` is the list that shows
exactly those records, so every number on the board links to what it counts. `percent` marks
a rate (shown with a % sign) rather than a count.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise

Value = int | Decimal | None


@dataclass(frozen=True)
class CityFigure:
    key: str
    label: str | Promise
    value: Callable[[int], Value]
    url: Callable[[int], str]
    group: str | Promise = ""
    percent: bool = False
    order: int = 100


@dataclass(frozen=True)
class FigureValue:
    figure: CityFigure
    value: Value
    url: str


_FIGURES: dict[str, CityFigure] = {}


def register(*figures: CityFigure) -> None:
    """Offer each figure to the city board under its stable `key`."""
    for figure in figures:
        known = _FIGURES.get(figure.key)
        if known is not None and known != figure:
            raise ValueError(f"city figure {figure.key!r} is already registered")
        _FIGURES[figure.key] = figure


def figures() -> list[CityFigure]:
    """Every registered figure, in board order."""
    return sorted(_FIGURES.values(), key=lambda f: (f.order, f.key))


def get(key: str) -> CityFigure | None:
    return _FIGURES.get(key)


def compute(year: int) -> list[FigureValue]:
    """Each figure's value for `year`, with the link to its records."""
    return [FigureValue(figure=f, value=f.value(year), url=f.url(year)) for f in figures()]
