"""The semantic stage's plumbing, with a small encoder of hand-made meanings (no model needed).

The installed model's own behaviour is in test_semantic_model.py, skipped without the extra.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from bot.engine import semantic
from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article
from bot.engine.models import Document
from bot.engine.semantic import Paraphrases, VectorCache, blend
from bot.engine.tuning import AnswerSettings

ARTICLE = """---
id: {id}
title: Council notes
author: Someone
date: 2024-01-01
kind: article
---

{body}
"""
COUNCIL = (
    "The council said the main hurdle to the new bridge is money from the county.\n\n"
    "The ferry timetable changes in May, the council said.\n\n"
    "Protesters were taken into custody after the march on the town hall.\n\n"
    "The lighthouse keeper retired after forty years of service."
)
# Meanings: a text's vector counts the words of each group it holds; a text that holds none has
# a dimension of its own. Words of one group are near (cosine 1), any other two far (0).
MEANINGS = (
    ("hurdle", "stumbling block", "obstacle"),
    ("jailed", "custody", "prison"),
    ("bridge", "viaduct"),
    ("ferry", "boat"),
)


class MeaningEncoder:
    """An `Encoder` over MEANINGS; counts how many texts it was asked to embed."""

    name = "meanings"

    def __init__(self) -> None:
        self.encoded = 0
        self._others: dict[str, int] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        vectors = np.zeros((len(texts), len(MEANINGS) + 256), dtype=np.float32)
        for row, text in enumerate(texts):
            folded = text.casefold()
            for column, words in enumerate(MEANINGS):
                vectors[row, column] = sum(folded.count(word) for word in words)
            if not vectors[row].any():
                own = self._others.setdefault(folded, len(self._others) % 256)
                vectors[row, len(MEANINGS) + own] = 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def article(doc_id: str, body: str) -> Document:
    return parse_article(ARTICLE.format(id=doc_id, body=body).encode(), f"{doc_id}.md")


@pytest.fixture
def encoder(monkeypatch: pytest.MonkeyPatch) -> MeaningEncoder:
    """The engine's semantic stage runs on MeaningEncoder instead of the installed model."""
    made = MeaningEncoder()
    monkeypatch.setattr(semantic, "installed_encoder", lambda: made)
    return made


def test_an_unseen_phrase_is_searched_as_the_scope_word_nearest_in_meaning(
    encoder: MeaningEncoder,
) -> None:
    question = "what did the council say about the stumbling block"
    without = AnswerEngine([article("council", COUNCIL)])
    assert without.answer(question).abstained
    engine = AnswerEngine([article("council", COUNCIL)], AnswerSettings(semantic=True))
    assert "hurdl" in engine.query(question).terms
    answer = engine.answer(question)
    assert not answer.abstained
    assert answer.quotes[0].passage_id == "council:p1"
    assert "hurdle" in answer.quotes[0].text


def test_an_unseen_word_finds_the_passage_in_other_words(encoder: MeaningEncoder) -> None:
    engine = AnswerEngine([article("council", COUNCIL)], AnswerSettings(semantic=True))
    assert AnswerEngine([article("council", COUNCIL)]).answer("who was jailed?").abstained
    assert "custodi" in engine.query("who was jailed?").terms
    answer = engine.answer("who was jailed?")
    assert [q.passage_id for q in answer.quotes][:1] == ["council:p3"]


def test_words_the_corpus_uses_and_framing_words_get_no_stand_ins(
    encoder: MeaningEncoder,
) -> None:
    engine = AnswerEngine([article("council", COUNCIL)], AnswerSettings(semantic=True))
    plain = AnswerEngine([article("council", COUNCIL)])
    for question in ("what does the council say about the bridge?", "what did they write?"):
        assert engine.query(question).terms == plain.query(question).terms


def test_a_word_nothing_in_the_corpus_means_stays_unanswered(encoder: MeaningEncoder) -> None:
    engine = AnswerEngine([article("council", COUNCIL)], AnswerSettings(semantic=True))
    assert engine.answer("what is the price of tea in china?").abstained


def test_stand_ins_by_meaning_come_from_the_scope_asking() -> None:
    made = MeaningEncoder()
    shared = article("notes", "The ferry timetable changes in May, the council said.")
    upload = article("uploaded", "The council said the main hurdle is money.")
    engine = AnswerEngine([shared, upload], scopes={"uploaded": "7"})
    stage = Paraphrases(engine.collection, made)
    question = "what did the council say about the obstacle"
    tokens = engine.analyser.tokens(question)
    in_server = stage.stand_ins(question, tokens, {"obstacl"}, engine.collection.statistics("7"))
    assert in_server == {"obstacl": ["hurdl"]}
    elsewhere = stage.stand_ins(question, tokens, {"obstacl"}, engine.collection.statistics(""))
    assert elsewhere == {}


def test_the_rerank_puts_the_passage_nearer_in_meaning_first() -> None:
    engine = AnswerEngine(
        [article("council", "The ferry sails at noon.\n\nThe bridge opens in May.")]
    )
    stage = Paraphrases(engine.collection, MeaningEncoder(), weight=0.5)
    positions = np.array([0, 1])
    scores = np.array([2.0, 1.9])  # BM25 puts the ferry first
    new = stage.rerank("when does the viaduct open?", positions, scores)
    assert new[1] > new[0]


def test_the_blend_never_lifts_a_passage_past_the_candidates_it_reranks() -> None:
    scores = np.array([4.0, 3.0, 2.0, 1.9, 1.0])
    similarities = np.array([0.0, 0.1, 1.0])  # the first three only
    new = blend(scores, similarities, 0.5)
    assert new[2] > new[0] > new[1]
    assert new[3:].max() < new[:3].min()
    assert np.allclose(blend(scores, similarities, 0.0), scores)


def test_vectors_are_computed_once_for_every_engine() -> None:
    made = MeaningEncoder()
    cache = VectorCache(made, limit=3)
    first = cache.vectors(["bridge", "ferry", "bridge"])
    assert made.encoded == 2
    assert np.allclose(first[0], first[2])
    cache.vectors(["ferry"])
    assert made.encoded == 2
    cache.vectors(["boat", "prison"])  # over the limit: the oldest goes
    assert made.encoded == 4
    cache.vectors(["bridge"])
    assert made.encoded == 5


def test_without_the_extra_the_engine_answers_as_without_the_stage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(semantic, "semantic_available", lambda: False)
    semantic.installed_encoder.cache_clear()
    try:
        documents = [article("council", COUNCIL)]
        on = AnswerEngine(documents, AnswerSettings(semantic=True))
        off = AnswerEngine(documents)
        assert on.paraphrases is None
        for question in ("what did the council say about the bridge?", "who was jailed?"):
            assert on.answer(question) == off.answer(question)
    finally:
        semantic.installed_encoder.cache_clear()
