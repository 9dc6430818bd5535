"""One migrated test database per change of the schema, copied for every test process.

Running the 50-odd migrations costs about 90 s of CPU, and `make test` starts eight pytest
processes on two workers each (SQLite and PostgreSQL, the browser tests, the dated runs). So the
first process to need a database builds a *template*: migrated, with Hà Nội's unit registry
imported, named after a hash of everything that shapes it (the migrations, the registry import,
the lock file). Every worker then starts from a copy: a file copy for SQLite (on a memory-backed
file system where there is one), `CREATE DATABASE … TEMPLATE` for PostgreSQL. A change to any
migration gives a new hash, hence a fresh template; `make clean` removes the SQLite ones, and the
PostgreSQL cluster of `scripts/with-postgres.sh` lives as long as one run.
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "var" / "test-db"

# What the build runs, in a child process with its own settings and connections.
BUILD = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from khcn.geo.services import units_import_registry
call_command("migrate", interactive=False, verbosity=0)
units_import_registry(province_code="01")
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("PRAGMA journal_mode=DELETE")
connection.close()
"""


def schema_key() -> str:
    """A hash of what the template holds: a new migration or registry import makes a new one."""
    digest = hashlib.sha256(BUILD.encode())
    parts = sorted(ROOT.glob("khcn/*/migrations/*.py"))
    parts += [ROOT / "khcn" / "geo" / "services.py", ROOT / "uv.lock", Path(__file__)]
    for path in parts:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _locked() -> Iterator[None]:
    """One process builds a template at a time; the others wait, then copy it."""
    STORE.mkdir(parents=True, exist_ok=True)
    with open(STORE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    env.pop("KHCN_TEST_TODAY", None)
    subprocess.run([sys.executable, "-c", BUILD], env=env, cwd=ROOT, check=True)


def _point_at(name: str) -> None:
    connection = connections["default"]
    connection.close()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _sqlite(worker: str) -> Callable[[], None]:
    template = STORE / f"sqlite-{schema_key()}.sqlite3"
    with _locked():
        if not template.exists():
            partial = template.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            _build(f"sqlite:///{partial}")
            partial.rename(template)
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix=f"khcn-test-{worker}-", dir=shm if shm.is_dir() else None))
    copy = folder / "test.sqlite3"
    shutil.copyfile(template, copy)
    _point_at(str(copy))

    def teardown() -> None:
        connections.close_all()
        shutil.rmtree(folder, ignore_errors=True)

    return teardown


def _postgres(worker: str) -> Callable[[], None]:
    import psycopg

    settings_dict = connections["default"].settings_dict
    admin = psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or None,
        autocommit=True,
    )
    template = f"khcn_template_{schema_key()}"
    name = f"test_{settings_dict['NAME']}_{worker}"[:63]

    def exists(db: str) -> bool:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone() is not None

    with _locked():
        if not exists(template):
            partial = template + "_partial"
            admin.execute(f'DROP DATABASE IF EXISTS "{partial}"')
            admin.execute(f'CREATE DATABASE "{partial}"')
            auth = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else "")
            _build(f"postgres://{auth}@{settings_dict['HOST']}:{settings_dict['PORT']}/{partial}")
            admin.execute(f'ALTER DATABASE "{partial}" RENAME TO "{template}"')
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    _point_at(name)

    def teardown() -> None:
        connections.close_all()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return teardown


def database_setup() -> Callable[[], None]:
    """Point the default connection at a fresh copy of the template; return the teardown."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if connections["default"].vendor == "postgresql":
        return _postgres(worker)
    return _sqlite(worker)
