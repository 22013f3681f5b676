"""The ranking stage: BM25 over the candidates, coverage, focus and near-duplicates."""

from __future__ import annotations

import itertools
from random import Random
from typing import cast
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import rank, ranking
from bot.engine import windows as windows_of
from bot.engine.answer import AnswerEngine
from bot.engine.coverage import group_held, may_cover
from bot.engine.formats.article import parse_article
from bot.engine.index import PassageIndex
from bot.engine.models import Document, Passage, Voice
from bot.engine.tuning import AnswerSettings

SEED = "security-first-or-america-first"
ARTICLE = """---
id: {id}
title: {title}
author: Someone
date: 2024-01-01
kind: article
---

{body}
"""


def article(doc_id: str, body: str, title: str = "A title") -> Document:
    text = ARTICLE.format(id=doc_id, title=title, body=body)
    return parse_article(text.encode(), f"{doc_id}.md")


def test_passages_are_ranked_best_first_with_their_coverage(seed_engine: AnswerEngine) -> None:
    query = seed_engine.query("backdoor in huawei")
    ranked = seed_engine.ranker.rank(query, None)
    scores = [scored.score for scored in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0.4 <= scored.coverage <= 1.0 for scored in ranked)
    assert ranked[0].coverage == 1.0


def test_a_passage_covering_too_little_of_the_question_is_not_ranked() -> None:
    doc = article(
        "ferries",
        "The ferry timetable changes in May.\n\nThe lighthouse keeper retired after forty years.",
    )
    engine = AnswerEngine([doc], AnswerSettings(min_coverage=0.4))
    # The lighthouse paragraph holds a quarter of the question's words, the ferry one the rest.
    query = engine.query("lighthouse ferry timetable changes")
    assert [s.passage.id for s in engine.ranker.rank(query, None)] == ["ferries:p1"]
    loose = AnswerEngine([doc], AnswerSettings(min_coverage=0.1))
    assert [s.passage.id for s in loose.ranker.rank(query, None)] == ["ferries:p1", "ferries:p2"]


def test_the_voice_a_question_names_comes_first(seed_engine: AnswerEngine) -> None:
    query = seed_engine.query("what does the publisher say about pompeo?")
    ranked = seed_engine.ranker.rank(query, None)
    assert ranked[0].passage.voice is Voice.PUBLISHER


def test_a_document_restriction_keeps_only_that_document(full_engine: AnswerEngine) -> None:
    query = full_engine.query("what about security?")
    ranked = full_engine.ranker.rank(query, SEED)
    assert ranked and {s.passage.doc_id for s in ranked} == {SEED}


def test_near_duplicate_passages_are_merged() -> None:
    body = (
        "The harbour tunnel will cost four hundred million pounds according to the city "
        "budget office.\n\nSomething else entirely about gardens."
    )
    docs = [article(doc_id, body, f"Copy {doc_id}") for doc_id in ("copy-a", "copy-b")]
    engine = AnswerEngine(docs)
    answer = engine.answer("how much will the harbour tunnel cost?", k=5)
    assert len(answer.quotes) == 1
    assert answer.quotes[0].also_in == ("copy-b:p1",)


# --- coverage pruning (`may_cover`) ------------------------------------------------------------

