"""SQLite through aiosqlite, the embedded default: one database file, its schema and migrations,
and what only a file has (its identity, checked before every write; an online backup).

Documents are stored with their body text and their passages (spans, voice, speaker, sentence
spans and analysed terms), so a restart rebuilds the index without reading or analysing the
article files again. Each document is written in one transaction: it is there whole or not at all.
Every failure of the database file (damaged, read-only, full, locked, missing, deleted while open)
is a `StoreError` with one plain line fit to print.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import glob
import logging
import os
import sqlite3
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import aiosqlite

from bot.engine.body import pack_text
from bot.store.base import Row, Store, _guarded
from bot.store.records import (
    DEFAULT_BUSY_SECONDS,
    DatabaseCheck,
    Fault,
    StoreError,
    fault_message,
    spans_from_json,
)
from bot.store.sqlite_schema import MIGRATIONS, PACK_FUNCTION, SPANS_FUNCTION

log = logging.getLogger(__name__)
T = TypeVar("T")

# SQLite's primary result codes (https://sqlite.org/rescode.html) -> the fault they report.
_FAULT_OF_CODE = {
    5: Fault.LOCKED,  # SQLITE_BUSY
    6: Fault.LOCKED,  # SQLITE_LOCKED
    8: Fault.READ_ONLY,  # SQLITE_READONLY
    10: Fault.IO,  # SQLITE_IOERR
    11: Fault.DAMAGED,  # SQLITE_CORRUPT
    13: Fault.FULL,  # SQLITE_FULL
    14: Fault.MISSING,  # SQLITE_CANTOPEN
    26: Fault.DAMAGED,  # SQLITE_NOTADB
}


def storage_error(
    error: sqlite3.Error | OSError | UnicodeDecodeError, path: Path | str
) -> StoreError:
    """The `StoreError` for an error SQLite or the file system raised about `path`; text that
    is no UTF-8 where SQLite keeps text (the schema, a row) is damage."""
    if isinstance(error, UnicodeDecodeError):
        detail = f"unreadable text: {error.reason}"
        return StoreError(fault_message(Fault.DAMAGED, path, detail), Fault.DAMAGED)
    if isinstance(error, OSError):
        found = Fault.READ_ONLY if error.errno in (13, 30) else Fault.MISSING  # EACCES, EROFS
        if error.errno == 28:  # ENOSPC
            found = Fault.FULL
        return StoreError(fault_message(found, path, error.strerror or str(error)), found)
    code = getattr(error, "sqlite_errorcode", None)
    fault = _FAULT_OF_CODE.get(code & 0xFF) if isinstance(code, int) else None
    if fault is Fault.MISSING and _read_only_folder(Path(path)):
        fault = Fault.READ_ONLY  # a WAL database cannot be opened where its -shm cannot be made
    return StoreError(fault_message(fault, path, str(error)), fault)


def _read_only_folder(path: Path) -> bool:
    """Whether `path` exists in a folder this process cannot write to (a read-only disk)."""
    try:
        return path.exists() and not os.access(path.parent, os.W_OK)
    except OSError:
        return False


class SqliteStore(Store):
    """One SQLite database file. Open with `await SqliteStore.open(path)` (or `Store.connect`);
    close with `close()`.

    The file's identity (device and inode) is noted at open and checked before every write, so
    a database deleted or replaced under a running process is noticed and never written to. A
    fatal error (see `FATAL_FAULTS`) becomes the store's `fault`: every write after it is
    refused with it, and `on_fault` is called once (the bot stops on it).
    """

    def __init__(
        self, connection: aiosqlite.Connection, path: Path, identity: tuple[int, int] | None
    ) -> None:
        super().__init__(str(path))
        self._db = connection
        self.path = path
        self._identity = identity  # (st_dev, st_ino) at open; None for ":memory:"
        # The file's check, when it runs beside the first reads (`_check_beside`).
        self._pending_check: asyncio.Future[list[str]] | None = None

    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        busy_seconds: float | None = None,
        migrate: bool = True,
        check: bool = True,
        create: bool = True,
    ) -> SqliteStore:
        """Open the database at `path` (made on first use, unless `create` is False), check it
        (`PRAGMA quick_check`, unless `check` is False) and bring its schema up to date
        (unless `migrate` is False).

        Raises StoreError, one plain line, when it cannot: a folder that cannot be made, a
        read-only or full disk, a damaged file, a lock held past `busy_seconds`, a schema newer
        than this program, or a missing file whose write-ahead log or rescued copy is still
        there (a database that was deleted, not one never made). No thread is left behind.
        """
        memory = str(path) == ":memory:"
        if not memory:
            _refuse_lost_database(path)
            if not create and not path.exists():
                raise StoreError(f"there is no database at {path}", Fault.MISSING)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise storage_error(error, path) from None
        timeout = DEFAULT_BUSY_SECONDS if busy_seconds is None else busy_seconds
        connection = aiosqlite.connect(path, timeout=timeout, isolation_level=None)
        # The connection's thread is not a daemon: a process that failed to close it would
        # never exit. Each path here closes it; a daemon thread is the guard against a bug.
        thread = getattr(connection, "_thread", None)
        if isinstance(thread, threading.Thread):
            thread.daemon = True
        try:
            await connection
        except sqlite3.Error as error:
            raise storage_error(error, path) from None
        try:
            identity = None if memory else _identity(path)
            store = cls(connection, path, identity)
            await store._configure()
            if check:
                if memory or (migrate and await store.schema_version() != len(MIGRATIONS)):
                    await store._quick_check()  # before a migration writes to it
                else:
                    store._check_beside()
            if migrate:
                await store._migrate()
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                await connection.close()  # a refused database leaves no worker thread behind
            if isinstance(error, sqlite3.Error | OSError | UnicodeDecodeError):
                raise storage_error(error, path) from None
            raise
        return store

    async def close(self) -> None:
        """Close the database; its thread ends even if SQLite fails to close it cleanly."""
        with contextlib.suppress(StoreError):
            await self.checked()  # its connection closed too
        try:
            await self._db.close()
        except sqlite3.Error as error:
            log.warning("the database did not close cleanly: %s", storage_error(error, self.path))

    async def _configure(self) -> None:
        # WAL lets readers go on while a write commits; a crash mid-write leaves the last commit.
        async with self._db.execute("PRAGMA journal_mode") as cursor:
            row = await cursor.fetchone()
        if row is None or str(row[0]).lower() != "wal":
            await self._db.execute("PRAGMA journal_mode=WAL")
        await self._db.execute("PRAGMA synchronous=NORMAL")
        await self._db.execute("PRAGMA foreign_keys=ON")

    async def _quick_check(self) -> None:
        """Raise a DAMAGED StoreError unless `PRAGMA quick_check` finds the file whole."""
        rows = await self._db.execute_fetchall(QUICK_CHECK)
        self._refuse_damage([str(row[0]) for row in rows])

    def _refuse_damage(self, results: list[str]) -> None:
        """Raise a DAMAGED StoreError if `PRAGMA quick_check`'s `results` are not just "ok"."""
        problems = [result for result in results if result != "ok"]
        if problems:
            detail = "; ".join(problems)
            raise StoreError(fault_message(Fault.DAMAGED, self.path, detail), Fault.DAMAGED)

    def _check_beside(self) -> None:
        """Start `PRAGMA quick_check` on a connection of its own in a worker thread, beside
        what the store reads next (`checked` waits for it): SQLite reads the whole file for it
        with the GIL let go, 0.1-0.2 s at 100k passages and a second at 1M, which the start
        then spends loading the corpus instead of waiting."""
        self._pending_check = asyncio.ensure_future(asyncio.to_thread(_check_file, self.path))

    async def checked(self) -> None:
        """Wait for the check `_check_beside` started, if any; raise its DAMAGED StoreError
        (the store's fault from then on) when it found the file damaged, or the StoreError of
        a file it could not read."""
        pending, self._pending_check = self._pending_check, None
        if pending is None:
            return
        try:
            results = await pending
        except (sqlite3.Error, OSError) as error:
            raise self.failed(storage_error(error, self.path)) from None
        try:
            self._refuse_damage(results)
        except StoreError as error:
            raise self.failed(error) from None

    async def _migrate(self) -> None:
        version = await self.schema_version()
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the database {self.path} has schema version {version}, newer than this "
                f"program knows ({len(MIGRATIONS)}); upgrade debate-bot"
            )
        if version == len(MIGRATIONS):
            return

        await self._db.create_function(PACK_FUNCTION, 1, _pack_text, deterministic=True)
        await self._db.create_function(SPANS_FUNCTION, 1, _pack_spans, deterministic=True)

        async def work() -> None:
            # Read again under the write lock: another process may have migrated meanwhile.
            for number in range(await self.schema_version(), len(MIGRATIONS)):
                log.info("migrating %s to schema version %d", self.path, number + 1)
                for statement in _statements(MIGRATIONS[number]):
                    await self._db.execute(statement)
                await self._db.execute(f"PRAGMA user_version = {number + 1}")

        await self._write(work)

    @_guarded
    async def schema_version(self) -> int:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def check_file(self) -> None:
        """Raise a GONE StoreError (the store's fault from then on) if the database file was
        deleted or replaced since it was opened; what the open database holds is saved first
        beside it, as `<name>.rescued-<UTC time>`, and the message says where."""
        if self.fault is not None:
            raise self.fault
        if self._identity is None:
            return
        try:
            now = _identity(self.path)
        except FileNotFoundError:
            change = "deleted"
        except OSError as error:
            raise self.failed(storage_error(error, self.path)) from None
        else:
            if now == self._identity:
                return
            change = "replaced by another file"
        rescued = await self._rescue()
        kept = (
            f"; what it held is saved in {rescued}: move that to {self.path} to go on with it"
            if rescued is not None
            else "; what it held could not be saved"
        )
        raise self.failed(
            StoreError(
                f"the database file {self.path} was {change} while the program ran, so it "
                f"takes no more changes{kept}",
                Fault.GONE,
            )
        )

    async def _rescue(self) -> Path | None:
        """Copy the open database (which a deleted file still is) beside its path."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.rescued-{stamp}")
        try:
            await self.backup(target)
        except (StoreError, OSError) as error:
            log.warning("could not save the open database to %s: %s", target, error)
            return None
        return target

    async def backup(self, target: Path) -> int:
        """Copy the database to `target` with SQLite's online backup API (a consistent copy,
        while others read and write), written beside it under a temporary name, checked
        (`PRAGMA quick_check`) and renamed into place; returns its size in bytes. Raises
        StoreError if `target` exists or the copy cannot be written or fails its check."""
        if target.exists():
            raise StoreError(f"{target} exists already; choose another name or remove it")
        partial = target.with_name(f".{target.name}.partial")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)
            copy = sqlite3.connect(partial, check_same_thread=False)
            try:
                await self._db.backup(copy)
                verdict = await asyncio.to_thread(_quick_check_rows, copy)
            finally:
                copy.close()
            if verdict:
                raise StoreError(f"the copy written to {partial} failed its check: {verdict[0]}")
            partial.rename(target)
        except (sqlite3.Error, OSError, StoreError) as error:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            if isinstance(error, StoreError):
                raise
            raise storage_error(error, target) from None
        return target.stat().st_size

    @_guarded
    async def integrity(self) -> DatabaseCheck:
        """A full check of the database: `PRAGMA integrity_check` (every page, index and
        constraint, not only `quick_check`'s structure), `PRAGMA foreign_key_check`, the
        schema version, and what it holds."""
        rows = await self._db.execute_fetchall("PRAGMA integrity_check(20)")
        problems = [" ".join(str(row[0]).split()) for row in rows if str(row[0]) != "ok"]
        orphans = await self._db.execute_fetchall("PRAGMA foreign_key_check")
        problems += [f"a row of {row[0]} points to a missing {row[2]} row" for row in orphans]
        version = await self.schema_version()
        if version > len(MIGRATIONS):
            problems.append(
                f"schema version {version} is newer than this program knows ({len(MIGRATIONS)})"
            )
        counts: dict[str, int] = {}
        for name, query in (
            ("documents", "SELECT COUNT(*) FROM documents"),
            ("passages", "SELECT COUNT(*) FROM passages"),
            ("servers", "SELECT COUNT(DISTINCT scope) FROM documents WHERE scope != ''"),
        ):
            try:
                found = await self._db.execute_fetchall(query)
                counts[name] = int(next(iter(found))[0])
            except sqlite3.Error as error:
                problems.append(f"cannot count the {name}: {' '.join(str(error).split())}")
                counts[name] = 0
        return DatabaseCheck(
            self.path,
            tuple(problems),
            version,
            counts["documents"],
            counts["passages"],
            counts["servers"],
        )

    # --- the connection -------------------------------------------------------------------

    TITLE = "json_extract(meta_json, '$.title')"
    NEWEST_FIRST = "ingested_at DESC, rowid DESC"

    def storage_error(self, error: BaseException) -> StoreError | None:
        """SQLite's and the file system's errors as `StoreError`s naming the file."""
        if isinstance(error, sqlite3.Error | OSError | UnicodeDecodeError):
            return storage_error(error, self.path)
        return None

    async def _rows(self, sql: str, parameters: Sequence[object] = ()) -> list[Row]:
        return list(await self._db.execute_fetchall(sql, parameters))

    async def _row(self, sql: str, parameters: Sequence[object] = ()) -> Row | None:
        async with self._db.execute(sql, parameters) as cursor:
            row = await cursor.fetchone()
        return None if row is None else tuple(row)

    async def _run(self, sql: str, parameters: Sequence[object] = ()) -> int:
        cursor = await self._db.execute(sql, parameters)
        count = cursor.rowcount
        await cursor.close()
        return count

    async def _run_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        await self._db.executemany(sql, rows)

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[None]:
        """`BEGIN IMMEDIATE` takes the file's write lock at once (waiting up to the busy
        timeout for another process's write), so what the block reads is what it writes over."""
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    await self._db.execute("ROLLBACK")
            raise
        await self._db.execute("COMMIT")

    async def _read(self, work: Callable[[], Awaitable[T]]) -> T:
        async with self._write_lock:  # our own writes wait; BEGIN would clash with theirs
            await self._db.execute("BEGIN")
            try:
                return await work()
            finally:
                with contextlib.suppress(sqlite3.Error):  # a read-only transaction: nothing lost
                    await self._db.execute("COMMIT")


# How the file is checked at open: at most three problems named.
QUICK_CHECK = "PRAGMA quick_check(3)"


def _check_file(path: Path) -> list[str]:
    """`QUICK_CHECK`'s results for the database at `path`, on a connection of its own (closed
    before returning). Raises sqlite3.Error when the file cannot be read as a database."""
    connection = sqlite3.connect(path, timeout=DEFAULT_BUSY_SECONDS, isolation_level=None)
    try:
        # The check reads every page once: a small page cache (256 kB, not 2 MB) does.
        connection.execute("PRAGMA cache_size = -256")
        return [str(row[0]) for row in connection.execute(QUICK_CHECK).fetchall()]
    finally:
        connection.close()


def _pack_text(text: str | None) -> bytes | None:
    """`PACK_FUNCTION`: a stored body's text compressed as `Body` holds it (NULL stays NULL)."""
    return None if text is None else pack_text(str(text))


def _pack_spans(raw: str | None) -> bytes | None:
    """`SPANS_FUNCTION`: sentence spans stored as JSON packed as `spans_blob` stores them (NULL
    stays NULL). Text that is not a list of spans fails the migration (ValueError)."""
    return None if raw is None else spans_from_json(str(raw))


def _identity(path: Path) -> tuple[int, int]:
    """The file's (device, inode): what stays the same while it is the same file."""
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def _refuse_lost_database(path: Path) -> None:
    """Raise a MISSING StoreError when `path` is no database file to open or make: a folder, or
    a missing file whose write-ahead log or rescued copy is still there (making a new, empty
    database would hide that the old one was deleted)."""
    if path.is_dir():
        raise StoreError(fault_message(Fault.MISSING, path, "it is a folder"), Fault.MISSING)
    if path.exists():
        return
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(
            f"the database {path} is missing but its write-ahead log {wal} is there: the "
            f"database was deleted or moved; put it back, or remove {wal} to start empty",
            Fault.MISSING,
        )
    rescued = sorted(path.parent.glob(glob.escape(path.name) + ".rescued-*"))
    if rescued:
        raise StoreError(
            f"the database {path} is missing; {rescued[-1]} holds what was saved when it was "
            f"deleted: move that to {path} to go on, or remove it to start empty",
            Fault.MISSING,
        )


def _quick_check_rows(connection: sqlite3.Connection) -> list[str]:
    """What `PRAGMA quick_check` finds wrong (empty: nothing)."""
    rows = connection.execute("PRAGMA quick_check(3)").fetchall()
    return [" ".join(str(row[0]).split()) for row in rows if str(row[0]) != "ok"]


def _statements(script: str) -> list[str]:
    """The SQL statements of a migration, split where SQLite would end each (a trigger's body
    holds semicolons)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
