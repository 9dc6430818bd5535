"""What other apps read from a session's article or minutes, shown on the session's page (issue 17).

The import of articles (khcn.ingest) keeps the figures quoted at a session and the products
named there, each with the sentence it came from. meetings may not import it (DESIGN.md: apps
depend downwards), so such an app registers a *provider* in its AppConfig.ready:
`quoted_register("ingest.figures", _("Figures quoted at the session"), provider)`, where
`provider(meeting=…, user=…)` returns the rows of `meeting` that `user` may see, in a fixed
number of queries. The session's page calls each provider once and shows the sections with rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class QuotedRow:
    """One thing read from the session's text: what it is, what it belongs to, its sentence."""

    value: str
    label: str = ""  # what the value belongs to (an indicator, a product of the catalogue)
    url: str = ""  # the page of `label`, when there is one the user may open
    unit: str = ""
    source: str = ""


@dataclass(frozen=True)
class QuotedSection:
    key: str
    heading: str | Promise
    rows: list[QuotedRow] = field(default_factory=list)


Provider = Callable[..., list[QuotedRow]]

_PROVIDERS: dict[str, tuple[str | Promise, Provider]] = {}


def quoted_register(key: str, heading: str | Promise, provider: Provider) -> None:
    """Show the rows `provider` reads for a session under `heading` (registering the same
    provider twice has no effect; another provider under a taken key is an error)."""
    if key in _PROVIDERS:
        if _PROVIDERS[key][1] is not provider:
            raise ValueError(f"quoted-row provider {key!r} is already registered")
        return
    _PROVIDERS[key] = (heading, provider)


def quoted_sections(*, meeting: Any, user: Any) -> list[QuotedSection]:
    """Each registered app's rows of `meeting` as `user` may see them; apps with none left out."""
    sections = []
    for key in sorted(_PROVIDERS):
        heading, provider = _PROVIDERS[key]
        rows = provider(meeting=meeting, user=user)
        if rows:
            sections.append(QuotedSection(key=key, heading=heading, rows=list(rows)))
    return sections
