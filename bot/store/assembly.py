"""A load's rows made into documents (`Assembler`): the document rows, then the passage rows a
chunk at a time, into `Document`s holding their passages (shared by the SQLite and the
PostgreSQL store, whose `load` reads the rows); and a load's stored terms (`StoredTerms`).
"""

from __future__ import annotations

import itertools
import json
import struct
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.engine.body import Body
from bot.engine.models import (
    NO_EXTRA,
    CorpusError,
    Document,
    DocumentMeta,
    Passage,
    PassageSlots,
    Voice,
)
from bot.engine.packing import RUNS_MARK, START_END, packed_sentences_whole, sentence_count
from bot.store.records import NATIVE_IS_STORED_ORDER, debate_fields

# The mark ending packed spans with runs, as an int.
_MARK = RUNS_MARK[0]


# A passage's voice as a load reads it: one character (which Python makes no string for: it
# keeps one of each), not a word (a string a row: 0.1 s of a 1M-passage start). `VOICE_READ`
# is the SQL; a voice of no other value comes back as "!" and itself (refused: KeyError).
VOICE_CODES = {voice.value: str(code) for code, voice in enumerate(Voice)}
VOICE_READ = (
    "CASE voice "
    + " ".join(f"WHEN '{value}' THEN '{code}'" for value, code in VOICE_CODES.items())
    + " ELSE '!' || voice END"
)


def _loaded_spans(passage_id: str, blob: bytes | memoryview) -> bytes:
    """A `passages.sentences` value as `Passage` takes packed spans (native int32, then the
    runs of terms where kept: see `spans_blob`). Raises CorpusError when its length is not a
    whole number of spans, with or without their runs (a damaged row)."""
    if not packed_sentences_whole(blob):
        raise CorpusError(passage_id, "the stored sentence spans are damaged")
    if NATIVE_IS_STORED_ORDER:
        return blob if isinstance(blob, bytes) else bytes(blob)
    spans = 8 * sentence_count(len(blob))
    swapped = array("i", bytes(blob[:spans]))
    swapped.byteswap()
    return swapped.tobytes() + bytes(blob[spans:])


@dataclass(frozen=True, slots=True)
class Assembled:
    """The documents `assemble` made, each one's scope and sentence tags, and the passage
    count."""

    documents: list[Document]
    scopes: dict[str, str]
    tags: dict[str, str]
    passage_count: int


def _sharing_field_sets(meta: DocumentMeta, shared: dict[frozenset[str], set[str]]) -> DocumentMeta:
    """`meta`, its mentions and references given the same set of field names (pydantic's
    `model_fields_set`) as every other model loaded with the same fields, from `shared`: each
    model held its own (a 16-name set is 728 bytes; 4.7 MB of 5,000 documents' metadata at
    100k passages). Safe for frozen models: pydantic only adds to the set on assignment, which
    they refuse, and `model_copy` copies it."""
    for model in (meta, *meta.mentions, *meta.bibliography):
        names = model.__pydantic_fields_set__
        same = shared.setdefault(frozenset(names), names)
        if same is not names:
            object.__setattr__(model, "__pydantic_fields_set__", same)
    return meta


