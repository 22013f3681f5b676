"""BM25 over passages, from an inverted index: each term's postings (passage, term frequency).

The formula is BM25 as rank-bm25's `BM25Okapi` computes it (Robertson and Zaragoza, "The
Probabilistic Relevance Framework: BM25 and Beyond", 2009), with the idf Lucene uses since 6.0,
`log(1 + (N - n + 0.5) / (n + 0.5))`: positive for every term, at one passage or a million, so
a passage holding a question word never scores zero or below on it, and a word in half the
passages still counts (BM25Okapi's own idf is 0 there and negative above; rank-bm25 floors
negatives at epsilon times the mean idf, which left corpora of one or two short articles
answering nothing). `bench/oracle.py` holds the reference: rank-bm25's BM25Okapi with this
idf, whose `get_scores` the scores here equal bit for bit (tests and benchmarks).

Statistics (N, the average length, each term's document frequency) are those of the passages
a scope sees (`Statistics`): a server's answers depend on the shared corpus and its own uploads
only, never on another server's. Only passages sharing a term with a query are touched.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, overload

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

# Passages handled per step of a long build (see `encode_terms` and `index_arrays`).
_CHUNK_PASSAGES = 2048
# Postings handled per step of `PassageIndex.spliced` (a few milliseconds of numpy each).
_POSTINGS_BLOCK = 1 << 19
# Above this many terms touched by a change, `spliced` recomputes every term's bounds at once.
_TOUCHED_TERMS_MAX = 20_000
# A `search` with a limit and at least this many distinct terms skips its common terms where
# they cannot lift a passage into the top (`_pruned`); below it, scoring every posting is as
# quick (typed questions of 2-6 terms at 100k: 0.4-1.2 ms either way; bench/latency.py).
PRUNE_MIN_TERMS = 8
# Relative slack on the upper bounds, far above the float rounding of summing ~100 weights in
# another order (~1e-14), so no passage is dropped by rounding: the results stay exact.
_BOUND_SLACK = 1e-9


class BM25Parameters(BaseModel):
    """BM25's term-frequency saturation `k1` and length normalisation `b` (rank-bm25's and
    Lucene's defaults). Settings: ANSWER__BM25__K1, ANSWER__BM25__B."""

    model_config = ConfigDict(frozen=True)

    k1: float = Field(default=1.5, gt=0, description="BM25 term-frequency saturation.")
    b: float = Field(default=0.75, ge=0, le=1, description="BM25 length normalisation.")


def bm25_idf(size: int, frequency: int) -> float:
    """Lucene's BM25 idf of a term in `frequency` of `size` passages: always above 0."""
    return math.log(1.0 + (size - frequency + 0.5) / (frequency + 0.5))


@dataclass(frozen=True, slots=True, eq=False)
class Statistics:
    """The BM25 statistics of the passages one scope sees: `mask` (None when it sees every
    passage of the index), their number and average length in terms. Document frequencies are
    counted over the mask on first use and kept here (the mask never changes)."""

    mask: np.ndarray | None
    size: int
    average_length: float
    frequencies: dict[str, int] = field(default_factory=dict)
    # Each passage's length part of the formula, k1 * (1 - b + b * length / average), made on
    # first use (float64, one a passage of the index).
    norms: list[np.ndarray] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage position in the index and its BM25 score."""

    position: int
    score: float


@dataclass(frozen=True, slots=True)
class IndexArrays:
    """What a built index is made of, as flat arrays: enough to rebuild it without the corpus.

    `vocabulary` lists the terms in order of first appearance (rank-bm25's order, which its
    average idf depends on); `term_ids` is every passage's terms as ids, end to end (int32, or
    uint8: the ids packed by `pack_ids`, as the index holds and the store keeps them),
    `lengths` says where each passage's run ends. The postings are grouped by term:
    `document_frequency` says how many belong to each term, `positions` and `frequencies` are
    each posting's passage and its term frequency. BM25 weights are not stored: they follow
    from these and the parameters, with the same arithmetic, so they come out bit for bit the
    same.
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
    frequencies: np.ndarray  # int32, one per posting

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
        if len(set(self.vocabulary)) != len(self.vocabulary):
            return "the vocabulary repeats a term"
        if len(self.document_frequency) != len(self.vocabulary):
            return "the document frequencies do not match the vocabulary"
        if self.packed:
            problem = _packed_ids_problem(
                self.term_ids, int(self.lengths.sum()), len(self.vocabulary)
            )
            if problem:
                return problem
        elif int(self.lengths.sum()) != len(self.term_ids):
            return "the passage lengths do not add up to the term count"
        if int(self.document_frequency.sum()) != len(self.positions):
            return "the document frequencies do not add up to the postings"
        if len(self.frequencies) != len(self.positions):
            return "the postings and their frequencies differ in number"
        if (
            not self.packed
            and len(self.term_ids)
            and not 0 <= int(self.term_ids.min()) <= int(self.term_ids.max()) < len(self.vocabulary)
        ):
            return "a term id is outside the vocabulary"
        if len(self.positions) and not 0 <= int(self.positions.min()) <= int(
            self.positions.max()
        ) < len(self.lengths):
            return "a posting names a passage that does not exist"
        if len(self.frequencies) and int(self.frequencies.min()) < 1:
            return "a posting has no occurrences"
        return None


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
# 8 bytes an id, so a block at a time (300 kB of them) rather than 64 MB at 100k passages.
_SCAN_BYTES = 1 << 16


