"""What the store reads and writes, as values: stored facts, errors, document ids, passages'
spans and debate fields as columns, and the stored index's encoding (shared by the SQLite and
the PostgreSQL store; a load's rows are made into documents in `bot.store.assembly`)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
import unicodedata
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from bot.engine.arrays import IndexArrays, TermLists, narrowest_counts
from bot.engine.index import PassageIndex
from bot.engine.models import (
    CorpusError,
    Document,
    Passage,
    Side,
)
from bot.engine.packing import sentence_count

# The layout of `index_snapshot`'s arrays: 3 keeps the postings' frequencies as the index holds
# them, in the narrowest unsigned dtype that holds every one (`narrowest_counts`: uint8 but for a
# term 256 times in one passage), the width in a last byte (`counts_blob`): 64 MB at 1M passages
# where int32 took 258 MB, and nothing to narrow at a start. 2 kept them as int32, and the term
# ids packed as the index holds them (`pack_ids`: 14 MB at 100k passages, not 32 MB of int32);
# 1 kept int32 term ids too. Both are still read; a stored index of another format is rebuilt.
INDEX_FORMAT = 3
READABLE_INDEX_FORMATS = (1, 2, 3)
# SQLite refuses values over a billion bytes (SQLITE_MAX_LENGTH); an index that large is rebuilt
# at each start rather than stored.
MAX_BLOB_BYTES = 900_000_000
# `index_snapshot`'s array columns, named and ordered as `IndexArrays` names them.
INDEX_COLUMNS = ", ".join(IndexArrays.ARRAYS)


# A server's document id: "g<server id>-" and a slug of the title (or of the upload's own `id:`)
# of at most this many characters. 48 keeps the longest id, 22 characters of prefix, a hash
# suffix and ":p<n>", inside a Discord button's 100-character custom_id ("para:next:<passage>").
ID_SLUG_CHARS = 48
_ID_HASH_CHARS = 6  # "-1a2b3c": 16.7 million values for the titles one server collides on
# How long a write waits for another process's write to finish before it is "locked": the
# longest write the project makes (a 100-debate import batch, a 100k-passage index snapshot)
# takes 1-2 s on the development machine; a lock held longer is reported within seconds.
DEFAULT_BUSY_SECONDS = 5.0
# How many corpus changes the `corpus_changes` log keeps (a row each: bytes); a process further
# behind than that reloads the corpus whole rather than scope by scope.
CHANGES_KEPT = 10_000


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
    # The stored index of exactly these passages, if any: its arrays, or the index the load's
    # `prepare_index` made of them.
    index: IndexArrays | PassageIndex | None = None
    generation: int = 0  # the corpus version read (see `Store.save_index`)
    # The format `index` was stored in (`INDEX_FORMAT`, or an older one still read); 0 without.
    index_format: int = 0


@dataclass(frozen=True, slots=True)
class CorpusWrite:
    """The corpus versions a write went from and to (see `corpus_generation`). A writer whose
    engine was of version `before` can apply its own change to it and be at `after`; any other
    `before` means someone else wrote in between."""

    before: int
    after: int


@dataclass(frozen=True, slots=True)
class CorpusChanges:
    """What changed after a corpus generation: `latest`, the generation the database is at,
    and each document changed since (added, rewritten or removed) with its scope ("" shared,
    or a server's id)."""

    latest: int
    documents: dict[str, str]


@dataclass(frozen=True, slots=True)
class CorpusChange:
    """One corpus change as announced: the scope it changed ("" shared, or a server's id) and
    the corpus generation it brought the database to."""

    scope: str
    generation: int


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

    path: Path | str  # the database file, or the server's URL without its password
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


def debate_json(passage: Passage) -> str | None:
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


def debate_fields(raw: str | None) -> tuple[Side | None, str | None, str | None, str | None]:
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


NATIVE_IS_STORED_ORDER = sys.byteorder == "little"


def spans_blob(passage: Passage) -> bytes:
    """A passage's sentence spans as `passages.sentences` stores them (schema version 12): each
    span's start and end, relative to the passage's text, as little-endian int32 (8 bytes a
    sentence; b"" for none); then, where they were found at ingest, the sentences' runs of
    terms as `Passage.packed_sentences` keeps them (bytes, 2 a sentence and a mark)."""
    packed = passage.packed_sentences
    if NATIVE_IS_STORED_ORDER:
        return packed
    spans = 8 * sentence_count(len(packed))
    swapped = array("i", packed[:spans])
    swapped.byteswap()
    return swapped.tobytes() + packed[spans:]


def spans_from_json(raw: str) -> bytes:
    """Sentence spans stored as JSON before schema version 12 (`[[start, end], ...]`) as
    `spans_blob` stores them. Raises ValueError (`json.JSONDecodeError`) on text that is not
    such a list, TypeError or OverflowError on spans that are not pairs of int32."""
    offsets = array("i")
    for start, end in json.loads(raw):
        offsets.append(start)
        offsets.append(end)
    if not NATIVE_IS_STORED_ORDER:
        offsets.byteswap()
    return offsets.tobytes()


def now() -> str:
    """The time now, UTC, ISO 8601 to the second: how every row's time is written."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def encode_index(arrays: IndexArrays) -> tuple[str, list[bytes]] | None:
    """The index as `index_snapshot` stores it (`INDEX_FORMAT`): space-separated terms, the
    term ids packed (`pack_ids`; int32 ones are packed here), the frequencies in their
    narrowest unsigned dtype (`counts_blob`) and the other arrays as little-endian int32. None
    if it cannot be: a term with a space (the analyser makes none), a frequency below 0 or
    over 2**32 - 1 (a built index has none) or a value over SQLite's size limit."""
    if any(not term or " " in term for term in arrays.vocabulary):
        return None
    vocabulary = " ".join(arrays.vocabulary)
    packed = (
        arrays.term_ids
        if arrays.packed
        else TermLists(arrays.vocabulary, arrays.term_ids, arrays.lengths).packed
    )
    try:
        frequencies = counts_blob(arrays.frequencies)
    except ValueError:
        return None
    blobs = [
        np.ascontiguousarray(packed, dtype=np.uint8).tobytes()
        if name == "term_ids"
        else frequencies
        if name == "frequencies"
        else np.ascontiguousarray(getattr(arrays, name), dtype="<i4").tobytes()
        for name in IndexArrays.ARRAYS
    ]
    if max(len(vocabulary.encode()), *map(len, blobs)) > MAX_BLOB_BYTES:
        return None
    return vocabulary, blobs


# The dtypes `counts_blob` stores counts in, by their width in bytes (its blob's last byte).
_COUNT_DTYPES: dict[int, np.dtype[Any]] = {
    1: np.dtype(np.uint8),
    2: np.dtype("<u2"),
    4: np.dtype("<u4"),
}


def counts_blob(counts: np.ndarray) -> bytes:
    """Non-negative integer `counts` (any integer dtype, one dimension) as index format 3
    stores the postings' frequencies: each in the narrowest unsigned dtype that holds them all
    (`narrowest_counts`), little-endian, then one byte, that dtype's width in bytes (1, 2 or
    4). Raises ValueError on a count below 0 or over 2**32 - 1."""
    narrow = narrowest_counts(np.asarray(counts).ravel())
    dtype = _COUNT_DTYPES[narrow.dtype.itemsize]
    return np.ascontiguousarray(narrow, dtype=dtype).tobytes() + bytes([dtype.itemsize])


def counts_from_blob(blob: bytes | memoryview) -> np.ndarray:
    """The counts `counts_blob` stored, in the dtype they were stored in (uint8, uint16 or
    uint32, native order): a read-only view of `blob`, not a copy (but on a big-endian
    machine, where uint16 and uint32 counts are swapped). Raises ValueError when the blob
    cannot be such counts: no width byte, a width other than 1, 2 or 4, or a length that is
    not a whole number of counts of that width (a damaged snapshot)."""
    view = memoryview(blob).cast("B")
    if not len(view):
        raise ValueError("the stored counts lack their width byte")
    width = view[-1]
    dtype = _COUNT_DTYPES.get(width)
    if dtype is None:
        raise ValueError(f"the stored counts are {width} bytes wide, not 1, 2 or 4")
    if (len(view) - 1) % width:
        raise ValueError(f"the stored counts are not a whole number of {width}-byte counts")
    counts = np.frombuffer(view, dtype=dtype, count=(len(view) - 1) // width)
    return counts if dtype.isnative else counts.astype(dtype.newbyteorder("="))


def decode_index(
    layout: int, vocabulary: str | None, blobs: Sequence[bytes | memoryview]
) -> IndexArrays:
    """The arrays of an `index_snapshot` row of format `layout` (one of
    `READABLE_INDEX_FORMATS`): its space-separated `vocabulary` and its array columns'
    `blobs`, in `IndexArrays.ARRAYS`' order. The arrays are read-only views of the blobs, not
    copies (bar the frequencies of a big-endian machine): the term ids as int32 (format 1) or
    packed (uint8: 2 and 3), the frequencies as int32 (1 and 2) or as stored (`counts_blob`:
    3), the others int32. Whether they hang together is not checked here (see
    `IndexArrays.checked_terms`). Raises ValueError on another format or a blob that cannot
    be its array (`counts_from_blob`; a length not a whole number of int32), TypeError on a
    value that is not bytes."""
    if layout not in READABLE_INDEX_FORMATS:
        raise ValueError(f"index format {layout} is not one this program reads")
    arrays: dict[str, np.ndarray] = {}
    for name, blob in zip(IndexArrays.ARRAYS, blobs, strict=True):
        if name == "term_ids" and layout >= 2:
            arrays[name] = np.frombuffer(blob, dtype=np.uint8)
        elif name == "frequencies" and layout >= 3:
            arrays[name] = counts_from_blob(blob)
        else:
            arrays[name] = np.frombuffer(blob, dtype="<i4")
    return IndexArrays(vocabulary=vocabulary.split(" ") if vocabulary else [], **arrays)


def str_or_none(value: int | None) -> str | None:
    """A Discord id as stored (text), or None."""
    return None if value is None else str(value)


def check_id_space(document: Document, scope: str) -> None:
    """Raise CorpusError unless a server's document id starts with "g<server id>-" (a shared
    document may have any id no server's document has)."""
    if scope and not document.id.startswith(server_id_prefix(scope)):
        raise CorpusError(
            document.source, f"server {scope}'s documents have ids starting with g{scope}-"
        )
