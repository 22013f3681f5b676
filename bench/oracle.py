"""The reference implementation the engine's BM25 must equal: rank-bm25 over the same passages.

`LuceneIdfBM25` is rank-bm25's `BM25Okapi` with the one change the engine makes to it, Lucene's
idf `log(1 + (N - n + 0.5) / (n + 0.5))` in place of Okapi's floored one: rank-bm25's own
`get_scores` then gives the numbers the engine must give, bit for bit. `okapi` is rank-bm25's
BM25Okapi unchanged, the engine's formula before (kept for the "before" figures of the
benchmarks). Used by the tests and the benchmarks, never at run time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from bot.engine.index import PassageIndex, Statistics


class LuceneIdfBM25(BM25Okapi):  # type: ignore[misc]
    """rank-bm25's BM25Okapi with Lucene's idf (no epsilon floor: the idf is always above 0)."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = math.log(1.0 + (self.corpus_size - freq + 0.5) / (freq + 0.5))


def visible_positions(index: PassageIndex, statistics: Statistics | None) -> list[int]:
    """The positions of the passages `statistics` describes (all of them when None)."""
    if statistics is None or statistics.mask is None:
        return list(range(index.size))
    return np.flatnonzero(statistics.mask).tolist()


def reference(index: PassageIndex, statistics: Statistics | None = None) -> LuceneIdfBM25:
    """The reference over the index's passages that `statistics` describes (default all), with
    the index's parameters. Raises ValueError when there is no passage, which rank-bm25 cannot
    index."""
    positions = visible_positions(index, statistics)
    if not positions:
        raise ValueError("rank-bm25 cannot index an empty corpus")
    return LuceneIdfBM25(
        [index.terms[p] for p in positions], k1=index.parameters.k1, b=index.parameters.b
    )


def reference_scores(
    index: PassageIndex, query_terms: Sequence[str], statistics: Statistics | None = None
) -> np.ndarray:
    """The reference's `get_scores` over the passages `statistics` describes, spread over every
    position of the index (0 at the others)."""
    positions = visible_positions(index, statistics)
    scores = np.zeros(index.size)
    scores[positions] = reference(index, statistics).get_scores(list(query_terms))
    return scores


def reference_batch_scores(
    index: PassageIndex, query_terms: Sequence[str], positions: Sequence[int]
) -> np.ndarray:
    """The reference's `get_batch_scores` over the given passages (all passages indexed)."""
    return np.asarray(reference(index).get_batch_scores(list(query_terms), list(positions)))


def okapi(passage_terms: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> BM25Okapi:
    """rank-bm25's BM25Okapi unchanged (epsilon 0.25): the engine's scoring before Lucene's idf."""
    return BM25Okapi([list(terms) for terms in passage_terms], k1=k1, b=b, epsilon=0.25)


def okapi_idf(index: PassageIndex) -> dict[str, float]:
    """BM25Okapi's idf of every term of the index, as rank-bm25 computes it (epsilon 0.25:
    negatives floored at a quarter of the mean, summed in rank-bm25's order of first
    appearance)."""
    vocabulary = index.arrays().vocabulary
    raw = {
        term: math.log(index.size - frequency + 0.5) - math.log(frequency + 0.5)
        for term, frequency in zip(
            vocabulary, index.arrays().document_frequency.tolist(), strict=True
        )
    }
    floor = 0.25 * (sum(raw.values()) / len(raw)) if raw else 0.0
    return {term: value if value >= 0 else floor for term, value in raw.items()}
