"""A server's own documents: an uploaded file or a fetched link read in a worker process,
named and checked against the server's limits by the store, and written with its original bytes;
and reindexing them (extracted again from those bytes when the extractor changed).
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass

from bot.engine.formats.details import UploadDetails
from bot.engine.models import CorpusError, Document
from bot.ingest import CorpusWriter
from bot.settings import Settings
from bot.store import Change, NewUpload, StoredDocument, StoredUpload, UploadLimits
from bot.workers import UploadWorkers


@dataclass(frozen=True, slots=True)
class Uploaded:
    """An upload as stored: the document (named by the store), the server's document it
    replaced (same file name, or the one the uploader named), and the document that held the
    id the upload would have had (so the store gave it another)."""

    document: Document
    replaced: StoredDocument | None = None
    id_taken_by: StoredDocument | None = None
    # What the uploader should know of how the file was read (a PDF cut where it went on
    # into another document), one sentence each.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UploadFile:
    """One file to add: its bytes and name, what the uploader said about it, and for a fetched
    page the charset its server declared (Content-Type) and the address it came from."""

    data: bytes
    filename: str
    details: UploadDetails
    declared_charset: str | None = None
    url: str | None = None


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
    # The upload formats are imported when a file is read, not at start (see `UploadDetails`).
    from bot.engine.formats.upload import document_from_upload, extractor_for

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
        declared_charset=given.get("charset"),
        url=given.get("fetched_from"),
        doc_id=document.id,
    )
    return again.document, again.extractor


class Uploader:
    """Uploads and reindexing of servers' documents, written through a `CorpusWriter` (one
    write at a time with every other) and applied to its live engine."""

    def __init__(self, settings: Settings, workers: UploadWorkers, writer: CorpusWriter) -> None:
        self.settings = settings
        self.workers = workers
        self.writer = writer
        self.store = writer.store
        self.live = writer.live

    async def upload(
        self, file: UploadFile, scope: str, user_id: int | None, *, replace: str | None = None
    ) -> Uploaded:
        """Add one uploaded file to a server's corpus, or update one of the server's documents:
        the one `replace` names, else the one uploaded from the same file name. The store names
        a new document (see `Store.save_upload`): no upload can take or replace another
        server's document, nor, without asking, another of its own. The file is read in a
        worker process (see `bot.workers`), within a time and a memory budget.

        The original bytes are stored with the document, so `reindex`
        can extract them again.

        Raises CorpusError (unsupported, too big, binary, empty, malformed, too slow or too
        big to read, a server limit reached, nothing to replace) with nothing written; the
        write and its audit entry are one
        transaction, so a failed upload leaves the corpus as it was.
        """
        data, filename, details = file.data, file.filename, file.details
        declared_charset, url = file.declared_charset, file.url
        if not scope:
            raise CorpusError(filename, "uploads belong to a server")
        if details.responds_to:
            details = dataclasses.replace(
                details, responds_to=self._answered(details.responds_to, scope, filename)
            )
        # Parsed, analysed and tagged in a worker process (see bot/workers.py).
        prepared = await self.workers.prepare(
            data, filename, details, declared_charset=declared_charset, url=url
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
        from bot.engine.formats.upload import MAX_DOCUMENT_PASSAGES  # read, so imported

        limits = UploadLimits(
            documents=self.settings.max_server_documents,
            passages=self.settings.max_server_passages,
            document_passages=MAX_DOCUMENT_PASSAGES,
        )
        async with self.writer.lock:
            saved = await self.store.save_upload(new, limits)
            named = saved.document
            stored_tags = {
                passage.id: tag
                for passage, tag in zip(named.passages, new.tags, strict=True)
                if tag is not None
            }
            await self.live.changed(saved.write, [(named, terms)], scope=scope, tags=stored_tags)
        return Uploaded(named, saved.replaced, saved.id_taken_by, prepared.upload.notes)

    def _answered(self, named: str, scope: str, filename: str) -> str:
        """The id of the document `named` (an id or a title the scope sees) that an upload
        answers; CorpusError when the scope sees no such document."""
        collection = self.live.engine.collection
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

    async def fetch(self, link: str, details: UploadDetails) -> UploadFile:
        """The page a pasted link gives (`bot.fetch`: http(s), bounded, public addresses only
        unless `FETCH_ALLOW_PRIVATE`), to add as an uploaded file. Raises CorpusError naming
        the link when it cannot be fetched."""
        # Imported here: only a pasted link needs aiohttp, 0.2-0.3 s of a start's imports.
        from bot.fetch import FetchError, fetch

        try:
            fetched = await fetch(link, allow_private=self.settings.fetch_allow_private)
        except FetchError as error:
            raise CorpusError(link[:200], str(error)) from None
        return UploadFile(fetched.data, fetched.filename, details, fetched.charset, fetched.url)

    async def reindex(self, scope: str, user_id: int | None = None) -> Reindexed:
        """Read a server's documents again: an upload whose stored original was extracted by
        an older extractor than today's is extracted again from those bytes (keeping its id
        and what the uploader said about it), and every document is analysed again (after an
        analyser upgrade).

        A file that no longer extracts keeps its current document and is named in the
        result's `failures`; the rest are written in one transaction.
        """
        async with self.writer.lock:
            documents = self.live.engine.collection.own_documents(scope)
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
                document, terms = await asyncio.to_thread(self.writer.analyse, document)
                items.append((document, terms, None))
            detail = f"{len(items)} documents, {len(fresh)} extracted again"
            if items:
                await self.writer.save(
                    items,
                    scope=scope,
                    change=Change(user_id, "reindex", detail),
                    originals=fresh,
                    existing_only=True,
                )
            return Reindexed(len(items), len(fresh), tuple(failures))
