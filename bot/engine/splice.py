"""Splicing a built index without rebuilding it: the kept passages' postings moved to their new
positions, the dropped passages' taken out, the new passages' put in (`splice`), and the arrays
a build over the same passages makes, renumbered from a spliced index's (`canonical_arrays`).
`PassageIndex.spliced` and `PassageIndex.arrays` are the doors to these.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.engine.arrays import (
    CHUNK_PASSAGES,
    IndexArrays,
    TermLists,
    encode_terms,
    narrowest_counts,
    term_extremes,
)

# Postings handled per step of `splice` (a few milliseconds of numpy each).
_POSTINGS_BLOCK = 1 << 19
# Above this many terms touched by a change, `splice` recomputes every term's bounds at once.
_TOUCHED_TERMS_MAX = 20_000


@dataclass(frozen=True, slots=True)
class IndexParts:
    """The arrays a `PassageIndex` searches with, as `splice` reads and makes them.

    `numbers` maps each term to its id (numbered from 0 without gaps, in the mapping's order);
    `terms` holds each passage's term ids; `lengths` (int32) is each passage's length in terms.
    The postings are grouped by term, `document_frequency` (int32) of them a term, starting at
    `starts` (int64, one a term and one past the last); `positions` (int32) and `frequencies`
    (unsigned, as narrow as `narrowest_counts` makes them) are each posting's passage and term
    frequency. `most_often` and `shortest` (int32) are each term's `term_extremes`.
    """

    numbers: dict[str, int]
    terms: TermLists
    lengths: np.ndarray
    document_frequency: np.ndarray
    starts: np.ndarray
    positions: np.ndarray
    frequencies: np.ndarray
    most_often: np.ndarray
    shortest: np.ndarray


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


def splice(parts: IndexParts, pieces: Sequence[range | Sequence[Sequence[str]]]) -> IndexParts:
    """The parts of the index of passages made of `parts`' and new ones, in the order of
    `pieces` (see `PassageIndex.spliced`): a `range` of `parts`' positions, or new passages'
    terms in order. Raises ValueError when the ranges are not ascending and disjoint. The kept
    terms keep their numbers, new terms are numbered after them; `parts` is not changed."""
    old_size = len(parts.lengths)
    numbers = dict(parts.numbers)
    new_position = np.full(old_size, -1, dtype=np.int64)
    runs: list[range | tuple[np.ndarray, np.ndarray]] = []
    fresh: list[tuple[np.ndarray, np.ndarray, int]] = []  # ids, lengths, first position
    length_pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
    position = 0
    kept_end = 0
    for piece in pieces:
        if isinstance(piece, range):
            first, end = piece.start, piece.stop
            if first < kept_end or end > old_size or piece.step != 1:
                raise ValueError(f"passages {piece} are not after the ones kept before")
            kept_end = max(end, kept_end)
            new_position[first:end] = np.arange(position, position + end - first)
            length_pieces.append(parts.lengths[first:end])
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
    df[: len(parts.document_frequency)] = parts.document_frequency
    touched: set[int] = set()

    # Postings of the dropped passages: one per distinct (term, passage) among them.
    dropped = np.flatnonzero(new_position < 0)
    if len(dropped):
        runs_dropped = [
            (start, min(start + CHUNK_PASSAGES, end))
            for first, end in _runs_of(dropped)
            for start in range(first, end, CHUNK_PASSAGES)
        ]
        for first, end in runs_dropped:
            ids = parts.terms.ids(first, end)
            owners = np.repeat(np.arange(first, end), parts.lengths[first:end])
            keys = np.unique(ids.astype(np.int64) * max(old_size, 1) + owners)
            gone = keys // max(old_size, 1)
            np.subtract.at(df, gone, 1)
            touched.update(np.unique(gone).tolist())

    # The kept postings with their new positions, in the same order (term, then position:
    # positions move in order), a block at a time.
    position_pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
    frequency_pieces: list[np.ndarray] = [parts.frequencies[:0]]
    # Nothing dropped and nothing put before a kept passage: the positions stay.
    identity = not len(dropped) and bool(
        np.array_equal(new_position, np.arange(old_size, dtype=np.int64))
    )
    for start in range(0, len(parts.positions), _POSTINGS_BLOCK):
        block = parts.positions[start : start + _POSTINGS_BLOCK]
        frequencies = parts.frequencies[start : start + _POSTINGS_BLOCK]
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

    document_frequency = df.astype(np.int32)
    starts = np.zeros(terms + 1, dtype=np.int64)
    np.cumsum(df, out=starts[1:])
    most = np.zeros(terms, dtype=np.int32)
    shortest = np.ones(terms, dtype=np.int32)
    most[: len(parts.most_often)] = parts.most_often
    shortest[: len(parts.shortest)] = parts.shortest
    if len(touched) > _TOUCHED_TERMS_MAX:
        empty = np.zeros(0, dtype=np.int32)
        arrays = IndexArrays(vocabulary, empty, lengths, document_frequency, positions, empty)
        most, shortest = term_extremes(arrays, frequencies, starts)
    else:
        for term in touched:
            low, high = int(starts[term]), int(starts[term + 1])
            if high > low:
                most[term] = int(frequencies[low:high].max())
                shortest[term] = int(lengths[positions[low:high]].min())
            else:
                most[term], shortest[term] = 0, 1
    return IndexParts(
        numbers=numbers,
        terms=parts.terms.spliced(vocabulary, runs),
        lengths=lengths,
        document_frequency=document_frequency,
        starts=starts,
        positions=positions,
        frequencies=frequencies,
        most_often=most,
        shortest=shortest,
    )


def canonical_arrays(parts: IndexParts) -> IndexArrays:
    """The arrays of a spliced index's `parts` as a build over the same passages makes them
    (`PassageIndex.arrays`): the terms no passage holds dropped, the others renumbered in
    order of first appearance (as `index_arrays` numbers them), the postings regrouped in that
    order, the term ids unpacked (int32) and the frequencies widened to int32. Each term's
    first appearance is found a block of passages at a time (no sort of every occurrence)."""
    flat = parts.terms.all_ids()
    terms = len(parts.document_frequency)
    first_seen = np.full(terms, len(flat), dtype=np.int64)
    for start in range(0, len(flat), _POSTINGS_BLOCK):
        block = flat[start : start + _POSTINGS_BLOCK]
        np.minimum.at(first_seen, block, np.arange(start, start + len(block)))
    used = np.flatnonzero(parts.document_frequency > 0)
    order = used[np.argsort(first_seen[used], kind="stable")]
    renumber = np.full(terms, -1, dtype=np.int32)
    renumber[order] = np.arange(len(order), dtype=np.int32)
    term_ids = np.empty(len(flat), dtype=np.int32)
    for start in range(0, len(flat), _POSTINGS_BLOCK):
        term_ids[start : start + _POSTINGS_BLOCK] = renumber[flat[start : start + _POSTINGS_BLOCK]]
    starts = parts.starts
    spans = [slice(int(starts[t]), int(starts[t + 1])) for t in order.tolist()]
    empty = np.zeros(0, dtype=np.int32)
    vocabulary = parts.terms.vocabulary
    return IndexArrays(
        vocabulary=[vocabulary[t] for t in order.tolist()],
        term_ids=term_ids,
        lengths=parts.lengths,
        document_frequency=parts.document_frequency[order],
        positions=np.concatenate([empty, *(parts.positions[span] for span in spans)]),
        frequencies=np.concatenate([empty, *(parts.frequencies[span] for span in spans)]).astype(
            np.int32
        ),
    )
