"""SQLite storage through aiosqlite: the schema, its migrations, and every SQL statement.

Documents are stored with their body text and their passages (spans, voice, speaker, sentence
spans and analysed terms), so a restart rebuilds the index without reading or analysing the
article files again. Each document is written in one transaction: it is there whole or not at all.

The store owns document ids: a server's upload is named here, inside the write transaction that
also checks the server's limits, so no two processes can both pass a limit or take one id. Every
failure of the database file (damaged, read-only, full, locked, missing, deleted while open) is a
`StoreError` with one plain line fit to print.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import glob
import hashlib
import itertools
import json
import logging
import os
import sqlite3
import threading
import unicodedata
import zlib
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import aiosqlite
import numpy as np

from bot.engine.index import IndexArrays
from bot.engine.models import CorpusError, Document, DocumentMeta, Passage, Side, Voice
from bot.shards import SNOWFLAKE_SHIFT, Shards

log = logging.getLogger(__name__)
T = TypeVar("T")
P = ParamSpec("P")

# Each entry moves the schema from version i to i + 1 (PRAGMA user_version). Never edit one that
# has shipped; append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        scope TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        source_size INTEGER,
        source_mtime_ns INTEGER,
        content_hash TEXT NOT NULL,
        meta_json TEXT NOT NULL,
        body TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE passages (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        voice TEXT NOT NULL,
        speaker TEXT NOT NULL,
        sentences_json TEXT NOT NULL,
        terms TEXT NOT NULL
    );
    CREATE INDEX passages_by_document ON passages(doc_id, number);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        passage_id TEXT NOT NULL,
        question TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        user_id TEXT NOT NULL,
        guild_id TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (passage_id, question, user_id)
    );
    CREATE TABLE channel_settings (
        channel_id TEXT PRIMARY KEY,
        guild_id TEXT,
        listen INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 2: answers shown in Discord, so buttons on old messages still work after a restart.
    """
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question TEXT NOT NULL,
        k INTEGER NOT NULL,
        doc_id TEXT,
        page_offset INTEGER NOT NULL DEFAULT 0,
        passage_ids_json TEXT NOT NULL DEFAULT '[]',
        guild_id TEXT,
        channel_id TEXT,
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    # 3: debates: a passage's side, section, point title and the point it answers (JSON, NULL
    # for articles).
    """
    ALTER TABLE passages ADD COLUMN debate_json TEXT;
    """,
    # 4: who changed a server's corpus, when, and how.
    """
    CREATE TABLE corpus_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scope TEXT NOT NULL,
        user_id TEXT,
        action TEXT NOT NULL,
        doc_id TEXT,
        detail TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX corpus_audit_by_scope ON corpus_audit(scope, id);
    CREATE INDEX documents_by_scope ON documents(scope);
    """,
    # 5: each passage's sentence tags, computed at ingest (NULL: computed on first use).
    """
    ALTER TABLE passages ADD COLUMN tags_json TEXT;
    """,
    # 6: the built search index, so a restart reads it instead of rebuilding it (seconds at 100k
    # passages). `corpus_state.generation` counts corpus changes; triggers bump it and drop the
    # stored index in the same transaction as any change to the documents, so a stored index is
    # never older than the passages. Passages are only ever written with their document row
    # (`save_documents`), which is what the document triggers see.
    """
    CREATE TABLE corpus_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL
    );
    INSERT INTO corpus_state (id, generation) VALUES (1, 0);
    CREATE TABLE index_snapshot (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL,
        format INTEGER NOT NULL,
        passages INTEGER NOT NULL,
        vocabulary TEXT NOT NULL,
        term_ids BLOB NOT NULL,
        lengths BLOB NOT NULL,
        document_frequency BLOB NOT NULL,
        positions BLOB NOT NULL,
        frequencies BLOB NOT NULL,
        built_at TEXT NOT NULL
    );
    CREATE TRIGGER corpus_changed_by_insert AFTER INSERT ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
    END;
    CREATE TRIGGER corpus_changed_by_delete AFTER DELETE ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
    END;
    CREATE TRIGGER corpus_changed_by_update AFTER UPDATE OF id, body ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
    END;
    CREATE TRIGGER corpus_changed_by_passage AFTER UPDATE OF id, doc_id, number, terms
    ON passages BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
    END;
    """,
    # 7: uploads keep what the user sent: a passage's cited paragraph (a long paragraph is split
    # into several passages), and each uploaded document's original bytes (zlib), their SHA-256
    # and the extractor that read them, so a reindex can extract them again. The row outlives a
    # rewrite of its document (no cascade); removing the document removes it.
    """
    ALTER TABLE passages ADD COLUMN paragraph INTEGER;
    CREATE TABLE uploads (
        doc_id TEXT PRIMARY KEY,
        filename TEXT NOT NULL,
        original BLOB NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        extractor TEXT NOT NULL,
        details_json TEXT NOT NULL DEFAULT '{}',
        stored_at TEXT NOT NULL
    );
    """,
    # 8: the slash commands as last registered with Discord (a hash of their JSON, per
    # application and guild or global), so a start registers them only when they changed.
    """
    CREATE TABLE command_sync (
        scope TEXT PRIMARY KEY,
        digest TEXT NOT NULL,
        synced_at TEXT NOT NULL
    );
    """,
    # 9: each server's documents live in its own id space, "g<server id>-...", whoever writes
    # (the bot, the CLI, a hand edit): the store names uploads so (`Store.save_upload`), and
    # these triggers refuse anything else. A document an older version let an upload place
    # outside it (an upload's own `ID: g<other server>-...`) moves into it, its passages, audit
    # entries and metadata with it. Uploads are found again by their file name, to update them.
    """
    PRAGMA defer_foreign_keys = ON;
    CREATE TEMP TABLE moved AS
        SELECT id AS old, 'g' || scope || '-' || id AS new FROM documents
        WHERE scope != '' AND substr(id, 1, length(scope) + 2) != 'g' || scope || '-';
    UPDATE passages
        SET id = (SELECT new FROM moved WHERE old = passages.doc_id)
                 || substr(id, length(doc_id) + 1),
            doc_id = (SELECT new FROM moved WHERE old = passages.doc_id)
        WHERE doc_id IN (SELECT old FROM moved);
    UPDATE documents
        SET id = (SELECT new FROM moved WHERE old = documents.id),
            meta_json = json_set(
                meta_json, '$.id', (SELECT new FROM moved WHERE old = documents.id)
            )
        WHERE id IN (SELECT old FROM moved);
    UPDATE corpus_audit SET doc_id = (SELECT new FROM moved WHERE old = corpus_audit.doc_id)
        WHERE scope != '' AND doc_id IN (SELECT old FROM moved);
    UPDATE uploads SET doc_id = (SELECT new FROM moved WHERE old = uploads.doc_id)
        WHERE doc_id IN (SELECT old FROM moved);
    DROP TABLE moved;
    CREATE TRIGGER documents_in_their_id_space BEFORE INSERT ON documents
    WHEN NEW.scope != '' AND substr(NEW.id, 1, length(NEW.scope) + 2) != 'g' || NEW.scope || '-'
    BEGIN
        SELECT RAISE(ABORT, 'document id outside its id space');
    END;
    CREATE TRIGGER documents_stay_in_their_id_space BEFORE UPDATE OF id, scope ON documents
    WHEN NEW.scope != '' AND substr(NEW.id, 1, length(NEW.scope) + 2) != 'g' || NEW.scope || '-'
    BEGIN
        SELECT RAISE(ABORT, 'document id outside its id space');
    END;
    CREATE INDEX documents_by_source ON documents(scope, source);
    """,
)

