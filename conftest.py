"""Shared fixtures: the unit registry and the named personas (cf. Healthchecks' alice/bob)."""

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import factory.random
import pytest
import time_machine

from khcn.accounts.models import User
from khcn.accounts.roles import Role
from khcn.accounts.tests.factories import RoleGrantFactory, UserFactory
from khcn.geo.models import AdminUnit, Organisation, OrganisationKind, UnitLevel
from khcn.geo.tests.factories import OrganisationFactory
from tests.chromium import CHROMIUM_ARGS, chromium_path

# Per-app fixture modules, built on each app's tests/factories.py.
pytest_plugins = ["khcn.geo.tests.fixtures", "khcn.reporting.tests.fixtures"]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


# -- the day the suite runs on (`make test-dates`) ---------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _test_today():  # type: ignore[no-untyped-def]
    """KHCN_TEST_TODAY=YYYY-MM-DD runs the whole session on that day (09:00 in Hà Nội, the
    clock ticking), so tests that read "today" are checked on more than the real date.
    A test's own `time_machine.move_to` still wins inside that test."""
    day = os.environ.get("KHCN_TEST_TODAY")
    if not day:
        yield None
        return
    start = datetime.combine(date.fromisoformat(day), time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(start, tick=True):
        yield start.date()


@pytest.fixture(autouse=True)
def _factory_seed():  # type: ignore[no-untyped-def]
    """Faker (vi_VN) gives every test the same names, whatever ran before it."""
    factory.random.reseed_random("khcn")


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):  # type: ignore[no-untyped-def]
    """Each test process works on its own copy of a migrated database holding Hà Nội's real
    registry, built once per schema (tests/dbtemplate.py) instead of migrated per process."""
    from tests.dbtemplate import database_setup

    with django_db_blocker.unblock():
        teardown = database_setup()
    yield
    with django_db_blocker.unblock():
        teardown()


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """KHCN_DATABASE_TESTS_ONLY=1 (`make test-postgres`) leaves out the tests that open no
    database (no `django_db` mark, no fixture built on `django_db_setup`): they pass or fail
    the same whatever DATABASE_URL says, and the SQLite run has just run them."""
    if os.environ.get("KHCN_DATABASE_TESTS_ONLY") != "1":
        return
    kept, left = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or "django_db_setup" in getattr(item, "fixturenames", ())
        (kept if uses_db else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


# Test ids that one test process runs one after another (see pytest_xdist_make_scheduler).
_TOGETHER = {"khcn/demo/tests/": "demo"}


def pytest_xdist_make_scheduler(config, log):  # type: ignore[no-untyped-def]
    """Spread tests one by one over the workers, as `--dist load` does, except that the demo's
    tests go to one worker together: there they share one `load_demo` (khcn/demo/tests/conftest.py).

    (xdist's own `--dist loadgroup` names the groups by rewriting test ids, which pytest 9 no
    longer lets it do.)"""
    from xdist.scheduler import LoadScopeScheduling

    class Together(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((group for prefix, group in _TOGETHER.items() if nodeid.startswith(prefix)), nodeid)

    return Together(config, log)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    """Drive Debian's Chromium: Playwright never downloads a browser here."""
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache: ids are reused between tests on SQLite."""
    from django.core.cache import cache, caches

    from khcn.core.kept import forget_all
    from khcn.core.pagecache import forget_public_stamp
    from khcn.products.views.public import kept_pages_forget

    cache.clear()
    caches["pages"].clear()
    forget_public_stamp()
    kept_pages_forget()
    forget_all()
    yield
    cache.clear()
    caches["pages"].clear()
    forget_public_stamp()
    kept_pages_forget()
    forget_all()


def _unit(name: str, *, level: str = UnitLevel.COMMUNE, current: bool = True) -> AdminUnit:
    qs = AdminUnit.objects.filter(name=name, level=level, path__startswith="p01/")
    qs = qs.current() if current else qs.filter(valid_to__isnull=False)
    return qs.get()


def make_user(
    username: str,
    role: str,
    *,
    unit: AdminUnit | None = None,
    organisation: Organisation | None = None,
    full_name: str = "",
) -> User:
    user = UserFactory.create(username=username, full_name=full_name or username)
    RoleGrantFactory.create(user=user, role=role, unit=unit, organisation=organisation)
    return user


@pytest.fixture
def province(db) -> AdminUnit:  # type: ignore[no-untyped-def]
    return AdminUnit.objects.get(registry_key="P:01")


@pytest.fixture
def ward_a(db) -> AdminUnit:  # type: ignore[no-untyped-def]
    """Xã Mê Linh (formed on 1 July 2025, partly from the seeds' Tráng Việt)."""
    return _unit("Mê Linh")


@pytest.fixture
def ward_b(db) -> AdminUnit:  # type: ignore[no-untyped-def]
    return _unit("Quang Minh")


@pytest.fixture
def department(province) -> Organisation:  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Sở Khoa học và Công nghệ Hà Nội", kind=OrganisationKind.DEPARTMENT, unit=province
    )


@pytest.fixture
def dept_leader(province, department) -> User:  # type: ignore[no-untyped-def]
    return make_user("leader", Role.DEPARTMENT_LEADER, unit=province, organisation=department, full_name="Lãnh đạo Sở")


@pytest.fixture
def dept_officer(province, department) -> User:  # type: ignore[no-untyped-def]
    return make_user(
        "officer", Role.DEPARTMENT_OFFICER, unit=province, organisation=department, full_name="Chuyên viên Sở"
    )


@pytest.fixture
def officer_a(ward_a) -> User:  # type: ignore[no-untyped-def]
    return make_user("officer_a", Role.LOCAL_OFFICER, unit=ward_a, full_name="Cán bộ xã Mê Linh")


@pytest.fixture
def officer_b(ward_b) -> User:  # type: ignore[no-untyped-def]
    return make_user("officer_b", Role.LOCAL_OFFICER, unit=ward_b, full_name="Cán bộ xã Quang Minh")


@pytest.fixture
def expert(db) -> User:  # type: ignore[no-untyped-def]
    org = OrganisationFactory.create(
        name="Học viện Nông nghiệp Việt Nam",
        kind=OrganisationKind.UNIVERSITY,
        unit=_unit("Gia Lâm", level=UnitLevel.DISTRICT, current=False),
    )
    return make_user("expert", Role.EXPERT, organisation=org, full_name="Chuyên gia")


@pytest.fixture
def council_member(expert) -> User:  # type: ignore[no-untyped-def]
    org = expert.grants.get().organisation
    return make_user("council", Role.COUNCIL_MEMBER, organisation=org, full_name="Ủy viên")


@pytest.fixture
def public_user(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("citizen", Role.PUBLIC, full_name="Người dân")
