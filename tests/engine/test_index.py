from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from random import Random

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bench.oracle import reference_batch_scores, reference_scores
from bot.engine.answer import AnswerEngine
from bot.engine.arrays import (
    IndexArrays,
    TermLists,
    _byte_ends,
    _scan_packed_ids,
    index_arrays,
    narrowest_counts,
    pack_ids,
    term_extremes,
    unpack_ids,
)
from bot.engine.index import BM25Parameters, PassageIndex, Statistics
from bot.engine.pruning import PRUNE_MIN_TERMS

WORDS = [f"w{i}" for i in range(30)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25), min_size=1, max_size=40),
    st.lists(st.sampled_from([*WORDS, "unseen"]), min_size=1, max_size=6),
    st.floats(0.5, 2.0),
    st.floats(0.0, 1.0),
)
def test_candidate_scores_equal_rank_bm25_get_scores(
    passages: list[list[str]], query: list[str], k1: float, b: float
) -> None:
    index = PassageIndex(passages, BM25Parameters(k1=k1, b=b))
    reference = reference_scores(index, query)
    assert np.array_equal(index.scores(query), reference)
    hits = index.search(query)
    by_position = {hit.position: hit.score for hit in hits}
    for position, score in by_position.items():
        assert score == reference[position]
    # Passages left out are exactly those sharing no term with the query.
    left_out = set(range(len(passages))) - set(by_position)
    assert all(not set(query) & set(passages[p]) for p in left_out)


def test_engine_scores_equal_get_scores_on_the_bundled_article(seed_engine: AnswerEngine) -> None:
    query = seed_engine.query("what evidence does the reply cite about the backdoor?").terms
    reference = reference_scores(seed_engine.collection.index, query)
    hits = seed_engine.collection.index.search(query)
    assert hits
    positions = [hit.position for hit in hits]
    batch = reference_batch_scores(seed_engine.collection.index, query, positions)
    for hit, batch_score in zip(hits, batch, strict=True):
        assert hit.score == reference[hit.position] == batch_score


def test_an_empty_index_answers_nothing() -> None:
    index = PassageIndex([])
    assert index.search(["anything"]) == []


def test_weighted_stand_ins_add_a_fraction_of_their_own_score() -> None:
    passages = [["pupil", "phone", "ban"], ["student", "ban"], ["weather", "report"]]
    index = PassageIndex(passages)
    plain = index.scores(["student"])
    with_stand_in = index.scores(["student"], {"pupil": 0.5})
    assert with_stand_in[1] == plain[1]  # the word's own score is untouched
    assert with_stand_in[0] == 0.5 * index.scores(["pupil"])[0]
    hits = index.search(["student"], weighted={"pupil": 0.5})
    assert [hit.position for hit in hits] == [1, 0]  # the word itself ranks above its stand-in


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=25), min_size=1, max_size=40),
    st.lists(st.sampled_from([*WORDS, "unseen"]), min_size=1, max_size=6),
    st.floats(0.5, 2.0),
    st.floats(0.0, 1.0),
)
@example(passages=[[], ["w0"]], query=["w0"], k1=1.0, b=1.0)  # rank-bm25's NaN for an empty one
@pytest.mark.filterwarnings("ignore:invalid value encountered in divide:RuntimeWarning")
def test_an_index_rebuilt_from_its_arrays_scores_and_reads_the_same(
    passages: list[list[str]], query: list[str], k1: float, b: float
) -> None:
    parameters = BM25Parameters(k1=k1, b=b)
    built = PassageIndex(passages, parameters)
    arrays = built.arrays()
    # As the store hands them back: read-only little-endian buffers.
    stored = IndexArrays(
        vocabulary=list(arrays.vocabulary),
        **{
            name: np.frombuffer(getattr(arrays, name).astype("<i4").tobytes(), dtype="<i4")
            for name in IndexArrays.ARRAYS
        },
    )
    rebuilt = PassageIndex.from_arrays(stored, parameters)
    if any(passages):
        # rank-bm25 scores an empty passage 0/0 = NaN when b is 1; it matches nothing here.
        empty = np.array([not terms for terms in passages])
        scores = rebuilt.scores(query)
        assert np.array_equal(scores[~empty], reference_scores(built, query)[~empty])
        assert not scores[empty].any()
    assert rebuilt.search(query) == built.search(query)
    assert list(rebuilt.terms) == passages == list(built.terms)
    vocabulary = built.arrays().vocabulary
    assert [rebuilt.idf(t) for t in vocabulary] == [built.idf(t) for t in vocabulary]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25), min_size=1, max_size=40),
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.lists(st.sampled_from([*WORDS, "unseen"]), min_size=1, max_size=6),
    st.floats(0.5, 2.0),
    st.floats(0.0, 1.0),
)
def test_scores_over_a_scope_equal_the_reference_over_that_scopes_passages(
    passages: list[list[str]], seen: list[bool], query: list[str], k1: float, b: float
) -> None:
    index = PassageIndex(passages, BM25Parameters(k1=k1, b=b))
    mask = np.array(seen[: len(passages)])
    if not mask.any():
        mask[0] = True
    stats = index.statistics(mask)
    scores = index.scores(query, statistics=stats)
    assert np.array_equal(scores, reference_scores(index, query, stats))
    assert not scores[~mask].any()  # what the scope does not see is never scored
    hits = index.search(query, statistics=stats)
    assert all(mask[hit.position] for hit in hits)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS[:4]), min_size=1, max_size=8), min_size=1, max_size=8)
)
def test_a_passage_holding_a_question_word_scores_above_zero_at_any_corpus_size(
    passages: list[list[str]],
) -> None:
    index = PassageIndex(passages)
    for term in WORDS[:4]:
        scores = index.scores([term])
        holding = np.array([term in terms for terms in passages])
        assert (scores[holding] > 0).all()
        assert not scores[~holding].any()


