"""Factories of the radiation records (factory_boy)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from khcn.geo.tests.factories import OrganisationFactory
from khcn.radiation.models import Facility, FacilityKind, Incident, Licence, Source, SourceKind


class FacilityFactory(DjangoModelFactory[Facility]):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Phòng X-quang số {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    unit = factory.SelfAttribute("organisation.unit")
    kind = FacilityKind.MEDICAL_XRAY


class SourceFactory(DjangoModelFactory[Source]):
    class Meta:
        model = Source

    facility = factory.SubFactory(FacilityFactory)
    kind = SourceKind.XRAY
    model_name = "Shimadzu MobileDaRt"
    serial = factory.Sequence(lambda n: f"SN-{n:05d}")
    kv_max = 125


class LicenceFactory(DjangoModelFactory[Licence]):
    class Meta:
        model = Licence

    facility = factory.SubFactory(FacilityFactory)
    number = factory.Sequence(lambda n: f"{n}/GP-SKHCN")
    activities = "Sử dụng thiết bị X-quang chẩn đoán trong y tế"
    issued_on = date(2024, 6, 1)
    expires_on = date(2027, 6, 1)


class IncidentFactory(DjangoModelFactory[Incident]):
    class Meta:
        model = Incident

    facility = factory.SubFactory(FacilityFactory)
    occurred_on = date(2026, 3, 2)
    description = "Cửa phòng chụp không đóng khi phát tia"
