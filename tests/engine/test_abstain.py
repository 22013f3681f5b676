"""The abstention model's signals: what the best passage shows about whether to answer."""

from __future__ import annotations

import pytest

from bot.engine.abstain import NAMES, Signals, answer_probability
from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article
from bot.engine.models import Document
from bot.engine.tuning import ABSTAIN_WEIGHTS, AnswerSettings
from tests.conftest import written_article

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


def test_a_how_many_question_on_sentences_without_a_figure_lacks_its_kind() -> None:
    # The passage holds a figure (so "how many" may rank it), but not near the trawlers.
    body = (
        "The harbour master counted the trawlers in spring and was pleased with the catch. "
        "The weather was fine. The tide was low. The lighthouse cost 40 pounds to repaint."
        "\n\nThe lighthouse keeper retired after a long career."
    )
    signals = signals_for(body, "how many trawlers did the harbour master count?")
    assert signals.kind_absent == 1.0


def test_a_how_many_question_on_a_sentence_with_a_figure_has_its_kind() -> None:
    body = (
        "The harbour master counted forty trawlers in spring."
        "\n\nThe lighthouse keeper retired after a long career."
    )
    signals = signals_for(body, "how many trawlers did the harbour master count?")
    assert signals.kind_absent == 0.0


def test_a_when_question_needs_a_date_in_the_best_sentences() -> None:
    body = "The new quay opened to trawlers after a long delay.\n\nThe lighthouse is old."
    assert signals_for(body, "when did the new quay open?").kind_absent == 1.0
    dated = "The new quay opened to trawlers in March 2019.\n\nThe lighthouse is old."
    assert signals_for(dated, "when did the new quay open?").kind_absent == 0.0


def test_a_question_that_asks_for_no_kind_never_lacks_one() -> None:
    body = "The harbour master argued that the quay needs repairs.\n\nThe lighthouse is old."
    signals = signals_for(body, "what does the harbour master argue about the quay?")
    assert signals.kind_absent == 0.0


def test_the_possessed_word_is_the_focus_not_the_owner() -> None:
    # "the harbour master's salary": the passage talks about the harbour master, not his pay.
    body = (
        "The harbour master counted forty trawlers in spring. He has served the town for years."
        "\n\nThe lighthouse keeper retired after a long career."
    )
    signals = signals_for(body, "what is the harbour master's salary?")
    assert signals.focus_in_sentence == 0.0


def test_a_year_the_corpus_never_mentions_is_said_so() -> None:
    report = written_article(
        "rates",
        "In 2023 one household in five in the county was in fuel poverty, up from one in eight "
        "in 2019.",
        date="2024-03-14",
    )
    engine = AnswerEngine([report])
    missing = engine.answer("how many households were in fuel poverty in 2021?")
    assert missing.abstained and not missing.quotes
    assert missing.note == "No document in the corpus mentions 2021: nothing in it answers this."
    assert not engine.answer("how many households were in fuel poverty in 2023?").abstained
    # A year a document is dated in is the corpus's too.
    dated = engine.answer("what did the 2024 report say about fuel poverty?")
    assert dated.note is None or "2024" not in dated.note


def test_a_day_no_passage_holds_with_its_month_and_year_is_said_so() -> None:
    diary = written_article(
        "diary",
        "Monday 3rd June 1940. The boats came back all night and the quay was full of soldiers."
        "\n\nTuesday 4 June 1940. Dad went down to the quay again with the Red Cross.",
    )
    engine = AnswerEngine([diary])
    missing = engine.answer("what happened on 5 June 1940?")
    assert missing.abstained
    assert (
        missing.note
        == "No document in the corpus mentions 5 June 1940: nothing in it answers this."
    )
    # The day written as an ordinal, or after its month, is found (what is asked is then for
    # the ranking to judge).
    for question in ("what happened on June 3, 1940?", "what did dad do on 4th June 1940?"):
        note = engine.answer(question).note
        assert note is None or "mentions" not in note, question
    assert not engine.answer("where did dad go on 4th June 1940?").abstained


def test_a_pasted_passage_naming_a_year_is_no_question_about_that_year() -> None:
    report = written_article(
        "rates",
        "In 2023 one household in five in the county was in fuel poverty, up from one in eight "
        "in 2019, and the council's emergency payments reached more homes than ever before.",
    )
    engine = AnswerEngine([report])
    pasted = (
        "A paragraph pasted to find its sources: in 2021 the county's fuel poverty figures were "
        "first published, and since then one household in five in the county has been in fuel "
        "poverty, while the council's emergency payments reached more homes than ever before, "
        "which the report says was still not enough to keep up with the rising cost of energy."
    )
    answer = engine.answer(pasted)
    assert answer.note is None or "mentions" not in answer.note


def test_a_question_for_someones_words_on_a_passage_reporting_no_one_lacks_speech() -> None:
    # The passage holds the question's words but only states the result in its writer's own
    # voice: the harbour master's words are nowhere.
    body = (
        "The harbour master announced the result. Forty trawlers voted for the new quay fees."
        "\n\nThe lighthouse keeper retired after a long career."
    )
    plain = "The harbour master confirmed the vote on the new quay fees.\n\nThe lighthouse is old."
    question = "what did the harbour master say about the new quay fees?"
    assert signals_for(body.replace("announced", "read out"), question).speech_absent == 1.0
    # Reporting verbs and quotation marks give someone's words.
    assert signals_for(body, question).speech_absent == 0.0
    assert signals_for(plain, question).speech_absent == 0.0
    quoted = "“The new quay fees are fair,” the harbour master wrote.\n\nThe lighthouse is old."
    assert signals_for(quoted, question).speech_absent == 0.0


def test_a_question_for_the_documents_own_voice_needs_no_reported_words() -> None:
    body = "Forty trawlers should pay the new quay fees.\n\nThe lighthouse is old."
    for question in (
        "what does the article say about the new quay fees?",
        "what does Someone say about the new quay fees?",  # the article's author
        "what does the writer think of the new quay fees?",
    ):
        assert signals_for(body, question).speech_absent == 0.0, question
    assert signals_for(body, "what did the mayor say about the quay fees?").speech_absent == 1.0
