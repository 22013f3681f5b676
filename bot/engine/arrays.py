"""The index's flat arrays and how they are made and packed: `IndexArrays` (what a built index
is made of, as the store keeps it), passages' terms as ids (`encode_terms`) and their postings
(`index_arrays`), term ids packed as LEB128 varints (`pack_ids`, `unpack_ids`) and read back a
passage at a time (`TermLists`), counts in their narrowest dtype (`narrowest_counts`), and each
term's extremes that bound its BM25 weight (`term_extremes`).
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, overload

import numpy as np

# Passages handled per step of a long build (see `encode_terms` and `index_arrays`).
CHUNK_PASSAGES = 2048


@dataclass(frozen=True, slots=True)
class IndexArrays:
    """What a built index is made of, as flat arrays: enough to rebuild it without the corpus.

    `vocabulary` lists the terms in order of first appearance (rank-bm25's order, which its
    average idf depends on); `term_ids` is every passage's terms as ids, end to end (int32, or
    uint8: the ids packed by `pack_ids`, as the index holds and the store keeps them),
    `lengths` says where each passage's run ends. The postings are grouped by term:
    `document_frequency` says how many belong to each term, `positions` and `frequencies` are
    each posting's passage and its term frequency (int32, or, as the store keeps them, in the
    narrowest unsigned dtype that holds them: `narrowest_counts`). BM25 weights are not stored:
    they follow from these and the parameters, with the same arithmetic, so they come out bit
    for bit the same.
    """

    # The arrays' names, in the order the store keeps them.
    ARRAYS: ClassVar[tuple[str, ...]] = (
        "term_ids",
        "lengths",
        "document_frequency",
        "positions",
        "frequencies",
    )

    vocabulary: list[str]
    term_ids: np.ndarray  # int32, one per term occurrence; or uint8, packed (`pack_ids`)
    lengths: np.ndarray  # int32, one per passage
    document_frequency: np.ndarray  # int32, one per vocabulary term
    positions: np.ndarray  # int32, one per (term, passage) posting
    frequencies: np.ndarray  # int32, one per posting; or unsigned (`narrowest_counts`)

    @property
    def size(self) -> int:
        """How many passages the index holds (`PassageIndex.size` of the index made of them)."""
        return len(self.lengths)

    @property
    def packed(self) -> bool:
        """Whether `term_ids` holds the ids packed (`pack_ids`) rather than as int32."""
        return bool(self.term_ids.dtype == np.uint8)

    def unpacked(self) -> IndexArrays:
        """These arrays with the term ids as int32 (itself when they are already)."""
        if not self.packed:
            return self
        terms = TermLists.from_packed(self.vocabulary, self.term_ids, self.lengths)
        return dataclasses.replace(self, term_ids=terms.all_ids())

    def problem(self) -> str | None:
        """Why these arrays cannot be an index (say, a damaged snapshot), or None."""
        return self._problem(None)[0]

    def checked_terms(self) -> tuple[str | None, TermLists | None]:
        """Why these arrays cannot be an index (`problem`), or None and their term lists: for
        packed ids (`TermLists.from_packed`), where each passage's bytes end is found in the
        scan that checks them (one pass over the bytes where two took 0.3 s more at 1M
        passages); the bytes are held, not copied."""
        ends = np.cumsum(self.lengths, dtype=np.int64)
        problem, byte_ends = self._problem(ends if self.packed else None)
        if problem:
            return problem, None
        if byte_ends is None:
            return None, TermLists(self.vocabulary, self.term_ids, self.lengths)
        return None, TermLists.from_packed(self.vocabulary, self.term_ids, self.lengths, byte_ends)

    def _problem(self, ends: np.ndarray | None) -> tuple[str | None, np.ndarray | None]:
        """`problem`, and with `ends` given (each passage's end in ids, int64), where each
        passage's packed bytes end (`_scan_packed_ids`; None for ids not packed)."""
        byte_ends = None
        if len(set(self.vocabulary)) != len(self.vocabulary):
            return "the vocabulary repeats a term", None
        if len(self.document_frequency) != len(self.vocabulary):
            return "the document frequencies do not match the vocabulary", None
        if self.packed:
            problem, byte_ends = _scan_packed_ids(
                self.term_ids, int(self.lengths.sum()), len(self.vocabulary), ends
            )
            if problem:
                return problem, None
        elif int(self.lengths.sum()) != len(self.term_ids):
            return "the passage lengths do not add up to the term count", None
        if int(self.document_frequency.sum()) != len(self.positions):
            return "the document frequencies do not add up to the postings", None
        if len(self.frequencies) != len(self.positions):
            return "the postings and their frequencies differ in number", None
        if (
            not self.packed
            and len(self.term_ids)
            and not 0 <= int(self.term_ids.min()) <= int(self.term_ids.max()) < len(self.vocabulary)
        ):
            return "a term id is outside the vocabulary", None
        if len(self.positions) and not 0 <= int(self.positions.min()) <= int(
            self.positions.max()
        ) < len(self.lengths):
            return "a posting names a passage that does not exist", None
        if len(self.frequencies) and int(self.frequencies.min()) < 1:
            return "a posting has no occurrences", None
        return None, byte_ends


# An LEB128 varint holds 7 bits a byte: an int32 term id takes at most this many bytes.
_VARINT_BYTES = 5


def pack_ids(ids: np.ndarray) -> np.ndarray:
    """Non-negative int32 ids as LEB128 varints end to end (uint8): 7 bits a byte, the high bit
    set on every byte but an id's last. Ids are numbered in order of first appearance, so the
    frequent terms have the small ids: 8M ids at 100k passages take 14 MB, not 32."""
    values = np.asarray(ids, dtype=np.int64)
    sizes = np.ones(len(values), dtype=np.int64)
    for byte in range(1, _VARINT_BYTES):
        sizes += values >= 1 << (7 * byte)
    starts = np.cumsum(sizes) - sizes
    packed = np.empty(int(sizes.sum()), dtype=np.uint8)
    for byte in range(_VARINT_BYTES):
        has = sizes > byte
        more = np.where(sizes[has] > byte + 1, 0x80, 0)
        packed[starts[has] + byte] = ((values[has] >> (7 * byte)) & 0x7F) | more
    return packed


# Bytes of packed ids scanned at once for where each id ends: the positions found are int64,
# 8 bytes an id, so a block at a time (1.2 MB of them for 256 kB of bytes at 1.8 bytes an id)
# rather than 640 MB at 1M passages; a dozen numpy calls a block (`_scan_packed_ids`), 550
# blocks for the 144 MB of packed ids at 1M passages.
_SCAN_BYTES = 1 << 18


def _id_last_bytes(packed: np.ndarray) -> Iterator[np.ndarray]:
    """Where each id `pack_ids` packed ends (the position of its last byte, int64), a block of
    `_SCAN_BYTES` bytes at a time."""
    for start in range(0, len(packed), _SCAN_BYTES):
        last = np.flatnonzero(packed[start : start + _SCAN_BYTES] < 0x80)
        last += start
        yield last


def _packed_ids_problem(packed: np.ndarray, count: int, vocabulary: int) -> str | None:
    """Why `packed` is not `count` ids under `vocabulary` packed by `pack_ids`, or None."""
    return _scan_packed_ids(packed, count, vocabulary, None)[0]


def _scan_packed_ids(
    packed: np.ndarray, count: int, vocabulary: int, ends: np.ndarray | None
) -> tuple[str | None, np.ndarray | None]:
    """Why `packed` is not `count` ids under `vocabulary` packed by `pack_ids` (or None), and,
    given `ends` (the running total of the passages' lengths, int64), where each passage's
    bytes end (`_byte_ends`, found in the same scan: one pass over the bytes, not two). The
    byte ends are only meaningful without a problem.

    An id's length is told by the continuation bytes before its last byte, so the lengths are
    checked on the bytes (a block's flags, one byte each), not on the ids' positions (8 bytes
    an id): 0.3 s at 1M passages (144 MB of packed ids), byte ends included, where checking on
    the positions took 0.55 s and finding the byte ends in a second scan 0.18 more. Only
    the ids as long as the largest id of the vocabulary and with its highest bits (an id's
    last byte holds them) are unpacked to check their range (a shorter one, or one with lower
    highest bits, cannot be that large): a few rare terms.
    """
    wide = 1
    while wide < _VARINT_BYTES and vocabulary - 1 >= 1 << (7 * wide):
        wide += 1
    bound = (vocabulary - 1) >> (7 * (wide - 1))  # the highest bits of the largest id
    byte_ends = np.zeros(len(ends), dtype=np.int64) if ends is not None else None
    found, previous = 0, -1
    for start in range(0, len(packed), _SCAN_BYTES):
        block = packed[start : start + _SCAN_BYTES]
        last_here = block < 0x80  # the bytes that end an id
        last = np.flatnonzero(last_here)
        if not len(last):
            continue
        last += start
        if byte_ends is not None and ends is not None:
            # The passages whose last id ends in this block.
            low = int(np.searchsorted(ends, found, side="right"))
            high = int(np.searchsorted(ends, found + len(last), side="right"))
            byte_ends[low:high] = last[ends[low:high] - 1 - found] + 1
        found += len(last)
        previous = int(last[-1])
        # Continuation flags of the block and of the `wide` bytes before it (none before the
        # first byte): `more[wide + i - j]` is whether the byte j before the block's i-th is one.
        head = min(start, wide)
        more = np.zeros(wide + len(block), dtype=bool)
        np.greater_equal(packed[start - head : start + len(block)], 0x80, out=more[wide - head :])
        # The last bytes of ids at least `wide` bytes long, and of any longer: outside.
        long = last_here
        for back in range(1, wide):
            long &= more[wide - back : wide - back + len(block)]
        if (long & more[: len(block)]).any():
            return "a term id is outside the vocabulary", None
        if (long & (block > bound)).any():
            return "a term id is outside the vocabulary", None
        top = np.flatnonzero(long & (block == bound)) + start
        if len(top):
            # Those ids' bytes, each's first to its last (`wide` each), unpacked.
            spans = top[:, np.newaxis] + np.arange(1 - wide, 1, dtype=np.int64)
            if int(unpack_ids(packed[spans.ravel()]).max()) >= vocabulary:
                return "a term id is outside the vocabulary", None
    if found != count:
        return "the passage lengths do not add up to the term count", None
    if previous != len(packed) - 1:
        return "the packed term ids end in the middle of one", None
    return None, byte_ends


def _byte_ends(packed: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Where each passage's bytes end in `packed` (int64: after the last byte of its last id,
    or where the passage before ends if it has none), given where its ids end (`ends`, the
    running total of the passages' lengths)."""
    byte_ends = np.zeros(len(ends), dtype=np.int64)
    seen = 0  # ids ended in the blocks before
    for last in _id_last_bytes(packed):
        # The passages whose last id ends in this block.
        low = int(np.searchsorted(ends, seen, side="right"))
        high = int(np.searchsorted(ends, seen + len(last), side="right"))
        byte_ends[low:high] = last[ends[low:high] - 1 - seen] + 1
        seen += len(last)
    return byte_ends


def unpack_ids(packed: np.ndarray) -> np.ndarray:
    """The int32 ids `pack_ids` packed."""
    last = np.flatnonzero((packed & 0x80) == 0)  # each id's last byte
    starts = np.empty(len(last), dtype=np.int64)
    starts[:1] = 0
    starts[1:] = last[:-1] + 1
    sizes = last - starts + 1
    values = np.zeros(len(last), dtype=np.int64)
    for byte in range(_VARINT_BYTES):
        has = sizes > byte
        if not has.any():
            break
        values[has] |= (packed[starts[has] + byte].astype(np.int64) & 0x7F) << (7 * byte)
    return values.astype(np.int32)


# A passage's packed ids up to this many bytes are read byte by byte in Python (`_unpack_small`):
# about 5 us for a paragraph's 80 ids, where `unpack_ids`' dozen numpy calls take 50 (the
# answer path reads the terms of the ten passages it ranks by proximity, and of each quoted).
_SMALL_BYTES = 512

# Passages whose terms a term list keeps once read (a few hundred bytes each): one answer reads
# the terms of its first passages several times (proximity, abstention signals, near-duplicate
# merging, quoting), 40 reads of about 12 passages a question at 100k passages.
RECENT_TERM_LISTS = 64


def _unpack_small(packed: bytes) -> list[int]:
    """The ids `pack_ids` packed into `packed` (whole ids only), decoded one byte at a time."""
    ids: list[int] = []
    value = shift = 0
    for byte in packed:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            ids.append(value)
            value = shift = 0
    return ids


def _terms_of(vocabulary: list[str], ids: list[int]) -> tuple[str, ...]:
    """The terms of `ids` (ids into `vocabulary`), in order: one `itemgetter` call, a fifth of
    the time of mapping `vocabulary.__getitem__` over them (its wrapper is called once an id);
    IndexError for an id past the vocabulary."""
    if len(ids) < 2:  # itemgetter of one id gives the term, not a tuple
        return tuple(vocabulary[i] for i in ids)
    terms: tuple[str, ...] = operator.itemgetter(*ids)(vocabulary)
    return terms


class TermLists(Sequence[list[str]]):
    """Each passage's analysed terms, read from the index's term ids on demand.

    The ids are held packed (`pack_ids`: 1.8 bytes a term occurrence at 100k passages) rather
    than as int32 or a list of string references per passage, and a stored index skips the
    text. Packing and unpacking go a block of passages at a time (see `encode_terms`); the
    last `RECENT_TERM_LISTS` passages read are kept unpacked.
    """

    def __init__(self, vocabulary: list[str], term_ids: np.ndarray, lengths: np.ndarray) -> None:
        self._vocabulary = vocabulary
        self._recent: dict[int, tuple[str, ...]] = {}
        self._ends = np.cumsum(lengths, dtype=np.int64)
        pieces: list[np.ndarray] = [np.zeros(0, dtype=np.uint8)]
        byte_ends = np.zeros(len(lengths), dtype=np.int64)
        done = 0
        for first in range(0, len(lengths), CHUNK_PASSAGES):
            last = min(first + CHUNK_PASSAGES, len(lengths))
            start = int(self._ends[first - 1]) if first else 0
            ends = self._ends[first:last] - start
            piece = pack_ids(term_ids[start : int(self._ends[last - 1])])
            # Where each passage's bytes end: after the last byte of its last id.
            last_bytes = np.flatnonzero((piece & 0x80) == 0)
            local = np.zeros(len(ends), dtype=np.int64)
            if len(last_bytes):
                local = np.where(ends > 0, last_bytes[np.maximum(ends - 1, 0)] + 1, 0)
            byte_ends[first:last] = done + local
            done += len(piece)
            pieces.append(piece)
        self._packed = np.concatenate(pieces)
        self._byte_ends = byte_ends

    @classmethod
    def from_packed(
        cls,
        vocabulary: list[str],
        packed: np.ndarray,
        lengths: np.ndarray,
        byte_ends: np.ndarray | None = None,
    ) -> TermLists:
        """The term lists of ids already packed (`pack_ids`, uint8, end to end: what `packed`
        gives), each passage `lengths` ids long; the bytes are held, not copied (a store's
        read-only buffer is kept as it is: 144 MB at 1M passages). The caller has checked that
        they hold `lengths.sum()` whole ids; `byte_ends`, where each passage's bytes end
        (int64), when the check found them (`IndexArrays.checked_terms`), else they are found
        here."""
        terms = cls.__new__(cls)
        terms._vocabulary = vocabulary
        terms._recent = {}
        terms._ends = np.cumsum(lengths, dtype=np.int64)
        terms._packed = np.asarray(packed, dtype=np.uint8)
        terms._byte_ends = byte_ends if byte_ends is not None else _byte_ends(packed, terms._ends)
        return terms

    @property
    def packed(self) -> np.ndarray:
        """Every passage's term ids packed (`pack_ids`, uint8), end to end; not a copy."""
        return self._packed

    def spliced(
        self, vocabulary: list[str], pieces: Sequence[range | tuple[np.ndarray, np.ndarray]]
    ) -> TermLists:
        """Term lists of this one's passages and new ones, in the order of `pieces`: a `range`
        of this one's passage positions (their packed bytes are copied, never unpacked), or a
        run of new passages as (their term ids end to end, int32; each one's length, int32).
        `vocabulary` (id -> term) must extend this one's: the ids kept mean the same terms."""
        packed: list[np.ndarray] = [np.zeros(0, dtype=np.uint8)]
        byte_ends: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        lengths: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        done = 0
        for piece in pieces:
            if isinstance(piece, range):
                first, end = piece.start, piece.stop
                if end <= first:
                    continue
                start = int(self._byte_ends[first - 1]) if first else 0
                stop = int(self._byte_ends[end - 1])
                packed.append(self._packed[start:stop])
                byte_ends.append(self._byte_ends[first:end] - start + done)
                passage_start = int(self._ends[first - 1]) if first else 0
                lengths.append(np.diff(self._ends[first:end], prepend=passage_start))
                done += stop - start
            else:
                made = TermLists(vocabulary, piece[0], piece[1])
                packed.append(made._packed)
                byte_ends.append(made._byte_ends + done)
                lengths.append(np.asarray(piece[1], dtype=np.int64))
                done += len(made._packed)
        joined = TermLists.__new__(TermLists)
        joined._vocabulary = vocabulary
        joined._recent = {}
        joined._ends = np.cumsum(np.concatenate(lengths), dtype=np.int64)
        joined._packed = np.concatenate(packed)
        joined._byte_ends = np.concatenate(byte_ends)
        return joined

    @property
    def vocabulary(self) -> list[str]:
        """Term id -> term, for the ids `ids` gives."""
        return self._vocabulary

    @property
    def byte_ends(self) -> np.ndarray:
        """Where each passage's bytes end in `packed` (int64, one a passage); not a copy."""
        return self._byte_ends

    @property
    def id_ends(self) -> np.ndarray:
        """Where each passage's ids end among all the ids (the running total of the passages'
        lengths, int64, one a passage); not a copy."""
        return self._ends

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> list[str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[str]]: ...
    def __getitem__(self, index: int | slice) -> list[str] | list[list[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        recent = self._recent.get(index)
        if recent is None:
            start = int(self._byte_ends[index - 1]) if index else 0
            stop = int(self._byte_ends[index])
            if stop - start > _SMALL_BYTES:
                ids = self.ids(index, index + 1).tolist()
            else:
                ids = _unpack_small(self._packed[start:stop].tobytes())
            recent = _terms_of(self._vocabulary, ids)
            if len(self._recent) >= RECENT_TERM_LISTS:
                self._recent.clear()  # bounded; a question reads a dozen passages
            self._recent[index] = recent
        return list(recent)

    def ids(self, first: int, end: int) -> np.ndarray:
        """The term ids of passages [first, end), end to end (int32)."""
        if end <= first:
            return np.zeros(0, dtype=np.int32)
        start = int(self._byte_ends[first - 1]) if first else 0
        return unpack_ids(self._packed[start : int(self._byte_ends[end - 1])])

    def all_ids(self) -> np.ndarray:
        """Every passage's term ids, end to end (int32), unpacked a block at a time."""
        pieces = [np.zeros(0, dtype=np.int32)]
        pieces += [
            self.ids(first, min(first + CHUNK_PASSAGES, len(self)))
            for first in range(0, len(self), CHUNK_PASSAGES)
        ]
        return np.concatenate(pieces)


def encode_terms(
    passage_terms: Sequence[Sequence[str]], numbers: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Passages' terms as ids (int32, end to end) and each passage's length, numbering terms
    `numbers` does not hold yet in order of first appearance (rank-bm25's order: its average
    idf is a float sum in that order) and adding them to it.

    A chunk of passages at a time: `passage_terms` may make each passage's list as it is read
    (see `AnswerEngine`), so the terms are never all strings at once; and a C-level loop over
    millions of terms never lets go of the GIL, which would stall the event loop of a bot
    building its index in a worker thread (by most of a second at 100k passages).
    """
    every = itertools.chain.from_iterable
    pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
    length_pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
    for first in range(0, len(passage_terms), CHUNK_PASSAGES):
        chunk = passage_terms[first : first + CHUNK_PASSAGES]
        chunk_lengths = np.fromiter(map(len, chunk), np.int32, len(chunk))
        for term in dict.fromkeys(every(chunk)):
            numbers.setdefault(term, len(numbers))
        count = int(chunk_lengths.sum())
        pieces.append(np.fromiter(map(numbers.__getitem__, every(chunk)), np.int32, count))
        length_pieces.append(chunk_lengths)
    return np.concatenate(pieces), np.concatenate(length_pieces)


def index_arrays(
    vocabulary: Sequence[str], term_ids: np.ndarray, lengths: np.ndarray, *, compact: bool = True
) -> IndexArrays:
    """The arrays of the index over passages given as term ids (`term_ids`, end to end, and
    each passage's `lengths`) into `vocabulary`.

    With `compact`, the vocabulary is cut to the terms used and numbered in order of first
    appearance, as building from the terms themselves numbers it (rank-bm25's order, on which
    its average idf depends); pass False when `term_ids` are in that form already.
    """
    size = len(lengths)
    flat = np.asarray(term_ids, dtype=np.int32)
    terms = list(vocabulary)
    if compact and len(flat):
        used, first_seen = np.unique(flat, return_index=True)
        in_order = used[np.argsort(first_seen, kind="stable")]
        renumber = np.zeros(len(terms), dtype=np.int32)
        renumber[in_order] = np.arange(len(in_order), dtype=np.int32)
        flat = renumber[flat]
        terms = [terms[number] for number in in_order.tolist()]
    elif compact:
        terms = []
    # Each term occurrence's passage. np.repeat holds the GIL, also while the kernel maps in
    # the fresh pages it writes: over all 8M occurrences at 100k passages that stalled the
    # event loop for 0.1-0.15 s, so it goes a block of passages at a time (and with int64
    # counts: it casts int32 ones the slow way).
    counts = np.asarray(lengths, dtype=np.int64)
    ends = np.cumsum(counts)
    owners = np.empty(len(flat), dtype=np.int64)
    for first in range(0, size, CHUNK_PASSAGES):
        last = min(first + CHUNK_PASSAGES, size)
        span = slice(int(ends[first - 1]) if first else 0, int(ends[last - 1]))
        owners[span] = np.repeat(np.arange(first, last, dtype=np.int64), counts[first:last])
    # One entry per (term, passage), sorted by term then passage: the postings, end to end.
    keys, tf = np.unique(flat * np.int64(max(size, 1)) + owners, return_counts=True)
    term_of = keys // max(size, 1)
    return IndexArrays(
        vocabulary=terms,
        term_ids=flat,
        lengths=np.asarray(lengths, dtype=np.int32),
        document_frequency=np.bincount(term_of, minlength=len(terms)).astype(np.int32),
        positions=(keys - term_of * max(size, 1)).astype(np.int32),
        frequencies=tf.astype(np.int32),
    )


def narrowest_counts(counts: np.ndarray) -> np.ndarray:
    """Non-negative integer `counts` (any integer dtype, any shape) in the narrowest unsigned
    dtype that holds every one exactly: uint8 when none is over 255, else uint16 or uint32.
    The values are unchanged (and so are any floats made from them). Raises ValueError on a
    negative count or one over 2**32 - 1.

    A posting's term frequency is almost always under 256: at 100k passages, uint8 postings
    frequencies take 6 MB where int32 took 24.5.
    """
    values = np.asarray(counts)
    if not len(values.ravel()):
        return values.astype(np.uint8)
    low, high = int(values.min()), int(values.max())
    if low < 0:
        raise ValueError(f"a count is negative: {low}")
    for dtype in (np.uint8, np.uint16, np.uint32):
        if high <= np.iinfo(dtype).max:
            return values.astype(dtype)
    raise ValueError(f"a count is over 2**32 - 1: {high}")


# Postings whose passages' lengths `term_extremes` gathers at once (a term with more is
# gathered whole): 1 MB of lengths as uint8, where gathering all 64M postings' at 1M passages
# at once made a 256 MB int32 array (0.4-0.5 s; 0.15-0.25 s a block at a time, measured on
# that corpus).
_EXTREMES_POSTINGS = 1 << 20


def term_extremes(
    arrays: IndexArrays, frequencies: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each term's largest frequency in a passage and the length of the shortest passage
    holding it (int32, one a vocabulary term; 0 and 1 for a term without postings): what
    `PassageIndex.upper_bound` bounds a term's weight with, for any scope. `frequencies` are
    the postings' (those of `arrays` may have been left out), in any integer dtype (the
    narrowest is quickest: `narrowest_counts`).

    The lengths are read as the narrowest unsigned ints that hold them (the same values), a
    block of about `_EXTREMES_POSTINGS` postings at a time."""
    terms = len(arrays.document_frequency)
    most = np.zeros(terms, dtype=np.int32)
    shortest = np.ones(terms, dtype=np.int32)
    used = np.flatnonzero(arrays.document_frequency > 0)
    if not len(used):
        return most, shortest
    firsts = starts[used]
    most[used] = np.maximum.reduceat(frequencies, firsts)
    lengths = arrays.lengths
    if len(lengths) and int(lengths.min()) >= 0:
        lengths = narrowest_counts(lengths)
    ends = starts[used + 1]  # ascending: where each used term's postings end
    first = 0
    while first < len(used):
        low = int(firsts[first])
        # The used terms whose postings end within a block from this one's first (one at least).
        end = max(int(np.searchsorted(ends, low + _EXTREMES_POSTINGS, side="right")), first + 1)
        held = lengths[arrays.positions[low : int(ends[end - 1])]]
        shortest[used[first:end]] = np.minimum.reduceat(held, firsts[first:end] - low)
        first = end
    return most, shortest