def _id_last_bytes(packed: np.ndarray) -> Iterator[np.ndarray]:
    """Where each id `pack_ids` packed ends (the position of its last byte, int64), a block of
    `_SCAN_BYTES` bytes at a time."""
    for start in range(0, len(packed), _SCAN_BYTES):
        yield np.flatnonzero((packed[start : start + _SCAN_BYTES] & 0x80) == 0) + start


def _packed_ids_problem(packed: np.ndarray, count: int, vocabulary: int) -> str | None:
    """Why `packed` is not `count` ids under `vocabulary` packed by `pack_ids`, or None.

    Only the ids as long as the largest id of the vocabulary, and with its highest bits, are
    unpacked to check their range (a shorter one, or one with lower highest bits, cannot be
    that large): a few rare terms.
    """
    wide = 1
    while wide < _VARINT_BYTES and vocabulary - 1 >= 1 << (7 * wide):
        wide += 1
    found, previous = 0, -1
    for last in _id_last_bytes(packed):
        found += len(last)
        if not len(last):
            continue
        sizes = np.diff(last, prepend=previous)
        previous = int(last[-1])
        if int(sizes.max()) > _VARINT_BYTES:
            return "a term id is outside the vocabulary"
        large = np.flatnonzero(sizes >= wide)
        if len(large):
            # An id's last byte holds its highest bits: only those with the highest bits of
            # the largest id in the vocabulary need unpacking to tell whether they are over.
            if int(sizes[large].max()) > wide:
                return "a term id is outside the vocabulary"
            tops = packed[last[large]]
            bound = (vocabulary - 1) >> (7 * (wide - 1))
            if int(tops.max()) > bound:
                return "a term id is outside the vocabulary"
            large = large[tops == bound]
        if len(large):
            widths = sizes[large]
            # Every byte of those ids, in order: each id's first byte, then the ones after it.
            offsets = np.arange(int(widths.sum()), dtype=np.int64)
            offsets -= np.repeat(np.cumsum(widths) - widths, widths)
            ids = unpack_ids(packed[np.repeat(last[large] - widths + 1, widths) + offsets])
            if int(ids.max()) >= vocabulary:
                return "a term id is outside the vocabulary"
    if found != count:
        return "the passage lengths do not add up to the term count"
    if previous != len(packed) - 1:
        return "the packed term ids end in the middle of one"
    return None


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


class TermLists(Sequence[list[str]]):
    """Each passage's analysed terms, read from the index's term ids on demand.

    The ids are held packed (`pack_ids`: 1.8 bytes a term occurrence at 100k passages) rather
    than as int32 or a list of string references per passage, and a stored index skips the
    text. Packing and unpacking go a block of passages at a time (see `encode_terms`).
    """

    def __init__(self, vocabulary: list[str], term_ids: np.ndarray, lengths: np.ndarray) -> None:
        self._vocabulary = vocabulary
        self._ends = np.cumsum(lengths, dtype=np.int64)
        pieces: list[np.ndarray] = [np.zeros(0, dtype=np.uint8)]
        byte_ends = np.zeros(len(lengths), dtype=np.int64)
        done = 0
        for first in range(0, len(lengths), _CHUNK_PASSAGES):
            last = min(first + _CHUNK_PASSAGES, len(lengths))
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
        cls, vocabulary: list[str], packed: np.ndarray, lengths: np.ndarray
    ) -> TermLists:
        """The term lists of ids already packed (`pack_ids`, uint8, end to end: what `packed`
        gives), each passage `lengths` ids long; the bytes are held, not copied. The caller
        has checked that they hold `lengths.sum()` whole ids."""
        terms = cls.__new__(cls)
        terms._vocabulary = vocabulary
        terms._ends = np.cumsum(lengths, dtype=np.int64)
        terms._packed = np.array(packed, dtype=np.uint8)
        terms._byte_ends = _byte_ends(packed, terms._ends)
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
        joined._ends = np.cumsum(np.concatenate(lengths), dtype=np.int64)
        joined._packed = np.concatenate(packed)
        joined._byte_ends = np.concatenate(byte_ends)
        return joined

    @property
    def vocabulary(self) -> list[str]:
        """Term id -> term, for the ids `ids` gives."""
        return self._vocabulary

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
        return list(map(self._vocabulary.__getitem__, self.ids(index, index + 1).tolist()))

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
            self.ids(first, min(first + _CHUNK_PASSAGES, len(self)))
            for first in range(0, len(self), _CHUNK_PASSAGES)
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
    for first in range(0, len(passage_terms), _CHUNK_PASSAGES):
        chunk = passage_terms[first : first + _CHUNK_PASSAGES]
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
    for first in range(0, size, _CHUNK_PASSAGES):
        last = min(first + _CHUNK_PASSAGES, size)
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