def test_a_word_in_half_the_passages_still_counts() -> None:
    index = PassageIndex([["tram", "extension"], ["tram", "mayor"], ["bus"], ["library"]])
    assert index.idf("tram") == pytest.approx(math.log(2))
    assert index.idf("tram") < index.idf("bus") < index.idf_of_unseen()
    assert [hit.position for hit in index.search(["tram", "extension"])][:1] == [0]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS[:6]), max_size=8), min_size=1, max_size=120),
    st.sampled_from([*WORDS[:6], "unseen"]),
    st.data(),
)
def test_a_word_looked_up_at_some_passages_is_found_where_they_hold_it(
    passages: list[list[str]], term: str, data: st.DataObject
) -> None:
    """`at` over int64 positions (as `candidates` gives them) or int32, many or one, in either
    of its ways (a search in long postings, marks for short ones): which hold the word, and how
    often, as the passages say."""
    index = PassageIndex(passages)
    chosen = data.draw(st.sets(st.integers(0, len(passages) - 1)))
    for dtype in (np.int64, np.int32):
        positions = np.array(sorted(chosen), dtype=dtype)
        hit, frequencies = index.at(term, positions)
        assert hit.dtype == bool
        assert hit.tolist() == [term in passages[p] for p in sorted(chosen)]
        assert frequencies.tolist() == [
            passages[p].count(term) for p in sorted(chosen) if term in passages[p]
        ]


