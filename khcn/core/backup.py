"""Back up the database and the uploaded files into one archive, and restore it into an empty database.

The archive is a tar file holding `manifest.json` (the engine, each table's row count, a SHA-256
of the database file and of every media file), the database (`database.dump` from pg_dump's
custom format, or `database.sqlite3` from SQLite's online backup API, both consistent while the
site runs) and `media/` (the uploads). Restoring checks every checksum first, refuses a database
that already has tables unless forced, and checks the row counts afterwards.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
PG_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass
class Restored:
    tables: int
    rows: int
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_postgres(db: dict[str, Any]) -> bool:
    return "postgresql" in db["ENGINE"]


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_major(db: dict[str, Any]) -> int:
    with _pg_connect(db) as conn:
        return int(conn.info.server_version // 10000)


def _pg_params(db: dict[str, Any]) -> dict[str, Any]:
    return {
        "dbname": db["NAME"],
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }


def _pg_tool(name: str, db: dict[str, Any]) -> str:
    """pg_dump/pg_restore of the server's own major version (Debian's postgresql package)."""
    own = Path(f"/usr/lib/postgresql/{_pg_major(db)}/bin/{name}")
    found = str(own) if own.exists() else shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client of the server's version.")
    return found


def _run(command: list[str], db: dict[str, Any]) -> None:
    done = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[:2000]}")


def sqlite_connect(name: str, **kwargs: Any) -> sqlite3.Connection:
    """A connection of its own to a SQLite database given by path or by URI (the test database)."""
    return sqlite3.connect(name, uri=name.startswith("file:"), **kwargs)


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def _pg_counts(conn: Any) -> dict[str, int]:
    from psycopg import sql

    names = [
        r[0]
        for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    count = sql.SQL("SELECT COUNT(*) FROM {}")
    return {name: conn.execute(count.format(sql.Identifier(name))).fetchone()[0] for name in names}


def _pg_connect(db: dict[str, Any], **kwargs: Any) -> Any:
    import psycopg

    return psycopg.connect(**{k: v for k, v in _pg_params(db).items() if v}, **kwargs)


def _media_files(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def backup_create(*, output: Path, alias: str = "default", media_root: Path | None = None) -> dict[str, Any]:
    """Write the database and the media files into the archive `output`; return its manifest."""
    db = settings.DATABASES[alias]
    media = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="khcn-backup-") as work:
        if _is_postgres(db):
            dump = Path(work) / PG_FILE
            command = [_pg_tool("pg_dump", db), "--format=custom", "--no-owner", "--no-privileges"]
            # The counts and the dump read the same snapshot, so they agree while the site runs.
            with _pg_connect(db) as conn:
                conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
                counts = _pg_counts(conn)
                _run([*command, "--snapshot", snapshot, "--file", str(dump), "--dbname", db["NAME"]], db)
                conn.rollback()
        else:
            dump = Path(work) / SQLITE_FILE
            connection = connections[alias]
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            try:
                if connection.in_atomic_block:
                    # The online backup waits for the open write transaction to end, which from
                    # inside it is never (the test suite's case): copy what this connection sees.
                    target.executescript("\n".join(connection.connection.iterdump()))
                else:
                    connection.connection.backup(target)  # consistent while others write
                counts = _sqlite_counts(target)
            finally:
                target.close()
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": "postgresql" if _is_postgres(db) else "sqlite",
            "database": {"name": dump.name, "sha256": _sha256(dump)},
            "tables": counts,
            "media": _media_files(media),
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".part")
        with tarfile.open(partial, "w") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            for name in manifest["media"]:
                archive.add(media / name, arcname=f"media/{name}")
        partial.replace(output)
    return manifest


def _existing_tables(db: dict[str, Any]) -> list[str]:
    if _is_postgres(db):
        with _pg_connect(db) as conn:
            rows = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).fetchall()
        return [r[0] for r in rows]
    name = str(db["NAME"])
    if not name.startswith("file:") and not Path(name).exists():
        return []
    with sqlite_connect(name) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def _read_archive(archive: Path, work: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r") as tar:
        for member in tar.getmembers():
            if not (member.isfile() or member.isdir()) or not (
                member.name in (MANIFEST, PG_FILE, SQLITE_FILE) or member.name.startswith("media/")
            ):
                raise BackupError(f"Unexpected entry in the archive: {member.name}")
        tar.extractall(work, filter="data")
    manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError("This archive was written by another version of the backup.")
    if _sha256(work / manifest["database"]["name"]) != manifest["database"]["sha256"]:
        raise BackupError("The database file in the archive is damaged (checksum differs).")
    for name, digest in manifest["media"].items():
        path = work / "media" / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"The media file {name} in the archive is missing or damaged.")
    return manifest


def backup_restore(
    *, archive: Path, db: dict[str, Any] | None = None, media_root: Path | None = None, force: bool = False
) -> Restored:
    """Restore an archive into the database `db` (default: the site's) and the media folder.

    Refuses a database that already has tables, or a media folder with files, unless `force`.
    The archive must come from the same engine. Row counts are checked against the manifest.
    """
    db = db or settings.DATABASES["default"]
    media = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="khcn-restore-") as temp:
        work = Path(temp)
        manifest = _read_archive(archive, work)
        if manifest["engine"] != ("postgresql" if _is_postgres(db) else "sqlite"):
            raise BackupError(f"The archive holds a {manifest['engine']} database; restore it into the same engine.")
        existing = _existing_tables(db)
        if existing and not force:
            raise BackupError(
                f"The database is not empty ({len(existing)} tables); restore only into an empty database, "
                "or add --force to overwrite it."
            )
        if not force and _media_files(media):
            raise BackupError(f"The media folder {media} already holds files; add --force to overwrite them.")
        dump = work / manifest["database"]["name"]
        if _is_postgres(db):
            command = [_pg_tool("pg_restore", db), "--no-owner", "--no-privileges", "--exit-on-error"]
            if existing:
                command += ["--clean", "--if-exists"]
            _run([*command, "--single-transaction", "--dbname", db["NAME"], str(dump)], db)
        else:
            if not str(db["NAME"]).startswith("file:"):
                Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
            source, target = sqlite3.connect(dump), sqlite_connect(str(db["NAME"]))
            try:
                source.backup(target)  # replaces the whole target database
            finally:
                source.close()
                target.close()
        for name in manifest["media"]:
            destination = media / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / "media" / name, destination)
    counts = database_counts(db)
    wrong = sorted(t for t in set(manifest["tables"]) | set(counts) if counts.get(t) != manifest["tables"].get(t))
    if wrong:
        raise BackupError(f"Restored row counts differ from the backup in: {', '.join(wrong)}")
    return Restored(tables=len(counts), rows=sum(counts.values()), files=len(manifest["media"]))


def database_counts(db: dict[str, Any]) -> dict[str, int]:
    """Every table of the database `db` and its rows, read over a connection of its own."""
    if _is_postgres(db):
        with _pg_connect(db) as conn:
            return _pg_counts(conn)
    with sqlite_connect(str(db["NAME"])) as conn:
        return _sqlite_counts(conn)
