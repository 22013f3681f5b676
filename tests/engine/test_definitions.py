""" "What is X?": the passage and the sentence that say what X is."""

from __future__ import annotations

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.intents import defined_subject, defines
from bot.engine.text import default_analyser
from tests.conftest import written_article


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("what is a minimum wage?", "minimum wage"),
        ("what are faith schools?", "faith schools"),
        ("how is reality television defined?", "reality television"),
        ("what does 'human right' mean?", "human right"),
        ("what does the motion mean by outdated institution?", "outdated institution"),
        ("define bovine tb", "bovine tb"),
        # Not a definition: a clause, a superlative, a pronoun.
        ("what is said about cost?", None),
        ("what is the best argument for a minimum wage?", None),
        ("what is the councillor actually proposing", None),
        ("what is it?", None),
    ],
)
def test_the_subject_a_question_asks_the_definition_of(question: str, subject: str | None) -> None:
    assert defined_subject(question) == subject


@pytest.mark.parametrize(
    ("sentence", "says_what_it_is"),
    [
        ("A minimum wage is the lowest price at which firms may hire workers.", True),
        ("At its simplest, a minimum wage means a floor under pay.", True),
        ("Minimum wages, first set in 1894, are essentially a floor under pay.", True),
        ("A minimum wage is popular with voters.", False),
        ("The minimum wage is little more than a political tool.", False),
        ("Raising the minimum wage is a risk for small firms.", False),
        # "The definition of X" anywhere in the sentence says what X is, however it goes on.
        ("A definition of a minimum wage is hard to agree, but at root it means a floor.", True),
        ("Critics of the minimum wage say it means fewer jobs.", False),
        # A condition that defines, as reports word them.
        ("In this paper, pay is a minimum wage when it equals the legal floor.", True),
        ("A contract counts as a minimum wage if it pays the floor and no more.", True),
        ("The minimum wage is worth less when prices rise.", False),
    ],
)
def test_a_sentence_that_says_what_something_is(sentence: str, says_what_it_is: bool) -> None:
    subject = tuple(default_analyser().terms("minimum wage"))
    assert defines(sentence, subject, default_analyser()) is says_what_it_is


def test_the_defining_sentence_is_quoted_first() -> None:
    engine = AnswerEngine(
        [
            written_article(
                "wages",
                "The minimum wage is popular with voters and unpopular with small firms, who "
                "say the minimum wage costs jobs.\n\n"
                "Economists disagree. A minimum wage is the lowest price at which firms may "
                "hire workers. Most countries have one.",
            )
        ]
    )
    answer = engine.answer("what is a minimum wage?", k=1)
    assert answer.quotes[0].text.startswith("A minimum wage is the lowest price")


def test_a_definition_worded_as_such_is_quoted_first() -> None:
    engine = AnswerEngine(
        [
            written_article(
                "slow-tv",
                "Slow television is cheap to make and popular in Norway, where a train "
                "journey filmed in real time drew over a million viewers.\n\n"
                "Broadcasters disagree about the genre. A definition of slow television is hard "
                "to pin down, but at its plainest it means programmes that follow one event "
                "from start to end without cuts.",
            )
        ]
    )
    answer = engine.answer("what is slow television?", k=1)
    assert answer.quotes[0].text.startswith("A definition of slow television is hard")


def test_a_passage_that_defines_comes_before_one_holding_the_words_more_tightly() -> None:
    # A bullet holds the question's words in a few; the passage that says what the thing is
    # holds them once among many: the definition answers "what is ...?".
    engine = AnswerEngine(
        [
            written_article(
                "ferries",
                "Dial-a-ferry trips cost the county twice as much as dial-a-ferry pilots "
                "elsewhere.\n\n"
                "Dial-a-ferry means a boat without a fixed timetable, booked in advance by "
                "phone, which calls at any landing within the estuary on request. The county "
                "ran two trials last summer, and passengers rated them highly, though the cost "
                "per crossing was high and the boats often sailed half empty.",
            )
        ]
    )
    answer = engine.answer("what is dial-a-ferry?")
    assert answer.quotes[0].text.startswith("Dial-a-ferry means a boat")
