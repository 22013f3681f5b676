"""How much of a question a passage covers: the groups of the question's words it holds, and
the bounds that let ranking look at few passages (`Ranker.rank`).

A question is a list of groups (`Query.content`: a word with its stand-ins, or a compound), each
weighing its idf; a passage covers a group when it holds one of its words, or every part of a
compound, and its coverage is the weight of the groups it covers over the question's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from bot.engine.index import PassageIndex, Statistics


def essential_groups(
    groups: Sequence[frozenset[str]], weights: Sequence[float], needed: float
) -> list[frozenset[str]]:
    """The groups a passage must hold one of to cover `needed` (0-1) of the question: all but
    the lightest, as many of those as weigh less than `needed` of the whole together."""
    total = sum(weights)
    order = sorted(range(len(groups)), key=lambda i: (weights[i], i))
    left_out: set[int] = set()
    light = 0.0
    for i in order:
        if light + weights[i] >= needed * total:
            break
        light += weights[i]
        left_out.add(i)
    return [group for i, group in enumerate(groups) if i not in left_out]


def group_held(
    group: frozenset[str], looked_up: Mapping[str, tuple[np.ndarray, np.ndarray]], size: int
) -> np.ndarray:
    """Which candidates cover a group (their words `looked_up` at the candidates): have one of
    its words, or every part of a compound."""
    held = np.zeros(size, dtype=bool)
    for term in group:
        parts = term.split()
        found = looked_up[parts[0]][0].copy()
        for part in parts[1:]:
            found &= looked_up[part][0]
        held |= found
    return held


# Questions with fewer coverage groups than this are not pruned by coverage (`may_cover`):
# their candidates mostly cover enough, and the bound would cost more than it saves.
COVERAGE_PRUNE_MIN_GROUPS = 8
# Relative slack on the coverage bound, far above the rounding of sums of a few hundred weights.
_COVERAGE_SLACK = 1e-9


def may_cover(
    index: PassageIndex,
    positions: np.ndarray,
    groups: Sequence[frozenset[str]],
    weights: Sequence[float],
    needed: float,
) -> np.ndarray:
    """The candidates at `positions` (ascending passage positions) that can cover `needed`
    (0-1) of the groups' total weight, a subset of `positions` in the same order: every
    candidate whose coverage (as `Ranker.rank` computes it from `group_held`) is at least
    `needed` is in it; others may be too.

    The bound (MaxScore's, on coverage instead of scores): a passage's coverage is at most what
    it holds of the groups looked at so far plus the weight of the groups not looked at yet.
    Groups are taken heaviest first. While the groups left weigh at least the threshold, a
    group's passages are found from its postings (short: the heavy groups are the rare words);
    once they weigh less, only the candidates that hold something already can reach it, and the
    lighter (common) groups are looked up at those only (`PassageIndex.at`), dropping each
    candidate whose bound falls below the threshold. `weights` must be positive and finite
    (idf values); otherwise, or when `needed` is not positive, `positions` is returned whole.
    The bound is loosened by a relative 1e-9, so float rounding never drops a passage.
    """
    total = sum(weights)
    if not len(positions) or needed <= 0 or not (0 < total < np.inf) or min(weights) <= 0:
        return positions
    threshold = needed * total * (1 - _COVERAGE_SLACK)
    order = sorted(range(len(groups)), key=lambda i: (-weights[i], i))
    # left[n]: the weight of the groups not looked at before the n-th (0 after the last), each
    # summed from the n-th on as before (the same floats), over a list rather than a generator.
    heaviest_first = [weights[i] for i in order]
    left = [sum(heaviest_first[n:]) for n in range(len(order) + 1)]
    known = np.zeros(index.size)
    done = 0
    while done < len(order) and left[done] >= threshold:
        group, weight = groups[order[done]], weights[order[done]]
        held = [_term_positions(index, term) for term in group]
        found = held[0] if len(held) == 1 else np.unique(np.concatenate(held))
        known[found] += weight
        done += 1
    lower = known[positions]
    alive = lower + left[done] >= threshold
    positions, lower = positions[alive], lower[alive]
    for n in range(done, len(order)):
        group, weight = groups[order[n]], weights[order[n]]
        looked_up = {part: index.at(part, positions) for term in group for part in term.split()}
        lower = lower + weight * group_held(group, looked_up, len(positions))
        alive = lower + left[n + 1] >= threshold
        positions, lower = positions[alive], lower[alive]
    return positions


def _term_positions(index: PassageIndex, term: str) -> np.ndarray:
    """The passages holding a term (every part of a compound), ascending."""
    parts = term.split()
    found = index.positions_of(parts[0])
    for part in parts[1:]:
        found = found[index.at(part, found)[0]]
    return found


def group_weight(group: frozenset[str], index: PassageIndex, stats: Statistics) -> float:
    """What covering a group is worth: its rarest word's idf, or all the parts of a compound's
    (idf as `index` gives it over the passages `stats` counts)."""
    return max(sum(index.idf(part, stats) for part in term.split()) for term in sorted(group))


def holds(group: frozenset[str], words: set[str] | frozenset[str]) -> bool:
    """Whether a set of terms covers a group (`Query.content`, `Query.must`): one of its words,
    or every part of a compound."""
    if not any(" " in term for term in group):
        return not group.isdisjoint(words)
    return any(all(part in words for part in term.split()) for term in group)
