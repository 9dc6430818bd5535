"""A throwaway PostgreSQL cluster for the benchmarks, in the manner of scripts/with-postgres.sh.

`initdb` into a temporary directory (as the 'postgres' user when run as root), trust
authentication, a free loopback port, then `pg_ctl stop` and delete the directory on exit.
Unlike the test script, durability settings stay at PostgreSQL's defaults (fsync, synchronous
commit and full-page writes on), so timings resemble a real server's.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

from netutil import free_port


def _bindir() -> Path:
    """The newest installed PostgreSQL server's bin directory (Debian layout)."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: [int(x) for x in Path(p).parent.name.split(".") if x.isdigit()],
    )
    for cand in reversed(candidates):
        if (Path(cand) / "initdb").exists():
            return Path(cand)
    raise RuntimeError("PostgreSQL server binaries not found (install the package postgresql)")


class PgCluster:
    """Context manager: a running cluster with one database; `url` is its DATABASE_URL."""

    def __init__(self, *, options: str = "") -> None:
        self.bindir = _bindir()
        self.options = options
        self.port = free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="khcn-bench-pg."))
        self.as_pg: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres", "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        self.started = False

    @property
    def url(self) -> str:
        return f"postgres://khcn@127.0.0.1:{self.port}/khcn"

    @property
    def postmaster_pid(self) -> int | None:
        """The server's main process id (first line of postmaster.pid), if running."""
        try:
            return int((self.workdir / "data" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    @property
    def version(self) -> str:
        out = subprocess.run(
            [str(self.bindir / "postgres"), "--version"], check=True, capture_output=True, text=True
        ).stdout
        return out.split()[2]  # "postgres (PostgreSQL) 15.18 (Debian ...)"

    def _run(self, args: list[str], *, as_pg: bool = True) -> None:
        cmd = (self.as_pg if as_pg else []) + args
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def start(self) -> PgCluster:
        """initdb, start the server on 127.0.0.1:<port>, create the database `khcn`."""
        data = self.workdir / "data"
        self._run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "khcn",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        server_opts = (
            f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c max_connections=100 {self.options}"
        ).strip()
        self._run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(self.workdir / "server.log"),
                "-w",
                "-o",
                server_opts,
                "start",
            ]
        )
        self.started = True
        self._run(
            [str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "khcn", "khcn"], as_pg=False
        )
        return self

    def stop(self) -> None:
        """Stop the server (fast shutdown, then immediate) and delete its directory."""
        if self.started:
            pg_ctl = [str(self.bindir / "pg_ctl"), "-D", str(self.workdir / "data")]
            for mode in ("fast", "immediate"):
                try:
                    self._run([*pg_ctl, "-m", mode, "-w", "-t", "30", "stop"])
                    break
                except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                    continue
            self.started = False
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> PgCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
