"""Test data for the province's IP statistics."""

import factory
from factory.django import DjangoModelFactory

from khcn.ipstats.models import IpKind, IpStatistic


class IpStatisticFactory(DjangoModelFactory[IpStatistic]):
    class Meta:
        model = IpStatistic

    year = factory.Sequence(lambda n: 2000 + n % 100)
    kind = IpKind.PATENT
    applications = 1_000
    grants = 400
