import pytest

from khcn.geo.models import Organisation, OrganisationKind
from khcn.geo.tests.factories import OrganisationFactory


@pytest.fixture
def org_a(ward_a) -> Organisation:  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Hợp tác xã rau, củ quả Đông Cao", kind=OrganisationKind.COOPERATIVE, unit=ward_a
    )


@pytest.fixture
def org_b(ward_b) -> Organisation:  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(name="Hợp tác xã hoa đào Phù Trì", kind=OrganisationKind.COOPERATIVE, unit=ward_b)