def _kth_largest(values: np.ndarray, k: int) -> float:
    """The k-th largest of `values` (1 <= k <= len(values))."""
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _runs_of(positions: np.ndarray) -> list[tuple[int, int]]:
    """Ascending positions as runs of consecutive ones, (first, end) each."""
    if not len(positions):
        return []
    breaks = np.flatnonzero(np.diff(positions) != 1) + 1
    firsts = positions[np.concatenate([[0], breaks])]
    lasts = positions[np.concatenate([breaks - 1, [len(positions) - 1]])]
    return [(int(a), int(b) + 1) for a, b in zip(firsts.tolist(), lasts.tolist(), strict=True)]


def _inserted(values: np.ndarray, at: np.ndarray, new: np.ndarray) -> np.ndarray:
    """`values` with `new` put before the indexes `at` (ascending; equal ones in the order
    given), as `np.insert` does, but by copying the runs between them (memory copies that
    stay short) rather than through a mask over every value."""
    pieces: list[np.ndarray] = []
    done = 0
    bounds = np.flatnonzero(np.diff(at, append=len(values) + 1)) + 1
    first = 0
    for end in bounds.tolist():
        where = int(at[first])
        pieces.append(values[done:where])
        pieces.append(new[first:end])
        done, first = where, end
    pieces.append(values[done:])
    return np.concatenate(pieces).astype(values.dtype, copy=False)


