"""The top k of a long query without scoring every passage that shares a word with it (MaxScore:
Turtle and Flood, "Query evaluation: strategies and optimizations", 1995), for
`PassageIndex.search_arrays`: the same passages and the same floats as scoring them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from bot.engine.lookups import FEW_PASSAGES

if TYPE_CHECKING:
    from bot.engine.index import PassageIndex, Statistics

# A `search` with a limit and at least this many distinct terms skips its common terms where
# they cannot lift a passage into the top (`pruned_top`); below it, scoring every posting is as
# quick (typed questions of 2-6 terms at 100k: 0.4-1.2 ms either way; bench/latency.py).
PRUNE_MIN_TERMS = 8
# Relative slack on the upper bounds, far above the float rounding of summing ~100 weights in
# another order (~1e-14), so no passage is dropped by rounding: the results stay exact.
BOUND_SLACK = 1e-9


def kth_largest(values: np.ndarray, k: int) -> float:
    """The k-th largest of `values` (1 <= k <= len(values))."""
    return float(np.partition(values, len(values) - k)[len(values) - k])


def pruned_top(
    index: PassageIndex,
    query_terms: Sequence[str],
    allowed: np.ndarray | None,
    weighted: Mapping[str, float],
    limit: int,
    stats: Statistics,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The `limit` best passages of a long query (positions, scores: as `search_arrays` gives
    them), scoring only those that can reach them; None when the query has fewer than
    `PRUNE_MIN_TERMS` distinct terms, a weight is not positive, or fewer than `limit` passages
    hold its rarest terms (the bound does not apply).

    1. Passages holding the query's rarest terms are scored exactly: their `limit`-th best
       score, `floor`, is at most the `limit`-th best of all.
    2. The common terms whose upper bounds (`PassageIndex.upper_bound`) add up to less than
       `floor` are "non-essential": a passage holding only those cannot reach the top. The
       others' postings are read whole, their weights summed a passage.
    3. The passages holding an essential term are bounded by those weights plus the
       non-essential terms' bounds, looked up term by term (the floor rising with the
       passages' known weights) while more than `FEW_PASSAGES` can reach it; those left are
       scored exactly (`scores_at`, the same sums in the same order), and sorted as
       `search_arrays` sorts (best first, ties in corpus order). Every passage of the
       exhaustive top scores at least `floor`, so it is among them: the result is the same,
       bit for bit.
    """
    factors: dict[str, float] = {}
    for term in query_terms:  # a repeated term counts again, as in `scores`
        factors[term] = factors.get(term, 0.0) + 1.0
    for term, factor in weighted.items():
        factors[term] = factors.get(term, 0.0) + factor
    if len(factors) < PRUNE_MIN_TERMS or min(factors.values()) <= 0:
        return None  # a zero or negative weight would break the bounds
    bounds = {term: factor * index.upper_bound(term, stats) for term, factor in factors.items()}
    terms = sorted((t for t in bounds if bounds[t] > 0), key=lambda t: (-bounds[t], t))
    if not terms:
        return None

    def keep(positions: np.ndarray) -> np.ndarray:
        if stats.mask is not None:
            positions = positions[stats.mask[positions]]
        return positions[allowed[positions]] if allowed is not None else positions

    # 1. A floor from the passages holding the rarest terms (highest bounds first): the exact
    # scores of those their weights put first, at most `FEW_PASSAGES` of them (any `limit` or
    # more passages give a floor; those likeliest to score most give the highest).
    seed = np.zeros(0, dtype=np.int32)
    rarest = 0  # the terms whose passages are in `seed`
    while len(seed) < limit:
        if rarest == len(terms):
            return None  # fewer passages than asked for share the terms: score them all
        seed = np.union1d(seed, keep(index.positions_of(terms[rarest])))
        rarest += 1
    partial = np.zeros(index.size)  # the weights added so far: at most the passage's score
    add_weights(index, partial, terms[:rarest], factors, stats)
    if len(seed) > max(limit, FEW_PASSAGES):
        seed = np.sort(seed[np.argpartition(-partial[seed], FEW_PASSAGES)[:FEW_PASSAGES]])
    floor = kth_largest(index.scores_at(query_terms, seed, weighted, stats), limit)
    # 2. The terms, rarest first, while those left could still lift a passage that holds none
    # of them to the floor, read whole; the rest are the common terms. A passage holding a term
    # has a weight above 0 in `partial` (every weight and factor is).
    rest = sum(bounds.values())
    done = 0
    while done < len(terms) and (done < rarest or rest * (1 + BOUND_SLACK) >= floor):
        rest -= bounds[terms[done]]
        done += 1
    add_weights(index, partial, terms[rarest:done], factors, stats)
    candidates = np.flatnonzero(partial)
    if allowed is not None:
        candidates = candidates[allowed[candidates]]
    lower = partial[candidates]
    # 3. The common terms looked up at the passages that can still reach the floor, the
    # largest bound first, the floor rising with what the passages are known to score.
    for term in terms[done:]:
        if len(lower) >= limit:
            floor = max(floor, kth_largest(lower, limit) * (1 - BOUND_SLACK))
        alive = (lower + rest) * (1 + BOUND_SLACK) >= floor
        candidates, lower = candidates[alive], lower[alive]
        if len(candidates) <= FEW_PASSAGES:
            break  # scored whole below, all the terms at once
        hit, tf = index.at(term, candidates)
        lower[hit] += factors[term] * index.term_weights(term, tf, candidates[hit], stats)
        rest -= bounds[term]
    else:
        if len(lower) >= limit:
            floor = max(floor, kth_largest(lower, limit) * (1 - BOUND_SLACK))
        candidates = candidates[(lower + max(rest, 0.0)) * (1 + BOUND_SLACK) >= floor]
    scores = index.scores_at(query_terms, candidates, weighted, stats)
    order = np.argsort(-scores, kind="stable")[:limit]
    return candidates[order], scores[order]


def add_weights(
    index: PassageIndex,
    partial: np.ndarray,
    terms: Sequence[str],
    factors: Mapping[str, float],
    stats: Statistics,
) -> None:
    """Add to `partial` (float64, one a passage of the index) each passage's BM25 weight of
    each of `terms` times its factor, a term's postings at a time, in place (two arrays made a
    term, not six: a pasted paragraph reads 100k postings here at 100k passages). The same
    numbers as `PassageIndex.postings` gives, the factor applied after."""
    norms = index.norms(stats)
    k1 = index.parameters.k1
    for term in terms:
        positions, tf = index.term_frequencies(term, stats)
        weights = tf.astype(np.float64)
        lengths = norms[positions]
        lengths += weights  # frequency + norm
        weights *= k1 + 1
        weights /= lengths
        weights *= index.idf(term, stats)
        factor = factors[term]
        partial[positions] += weights if factor == 1.0 else factor * weights
