"""BM25 over passages (rank-bm25), scoring only the passages that share a term with the query.

rank-bm25's `get_scores` walks every passage for every query term. An inverted index from term
to passages gives the candidates, and `get_batch_scores` scores just those: the same numbers
for the passages that can score above zero, at a fraction of the work.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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
    """BM25Okapi over a fixed list of term lists, with an inverted index for candidates."""

    def __init__(
        self, passage_terms: Sequence[Sequence[str]], parameters: BM25Parameters | None = None
    ) -> None:
        self.parameters = parameters or BM25Parameters()
        self.size = len(passage_terms)
        self._postings: dict[str, list[int]] = {}
        for position, terms in enumerate(passage_terms):
            for term in set(terms):
                self._postings.setdefault(term, []).append(position)
        # rank-bm25 divides by the corpus size, so an empty corpus has no BM25 object.
        self._bm25: BM25Okapi | None = None
        if self.size:
            self._bm25 = BM25Okapi(
                [list(terms) for terms in passage_terms],
                k1=self.parameters.k1,
                b=self.parameters.b,
                epsilon=self.parameters.epsilon,
            )

    def document_frequency(self, term: str) -> int:
        return len(self._postings.get(term, ()))

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

    def candidates(self, query_terms: Sequence[str]) -> list[int]:
        """Positions of the passages that contain at least one query term, ascending."""
        found: set[int] = set()
        for term in set(query_terms):
            found.update(self._postings.get(term, ()))
        return sorted(found)

    def score(self, query_terms: Sequence[str], positions: Sequence[int]) -> np.ndarray:
        """BM25 scores of the given passages, as rank-bm25 computes them."""
        if self._bm25 is None or not positions:
            return np.zeros(len(positions))
        scores = np.asarray(self._bm25.get_batch_scores(list(query_terms), list(positions)))
        return scores

    def score_all(self, query_terms: Sequence[str]) -> np.ndarray:
        """rank-bm25's `get_scores` over every passage (the reference the fast path must equal)."""
        if self._bm25 is None:
            return np.zeros(0)
        scores: np.ndarray = self._bm25.get_scores(list(query_terms))
        return scores

    def search(self, query_terms: Sequence[str], allowed: set[int] | None = None) -> list[Hit]:
        """Every candidate passage with its score, best first (ties by position)."""
        positions = self.candidates(query_terms)
        if allowed is not None:
            positions = [position for position in positions if position in allowed]
        scores = self.score(query_terms, positions)
        hits = [
            Hit(position, float(score)) for position, score in zip(positions, scores, strict=True)
        ]
        hits.sort(key=lambda hit: (-hit.score, hit.position))
        return hits
