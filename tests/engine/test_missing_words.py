"""The question's words a quoted passage leaves out ("Not in this passage: old"), shown with a
quote so that a reader can tell a near miss from an answer."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article
from bot.engine.models import Document

HARBOUR = b"""---
id: harbour-report
title: The Harbour Board's Year
author: Ines Carvalho
date: 2023-03-01
kind: report
---

Mayor Ruth Alvarez died in the spring of 2010, a year after she opened the new ferry terminal.

The board spent four million on dredging the channel, and the fishing fleet grew by a third.

She said the terminal would pay for itself within ten years of opening.
"""


def engine() -> AnswerEngine:
    documents: list[Document] = [parse_article(HARBOUR, "harbour-report.md")]
    return AnswerEngine(documents)


def test_a_word_the_passage_lacks_is_named() -> None:
    answer = engine().answer("what illness did mayor ruth alvarez die of?")
    assert answer.quotes and "died in the spring of 2010" in answer.quotes[0].passage
    assert answer.quotes[0].missing == ("illness",)
    assert answer.to_json()["answers"][0]["missing"] == ["illness"]  # type: ignore[index]
    # Asked her age, which no sentence gives (a year, not an age): refused, not quoted.
    assert engine().answer("how old was mayor ruth alvarez when she died?").abstained


def test_a_passage_holding_every_word_misses_none() -> None:
    answer = engine().answer("what did the board spend on dredging the channel?")
    assert answer.quotes and answer.quotes[0].missing == ()


def test_words_for_the_document_and_the_person_asked_about_are_not_missing() -> None:
    # "In the harbour report" says where to look; Alvarez is "she" in the passage quoted.
    # "Harbour" is a word of the document's title.
    answer = engine().answer("in the harbour report, what did alvarez say the terminal would do?")
    first = answer.quotes[0]
    assert first.missing == ()
    # Without the title's word, the question's other words the passage lacks are named.
    other = engine().answer("in the report, what did alvarez say about the lighthouse terminal?")
    assert other.quotes and other.quotes[0].missing == ("lighthouse",)


def test_a_pasted_text_names_no_missing_words() -> None:
    pasted = (
        "The board spent four million on dredging the channel and the fishing fleet grew by a "
        "third, while the mayor opened the new ferry terminal a year before she died, and said "
        "it would pay for itself within ten years of opening to lighthouse keepers and pilots"
    )
    answer = engine().answer(pasted)
    assert answer.quotes and all(q.missing == () for q in answer.quotes)


def test_a_number_typed_in_figures_is_held_by_the_same_number_in_words() -> None:
    survey = parse_article(
        b"---\nid: youth-survey\ntitle: Who Turned Out\nauthor: Mia Lund\ndate: 2024-05-02\n"
        b"kind: report\n---\n\n"
        b"In the first year, fifteen- and nineteen-year-olds voted at 58 per cent, against "
        b"forty-one per cent for those in their thirties.\n\n"
        b"The council paid for buses to the polling stations.\n",
        "youth-survey.md",
    )
    answer = AnswerEngine([survey]).answer("did 15 and 19 year olds vote at 58 per cent?")
    first = answer.quotes[0]
    assert "fifteen- and nineteen-year-olds" in first.passage
    assert first.missing == ()
    # Typed in figures where the passage writes words, whole ("forty-one") too.
    worded = AnswerEngine([survey]).answer(
        "in the first year, did 41 per cent of those in their thirties vote?"
    )
    assert worded.quotes[0].missing == ()
    # A number the passage does not give is still named.
    other = AnswerEngine([survey]).answer("did 16 and 19 year olds vote at 58 per cent?")
    assert other.quotes[0].missing == ("16",)
