"""A stance on a motion's subject ("arguments for X", "opponents of X") names a debate side."""

from __future__ import annotations

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import read_article
from bot.engine.models import Document, Side
from bot.engine.stance import side_of, stance_named
from bot.engine.text import default_analyser
from tests.conftest import BUNDLED, DEBATE_ID, written_article

# A debate whose motion is against what it names: for ferry tolls is its opposition.
TOLLS = """## Introduction

The island council wants to know whether the ferry should stay free to ride.

## Proposition 1: Tolls keep poorer islanders off the ferry

A fare of even two pounds a crossing keeps pensioners and students at home, and the ferry is
the only way to the hospital on the mainland.

## Opposition answer to proposition 1

Season tickets at half price for pensioners and students would keep every islander moving.

## Opposition 1: Tolls pay for the new ferry

Without tolls the council cannot borrow for the replacement ferry, and the old one fails its
safety survey in two years.

## Proposition answer to opposition 1

The harbour fund already holds enough to borrow against, without a fare on islanders.
"""


@pytest.fixture(scope="module")
def engine() -> AnswerEngine:
    tolls = written_article(
        "ferry-tolls",
        TOLLS,
        title="This house would ban tolls on the island ferry",
        kind="debate",
    )
    return AnswerEngine([read_article(BUNDLED / f"{DEBATE_ID}.md"), tolls])


def debates(engine: AnswerEngine) -> list[Document]:
    return list(engine.collection.documents.values())


@pytest.mark.parametrize(
    ("question", "side"),
    [
        # For the subject of "This house would ban tolls ...": against the motion.
        ("what is the best argument for ferry tolls?", Side.OPPOSITION),
        ("what do supporters of tolls on the ferry say?", Side.OPPOSITION),
        ("what do opponents of ferry tolls say about pensioners?", Side.PROPOSITION),
        ("what is the case for banning the ferry tolls?", Side.PROPOSITION),
        # "This house believes that internet access is a human right": for it is the motion.
        ("what's the strongest argument for internet access as a human right?", Side.PROPOSITION),
        ("what do critics of internet access as a right say about cost?", Side.OPPOSITION),
    ],
)
def test_a_stance_on_a_motions_subject_is_a_side(
    engine: AnswerEngine, question: str, side: Side
) -> None:
    stance = stance_named(question)
    assert stance is not None
    resolved = side_of(stance, debates(engine), default_analyser())
    assert resolved is not None and resolved[0] is side
    # The answer comes from that side of that debate first; then from it or its introduction.
    answer = engine.answer(question, k=3)
    assert not answer.abstained
    passages = [engine.collection.passage_by_id[quote.passage_id] for quote in answer.quotes]
    assert passages[0].side is side
    assert {p.doc_id for p in passages} <= resolved[1]
    assert all(p.side in (side, None) for p in passages)


@pytest.mark.parametrize(
    "question",
    [
        "what is the argument for a ferry timetable?",  # a subject no motion is about
        "what does the opposition say about tolls?",  # no stance: a side named as such
        "is there a case for hope?",
    ],
)
def test_no_side_from_a_stance_on_no_motions_subject(engine: AnswerEngine, question: str) -> None:
    stance = stance_named(question)
    assert stance is None or side_of(stance, debates(engine), default_analyser()) is None


def test_a_stance_names_its_debates_and_lets_their_introduction_answer(
    engine: AnswerEngine,
) -> None:
    query = engine.query("what do opponents of ferry tolls say about pensioners?")
    assert query.focus.side is Side.PROPOSITION
    assert query.focus.doc_ids == {"ferry-tolls"}
    assert query.focus.side_with_introduction
    # A side named as such is that side's words only.
    named = engine.query("what does the proposition say about pensioners?")
    assert named.focus.side is Side.PROPOSITION and not named.focus.side_with_introduction


@pytest.mark.parametrize(
    ("question", "debate"),
    [
        ("in the ferry tolls debate, what is said about pensioners?", "ferry-tolls"),
        ("what does the internet access motion say about shutdowns?", DEBATE_ID),
        ("in the island ferry debate, who pays for the new ferry?", "ferry-tolls"),
    ],
)
def test_the_subject_before_debate_or_motion_names_that_debate(
    engine: AnswerEngine, question: str, debate: str
) -> None:
    query = engine.query(question)
    assert query.focus.doc_ids == {debate}
    answer = engine.answer(question, k=2)
    assert answer.quotes and all(q.attribution.doc_id == debate for q in answer.quotes)


def test_no_debate_is_named_by_a_subject_no_motion_has(engine: AnswerEngine) -> None:
    assert not engine.query("in the harbour dredging debate, who spoke?").focus.doc_ids


def test_a_response_to_a_point_found_answers_though_its_words_are_the_points(
    engine: AnswerEngine,
) -> None:
    # The answer ("Season tickets at half price ...") shares no word with the question.
    answer = engine.answer(
        "in the ferry tolls debate, how does the opposition respond to the point that a fare "
        "keeps pensioners and students at home?",
        k=1,
    )
    assert not answer.abstained
    assert answer.quotes[0].passage.startswith("Season tickets at half price")


# A council meeting with an opposition of its own, beside the debates.
MEETING = """Councillor Ivo Brandt, for the opposition, said the opposition would vote against
closing the lido on the harbour front, because no survey of swimmers had been made.

The leader of the opposition, Councillor Ama Kessie, said the lido savings were a guess.
"""


@pytest.fixture(scope="module")
def with_meeting(engine: AnswerEngine) -> AnswerEngine:
    meeting = written_article(
        "lido-meeting", MEETING, title="Harbour council, March meeting", kind="transcript"
    )
    return AnswerEngine([*engine.collection.documents.values(), meeting])


@pytest.mark.parametrize(
    "question",
    [
        "what did the leader of the opposition say?",
        "what do opposition councillors say about the lido?",
        "is there any opposition to the lido closure?",
    ],
)
def test_a_political_opposition_is_no_debate_side(engine: AnswerEngine, question: str) -> None:
    assert engine.query(question).focus.side is None


def test_an_opposition_a_meeting_has_is_searched_for_not_a_side(
    with_meeting: AnswerEngine,
) -> None:
    question = "what does the opposition say about the lido?"
    assert with_meeting.query(question).focus.side is None
    answer = with_meeting.answer(question, k=1)
    assert answer.quotes[0].attribution.doc_id == "lido-meeting"


@pytest.mark.parametrize(
    "question",
    [
        # Nothing of the meeting's beside "opposition": the debates' side.
        "what does the opposition say about pensioners?",
        # The question speaks of debates.
        "what does the opposition side say about the lido?",
        "in the ferry tolls debate, what does the opposition say?",
    ],
)
def test_the_opposition_stays_a_side_where_the_meeting_does_not_answer(
    with_meeting: AnswerEngine, question: str
) -> None:
    assert with_meeting.query(question).focus.side is Side.OPPOSITION
