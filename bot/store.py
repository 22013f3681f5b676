"""SQLite storage through aiosqlite: the schema, its migrations, and every SQL statement.

Documents are stored with their body text and their passages (spans, voice, speaker, sentence
spans and analysed terms), so a restart rebuilds the index without reading or analysing the
article files again. Each document is written in one transaction: it is there whole or not at all.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import itertools
import json
import logging
import sqlite3
import zlib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite
import numpy as np

from bot.engine.index import IndexArrays
from bot.engine.models import Document, DocumentMeta, Passage, Side, Voice

log = logging.getLogger(__name__)
T = TypeVar("T")

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
)

# The layout of `index_snapshot`'s arrays; a stored index of another format is rebuilt.
INDEX_FORMAT = 1
# SQLite refuses values over a billion bytes (SQLITE_MAX_LENGTH); an index that large is rebuilt
# at each start rather than stored.
_MAX_BLOB_BYTES = 900_000_000
# `index_snapshot`'s array columns, named and ordered as `IndexArrays` names them.
_INDEX_COLUMNS = ", ".join(IndexArrays.ARRAYS)


class StoreError(RuntimeError):
    """A storage failure, with a message fit to show."""


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
    """One SQLite database file. Open with `await Store.open(path)`; close with `close()`."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Store:
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = await aiosqlite.connect(path, timeout=30, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the database {path}: {error}") from error
        store = cls(connection, path)
        try:
            await store._configure()
            await store._migrate()
        except BaseException:
            await connection.close()  # a refused database leaves no worker thread behind
            raise
        return store

    async def close(self) -> None:
        await self._db.close()

    async def _configure(self) -> None:
        # WAL lets readers go on while a write commits; a crash mid-write leaves the last commit.
        await self._db.execute("PRAGMA journal_mode=WAL")
        await self._db.execute("PRAGMA synchronous=NORMAL")
        await self._db.execute("PRAGMA foreign_keys=ON")
        await self._db.execute("PRAGMA busy_timeout=30000")

    async def _migrate(self) -> None:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        version = int(row[0]) if row else 0
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the database {self.path} has schema version {version}, newer than this "
                f"program knows ({len(MIGRATIONS)}); upgrade debate-bot"
            )
        for number in range(version, len(MIGRATIONS)):
            log.info("migrating %s to schema version %d", self.path, number + 1)
            await self._db.executescript(
                "BEGIN;\n" + MIGRATIONS[number] + f"\nPRAGMA user_version = {number + 1};\nCOMMIT;"
            )

    async def schema_version(self) -> int:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def _write(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work` in one transaction: committed whole, or rolled back and reported."""
        async with self._write_lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
                result = await work()
                await self._db.execute("COMMIT")
                return result
            except BaseException as error:
                if self._db.in_transaction:
                    await self._db.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise StoreError(
                        f"the database write failed and was undone: {error}"
                    ) from error
                raise

    # --- documents -------------------------------------------------------------------------

    async def sources(self) -> dict[str, StoredSource]:
        """Stored file facts by source path."""
        query = "SELECT id, source, source_size, source_mtime_ns, content_hash FROM documents"
        async with self._db.execute(query) as cursor:
            rows = await cursor.fetchall()
        return {row[1]: StoredSource(row[0], row[1], row[2], row[3], row[4]) for row in rows}

    async def content_hashes(self) -> dict[str, str]:
        """Content hash of every stored document, by id."""
        async with self._db.execute("SELECT id, content_hash FROM documents") as cursor:
            rows = await cursor.fetchall()
        return {str(row[0]): str(row[1]) for row in rows}

    async def content_hash(self, doc_id: str) -> str | None:
        query = "SELECT content_hash FROM documents WHERE id = ?"
        async with self._db.execute(query, (doc_id,)) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def save_documents(
        self,
        documents: Sequence[tuple[Document, list[list[str]], tuple[int, int] | None]],
        scope: str = "",
        change: Change | None = None,
        tags: Mapping[str, str] | None = None,
        originals: Mapping[str, StoredUpload] | None = None,
    ) -> CorpusWrite:
        """Insert or replace documents with their passages, all in one transaction.

        Each item is (document, terms of each passage, (file size, mtime_ns) or None);
        `originals` gives the uploaded bytes of documents that came from an upload (kept
        compressed, with their SHA-256, for a reindex to extract them again).
        """

        async def work() -> CorpusWrite:
            before = await self.corpus_generation()
            for document, terms, stat in documents:
                await self._db.execute("DELETE FROM documents WHERE id = ?", (document.id,))
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
                            (tags or {}).get(passage.id),
                            passage.paragraph,
                        )
                        for passage, passage_terms in zip(document.passages, terms, strict=True)
                    ],
                )
                original = (originals or {}).get(document.id)
                if original is not None:
                    await self._db.execute(
                        "INSERT OR REPLACE INTO uploads (doc_id, filename, original, size,"
                        " sha256, extractor, details_json, stored_at) VALUES (?,?,?,?,?,?,?,?)",
                        (
                            document.id,
                            original.filename,
                            zlib.compress(original.data, 9),
                            len(original.data),
                            hashlib.sha256(original.data).hexdigest(),
                            original.extractor,
                            json.dumps(original.details),
                            _now(),
                        ),
                    )
                if change is not None:
                    await self._audit(scope, change, document.id)
            return CorpusWrite(before, await self.corpus_generation())

        return await self._write(work)

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

    async def audit(self, scope: str, limit: int = 20) -> list[AuditEntry]:
        """A scope's latest corpus changes, newest first."""
        query = (
            "SELECT created_at, user_id, action, doc_id, detail FROM corpus_audit"
            " WHERE scope = ? ORDER BY id DESC LIMIT ?"
        )
        async with self._db.execute(query, (scope, limit)) as cursor:
            rows = await cursor.fetchall()
        return [AuditEntry(str(r[0]), r[1], str(r[2]), r[3], str(r[4])) for r in rows]

    async def count_documents(self, scope: str) -> int:
        query = "SELECT COUNT(*) FROM documents WHERE scope = ?"
        async with self._db.execute(query, (scope,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def touch_source(self, doc_id: str, size: int, mtime_ns: int) -> None:
        """Record new file facts for an unchanged document (same content, touched file)."""

        async def work() -> None:
            await self._db.execute(
                "UPDATE documents SET source_size = ?, source_mtime_ns = ? WHERE id = ?",
                (size, mtime_ns, doc_id),
            )

        await self._write(work)

    async def remove_document(
        self, doc_id: str, scope: str | None = None, change: Change | None = None
    ) -> CorpusWrite | None:
        """Delete a document and its passages (only within `scope`, when one is given); None
        if there was no such document."""

        async def work() -> CorpusWrite | None:
            before = await self.corpus_generation()
            if scope is None:
                cursor = await self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            else:
                cursor = await self._db.execute(
                    "DELETE FROM documents WHERE id = ? AND scope = ?", (doc_id, scope)
                )
            if cursor.rowcount <= 0:
                return None
            await self._db.execute("DELETE FROM uploads WHERE doc_id = ?", (doc_id,))
            if change is not None:
                await self._audit(scope or "", change, doc_id)
            return CorpusWrite(before, await self.corpus_generation())

        return await self._write(work)

    async def load(self, *, use_index: bool = True) -> LoadedCorpus:
        """Every stored document with its passages, and the stored index of them when there is
        a usable one (`use_index`); otherwise every passage's analysed terms.

        Everything is read in one transaction, so the documents, the passages and the index are
        of the same corpus version even while another process writes.
        """
        async with self._write_lock:  # our own writes wait; BEGIN would clash with theirs
            await self._db.execute("BEGIN")
            try:
                return await self._load(use_index)
            finally:
                await self._db.execute("COMMIT")

    async def _load(self, use_index: bool) -> LoadedCorpus:
        generation = await self.corpus_generation()
        documents = await self._db.execute_fetchall(
            "SELECT id, meta_json, body, content_hash, source, scope FROM documents ORDER BY id"
        )
        # One hop to the database thread for all rows, not one per chunk of 64.
        passages = list(
            await self._db.execute_fetchall(
                'SELECT id, doc_id, number, start, "end", voice, speaker, sentences_json,'
                " debate_json, tags_json, paragraph FROM passages ORDER BY doc_id, number"
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
            rows = await self._db.execute_fetchall("SELECT id, terms FROM passages")
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

    async def listening_channels(self) -> set[int]:
        query = "SELECT channel_id FROM channel_settings WHERE listen = 1"
        async with self._db.execute(query) as cursor:
            rows = await cursor.fetchall()
        return {int(row[0]) for row in rows}

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