def test_term_lists_index_like_a_list() -> None:
    passages = [["pupil", "phone"], [], ["ban", "phone", "ban"]]
    terms = PassageIndex(passages).terms
    assert len(terms) == 3
    assert terms[-1] == ["ban", "phone", "ban"] and terms[1] == []
    assert terms[0:3:2] == [passages[0], passages[2]]
    with pytest.raises(IndexError):
        terms[3]


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda a: replace(a, term_ids=a.term_ids[:-1]), "lengths do not add up"),
        (lambda a: replace(a, positions=a.positions + 10), "passage that does not exist"),
        (lambda a: replace(a, vocabulary=a.vocabulary[:-1]), "do not match the vocabulary"),
        (lambda a: replace(a, frequencies=a.frequencies[:-1]), "differ in number"),
        (lambda a: replace(a, vocabulary=[a.vocabulary[0]] * len(a.vocabulary)), "repeats a term"),
    ],
)
def test_damaged_arrays_are_refused_with_the_reason(
    damage: Callable[[IndexArrays], IndexArrays], problem: str
) -> None:
    arrays = PassageIndex([["pupil", "phone"], ["ban", "phone"]]).arrays()
    with pytest.raises(ValueError, match=problem):
        PassageIndex.from_arrays(damage(arrays))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=25), min_size=1, max_size=40),
    st.lists(st.sampled_from([*WORDS, "unseen"]), min_size=1, max_size=6),
    st.integers(min_value=1, max_value=64),
)
def test_an_index_rebuilt_from_its_packed_term_ids_is_the_same(
    passages: list[list[str]], query: list[str], scan_bytes: int
) -> None:
    built = PassageIndex(passages)
    packed = built.arrays(packed=True)
    assert packed.packed and not built.arrays().packed
    # As the store hands them back: read-only buffers; scanned a few bytes at a time.
    stored = replace(packed, term_ids=np.frombuffer(packed.term_ids.tobytes(), dtype=np.uint8))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("bot.engine.arrays._SCAN_BYTES", scan_bytes)
        rebuilt = PassageIndex.from_arrays(stored)
    assert list(rebuilt.terms) == passages
    assert rebuilt.search(query) == built.search(query)
    assert np.array_equal(rebuilt.scores(query), built.scores(query), equal_nan=True)
    unpacked = stored.unpacked()
    for name in IndexArrays.ARRAYS:
        assert np.array_equal(getattr(unpacked, name), getattr(built.arrays(), name)), name
        assert np.array_equal(getattr(rebuilt.arrays(), name), getattr(built.arrays(), name))


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda ids: ids[:-1], "end in the middle of one|do not add up"),
        (lambda ids: np.append(ids, np.uint8(0)), "do not add up"),
        (lambda ids: np.append(ids[:-1], [np.uint8(0x85), np.uint8(0x7F)]), "outside the vocab"),
        (lambda ids: np.concatenate([ids[:-1], [0x80] * 5, [1]]).astype(np.uint8), "outside"),
    ],
)
def test_damaged_packed_term_ids_are_refused_with_the_reason(
    damage: Callable[[np.ndarray], np.ndarray], problem: str
) -> None:
    arrays = PassageIndex([["pupil", "phone"], ["ban", "phone"]]).arrays(packed=True)
    with pytest.raises(ValueError, match=problem):
        PassageIndex.from_arrays(replace(arrays, term_ids=damage(arrays.term_ids)))


def test_building_in_chunks_gives_the_index_built_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    passages = [list(rng.choice(WORDS, size=int(rng.integers(0, 12)))) for _ in range(50)]
    whole = PassageIndex(passages)
    monkeypatch.setattr("bot.engine.arrays.CHUNK_PASSAGES", 3)
    chunked = PassageIndex(passages)
    assert chunked.arrays().vocabulary == whole.arrays().vocabulary
    for query in (["w1", "w2"], ["w29", "w0", "w0"], ["unseen", "w7"]):
        assert np.array_equal(chunked.scores(query), reference_scores(chunked, query))
        assert np.array_equal(chunked.scores(query), whole.scores(query))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12), min_size=1, max_size=30),
    st.randoms(use_true_random=False),
)
def test_arrays_from_term_ids_in_any_vocabulary_equal_those_built_from_terms(
    passages: list[list[str]], random: Random
) -> None:
    # Ids into a vocabulary in another order, holding terms no passage uses.
    vocabulary = [*WORDS, "unused", "also-unused"]
    random.shuffle(vocabulary)
    number = {term: position for position, term in enumerate(vocabulary)}
    term_ids = np.array([number[t] for terms in passages for t in terms], dtype=np.int32)
    lengths = np.array([len(terms) for terms in passages], dtype=np.int32)
    from_ids = index_arrays(vocabulary, term_ids, lengths)
    built = PassageIndex(passages).arrays()
    assert from_ids.vocabulary == built.vocabulary
    for name in IndexArrays.ARRAYS:
        assert np.array_equal(getattr(from_ids, name), getattr(built, name)), name


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=2**31 - 1), max_size=6),
        max_size=40,
    ),
    st.integers(min_value=1, max_value=40),
)
def test_term_ids_held_packed_read_back_as_they_were(passages: list[list[int]], first: int) -> None:
    ids = np.array([i for passage in passages for i in passage], dtype=np.int32)
    lengths = np.array([len(passage) for passage in passages], dtype=np.int32)
    assert np.array_equal(unpack_ids(pack_ids(ids)), ids)
    held = TermLists([str(i) for i in range(3)], ids, lengths)
    assert np.array_equal(held.all_ids(), ids)
    for start in range(len(passages)):
        end = min(start + first, len(passages))
        expected = [i for passage in passages[start:end] for i in passage]
        assert held.ids(start, end).tolist() == expected


