"""The abstention model's signals: what the best passage shows about whether to answer."""

from __future__ import annotations

import pytest

from bot.engine.abstain import NAMES, Signals, answer_probability
from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article
from bot.engine.models import Document
from bot.engine.tuning import ABSTAIN_WEIGHTS, AnswerSettings

ARTICLE = """---
id: {id}
title: A title
author: Someone
date: 2024-01-01
kind: article
---

{body}
"""


def article(doc_id: str, body: str) -> Document:
    return parse_article(ARTICLE.format(id=doc_id, body=body).encode(), f"{doc_id}.md")


def signals_for(body: str, question: str) -> Signals:
    engine = AnswerEngine([article("harbour", body)], AnswerSettings(min_coverage=0.1))
    ranked = engine.ranker.rank(engine.query(question), None)
    assert ranked.signals is not None
    return ranked.signals


def test_the_counted_thing_in_the_best_sentences_is_full_focus() -> None:
    body = (
        "The harbour master counted the boats in spring. Forty trawlers moored at the quay."
        "\n\nThe lighthouse keeper retired after forty years."
    )
    signals = signals_for(body, "how many trawlers moored at the harbour quay?")
    assert signals.focus_in_sentence == 1.0


def test_a_focus_word_far_from_the_matching_sentences_is_not_in_them() -> None:
    # The rarest word ("regatta") is in the passage, but not within two adjacent sentences of
    # the others: the passage talks about the question's words without answering it.
    body = (
        "The regatta was cancelled. The weather was fine. The tide was low. "
        "The harbour fees for visiting yachts went up in spring."
        "\n\nHarbour fees for yachts are listed online. Visiting hours went unchanged."
    )
    signals = signals_for(body, "what harbour fees went up for visiting yachts at the regatta?")
    assert signals.coverage == 1.0
    assert signals.sentence_coverage < 1.0
    assert signals.focus_in_sentence == 0.0


def test_the_weights_match_the_signals() -> None:
    assert len(ABSTAIN_WEIGHTS) == len(NAMES) + 1
    with pytest.raises(ValueError, match="expected"):
        answer_probability(Signals(1.0, 1.0, 0.0, False, 1), ABSTAIN_WEIGHTS[:-1])
