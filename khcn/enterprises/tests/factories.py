"""Test data for the register of S&T enterprises."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from khcn.enterprises.models import Certificate, Incentive, IncentiveKind
from khcn.geo.tests.factories import OrganisationFactory


class CertificateFactory(DjangoModelFactory[Certificate]):
    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"{n + 1:02d}/2026/DNKHCN")
    issued_on = date(2026, 3, 15)
    organisation = factory.SubFactory(OrganisationFactory)
    results = "Quy trình sản xuất chế phẩm vi sinh (sáng chế số 1-0012345)"


class IncentiveFactory(DjangoModelFactory[Incentive]):
    class Meta:
        model = Incentive

    certificate = factory.SubFactory(CertificateFactory)
    kind = IncentiveKind.TAX_EXEMPTION
    granted_on = date(2026, 4, 1)
