"""Test data of the experts app: one factory per model, and the small builders the matching
tests use to write a record's text in one line."""

from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from khcn.experts.models import (
    Availability,
    Connection,
    Demand,
    Expert,
    OfferStatus,
    Outcome,
    ProfileStatus,
    Technology,
    subfield_value,
)
from khcn.research.models import ScienceField


class ExpertFactory(DjangoModelFactory[Expert]):
    """A validated profile with public consent, as the registry lists it, unless told otherwise.

    `draft=True` gives a profile as first recorded: a draft without consent, keywords or contact
    (the owner of a technology offer in the offers' tests)."""

    class Meta:
        model = Expert

    class Params:
        draft = factory.Trait(
            status=ProfileStatus.DRAFT,
            public_consent=False,
            organisation_name="",
            subfields="",
            keywords="",
            profile="",
            email="",
            phone="",
        )

    full_name = factory.Faker("name", locale="vi_VN")
    organisation_name = "Học viện Nông nghiệp Việt Nam"
    field = ScienceField.AGRICULTURAL
    subfields = " 401 406 "
    keywords = "giống lúa, canh tác hữu cơ"
    profile = "Nghiên cứu chọn tạo giống lúa."
    availability = Availability.AVAILABLE
    email = factory.Sequence(lambda n: f"chuyengia{n}@example.vn")
    phone = factory.Sequence(lambda n: f"09123{n:05d}")
    public_consent = True
    status = ProfileStatus.VALIDATED


def private_expert(**kwargs: Any) -> Expert:
    """A profile without public consent (validated: consent alone keeps it private)."""
    return ExpertFactory.create(public_consent=False, **kwargs)


def unvalidated_expert(**kwargs: Any) -> Expert:
    """A consented profile the Department has not validated yet."""
    return ExpertFactory.create(status=ProfileStatus.SUBMITTED, **kwargs)


class TechnologyFactory(DjangoModelFactory[Technology]):
    """A draft offer of no owner unless told."""

    class Meta:
        model = Technology

    title = factory.Sequence(lambda n: f"Công nghệ sấy nông sản {n}")
    summary = "Sấy lạnh giữ màu và vitamin."
    field = ScienceField.AGRICULTURAL
    subfields = " 401 "
    maturity = 7
    status = OfferStatus.DRAFT


class DemandFactory(DjangoModelFactory[Demand]):
    """An open demand of a commune; pass `unit`."""

    class Meta:
        model = Demand

    title = factory.Sequence(lambda n: f"Xử lý rơm rạ sau thu hoạch {n}")
    problem = "Rơm rạ bị đốt ngoài đồng gây khói."
    field = ScienceField.AGRICULTURAL


class ConnectionFactory(DjangoModelFactory[Connection]):
    """A connection with a new expert for a demand; pass `demand` (its unit is taken)."""

    class Meta:
        model = Connection

    unit = factory.LazyAttribute(lambda c: c.demand.unit)
    expert = factory.SubFactory(ExpertFactory)
    introduced_on = date(2026, 5, 4)
    outcome = Outcome.MEETING


# ---- Builders for the matching tests: the text of each record in one call ----


def expert_make(*, keywords: str, unit: Any = None, public: bool = True, **kwargs: Any) -> Expert:
    """An expert (public and validated unless told) with only the text given; `subfields` as
    "401 402"."""
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
    """An offer (published unless told) with only the text given."""
    status = OfferStatus.PUBLISHED if published else OfferStatus.DRAFT
    values: dict[str, Any] = {"field": "engineering", "maturity": 6, "status": status}
    values.update(kwargs)
    return Technology.objects.create(title=title, summary=summary or title, **values)


def demand_make(*, unit: Any, title: str, problem: str = "", **kwargs: Any) -> Demand:
    """A demand of `unit` with only the text given; `subfields` as "401 402"."""
    if "subfields" in kwargs:
        kwargs["subfields"] = subfield_value(kwargs["subfields"].split())
    return Demand.objects.create(unit=unit, title=title, problem=problem or title, **kwargs)
