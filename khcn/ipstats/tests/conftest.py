from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

# Every test of the IP statistics runs on 15/09/2026, 09:00 in Hà Nội.
TODAY = datetime(2026, 9, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(TODAY, tick=False):
        yield
