"""The corpus as the bot and the CLI use it: files -> store -> answer engine.

`Library` owns the store and the current `AnswerEngine`. Ingesting parses every file before
writing anything, writes in one transaction, then swaps in a new engine built off the event
loop; questions are answered off the loop too, so Discord's gateway keeps its heartbeat.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import dataclasses
import datetime as dt
import functools
import gc
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.answer import AnswerEngine
from bot.engine.check import MAX_CHECK_CHARS, CheckResult, check_quote
from bot.engine.debate import Clash, EvidenceItem, Unanswered, clash, list_evidence, unanswered
from bot.engine.evidence import SentenceKind, Tagger, encode_tags
from bot.engine.formats.article import article_paths, read_article
from bot.engine.formats.debatabase import debate_folders, read_debate
from bot.engine.formats.upload import (
    MAX_DOCUMENT_PASSAGES,
    UploadDetails,
    document_from_upload,
    extractor_for,
)
from bot.engine.models import Answer, CorpusError, Document, Passage
from bot.engine.question import Question
from bot.engine.rebut import MAX_ARGUMENT_CHARS, Rebuttal, rebut
from bot.engine.tuning import UNANSWERED_THRESHOLD
from bot.fetch import FetchError, fetch
from bot.logs import text_summary
from bot.settings import Settings
from bot.store import (
    AuditEntry,
    Change,
    CorpusWrite,
    DatabaseCheck,
    Fault,
    LoadedCorpus,
    NewUpload,
    ShownAnswer,
    SqliteStore,
    Store,
    StoredDocument,
    StoredUpload,
    StoreError,
    UploadLimits,
)
from bot.workers import UploadWorkers

log = logging.getLogger(__name__)
CHOICES_MAX = 25  # autocomplete offers at most 25 choices (Discord's limit)


@dataclass(slots=True)
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[CorpusError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
        ]
        if self.errors:
            parts.append(f"{len(self.errors)} rejected")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Uploaded:
    """An upload as stored: the document (named by the store), the server's document it
    replaced (same file name, or the one the uploader named), and the document that held the
    id the upload would have had (so the store gave it another)."""

    document: Document
    replaced: StoredDocument | None = None
    id_taken_by: StoredDocument | None = None


@contextlib.contextmanager
def _new_engine() -> Iterator[None]:
    """Around building an engine and putting it in place of the last one.

    The engine replaced is unfrozen, so it can be freed. No cyclic garbage collection runs
    meanwhile: the millions of objects a load makes set off collection after collection that
    find nothing (a second of a 100k-passage start). At the end the heap is frozen, before the
    collector is back on: an engine is immutable once built, and freezing it keeps the
    collector from scanning its millions of references (a full collection took 300-400 ms at
    100k passages, on the event loop or in the middle of an answer), while its first
    collection after the load would otherwise scan every object the load made (a 0.4 s stall
    of the loop at 100k). An engine forms no reference cycles (a test holds to that), so the
    one replaced is freed without a collection first.
    """
    gc.unfreeze()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
        return_free_memory()


def return_free_memory() -> None:
    """Give the memory the allocator holds free back to the system (glibc's `malloc_trim`;
    nothing elsewhere). A load frees rows and arrays among the objects it keeps, and the
    allocator keeps the pages they freed: 22 MB of 100k passages' resident memory, until
    trimmed (2 ms at 100k passages)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none."""
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def scope_of(guild_id: int | None) -> str:
    """The corpus a place sees: a server's id (the shared documents and its own), or "" in
    direct messages and on the command line (the shared documents only)."""
    return str(guild_id) if guild_id else ""


class Library:
    """The stored corpus and the engine that answers over it."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.engine = AnswerEngine([], settings.answer)
        self._ingest_lock = asyncio.Lock()
        self.uploads = UploadWorkers(
            settings.upload_workers,
            settings.upload_seconds,
            settings.upload_memory_mb * 1024 * 1024,
        )
        self._generation = -1  # the corpus version the engine holds (-1: none loaded yet)
        # One change to the engine at a time: this library's own writes and catching up with
        # other processes' (a full reload included).
        self._corpus_lock = asyncio.Lock()

    @classmethod
    async def open(cls, settings: Settings, *, sync_corpus: bool = True) -> Library:
        """Open the database, load what it holds, and ingest new or changed bundled files.

        Raises StoreError (one plain line) if the database cannot be opened, read or written;
        the database is closed again then, so no thread keeps the process alive.
        """
        store = await Store.connect(
            settings.database_location, busy_seconds=settings.database_busy_seconds
        )
        library = cls(store, settings)
        try:
            await library.reload()
            if sync_corpus and settings.corpus_dir.is_dir():
                report = await library.ingest([settings.corpus_dir])
                for error in report.errors:
                    log.warning("bundled article skipped: %s", error)
                if report.changed:
                    log.info("bundled corpus: %s", report.summary())
        except BaseException:
            await store.close()
            raise
        return library

    async def close(self) -> None:
        """Stop the upload workers (uploads in progress fail) and close the database."""
        self.uploads.close()
        await self.store.close()

    def abandon_uploads(self) -> None:
        """Stop the uploads being read now, at once (a shutdown does not wait for them): each
        fails with "the bot is restarting, so nothing was added"; none is taken after."""
        self.uploads.close()

    def on_storage_fault(self, listener: Callable[[StoreError], object]) -> None:
        """Call `listener` once, the first time the database fails for good (damaged,
        read-only, full, deleted or replaced: see `bot.store.FATAL_FAULTS`); every write after
        that is refused with the same error."""
        self.store.on_fault = listener

    async def watch_storage(self, every: float) -> None:
        """Check every `every` seconds that the database file is still the one opened (not
        deleted or replaced); returns when it is not (the fault listener has been told)."""
        while True:
            await asyncio.sleep(every)
            try:
                await self.store.check_file()
            except StoreError:
                return

    async def reload(self) -> None:
        """Rebuild the engine from what the store holds (no article file is read).

        The search index is read from the store when it holds one of this corpus version;
        otherwise it is built from the stored terms and stored for the next start. With
        `settings.shards` (SHARD_COUNT and SHARD_IDS), only the shared documents and the
        uploads of those shards' servers are read, and the index is built from their terms.
        """
        shards = self.settings.shards
        with _new_engine():
            loaded = await self.store.load(shards=shards)
            try:
                engine = await asyncio.to_thread(self._build, loaded)
            except ValueError as error:  # a stored index that does not fit the passages
                log.warning("the stored search index does not fit (%s); rebuilding it", error)
                loaded = await self.store.load(use_index=False, shards=shards)
                engine = await asyncio.to_thread(self._build, loaded)
            index_was_stored, generation = loaded.index is not None, loaded.generation
            del loaded  # the rows and terms read go now, not into the frozen heap
            self.engine, self._generation = engine, generation
        if not index_was_stored and engine.collection.passages:
            await self._store_index(generation)
        log.info(
            "loaded %d documents, %d passages (search index %s)",
            len(engine.collection.documents),
            len(engine.collection.passages),
            "read from the store" if index_was_stored else "built",
        )

    async def _changed(
        self,
        write: CorpusWrite | None,
        added: Sequence[tuple[Document, Sequence[Sequence[str]]]],
        removed: Iterable[str] = (),
        *,
        scope: str = "",
        tags: Mapping[str, str] | None = None,
    ) -> None:
        """Bring the engine up to date after this library's own `write`: the change applied to
        the engine in memory (see `AnswerEngine.changed`), or, if another writer changed the
        corpus in between, a full reload."""
        if write is None:
            return
        async with self._corpus_lock:
            if write.before != self._generation:
                # Another process wrote too: take what changed since our version from the
                # store, this write included.
                await self._catch_up()
                return
            await self._apply(write, added, removed, scope, tags)

    async def _apply(
        self,
        write: CorpusWrite,
        added: Sequence[tuple[Document, Sequence[Sequence[str]]]],
        removed: Iterable[str],
        scope: str,
        tags: Mapping[str, str] | None,
    ) -> None:
        """Apply this library's own `write` to the engine in memory."""
        with _new_engine():
            engine = await asyncio.to_thread(
                self.engine.changed, added, removed, scope=scope, stored_tags=tags
            )
            self.engine, self._generation = engine, write.after
        await self._store_index(write.after)
        log.info(
            "corpus changed: %d documents, %d passages",
            len(engine.collection.documents),
            len(engine.collection.passages),
        )

    async def catch_up(self) -> bool:
        """Take the corpus changes other processes made since the engine's version: the
        changed scopes' documents read again and applied in memory (see
        `AnswerEngine.changed`), or a full reload when the store's change log no longer reaches
        back that far. Returns whether anything changed."""
        async with self._corpus_lock:
            return await self._catch_up()

    async def _catch_up(self) -> bool:
        before = self._generation
        changes = await self.store.changes_since(before)
        if changes is None:
            log.info("the corpus changed too much since version %d; reloading it whole", before)
            await self.reload()
            return True
        if changes.latest == before:
            return False
        shards = self.settings.shards
        # Only the documents of scopes this process holds: another shard's are not read.
        changed = {
            doc_id: scope
            for doc_id, scope in changes.documents.items()
            if shards is None or shards.owns(scope)
        }
        # The version examined, not the one the documents were read at: a change made between
        # the two is read again at the next catch-up (applying a document twice is harmless).
        generation = changes.latest
        if changed:
            loaded = await self.store.load_documents(changed)
            with _new_engine():
                self.engine = await asyncio.to_thread(self._changed_documents, loaded, changed)
        self._generation = generation
        log.info(
            "corpus caught up to version %d (%d documents changed since version %d): %d documents",
            generation,
            len(changed),
            before,
            len(self.engine.collection.documents),
        )
        return True

    def _changed_documents(self, loaded: LoadedCorpus, changed: Mapping[str, str]) -> AnswerEngine:
        """The engine with the `changed` documents (id -> scope) made what `loaded` holds:
        those it holds added or replaced, the others removed (CPU-bound: run in a worker
        thread)."""
        engine = self.engine
        stored = {document.id: document for document in loaded.documents}
        for scope in sorted(set(changed.values())):
            ids = [doc_id for doc_id, owner in changed.items() if owner == scope]
            held = engine.collection.documents
            removed = [doc_id for doc_id in ids if doc_id not in stored and doc_id in held]
            added = [
                (stored[doc_id], [loaded.passage_terms[p.id] for p in stored[doc_id].passages])
                for doc_id in ids
                if doc_id in stored
            ]
            if added or removed:
                engine = engine.changed(added, removed, scope=scope, stored_tags=loaded.tags)
        return engine

    async def follow_changes(self, poll_seconds: float) -> None:
        """Apply other processes' corpus changes as they are made, until cancelled: on
        PostgreSQL as each is announced (`LISTEN`), and every `poll_seconds` in any case (on
        SQLite that is how they are found; on PostgreSQL it catches what a lost connection
        missed). A failed catch-up is logged and tried again at the next change or poll."""
        feed = asyncio.create_task(self._follow_feed()) if self.store.HAS_CHANGE_FEED else None
        try:
            while True:
                await asyncio.sleep(poll_seconds)
                await self._try_catch_up()
        finally:
            if feed is not None:
                feed.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await feed

    async def _follow_feed(self) -> None:
        delay = 0.5
        while True:
            try:
                await self._try_catch_up()  # whatever came while not listening
                async for change in self.store.corpus_changes():
                    delay = 0.5
                    if change.generation > self._generation:
                        await self._try_catch_up()
            except StoreError as error:
                log.warning("the corpus change feed was lost (%s); listening again", error)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)

    async def _try_catch_up(self) -> None:
        try:
            await self.catch_up()
        except StoreError as error:
            log.warning("could not take other processes' corpus changes: %s", error)

    async def _save(
        self,
        items: Sequence[tuple[Document, list[list[str]], tuple[int, int] | None]],
        *,
        scope: str = "",
        change: Change | None = None,
        originals: Mapping[str, StoredUpload] | None = None,
        existing_only: bool = False,
    ) -> None:
        """Write documents (with their terms and file facts, and the original bytes of
        uploads) and their sentence tags in one transaction, then bring the engine up to
        date."""
        tags = await asyncio.to_thread(self._tags, [document for document, _, _ in items])
        write = await self.store.save_documents(
            items,
            scope=scope,
            change=change,
            tags=tags,
            originals=originals,
            existing_only=existing_only,
        )
        added = [(document, terms) for document, terms, _ in items]
        await self._changed(write, added, scope=scope, tags=tags)

    def _build(self, loaded: LoadedCorpus) -> AnswerEngine:
        return AnswerEngine(
            loaded.documents,
            self.settings.answer,
            None,
            loaded.passage_terms,
            loaded.scopes,
            loaded.tags,
            loaded.index,
        )

    async def _store_index(self, generation: int) -> None:
        """Keep the index for the next start; failing to is logged, not fatal (the next start
        builds it again). A process holding some shards' servers keeps none: the stored index
        is of the whole corpus."""
        shards = self.settings.shards
        if shards is not None and not shards.whole:
            return
        try:
            stored = await self.store.save_index(generation, self.engine.collection.index.arrays())
        except StoreError as error:
            log.warning("the search index was not stored for the next start: %s", error)
            return
        if not stored:  # the corpus changed meanwhile, or the index cannot be stored
            log.info("the search index was not stored; the next start builds it")

    async def ingest(self, paths: Iterable[Path]) -> IngestReport:
        """Add or update the articles at `paths` (files or folders).

        A file whose size and modification time match the store is skipped unread; one whose
        content hash matches is a no-op. Files that fail to parse are reported and skipped; the
        others are written in one transaction and answer at once.
        """
        async with self._ingest_lock:
            report = IngestReport()
            try:
                files = list(article_paths(paths))
            except CorpusError as error:
                report.errors.append(error)
                return report
            known = await self.store.sources()
            parsed: list[tuple[Document, list[list[str]], tuple[int, int]]] = []
            for path in files:
                stat = path.stat()
                facts = (stat.st_size, stat.st_mtime_ns)
                stored = known.get(str(path))
                if stored and (stored.size, stored.mtime_ns) == facts:
                    report.unchanged.append(stored.doc_id)
                    continue
                try:
                    document = await asyncio.to_thread(read_article, path)
                    owner = await self.store.owner(document.id)
                    if owner:
                        raise CorpusError(
                            str(path),
                            f"the id {document.id!r} belongs to server {owner}; give the "
                            "article another 'id:'",
                        )
                except CorpusError as error:
                    report.errors.append(error)
                    continue
                previous_hash = await self.store.content_hash(document.id)
                if previous_hash == document.content_hash:
                    await self.store.touch_source(document.id, *facts)
                    report.unchanged.append(document.id)
                    continue
                terms = await asyncio.to_thread(self._analyse, document)
                parsed.append((document, terms, facts))
                (report.updated if previous_hash else report.added).append(document.id)
            duplicate = _duplicate_ids(doc for doc, _, _ in parsed)
            if duplicate:
                report.errors.append(
                    CorpusError(
                        duplicate[1],
                        f"the document id {duplicate[0]!r} is already "
                        f"used by {duplicate[2]}; give one of them another 'id:'",
                    )
                )
                return IngestReport(errors=report.errors)
            if parsed:
                await self._save(parsed)
            return report

    async def import_debates(self, root: Path, batch: int = 100) -> IngestReport:
        """Import every Debatabase debate folder under `root` (see `formats/debatabase.py`).

        Debates are written `batch` at a time, each batch in one transaction: an interrupted
        import leaves whole debates, and running it again adds the rest. A debate whose content
        hash is stored already is a no-op.
        """
        async with self._ingest_lock:
            report = IngestReport()
            try:
                folders = list(debate_folders(root))
            except CorpusError as error:
                report.errors.append(error)
                return report
            stored = await self.store.content_hashes()
            pending: list[tuple[Document, list[list[str]], tuple[int, int] | None]] = []
            seen: dict[str, str] = {}
            for start in range(0, len(folders), batch):
                parsed = await asyncio.to_thread(self._read_debates, folders[start : start + batch])
                for item in parsed:
                    if isinstance(item, CorpusError):
                        report.errors.append(item)
                        continue
                    document, terms = item
                    if document.id in seen:
                        report.errors.append(
                            CorpusError(
                                document.source,
                                f"the document id {document.id!r} is already used by "
                                f"{seen[document.id]}",
                            )
                        )
                        continue
                    seen[document.id] = document.source
                    previous = stored.get(document.id)
                    if previous == document.content_hash:
                        report.unchanged.append(document.id)
                        continue
                    pending.append((document, terms, None))
                    (report.updated if previous else report.added).append(document.id)
                if pending:
                    tags = await asyncio.to_thread(self._tags, [d for d, _, _ in pending])
                    await self.store.save_documents(pending, tags=tags)
                    pending = []
            if report.changed:
                await self.reload()
            return report

    def _read_debates(
        self, folders: list[Path]
    ) -> list[tuple[Document, list[list[str]]] | CorpusError]:
        out: list[tuple[Document, list[list[str]]] | CorpusError] = []
        for folder in folders:
            try:
                document = read_debate(folder)
            except CorpusError as error:
                out.append(error)
                continue
            out.append((document, self._analyse(document)))
        return out

    def _analyse(self, document: Document) -> list[list[str]]:
        return [self.engine.analyser.terms(passage.text) for passage in document.passages]

    @staticmethod
    def _tags(documents: Iterable[Document]) -> dict[str, str]:
        """Sentence tags of every passage, computed once at ingest rather than at question
        time (about a millisecond a passage)."""
        tags: dict[str, str] = {}
        for document in documents:
            tagger = Tagger.of(document.meta)
            for passage in document.passages:
                tags[passage.id] = encode_tags(tagger.tags(passage))
        return tags

    async def remove(self, doc_id: str, scope: str = "", user_id: int | None = None) -> bool:
        """Remove a scope's document ("": a shared one); False if the scope has no such
        document (another server's is never touched)."""
        async with self._ingest_lock:
            change = Change(user_id, "remove") if scope else None
            write = await self.store.remove_document(doc_id, scope, change)
            await self._changed(write, [], [doc_id])
            return write is not None

    # --- a server's own documents ------------------------------------------------------------

    async def upload(
        self,
        data: bytes,
        filename: str,
        scope: str,
        user_id: int | None,
        details: UploadDetails,
        *,
        replace: str | None = None,
        declared_charset: str | None = None,
        url: str | None = None,
    ) -> Uploaded:
        """Add one uploaded file to a server's corpus, or update one of the server's documents:
        the one `replace` names, else the one uploaded from the same file name. The store names
        a new document (see `Store.save_upload`): no upload can take or replace another
        server's document, nor, without asking, another of its own. The file is read in a
        worker process (see `bot.workers`), within a time and a memory budget.

        `declared_charset` and `url` describe a fetched page (its Content-Type charset and
        where it came from). The original bytes are stored with the document, so `reindex`
        can extract them again.

        Raises CorpusError (unsupported, too big, not UTF-8, empty, malformed, too slow or too
        big to read, a server limit reached, nothing to replace) with nothing written; the
        write and its audit entry are one
        transaction, so a failed upload leaves the corpus as it was.
        """
        if not scope:
            raise CorpusError(filename, "uploads belong to a server")
        if details.responds_to:
            details = dataclasses.replace(
                details, responds_to=self._answered(details.responds_to, scope, filename)
            )
        today = dt.datetime.now(dt.UTC).date()
        # Parsed, analysed and tagged in a worker process (see bot/workers.py).
        prepared = await self.uploads.prepare(
            data, filename, details, today, declared_charset=declared_charset, url=url
        )
        document, terms = prepared.upload.document, prepared.terms
        new = NewUpload(
            document=document,
            terms=terms,
            tags=list(prepared.tags),
            scope=scope,
            filename=filename,
            id_hint=prepared.upload.id_hint,
            user_id=user_id,
            replace=replace,
            original=StoredUpload(
                filename,
                data,
                prepared.upload.extractor,
                _details_json(details, url, declared_charset),
            ),
        )
        limits = UploadLimits(
            documents=self.settings.max_server_documents,
            passages=self.settings.max_server_passages,
            document_passages=MAX_DOCUMENT_PASSAGES,
        )
        async with self._ingest_lock:
            saved = await self.store.save_upload(new, limits)
            named = saved.document
            stored_tags = {
                passage.id: tag
                for passage, tag in zip(named.passages, new.tags, strict=True)
                if tag is not None
            }
            await self._changed(saved.write, [(named, terms)], scope=scope, tags=stored_tags)
        return Uploaded(named, saved.replaced, saved.id_taken_by)

    def _answered(self, named: str, scope: str, filename: str) -> str:
        """The id of the document `named` (an id or a title the scope sees) that an upload
        answers; CorpusError when the scope sees no such document."""
        collection = self.engine.collection
        if collection.is_visible(named, scope):
            return named
        wanted = " ".join(named.split()).casefold()
        found = [
            d.id for d in collection.visible_documents(scope) if d.meta.title.casefold() == wanted
        ]
        if len(found) != 1:
            raise CorpusError(
                filename,
                f"responds_to: there is no document {named[:80]!r} in this server's corpus "
                "(give its id or exact title)",
            )
        return found[0]

    async def upload_link(
        self,
        link: str,
        scope: str,
        user_id: int | None,
        details: UploadDetails,
        *,
        replace: str | None = None,
    ) -> Uploaded:
        """Fetch a pasted link (`bot.fetch`: http(s), bounded, public addresses only unless
        `FETCH_ALLOW_PRIVATE`) and add the page as `upload` adds a file.

        Raises CorpusError naming the link when it cannot be fetched, and as `upload` does
        (naming the page's file name) when what it gives cannot be added.
        """
        try:
            fetched = await fetch(link, allow_private=self.settings.fetch_allow_private)
        except FetchError as error:
            raise CorpusError(link[:200], str(error)) from None
        return await self.upload(
            fetched.data,
            fetched.filename,
            scope,
            user_id,
            details,
            replace=replace,
            declared_charset=fetched.charset,
            url=fetched.url,
        )

    async def reindex(self, scope: str, user_id: int | None = None) -> Reindexed:
        """Read a server's documents again: an upload whose stored original was extracted by
        an older extractor than today's is extracted again from those bytes (keeping its id
        and what the uploader said about it), and every document is analysed again (after an
        analyser upgrade).

        A file that no longer extracts keeps its current document and is named in the
        result's `failures`; the rest are written in one transaction.
        """
        async with self._ingest_lock:
            documents = self.own_documents(scope)
            originals = await self.store.uploads(d.id for d in documents)
            fresh: dict[str, StoredUpload] = {}
            failures: list[str] = []
            items = []
            held = sum(len(d.passages) for d in documents)
            for document in documents:
                original = originals.get(document.id)
                if original is not None:
                    try:
                        again = await asyncio.to_thread(_extract_again, document, original)
                    except CorpusError as error:
                        failures.append(str(error))
                        again = None
                    grown = 0 if again is None else len(again[0].passages) - len(document.passages)
                    if again is not None and held + grown > self.settings.max_server_passages:
                        failures.append(
                            f"{original.filename}: extracted again it would take the server over "
                            f"its {self.settings.max_server_passages:,} passages; kept as it was"
                        )
                    elif again is not None:
                        held += grown
                        document = again[0]
                        fresh[document.id] = StoredUpload(
                            original.filename, original.data, again[1], original.details
                        )
                terms = await asyncio.to_thread(self._analyse, document)
                items.append((document, terms, None))
            detail = f"{len(items)} documents, {len(fresh)} extracted again"
            if items:
                await self._save(
                    items,
                    scope=scope,
                    change=Change(user_id, "reindex", detail),
                    originals=fresh,
                    existing_only=True,
                )
            return Reindexed(len(items), len(fresh), tuple(failures))

    async def history(self, scope: str, limit: int = 20) -> list[AuditEntry]:
        """A server's latest corpus changes, newest first."""
        return await self.store.audit(scope, limit)

    # --- reading the corpus: cheap lookups, fine on the event loop ------------------------------

    def documents(self, scope: str = "") -> list[Document]:
        """The documents a place sees (`scope`: a server's id, "" for direct messages and the
        command line), oldest first (by date, then id)."""
        visible = self.engine.collection.visible_documents(scope)
        return sorted(visible, key=lambda d: (d.meta.date, d.id))

    def own_documents(self, scope: str) -> list[Document]:
        """A server's uploads (not the shared documents)."""
        return self.engine.collection.own_documents(scope)

    def document(self, doc_id: str, scope: str = "") -> Document | None:
        """The document with that id, if the place may see it."""
        collection = self.engine.collection
        if not collection.is_visible(doc_id, scope):
            return None
        return collection.documents[doc_id]

    def passage(self, passage_id: str, scope: str = "") -> Passage | None:
        """The passage with that id (`doc-id:pN`), if the place may see its document."""
        collection = self.engine.collection
        passage = collection.passage_by_id.get(passage_id)
        if passage is None or not collection.is_visible(passage.doc_id, scope):
            return None
        return passage

    def document_of(self, passage: Passage) -> Document:
        """The document a passage (one this library gave out) belongs to."""
        return self.engine.collection.documents[passage.doc_id]

    def context(self, passage_id: str) -> list[Passage]:
        """The passage with the paragraphs on either side of it, in order."""
        return self.engine.collection.neighbours(passage_id)

    def step(self, passage: Passage, by: int) -> Passage:
        """The paragraph `by` paragraphs after (before, when negative) `passage` in its
        document, stopping at the first and the last."""
        paragraphs = self.document_of(passage).passages
        return paragraphs[min(max(passage.number - 1 + by, 0), len(paragraphs) - 1)]

    def document_choices(self, typed: str, scope: str = "", *, own: bool = False) -> list[Document]:
        """Documents whose title or id contains what was typed, by title, at most
        `CHOICES_MAX`: those the place sees, or (`own`) the server's uploads only."""
        needle = typed.casefold().strip()
        collection = self.engine.collection
        documents = self.own_documents(scope) if own else collection.visible_documents(scope)
        return [
            document
            for document in sorted(documents, key=lambda d: d.meta.title)
            if not needle or needle in document.meta.title.casefold() or needle in document.id
        ][:CHOICES_MAX]

    async def passage_choices(self, typed: str, scope: str = "") -> list[Passage]:
        """Passages for what was typed, at most `CHOICES_MAX`, of the documents the place sees:
        those whose id starts with it; else the best BM25 matches for its words; else those
        of the documents whose id starts with it. Off the event loop (it scans every passage)."""
        return await asyncio.to_thread(self._passage_choices, self.engine, typed.strip(), scope)

    @staticmethod
    def _passage_choices(engine: AnswerEngine, needle: str, scope: str) -> list[Passage]:
        collection = engine.collection
        mask = collection.visible_mask(scope)
        visible = [p for p, shown in zip(collection.passages, mask, strict=True) if shown]
        if not needle:
            return visible[:CHOICES_MAX]
        passages: list[Passage] = []
        if ":" in needle or any(p.id.startswith(needle) for p in visible):
            passages = [p for p in visible if p.id.startswith(needle)]
        if not passages:
            passages = engine.search(needle, scope, CHOICES_MAX)
        if not passages:
            folded = needle.casefold()
            passages = [p for p in visible if p.doc_id.startswith(folded)]
        return passages[:CHOICES_MAX]

    # --- questions: cleaned once, before anything is acknowledged ----------------------------

    def question(self, text: str) -> Question:
        """`text` cleaned as a question; QuestionError when it is empty or over
        MAX_QUESTION_CHARS. A caller that must refuse privately checks here first and passes
        the result on (it is not cleaned again)."""
        return Question.of(text, self.settings.max_question_chars)

    def argument(self, text: str) -> Question:
        """`text` cleaned as an argument to rebut (QuestionError: empty, over
        MAX_ARGUMENT_CHARS)."""
        return Question.of(text, MAX_ARGUMENT_CHARS)

    def quotation(self, text: str) -> Question:
        """`text` cleaned as words to look for verbatim (QuestionError: empty, over
        MAX_CHECK_CHARS)."""
        return Question.of(text, MAX_CHECK_CHARS)

    # --- answering: CPU-bound, off the event loop --------------------------------------------

    async def ask(
        self,
        question: str | Question,
        k: int | None = None,
        *,
        offset: int = 0,
        doc_id: str | None = None,
        scope: str = "",
    ) -> Answer:
        """The top-k quotes for `question` from `offset` on, or an abstention (see
        `AnswerEngine.answer`). Raises QuestionError for an empty or over-long question.

        Logged at DEBUG as its length and a hash (its words only with LOG_CONTENT)."""
        engine = self.engine
        started = time.perf_counter()
        answer = await asyncio.to_thread(
            engine.answer,
            question,
            k,
            offset=offset,
            doc_id=doc_id,
            max_question_chars=self.settings.max_question_chars,
            scope=scope,
        )
        text = question.text if isinstance(question, Question) else question
        log.debug(
            "question %s in %s: %s in %.0f ms",
            text_summary(text, show=self.settings.log_content),
            f"server {scope}" if scope else "the shared corpus",
            "abstained" if answer.abstained else f"{len(answer.quotes)} quotes",
            (time.perf_counter() - started) * 1000,
        )
        return answer

    async def rebut(self, argument: str | Question, k: int = 3, scope: str = "") -> Rebuttal:
        """The best counters to an argument (see `bot.engine.rebut`)."""
        return await asyncio.to_thread(rebut, self.engine, argument, k, scope=scope)

    async def clash(self, topic: str, scope: str = "") -> list[Clash]:
        """Each side's best passage on a topic (see `bot.engine.debate.clash`)."""
        return await asyncio.to_thread(clash, self.engine, topic, scope)

    async def check(self, text: str | Question, scope: str = "") -> CheckResult:
        """Whether `text` is in the corpus verbatim, nearly, or not at all."""
        return await asyncio.to_thread(check_quote, self.engine, text, scope)

    async def evidence(
        self, doc_id: str | None = None, kind: SentenceKind | None = None, scope: str = ""
    ) -> list[EvidenceItem]:
        """Every evidence sentence (of one document, of one kind), in text order."""
        return await asyncio.to_thread(list_evidence, self.engine, doc_id, kind, scope)

    async def unanswered(
        self, doc_id: str, scope: str = "", threshold: float = UNANSWERED_THRESHOLD
    ) -> list[Unanswered]:
        """The paragraphs of an op-ed no reply engages; LookupError when nothing replies."""
        return await asyncio.to_thread(unanswered, self.engine, doc_id, threshold, scope)

    # --- what the bot remembers: answers shown, feedback, channels ---------------------------

    async def remember(
        self,
        answer: Answer,
        k: int,
        doc_id: str | None,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
    ) -> int | None:
        """Store an answer as shown, so its buttons work later (after restarts too); its id,
        or None for an abstention (which has no buttons)."""
        if answer.abstained:
            return None
        return await self.store.save_answer(
            answer.question,
            k,
            doc_id,
            [quote.passage_id for quote in answer.quotes],
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
        )

    async def remembered(self, answer_id: int) -> ShownAnswer | None:
        """An answer as shown, or None when it is too old to be kept."""
        return await self.store.answer(answer_id)

    async def turn_page(self, answer_id: int, answer: Answer) -> None:
        """The answer message now shows `answer` (the next page of the same question)."""
        await self.store.move_answer(
            answer_id, answer.offset, [quote.passage_id for quote in answer.quotes]
        )

    async def feedback(
        self, passage_id: str, question: str, vote: int, user_id: int, guild_id: int | None
    ) -> None:
        """A reader's 👍 (1) or 👎 (-1) on a passage as the answer to a question."""
        await self.store.record_feedback(passage_id, question, vote, user_id, guild_id)

    async def listening_channels(self) -> set[int]:
        """The channels where plain questions ending in '?' are answered."""
        return await self.store.listening_channels()

    async def set_listening(self, channel_id: int, guild_id: int | None, listen: bool) -> None:
        await self.store.set_listening(channel_id, guild_id, listen)

    async def synced_commands(self, scope: str) -> str | None:
        """The digest of the slash commands last registered with Discord in `scope` (an
        application and a guild, or global), if they were."""
        return await self.store.synced_commands(scope)

    async def record_synced_commands(self, scope: str, digest: str) -> None:
        await self.store.record_synced_commands(scope, digest)