WORDS = [f"w{i}" for i in range(30)]
# Word i drawn about 1/(i+1) as often (Zipf), so a long question mixes common and rare words.
SKEWED = [word for i, word in enumerate(WORDS) for _ in range(30 // (i + 1))]
_GROUP = st.frozensets(
    st.one_of(
        st.sampled_from([*WORDS, "unseen"]),
        st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(" ".join),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(SKEWED), min_size=1, max_size=30), min_size=1, max_size=80),
    st.lists(_GROUP, min_size=1, max_size=40),
    st.lists(st.floats(0.01, 20.0), min_size=40, max_size=40),
    st.floats(0.0, 1.0),
    st.lists(st.booleans(), min_size=80, max_size=80),
)
def test_candidates_dropped_by_the_coverage_bound_cover_too_little(
    passages: list[list[str]],
    groups: list[frozenset[str]],
    weights: list[float],
    needed: float,
    kept: list[bool],
) -> None:
    """`may_cover` keeps, in order, every candidate whose coverage (computed as `rank` does)
    reaches `needed`: the exhaustive filter over what it keeps equals the one over all."""
    index = PassageIndex(passages)
    weights = weights[: len(groups)]
    positions = index.candidates([p for g in groups for t in g for p in t.split()])
    positions = positions[np.array(kept[: len(passages)])[positions]]
    found = may_cover(index, positions, groups, weights, needed)
    assert set(found.tolist()) <= set(positions.tolist())
    assert found.tolist() == sorted(found.tolist())

    def enough(at: np.ndarray) -> np.ndarray:
        looked_up = {p: index.at(p, at) for g in groups for t in g for p in t.split()}
        covered = np.zeros(len(at))
        for group, weight in zip(groups, weights, strict=True):
            covered += weight * group_held(group, looked_up, len(at))
        return np.asarray(at[covered / sum(weights) >= needed])

    assert np.array_equal(enough(found), enough(positions))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(SKEWED), min_size=1, max_size=25), min_size=2, max_size=60),
    st.lists(st.sampled_from([*WORDS, "unseen"]), min_size=8, max_size=40),
    st.floats(0.0, 0.6),
)
def test_a_long_questions_ranking_is_the_same_with_and_without_the_coverage_bound(
    passages: list[list[str]], words: list[str], needed: float
) -> None:
    """`Ranker.rank` of a long question (pruned by `may_cover`) equals the exhaustive one:
    the same passages in the same order, the same scores, coverage and signals."""
    docs = [article(f"d{i}", " ".join(terms)) for i, terms in enumerate(passages)]
    engine = AnswerEngine(docs, AnswerSettings(min_coverage=needed))
    query = engine.query(" ".join(words))

    def ranked() -> tuple[list[tuple[str, float, float]], object]:
        ranking = engine.ranker.rank(query, None)
        return [(s.passage.id, s.score, s.coverage) for s in ranking], ranking.signals

    pruned = ranked()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rank, "COVERAGE_PRUNE_MIN_GROUPS", 10**9)
        exhaustive = ranked()
    assert pruned == exhaustive


