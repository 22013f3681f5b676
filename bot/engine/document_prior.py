"""How well each whole document matches a query: a prior for the passages it holds.

A question's words that single out a document ("harry", "willingham", "obama") may be absent
from the passage that answers it, or present in passages of other documents that hold the
question's common words. Scoring the documents themselves with BM25, each as one bag of the
terms of its passages, weighs most the words few documents use: the ones that say which document
is meant. A passage's score is then multiplied by 1 + weight x its document's share of the best
document score (the passage-document score combination of Callan, "Passage-level evidence in
document retrieval", SIGIR 1994, here with BM25 at both levels).

The document statistics are a scope's: its documents (shared ones and its own) are counted,
another server's never are, so another server's uploads change nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from bot.engine.index import PassageIndex, Statistics, bm25_idf
from bot.engine.tuning import DOCUMENT_PRIOR_MIN_DOCUMENTS


class DocumentPrior:
    """Document-level BM25 over a collection whose documents' passages are consecutive.

    `ranges` are each document's [first, end) positions in `index`. Built once per collection
    (a document number per position: 4 bytes a passage; a length per document); the statistics
    of a scope's documents are counted on first use and kept per scope mask.
    """

    def __init__(self, index: PassageIndex, ranges: Iterable[tuple[int, int]]) -> None:
        self.index = index
        spans = sorted(ranges)
        self.firsts = np.array([first for first, _ in spans], dtype=np.int64)
        sizes = np.array([end - first for first, end in spans], dtype=np.int64)
        self.codes = np.repeat(np.arange(len(spans), dtype=np.int32), sizes)
        self.lengths = np.bincount(
            self.codes, weights=index.lengths().astype(np.float64), minlength=len(spans)
        )
        self._scopes: dict[int, tuple[Statistics, np.ndarray, int, float]] = {}

    def _scope(self, stats: Statistics) -> tuple[np.ndarray, int, float]:
        """The documents a scope sees (a boolean per document), how many, their mean length."""
        held = self._scopes.get(id(stats))
        if held is None or held[0] is not stats:
            if stats.mask is None:
                visible = np.ones(len(self.firsts), dtype=bool)
            else:
                visible = stats.mask[self.firsts] if len(self.firsts) else np.zeros(0, bool)
            count = int(np.count_nonzero(visible))
            average = float(self.lengths[visible].mean()) if count else 0.0
            if len(self._scopes) > 64:
                self._scopes.clear()
            held = (stats, visible, count, average)
            self._scopes[id(stats)] = held
        return held[1:]

    def scores(self, terms: Iterable[str], stats: Statistics) -> np.ndarray:
        """BM25 score of every document (float64, one per document number; 0 for a document
        the scope does not see, and all 0 when the scope sees fewer than
        DOCUMENT_PRIOR_MIN_DOCUMENTS) for `terms`, with the index's k1 and b and Lucene's idf
        (`bm25_idf`) over the scope's documents. A term counts once however often the query
        repeats it."""
        visible, count, average = self._scope(stats)
        totals = np.zeros(len(self.firsts))
        if count < DOCUMENT_PRIOR_MIN_DOCUMENTS:
            return totals  # too few documents for their statistics to tell them apart
        k1, b = self.index.parameters.k1, self.index.parameters.b
        norms = k1 * (1 - b + b * self.lengths / (average or 1.0))
        for term in dict.fromkeys(terms):
            positions, frequencies = self.index.term_frequencies(term, stats)
            if not len(positions):
                continue
            frequency = np.bincount(
                self.codes[positions],
                weights=frequencies.astype(np.float64),
                minlength=len(self.firsts),
            )
            # The documents holding it, by number (read three times: faster than by a mask).
            held = np.flatnonzero(frequency > 0)
            idf = bm25_idf(count, int(np.count_nonzero(visible[held])))
            totals[held] += idf * frequency[held] * (k1 + 1) / (frequency[held] + norms[held])
        # A document the scope does not see holds no posting `stats` keeps: it scores 0.
        return totals

    def factors(
        self, terms: Iterable[str], stats: Statistics, positions: np.ndarray, weight: float
    ) -> np.ndarray:
        """For passages at `positions`: 1 + `weight` x their document's score over the best
        score of the documents they belong to (so between 1 and 1 + weight); all 1 when no
        document scores."""
        if not len(positions) or weight <= 0:
            return np.ones(len(positions))
        documents = self.codes[positions]
        scores = self.scores(terms, stats)[documents]
        best = float(scores.max())
        if best <= 0:
            return np.ones(len(positions))
        factors: np.ndarray = 1.0 + weight * scores / best
        return factors
