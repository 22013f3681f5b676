"""Unnamed sources: a story's quotation of "a spokesperson" is credited to them (`unnamed`)."""

from __future__ import annotations

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.quote import speaker_label
from bot.engine.unnamed import may_quote_unnamed, unnamed_source
from tests.conftest import written_article as article


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (
            'A Green Party spokeswoman at the count told us: "There will be no challenge.',
            "a Green Party spokeswoman",
        ),
        (
            '"We will appeal," said a spokesperson for the harbour trust.',
            "a spokesperson for the harbour trust",
        ),
        ('"The queue was out of the door," one trader told the paper.', "one trader"),
        ("A senior council source said the budget would be cut again.", "a senior council source"),
        (
            "One long-serving resident of Mill Lane said the noise never stopped.",
            "one long-serving resident of Mill Lane",
        ),
    ],
)
def test_an_unnamed_source_is_read_as_the_story_calls_them(sentence: str, source: str) -> None:
    assert may_quote_unnamed(sentence)
    assert unnamed_source(sentence) == source


@pytest.mark.parametrize(
    "sentence",
    [
        "An official report said the scheme had failed.",
        "The trust told a spokesperson nothing at all.",
        "Harbourmaster Idris Penrose said the islanders had not been asked.",
        "Rumours spread that the trust would ask for a recount.",
        "A source of income said to be vital has gone.",
        "Parents said the plan was unfair.",
    ],
)
def test_a_sentence_quoting_no_unnamed_source_reports_none(sentence: str) -> None:
    assert unnamed_source(sentence) is None


def test_a_quotation_of_an_unnamed_source_is_credited_to_them_not_the_reporter() -> None:
    body = (
        "Counting in Eastfold finished just after three. There were rumours on social media "
        "that the Greens would ask for a recount. A Green Party spokeswoman at the count told "
        'us flatly: "There will be no recount. The margin is far too wide." The turnout was '
        "38 per cent.\n\n"
        "The winning candidate, Osric Vale, thanked the counting staff."
    )
    engine = AnswerEngine([article("count", body, author="Jo Park")])
    quote = engine.answer("Did the Greens ask for a recount?").quotes[0]
    assert "There will be no recount" in quote.text
    assert quote.attribution.reporting == "a Green Party spokeswoman"
    assert speaker_label(quote.attribution) == "Jo Park, quoting a Green Party spokeswoman"