class Assembler:
    """Documents with their passages, from the rows `Store._load` reads: the document rows
    first (id, meta_json, body, content_hash, source, scope and, optionally, packed), then the
    passage rows a chunk at a time (`add`), so they are never all held at once (at 100k
    passages, holding every row while the passages were made was the load's peak). The
    documents hold their bodies compressed (`Body`), about a third of their text's size: as
    stored (`packed`), or, for a row with only the text, compressed as its passages are made.
    CPU-bound: run `add` and `finish` in a worker thread.
    """

    def __init__(self, document_rows: Iterable[Sequence[Any]]) -> None:
        # A body as stored: its text, or compressed (bytes, memoryview), until made a `Body`.
        self._bodies: dict[str, tuple[DocumentMeta, str | bytes | memoryview | Body, str, str]] = {}
        self._scopes: dict[str, str] = {}
        field_sets: dict[frozenset[str], set[str]] = {}
        for row in document_rows:
            packed = row[6] if len(row) > 6 else None
            self._bodies[row[0]] = (
                _sharing_field_sets(DocumentMeta.model_validate_json(row[1]), field_sets),
                row[2] if packed is None else packed,
                row[3],
                row[4],
            )
            self._scopes[row[0]] = str(row[5])
        # A voice as stored ("author") or as a load reads it (`VOICE_CODES`: "0").
        self._voices = {voice.value: voice for voice in Voice} | {
            code: Voice(value) for value, code in VOICE_CODES.items()
        }
        self._passages_by_doc: dict[str, list[Passage]] = {}
        self._tags: dict[str, str] = {}
        self._count = 0
        # One string for each document id and speaker name, not one a row (a 100k corpus
        # repeats a few thousand of each).
        self._doc_ids = {doc_id: doc_id for doc_id in self._bodies}
        self._speakers: dict[str, str] = {}
        # Packed spans' length (bytes) -> a struct packing a passage's start, end and spans of
        # that length into its offsets (`Passage._offsets`), for the lengths seen whole.
        self._packers: dict[int, Callable[[int, int, bytes], bytes]] = {}
        self._made: dict[str, Document] = {}  # documents made whole already (`complete`)

    def add(self, passage_rows: Sequence[Sequence[Any]]) -> None:
        """Make the passages of these rows (in document and passage order): id (NULL for
        `<doc_id>:p<number>`), doc_id, number, start, end, voice (stored or
        its `VOICE_CODES` code), speaker, sentences_json,
        debate_json, tags_json, paragraph and, optionally, sentences (the packed spans of
        schema version 12; NULL or absent: the spans are read from sentences_json).

        Raises CorpusError for a row whose packed spans are damaged (`_loaded_spans`),
        struct.error for a start or end that is not an int32, KeyError for an unknown voice.
        """
        if passage_rows and len(passage_rows[0]) <= 11:
            passage_rows = [(*row, None) for row in passage_rows]  # no packed spans column
        # Rows stored before version 12 hold their spans as JSON: one JSON document for many
        # passages' spans (a json.loads call per passage costs more than the parsing), but not
        # for all: one C call over 100k passages would hold the GIL and stall the event loop
        # for a tenth of a second.
        as_json = [row[7] for row in passage_rows if row[11] is None]
        parsed = itertools.chain.from_iterable(
            json.loads("[" + ",".join(as_json[first : first + 4096]) + "]")
            for first in range(0, len(as_json), 4096)
        )
        voices, speakers, tags, packers = self._voices, self._speakers, self._tags, self._packers
        start_end, new, slots, made, mark = (
            START_END.pack,
            object.__new__,
            PassageSlots,
            Passage,
            _MARK,
        )
        doc_id, body = "", None
        # Each passage is appended made (a `Passage`), though typed as `PassageSlots` here.
        append: Callable[[Any], None] = self._no_document
        # A million passages at a 1M-passage start: each made as `PassageSlots` with its slots
        # assigned (see there), its offsets packed with one call making one bytes object.
        for (
            passage_id,
            row_doc,
            number,
            start,
            end,
            voice,
            speaker,
            _,
            debate,
            row_tags,
            paragraph,
            blob,
        ) in passage_rows:
            if row_doc != doc_id or body is None:
                doc_id = self._doc_ids[row_doc]
                body = self._packed(doc_id)
                append = self._passages_by_doc.setdefault(doc_id, []).append
            if blob is None:
                spans = array("i", [offset for span in next(parsed) for offset in span])
                offsets = start_end(start, end) + spans.tobytes()
            else:
                size = len(blob)
                pack = packers.get(size) if blob.__class__ is bytes else None
                if pack is None or (size & 1 and blob[-1] != mark):
                    # The first of its length, not bytes, or damaged (CorpusError).
                    offsets = start_end(start, end) + _loaded_spans(
                        passage_id or f"{doc_id}:p{number}", blob
                    )
                    if NATIVE_IS_STORED_ORDER and blob.__class__ is bytes:
                        packers[size] = struct.Struct(f"=ii{size}s").pack
                else:
                    # spans, or spans and their runs of terms (`spans_blob`), checked
                    offsets = pack(start, end, blob)
            passage = new(slots)
            passage._id = (
                None if passage_id is None or passage_id == f"{doc_id}:p{number}" else passage_id
            )
            passage.doc_id = doc_id
            passage.number = number
            passage._text = None  # no text: it is the body's slice, read when asked for
            passage._body = body
            passage.voice = voices[voice]
            passage.speaker = speakers.setdefault(speaker, speaker)
            passage._offsets = offsets
            if debate is None and paragraph is None:
                passage._extra = None
            else:
                # side, section, heading, answers, paragraph
                extra = (*debate_fields(debate), paragraph)
                passage._extra = None if extra == NO_EXTRA else extra
            passage.__class__ = made  # type: ignore[assignment]  # `PassageSlots.made`, no call
            append(passage)  # type: ignore[arg-type]  # a Passage now
            if row_tags is not None:
                tags[passage_id or f"{doc_id}:p{number}"] = row_tags
        self._count += len(passage_rows)

    @staticmethod
    def _no_document(passage: object) -> None:
        """Where `add` would put a passage before its first row's document is known: never
        called (the first row sets it)."""
        raise AssertionError("a passage before its document")

    def _packed(self, doc_id: str) -> Body:
        """The document's body, compressed on first use (the text is then held only so)."""
        meta, body, digest, source = self._bodies[doc_id]
        if isinstance(body, str):
            body = Body(body)
            self._bodies[doc_id] = (meta, body, digest, source)
        elif not isinstance(body, Body):
            body = Body.from_packed(body)  # bytes kept as read (no copy), a memoryview copied
            self._bodies[doc_id] = (meta, body, digest, source)
        return body

    def complete(self, doc_ids: Iterable[str]) -> list[Document]:
        """These documents, made now that every passage row of theirs has been added (a load
        reads a chunk's documents' rows together); `finish` gives the same objects."""
        return [self._document(doc_id) for doc_id in doc_ids]

    def _document(self, doc_id: str) -> Document:
        made = self._made.get(doc_id)
        if made is None:
            body = self._packed(doc_id)
            meta, _, digest, source = self._bodies[doc_id]
            passages = tuple(self._passages_by_doc.get(doc_id, ()))
            made = self._made[doc_id] = Document(meta, body, digest, source, passages)
        return made

    def finish(self) -> Assembled:
        """The documents, in the order of their rows, with the passages added."""
        documents = [self._document(doc_id) for doc_id in list(self._bodies)]
        return Assembled(documents, self._scopes, self._tags, self._count)


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
