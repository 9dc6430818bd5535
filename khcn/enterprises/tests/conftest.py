from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from khcn.geo.models import OrganisationKind
from khcn.geo.tests.factories import OrganisationFactory

# Every test of the register runs on 15/09/2026, 09:00 in Hà Nội.
TODAY = datetime(2026, 9, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def company_a(ward_a):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Công ty cổ phần Cảm biến Mê Linh", kind=OrganisationKind.ENTERPRISE, unit=ward_a, tax_code="0109000101"
    )


@pytest.fixture
def company_b(ward_b):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Công ty TNHH Giống cây Quang Minh", kind=OrganisationKind.ENTERPRISE, unit=ward_b, tax_code="0109000102"
    )