@dataclass(frozen=True, slots=True)
class Backup:
    """A finished backup: where, its size in bytes, and what it holds."""

    path: Path
    size: int
    check: DatabaseCheck


async def backup_database(settings: Settings, target: Path) -> Backup:
    """Copy the database to `target` while the bot may be running (SQLite's online backup
    API), and check the copy in full. Raises StoreError (one plain line) if there is no
    database, it is damaged, `target` exists, or the copy cannot be written."""
    store = await Store.connect(
        settings.database_location,
        busy_seconds=settings.database_busy_seconds,
        migrate=False,
        create=False,
    )
    try:
        size = await store.backup(target)
    finally:
        await store.close()
    copy = await SqliteStore.open(target, migrate=False, create=False)
    try:
        check = await copy.integrity()
    finally:
        await copy.close()
    if not check.ok:
        raise StoreError(f"the backup {target} failed its check: {check.problems[0]}")
    return Backup(target, size, check)


async def check_database(settings: Settings) -> DatabaseCheck:
    """A full check of the database (see `Store.integrity`), without changing it: no schema
    migration, no file made. A file too damaged to open is one problem in the result."""
    path = settings.database_location
    try:
        store = await Store.connect(
            path,
            busy_seconds=settings.database_busy_seconds,
            migrate=False,
            check=False,
            create=False,
        )
    except StoreError as error:
        if error.fault is not Fault.DAMAGED:
            raise
        return DatabaseCheck(path, (str(error),), 0, 0, 0, 0)
    try:
        return await store.integrity()
    except StoreError as error:
        if error.fault is not Fault.DAMAGED:
            raise
        return DatabaseCheck(path, (str(error),), 0, 0, 0, 0)
    finally:
        await store.close()


