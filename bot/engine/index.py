"""BM25 over passages: rank-bm25's BM25Okapi scores, from an inverted index of precomputed weights.

rank-bm25 walks every passage for every query term (`get_scores`), or every candidate in Python
(`get_batch_scores`). Here each term's postings hold the passages that contain it and the term's
BM25 contribution to each, computed once with rank-bm25's own formula and statistics (idf with
its epsilon floor, average length). A query adds up the postings of its terms, in query order,
so the scores are the numbers rank-bm25 computes, bit for bit (asserted by the tests and the
benchmarks against rank-bm25 itself), while only passages sharing a term are touched.
"""

from __future__ import annotations

import math
from collections import Counter
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


@dataclass(frozen=True, slots=True)
class _Postings:
    positions: np.ndarray  # int64, ascending
    weights: np.ndarray  # float64: the term's BM25 contribution to each of those passages


class PassageIndex:
    """BM25Okapi over a fixed list of term lists."""

    def __init__(
        self, passage_terms: Sequence[Sequence[str]], parameters: BM25Parameters | None = None
    ) -> None:
        self.parameters = parameters or BM25Parameters()
        self.size = len(passage_terms)
        self._passage_terms = passage_terms
        self._reference: BM25Okapi | None = None
        lengths = np.array([len(terms) for terms in passage_terms], dtype=np.int64)
        # Term -> [(position, frequency)], terms in order of first appearance as rank-bm25
        # meets them: its average idf is a float sum in that order.
        occurrences: dict[str, tuple[list[int], list[int]]] = {}
        for position, terms in enumerate(passage_terms):
            for term, frequency in Counter(terms).items():
                entry = occurrences.get(term)
                if entry is None:
                    entry = occurrences[term] = ([], [])
                entry[0].append(position)
                entry[1].append(frequency)
        self.idf = self._okapi_idf({term: len(entry[0]) for term, entry in occurrences.items()})
        self.average_length = float(lengths.sum()) / self.size if self.size else 0.0
        self._postings: dict[str, _Postings] = {}
        k1, b = self.parameters.k1, self.parameters.b
        for term, (positions, frequencies) in occurrences.items():
            where = np.array(positions, dtype=np.int64)
            tf = np.array(frequencies, dtype=np.int64)
            doc_len = lengths[where]
            # The same expression, in the same order, as rank-bm25's get_scores.
            weights = self.idf[term] * (
                tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / self.average_length))
            )
            self._postings[term] = _Postings(where, weights)

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
        postings = self._postings.get(term)
        return 0 if postings is None else len(postings.positions)

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
        arrays = [self._postings[t].positions for t in set(query_terms) if t in self._postings]
        if not arrays:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(arrays))

    def scores(
        self, query_terms: Sequence[str], weighted: Mapping[str, float] | None = None
    ) -> np.ndarray:
        """BM25 scores of every passage (zero where no term matches), as get_scores gives them.

        `weighted` terms add their BM25 score times a factor (a stand-in for a question word
        counts less than the word); without them the scores equal rank-bm25's.
        """
        total = np.zeros(self.size)
        for term in query_terms:  # repeats count again, as in rank-bm25
            postings = self._postings.get(term)
            if postings is not None:
                total[postings.positions] += postings.weights
        for term, factor in (weighted or {}).items():
            postings = self._postings.get(term)
            if postings is not None:
                total[postings.positions] += factor * postings.weights
        return total

    def positions_of(self, term: str) -> np.ndarray:
        """Positions of the passages that contain `term`, ascending."""
        postings = self._postings.get(term)
        return postings.positions if postings is not None else np.zeros(0, dtype=np.int64)

    def search_arrays(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """`search` as two arrays, positions and scores, best first (no Python object a hit)."""
        positions = self.candidates([*query_terms, *(weighted or {})])
        if allowed is not None and len(positions):
            positions = positions[allowed[positions]]
        if not len(positions):
            return positions, np.zeros(0)
        scores = self.scores(query_terms, weighted)[positions]
        # Best first; ties keep corpus order (a stable sort on the negated score).
        order = np.argsort(-scores, kind="stable")
        return positions[order], scores[order]

    def search(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
    ) -> list[Hit]:
        """Every passage sharing a term with the query, with its score, best first.

        `allowed`, a boolean mask over positions, keeps only some passages (one document, one
        server's corpus).
        """
        positions, scores = self.search_arrays(query_terms, allowed, weighted)
        return [Hit(int(p), float(s)) for p, s in zip(positions, scores, strict=True)]

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
