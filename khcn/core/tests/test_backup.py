"""manage.py backup / restore: a backup restored into an empty database gives back every table and file.

The test runs on the suite's engine: SQLite in `make test-sqlite` (the online backup API), PostgreSQL
in `make test-postgres` (pg_dump / pg_restore of the server's version, into a scratch database).
"""

import hashlib
import io
import json
import sqlite3
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from khcn.core.backup import BackupError, backup_create, backup_restore, sqlite_connect
from khcn.core.tests.files import GENUINE

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"


def _pg(db: dict[str, Any], **kwargs: Any) -> Any:
    import psycopg

    params = {"dbname": db["NAME"], "host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER")}
    params["password"] = db.get("PASSWORD")
    return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A new, empty database on the suite's engine, dropped afterwards."""
    source = connection.settings_dict
    if not POSTGRES:
        yield {"ENGINE": source["ENGINE"], "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"khcn_restore_{uuid.uuid4().hex[:12]}"
    with _pg(source, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**source, "NAME": name}
    finally:
        with _pg(source, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _contents(db: dict[str, Any], *, source: bool) -> dict[str, list[str]]:
    """Every table's rows, each as text, sorted: read over a connection of its own.

    On SQLite the source is the test's own (in-memory) database, read through the test's
    connection so that the rows the test wrote count; pg_dump, like this reader, sees what
    is committed.
    """
    if POSTGRES:
        with _pg(db) as conn:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                )
            ]
            return {t: sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{t}"')) for t in tables}
    # Read with the same type converters Django's connection uses (dates come back as dates).
    types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    conn = connection.connection if source else sqlite_connect(db["NAME"], detect_types=types)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{t}"')) for t in tables}


def _checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    root = tmp_path / "media"
    for name, content in {
        "reports/2026/Quyết định 12.pdf": GENUINE["pdf"],
        "proposals/2027/bien-ban.docx": GENUINE["docx"],
        "meetings/anh.png": GENUINE["png"],
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    settings.MEDIA_ROOT = root
    return root


def test_a_backup_restored_into_an_empty_database_gives_back_every_table_and_file(
    tmp_path, media, empty_db, officer_a, ward_a
):
    archive = tmp_path / "khcn.tar"
    manifest = backup_create(output=archive, media_root=media)
    assert set(manifest["media"]) == set(_checksums(media))
    assert manifest["tables"]["geo_adminunit"] > 500 and manifest["database"]["sha256"]

    restored_media = tmp_path / "restored-media"
    restored = backup_restore(archive=archive, db=empty_db, media_root=restored_media)

    assert restored.files == 3 and restored.tables == len(manifest["tables"])
    before = _contents(connection.settings_dict, source=True)
    after = _contents(empty_db, source=False)
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], table
    if not POSTGRES:
        assert any("Cán bộ xã Mê Linh" in row for row in after["accounts_user"])  # written by this test
    assert _checksums(restored_media) == _checksums(media)


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(tmp_path, media, empty_db):
    archive = tmp_path / "khcn.tar"
    backup_create(output=archive, media_root=media)
    backup_restore(archive=archive, db=empty_db, media_root=tmp_path / "one")
    with pytest.raises(BackupError, match="not empty"):
        backup_restore(archive=archive, db=empty_db, media_root=tmp_path / "two")
    again = backup_restore(archive=archive, db=empty_db, media_root=tmp_path / "one", force=True)
    assert again.files == 3


def test_the_restore_command_never_overwrites_the_running_database(tmp_path, media):
    archive = tmp_path / "khcn.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_a_damaged_archive_is_refused_before_anything_is_restored(tmp_path, media, empty_db):
    archive = tmp_path / "khcn.tar"
    backup_create(output=archive, media_root=media)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "media/meetings/anh.png":
                data = data[:-1] + b"X"
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match=r"anh\.png"):
        backup_restore(archive=damaged, db=empty_db, media_root=tmp_path / "restored")
    assert not (tmp_path / "restored").exists()
    if not POSTGRES:
        assert not Path(empty_db["NAME"]).exists()
    with tarfile.open(archive) as source:
        manifest = json.loads(source.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["engine"] == ("postgresql" if POSTGRES else "sqlite")
