"""The engine in use, kept in step with the store: built at start (`reload`), changed in memory
after this process's own writes (`changed`), and brought up to date with other processes' writes
(`catch_up`, `follow_changes`: PostgreSQL's change feed, or polling). Each new engine is built off
the event loop and frozen out of the garbage collector's way (`_new_engine`), then warmed in the
background (`AnswerEngine.warm` in a worker thread): what its first questions would build on
their answer path is built before they come.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from bot.engine.answer import AnswerEngine
from bot.engine.arrays import IndexArrays
from bot.engine.index import PassageIndex
from bot.engine.models import Document
from bot.engine.names import DocumentNames, NamesRead
from bot.settings import Settings
from bot.store import INDEX_FORMAT, CorpusWrite, LoadedCorpus, Store, StoreError

log = logging.getLogger(__name__)


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
    one replaced is freed without a collection first. The engine is built with glibc's default
    trim threshold and answers with a higher one (`set_trim_threshold`).
    """
    fix_mmap_threshold()
    set_trim_threshold(LOAD_TRIM_THRESHOLD_BYTES)
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
        set_trim_threshold(ANSWER_TRIM_THRESHOLD_BYTES)


def return_free_memory() -> None:
    """Give the memory the allocator holds free back to the system (glibc's `malloc_trim`;
    nothing elsewhere). A load frees rows and arrays among the objects it keeps, and the
    allocator keeps the pages they freed: 22 MB of 100k passages' resident memory, until
    trimmed (2 ms at 100k passages)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


# glibc's mallopt parameter for the size from which a block is mapped on its own (M_MMAP_THRESHOLD),
# and the size it is fixed at.
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 4 * 2**20


@functools.cache
def fix_mmap_threshold() -> bool:
    """Fix the size from which glibc maps a block on its own, and so returns it to the system
    when freed, at `MMAP_THRESHOLD_BYTES` (once a process; True if it was set, False where the
    C library has no `mallopt`).

    glibc raises that threshold each time a mapped block is freed, up to 32 MB: after the
    first large block a load frees (the stored index's frequencies, 26 MB at 100k passages),
    the next are carved from a heap, and whether their space went back to the system at the
    end of the load depended on the threads' timing: 20 MB more resident memory at 100k
    passages one start in two. Fixed, it never rises.
    """
    return _mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


# glibc's mallopt parameter for how much free memory at the top of a heap is kept rather than
# given back to the system (M_TRIM_THRESHOLD), and its values: glibc's default while an engine
# is built; 1 MB while it answers (at 100k passages, 1 MB held the resident memory after the
# first answer where it was, 148.6-149.5 MB a 100k against 148.8-149.6; 2 MB and 4 MB added
# 0.7-0.9 MB, the 4 MB answering faster still: see docs/performance.md, seventeenth session).
_M_TRIM_THRESHOLD = -1
LOAD_TRIM_THRESHOLD_BYTES = 128 * 2**10
ANSWER_TRIM_THRESHOLD_BYTES = 2**20


def set_trim_threshold(size: int) -> bool:
    """Keep up to `size` bytes free at the top of each of glibc's heaps rather than give them
    back to the system as they are freed (True if set, False where the C library has no
    `mallopt`).

    Fixing the mapping threshold (`fix_mmap_threshold`) stops glibc from raising this one with
    it, so it stayed at 128 kB: an answer's arrays over its candidates (200 kB each for a
    typed question with 25k of them at 100k passages) were given back to the system as they
    were freed and faulted in again, zeroed, by the next array. An engine is built with
    glibc's default (what a load frees goes back at its end: `return_free_memory`), then
    answers with `ANSWER_TRIM_THRESHOLD_BYTES` (`_new_engine`).
    """
    return _mallopt(_M_TRIM_THRESHOLD, size)


def _mallopt(parameter: int, value: int) -> bool:
    """glibc's `mallopt(parameter, value)`: True if set, False where it failed or the C
    library has no `mallopt`."""
    mallopt = _mallopt_function()
    return mallopt is not None and bool(mallopt(parameter, value))


@functools.cache
def _mallopt_function() -> Callable[[int, int], int] | None:
    """glibc's `mallopt`, or None where the C library has none. Looked up once: each
    `ctypes.CDLL` makes a class of its own, cyclic garbage that the heap frozen after each
    engine's build (`_new_engine`) would keep."""
    try:
        mallopt: Callable[[int, int], int] = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return None
    return mallopt


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none."""
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


class LiveEngine:
    """The `AnswerEngine` a library answers with (`engine`) and the corpus version it holds;
    one change to it at a time (this process's own writes, catching up with others', a
    reload)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.engine = AnswerEngine([], settings.answer)
        self._generation = -1  # the corpus version the engine holds (-1: none loaded yet)
        # One change to the engine at a time: this library's own writes and catching up with
        # other processes' (a full reload included).
        self._corpus_lock = asyncio.Lock()
        # Storing the index after a change of this process's own, in the background (see
        # `_apply`): the latest such task, which waits for the one before it.
        self._index_task: asyncio.Task[None] | None = None
        # Whether each new engine is warmed (see `_warm_later`; a one-shot command does not).
        self.warming = True
        # Warming the engine in place, in the background: the latest such task, which waits
        # for the one before it, and the event that stops it (set when its engine is replaced
        # or the library closes).
        self._warm_task: asyncio.Task[None] | None = None
        self._warm_stop = threading.Event()

    async def reload(self) -> None:
        """Rebuild the engine from what the store holds (no article file is read).

        The search index is read from the store when it holds one of this corpus version;
        otherwise it is built from the stored terms and stored for the next start. With
        `settings.shards` (SHARD_COUNT and SHARD_IDS), only the shared documents and the
        uploads of those shards' servers are read, and the index is built from their terms.
        """
        shards = self.settings.shards
        with _new_engine():
            # The documents' names are read as the load makes them (see `NamesRead`).
            names = NamesRead()
            # The stored index is made searchable while the passages are still being read.
            loaded = await self.store.load(
                shards=shards, prepare=names.add, prepare_index=self._index_of
            )
            index_was_stored, generation = loaded.index is not None, loaded.generation
            # An index stored in an older format (int32 term ids or frequencies) is stored
            # again in the current one, once: the next start then reads it as the index holds it.
            restore = loaded.index is not None and loaded.index_format < INDEX_FORMAT
            try:
                engine = await asyncio.to_thread(self._build_taking, [loaded], names.parts)
            except ValueError as error:  # a stored index that does not fit the passages
                log.warning("the stored search index does not fit (%s); rebuilding it", error)
                names = NamesRead()
                loaded = await self.store.load(use_index=False, shards=shards, prepare=names.add)
                index_was_stored, generation, restore = False, loaded.generation, False
                engine = await asyncio.to_thread(self._build_taking, [loaded], names.parts)
            del names
            del loaded  # the rows and terms read go now, not into the frozen heap
            self.engine, self._generation = engine, generation
        self._warm_later(engine)
        if (restore or not index_was_stored) and engine.collection.passages:
            await self._store_index(engine, generation)
        log.info(
            "loaded %d documents, %d passages (search index %s)",
            len(engine.collection.documents),
            len(engine.collection.passages),
            "read from the store" if index_was_stored else "built",
        )

    async def changed(
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
        """Apply this library's own `write` to the engine in memory. The changed engine's
        index is stored for the next start in the background (`index_stored` waits for it):
        the change answers as soon as the engine is in place, not after the index is
        renumbered, encoded and written (0.7-1 s at 100k passages)."""
        with _new_engine():
            engine = await asyncio.to_thread(
                self.engine.changed, added, removed, scope=scope, stored_tags=tags
            )
            self.engine, self._generation = engine, write.after
        # The scope written to is warmed too: its questions are the likeliest to come next.
        self._warm_later(engine, ("", scope))
        self._store_index_later(engine, write.after)
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
            self._warm_later(self.engine)
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

    def _build_taking(
        self, held: list[LoadedCorpus], names: Mapping[str, DocumentNames] | None = None
    ) -> AnswerEngine:
        """The engine of the one corpus in `held`, taken out of it: the worker thread then
        holds the last reference to what was read, and frees what the engine does not keep
        (the rows, the index's temporary arrays) before the engine is handed back, not a moment
        after, when the heap has been trimmed (`return_free_memory`) and frozen. `names`: the
        documents' names the load read (`NamesRead`)."""
        return self._build(held.pop(), names)

    def _index_of(self, arrays: IndexArrays) -> IndexArrays | PassageIndex:
        """The index the engine will search, made of the stored arrays (see `Store.load`'s
        `prepare_index`: 0.1-0.15 s of a 100k-passage start, done beside the passages' reads
        rather than after them); the arrays themselves when they make none (`ValueError`):
        the engine's build then finds that out again, and the start rebuilds the index as it
        did."""
        try:
            return PassageIndex.from_arrays(arrays, self.settings.answer.bm25)
        except ValueError:
            return arrays

    def _build(
        self, loaded: LoadedCorpus, names: Mapping[str, DocumentNames] | None = None
    ) -> AnswerEngine:
        return AnswerEngine(
            loaded.documents,
            self.settings.answer,
            None,
            loaded.passage_terms,
            loaded.scopes,
            loaded.tags,
            loaded.index,
            names,
        )

    def _warm_later(self, engine: AnswerEngine, scopes: Sequence[str] = ("",)) -> None:
        """Warm `engine` (the one just put in place) for `scopes` in a worker thread (see
        `AnswerEngine.warm`), in a background task, once the warming of the engine before it
        has stopped: that one is told to stop now (its engine is replaced), and this one stops
        in its turn when a newer engine is put in place or the library closes (`stop_warming`).
        Nothing when `warming` is off. A failure is logged: the first questions then build what
        they need themselves, as they would have."""
        if not self.warming:
            return
        previous = self._warm_task
        self._warm_stop.set()  # the engine it warms is no longer the one answering
        stop = self._warm_stop = threading.Event()

        def stopped() -> bool:
            return stop.is_set() or self.engine is not engine

        async def warm() -> None:
            if previous is not None and _awaitable_here(previous):
                # Not two warmings at once (two cores). `wait`: a cancelled one does not cancel
                # this one.
                await asyncio.wait([previous])
            if stopped():
                return
            started = time.perf_counter()
            try:
                await asyncio.to_thread(engine.warm, scopes, stopped)
                # What the warm-up read and dropped (documents' openings, decompressed) goes
                # back to the system: 3-4 MB of 100k passages' resident memory otherwise.
                return_free_memory()
            except Exception:  # a head start for the first questions, and nobody awaits this
                log.exception("the engine was not warmed; its first questions build what it needs")
                return
            log.debug(
                "engine warmed%s in %.0f ms",
                " (stopped)" if stopped() else "",
                (time.perf_counter() - started) * 1000,
            )

        self._warm_task = asyncio.create_task(warm())

    async def warmed(self) -> None:
        """Wait until the engine in place is warmed (or its warming stopped or failed); at
        once when none is being warmed."""
        task = self._warm_task
        if task is not None and _awaitable_here(task):
            await asyncio.wait([task])

    async def stop_warming(self) -> None:
        """Stop warming (at the end of the step in progress: at most 0.2 s at 100k passages)
        and wait for the worker thread to be done with it, when the task is of this event
        loop; from another loop, the warming is only told to stop. No engine is warmed after
        this (`warming` is off)."""
        self.warming = False
        self._warm_stop.set()
        await self.warmed()

    def _store_index_later(self, engine: AnswerEngine, generation: int) -> None:
        """Store `engine`'s index (of corpus version `generation`) in a background task, after
        the one storing the previous change's; skipped if a newer change came meanwhile (its
        own task stores it)."""
        previous = self._index_task

        async def store() -> None:
            if previous is not None and _awaitable_here(previous):
                with contextlib.suppress(Exception):
                    await previous
            if self._generation != generation:
                return
            try:
                await self._store_index(engine, generation)
            except Exception:  # a cache for the next start, and nobody awaits this task
                log.exception("the search index was not stored for the next start")

        self._index_task = asyncio.create_task(store())

    async def index_stored(self) -> None:
        """Wait until the index of this process's last change is stored (or found not worth
        storing); at once when none is being stored. A failure was logged already."""
        task = self._index_task
        if task is not None and _awaitable_here(task):
            with contextlib.suppress(Exception):
                await task

    async def _store_index(self, engine: AnswerEngine, generation: int) -> None:
        """Keep `engine`'s index (of corpus version `generation`) for the next start; failing
        to is logged, not fatal (the next start builds it again). A process holding some
        shards' servers keeps none: the stored index is of the whole corpus. The arrays are
        made in a worker thread (an index changed in memory renumbers its terms there: see
        `PassageIndex.arrays`)."""
        shards = self.settings.shards
        if shards is not None and not shards.whole:
            return
        try:
            arrays = await asyncio.to_thread(
                functools.partial(engine.collection.index.arrays, packed=True)
            )
            stored = await self.store.save_index(generation, arrays)
            del arrays
        except StoreError as error:
            log.warning("the search index was not stored for the next start: %s", error)
            return
        if not stored:  # the corpus changed meanwhile, or the index cannot be stored
            log.info("the search index was not stored; the next start builds it")


def _awaitable_here(task: asyncio.Task[None]) -> bool:
    """Whether `task` is still running on this event loop. One made on a loop that has ended
    (a caller running each step in its own `asyncio.run`) was cancelled with it, and a task of
    another loop cannot be awaited here: its index is not stored, and the next start builds it
    again."""
    return not task.done() and task.get_loop() is asyncio.get_running_loop()