# Word i drawn about 1/(i+1) as often (Zipf), so a long query mixes common and rare words.
SKEWED = [word for i, word in enumerate(WORDS) for _ in range(30 // (i + 1))]


def _exhaustive_top(
    index: PassageIndex,
    query: list[str],
    limit: int,
    allowed: np.ndarray | None,
    weighted: dict[str, float],
    stats: Statistics | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate scored, best first with ties in corpus order, cut to `limit`."""
    positions, scores = index.matches(query, allowed, weighted, stats)
    order = np.argsort(-scores, kind="stable")[:limit]
    return positions[order], scores[order]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(SKEWED), min_size=1, max_size=30), min_size=1, max_size=80),
    st.lists(st.sampled_from([*WORDS, "unseen"]), min_size=PRUNE_MIN_TERMS, max_size=60),
    st.integers(1, 12),
    st.dictionaries(st.sampled_from(WORDS), st.floats(0.05, 1.0), max_size=3),
    st.lists(st.booleans(), min_size=80, max_size=80),
    st.lists(st.booleans(), min_size=80, max_size=80),
    st.booleans(),
    st.floats(0.5, 2.0),
    st.floats(0.0, 1.0),
)
def test_a_long_querys_pruned_top_k_is_the_exhaustive_top_k_bit_for_bit(
    passages: list[list[str]],
    query: list[str],
    limit: int,
    weighted: dict[str, float],
    seen: list[bool],
    permitted: list[bool],
    scoped: bool,
    k1: float,
    b: float,
) -> None:
    index = PassageIndex(passages, BM25Parameters(k1=k1, b=b))
    stats = index.statistics(np.array(seen[: len(passages)])) if scoped else None
    allowed = np.array(permitted[: len(passages)]) if not scoped else None
    for extra in ({}, weighted):
        pruned = index.search_arrays(query, allowed, extra, limit, stats)
        exhaustive = _exhaustive_top(index, query, limit, allowed, extra, stats)
        assert np.array_equal(pruned[0], exhaustive[0])
        assert np.array_equal(pruned[1], exhaustive[1])  # the same floats, not close ones


def test_a_long_querys_common_words_are_looked_up_only_where_they_can_reach_the_top(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = Random(7)
    passages = [[*rng.choices(SKEWED, k=20), f"rare{i}"] for i in range(400)]
    index = PassageIndex(passages)
    query = [*WORDS[:10], "rare3", "rare250"]
    walked: list[str] = []
    read = index.term_frequencies  # every walk of a term's postings reads them here

    def counted(term: str, statistics: Statistics | None = None) -> tuple[np.ndarray, np.ndarray]:
        walked.append(term)
        return read(term, statistics)

    monkeypatch.setattr(index, "term_frequencies", counted)
    positions, scores = index.search_arrays(query, limit=2)
    assert positions.tolist() == [3, 250] or positions.tolist() == [250, 3]
    # The commonest words' postings (in most passages) were never walked, only looked up.
    assert walked and not {"w0", "w1", "w2"} & set(walked)
    assert (
        sum(len(index.positions_of(t)) for t in walked)
        < sum(len(index.positions_of(t)) for t in query) / 4
    )
    assert np.array_equal(scores, _exhaustive_top(index, query, 2, None, {}, None)[1])


def _splice(
    index: PassageIndex, passages: list[list[str]], random: Random, words: list[str]
) -> tuple[list[range | list[list[str]]], list[list[str]]]:
    """A random change for `PassageIndex.spliced`: some runs of passages dropped, new ones put
    anywhere (first and last included); the pieces, and the changed passages' terms."""
    pieces: list[range | list[list[str]]] = []
    changed: list[list[str]] = []
    position = 0
    while position <= len(passages):
        if random.random() < 0.35:  # new passages here
            new = [
                [random.choice(words) for _ in range(random.randint(0, 9))]
                for _ in range(random.randint(1, 3))
            ]
            pieces.append(new)
            changed += new
        end = min(len(passages), position + random.randint(1, 6))
        if end > position and random.random() < 0.75:  # kept, else dropped
            pieces.append(range(position, end))
            changed += passages[position:end]
        position = end if end > position else position + 1
    return pieces, changed


def _assert_same_index(spliced: PassageIndex, built: PassageIndex, words: list[str]) -> None:
    ours, theirs = spliced.arrays(), built.arrays()
    assert ours.vocabulary == theirs.vocabulary
    for name in IndexArrays.ARRAYS:
        assert np.array_equal(getattr(ours, name), getattr(theirs, name)), name
    assert spliced.size == built.size and list(spliced.terms) == list(built.terms)
    mask = np.arange(built.size) % 3 != 1
    for stats in (None, spliced.statistics(mask)):
        theirs_stats = None if stats is None else built.statistics(mask)
        for term in [*words, "unseen"]:
            assert spliced.document_frequency(term, stats) == built.document_frequency(
                term, theirs_stats
            )
            assert spliced.upper_bound(term, stats) == built.upper_bound(term, theirs_stats)
            assert np.array_equal(spliced.positions_of(term), built.positions_of(term))
        for query in (words[:3], words[::2], [*words[-PRUNE_MIN_TERMS - 2 :], "unseen"]):
            assert np.array_equal(
                spliced.scores(query, statistics=stats), built.scores(query, None, theirs_stats)
            )
            for limit in (None, 3):
                assert spliced.search(query, limit=limit, statistics=stats) == built.search(
                    query, limit=limit, statistics=theirs_stats
                )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12), min_size=0, max_size=30),
    st.randoms(use_true_random=False),
)
def test_a_spliced_index_searches_as_one_built_over_its_passages(
    passages: list[list[str]], random: Random
) -> None:
    """Runs of passages dropped and new ones put anywhere, three changes in a row: terms die
    (a term of dropped passages only), come back, and new ones appear in front of the old
    (the numbering inside differs from a build's, `arrays()` does not)."""
    words = [*WORDS, "new1", "new2", "new3"]
    index = PassageIndex(passages)
    for _ in range(3):
        pieces, passages = _splice(index, passages, random, words)
        index = index.spliced(pieces)
        _assert_same_index(index, PassageIndex(passages), words)
    again = PassageIndex.from_arrays(index.arrays())
    _assert_same_index(again, PassageIndex(passages), words)


