"""Runs of a question's words that stand for one thing: abbreviations a document defines."""

from __future__ import annotations

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.models import Document
from bot.engine.phrases import Acronyms, long_form
from bot.engine.text import default_analyser
from tests.conftest import written_article


@pytest.mark.parametrize(
    ("short", "before", "definition"),
    [
        ("HSB", "last spring the Harbour Safety Board", "Harbour Safety Board"),
        ("FOIA", "a request under the Freedom of Information Act", "Freedom of Information Act"),
        ("PTAs", "the town's Parent Teacher Associations", "Parent Teacher Associations"),
        ("QRM", "the quay repair money", "quay repair money"),
        # The first letter must open a word: "harbour" holds a b, but no word opens with one.
        ("BQ", "the harbour quay", None),
        ("XY", "nothing here matches it", None),
    ],
)
def test_the_long_form_is_found_as_schwartz_and_hearst_find_it(
    short: str, before: str, definition: str | None
) -> None:
    assert long_form(short, before) == definition


DEFINING = (
    "The Harbour Safety Board (HSB) was set up in 2019 to inspect the quays every winter.\n\n"
    "At its March meeting the HSB voted to close the north slip to ferries after two "
    "collisions.\n\n"
    "Fishing crews said the new lights on the breakwater had made night landings easier."
)
OTHER = (
    "The ferry company's own board said safety on the harbour crossing came first, and "
    "promised new lifejackets for every ferry by the summer.\n\n"
    "Its chair added that timetables would not change."
)


def _documents(defining: str = DEFINING) -> list[Document]:
    return [
        written_article("harbour-report", defining, title="The harbour in winter"),
        written_article("ferry-notice", OTHER, title="Ferry company notice"),
    ]


def test_a_defined_short_form_stands_in_for_the_words_it_abbreviates() -> None:
    engine = AnswerEngine(_documents())
    analyser = default_analyser()
    question = "what did the harbour safety board decide about ferries?"
    shortened = Acronyms(engine.collection, analyser).stand_ins(
        question, analyser.tokens(question), ""
    )
    assert shortened == {stem: "hsb" for stem in analyser.terms("harbour safety board")}
    answer = engine.answer(question)
    assert not answer.abstained
    assert "HSB voted to close the north slip" in answer.quotes[0].text


def test_a_short_form_no_passage_defines_stands_in_for_nothing() -> None:
    # The same letters, used but never defined as these words: a coincidence, not a name.
    undefined = DEFINING.replace("The Harbour Safety Board (HSB)", "The harbour safety board")
    engine = AnswerEngine(_documents(undefined))
    analyser = default_analyser()
    question = "what did the harbour safety board decide about ferries?"
    assert (
        Acronyms(engine.collection, analyser).stand_ins(question, analyser.tokens(question), "")
        == {}
    )


def test_another_servers_definition_does_not_stand_in_for_this_ones_words() -> None:
    documents = _documents()
    scopes = {"harbour-report": "server-a", "ferry-notice": "server-b"}
    engine = AnswerEngine(documents, scopes=scopes)
    analyser = default_analyser()
    question = "what did the harbour safety board decide about ferries?"
    acronyms = Acronyms(engine.collection, analyser)
    tokens = analyser.tokens(question)
    assert acronyms.stand_ins(question, tokens, "server-b") == {}
    assert acronyms.stand_ins(question, tokens, "server-a") != {}
