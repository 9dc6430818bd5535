"""The demo, loaded once for all of this package's tests on a fixed day (or on KHCN_TEST_TODAY)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

# The day the demo tests run on when the session does not travel (`make test-dates` does).
DEMO_TEST_DAY = date(2026, 12, 3)


@dataclass(frozen=True)
class LoadedDemo:
    output: str  # what `load_demo` printed: the accounts
    started: datetime  # when it started loading
    day: date  # the day it loaded on
    progress: str = ""  # what it said on stderr while loading: its steps


@pytest.fixture(scope="package")
def loaded_demo(_test_today, django_db_setup, django_db_blocker) -> Iterator[LoadedDemo]:  # type: ignore[no-untyped-def]
    """`manage.py load_demo`, once for the package's tests, rolled back after the last of them.

    Each test runs in a savepoint inside it, so the tests share one load (about a minute of
    CPU, ten times over when it was per module) and leave nothing behind. The root conftest's
    scheduler keeps them on one test process, one after another. Without KHCN_TEST_TODAY the
    package travels to DEMO_TEST_DAY: no demo test depends on the real date.
    """
    travel = None
    if _test_today is None:
        start = datetime.combine(DEMO_TEST_DAY, time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        travel = time_machine.travel(start, tick=True)
        travel.start()
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            started = timezone.now()
            out, err = StringIO(), StringIO()
            call_command("load_demo", stdout=out, stderr=err)
            yield LoadedDemo(output=out.getvalue(), started=started, day=timezone.localdate(), progress=err.getvalue())
            transaction.set_rollback(True)
    finally:
        if travel is not None:
            travel.stop()
