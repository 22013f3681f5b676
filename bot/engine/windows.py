"""How much of a question one sentence, or two adjacent ones, of a passage hold."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from bot.engine.collection import Collection
from bot.engine.coverage import holds


def window_shares(
    windows: Sequence[set[str]],
    groups: Sequence[frozenset[str]],
    weights: Sequence[float],
    focus: Sequence[frozenset[str]],
    focus_weights: Sequence[float],
) -> tuple[float, float, int]:
    """The most of the question's weight one window (a sentence or two) covers, 0-1, the
    share of the focus's weight that window holds (of the best windows, the most), and that
    window's index (-1 when there is none): words scattered over a long passage answer less than
    words together, and sentences that hold the question's words but not what it asks about do
    not answer it."""
    total, focus_total = sum(weights), sum(focus_weights)
    if not total or not windows:
        return 0.0, 0.0, -1
    weighed = _weighed_groups(groups, weights)
    focus_weighed = _weighed_groups(focus, focus_weights)
    share, focus_share, first = max(
        (
            _weight_held(weighed, words) / total,
            _weight_held(focus_weighed, words) / focus_total if focus_total else 0.0,
            -i,
        )
        for i, words in enumerate(windows)
    )
    return share, focus_share, -first


def _weighed_groups(
    groups: Sequence[frozenset[str]], weights: Sequence[float]
) -> list[tuple[frozenset[str], float, bool]]:
    """Each group with its weight and whether it is one of single words (no compound term):
    what `_weight_held` reads, found once for all the windows of a passage."""
    return [
        (group, weight, not any(" " in term for term in group))
        for group, weight in zip(groups, weights, strict=True)
    ]


def _weight_held(weighed: Sequence[tuple[frozenset[str], float, bool]], words: set[str]) -> float:
    """The summed weight of the groups (`_weighed_groups`) that `words` holds (`holds`), added in
    the groups' order: a group of single words is held when it shares a word with them."""
    return sum(
        weight
        for group, weight, single in weighed
        if (not group.isdisjoint(words) if single else holds(group, words))
    )


def best_window_share(
    sentences: Sequence[Sequence[str]],
    groups: Sequence[frozenset[str]],
    weights: Sequence[float],
    total: float,
) -> float:
    """`window_shares`' first number for single-word groups (no compound term) and the
    sentences' terms: the most of the question's weight (`total`, > 0) one or two adjacent
    sentences hold, 0-1, the same float. Each sentence's groups are found once, as bits, and a
    window's are its sentences' together, so no window's terms are joined."""
    masks = []
    for terms in sentences:
        words = set(terms)
        mask = 0
        for bit, group in enumerate(groups):
            if not group.isdisjoint(words):
                mask |= 1 << bit
        masks.append(mask)
    windows = [a | b for a, b in itertools.pairwise(masks)] if len(masks) > 1 else masks
    return max(
        (
            sum(w for bit, w in enumerate(weights) if mask >> bit & 1) / total
            for mask in set(windows)
        ),
        default=0.0,
    )


def sentence_windows(
    collection: Collection, position: int, initials: frozenset[str] | None = None
) -> tuple[list[set[str]], list[tuple[tuple[int, int], ...]]]:
    """The terms of each two adjacent sentences of `collection`'s passage at `position` (of its one
    sentence, or of the whole text when it has none), with the character spans of those
    sentences in the passage's text. They are cut from the passage's terms where its
    sentences' runs were kept at ingest (`Collection.sentence_terms`); else the text is
    analysed, then only for terms starting with one of `initials`, when given (see
    `Analyser.sentence_terms`: the other terms are never looked for)."""
    passage = collection.passages[position]
    spans = passage.sentences
    cut = collection.sentence_terms(passage, position)
    if cut is not None:
        sentences = [set(terms) for terms in cut]
    else:
        text = passage.text
        spans = spans or ((0, len(text)),)
        sentences = collection.analyser.sentence_terms(text, spans, initials)
    if len(sentences) == 1:
        return sentences, [spans]
    return [a | b for a, b in itertools.pairwise(sentences)], list(itertools.pairwise(spans))
