from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from khcn.fund.tests.factories import FundApplicationFactory
from khcn.geo.models import OrganisationKind
from khcn.geo.tests.factories import OrganisationFactory

# Every fund test runs on 15/09/2026, 09:00 in Hà Nội.
TODAY = datetime(2026, 9, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def company_a(ward_a):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Công ty TNHH Nông nghiệp công nghệ cao Mê Linh",
        kind=OrganisationKind.ENTERPRISE,
        unit=ward_a,
        tax_code="0109000001",
    )


@pytest.fixture
def company_b(ward_b):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Công ty cổ phần Vật liệu mới Quang Minh",
        kind=OrganisationKind.ENTERPRISE,
        unit=ward_b,
        tax_code="0109000002",
    )


@pytest.fixture
def approved(company_a):  # type: ignore[no-untyped-def]
    """A grant of 10.000.000.000 đồng approved on 15/07/2026 to the company of ward A."""
    return FundApplicationFactory.create(organisation=company_a, approved=True)