# The layout of `index_snapshot`'s arrays; a stored index of another format is rebuilt.
INDEX_FORMAT = 1
# SQLite refuses values over a billion bytes (SQLITE_MAX_LENGTH); an index that large is rebuilt
# at each start rather than stored.
_MAX_BLOB_BYTES = 900_000_000
# `index_snapshot`'s array columns, named and ordered as `IndexArrays` names them.
_INDEX_COLUMNS = ", ".join(IndexArrays.ARRAYS)


# A server's document id: "g<server id>-" and a slug of the title (or of the upload's own `id:`)
# of at most this many characters. 48 keeps the longest id, 22 characters of prefix, a hash
# suffix and ":p<n>", inside a Discord button's 100-character custom_id ("para:next:<passage>").
ID_SLUG_CHARS = 48
_ID_HASH_CHARS = 6  # "-1a2b3c": 16.7 million values for the titles one server collides on
# How long a write waits for another process's write to finish before it is "locked": the
# longest write the project makes (a 100-debate import batch, a 100k-passage index snapshot)
# takes 1-2 s on the development machine; a lock held longer is reported within seconds.
DEFAULT_BUSY_SECONDS = 5.0


class Fault(StrEnum):
    """What is wrong with the database file, when a `StoreError` is about the file itself."""

    DAMAGED = "damaged"
    READ_ONLY = "read-only"
    FULL = "full"
    LOCKED = "locked"
    MISSING = "missing"
    GONE = "gone"  # deleted or replaced while open
    IO = "i/o"


# Faults the process cannot go on from: the bot stops (systemd restarts it) rather than answer
# "added" for writes that are not kept. A lock is another program's write; it passes.
FATAL_FAULTS = frozenset(Fault) - {Fault.LOCKED}


class StoreError(RuntimeError):
    """A storage failure, with a one-line message fit to show; `fault` says what was wrong
    with the database file when it was the file (None: a refused write, such as an id taken)."""

    def __init__(self, message: str, fault: Fault | None = None) -> None:
        self.fault = fault
        super().__init__(message)

    @property
    def fatal(self) -> bool:
        """Whether the database can no longer be trusted with writes (see `FATAL_FAULTS`)."""
        return self.fault in FATAL_FAULTS


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


def fault_message(fault: Fault | None, path: Path | str, detail: str) -> str:
    """One plain line for a fault of the database at `path` (`detail`: SQLite's own words)."""
    detail = " ".join(detail.split())
    detail = detail if len(detail) <= 200 else detail[:199] + "…"
    if fault is Fault.DAMAGED:
        return (
            f"the database {path} is damaged ({detail}); restore a backup (`debate-bot backup` "
            "makes one) or move the file away to start empty"
        )
    if fault is Fault.READ_ONLY:
        return f"the database {path} cannot be written: the file or its disk is read-only"
    if fault is Fault.FULL:
        return f"the disk holding the database {path} is full; free some space and start again"
    if fault is Fault.LOCKED:
        return (
            f"the database {path} is locked by another program; nothing was changed, try "
            "again in a moment"
        )
    if fault is Fault.MISSING:
        return f"cannot open the database {path} ({detail})"
    if fault is Fault.IO:
        return f"the disk holding the database {path} failed to read or write ({detail})"
    return f"the database {path} refused the operation ({detail})"


def storage_error(error: sqlite3.Error | OSError, path: Path | str) -> StoreError:
    """The `StoreError` for an error SQLite or the file system raised about `path`."""
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


