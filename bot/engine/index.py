"""BM25 over passages: rank-bm25's BM25Okapi scores, from an inverted index of precomputed weights.

rank-bm25 walks every passage for every query term (`get_scores`), or every candidate in Python
(`get_batch_scores`). Here each term's postings hold the passages that contain it and the term's
BM25 contribution to each, computed once with rank-bm25's own formula and statistics (idf with
its epsilon floor, average length). A query adds up the postings of its terms, in query order,
so the scores are the numbers rank-bm25 computes, bit for bit (asserted by the tests and the
benchmarks against rank-bm25 itself), while only passages sharing a term are touched.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi


@dataclass(frozen=True, slots=True)
class BM25Parameters:
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage position in the index and its BM25 score."""

    position: int
    score: float


class PassageIndex:
    """BM25Okapi over a fixed list of term lists."""

    def __init__(
        self, passage_terms: Sequence[Sequence[str]], parameters: BM25Parameters | None = None
    ) -> None:
        self.parameters = parameters or BM25Parameters()
        self.size = len(passage_terms)
        self._passage_terms = passage_terms
        self._reference: BM25Okapi | None = None
        lengths = np.fromiter(map(len, passage_terms), dtype=np.int64, count=self.size)
        # Term ids in order of first appearance, as rank-bm25 meets them: its average idf is a
        # float sum in that order.
        every = itertools.chain.from_iterable
        ids = self._term_ids = {
            term: number for number, term in enumerate(dict.fromkeys(every(passage_terms)))
        }
        flat = np.fromiter(
            map(ids.__getitem__, every(passage_terms)), dtype=np.int64, count=int(lengths.sum())
        )
        owners = np.repeat(np.arange(self.size, dtype=np.int64), lengths)
        # One entry per (term, passage), sorted by term then passage: the postings, end to end.
        keys, tf = np.unique(flat * max(self.size, 1) + owners, return_counts=True)
        term_of = keys // max(self.size, 1)
        self._positions = keys - term_of * max(self.size, 1)
        frequency = np.bincount(term_of, minlength=len(ids))
        self._starts = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(frequency, out=self._starts[1:])
        vocabulary = list(ids)
        self.idf = self._okapi_idf(dict(zip(vocabulary, frequency.tolist(), strict=True)))
        self.average_length = float(lengths.sum()) / self.size if self.size else 0.0
        idf = np.fromiter((self.idf[t] for t in vocabulary), dtype=np.float64, count=len(ids))
        k1, b = self.parameters.k1, self.parameters.b
        doc_len = lengths[self._positions]
        # The same expression, in the same order, as rank-bm25's get_scores, element by element.
        self._weights = idf[term_of] * (
            tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / self.average_length))
        )

    def _span(self, term: str) -> slice | None:
        """Where a term's postings lie in the flat arrays."""
        number = self._term_ids.get(term)
        if number is None:
            return None
        return slice(int(self._starts[number]), int(self._starts[number + 1]))

    def _okapi_idf(self, document_frequency: dict[str, int]) -> dict[str, float]:
        """BM25Okapi._calc_idf: log((N - n + .5) / (n + .5)), negatives floored at eps * mean."""
        idf: dict[str, float] = {}
        idf_sum = 0.0
        negative: list[str] = []
        for term, frequency in document_frequency.items():
            value = math.log(self.size - frequency + 0.5) - math.log(frequency + 0.5)
            idf[term] = value
            idf_sum += value
            if value < 0:
                negative.append(term)
        if idf:
            floor = self.parameters.epsilon * (idf_sum / len(idf))
            for term in negative:
                idf[term] = floor
        return idf

    # --- statistics ---------------------------------------------------------------------------

    def document_frequency(self, term: str) -> int:
        span = self._span(term)
        return 0 if span is None else span.stop - span.start

    def weight(self, term: str) -> float:
        """A positive idf (Lucene's form) used to weigh how much of a question a text covers.

        BM25Okapi's own idf can be negative or floored for common terms, which makes it a poor
        measure of coverage; this one is positive and largest for unseen terms.
        """
        frequency = self.document_frequency(term)
        return math.log(1.0 + (self.size - frequency + 0.5) / (frequency + 0.5))

    def weight_of_unseen(self) -> float:
        """The largest weight a term can have: that of a term no passage contains."""
        return math.log(1.0 + (self.size + 0.5) / 0.5)

    # --- scoring ------------------------------------------------------------------------------

    def candidates(self, query_terms: Iterable[str]) -> np.ndarray:
        """Positions of the passages that contain at least one query term, ascending."""
        found = np.zeros(self.size, dtype=bool)
        for term in set(query_terms):
            span = self._span(term)
            if span is not None:
                found[self._positions[span]] = True
        return np.flatnonzero(found)

    def scores(
        self, query_terms: Sequence[str], weighted: Mapping[str, float] | None = None
    ) -> np.ndarray:
        """BM25 scores of every passage (zero where no term matches), as get_scores gives them.

        `weighted` terms add their BM25 score times a factor (a stand-in for a question word
        counts less than the word); without them the scores equal rank-bm25's.
        """
        total = np.zeros(self.size)
        for term in query_terms:  # repeats count again, as in rank-bm25
            span = self._span(term)
            if span is not None:
                total[self._positions[span]] += self._weights[span]
        for term, factor in (weighted or {}).items():
            span = self._span(term)
            if span is not None:
                total[self._positions[span]] += factor * self._weights[span]
        return total

    def positions_of(self, term: str) -> np.ndarray:
        """Positions of the passages that contain `term`, ascending."""
        span = self._span(term)
        return self._positions[span] if span is not None else np.zeros(0, dtype=np.int64)

    def search_arrays(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
        limit: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """`search` as two arrays, positions and scores, best first (no Python object a hit)."""
        positions = self.candidates([*query_terms, *(weighted or {})])
        if allowed is not None and len(positions):
            positions = positions[allowed[positions]]
        if not len(positions):
            return positions, np.zeros(0)
        scores = self.scores(query_terms, weighted)[positions]
        if limit is not None and limit < len(positions):
            # Only the `limit` best need sorting: keep every score at least the limit-th best
            # (ties at the cut included), so the stable sort below gives the same first `limit`.
            cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            best = scores >= cut
            positions, scores = positions[best], scores[best]
        # Best first; ties keep corpus order (a stable sort on the negated score).
        order = np.argsort(-scores, kind="stable")[:limit]
        return positions[order], scores[order]

    def search(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
        limit: int | None = None,
    ) -> list[Hit]:
        """Every passage sharing a term with the query (or the `limit` best), best first.

        `allowed`, a boolean mask over positions, keeps only some passages (one document, one
        server's corpus).
        """
        positions, scores = self.search_arrays(query_terms, allowed, weighted, limit)
        return [Hit(p, s) for p, s in zip(positions.tolist(), scores.tolist(), strict=True)]

    # --- the reference ------------------------------------------------------------------------

    def reference(self) -> BM25Okapi:
        """rank-bm25 over the same passages, built on first use: for tests and benchmarks."""
        if self._reference is None:
            if not self.size:
                raise ValueError("rank-bm25 cannot index an empty corpus")
            self._reference = BM25Okapi(
                [list(terms) for terms in self._passage_terms],
                k1=self.parameters.k1,
                b=self.parameters.b,
                epsilon=self.parameters.epsilon,
            )
        return self._reference

    def reference_scores(self, query_terms: Sequence[str]) -> np.ndarray:
        """rank-bm25's `get_scores` over every passage."""
        return np.asarray(self.reference().get_scores(list(query_terms)))

    def reference_batch_scores(
        self, query_terms: Sequence[str], positions: Sequence[int]
    ) -> np.ndarray:
        """rank-bm25's `get_batch_scores` over the given passages."""
        return np.asarray(self.reference().get_batch_scores(list(query_terms), list(positions)))
