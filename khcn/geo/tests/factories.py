"""Test data for geo: organisations. Units come from the real registry the session loads."""

import factory
from factory.django import DjangoModelFactory

from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel


def commune(name: str) -> AdminUnit:
    """Today's commune or ward of that name in Hà Nội (from the registry the session loads)."""
    return AdminUnit.objects.current().get(name=name, level=UnitLevel.COMMUNE, path__startswith="p01/")


def province() -> AdminUnit:
    return AdminUnit.objects.get(registry_key="P:01")


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Faker("company", locale="vi_VN")
    kind = OrganisationKind.COOPERATIVE
    unit = factory.LazyFunction(province)
