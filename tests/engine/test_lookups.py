"""Many terms looked up at a few passages at once (`term_counts`, and `scores_at` at a few
positions through it: `bot.engine.lookups`) give what one term at a time gives, bit for bit."""

from __future__ import annotations

from random import Random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.index import BM25Parameters, PassageIndex
from bot.engine.lookups import FEW_PASSAGES, term_counts

WORDS = [f"w{i}" for i in range(40)]
# Some words far more common than others, as in text (and longer term ids: 40 words pack in
# one byte each, so 200 more take two).
SKEWED = [*WORDS[:5] * 20, *WORDS, *(f"rare{i}" for i in range(200))]


def _one_at_a_time(index: PassageIndex, terms: list[str], positions: np.ndarray) -> np.ndarray:
    """`scores_at` as it scores many positions: each term looked up with `at`."""
    return index.scores_at(terms, positions, None, None, {})


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(SKEWED), min_size=0, max_size=30), min_size=1, max_size=90),
    st.lists(st.sampled_from([*SKEWED, "unseen", "w1 w2"]), min_size=1, max_size=40),
    st.dictionaries(st.sampled_from(WORDS), st.floats(0.05, 1.0), max_size=3),
    st.floats(0.5, 2.0),
    st.floats(0.0, 1.0),
    st.randoms(use_true_random=False),
)
def test_terms_looked_up_together_at_a_few_passages_are_those_looked_up_one_at_a_time(
    passages: list[list[str]],
    query: list[str],
    weighted: dict[str, float],
    k1: float,
    b: float,
    random: Random,
) -> None:
    index = PassageIndex(passages, BM25Parameters(k1=k1, b=b))
    count = random.randint(1, min(len(passages), FEW_PASSAGES))
    positions = np.array(sorted(random.sample(range(len(passages)), count)), dtype=np.int64)
    held = [term for term in dict.fromkeys(query) if len(index.positions_of(term))]
    numbers = np.array([index.term_numbers()[term] for term in held], dtype=np.int64)
    counts = term_counts(index.terms, positions, numbers)
    for row, term in enumerate(held):
        hit, frequencies = index.at(term, positions)
        assert np.array_equal(counts[row] > 0, hit)
        assert np.array_equal(counts[row][hit], frequencies)
    stats = index.statistics(np.arange(len(passages)) % 3 != 0)
    for extra, statistics in (({}, None), (weighted, None), (weighted, stats)):
        few = index.scores_at(query, positions, extra, statistics)
        each = index.scores_at(query, positions, extra, statistics, {})
        assert np.array_equal(few, each)  # the same floats, not close ones
    assert np.array_equal(
        index.scores_at(query, positions), _one_at_a_time(index, query, positions)
    )


def test_a_spliced_index_scores_a_few_passages_as_one_built_over_its_passages() -> None:
    random = Random(3)
    passages = [random.choices(SKEWED, k=random.randint(0, 20)) for _ in range(120)]
    index = PassageIndex(passages)
    new = [random.choices(SKEWED, k=12) for _ in range(5)]
    spliced = index.spliced([range(0, 50), new, range(70, 120)])
    built = PassageIndex([*passages[:50], *new, *passages[70:]])
    positions = np.array([0, 3, 49, 50, 52, 54, 55, 90, 104], dtype=np.int64)
    query = [*random.sample(SKEWED, 30), "unseen"]
    assert np.array_equal(spliced.scores_at(query, positions), built.scores_at(query, positions))