def test_splicing_in_blocks_and_past_a_narrow_frequency_gives_the_built_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Postings moved a few at a time; a new passage holding a term 300 times (the frequencies,
    held as uint8, widen)."""
    monkeypatch.setattr("bot.engine.splice._POSTINGS_BLOCK", 5)
    rng = np.random.default_rng(3)
    passages = [
        [str(w) for w in rng.choice(WORDS, size=int(rng.integers(1, 12)))] for _ in range(40)
    ]
    index = PassageIndex(passages)
    assert index._frequencies.dtype == np.uint8
    heavy = [["w3"] * 300 + ["fresh"]]
    spliced = index.spliced([range(0, 10), heavy, range(12, 40)])
    changed = passages[:10] + heavy + passages[12:]
    _assert_same_index(spliced, PassageIndex(changed), [*WORDS, "fresh"])
    monkeypatch.setattr("bot.engine.splice._TOUCHED_TERMS_MAX", 0)  # every bound made again
    spliced = index.spliced([heavy, range(5, 40)])
    _assert_same_index(spliced, PassageIndex(heavy + passages[5:]), [*WORDS, "fresh"])


def test_splicing_passages_out_of_order_is_refused() -> None:
    index = PassageIndex([["a"], ["b"], ["c"]])
    for pieces in ([range(1, 3), range(0, 1)], [range(0, 2), range(1, 3)], [range(0, 4)]):
        with pytest.raises(ValueError, match="not after"):
            index.spliced(pieces)


def _packed_problem_by_unpacking(packed: np.ndarray, count: int, vocabulary: int) -> str | None:
    """The reference for `_scan_packed_ids`' verdict: every id cut out and read whole. An id
    longer than the largest id of the vocabulary packs to is outside it, whatever its value."""
    wide = 1
    while wide < 5 and vocabulary - 1 >= 1 << (7 * wide):
        wide += 1
    ids: list[tuple[int, int]] = []  # (value, bytes)
    value = shift = size = 0
    for byte in packed.tolist():
        value |= (byte & 0x7F) << shift
        shift, size = shift + 7, size + 1
        if not byte & 0x80:
            ids.append((value, size))
            value = shift = size = 0
    if any(size > wide or value >= vocabulary for value, size in ids):
        return "a term id is outside the vocabulary"
    if len(ids) != count:
        return "the passage lengths do not add up to the term count"
    if size:
        return "the packed term ids end in the middle of one"
    return None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=70_000), max_size=60),
    st.integers(min_value=0, max_value=70_001),
    st.lists(st.integers(min_value=0, max_value=255), max_size=6),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=1, max_value=9),
)
def test_packed_ids_are_checked_and_their_passage_ends_found_as_reading_them_whole_does(
    ids: list[int], vocabulary: int, noise: list[int], extra: int, scan_bytes: int
) -> None:
    packed = np.concatenate(
        [pack_ids(np.array(ids, dtype=np.int32)), np.array(noise, dtype=np.uint8)]
    )
    count = len(ids) + extra
    # Passages of 0, 1 and more ids, ending where the ids do.
    lengths = np.array([len(ids[:2]), 0, *([1] * len(ids[2:]))], dtype=np.int32)
    ends = np.cumsum(lengths, dtype=np.int64)
    expected = _packed_problem_by_unpacking(packed, count, vocabulary)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("bot.engine.arrays._SCAN_BYTES", scan_bytes)
        problem, byte_ends = _scan_packed_ids(packed, count, vocabulary, ends)
        assert _scan_packed_ids(packed, count, vocabulary, None)[0] == problem
        if problem is None:
            assert byte_ends is not None
            assert np.array_equal(byte_ends, _byte_ends(packed, ends))
    assert problem == expected


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=25), min_size=1, max_size=40),
    st.integers(min_value=1, max_value=50),
    st.sampled_from([1, 300, 70_000]),
)
def test_term_extremes_a_block_at_a_time_are_the_extremes_of_each_terms_postings(
    passages: list[list[str]], block: int, scale: int
) -> None:
    arrays = PassageIndex(passages).arrays()
    # Lengths and frequencies past uint8 and uint16 as well: gathered in a wider dtype.
    arrays = replace(arrays, lengths=arrays.lengths * scale, frequencies=arrays.frequencies * scale)
    starts = np.zeros(len(arrays.vocabulary) + 1, dtype=np.int64)
    np.cumsum(arrays.document_frequency, out=starts[1:])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("bot.engine.arrays._EXTREMES_POSTINGS", block)
        most, shortest = term_extremes(arrays, narrowest_counts(arrays.frequencies), starts)
    assert most.dtype == shortest.dtype == np.int32
    for term in range(len(arrays.vocabulary)):
        span = slice(int(starts[term]), int(starts[term + 1]))
        if span.stop > span.start:
            assert most[term] == arrays.frequencies[span].max()
            assert shortest[term] == arrays.lengths[arrays.positions[span]].min()
        else:
            assert (most[term], shortest[term]) == (0, 1)