def _term_extremes(
    arrays: IndexArrays, frequencies: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each term's largest frequency in a passage and the length of the shortest passage
    holding it (int32, one a vocabulary term; 0 and 1 for a term without postings): what
    `PassageIndex.upper_bound` bounds a term's weight with, for any scope. `frequencies` are
    the postings' (those of `arrays` may have been left out)."""
    terms = len(arrays.document_frequency)
    most = np.zeros(terms, dtype=np.int32)
    shortest = np.ones(terms, dtype=np.int32)
    used = np.flatnonzero(arrays.document_frequency > 0)
    if len(used):
        firsts = starts[used]
        most[used] = np.maximum.reduceat(frequencies, firsts)
        shortest[used] = np.minimum.reduceat(arrays.lengths[arrays.positions], firsts)
    return most, shortest


class PassageIndex:
    """BM25 over a fixed list of term lists (see the module's docstring for the formula)."""

    def __init__(
        self, passage_terms: Sequence[Sequence[str]], parameters: BM25Parameters | None = None
    ) -> None:
        ids: dict[str, int] = {}
        flat, lengths = encode_terms(passage_terms, ids)
        arrays = index_arrays(list(ids), flat, lengths, compact=False)
        self._load(arrays, parameters, ids)

    @classmethod
    def from_arrays(
        cls, arrays: IndexArrays, parameters: BM25Parameters | None = None
    ) -> PassageIndex:
        """The index `arrays` describe (as `arrays()` gave them), without re-reading the corpus.

        Raises ValueError if the arrays are inconsistent.
        """
        problem = arrays.problem()
        if problem:
            raise ValueError(f"not a valid index: {problem}")
        index = cls.__new__(cls)
        index._load(arrays, parameters, None)
        return index

    def arrays(self, *, packed: bool = False) -> IndexArrays:
        """The arrays this index is built from (see `from_arrays`); the term ids are unpacked
        from `terms` (32 MB at 100k passages), or with `packed` given as `terms` holds them
        (`pack_ids`, uint8: not a copy), and the frequencies widened back to int32 for each
        call. An index made by `spliced` numbers its terms otherwise inside: its arrays are
        renumbered here to those a build over the same passages makes, bit for bit, with the
        term ids unpacked whatever `packed` says (0.3-0.5 s at 100k passages, a block at a
        time: run it off the event loop)."""
        if not self._canonical:
            return self._canonical_arrays()
        return dataclasses.replace(
            self._arrays,
            term_ids=self.terms.packed if packed else self.terms.all_ids(),
            frequencies=self._frequencies.astype(np.int32),
        )

    def lengths(self) -> np.ndarray:
        """Each passage's length in terms (int32), by position."""
        return self._lengths

    def term_numbers(self) -> Mapping[str, int]:
        """Each term's number inside this index: the ids `terms.ids` gives, numbered from 0
        without gaps in the mapping's order. For an index built or loaded from arrays, the
        term's position in `arrays().vocabulary`; one made by `spliced` also numbers terms no
        passage holds any more (they have no postings) and numbers new ones after the old."""
        return self._term_ids

    def spliced(self, pieces: Sequence[range | Sequence[Sequence[str]]]) -> PassageIndex:
        """The index of passages made of this one's and new ones, in the order of `pieces`: a
        `range` of this index's positions (kept, their term ids and postings reused), or new
        passages' terms in order. This index's passages in no range are dropped; the ranges
        must be ascending and disjoint (ValueError otherwise: the postings stay in order only
        if the kept passages do).

        Searching it gives what an index built over the same passages' terms gives, bit for
        bit, and `arrays()` returns that index's arrays; only the numbering inside differs
        (the kept terms keep their numbers, new terms are numbered after them), so the term
        ids of kept passages are never renumbered or repacked. The work is proportional to
        the postings (copied with their positions moved, a block at a time: each C call stays
        a few milliseconds at 100k passages) plus the new and dropped passages' terms.
        This index is not changed.
        """
        numbers = dict(self._term_ids)
        new_position = np.full(self.size, -1, dtype=np.int64)
        runs: list[range | tuple[np.ndarray, np.ndarray]] = []
        fresh: list[tuple[np.ndarray, np.ndarray, int]] = []  # ids, lengths, first position
        length_pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
        position = 0
        kept_end = 0
        for piece in pieces:
            if isinstance(piece, range):
                first, end = piece.start, piece.stop
                if first < kept_end or end > self.size or piece.step != 1:
                    raise ValueError(f"passages {piece} are not after the ones kept before")
                kept_end = max(end, kept_end)
                new_position[first:end] = np.arange(position, position + end - first)
                length_pieces.append(self._lengths[first:end])
                position += end - first
                runs.append(piece)
            else:
                ids, lengths = encode_terms(piece, numbers)
                fresh.append((ids, lengths, position))
                length_pieces.append(lengths)
                position += len(lengths)
                runs.append((ids, lengths))
        size = position
        lengths = np.concatenate(length_pieces).astype(np.int32)
        vocabulary = list(numbers)
        terms = len(vocabulary)
        df = np.zeros(terms, dtype=np.int64)
        df[: len(self._document_frequency)] = self._document_frequency
        touched: set[int] = set()

        # Postings of the dropped passages: one per distinct (term, passage) among them.
        dropped = np.flatnonzero(new_position < 0)
        if len(dropped):
            runs_dropped = [
                (start, min(start + _CHUNK_PASSAGES, end))
                for first, end in _runs_of(dropped)
                for start in range(first, end, _CHUNK_PASSAGES)
            ]
            for first, end in runs_dropped:
                ids = self.terms.ids(first, end)
                owners = np.repeat(np.arange(first, end), self._lengths[first:end])
                keys = np.unique(ids.astype(np.int64) * max(self.size, 1) + owners)
                gone = keys // max(self.size, 1)
                np.subtract.at(df, gone, 1)
                touched.update(np.unique(gone).tolist())

        # The kept postings with their new positions, in the same order (term, then position:
        # positions move in order), a block at a time.
        position_pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
        frequency_pieces: list[np.ndarray] = [self._frequencies[:0]]
        # Nothing dropped and nothing put before a kept passage: the positions stay.
        identity = not len(dropped) and bool(
            np.array_equal(new_position, np.arange(self.size, dtype=np.int64))
        )
        for start in range(0, len(self._positions), _POSTINGS_BLOCK):
            block = self._positions[start : start + _POSTINGS_BLOCK]
            frequencies = self._frequencies[start : start + _POSTINGS_BLOCK]
            if not identity:
                moved = new_position[block]
                if len(dropped):
                    keep = moved >= 0
                    moved, frequencies = moved[keep], frequencies[keep]
                block = moved.astype(np.int32)
            position_pieces.append(block)
            frequency_pieces.append(frequencies)
        old_starts = np.zeros(terms + 1, dtype=np.int64)
        np.cumsum(df, out=old_starts[1:])  # the kept postings' blocks, by term

        # The new passages' postings, each put in its term's block where its position falls.
        if fresh:
            ids = np.concatenate([ids for ids, _, _ in fresh]).astype(np.int64)
            owners = np.concatenate(
                [
                    np.repeat(np.arange(start, start + len(run_lengths)), run_lengths)
                    for _, run_lengths, start in fresh
                ]
            )
            keys, tf = np.unique(ids * max(size, 1) + owners, return_counts=True)
            new_terms = keys // max(size, 1)
            new_positions = (keys - new_terms * max(size, 1)).astype(np.int32)
        else:
            new_terms = np.zeros(0, dtype=np.int64)
            new_positions = np.zeros(0, dtype=np.int32)
            tf = np.zeros(0, dtype=np.int64)
        positions = np.concatenate(position_pieces)
        frequencies = np.concatenate(frequency_pieces)
        if len(new_terms):
            at = np.empty(len(new_terms), dtype=np.int64)
            bounds = np.flatnonzero(np.diff(new_terms, prepend=-1, append=terms + 1))
            for first, end in itertools.pairwise(bounds.tolist()):
                term = int(new_terms[first])
                low, high = int(old_starts[term]), int(old_starts[term + 1])
                at[first:end] = low + np.searchsorted(positions[low:high], new_positions[first:end])
            positions = _inserted(positions, at, new_positions)
            wide = narrowest_counts(tf).dtype  # a count too large for the dtype widens it
            if wide.itemsize > frequencies.dtype.itemsize:
                frequencies = frequencies.astype(wide)
            frequencies = _inserted(frequencies, at, tf.astype(frequencies.dtype))
            np.add.at(df, new_terms, 1)
            touched.update(np.unique(new_terms).tolist())

        index = PassageIndex.__new__(PassageIndex)
        index.parameters = self.parameters
        index.size = size
        index._canonical = False
        index._term_ids = numbers
        index.terms = self.terms.spliced(vocabulary, runs)
        document_frequency = df.astype(np.int32)
        empty = np.zeros(0, dtype=np.int32)
        index._arrays = IndexArrays(
            vocabulary, empty, lengths, document_frequency, positions, empty
        )
        index._document_frequency = document_frequency
        index._positions = positions
        index._frequencies = frequencies
        index._lengths = lengths
        index._starts = np.zeros(terms + 1, dtype=np.int64)
        np.cumsum(df, out=index._starts[1:])
        most = np.zeros(terms, dtype=np.int32)
        shortest = np.ones(terms, dtype=np.int32)
        most[: len(self._most_often)] = self._most_often
        shortest[: len(self._shortest)] = self._shortest
        if len(touched) > _TOUCHED_TERMS_MAX:
            most, shortest = _term_extremes(index._arrays, frequencies, index._starts)
        else:
            for term in touched:
                low, high = int(index._starts[term]), int(index._starts[term + 1])
                if high > low:
                    most[term] = int(frequencies[low:high].max())
                    shortest[term] = int(lengths[positions[low:high]].min())
                else:
                    most[term], shortest[term] = 0, 1
        index._most_often, index._shortest = most, shortest
        index._everything = index.statistics(None)
        return index

    def _canonical_arrays(self) -> IndexArrays:
        """`arrays()` of an index made by `spliced`: the terms no passage holds dropped, the
        others renumbered in order of first appearance (as `index_arrays` numbers them), the
        postings regrouped in that order. Each term's first appearance is found a block of
        passages at a time (no sort of every occurrence)."""
        flat = self.terms.all_ids()
        terms = len(self._document_frequency)
        first_seen = np.full(terms, len(flat), dtype=np.int64)
        for start in range(0, len(flat), _POSTINGS_BLOCK):
            block = flat[start : start + _POSTINGS_BLOCK]
            np.minimum.at(first_seen, block, np.arange(start, start + len(block)))
        used = np.flatnonzero(self._document_frequency > 0)
        order = used[np.argsort(first_seen[used], kind="stable")]
        renumber = np.full(terms, -1, dtype=np.int32)
        renumber[order] = np.arange(len(order), dtype=np.int32)
        term_ids = np.empty(len(flat), dtype=np.int32)
        for start in range(0, len(flat), _POSTINGS_BLOCK):
            term_ids[start : start + _POSTINGS_BLOCK] = renumber[
                flat[start : start + _POSTINGS_BLOCK]
            ]
        starts = self._starts
        spans = [slice(int(starts[t]), int(starts[t + 1])) for t in order.tolist()]
        empty = np.zeros(0, dtype=np.int32)
        vocabulary = self.terms.vocabulary
        return IndexArrays(
            vocabulary=[vocabulary[t] for t in order.tolist()],
            term_ids=term_ids,
            lengths=self._lengths,
            document_frequency=self._document_frequency[order],
            positions=np.concatenate([empty, *(self._positions[span] for span in spans)]),
            frequencies=np.concatenate(
                [empty, *(self._frequencies[span] for span in spans)]
            ).astype(np.int32),
        )

    def _load(
        self,
        arrays: IndexArrays,
        parameters: BM25Parameters | None,
        ids: dict[str, int] | None,
    ) -> None:
        self.parameters = parameters or BM25Parameters()
        self.size = len(arrays.lengths)
        self._term_ids = ids if ids is not None else {t: n for n, t in enumerate(arrays.vocabulary)}
        if arrays.packed:
            self.terms = TermLists.from_packed(arrays.vocabulary, arrays.term_ids, arrays.lengths)
        else:
            self.terms = TermLists(arrays.vocabulary, arrays.term_ids, arrays.lengths)
        # The term ids are held packed in `terms` only, the frequencies as the narrowest
        # unsigned ints that hold them (uint8, but for a term 256 times in one passage): both
        # are widened back by `arrays`. Frequencies are only ever read as float64 weights.
        empty = np.zeros(0, dtype=np.int32)
        self._arrays = dataclasses.replace(arrays, term_ids=empty, frequencies=empty)
        self._canonical = True  # numbered as `arrays()` gives them (see `spliced`)
        self._document_frequency = arrays.document_frequency
        self._positions = arrays.positions
        self._frequencies = narrowest_counts(arrays.frequencies)
        self._lengths = arrays.lengths
        self._starts = np.zeros(len(arrays.vocabulary) + 1, dtype=np.int64)
        np.cumsum(arrays.document_frequency, out=self._starts[1:])
        self._most_often, self._shortest = _term_extremes(arrays, arrays.frequencies, self._starts)
        self._everything = self.statistics(None)

    def upper_bound(self, term: str, statistics: Statistics | None = None) -> float:
        """At least the BM25 weight of `term` in any passage `statistics` describes: its idf
        times (k1 + 1) f / (f + norm) at the term's largest frequency f and the norm of the
        shortest passage holding it (the weight grows with f and shrinks with the length).
        0 for a term no passage holds."""
        stats = statistics or self._everything
        number = self._term_ids.get(term)
        if number is None or not self.document_frequency(term, stats):
            return 0.0
        k1, b = self.parameters.k1, self.parameters.b
        most = float(self._most_often[number])
        norm = k1 * (1 - b + b * float(self._shortest[number]) / (stats.average_length or 1.0))
        return self.idf(term, stats) * (k1 + 1) * most / (most + norm)

    def _span(self, term: str) -> slice | None:
        """Where a term's postings lie in the flat arrays."""
        number = self._term_ids.get(term)
        if number is None:
            return None
        start, stop = int(self._starts[number]), int(self._starts[number + 1])
        # A term of a spliced index that no passage holds any more has no postings: unseen.
        return slice(start, stop) if stop > start else None

    # --- statistics ---------------------------------------------------------------------------

    def statistics(self, mask: np.ndarray | None) -> Statistics:
        """The statistics of the passages `mask` (a boolean array over positions) keeps, or of
        every passage when it is None or keeps them all."""
        lengths = self._lengths.astype(np.int64)
        if mask is None or bool(mask.all()):
            size, total, mask = self.size, int(lengths.sum()), None
        else:
            size, total = int(np.count_nonzero(mask)), int(lengths[mask].sum())
        return Statistics(mask, size, total / size if size else 0.0)

    def document_frequency(self, term: str, statistics: Statistics | None = None) -> int:
        """How many of the passages `statistics` describes (default: all) hold `term`."""
        stats = statistics or self._everything
        found = stats.frequencies.get(term)
        if found is None:
            span = self._span(term)
            if span is None:
                found = 0
            elif stats.mask is None:
                found = span.stop - span.start
            else:
                found = int(np.count_nonzero(stats.mask[self._positions[span]]))
            stats.frequencies[term] = found
        return found

    def idf(self, term: str, statistics: Statistics | None = None) -> float:
        """The term's idf among the passages `statistics` describes (see `bm25_idf`); also what
        covering the term is worth when coverage is weighed. Largest for an unseen term."""
        stats = statistics or self._everything
        return bm25_idf(stats.size, self.document_frequency(term, stats))

    def idf_of_unseen(self, statistics: Statistics | None = None) -> float:
        """The largest idf a term can have: that of a term no passage contains."""
        return bm25_idf((statistics or self._everything).size, 0)

    # --- scoring ------------------------------------------------------------------------------

    def postings(
        self, term: str, statistics: Statistics | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The passages (positions, ascending) among those `statistics` describes that hold
        `term`, and the term's BM25 score in each (float64)."""
        stats = statistics or self._everything
        span = self._span(term)
        if span is None:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        positions, tf = self._positions[span], self._frequencies[span]
        if stats.mask is not None:
            keep = stats.mask[positions]
            positions, tf = positions[keep], tf[keep]
        idf = self.idf(term, stats)
        frequency = tf.astype(np.float64)  # small counts: exact as floats
        # rank-bm25's expression, operation for operation, so the numbers are its own: its
        # length part is the same number whether made a passage at a time or all at once.
        norms = self._norms(stats)[positions]
        weights = idf * (frequency * (self.parameters.k1 + 1) / (frequency + norms))
        return positions, weights

    def _norms(self, stats: Statistics) -> np.ndarray:
        """k1 * (1 - b + b * length / average length) of every passage, for `stats`."""
        if not stats.norms:
            k1, b = self.parameters.k1, self.parameters.b
            lengths = self._lengths.astype(np.float64)
            average = stats.average_length or 1.0  # no passage has a term: nothing to weigh
            stats.norms.append(k1 * (1 - b + b * lengths / average))
        return stats.norms[0]

    def at(self, term: str, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of `positions` (ascending) hold `term`, as a boolean array aligned with them,
        and the term's frequency in each that does (unsigned ints, as narrow as the index holds
        them: see `narrowest_counts`): by binary search in the term's postings when they are
        long beside `positions`, else by marking them (whichever touches less)."""
        span = self._span(term)
        if span is None or not len(positions):
            return np.zeros(len(positions), dtype=bool), np.zeros(0, dtype=np.int32)
        postings = self._positions[span]
        frequencies = self._frequencies[span]
        if len(postings) > 8 * len(positions):
            found = np.searchsorted(postings, positions)
            inside = found < len(postings)
            hit = np.zeros(len(positions), dtype=bool)
            hit[inside] = postings[found[inside]] == positions[inside]
            return hit, frequencies[found[hit]]
        slot = np.zeros(self.size, dtype=np.int32)  # 1 + the posting's index, 0 for none
        slot[postings] = np.arange(1, len(postings) + 1, dtype=np.int32)
        at = slot[positions]
        hit = at > 0
        return hit, frequencies[at[hit] - 1]

    def scores_at(
        self,
        query_terms: Sequence[str],
        positions: np.ndarray,
        weighted: Mapping[str, float] | None = None,
        statistics: Statistics | None = None,
        found: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> np.ndarray:
        """The `scores` of the passages at `positions` (ascending) only, bit for bit the same:
        each term's weight is computed where the passage holds it (`at`, or `found` when the
        caller looked the terms up already) and added term by term in query order."""
        stats = statistics or self._everything
        total = np.zeros(len(positions))
        if not len(positions):
            return total
        norms = self._norms(stats)[positions]
        k1 = self.parameters.k1
        terms = [(t, 1.0) for t in query_terms] + sorted((weighted or {}).items())
        for number, (term, factor) in enumerate(terms):
            hit, tf = found[term] if found and term in found else self.at(term, positions)
            if not len(tf):
                continue
            frequency = tf.astype(np.float64)
            weights = self.idf(term, stats) * (frequency * (k1 + 1) / (frequency + norms[hit]))
            total[hit] += weights if number < len(query_terms) else factor * weights
        return total

    def candidates(
        self, query_terms: Iterable[str], statistics: Statistics | None = None
    ) -> np.ndarray:
        """Positions of the passages (of those `statistics` describes) that contain at least one
        query term, ascending."""
        stats = statistics or self._everything
        found = np.zeros(self.size, dtype=bool)
        for term in set(query_terms):
            span = self._span(term)
            if span is not None:
                found[self._positions[span]] = True
        if stats.mask is not None:
            found &= stats.mask
        return np.flatnonzero(found)

    def scores(
        self,
        query_terms: Sequence[str],
        weighted: Mapping[str, float] | None = None,
        statistics: Statistics | None = None,
    ) -> np.ndarray:
        """BM25 scores of every passage (zero where no term matches, and outside `statistics`'
        passages), as rank-bm25's `get_scores` gives them over those passages.

        `weighted` terms add their BM25 score times a factor (a stand-in for a question word
        counts less than the word); without them the scores equal the reference's.
        """
        total = np.zeros(self.size)
        for term in query_terms:  # repeats count again, as in rank-bm25
            positions, weights = self.postings(term, statistics)
            total[positions] += weights
        for term, factor in sorted((weighted or {}).items()):
            positions, weights = self.postings(term, statistics)
            total[positions] += factor * weights
        return total

    def positions_of(self, term: str) -> np.ndarray:
        """Positions of the passages that contain `term`, ascending."""
        span = self._span(term)
        return self._positions[span] if span is not None else np.zeros(0, dtype=np.int64)

    def matches(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
        statistics: Statistics | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the (allowed) passages sharing a term with the query, in corpus order,
        and their scores: `search_arrays` before the sort, for callers that filter first."""
        positions = self.candidates([*query_terms, *(weighted or {})], statistics)
        if allowed is not None and len(positions):
            positions = positions[allowed[positions]]
        if not len(positions):
            return positions, np.zeros(0)
        return positions, self.scores(query_terms, weighted, statistics)[positions]

    def search_arrays(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
        limit: int | None = None,
        statistics: Statistics | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """`search` as two arrays, positions and scores, best first (no Python object a hit)."""
        if limit is not None and limit > 0:
            pruned = self._pruned(query_terms, allowed, weighted or {}, limit, statistics)
            if pruned is not None:
                return pruned
        positions, scores = self.matches(query_terms, allowed, weighted, statistics)
        if not len(positions):
            return positions, scores
        if limit is not None and limit < len(positions):
            # Only the `limit` best need sorting: keep every score at least the limit-th best
            # (ties at the cut included), so the stable sort below gives the same first `limit`.
            cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            best = scores >= cut
            positions, scores = positions[best], scores[best]
        # Best first; ties keep corpus order (a stable sort on the negated score).
        order = np.argsort(-scores, kind="stable")[:limit]
        return positions[order], scores[order]

    def _pruned(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None,
        weighted: Mapping[str, float],
        limit: int,
        statistics: Statistics | None,
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The `limit` best of a long query, as `search_arrays` gives them, scoring only the
        passages that can reach them (MaxScore: Turtle and Flood, "Query evaluation: strategies
        and optimizations", 1995). None when the query is short or the bound does not apply.

        1. Passages holding the query's rarest terms are scored exactly: their `limit`-th best
           score, `floor`, is at most the `limit`-th best of all.
        2. The common terms whose upper bounds (`upper_bound`) add up to less than `floor` are
           "non-essential": a passage holding only those cannot reach the top.
        3. The passages holding an essential term are bounded by their essential terms' weights
           plus the non-essential terms' bounds; those whose bound reaches `floor` are scored
           exactly (`scores_at`, the same sums in the same order), and sorted as `search_arrays`
           sorts (best first, ties in corpus order). Every passage of the exhaustive top scores
           at least `floor`, so it is among them: the result is the same, bit for bit.
        """
        stats = statistics or self._everything
        factors: dict[str, float] = {}
        for term in query_terms:  # a repeated term counts again, as in `scores`
            factors[term] = factors.get(term, 0.0) + 1.0
        for term, factor in weighted.items():
            factors[term] = factors.get(term, 0.0) + factor
        if len(factors) < PRUNE_MIN_TERMS or min(factors.values()) <= 0:
            return None  # a zero or negative weight would break the bounds
        bounds = {term: factor * self.upper_bound(term, stats) for term, factor in factors.items()}
        terms = sorted((t for t in bounds if bounds[t] > 0), key=lambda t: (-bounds[t], t))
        if not terms:
            return None

        def keep(positions: np.ndarray) -> np.ndarray:
            if stats.mask is not None:
                positions = positions[stats.mask[positions]]
            return positions[allowed[positions]] if allowed is not None else positions

        # 1. A floor from the passages holding the rarest terms (highest bounds first).
        seed = np.zeros(0, dtype=np.int32)
        for term in terms:
            seed = np.union1d(seed, keep(self.positions_of(term)))
            if len(seed) >= limit:
                break
        else:
            return None  # fewer passages than asked for share the rarest terms: score them all
        floor = _kth_largest(self.scores_at(query_terms, seed, weighted, stats), limit)
        # 2. Term at a time, rarest first, while the terms left could still lift a passage that
        # holds none of the terms so far to the floor; the rest are the common terms.
        partial = np.zeros(self.size)  # the weights added so far: at most the passage's score
        held = np.zeros(self.size, dtype=bool)
        rest = sum(bounds.values())
        done = 0
        while done < len(terms) and rest * (1 + _BOUND_SLACK) >= floor:
            positions, weights = self.postings(terms[done], stats)
            partial[positions] += factors[terms[done]] * weights
            held[positions] = True
            rest -= bounds[terms[done]]
            done += 1
        if allowed is not None:
            held &= allowed
        candidates = np.flatnonzero(held)
        lower = partial[candidates]
        # 3. The common terms looked up at the passages that can still reach the floor, the
        # largest bound first, the floor rising with what the passages are known to score.
        norms = self._norms(stats)
        k1 = self.parameters.k1
        for term in terms[done:]:
            if len(lower) >= limit:
                floor = max(floor, _kth_largest(lower, limit) * (1 - _BOUND_SLACK))
            alive = (lower + rest) * (1 + _BOUND_SLACK) >= floor
            candidates, lower = candidates[alive], lower[alive]
            hit, tf = self.at(term, candidates)
            frequency = tf.astype(np.float64)
            weight = self.idf(term, stats) * (
                frequency * (k1 + 1) / (frequency + norms[candidates[hit]])
            )
            lower[hit] += factors[term] * weight
            rest -= bounds[term]
        if len(lower) >= limit:
            floor = max(floor, _kth_largest(lower, limit) * (1 - _BOUND_SLACK))
        candidates = candidates[(lower + max(rest, 0.0)) * (1 + _BOUND_SLACK) >= floor]
        scores = self.scores_at(query_terms, candidates, weighted, stats)
        order = np.argsort(-scores, kind="stable")[:limit]
        return candidates[order], scores[order]

    def search(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
        limit: int | None = None,
        statistics: Statistics | None = None,
    ) -> list[Hit]:
        """Every passage sharing a term with the query (or the `limit` best), best first.

        `statistics` says which passages the scores are computed over (a scope: the shared
        documents and one server's; default every passage); `allowed`, a boolean mask over
        positions, keeps only some of them (one document).
        """
        positions, scores = self.search_arrays(query_terms, allowed, weighted, limit, statistics)
        return [Hit(p, s) for p, s in zip(positions.tolist(), scores.tolist(), strict=True)]
