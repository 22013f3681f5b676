"""Reading the corpus back: every document a process holds with its passages (`load`), the
documents changed since a corpus version (`changes_since`, `load_documents`), and the stored
search index (`save_index`), each read in one transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence

from bot.engine.arrays import IndexArrays
from bot.engine.index import PassageIndex
from bot.engine.models import Document
from bot.shards import SNOWFLAKE_SHIFT, Shards
from bot.store.access import Row, StoreAccess, _guarded
from bot.store.assembly import VOICE_READ, Assembled, Assembler, StoredTerms
from bot.store.records import (
    INDEX_COLUMNS,
    INDEX_FORMAT,
    READABLE_INDEX_FORMATS,
    CorpusChanges,
    LoadedCorpus,
    decode_index,
    encode_index,
    now,
)

log = logging.getLogger(__name__)
# Documents whose passage rows a load reads at once: at 20 passages a document (the synthetic
# corpus; debates have ~15), 5,000 rows, a few megabytes; 20 fetches at 100k passages.
DOCUMENTS_PER_FETCH = 256
# The id a passage has unless it was given another (`Passage.id`), in SQL.
_MADE_ID = "doc_id || ':p' || number"


async def _nothing() -> None:
    return None


def _assemble_chunk(
    assembler: Assembler,
    rows: list[Row],
    doc_ids: list[str],
    prepare: Callable[[list[Document]], object] | None,
) -> None:
    """Add a chunk's passage rows, then hand its documents, now whole, to `prepare`."""
    assembler.add(rows)
    if prepare is not None:
        prepare(assembler.complete(doc_ids))


