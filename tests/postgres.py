"""A throwaway PostgreSQL cluster for the tests: `initdb` and `pg_ctl` from Debian's
`postgresql` package, in a temporary folder, listening on a Unix socket there only (no TCP
port), with durability off (the cluster dies with the tests). Each test gets a database of its
own (`PostgresCluster.new_database`).

When the server programs are not installed, `find_binaries` returns None and the tests that need
them skip with `INSTALL_HINT`; CI (`.ci/run`) installs the package, so they always run there.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL's server programs are not installed: `sudo apt-get install postgresql` "
    "(Debian/Ubuntu) to run the PostgreSQL tests"
)
_USER = "debatebot"
_START_SECONDS = 60


@dataclass(frozen=True)
class Binaries:
    """Where `initdb` and `pg_ctl` are."""

    initdb: str
    pg_ctl: str


def find_binaries() -> Binaries | None:
    """PostgreSQL's server programs: on PATH, or in Debian's `/usr/lib/postgresql/<v>/bin`
    (the newest version there); None when they are not installed."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Binaries(initdb, pg_ctl)
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        if os.access(f"{folder}/initdb", os.X_OK) and os.access(f"{folder}/pg_ctl", os.X_OK):
            return Binaries(f"{folder}/initdb", f"{folder}/pg_ctl")
    return None


def _version(folder: str) -> tuple[int, ...]:
    number = Path(folder).parent.name
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def _as_server_user() -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user the
    package makes (or `nobody`)."""
    if os.geteuid() != 0:
        return []
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return ["runuser", "-u", name, "--"]
    raise RuntimeError("running as root, and there is no postgres or nobody user to run as")


class PostgresCluster:
    """A running cluster in `folder`; `stop()` ends it. Databases are made with
    `new_database()` and reached through the URLs it returns."""

    def __init__(self, binaries: Binaries, folder: Path) -> None:
        self.binaries = binaries
        self.folder = folder
        self.data = folder / "data"
        self.socket = folder / "socket"
        self._names = itertools.count(1)
        self._prefix = _as_server_user()

    def start(self) -> None:
        """initdb and start; raises RuntimeError with the server's log if it fails."""
        self.socket.mkdir(parents=True)
        for path in (self.folder, self.socket):
            path.chmod(0o777)
        self._run(
            self.binaries.initdb,
            "-D",
            str(self.data),
            "-U",
            _USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = (
            f"-k {self.socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=200"
        )
        log = self.folder / "server.log"
        self._run(
            self.binaries.pg_ctl,
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(log),
            "-w",
            "-t",
            str(_START_SECONDS),
            "start",
        )

    def stop(self) -> None:
        """Stop the server at once (its data is thrown away)."""
        with contextlib.suppress(subprocess.CalledProcessError, RuntimeError):
            self._run(self.binaries.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop")

    def url(self, database: str = "postgres") -> str:
        """The URL of one of the cluster's databases (on its Unix socket)."""
        return f"postgresql://{_USER}@/{database}?host={self.socket}"

    def new_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"'.encode())
        return self.url(name)

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            [*self._prefix, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()}\n{tail}"
            )


def raw_rows(
    location: str, sql: str, parameters: tuple[object, ...] = ()
) -> list[tuple[object, ...]]:
    """Run `sql` (with `?` placeholders) on the database at `location` (an SQLite file's path
    or a PostgreSQL URL) outside the store, as another program would; its rows, if any."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            cursor = connection.execute(sql.replace("?", "%s").encode(), parameters or None)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
    import sqlite3

    with contextlib.closing(sqlite3.connect(location, isolation_level=None)) as connection:
        return [tuple(row) for row in connection.execute(sql, parameters).fetchall()]
