"""The reference implementation the engine's BM25 must equal: rank-bm25 over the same passages.

Used by the tests and the benchmarks, never at run time: `PassageIndex` computes rank-bm25's
numbers itself from its postings.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from bot.engine.index import PassageIndex


def reference(index: PassageIndex) -> BM25Okapi:
    """rank-bm25's BM25Okapi over the index's passages (their terms) and parameters.

    Raises ValueError for an empty index, which rank-bm25 cannot build.
    """
    if not index.size:
        raise ValueError("rank-bm25 cannot index an empty corpus")
    return BM25Okapi(
        list(index.terms),
        k1=index.parameters.k1,
        b=index.parameters.b,
        epsilon=index.parameters.epsilon,
    )


def reference_scores(index: PassageIndex, query_terms: Sequence[str]) -> np.ndarray:
    """rank-bm25's `get_scores` over every passage of the index."""
    return np.asarray(reference(index).get_scores(list(query_terms)))


def reference_batch_scores(
    index: PassageIndex, query_terms: Sequence[str], positions: Sequence[int]
) -> np.ndarray:
    """rank-bm25's `get_batch_scores` over the given passages of the index."""
    return np.asarray(reference(index).get_batch_scores(list(query_terms), list(positions)))