class CorpusReads(StoreAccess):
    """The stored corpus as the engine is built from it, and the search index kept of it."""

    @_guarded
    async def load(
        self,
        *,
        use_index: bool = True,
        shards: Shards | None = None,
        prepare: Callable[[list[Document]], object] | None = None,
        prepare_index: Callable[[IndexArrays], IndexArrays | PassageIndex] | None = None,
    ) -> LoadedCorpus:
        """Every stored document with its passages, and the stored index of them when there is
        a usable one (`use_index`); otherwise every passage's analysed terms.

        `prepare` is called with the documents a chunk at a time as they are made, in the
        worker thread that makes them, while the database reads the next chunk: what the
        engine reads of each document can be read then, not after the load (the documents'
        names: `NamesRead`). Its errors end the load. `prepare_index` is called with the stored
        index's arrays once they are read, in a worker thread, while the passages are still
        being read; what it returns (the index made of them, or the arrays) is the loaded
        `index`. Its errors end the load too.

        With `shards`, only the shared documents (scope "") and the uploads of the servers
        those shards own (`bot.shards`) are read, chosen in SQL; the stored index (of the whole
        corpus) is then not used, the terms are read instead.

        Everything is read in one transaction, so the documents, the passages and the index are
        of the same corpus version even while another process writes. Raises StoreError when
        the check of the file that opening it started beside this read finds it damaged
        (`checked`).
        """
        held, parameters = self._held_documents(shards)
        partial = shards is not None and not shards.whole
        try:
            loaded = await self._read(
                lambda: self._load(
                    use_index and not partial, held, parameters, prepare, prepare_index
                )
            )
        except Exception:
            await self.checked()  # a damaged file, if the check found one, is the reason
            raise
        await self.checked()  # read beside the check of the file opening it started
        return loaded

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

    async def _load(
        self,
        use_index: bool,
        held: str,
        parameters: Sequence[object],
        prepare: Callable[[list[Document]], object] | None = None,
        prepare_index: Callable[[IndexArrays], IndexArrays | PassageIndex] | None = None,
    ) -> LoadedCorpus:
        """The documents matching the condition `held` (on `documents`, with `parameters`)."""
        generation = await self.corpus_generation()
        documents = await self._rows(
            "SELECT id, meta_json, body, content_hash, source, scope, packed FROM documents"
            f" WHERE {held} ORDER BY id{self.BYTE_ORDER}",
            parameters,
        )
        in_held = f" WHERE doc_id IN (SELECT id FROM documents WHERE {held})"
        # The database thread reads the stored index while worker threads make the passages
        # (SQLite lets go of the GIL while it reads); the event loop does neither.
        reading = asyncio.ensure_future(
            self._stored_index(generation, prepare_index) if use_index else _nothing()
        )
        try:
            corpus = await self._assemble(documents, prepare)
        finally:
            stored = await reading
        del documents
        if stored is not None and stored[0].size != corpus.passage_count:
            log.warning("the stored search index is of another corpus; rebuilding it")
            stored = None
        index, layout = stored if stored is not None else (None, 0)
        terms: Mapping[str, list[str]] = {}
        if index is None:
            # The terms column is the bulk of a passage row: read only when there is no index.
            rows = await self._rows(f"SELECT id, terms FROM passages{in_held}", parameters)
            terms = StoredTerms(rows)
        return LoadedCorpus(
            corpus.documents, terms, corpus.scopes, corpus.tags, index, generation, layout
        )

    async def _assemble(
        self, documents: list[Row], prepare: Callable[[list[Document]], object] | None = None
    ) -> Assembled:
        """The documents of these rows with their passages, read `DOCUMENTS_PER_FETCH`
        documents at a time: the next chunk is read while a worker thread makes the passages
        of the last, and only those two chunks' rows are held (all of them at once were the
        load's peak: 40 MB at 100k passages).

        Empties `documents` once read: the assembler then holds each body alone (compressed
        as stored: 24 MB at 100k passages; a body stored before schema version 11 is
        compressed as its passages are made).

        The documents' metadata is parsed (`Assembler`, 0.5 s at 1M passages) in a worker
        thread while the database thread reads the stored index and the first chunk's rows:
        on the event loop, it held the index read back until it was done."""
        doc_ids = [row[0] for row in documents]
        making = asyncio.ensure_future(asyncio.to_thread(Assembler, documents))
        await asyncio.sleep(0)  # the index read (`_load`) asks the database thread first
        assembling: asyncio.Future[None] | None = None
        try:
            for first in range(0, len(doc_ids), DOCUMENTS_PER_FETCH):
                chunk = doc_ids[first : first + DOCUMENTS_PER_FETCH]
                rows = await self._rows(
                    # A passage id made of its document's and its number, and spans stored
                    # packed, come back as NULL: no string made a row for them (a second of a
                    # 1M-passage start); a voice, as a character (`VOICE_READ`).
                    f"SELECT CASE WHEN id = {_MADE_ID} THEN NULL ELSE id END, doc_id, number,"
                    f' start, "end", {VOICE_READ}, speaker,'
                    " CASE WHEN sentences IS NULL THEN sentences_json END,"
                    " debate_json, tags_json, paragraph, sentences FROM passages"
                    f" WHERE doc_id IN ({','.join('?' * len(chunk))})"
                    f" ORDER BY doc_id{self.BYTE_ORDER}, number",
                    chunk,
                )
                if assembling is not None:
                    await assembling
                assembler = await making
                documents.clear()
                assembling = asyncio.ensure_future(
                    asyncio.to_thread(_assemble_chunk, assembler, rows, chunk, prepare)
                )
                del rows
            if assembling is not None:
                await assembling
            assembler = await making
            documents.clear()
        finally:
            # A read failed: let the workers finish before the error goes up (the metadata's
            # own error, if it has one, then goes unheard: the read's is raised).
            await asyncio.wait([making])
            if not making.cancelled():
                making.exception()
            if assembling is not None and not assembling.done():
                await asyncio.wait([assembling])
        return await asyncio.to_thread(assembler.finish)

    async def _stored_index(
        self,
        generation: int,
        prepare: Callable[[IndexArrays], IndexArrays | PassageIndex] | None = None,
    ) -> tuple[IndexArrays | PassageIndex, int] | None:
        """The stored index and the format it was stored in, if it was built from corpus
        version `generation`, in a format this program reads, and whole; with `prepare`, what
        it makes of the arrays (in a worker thread: the load reads on meanwhile)."""
        query = (
            f"SELECT generation, format, passages, vocabulary, {INDEX_COLUMNS} FROM index_snapshot"
        )
        row = await self._row(query)
        if row is None or int(row[0]) != generation or int(row[1]) not in READABLE_INDEX_FORMATS:
            return None
        try:
            arrays = decode_index(int(row[1]), str(row[3]) if row[3] else None, row[4:])
        except (TypeError, ValueError) as error:
            log.warning("the stored search index is unreadable (%s); rebuilding it", error)
            return None
        # Whether the arrays hang together is checked as the index is built from them
        # (`PassageIndex.from_arrays`); here, only that they are of this corpus.
        if len(arrays.lengths) != int(row[2]):
            log.warning("the stored search index is damaged (passage count); rebuilding it")
            return None
        if prepare is not None:
            return await asyncio.to_thread(prepare, arrays), int(row[1])
        return arrays, int(row[1])

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