def test_a_pasted_paragraph_looks_up_its_common_words_only_where_they_can_matter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = Random(3)
    passages = [[*rng.choices(SKEWED, k=20), f"rare{i}", f"rare{i + 1}"] for i in range(300)]
    index = PassageIndex(passages)
    groups = [frozenset({w}) for w in [*WORDS[:12], "rare7", "rare8", "rare200"]]
    weights = [index.idf(next(iter(g))) for g in groups]
    looked: list[int] = []
    at = index.at

    def counted(term: str, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        looked.append(len(positions))
        return at(term, positions)

    monkeypatch.setattr(index, "at", counted)
    found = may_cover(index, np.arange(300), groups, weights, 0.3)
    assert set(found.tolist()) >= {7, 8}  # the passages holding two or three rare words
    # The common words were looked up at a fraction of the 300 candidates, never at all.
    assert len(found) < 10 and max(looked, default=0) < 100


# --- who a sentence reports ---------------------------------------------------------------------


def test_sentence_reports_are_the_tags_reports_with_or_without_tagging() -> None:
    text = (
        "---\nid: quill\ntitle: On taxes\nauthor: Someone\ndate: 2024-01-01\nkind: article\n"
        "mention: Mary Quill | Quill\n---\n\n"
        "Quill said the tax would fall. He said it twice.\n\n"
        "Nothing here names anyone at all. The weather was fine.\n\n"
        "The budget office reported a deficit."
    )
    doc = parse_article(text.encode(), "quill.md")
    fresh = AnswerEngine([doc]).collection
    tagged = AnswerEngine([doc]).collection
    for passage in doc.passages:
        expected = tuple(t.reports for t in tagged.sentence_tags(passage))
        assert fresh.sentence_reports(passage) == expected
        assert tagged.sentence_reports(passage) == expected
        for person in ("Mary Quill", "Someone Else"):
            assert fresh.reports(passage, person) == (person in expected)
    assert fresh.sentence_reports(doc.passages[0])[0] == "Mary Quill"


def test_a_quotation_after_one_that_says_whose_it_is_reports_the_same_person() -> None:
    text = (
        "---\nid: quill\ntitle: On taxes\nauthor: Someone\ndate: 2024-01-01\nkind: article\n"
        "mention: Mary Quill | Quill\n---\n\n"
        "“The tax will fall,” Quill said. “It will fall by half.” The weather was fine. "
        "“Nobody expected it.”"
    )
    doc = parse_article(text.encode(), "quill.md")
    reports = AnswerEngine([doc]).collection.sentence_reports(doc.passages[0])
    # The second quotation goes on with Quill's voice; after a sentence of no one's, a
    # quotation is no one's.
    assert reports == ("Mary Quill", "Mary Quill", None, None)


def test_speaker_codes_number_each_passages_speaker(full_engine: AnswerEngine) -> None:
    collection = full_engine.collection
    codes, code_of = collection.speaker_codes()
    assert len(codes) == len(collection.passages)
    for position, passage in enumerate(collection.passages):
        assert codes[position] == code_of[passage.speaker]
    assert len(set(code_of.values())) == len(code_of)


# Scores with many ties, signed zeros, NaN, and neighbours that one scaling can make equal.
_TIED_SCORES = st.sampled_from(
    [0.0, -0.0, 0.5, 1.0, float(np.nextafter(1.0, 2.0)), 2.5, 7.0, float("nan")]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_TIED_SCORES, _TIED_SCORES, st.integers(0, 3)), max_size=60),
    st.integers(0, 70),
)
def test_the_first_in_order_are_the_lexsorts_first(
    rows: list[tuple[float, float, int]], n: int
) -> None:
    """`_first_in_order` (partitions, then a sort of the first n) is the lexsort's prefix."""
    keys = (
        np.array([row[2] for row in rows], dtype=np.int16),
        np.array([row[0] for row in rows], dtype=np.float64),
        np.array([row[1] for row in rows], dtype=np.float64),
    )
    expected = np.lexsort(tuple(reversed(keys)))[:n]
    assert ranking.first_in_order(keys, n).tolist() == expected.tolist()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.booleans(),
            st.integers(0, 2),
            st.booleans(),
            st.booleans(),
            st.booleans(),
        ),
        max_size=40,
    )
)
def test_the_focus_key_orders_as_the_lexsort(
    rows: list[tuple[bool, bool, int, bool, bool, bool]],
) -> None:
    later, weak = (np.array([row[i] for row in rows], dtype=bool) for i in (0, 1))
    quoting = np.array([row[2] for row in rows], dtype=np.int8)
    other, outside, undefined = (np.array([row[i] for row in rows], dtype=bool) for i in (3, 4, 5))
    expected = np.lexsort((later, undefined, weak, quoting, other, outside))
    key = rank._focus_key(later, undefined, weak, quoting, other, outside)
    assert np.argsort(key, kind="stable").tolist() == expected.tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            # 1.5000000000000007 and the next float are equal once scaled by 0.7.
            st.sampled_from([0.5, 1.0, 1.5000000000000007, 1.5000000000000009, 2.5, 7.0]),
            st.integers(0, 5),
            st.sampled_from([1.0, 1.0, 1.5, 2.0, 2.5]),
        ),
        max_size=80,
    ),
    st.integers(1, 12),
    st.booleans(),
    st.integers(1, 70),
    st.integers(1, 8),
)
def test_ranking_the_first_candidates_orders_as_sorting_them_all(
    rows: list[tuple[float, int, float]], head: int, scale_rest: bool, read: int, prefix: int
) -> None:
    """What `Ranker.rank` does (`_best_first` arranges only the first `head` by score, the
    first ones are boosted, then `Ranking` orders by focus key, score and score before the
    boosts) ranks every candidate where the full sorts did: a stable sort by BM25 score, the
    same boosts, then a stable lexsort by focus key and score; read in any order."""
    raw = np.array([row[0] for row in rows], dtype=np.float64)
    focus = np.array([row[1] for row in rows], dtype=np.int16)
    boosts = np.array([row[2] for row in rows], dtype=np.float64)[:head]

    def boosted(scores: np.ndarray) -> np.ndarray:
        # Boosts on the first ones by BM25; the rest scaled, as the semantic stage does.
        scores = scores.copy()
        scores[: len(boosts)] *= boosts[: len(scores)]
        if scale_rest:
            scores[len(boosts) :] *= 0.7
        return scores

    best_first = np.argsort(-raw, kind="stable")
    old_scores = boosted(raw[best_first])
    old = best_first[np.lexsort((-old_scores, focus[best_first]))]

    arranged = ranking.best_first(raw, head)
    assert sorted(arranged.tolist()) == list(range(len(raw)))
    assert arranged[:head].tolist() == best_first[:head].tolist()
    scores = boosted(raw[arranged])
    with patch.object(ranking, "RANKING_PREFIX", prefix):  # a short prefix, grown as it is read
        ranked = ranking.Ranking(
            [], arranged, scores, raw[arranged], order_by=(focus[arranged], -scores, -raw[arranged])
        )
    assert len(ranked) == len(raw)
    # A far rank read first, then all of them from the top.
    if len(ranked):
        far = min(read, len(ranked)) - 1
        assert int(arranged[ranked.at(far)]) == int(old[far])
    assert [int(arranged[ranked.at(i)]) for i in range(len(ranked))] == old.tolist()
    assert [float(scores[ranked.at(i)]) for i in range(len(ranked))] == (
        old_scores[np.argsort(best_first)][old].tolist()
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.floats(0, 9)), min_size=1, max_size=40),
    st.lists(st.integers(0, 79), max_size=4, unique=True),
    st.booleans(),
    st.integers(1, 8),
)
def test_passages_moved_first_come_first_in_order_and_the_rest_keep_theirs(
    rows: list[tuple[int, float]], moved: list[int], ordered: bool, prefix: int
) -> None:
    """`Ranking.moved_first`: the passages given first, in the order given, with the scores given;
    then every other ranked passage once, in the order the ranking had; read from the end."""
    # Stand-ins for passages: the position itself, so what is read says where it came from.
    passages = cast(list[Passage], list(range(80)))
    positions = np.arange(len(rows), dtype=np.int64) * 2  # ranked: the even positions
    focus = np.array([row[0] for row in rows], dtype=np.int16)
    scores = np.array([row[1] for row in rows])
    with patch.object(ranking, "RANKING_PREFIX", prefix):
        ranked = ranking.Ranking(
            passages, positions, scores, scores / 10, order_by=(focus, -scores) if ordered else None
        )
        before = [scored.passage for scored in ranked]
        first = np.array(moved, dtype=np.int64)  # some ranked (even), some not (odd)
        after = ranked.moved_first(first, -np.ones(len(first)), np.ones(len(first)))
        read = [after[i] for i in reversed(range(len(after)))][::-1]
    assert [scored.passage for scored in read] == [*moved, *(p for p in before if p not in moved)]
    assert [scored.score for scored in read[: len(moved)]] == [-1.0] * len(moved)
    assert all(scored.score == scores[int(scored.passage) // 2] for scored in read[len(moved) :])


def test_a_stand_in_covers_a_word_the_corpus_uses_only_in_part() -> None:
    from tests.conftest import written_article

    engine = AnswerEngine(
        [
            written_article("own", "Students walk to the lake each spring."),
            written_article("other", "Pupils walk to the lake each spring."),
            written_article("filler", "The lake road was resurfaced last year."),
        ]
    )
    ranking = engine.ranker.rank(engine.query("do students walk to the lake"))
    coverage = {scored.passage.doc_id: scored.coverage for scored in ranking}
    # "students" is the corpus's own word: the passage using it covers the question in full,
    # the one with its stand-in "pupils" less, but still more than the words they share.
    assert coverage["own"] == pytest.approx(1.0)
    assert 0 < coverage["other"] < coverage["own"]
    assert [scored.passage.doc_id for scored in ranking][:1] == ["own"]


def test_a_passage_holding_the_words_in_one_sentence_outranks_one_holding_them_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.conftest import written_article

    engine = AnswerEngine(
        [
            written_article(
                "apart",
                "The ferry was repainted in spring. Yachts sail past it. The ferry is blue "
                "now. Gulls gather at dawn.",
            ),
            written_article(
                "together",
                "According to the harbour master, the ferry sails at dawn on weekdays once the "
                "mail sacks are loaded and the crew has signed the log book for the day.",
            ),
            written_article("filler", "The museum opens at ten. Entry is free on Sundays."),
        ]
    )
    question = "when does the ferry sail at dawn"

    def first() -> str:
        return engine.ranker.rank(engine.query(question))[0].passage.doc_id

    monkeypatch.setattr(rank, "PROXIMITY_WEIGHT", 0.0)
    assert first() == "apart"  # BM25 alone: two "ferry"s in a shorter passage
    monkeypatch.setattr(rank, "PROXIMITY_WEIGHT", 4.0)
    assert first() == "together"


_WORDS = st.sampled_from(["tram", "bus", "fare", "city", "cost", "rail", "road"])


@settings(max_examples=300, deadline=None)
@given(
    sentences=st.lists(st.lists(_WORDS, max_size=6), max_size=6),
    groups=st.lists(st.frozensets(_WORDS, min_size=1, max_size=3), min_size=1, max_size=5),
    data=st.data(),
)
def test_best_window_share_is_the_window_share_of_joined_sentences(
    sentences: list[list[str]], groups: list[frozenset[str]], data: st.DataObject
) -> None:
    # The proximity boost's fast path (each sentence's groups as bits) gives the very float the
    # general path gives over the adjacent sentences' terms joined.
    weights = data.draw(
        st.lists(st.floats(0.01, 20, allow_nan=False), min_size=len(groups), max_size=len(groups))
    )
    sets = [set(s) for s in sentences]
    windows = [a | b for a, b in itertools.pairwise(sets)] if len(sets) > 1 else sets
    expected, _, _ = windows_of.window_shares(windows, groups, weights, [], [])
    assert windows_of.best_window_share(sentences, groups, weights, sum(weights)) == expected


def test_a_story_carries_who_speaks_across_sentences_and_paragraphs() -> None:
    body = (
        "Councillor Ada Quirke-Lyle led the march. “It is wrong,” she said. “The pier is ours.”"
        "\n\n"
        "She added that the council had received 900 letters.\n\n"
        "“When they drill, the windows shake,” Tom Hesketh said. “They say it is safe. Well, "
        "they do not live here.\n\n"
        "“I am not against the pier. But enough is enough.”\n\n"
        "The council meets in May."
    )
    from tests.conftest import written_article

    doc = written_article("pier", body, author="Jo Park")
    collection = AnswerEngine([doc]).collection
    reports = [collection.sentence_reports(p) for p in doc.passages]
    ada, tom = "Ada Quirke-Lyle", "Tom Hesketh"
    assert reports[0] == (None, ada, ada)  # named; "she said"; her quotation going on
    assert reports[1] == (ada,)  # "She added" opens the next paragraph
    assert reports[2] == (tom, tom, tom)  # a quotation's later sentences, no marks of their own
    assert reports[3] == (tom,)  # the quotation's next paragraph (one sentence, quoted whole)
    assert reports[4] == (None,)


def test_of_passages_on_the_same_words_the_one_holding_the_kind_asked_for_ranks_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.engine import rank as rank_module
    from bot.engine.answer import AnswerEngine
    from tests.conftest import written_article

    engine = AnswerEngine(
        [
            written_article(
                "buses",
                "The authority reviewed its 64 rural bus routes this spring. Rural bus routes "
                "matter to the authority, which will spend the summer on a plan for rural bus "
                "routes.\n\nIn 2024 the authority's rural bus routes cost 9.3 million pounds.",
                title="Buses left behind",
                author="Mira Castle",
            ),
            written_article(
                "trams",
                "The tram line opened in 2011 and runs every seven minutes.",
                title="The tram at ten",
                author="Owen Pike",
            ),
        ]
    )
    question = "how much did the authority spend on rural bus routes?"
    # "How much" asks for a sum: the passage stating one comes first, over the one holding
    # more of the question's words and only a count.
    assert engine.answer(question).quotes[0].passage_id == "buses:p2"
    monkeypatch.setattr(rank_module, "KIND_BOOST", 1.0)
    assert engine.answer(question).quotes[0].passage_id == "buses:p1"