def _guarded(
    method: Callable[Concatenate[Store, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[Store, P], Coroutine[Any, Any, T]]:
    """Turn what SQLite raises in a store method into a `StoreError` (and a fatal one into the
    store's fault: writes refused from then on, the fault listener told once)."""

    @functools.wraps(method)
    async def guarded(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(self, *args, **kwargs)
        except sqlite3.Error as error:
            raise self.failed(storage_error(error, self.path)) from error

    return guarded


@dataclass(frozen=True, slots=True)
class StoredSource:
    """What the store knows of a document's file, to skip unchanged files cheaply."""

    doc_id: str
    source: str
    size: int | None
    mtime_ns: int | None
    content_hash: str


@dataclass(frozen=True, slots=True)
class ShownAnswer:
    """An answer message: the question, the page it shows, and the passages on that page."""

    id: int
    question: str
    k: int
    doc_id: str | None
    offset: int
    passage_ids: tuple[str, ...]
    user_id: int


@dataclass(frozen=True, slots=True)
class LoadedCorpus:
    """What `Store.load` read: the documents and either the stored index or every passage's
    terms to build one from."""

    documents: list[Document]
    passage_terms: Mapping[str, list[str]]  # empty when `index` is there
    scopes: dict[str, str]  # document id -> "" (shared) or the server's id
    tags: dict[str, str] = field(default_factory=dict)  # passage id -> encoded sentence tags
    index: IndexArrays | None = None  # the stored index of exactly these passages, if any
    generation: int = 0  # the corpus version read (see `Store.save_index`)


@dataclass(frozen=True, slots=True)
class CorpusWrite:
    """The corpus versions a write went from and to (see `corpus_generation`). A writer whose
    engine was of version `before` can apply its own change to it and be at `after`; any other
    `before` means someone else wrote in between."""

    before: int
    after: int


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change to a server's corpus."""

    created_at: str
    user_id: str | None
    action: str  # "add", "update", "remove", "reindex"
    doc_id: str | None
    detail: str


@dataclass(frozen=True, slots=True)
class StoredUpload:
    """An upload as the user sent it: kept so a reindex can extract it again."""

    filename: str
    data: bytes
    extractor: str
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    """Who makes a change and why, written to the audit table with the change itself."""

    user_id: int | None
    action: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class DatabaseCheck:
    """What `Store.integrity` found: problems (empty when the database is whole), the schema
    version, and how many documents, passages and servers with documents it holds."""

    path: Path
    problems: tuple[str, ...]
    schema_version: int
    documents: int
    passages: int
    servers: int

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """What one server may keep: documents, and passages in all and in one document."""

    documents: int
    passages: int
    document_passages: int


@dataclass(frozen=True, slots=True)
class NewUpload:
    """An uploaded file, read and analysed, for `Store.save_upload` to name and write.

    `document`'s id is a placeholder: the store names it. `id_hint` is what the name is made
    from (the file's own `id:`, else its title); `replace` is the id of the server's document
    the uploader asked this file to replace, if any. `terms` and `tags` are per passage;
    `original` is the file as sent, kept for a reindex to extract again.
    """

    document: Document
    terms: Sequence[Sequence[str]]
    tags: Sequence[str | None]
    scope: str
    filename: str
    id_hint: str
    user_id: int | None
    replace: str | None = None
    original: StoredUpload | None = None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A stored document's id, title and file name, without its text."""

    id: str
    title: str
    source: str


@dataclass(frozen=True, slots=True)
class SavedUpload:
    """What `Store.save_upload` wrote: the document as named, the document it replaced (one
    with the same file name, or the one asked for), the id the upload would have had when
    another document held it (so the store added a suffix), and the corpus versions."""

    document: Document
    replaced: StoredDocument | None
    id_taken_by: StoredDocument | None
    write: CorpusWrite


def id_slug(text: str, limit: int = ID_SLUG_CHARS) -> str:
    """Text -> the words of a document id: NFKC, case-folded, letters, digits and marks of any
    script kept, every other run of characters one hyphen; at most `limit` characters, cut at a
    hyphen when one is in the second half. "" when the text has no letter or digit."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in folded)
    words = "-".join(kept.split())
    if len(words) <= limit:
        return words
    cut = words[:limit]
    hyphen = cut.rfind("-")
    return (cut[:hyphen] if hyphen >= limit // 2 else cut).strip("-")


def server_id_prefix(scope: str) -> str:
    """The start of every id in a server's id space: "g<server id>-"."""
    return f"g{scope}-"


def server_id_candidates(scope: str, hint: str, digest: str) -> Iterator[str]:
    """The ids an upload may take, best first: the server's prefix and the slug of `hint` (the
    file's own id or its title; the server's own prefix in it is dropped), then that with a
    short hash of the content (`digest`, hex) when the first is taken or the slug is empty,
    then with a counter."""
    prefix = server_id_prefix(scope)
    words = id_slug(hint.removeprefix(prefix))
    if words:
        yield prefix + words
    short = digest[:_ID_HASH_CHARS]
    base = f"{prefix}{words}-{short}" if words else prefix + short
    yield base
    for number in itertools.count(2):
        yield f"{base}-{number}"


def _debate_json(passage: Passage) -> str | None:
    """A debate passage's side, section, point title and answered point; for an upload's
    passage, the heading it sits under."""
    if passage.side is None and passage.section is None and passage.heading is None:
        return None
    return json.dumps(
        {
            "side": passage.side.value if passage.side else None,
            "section": passage.section,
            "heading": passage.heading,
            "answers": passage.answers,
        }
    )


_NOT_DEBATE: tuple[None, None, None, None] = (None, None, None, None)


def _debate_fields(raw: str | None) -> tuple[Side | None, str | None, str | None, str | None]:
    """A passage's (side, section, heading, answers), the last four fields of `Passage`."""
    if raw is None:
        return _NOT_DEBATE
    fields = json.loads(raw)
    return (
        Side(fields["side"]) if fields.get("side") else None,
        fields.get("section"),
        fields.get("heading"),
        fields.get("answers"),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """One SQLite database file. Open with `await Store.open(path)`; close with `close()`.

    The file's identity (device and inode) is noted at open and checked before every write, so
    a database deleted or replaced under a running process is noticed and never written to. A
    fatal error (see `FATAL_FAULTS`) becomes the store's `fault`: every write after it is
    refused with it, and `on_fault` is called once (the bot stops on it).
    """

    def __init__(
        self, connection: aiosqlite.Connection, path: Path, identity: tuple[int, int] | None
    ) -> None:
        self._db = connection
        self.path = path
        self._identity = identity  # (st_dev, st_ino) at open; None for ":memory:"
        self._write_lock = asyncio.Lock()
        self.fault: StoreError | None = None
        self.on_fault: Callable[[StoreError], object] | None = None

    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        busy_seconds: float = DEFAULT_BUSY_SECONDS,
        migrate: bool = True,
        check: bool = True,
        create: bool = True,
    ) -> Store:
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
        connection = aiosqlite.connect(path, timeout=busy_seconds, isolation_level=None)
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
                await store._quick_check()
            if migrate:
                await store._migrate()
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                await connection.close()  # a refused database leaves no worker thread behind
            if isinstance(error, sqlite3.Error):
                raise storage_error(error, path) from None
            if isinstance(error, OSError):
                raise storage_error(error, path) from None
            raise
        return store

    async def close(self) -> None:
        """Close the database; its thread ends even if SQLite fails to close it cleanly."""
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
        rows = await self._db.execute_fetchall("PRAGMA quick_check(3)")
        problems = [str(row[0]) for row in rows if str(row[0]) != "ok"]
        if problems:
            detail = "; ".join(problems)
            raise StoreError(fault_message(Fault.DAMAGED, self.path, detail), Fault.DAMAGED)

    async def _migrate(self) -> None:
        version = await self.schema_version()
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the database {self.path} has schema version {version}, newer than this "
                f"program knows ({len(MIGRATIONS)}); upgrade debate-bot"
            )
        if version == len(MIGRATIONS):
            return

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

    def failed(self, error: StoreError) -> StoreError:
        """Note a fatal `error` as the store's fault (writes are refused from then on) and tell
        `on_fault`, the first time; returns `error` for the caller to raise."""
        if error.fatal and self.fault is None:
            self.fault = error
            if self.on_fault is not None:
                self.on_fault(error)
        return error

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

    async def _write(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work` in one transaction: committed whole, or rolled back and reported.

        The write lock is taken first (`BEGIN IMMEDIATE`), so what `work` reads is what it
        writes over: checks made inside it hold against every other process too.
        """
        async with self._write_lock:
            await self.check_file()
            try:
                await self._db.execute("BEGIN IMMEDIATE")
                result = await work()
                await self._db.execute("COMMIT")
                return result
            except BaseException as error:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        await self._db.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise self.failed(storage_error(error, self.path)) from error
                raise

    # --- documents -------------------------------------------------------------------------

    @_guarded
    async def sources(self, scope: str = "") -> dict[str, StoredSource]:
        """Stored file facts of a scope's documents ("": the shared corpus), by source path."""
        query = (
            "SELECT id, source, source_size, source_mtime_ns, content_hash FROM documents"
            " WHERE scope = ?"
        )
        async with self._db.execute(query, (scope,)) as cursor:
            rows = await cursor.fetchall()
        return {row[1]: StoredSource(row[0], row[1], row[2], row[3], row[4]) for row in rows}

    @_guarded
    async def content_hashes(self, scope: str = "") -> dict[str, str]:
        """Content hash of every document of a scope ("": the shared corpus), by id."""
        query = "SELECT id, content_hash FROM documents WHERE scope = ?"
        async with self._db.execute(query, (scope,)) as cursor:
            rows = await cursor.fetchall()
        return {str(row[0]): str(row[1]) for row in rows}

    @_guarded
    async def content_hash(self, doc_id: str, scope: str = "") -> str | None:
        """A document's content hash, if the scope has a document of that id."""
        query = "SELECT content_hash FROM documents WHERE id = ? AND scope = ?"
        async with self._db.execute(query, (doc_id, scope)) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    @_guarded
    async def owner(self, doc_id: str) -> str | None:
        """Whose a document id is: "" (shared), a server's id, or None when no document has it."""
        async with self._db.execute("SELECT scope FROM documents WHERE id = ?", (doc_id,)) as c:
            row = await c.fetchone()
        return None if row is None else str(row[0])

    async def save_documents(
        self,
        documents: Sequence[tuple[Document, list[list[str]], tuple[int, int] | None]],
        scope: str = "",
        change: Change | None = None,
        tags: Mapping[str, str] | None = None,
        originals: Mapping[str, StoredUpload] | None = None,
        *,
        existing_only: bool = False,
    ) -> CorpusWrite:
        """Insert or replace documents of one scope ("": the shared corpus) with their
        passages, all in one transaction; with `existing_only`, only those still stored (a
        reindex does not bring back a document another process removed).

        Each item is (document, terms of each passage, (file size, mtime_ns) or None);
        `originals` gives the uploaded bytes of documents that came from an upload (kept
        compressed, with their SHA-256, for a reindex to extract them again). Raises
        CorpusError, writing nothing, if an id belongs to another scope, or if a server's id
        is outside its id space ("g<server id>-...").
        """

        async def work() -> CorpusWrite:
            before = await self.corpus_generation()
            for document, terms, stat in documents:
                check_id_space(document, scope)
                owner = await self.owner(document.id)
                if owner is not None and owner != scope:
                    raise CorpusError(
                        document.source,
                        f"the id {document.id!r} belongs to "
                        + (f"server {owner}" if owner else "the shared corpus")
                        + "; give the document another 'id:'",
                    )
                if owner is None and existing_only:
                    continue
                await self._replace(document, terms, scope, stat, tags or {})
                original = (originals or {}).get(document.id)
                if original is not None:
                    await self._store_original(document.id, original)
                if change is not None:
                    await self._audit(scope, change, document.id)
            return CorpusWrite(before, await self.corpus_generation())

        return await self._write(work)

    async def save_upload(self, upload: NewUpload, limits: UploadLimits) -> SavedUpload:
        """Name an uploaded document and write it, with its audit entry, in one transaction.

        It replaces the document `upload.replace` names (which must be the server's own), or
        else the server's document uploaded from the same file name; otherwise it is new, and
        is named from `upload.id_hint` within the server's id space (a short hash of its
        content added when that id is taken; see `server_id_candidates`). The server's limits
        (`limits`) are checked in the same transaction, so uploads made at once by any number
        of processes never pass them. Raises CorpusError (naming the file) and writes nothing
        when a limit would be passed or the document to replace is not the server's.
        """
        document, scope, filename = upload.document, upload.scope, upload.filename
        if not scope:
            raise CorpusError(filename, "uploads belong to a server")
        if len(document.passages) > limits.document_passages:
            raise CorpusError(
                filename,
                f"the file has {len(document.passages):,} paragraphs; a document may have "
                f"{limits.document_passages:,}",
            )

        async def work() -> SavedUpload:
            before = await self.corpus_generation()
            replaced = await self._upload_target(upload)
            taken_by: StoredDocument | None = None
            if replaced is None:
                count = await self.count_documents(scope)
                if count >= limits.documents:
                    raise CorpusError(
                        filename,
                        f"this server has {count} documents, the most it may keep; "
                        "remove one first",
                    )
                doc_id, taken_by = await self._free_id(scope, upload.id_hint, document)
            else:
                doc_id = replaced.id
            passages = await self._count_passages(scope, excluding=doc_id)
            if passages + len(document.passages) > limits.passages:
                raise CorpusError(
                    filename,
                    f"this server's documents have {passages:,} paragraphs and this file "
                    f"{len(document.passages):,}; a server may keep {limits.passages:,}",
                )
            named = document.renamed(doc_id)
            tags = {
                passage.id: tag
                for passage, tag in zip(named.passages, upload.tags, strict=True)
                if tag is not None
            }
            await self._replace(named, upload.terms, scope, None, tags)
            if upload.original is not None:
                await self._store_original(doc_id, upload.original)
            action = "update" if replaced is not None else "add"
            size = f"{len(upload.original.data):,} bytes, " if upload.original else ""
            detail = f"{filename} ({size}{len(document.passages)} passages)"
            await self._audit(scope, Change(upload.user_id, action, detail), doc_id)
            write = CorpusWrite(before, await self.corpus_generation())
            return SavedUpload(named, replaced, taken_by, write)

        return await self._write(work)

    async def _upload_target(self, upload: NewUpload) -> StoredDocument | None:
        """The server's document an upload replaces: the one it names, or the one uploaded
        from the same file name (the latest, if an older database holds several)."""
        if upload.replace is not None:
            found = await self._stored("WHERE id = ? AND scope = ?", (upload.replace, upload.scope))
            if found is None:
                raise CorpusError(
                    upload.filename,
                    f"this server has no document {upload.replace!r} to replace; see /corpus list",
                )
            return found
        return await self._stored(
            "WHERE scope = ? AND source = ? ORDER BY ingested_at DESC, rowid DESC",
            (upload.scope, upload.filename),
        )

    async def _stored(self, where: str, parameters: Sequence[object]) -> StoredDocument | None:
        query = f"SELECT id, json_extract(meta_json, '$.title'), source FROM documents {where}"
        async with self._db.execute(query, parameters) as cursor:
            row = await cursor.fetchone()
        return None if row is None else StoredDocument(str(row[0]), str(row[1]), str(row[2]))

    async def _free_id(
        self, scope: str, hint: str, document: Document
    ) -> tuple[str, StoredDocument | None]:
        """The first id of `server_id_candidates` no document holds, and the document that
        held the first one, if one did."""
        taken_by: StoredDocument | None = None
        for candidate in server_id_candidates(scope, hint, document.content_hash):
            holder = await self._stored("WHERE id = ?", (candidate,))
            if holder is None:
                return candidate, taken_by
            taken_by = taken_by or holder
        raise AssertionError("server_id_candidates never ends")  # pragma: no cover

    async def _replace(
        self,
        document: Document,
        terms: Sequence[Sequence[str]],
        scope: str,
        stat: tuple[int, int] | None,
        tags: Mapping[str, str],
    ) -> None:
        """Delete the scope's document of this id, if any, and insert this one (in the caller's
        transaction)."""
        await self._db.execute(
            "DELETE FROM documents WHERE id = ? AND scope = ?", (document.id, scope)
        )
        await self._db.execute(
            "INSERT INTO documents (id, scope, source, source_size, source_mtime_ns,"
            " content_hash, meta_json, body, ingested_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                document.id,
                scope,
                document.source,
                stat[0] if stat else None,
                stat[1] if stat else None,
                document.content_hash,
                document.meta.model_dump_json(),
                document.body,
                _now(),
            ),
        )
        await self._db.executemany(
            'INSERT INTO passages (id, doc_id, number, start, "end", voice, speaker,'
            " sentences_json, terms, debate_json, tags_json, paragraph)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    passage.id,
                    document.id,
                    passage.number,
                    passage.start,
                    passage.end,
                    passage.voice.value,
                    passage.speaker,
                    json.dumps(passage.sentences),
                    " ".join(passage_terms),
                    _debate_json(passage),
                    tags.get(passage.id),
                    passage.paragraph,
                )
                for passage, passage_terms in zip(document.passages, terms, strict=True)
            ],
        )

    async def _store_original(self, doc_id: str, original: StoredUpload) -> None:
        """Keep an upload's bytes (compressed, with their SHA-256) and its extractor, in the
        caller's transaction."""
        await self._db.execute(
            "INSERT OR REPLACE INTO uploads (doc_id, filename, original, size,"
            " sha256, extractor, details_json, stored_at) VALUES (?,?,?,?,?,?,?,?)",
            (
                doc_id,
                original.filename,
                zlib.compress(original.data, 9),
                len(original.data),
                hashlib.sha256(original.data).hexdigest(),
                original.extractor,
                json.dumps(original.details),
                _now(),
            ),
        )

    async def _audit(self, scope: str, change: Change, doc_id: str | None) -> None:
        await self._db.execute(
            "INSERT INTO corpus_audit (scope, user_id, action, doc_id, detail, created_at)"
            " VALUES (?,?,?,?,?,?)",
            (
                scope,
                str(change.user_id) if change.user_id is not None else None,
                change.action,
                doc_id,
                change.detail,
                _now(),
            ),
        )

    @_guarded
    async def uploads(self, doc_ids: Iterable[str]) -> dict[str, StoredUpload]:
        """The stored originals of these documents (those that came from an upload)."""
        found: dict[str, StoredUpload] = {}
        for doc_id in doc_ids:
            rows = await self._db.execute_fetchall(
                "SELECT filename, original, sha256, extractor, details_json FROM uploads"
                " WHERE doc_id = ?",
                (doc_id,),
            )
            for filename, original, sha256, extractor, details in rows:
                data = zlib.decompress(original)
                if hashlib.sha256(data).hexdigest() != sha256:
                    log.warning("the stored upload of %s is damaged; not re-extracted", doc_id)
                    continue
                found[doc_id] = StoredUpload(filename, data, extractor, json.loads(details))
        return found

    @_guarded
    async def audit(self, scope: str, limit: int = 20) -> list[AuditEntry]:
        """A scope's latest corpus changes, newest first."""
        query = (
            "SELECT created_at, user_id, action, doc_id, detail FROM corpus_audit"
            " WHERE scope = ? ORDER BY id DESC LIMIT ?"
        )
        async with self._db.execute(query, (scope, limit)) as cursor:
            rows = await cursor.fetchall()
        return [AuditEntry(str(r[0]), r[1], str(r[2]), r[3], str(r[4])) for r in rows]

    @_guarded
    async def count_documents(self, scope: str) -> int:
        """How many documents a scope has."""
        query = "SELECT COUNT(*) FROM documents WHERE scope = ?"
        async with self._db.execute(query, (scope,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _count_passages(self, scope: str, excluding: str) -> int:
        query = (
            "SELECT COUNT(*) FROM passages JOIN documents ON documents.id = passages.doc_id"
            " WHERE documents.scope = ? AND documents.id != ?"
        )
        async with self._db.execute(query, (scope, excluding)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def touch_source(self, doc_id: str, size: int, mtime_ns: int, scope: str = "") -> None:
        """Record new file facts for an unchanged document (same content, touched file)."""

        async def work() -> None:
            await self._db.execute(
                "UPDATE documents SET source_size = ?, source_mtime_ns = ?"
                " WHERE id = ? AND scope = ?",
                (size, mtime_ns, doc_id, scope),
            )

        await self._write(work)

    async def remove_document(
        self, doc_id: str, scope: str, change: Change | None = None
    ) -> CorpusWrite | None:
        """Delete a scope's document ("": a shared one) and its passages; None if the scope
        has no document of that id."""

        async def work() -> CorpusWrite | None:
            before = await self.corpus_generation()
            cursor = await self._db.execute(
                "DELETE FROM documents WHERE id = ? AND scope = ?", (doc_id, scope)
            )
            if cursor.rowcount <= 0:
                return None
            await self._db.execute("DELETE FROM uploads WHERE doc_id = ?", (doc_id,))
            if change is not None:
                await self._audit(scope, change, doc_id)
            return CorpusWrite(before, await self.corpus_generation())

        return await self._write(work)

    @_guarded
    async def load(self, *, use_index: bool = True, shards: Shards | None = None) -> LoadedCorpus:
        """Every stored document with its passages, and the stored index of them when there is
        a usable one (`use_index`); otherwise every passage's analysed terms.

        With `shards`, only the shared documents (scope "") and the uploads of the servers
        those shards own (`bot.shards`) are read, chosen in SQL; the stored index (of the whole
        corpus) is then not used, the terms are read instead.

        Everything is read in one transaction, so the documents, the passages and the index are
        of the same corpus version even while another process writes.
        """
        async with self._write_lock:  # our own writes wait; BEGIN would clash with theirs
            await self._db.execute("BEGIN")
            try:
                return await self._load(use_index, shards)
            finally:
                with contextlib.suppress(sqlite3.Error):  # a read-only transaction: nothing lost
                    await self._db.execute("COMMIT")

    async def _load(self, use_index: bool, shards: Shards | None = None) -> LoadedCorpus:
        generation = await self.corpus_generation()
        held, parameters = _held_documents(shards)
        if shards is not None and not shards.whole:
            use_index = False  # the snapshot is of every server's passages, not of these
        documents = await self._db.execute_fetchall(
            "SELECT id, meta_json, body, content_hash, source, scope FROM documents"
            f" WHERE {held} ORDER BY id",
            parameters,
        )
        # One hop to the database thread for all rows, not one per chunk of 64.
        passages = list(
            await self._db.execute_fetchall(
                'SELECT id, doc_id, number, start, "end", voice, speaker, sentences_json,'
                " debate_json, tags_json, paragraph FROM passages"
                f" WHERE doc_id IN (SELECT id FROM documents WHERE {held})"
                " ORDER BY doc_id, number",
                parameters,
            )
        )
        # The database thread reads the stored index while a worker thread makes the passages
        # (SQLite lets go of the GIL while it reads); the event loop does neither.
        reading = asyncio.ensure_future(self._stored_index(generation) if use_index else _none())
        try:
            corpus = await asyncio.to_thread(_assemble, documents, passages)
        finally:
            index = await reading
        del documents, passages
        if index is not None and len(index.lengths) != corpus.passage_count:
            log.warning("the stored search index is of another corpus; rebuilding it")
            index = None
        terms: Mapping[str, list[str]] = {}
        if index is None:
            # The terms column is the bulk of a passage row: read only when there is no index.
            rows = await self._db.execute_fetchall(
                "SELECT id, terms FROM passages"
                f" WHERE doc_id IN (SELECT id FROM documents WHERE {held})",
                parameters,
            )
            terms = StoredTerms(rows)
        return LoadedCorpus(corpus.documents, terms, corpus.scopes, corpus.tags, index, generation)

    async def _stored_index(self, generation: int) -> IndexArrays | None:
        """The stored index if it was built from corpus version `generation` and is whole."""
        query = (
            f"SELECT generation, format, passages, vocabulary, {_INDEX_COLUMNS} FROM index_snapshot"
        )
        async with self._db.execute(query) as cursor:
            row = await cursor.fetchone()
        if row is None or int(row[0]) != generation or int(row[1]) != INDEX_FORMAT:
            return None
        try:
            arrays = IndexArrays(
                vocabulary=str(row[3]).split(" ") if row[3] else [],
                **{
                    name: np.frombuffer(blob, dtype="<i4")
                    for name, blob in zip(IndexArrays.ARRAYS, row[4:], strict=True)
                },
            )
        except (TypeError, ValueError) as error:
            log.warning("the stored search index is unreadable (%s); rebuilding it", error)
            return None
        # Whether the arrays hang together is checked as the index is built from them
        # (`PassageIndex.from_arrays`); here, only that they are of this corpus.
        if len(arrays.lengths) != int(row[2]):
            log.warning("the stored search index is damaged (passage count); rebuilding it")
            return None
        return arrays

    async def save_index(self, generation: int, arrays: IndexArrays) -> bool:
        """Store a built index of corpus version `generation` for the next start.

        Nothing is stored (False) if the corpus changed since that version was read (the index
        would be stale), or if the index is too large for SQLite.
        """
        # Serialising copies the arrays (tens of megabytes at 100k passages): not on the loop.
        encoded = await asyncio.to_thread(_encode_index, arrays)
        if encoded is None:
            log.info("the search index cannot be stored (too large, or an unusual term)")
            return False
        vocabulary, blobs = encoded

        async def work() -> bool:
            if await self.corpus_generation() != generation:
                return False
            await self._db.execute(
                "INSERT OR REPLACE INTO index_snapshot (id, generation, format, passages,"
                f" vocabulary, {_INDEX_COLUMNS}, built_at) VALUES (1,?,?,?,?,?,?,?,?,?,?)",
                (generation, INDEX_FORMAT, len(arrays.lengths), vocabulary, *blobs, _now()),
            )
            return True

        return await self._write(work)

    @_guarded
    async def corpus_generation(self) -> int:
        """How many changes the corpus has had (bumped by the schema's triggers)."""
        async with self._db.execute("SELECT generation FROM corpus_state") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    # --- feedback and channels -------------------------------------------------------------

    async def record_feedback(
        self, passage_id: str, question: str, vote: int, user_id: int, guild_id: int | None
    ) -> None:
        """One vote per user, passage and question; voting again replaces the earlier vote."""

        async def work() -> None:
            await self._db.execute(
                "INSERT INTO feedback (passage_id, question, vote, user_id, guild_id, created_at)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT (passage_id, question, user_id)"
                " DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at",
                (passage_id, question, vote, str(user_id), _str_or_none(guild_id), _now()),
            )

        await self._write(work)

    @_guarded
    async def feedback(self, passage_id: str) -> list[tuple[str, int, str]]:
        """(question, vote, user id) of every vote on a passage."""
        query = "SELECT question, vote, user_id FROM feedback WHERE passage_id = ? ORDER BY id"
        async with self._db.execute(query, (passage_id,)) as cursor:
            rows = await cursor.fetchall()
        return [(str(r[0]), int(r[1]), str(r[2])) for r in rows]

    async def set_listening(self, channel_id: int, guild_id: int | None, listen: bool) -> None:
        async def work() -> None:
            await self._db.execute(
                "INSERT INTO channel_settings (channel_id, guild_id, listen) VALUES (?,?,?)"
                " ON CONFLICT (channel_id) DO UPDATE SET listen = excluded.listen",
                (str(channel_id), _str_or_none(guild_id), int(listen)),
            )

        await self._write(work)

    @_guarded
    async def listening_channels(self) -> set[int]:
        query = "SELECT channel_id FROM channel_settings WHERE listen = 1"
        async with self._db.execute(query) as cursor:
            rows = await cursor.fetchall()
        return {int(row[0]) for row in rows}

    @_guarded
    async def synced_commands(self, scope: str) -> str | None:
        """The digest of the commands last registered in `scope`, if any were."""
        query = "SELECT digest FROM command_sync WHERE scope = ?"
        async with self._db.execute(query, (scope,)) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def record_synced_commands(self, scope: str, digest: str) -> None:
        """Remember that the commands of `digest` are what Discord holds in `scope`."""

        async def work() -> None:
            await self._db.execute(
                "INSERT INTO command_sync (scope, digest, synced_at) VALUES (?, ?, ?)"
                " ON CONFLICT (scope) DO UPDATE SET digest = excluded.digest,"
                " synced_at = excluded.synced_at",
                (scope, digest, _now()),
            )

        await self._write(work)

    # --- answers shown in Discord -----------------------------------------------------------

    async def save_answer(
        self,
        question: str,
        k: int,
        doc_id: str | None,
        passage_ids: Sequence[str],
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
    ) -> int:
        async def work() -> int:
            cursor = await self._db.execute(
                "INSERT INTO answers (question, k, doc_id, passage_ids_json, guild_id,"
                " channel_id, user_id, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    question,
                    k,
                    doc_id,
                    json.dumps(list(passage_ids)),
                    _str_or_none(guild_id),
                    _str_or_none(channel_id),
                    str(user_id),
                    _now(),
                ),
            )
            return int(cursor.lastrowid or 0)

        return await self._write(work)

    @_guarded
    async def answer(self, answer_id: int) -> ShownAnswer | None:
        query = (
            "SELECT id, question, k, doc_id, page_offset, passage_ids_json, user_id"
            " FROM answers WHERE id = ?"
        )
        async with self._db.execute(query, (answer_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return ShownAnswer(
            id=int(row[0]),
            question=str(row[1]),
            k=int(row[2]),
            doc_id=row[3],
            offset=int(row[4]),
            passage_ids=tuple(json.loads(row[5])),
            user_id=int(row[6]),
        )

    async def move_answer(self, answer_id: int, offset: int, passage_ids: Sequence[str]) -> None:
        async def work() -> None:
            await self._db.execute(
                "UPDATE answers SET page_offset = ?, passage_ids_json = ? WHERE id = ?",
                (offset, json.dumps(list(passage_ids)), answer_id),
            )

        await self._write(work)


@dataclass(frozen=True, slots=True)
class _Assembled:
    documents: list[Document]
    scopes: dict[str, str]
    tags: dict[str, str]
    passage_count: int


async def _none() -> None:
    return None


def _held_documents(shards: Shards | None) -> tuple[str, tuple[int, ...]]:
    """A WHERE condition on `documents` (and its parameters) for the documents a process with
    `shards` holds: the shared ones and those of servers on its shards (every one when None or
    all shards). A server's scope is its id in decimal, which fits SQLite's 64-bit integers."""
    if shards is None or shards.whole:
        return "1", ()
    ids = shards.sorted_ids()
    marks = ", ".join("?" * len(ids))
    condition = f"scope = '' OR ((CAST(scope AS INTEGER) >> {SNOWFLAKE_SHIFT}) % ?) IN ({marks})"
    return condition, (shards.count, *ids)


def _assemble(
    document_rows: Iterable[Sequence[Any]], passage_rows: Sequence[Sequence[Any]]
) -> _Assembled:
    """Documents with their passages, from the rows `Store._load` reads (CPU-bound: run in a
    worker thread)."""
    bodies: dict[str, tuple[DocumentMeta, str, str, str]] = {}
    scopes: dict[str, str] = {}
    for row in document_rows:
        bodies[row[0]] = (DocumentMeta.model_validate_json(row[1]), row[2], row[3], row[4])
        scopes[row[0]] = str(row[5])
    voices = {voice.value: voice for voice in Voice}
    passages_by_doc: dict[str, list[Passage]] = {}
    tags: dict[str, str] = {}
    # One JSON document for many passages' sentence spans (a json.loads call per passage costs
    # more than the parsing), but not for all: one C call over 100k passages would hold the GIL
    # and stall the event loop for a tenth of a second.
    sentence_spans = itertools.chain.from_iterable(
        json.loads("[" + ",".join(row[7] for row in passage_rows[first : first + 4096]) + "]")
        for first in range(0, len(passage_rows), 4096)
    )
    for row, spans in zip(passage_rows, sentence_spans, strict=True):
        doc_id = row[1]
        body = bodies[doc_id][1]
        start, end = row[3], row[4]
        # Positional, in `Passage`'s field order: keywords cost a tenth of a second a 100k.
        passage = Passage(
            row[0],  # id
            doc_id,
            row[2],  # number
            start,
            end,
            body[start:end],  # text
            voices[row[5]],
            row[6],  # speaker
            tuple(map(tuple, spans)),  # sentences
            *_debate_fields(row[8]),  # side, section, heading, answers
            row[10],  # paragraph
        )
        passages_by_doc.setdefault(doc_id, []).append(passage)
        if row[9] is not None:
            tags[passage.id] = row[9]
    documents = [
        Document(
            meta=meta,
            body=body,
            content_hash=digest,
            source=source,
            passages=tuple(passages_by_doc.get(doc_id, ())),
        )
        for doc_id, (meta, body, digest, source) in bodies.items()
    ]
    return _Assembled(documents, scopes, tags, len(passage_rows))


class StoredTerms(Mapping[str, list[str]]):
    """Passage id -> analysed terms, split from the stored text when asked for.

    Splitting all of them up front made a string object per term occurrence (millions at 100k
    passages) that the index then turned into ids; read on demand, they die a chunk at a time.
    """

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self._joined: dict[str, str] = {str(row[0]): str(row[1]) for row in rows}

    def __getitem__(self, passage_id: str) -> list[str]:
        return self._joined[passage_id].split()

    def __iter__(self) -> Iterator[str]:
        return iter(self._joined)

    def __len__(self) -> int:
        return len(self._joined)


def _encode_index(arrays: IndexArrays) -> tuple[str, list[bytes]] | None:
    """The index as `index_snapshot` stores it: space-separated terms and little-endian int32
    arrays. None if it cannot be: a term with a space (the analyser makes none) or a value over
    SQLite's size limit."""
    if any(not term or " " in term for term in arrays.vocabulary):
        return None
    vocabulary = " ".join(arrays.vocabulary)
    blobs = [
        np.ascontiguousarray(getattr(arrays, name), dtype="<i4").tobytes()
        for name in IndexArrays.ARRAYS
    ]
    if max(len(vocabulary.encode()), *map(len, blobs)) > _MAX_BLOB_BYTES:
        return None
    return vocabulary, blobs


def _str_or_none(value: int | None) -> str | None:
    return None if value is None else str(value)


def check_id_space(document: Document, scope: str) -> None:
    """Raise CorpusError unless a server's document id starts with "g<server id>-" (a shared
    document may have any id no server's document has)."""
    if scope and not document.id.startswith(server_id_prefix(scope)):
        raise CorpusError(
            document.source, f"server {scope}'s documents have ids starting with g{scope}-"
        )


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
