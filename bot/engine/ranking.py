"""Ranked candidates (`Ranking`) and how they are put in order: only as far as they are read.

A question at 100k passages can have tens of thousands of candidates, and an answer reads the
first few: `Ranking` holds them as arrays with their sort keys and orders the first ranks when
built, more when a later rank is read (`first_in_order`); `best_first` sorts by score only the
first ones the ranker's boosts read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from bot.engine.abstain import Signals
from bot.engine.models import Passage


@dataclass(slots=True)
class Scored:
    passage: Passage
    score: float
    coverage: float


class Ranking(Sequence[Scored]):
    """Ranked candidates as arrays; a Scored is made only for those read (the first few).

    Without `order_by` the arrays (shape (n,) each) are in rank order. With it (sort keys of
    shape (n,) aligned with the arrays, most significant first, each ascending) the arrays are
    in any order and the ranking is theirs by those keys, ties in array order, as
    `np.lexsort(order_by[::-1])` gives; only as much of that order is found as is read (the
    first RANKING_PREFIX ranks, more when a later rank is read; see `first_in_order`), so a
    question with tens of thousands of candidates does not sort them all.

    `signals` says what the best candidate shows about whether the corpus answers at all (see
    `bot.engine.abstain`); None where no such judgement applies (evidence listed by kind).
    """

    def __init__(
        self,
        passages: list[Passage],
        positions: np.ndarray,
        scores: np.ndarray,
        coverage: np.ndarray,
        signals: Signals | None = None,
        order_by: Sequence[np.ndarray] | None = None,
    ) -> None:
        self._passages = passages
        self._positions = positions
        self._scores = scores
        self._coverage = coverage
        self.signals = signals
        self._order_by = order_by
        # The array indices of the first ranks, in rank order (None: the arrays are in order).
        self._order: np.ndarray | None = None
        if order_by is not None:
            self._order = first_in_order(order_by, RANKING_PREFIX)

    def __len__(self) -> int:
        return len(self._positions)

    def at(self, rank: int) -> int:
        """The array index (into the arrays given) of the passage at `rank` (0 the best;
        negative from the end); IndexError outside the ranking."""
        size = len(self)
        if rank < 0:
            rank += size
        if not 0 <= rank < size:
            raise IndexError(rank)
        if self._order is None or self._order_by is None:
            return rank
        if rank >= len(self._order):
            # Read past the ranks found: find at least twice as many.
            self._order = first_in_order(self._order_by, max(2 * len(self._order), rank + 1))
        return int(self._order[rank])

    @overload
    def __getitem__(self, index: int) -> Scored: ...
    @overload
    def __getitem__(self, index: slice) -> list[Scored]: ...
    def __getitem__(self, index: int | slice) -> Scored | list[Scored]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        at = self.at(index)
        return Scored(
            self._passages[int(self._positions[at])],
            float(self._scores[at]),
            float(self._coverage[at]),
        )

    def __iter__(self) -> Iterator[Scored]:
        return (self[i] for i in range(len(self)))

    def count_at_least(self, floor: float) -> int:
        """How many ranked passages score `floor` or more (counted, none read)."""
        return int(np.count_nonzero(self._scores >= floor))

    def moved_first(
        self, positions: np.ndarray, scores: np.ndarray, coverage: np.ndarray
    ) -> Ranking:
        """This ranking with the passages at collection `positions` (distinct; shape (m,), with
        their `scores` and `coverage`) first, in that order, and the rest in this ranking's
        order; as lazily ordered as this one."""
        rest = ~np.isin(self._positions, positions)
        keys = self._order_by or (np.arange(len(self._positions)),)
        head, tail = len(positions), int(rest.sum())
        # The moved passages tie on every key after the first, so they keep the order given.
        order_by = [
            np.concatenate([np.zeros(head, dtype=bool), np.ones(tail, dtype=bool)]),
            *(np.concatenate([np.zeros(head, dtype=key.dtype), key[rest]]) for key in keys),
        ]
        return Ranking(
            self._passages,
            np.concatenate([positions, self._positions[rest]]),
            np.concatenate([scores, self._scores[rest]]),
            np.concatenate([coverage, self._coverage[rest]]),
            self.signals,
            order_by,
        )

    def scored_at(self, position: int) -> Scored | None:
        """The passage at collection `position` as ranked here (its score with every boost, its
        coverage), in whatever rank; None when it is not ranked."""
        found = np.flatnonzero(self._positions == position)
        if not len(found):
            return None
        at = int(found[0])
        return Scored(self._passages[position], float(self._scores[at]), float(self._coverage[at]))


# How many ranks a `Ranking` orders at first: an answer reads the first few (merging
# near-duplicates reads a few more); reading further orders more.
RANKING_PREFIX = 64


def first_in_order(keys: Sequence[np.ndarray], n: int) -> np.ndarray:
    """The first `n` indices of `np.lexsort(keys[::-1])`, shape (min(n, size),): the order by
    `keys[0]`, then `keys[1]`, ... (each of shape (size,), ascending, NaN last and NaNs equal),
    ties in index order. Only those `n` are sorted: each key in turn splits the candidates left
    into those before the n-th (all taken), those equal to it (left for the next key) and those
    after (dropped), by a partition (linear time); ties on every key are taken in index order."""
    size = len(keys[0])
    if n <= 0:
        return np.zeros(0, dtype=np.intp)
    if 2 * n >= size:
        order: np.ndarray = np.lexsort(tuple(reversed(keys)))[:n]
        return order
    taken: list[np.ndarray] = []
    left: np.ndarray | None = None  # the indices still tied on every key so far (None: all)
    need = n
    for key in keys:
        values = key if left is None else key[left]
        nth = _nth_smallest(values, need)
        if nth != nth:  # NaN: every number is before it, and NaNs tie
            ties = np.isnan(values)
            before = ~ties
        else:
            before = values < nth
            ties = values == nth
        taken.append(np.flatnonzero(before) if left is None else left[before])
        need -= len(taken[-1])
        left = np.flatnonzero(ties) if left is None else left[ties]
    assert left is not None
    taken.append(left[:need])
    head = np.sort(np.concatenate(taken))
    return head[np.lexsort(tuple(key[head] for key in reversed(keys)))]


def _nth_smallest(values: np.ndarray, n: int) -> float | int:
    """The `n`-th smallest of `values` (1 the smallest; NaN last), 1 <= n <= len(values). For
    integers of a small range (the packed focus keys), by counting, the few smallest values one
    by one: a partition of many equal integers costs several times a partition of floats."""
    if values.dtype.kind in "iub":
        lowest = int(values.min())
        for value in range(lowest, lowest + 4):
            if np.count_nonzero(values <= value) >= n:
                return value
        if int(values.max()) - lowest < len(values):
            counts = np.bincount(values.astype(np.intp) - lowest)
            return lowest + int(np.searchsorted(np.cumsum(counts), n))
    nth: float | int = np.partition(values, n - 1)[n - 1]
    return nth


def best_first(scores: np.ndarray, head: int) -> np.ndarray:
    """An arrangement of `scores` (shape (size,)): indices, shape (size,), the first
    min(`head`, size) of them those of `np.argsort(-scores, kind="stable")` (best first, equal
    scores in index order), the rest in index order. Among equal scores the arrangement keeps
    index order, so a stable sort of it by scores and then any keys orders as a stable sort of
    the fully sorted order would."""
    first = first_in_order((-scores,), head)
    if len(first) == len(scores):
        return first
    rest = np.ones(len(scores), dtype=bool)
    rest[first] = False
    return np.concatenate((first, np.flatnonzero(rest)))
