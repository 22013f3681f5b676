"""Writing bundled articles and Debatabase debates into the store: files read and analysed
(sentence tags included), unchanged ones skipped, each batch written in one transaction, then
the live engine brought up to date; and removing a document.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.evidence import Tagger, encode_tags
from bot.engine.models import CorpusError, Document
from bot.engine.text import analyse_document
from bot.live import LiveEngine
from bot.store import Change, Store, StoredUpload


@dataclass(slots=True)
class IngestReport:
    """What an ingest or an import did: the ids of the documents added, updated and
    unchanged, and the files rejected (each error names its file)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[CorpusError] = field(default_factory=list)
    # Sources skipped as the same document as one read before them in this run (a Debatabase
    # debate filed under two themes): no error, nothing written twice.
    duplicates: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether any document was added or updated."""
        return bool(self.added or self.updated)

    def summary(self) -> str:
        """One line of counts: "2 added, 0 updated, 5 unchanged[, 3 duplicates skipped][, 1
        rejected]"."""
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
        ]
        if self.duplicates:
            count = len(self.duplicates)
            parts.append(f"{count} duplicate{'s' if count != 1 else ''} skipped")
        if self.errors:
            parts.append(f"{len(self.errors)} rejected")
        return ", ".join(parts)


def sentence_tags(documents: Iterable[Document]) -> dict[str, str]:
    """Sentence tags of every passage (passage id -> encoded tags), computed once at ingest
    rather than at question time (about a millisecond a passage)."""
    tags: dict[str, str] = {}
    for document in documents:
        tagger = Tagger.of(document.meta)
        for passage, passage_tags in zip(
            document.passages, tagger.document_tags(document.passages), strict=True
        ):
            tags[passage.id] = encode_tags(passage_tags)
    return tags


class CorpusWriter:
    """Every write of documents to the store, one at a time (`lock`, which uploads take too),
    each followed by the live engine's update."""

    def __init__(self, store: Store, live: LiveEngine) -> None:
        self.store = store
        self.live = live
        self.lock = asyncio.Lock()

    async def save(
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
        tags = await asyncio.to_thread(sentence_tags, [document for document, _, _ in items])
        write = await self.store.save_documents(
            items,
            scope=scope,
            change=change,
            tags=tags,
            originals=originals,
            existing_only=existing_only,
        )
        added = [(document, terms) for document, terms, _ in items]
        await self.live.changed(write, added, scope=scope, tags=tags)

    async def ingest(self, paths: Iterable[Path]) -> IngestReport:
        """Add or update the articles at `paths` (files or folders).

        A file whose size and modification time match the store is skipped unread; one whose
        content hash matches is a no-op. Files that fail to parse are reported and skipped; the
        others are written in one transaction and answer at once.
        """
        # The article format is imported when articles are read, not at start: a start
        # that syncs no files answers sooner (see `UploadDetails`).
        from bot.engine.formats.article import article_paths, read_article

        async with self.lock:
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
                document, terms = await asyncio.to_thread(self.analyse, document)
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
                await self.save(parsed)
            return report

    async def import_debates(self, root: Path, batch: int = 100) -> IngestReport:
        """Import every Debatabase debate folder under `root` (see `formats/debatabase.py`).

        Debates are written `batch` at a time, each batch in one transaction: an interrupted
        import leaves whole debates, and running it again adds the rest. A debate whose content
        hash is stored already is a no-op. A debate found again in another folder (the
        Debatabase files 21 debates under two themes) is skipped as a duplicate when it reads
        the same, and rejected, naming both folders, when it does not.
        """
        from bot.engine.formats.debatabase import debate_folders  # as `ingest` imports

        async with self.lock:
            report = IngestReport()
            try:
                folders = list(debate_folders(root))
            except CorpusError as error:
                report.errors.append(error)
                return report
            stored = await self.store.content_hashes()
            pending: list[tuple[Document, list[list[str]], tuple[int, int] | None]] = []
            seen: dict[str, tuple[str, str]] = {}  # id -> the source and content hash read first
            for start in range(0, len(folders), batch):
                parsed = await asyncio.to_thread(self._read_debates, folders[start : start + batch])
                for item in parsed:
                    if isinstance(item, CorpusError):
                        report.errors.append(item)
                        continue
                    document, terms = item
                    if document.id in seen:
                        first, first_hash = seen[document.id]
                        if first_hash == document.content_hash:
                            # The same debate in another theme's folder: read once.
                            report.duplicates.append(document.source)
                        else:
                            report.errors.append(
                                CorpusError(
                                    document.source,
                                    f"the document id {document.id!r} is already used by {first}",
                                )
                            )
                        continue
                    seen[document.id] = (document.source, document.content_hash)
                    previous = stored.get(document.id)
                    if previous == document.content_hash:
                        report.unchanged.append(document.id)
                        continue
                    pending.append((document, terms, None))
                    (report.updated if previous else report.added).append(document.id)
                if pending:
                    tags = await asyncio.to_thread(sentence_tags, [d for d, _, _ in pending])
                    await self.store.save_documents(pending, tags=tags)
                    pending = []
            if report.changed:
                await self.live.reload()
            return report

    def _read_debates(
        self, folders: list[Path]
    ) -> list[tuple[Document, list[list[str]]] | CorpusError]:
        from bot.engine.formats.debatabase import read_debate  # as `ingest` imports

        out: list[tuple[Document, list[list[str]]] | CorpusError] = []
        for folder in folders:
            try:
                document = read_debate(folder)
            except CorpusError as error:
                out.append(error)
                continue
            out.append(self.analyse(document))
        return out

    def analyse(self, document: Document) -> tuple[Document, list[list[str]]]:
        """The document with its passages' sentence runs of terms, and the analysed terms of
        each of its passages, in order, by the live engine's analyser (`analyse_document`;
        CPU-bound: run in a worker thread)."""
        return analyse_document(self.live.engine.analyser, document)

    async def remove(self, doc_id: str, scope: str = "", user_id: int | None = None) -> bool:
        """Remove a scope's document ("": a shared one); False if the scope has no such
        document (another server's is never touched)."""
        async with self.lock:
            change = Change(user_id, "remove") if scope else None
            write = await self.store.remove_document(doc_id, scope, change)
            await self.live.changed(write, [], [doc_id])
            return write is not None


def _duplicate_ids(documents: Iterable[Document]) -> tuple[str, str, str] | None:
    seen: dict[str, str] = {}
    for document in documents:
        if document.id in seen:
            return document.id, document.source, seen[document.id]
        seen[document.id] = document.source
    return None
