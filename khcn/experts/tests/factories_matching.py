"""Small builders for the matching tests (experts public and validated unless told)."""

from typing import Any

from khcn.experts.models import (
    Demand,
    Expert,
    OfferStatus,
    ProfileStatus,
    Technology,
    subfield_value,
)


def expert_make(*, keywords: str, unit: Any = None, public: bool = True, **kwargs: Any) -> Expert:
    values: dict[str, Any] = {
        "full_name": "Nguyễn Văn Chuyên",
        "field": "engineering",
        "public_consent": public,
        "status": ProfileStatus.VALIDATED,
    }
    values.update(kwargs)
    if "subfields" in values:
        values["subfields"] = subfield_value(values["subfields"].split())
    return Expert.objects.create(keywords=keywords, unit=unit, **values)


def technology_make(*, title: str, summary: str = "", published: bool = True, **kwargs: Any) -> Technology:
    status = OfferStatus.PUBLISHED if published else OfferStatus.DRAFT
    values: dict[str, Any] = {"field": "engineering", "maturity": 6, "status": status}
    values.update(kwargs)
    return Technology.objects.create(title=title, summary=summary or title, **values)


def demand_make(*, unit: Any, title: str, problem: str = "", **kwargs: Any) -> Demand:
    if "subfields" in kwargs:
        kwargs["subfields"] = subfield_value(kwargs["subfields"].split())
    return Demand.objects.create(unit=unit, title=title, problem=problem or title, **kwargs)
