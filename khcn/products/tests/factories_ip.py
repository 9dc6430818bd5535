"""Test data for IP dossiers and OCOP ratings, made through the services so every dossier
has its timeline (`IpStageEvent`) as the pages make it."""

from datetime import date
from typing import Any

import time_machine

from khcn.products.models import IpAsset, IpKind, IpStage
from khcn.products.services.ip import ip_asset_create, ip_move

# The dates each stage is reached on, when a test walks a dossier forward.
STAGE_DAYS = {
    IpStage.DOSSIER: date(2024, 3, 1),
    IpStage.FILED: date(2024, 6, 3),
    IpStage.FORMAL_EXAM: date(2024, 7, 1),
    IpStage.PUBLISHED: date(2024, 9, 2),
    IpStage.SUBSTANTIVE_EXAM: date(2024, 10, 1),
    IpStage.GRANTED: date(2025, 5, 15),
}


def dossier(
    *,
    user: Any,
    unit: Any,
    to: str = IpStage.SURVEY,
    kind: str = IpKind.COLLECTIVE_MARK,
    name: str = "Bưởi đỏ Đông Cao",
    products: Any = (),
) -> IpAsset:
    """A dossier opened on 2 January 2024 and moved forward to `to` on the STAGE_DAYS dates."""
    with time_machine.travel(date(2025, 7, 1)):  # the communes of the 2025 reform are in force
        asset = ip_asset_create(
            user=user,
            name=name,
            kind=kind,
            unit=unit,
            owner_name="Hội sản xuất và kinh doanh bưởi đỏ",
            stage_since=date(2024, 1, 2),
            products=products,
        )
        for stage, day in STAGE_DAYS.items():
            if asset.stage == to:
                break
            asset = ip_move(
                user=user,
                asset=asset,
                to_stage=stage,
                on=day,
                application_number="4-2024-12345" if stage == IpStage.FILED else "",
                certificate_number="512345" if stage == IpStage.GRANTED else "",
            )
    return asset
