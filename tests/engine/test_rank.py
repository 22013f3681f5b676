"""The ranking stage: BM25 over the candidates, coverage, focus and near-duplicates."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article
from bot.engine.models import Document, Voice
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
