"""Writing the corpus: documents and their passages, uploads (named within a server's id
space, checked against its limits in the same transaction), their original bytes, the audit
log, and removal. Each write is one transaction (see `StoreAccess._write`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections.abc import Iterable, Mapping, Sequence

from bot.engine.models import CorpusError, Document
from bot.store.access import StoreAccess, _guarded
from bot.store.records import (
    AuditEntry,
    Change,
    CorpusWrite,
    NewUpload,
    SavedUpload,
    StoredDocument,
    StoredSource,
    StoredUpload,
    UploadLimits,
    check_id_space,
    debate_json,
    now,
    server_id_candidates,
    spans_blob,
)

log = logging.getLogger(__name__)


class DocumentWrites(StoreAccess):
    """The documents of each scope as written: what is stored of them (`sources`,
    `content_hashes`, `owner`, `uploads`, `audit`) and every write of them (`save_documents`,
    `save_upload`, `touch_source`, `remove_document`)."""

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
            " content_hash, meta_json, body, packed, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                document.id,
                scope,
                document.source,
                stat[0] if stat else None,
                stat[1] if stat else None,
                document.content_hash,
                document.meta.model_dump_json(),
                "",  # the text is in `packed`
                document.packed_body,
                now(),
            ),
        )
        await self._run_many(
            'INSERT INTO passages (id, doc_id, number, start, "end", voice, speaker,'
            " sentences_json, sentences, terms, debate_json, tags_json, paragraph)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    passage.id,
                    document.id,
                    passage.number,
                    passage.start,
                    passage.end,
                    passage.voice.value,
                    passage.speaker,
                    "",  # the spans are in `sentences`
                    spans_blob(passage),
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
