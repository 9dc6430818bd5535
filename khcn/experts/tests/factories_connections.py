"""Test data for connections: an expert, a technology, a demand and a connection."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from khcn.experts.models import Connection, Demand, Expert, OfferStatus, Outcome, Technology
from khcn.research.models import ScienceField


class ExpertFactory(DjangoModelFactory[Expert]):
    class Meta:
        model = Expert

    full_name = factory.Faker("name", locale="vi_VN")
    field = ScienceField.AGRICULTURAL


class TechnologyFactory(DjangoModelFactory[Technology]):
    class Meta:
        model = Technology

    title = factory.Sequence(lambda n: f"Công nghệ xử lý chất thải chăn nuôi số {n + 1}")
    summary = "Xử lý chất thải chăn nuôi bằng đệm lót sinh học."
    field = ScienceField.AGRICULTURAL
    maturity = 7
    status = OfferStatus.PUBLISHED


class DemandFactory(DjangoModelFactory[Demand]):
    """A demand of a commune; pass `unit`."""

    class Meta:
        model = Demand

    title = factory.Sequence(lambda n: f"Xử lý ô nhiễm làng nghề số {n + 1}")
    problem = "Nước thải làng nghề chưa được xử lý."
    field = ScienceField.AGRICULTURAL


class ConnectionFactory(DjangoModelFactory[Connection]):
    """A connection for a demand; pass `demand` (its unit is taken)."""

    class Meta:
        model = Connection

    unit = factory.LazyAttribute(lambda c: c.demand.unit)
    expert = factory.SubFactory(ExpertFactory)
    introduced_on = date(2026, 5, 4)
    outcome = Outcome.MEETING
