"""What both databases do alike: every read and write of the corpus, answers, feedback and
channel settings, in SQL that SQLite and PostgreSQL both take (`?` placeholders, `ON CONFLICT`
upserts, `RETURNING`). A subclass supplies the connection (`_rows`, `_row`, `_run`, `_run_many`),
its transactions (`_writing`, `_read`), its schema and migrations, and what only its database
can do (a file's identity and online backup for SQLite; a change feed for PostgreSQL).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
import zlib
from abc import ABC, abstractmethod
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Iterable,
    Mapping,
    Sequence,
)
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

import numpy as np

from bot.engine.index import IndexArrays
from bot.engine.models import CorpusError, Document
from bot.shards import SNOWFLAKE_SHIFT, Shards
from bot.store.records import (
    INDEX_COLUMNS,
    INDEX_FORMAT,
    Assembled,
    Assembler,
    AuditEntry,
    Change,
    CorpusChange,
    CorpusChanges,
    CorpusWrite,
    DatabaseCheck,
    LoadedCorpus,
    NewUpload,
    SavedUpload,
    ShownAnswer,
    StoredDocument,
    StoredSource,
    StoredTerms,
    StoredUpload,
    StoreError,
    UploadLimits,
    check_id_space,
    debate_json,
    encode_index,
    now,
    server_id_candidates,
    str_or_none,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
P = ParamSpec("P")
S = TypeVar("S", bound="Store")
Row = Sequence[Any]
# Documents whose passage rows a load reads at once: at 20 passages a document (the synthetic
# corpus; debates have ~15), 5,000 rows, a few megabytes; 20 fetches at 100k passages.
DOCUMENTS_PER_FETCH = 256


def _guarded(
    method: Callable[Concatenate[S, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[S, P], Coroutine[Any, Any, T]]:
    """Turn what the database driver raises in a store method into a `StoreError` (and a fatal
    one into the store's fault: writes refused from then on, the fault listener told once)."""

    @functools.wraps(method)
    async def guarded(self: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(self, *args, **kwargs)
        except Exception as error:
            found = self.storage_error(error)
            if found is None:
                raise
            raise self.failed(found) from error

    return guarded


def is_postgres_url(location: str) -> bool:
    """Whether `location` is a PostgreSQL URL (`postgresql://` or `postgres://`)."""
    return location.startswith(("postgresql://", "postgres://"))


async def _nothing() -> None:
    return None


class Store(ABC):
    """The database behind the bot and the command line: `SqliteStore` (a file, the embedded
    default) or `PostgresStore` (a server several processes share). Open one with
    `await Store.connect(location)`; close it with `close()`.

    `location` is what messages name: the file's path, or the server's URL without its
    password. A fatal error (see `FATAL_FAULTS`) becomes the store's `fault`: every write after
    it is refused with it, and `on_fault` is called once (the bot stops on it).
    """

    # How each database names a document's title inside its JSON metadata, and which of two
    # uploads of one file name is the newer; set by each subclass.
    TITLE: ClassVar[str]
    NEWEST_FIRST: ClassVar[str]
    # What makes ORDER BY of text compare bytes, as SQLite does (PostgreSQL follows the
    # database's locale otherwise): the engine's ties fall the same way on either database.
    BYTE_ORDER: ClassVar[str] = ""
    # The type a server's id (a Discord snowflake, 64 bits) is cast to in SQL.
    BIG_INTEGER: ClassVar[str] = "INTEGER"
    # Whether `corpus_changes` announces other processes' changes as they commit (PostgreSQL);
    # without it, `changes_since` is polled.
    HAS_CHANGE_FEED: ClassVar[bool] = False

    def __init__(self, location: str) -> None:
        self.location = location
        self._write_lock = asyncio.Lock()
        self.fault: StoreError | None = None
        self.on_fault: Callable[[StoreError], object] | None = None

    @staticmethod
    async def connect(
        location: str | Path,
        *,
        busy_seconds: float | None = None,
        migrate: bool = True,
        check: bool = True,
        create: bool = True,
    ) -> Store:
        """Open the database `location` names: a `postgresql://` (or `postgres://`) URL opens
        a `PostgresStore`, anything else is the path of an SQLite file (`SqliteStore`; `check`
        and `create` are its own).

        Raises StoreError, one plain line, when it cannot be opened, checked or migrated.
        """
        text = str(location)
        if is_postgres_url(text):
            try:
                from bot.store.postgres import PostgresStore
            except ImportError as error:
                raise StoreError(
                    f"DATABASE_URL names a PostgreSQL database, but its driver is not installed "
                    f"({error.name}): pip install -e '.[postgres]'"
                ) from None
            return await PostgresStore.open(text, busy_seconds=busy_seconds, migrate=migrate)
        from bot.store.sqlite import SqliteStore

        return await SqliteStore.open(
            Path(text), busy_seconds=busy_seconds, migrate=migrate, check=check, create=create
        )

    # --- what each database supplies --------------------------------------------------------

    @abstractmethod
    async def close(self) -> None:
        """Close the connections; a failure to close cleanly is logged, not raised."""

    @abstractmethod
    def storage_error(self, error: BaseException) -> StoreError | None:
        """The `StoreError` for an error the driver (or the file system) raised; None for any
        other error, which is raised as it is."""

    @abstractmethod
    async def _rows(self, sql: str, parameters: Sequence[object] = ()) -> list[Row]:
        """Every row `sql` gives."""

    @abstractmethod
    async def _row(self, sql: str, parameters: Sequence[object] = ()) -> Row | None:
        """The first row `sql` gives, if any."""

    @abstractmethod
    async def _run(self, sql: str, parameters: Sequence[object] = ()) -> int:
        """Run a statement; returns how many rows it changed."""

    @abstractmethod
    async def _run_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run a statement once per row of parameters."""

    @abstractmethod
    def _writing(self) -> AbstractAsyncContextManager[None]:
        """One write transaction, serialised with every other writer of the database (in any
        process): committed when the block ends, rolled back if it raises."""

    @abstractmethod
    async def _read(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work`'s reads in one transaction, so they all see one version of the data."""

    @abstractmethod
    async def schema_version(self) -> int:
        """The schema version the database is at (see each database's migrations)."""

    @abstractmethod
    async def integrity(self) -> DatabaseCheck:
        """A full check of the database and what it holds."""

    @abstractmethod
    async def backup(self, target: Path) -> int:
        """Copy the database to the file `target`; returns its size in bytes. Raises
        StoreError if it cannot (see each database)."""

    def corpus_changes(self) -> AsyncIterator[CorpusChange]:
        """Every corpus change any process commits from now on, as it is announced; only where
        `HAS_CHANGE_FEED` (raises NotImplementedError elsewhere)."""
        raise NotImplementedError(f"{type(self).__name__} has no change feed; poll changes_since")

    async def check_file(self) -> None:
        """Raise the store's fault, if it has one (SQLite also checks its file is still
        there)."""
        if self.fault is not None:
            raise self.fault

    # --- shared ---------------------------------------------------------------------------

    def failed(self, error: StoreError) -> StoreError:
        """Note a fatal `error` as the store's fault (writes are refused from then on) and tell
        `on_fault`, the first time; returns `error` for the caller to raise."""
        if error.fatal and self.fault is None:
            self.fault = error
            if self.on_fault is not None:
                self.on_fault(error)
        return error

    async def _write(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work` in one transaction: committed whole, or rolled back and reported.

        The database's write lock is taken first (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's
        advisory lock), so what `work` reads is what it writes over: checks made inside it
        hold against every other process too.
        """
        async with self._write_lock:
            await self.check_file()
            try:
                async with self._writing():
                    return await work()
            except Exception as error:
                found = self.storage_error(error)
                if found is None:
                    raise
                raise self.failed(found) from error

    # --- documents -------------------------------------------------------------------------

    @_guarded
    async def sources(self, scope: str = "") -> dict[str, StoredSource]:
        """Stored file facts of a scope's documents ("": the shared corpus), by source path."""
        query = (
            "SELECT id, source, source_size, source_mtime_ns, content_hash FROM documents"
            " WHERE scope = ?"
        )
        rows = await self._rows(query, (scope,))
        return {row[1]: StoredSource(row[0], row[1], row[2], row[3], row[4]) for row in rows}

    @_guarded
    async def content_hashes(self, scope: str = "") -> dict[str, str]:
        """Content hash of every document of a scope ("": the shared corpus), by id."""
        query = "SELECT id, content_hash FROM documents WHERE scope = ?"
        rows = await self._rows(query, (scope,))
        return {str(row[0]): str(row[1]) for row in rows}

    @_guarded
    async def content_hash(self, doc_id: str, scope: str = "") -> str | None:
        """A document's content hash, if the scope has a document of that id."""
        query = "SELECT content_hash FROM documents WHERE id = ? AND scope = ?"
        row = await self._row(query, (doc_id, scope))
        return str(row[0]) if row else None

    @_guarded
    async def owner(self, doc_id: str) -> str | None:
        """Whose a document id is: "" (shared), a server's id, or None when no document has it."""
        row = await self._row("SELECT scope FROM documents WHERE id = ?", (doc_id,))
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
            f"WHERE scope = ? AND source = ? ORDER BY {self.NEWEST_FIRST}",
            (upload.scope, upload.filename),
        )

    async def _stored(self, where: str, parameters: Sequence[object]) -> StoredDocument | None:
        query = f"SELECT id, {self.TITLE}, source FROM documents {where}"
        row = await self._row(query, parameters)
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
        await self._run("DELETE FROM documents WHERE id = ? AND scope = ?", (document.id, scope))
        await self._run(
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
                now(),
            ),
        )
        await self._run_many(
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
                    debate_json(passage),
                    tags.get(passage.id),
                    passage.paragraph,
                )
                for passage, passage_terms in zip(document.passages, terms, strict=True)
            ],
        )

    async def _store_original(self, doc_id: str, original: StoredUpload) -> None:
        """Keep an upload's bytes (compressed, with their SHA-256) and its extractor, in the
        caller's transaction."""
        await self._run(
            "INSERT INTO uploads (doc_id, filename, original, size, sha256, extractor,"
            " details_json, stored_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (doc_id) DO UPDATE"
            " SET filename = excluded.filename, original = excluded.original,"
            " size = excluded.size, sha256 = excluded.sha256, extractor = excluded.extractor,"
            " details_json = excluded.details_json, stored_at = excluded.stored_at",
            (
                doc_id,
                original.filename,
                zlib.compress(original.data, 9),
                len(original.data),
                hashlib.sha256(original.data).hexdigest(),
                original.extractor,
                json.dumps(original.details),
                now(),
            ),
        )

    async def _audit(self, scope: str, change: Change, doc_id: str | None) -> None:
        await self._run(
            "INSERT INTO corpus_audit (scope, user_id, action, doc_id, detail, created_at)"
            " VALUES (?,?,?,?,?,?)",
            (
                scope,
                str(change.user_id) if change.user_id is not None else None,
                change.action,
                doc_id,
                change.detail,
                now(),
            ),
        )

    @_guarded
    async def uploads(self, doc_ids: Iterable[str]) -> dict[str, StoredUpload]:
        """The stored originals of these documents (those that came from an upload)."""
        found: dict[str, StoredUpload] = {}
        for doc_id in doc_ids:
            rows = await self._rows(
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
        rows = await self._rows(query, (scope, limit))
        return [AuditEntry(str(r[0]), r[1], str(r[2]), r[3], str(r[4])) for r in rows]

    @_guarded
    async def count_documents(self, scope: str) -> int:
        """How many documents a scope has."""
        query = "SELECT COUNT(*) FROM documents WHERE scope = ?"
        row = await self._row(query, (scope,))
        return int(row[0]) if row else 0

    async def _count_passages(self, scope: str, excluding: str) -> int:
        query = (
            "SELECT COUNT(*) FROM passages JOIN documents ON documents.id = passages.doc_id"
            " WHERE documents.scope = ? AND documents.id != ?"
        )
        row = await self._row(query, (scope, excluding))
        return int(row[0]) if row else 0

    async def touch_source(self, doc_id: str, size: int, mtime_ns: int, scope: str = "") -> None:
        """Record new file facts for an unchanged document (same content, touched file)."""

        async def work() -> None:
            await self._run(
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
            count = await self._run(
                "DELETE FROM documents WHERE id = ? AND scope = ?", (doc_id, scope)
            )
            if count <= 0:
                return None
            await self._run("DELETE FROM uploads WHERE doc_id = ?", (doc_id,))
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
        held, parameters = self._held_documents(shards)
        partial = shards is not None and not shards.whole
        return await self._read(lambda: self._load(use_index and not partial, held, parameters))

    async def load_documents(self, doc_ids: Iterable[str]) -> LoadedCorpus:
        """Those of these documents still stored, with their passages and analysed terms
        (never the stored index, which is of the whole corpus), in one transaction;
        `generation` is the corpus version they are of."""
        wanted = sorted(set(doc_ids))
        marks = ",".join("?" * len(wanted)) or "NULL"
        return await self._read(lambda: self._load(False, f"id IN ({marks})", tuple(wanted)))

    @_guarded
    async def changes_since(self, generation: int) -> CorpusChanges | None:
        """Which documents changed after corpus version `generation` (each with its scope), and
        the version the corpus is at; None when the change log no longer reaches back that far
        (`CHANGES_KEPT`): the caller reloads whole."""
        latest = await self.corpus_generation()
        if latest <= generation:
            return CorpusChanges(latest, {})
        oldest = await self._row("SELECT MIN(generation) FROM corpus_changes")
        if oldest is None or oldest[0] is None or int(oldest[0]) > generation + 1:
            return None
        rows = await self._rows(
            "SELECT DISTINCT doc_id, scope FROM corpus_changes WHERE generation > ?",
            (generation,),
        )
        return CorpusChanges(latest, {str(row[0]): str(row[1]) for row in rows})

    def _held_documents(self, shards: Shards | None) -> tuple[str, tuple[int, ...]]:
        """A WHERE condition on `documents` (and its parameters) for the documents a process
        with `shards` holds: the shared ones and those of servers on its shards (every one when
        None or all shards). A server's scope is its id in decimal: a 64-bit integer."""
        if shards is None or shards.whole:
            return "1 = 1", ()
        ids = shards.sorted_ids()
        marks = ", ".join("?" * len(ids))
        shard = f"((CAST(scope AS {self.BIG_INTEGER}) >> {SNOWFLAKE_SHIFT}) % ?)"
        # CASE, not OR: PostgreSQL may cast '' before it looks at `scope = ''`.
        return f"CASE WHEN scope = '' THEN 1 = 1 ELSE {shard} IN ({marks}) END", (
            shards.count,
            *ids,
        )

    async def _load(self, use_index: bool, held: str, parameters: Sequence[object]) -> LoadedCorpus:
        """The documents matching the condition `held` (on `documents`, with `parameters`)."""
        generation = await self.corpus_generation()
        documents = await self._rows(
            "SELECT id, meta_json, body, content_hash, source, scope FROM documents"
            f" WHERE {held} ORDER BY id{self.BYTE_ORDER}",
            parameters,
        )
        in_held = f" WHERE doc_id IN (SELECT id FROM documents WHERE {held})"
        # The database thread reads the stored index while worker threads make the passages
        # (SQLite lets go of the GIL while it reads); the event loop does neither.
        reading = asyncio.ensure_future(self._stored_index(generation) if use_index else _nothing())
        try:
            corpus = await self._assemble(documents)
        finally:
            index = await reading
        del documents
        if index is not None and len(index.lengths) != corpus.passage_count:
            log.warning("the stored search index is of another corpus; rebuilding it")
            index = None
        terms: Mapping[str, list[str]] = {}
        if index is None:
            # The terms column is the bulk of a passage row: read only when there is no index.
            rows = await self._rows(f"SELECT id, terms FROM passages{in_held}", parameters)
            terms = StoredTerms(rows)
        return LoadedCorpus(corpus.documents, terms, corpus.scopes, corpus.tags, index, generation)

    async def _assemble(self, documents: list[Row]) -> Assembled:
        """The documents of these rows with their passages, read `DOCUMENTS_PER_FETCH`
        documents at a time: the next chunk is read while a worker thread makes the passages
        of the last, and only those two chunks' rows are held (all of them at once were the
        load's peak: 40 MB at 100k passages).

        Empties `documents` once read: the assembler then holds each body's text alone, and
        lets it go as it compresses it (56 MB of text at 100k passages, 26 MB compressed)."""
        assembler = Assembler(documents)
        doc_ids = [row[0] for row in documents]
        documents.clear()
        assembling: asyncio.Future[None] | None = None
        try:
            for first in range(0, len(doc_ids), DOCUMENTS_PER_FETCH):
                chunk = doc_ids[first : first + DOCUMENTS_PER_FETCH]
                rows = await self._rows(
                    'SELECT id, doc_id, number, start, "end", voice, speaker, sentences_json,'
                    " debate_json, tags_json, paragraph FROM passages"
                    f" WHERE doc_id IN ({','.join('?' * len(chunk))})"
                    f" ORDER BY doc_id{self.BYTE_ORDER}, number",
                    chunk,
                )
                if assembling is not None:
                    await assembling
                assembling = asyncio.ensure_future(asyncio.to_thread(assembler.add, rows))
                del rows
            if assembling is not None:
                await assembling
        finally:
            if assembling is not None and not assembling.done():
                # A read failed: let the worker finish before the error goes up.
                await asyncio.wait([assembling])
        return await asyncio.to_thread(assembler.finish)

    async def _stored_index(self, generation: int) -> IndexArrays | None:
        """The stored index if it was built from corpus version `generation` and is whole."""
        query = (
            f"SELECT generation, format, passages, vocabulary, {INDEX_COLUMNS} FROM index_snapshot"
        )
        row = await self._row(query)
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
        encoded = await asyncio.to_thread(encode_index, arrays)
        if encoded is None:
            log.info("the search index cannot be stored (too large, or an unusual term)")
            return False
        vocabulary, blobs = encoded

        async def work() -> bool:
            if await self.corpus_generation() != generation:
                return False
            await self._run(
                "INSERT INTO index_snapshot (id, generation, format, passages, vocabulary,"
                f" {INDEX_COLUMNS}, built_at) VALUES (1,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (id) DO UPDATE SET generation = excluded.generation,"
                " format = excluded.format, passages = excluded.passages,"
                " vocabulary = excluded.vocabulary, built_at = excluded.built_at, "
                + ", ".join(f"{name} = excluded.{name}" for name in IndexArrays.ARRAYS),
                (generation, INDEX_FORMAT, len(arrays.lengths), vocabulary, *blobs, now()),
            )
            return True

        return await self._write(work)

    @_guarded
    async def corpus_generation(self) -> int:
        """How many changes the corpus has had (bumped by the schema's triggers)."""
        row = await self._row("SELECT generation FROM corpus_state")
        return int(row[0]) if row else 0

    # --- feedback and channels -------------------------------------------------------------

    async def record_feedback(
        self, passage_id: str, question: str, vote: int, user_id: int, guild_id: int | None
    ) -> None:
        """One vote per user, passage and question; voting again replaces the earlier vote."""

        async def work() -> None:
            await self._run(
                "INSERT INTO feedback (passage_id, question, vote, user_id, guild_id, created_at)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT (passage_id, question, user_id)"
                " DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at",
                (passage_id, question, vote, str(user_id), str_or_none(guild_id), now()),
            )

        await self._write(work)

    @_guarded
    async def feedback(self, passage_id: str) -> list[tuple[str, int, str]]:
        """(question, vote, user id) of every vote on a passage."""
        query = "SELECT question, vote, user_id FROM feedback WHERE passage_id = ? ORDER BY id"
        rows = await self._rows(query, (passage_id,))
        return [(str(r[0]), int(r[1]), str(r[2])) for r in rows]

    async def set_listening(self, channel_id: int, guild_id: int | None, listen: bool) -> None:
        async def work() -> None:
            await self._run(
                "INSERT INTO channel_settings (channel_id, guild_id, listen) VALUES (?,?,?)"
                " ON CONFLICT (channel_id) DO UPDATE SET listen = excluded.listen",
                (str(channel_id), str_or_none(guild_id), int(listen)),
            )

        await self._write(work)

    @_guarded
    async def listening_channels(self) -> set[int]:
        query = "SELECT channel_id FROM channel_settings WHERE listen = 1"
        rows = await self._rows(query)
        return {int(row[0]) for row in rows}

    @_guarded
    async def synced_commands(self, scope: str) -> str | None:
        """The digest of the commands last registered in `scope`, if any were."""
        query = "SELECT digest FROM command_sync WHERE scope = ?"
        row = await self._row(query, (scope,))
        return str(row[0]) if row else None

    async def record_synced_commands(self, scope: str, digest: str) -> None:
        """Remember that the commands of `digest` are what Discord holds in `scope`."""

        async def work() -> None:
            await self._run(
                "INSERT INTO command_sync (scope, digest, synced_at) VALUES (?, ?, ?)"
                " ON CONFLICT (scope) DO UPDATE SET digest = excluded.digest,"
                " synced_at = excluded.synced_at",
                (scope, digest, now()),
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
            row = await self._row(
                "INSERT INTO answers (question, k, doc_id, passage_ids_json, guild_id,"
                " channel_id, user_id, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                (
                    question,
                    k,
                    doc_id,
                    json.dumps(list(passage_ids)),
                    str_or_none(guild_id),
                    str_or_none(channel_id),
                    str(user_id),
                    now(),
                ),
            )
            return int(row[0]) if row else 0

        return await self._write(work)

    @_guarded
    async def answer(self, answer_id: int) -> ShownAnswer | None:
        query = (
            "SELECT id, question, k, doc_id, page_offset, passage_ids_json, user_id"
            " FROM answers WHERE id = ?"
        )
        row = await self._row(query, (answer_id,))
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
            await self._run(
                "UPDATE answers SET page_offset = ?, passage_ids_json = ? WHERE id = ?",
                (offset, json.dumps(list(passage_ids)), answer_id),
            )

        await self._write(work)
