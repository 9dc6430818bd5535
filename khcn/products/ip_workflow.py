"""The moves an IP dossier may make between stages: one table, read by the service, the pages
and the API (DOMAIN.md §6.3).

A dossier goes forward one stage at a time, survey → dossier → filed → formal examination →
published → substantive examination → granted. The IP Office may refuse it at the formal
examination, after publication or at the substantive examination; the owner may withdraw it
at any stage still open. Granted, refused and withdrawn end the dossier.
"""

from itertools import pairwise

from khcn.products.models import IP_CLOSED_STAGES, IP_STAGE_ORDER, IpStage

OPEN_STAGES: tuple[str, ...] = tuple(s for s in IP_STAGE_ORDER if s not in IP_CLOSED_STAGES)
REFUSABLE_STAGES = frozenset({IpStage.FORMAL_EXAM, IpStage.PUBLISHED, IpStage.SUBSTANTIVE_EXAM})
# Moves that end the dossier without a grant: the page asks before making them.
ENDING_MOVES = frozenset({IpStage.REFUSED, IpStage.WITHDRAWN})


def _moves() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {stage: set() for stage in IpStage.values}
    for here, there in pairwise(IP_STAGE_ORDER):
        table[here].add(there)
    for refusable in REFUSABLE_STAGES:
        table[refusable].add(IpStage.REFUSED)
    for open_stage in OPEN_STAGES:
        table[open_stage].add(IpStage.WITHDRAWN)
    return {stage: frozenset(targets) for stage, targets in table.items()}


IP_MOVES: dict[str, frozenset[str]] = _moves()


def can_move(from_stage: str, to_stage: str) -> bool:
    return to_stage in IP_MOVES.get(from_stage, frozenset())


def next_stages(stage: str) -> list[str]:
    """The stages a dossier in `stage` may move to: forward first, then refused, then withdrawn."""
    order = [*IP_STAGE_ORDER, IpStage.REFUSED, IpStage.WITHDRAWN]
    return [s for s in order if s in IP_MOVES.get(stage, frozenset())]