@dataclass(frozen=True, slots=True)
class Reindexed:
    """What a reindex did: documents analysed again, uploads extracted again from their
    original bytes, and the files that could not be (each message names the file)."""

    documents: int
    extracted: int
    failures: tuple[str, ...] = ()


def _details_json(
    details: UploadDetails, url: str | None, charset: str | None = None
) -> dict[str, str]:
    """What the uploader said about the file (and, for a link, where it came from and the
    charset its server declared), to extract it again the same way."""
    given = {
        "title": details.title,
        "author": details.author,
        "date": details.date,
        "url": details.url,
        "kind": details.kind,
        "fetched_from": url,
        "charset": charset,
    }
    return {key: value for key, value in given.items() if value}


def _extract_again(document: Document, original: StoredUpload) -> tuple[Document, str] | None:
    """The document extracted again from its stored original, with its id, when today's
    extractor for the file is not the one that read it; else None. Blocking (a worker process
    for HTML and PDF). Raises `CorpusError` naming the file."""
    if original.extractor == extractor_for(original.data, original.filename):
        return None
    given = original.details
    details = UploadDetails(
        title=given.get("title"),
        author=given.get("author"),
        date=given.get("date"),
        url=given.get("url"),
        kind=given.get("kind"),
    )
    again = document_from_upload(
        original.data,
        original.filename,
        details,
        document.meta.date,  # a file that gives no date keeps the one it was given
        declared_charset=given.get("charset"),
        url=given.get("fetched_from"),
        doc_id=document.id,
    )
    return again.document, again.extractor


def _duplicate_ids(documents: Iterable[Document]) -> tuple[str, str, str] | None:
    seen: dict[str, str] = {}
    for document in documents:
        if document.id in seen:
            return document.id, document.source, seen[document.id]
        seen[document.id] = document.source
    return None
