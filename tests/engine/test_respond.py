"""How a debate side answers a point: the answer linked to the point described comes first."""

from __future__ import annotations

import pytest

import bot.engine.respond as respond
from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import read_article
from bot.engine.intents import asks_response
from bot.engine.models import Side
from bot.engine.results import Answer
from tests.conftest import BUNDLED, BUNDLED_IDS


@pytest.fixture(scope="module")
def engine() -> AnswerEngine:
    return AnswerEngine([read_article(BUNDLED / f"{doc_id}.md") for doc_id in BUNDLED_IDS])


def sections(engine: AnswerEngine, answer: Answer) -> list[str | None]:
    return [engine.collection.passage_by_id[q.passage_id].section for q in answer.quotes]


@pytest.mark.parametrize(
    ("question", "responds"),
    [
        ("how does the opposition respond to the point about shutdowns?", True),
        ("what is the other side's rebuttal to the argument that money does more good?", True),
        ("how do the opponents answer the claim that access is a right", True),
        ("how does the proposition push back on the cost argument", True),
        ("what is the proposition's reply?", True),
        # No answering of an argument: what a side says, or a problem to be dealt with.
        ("what does the opposition say about shutdowns?", False),
        ("how should the cost of rural networks be dealt with by the opposition", False),
        # Answering, but nothing says whose answer or what is answered: a document's name.
        ("what does the reply say about backdoors?", False),
        ("what is the answer to the question of cost?", False),
    ],
)
def test_questions_asking_how_a_side_answers_an_argument(question: str, responds: bool) -> None:
    assert asks_response(question) is responds


def test_the_answer_to_the_point_described_comes_before_the_point(engine: AnswerEngine) -> None:
    # The point shares every word of the question; its answer ("This is a false choice...")
    # shares almost none, and is what was asked for.
    answer = engine.answer(
        "what is the other side's rebuttal to the argument that public money does more good "
        "elsewhere?",
        k=2,
    )
    assert not answer.abstained
    assert sections(engine, answer) == ["opposition-2-answer", "opposition-2"]
    first = engine.collection.passage_by_id[answer.quotes[0].passage_id]
    assert first.answers == "opposition-2"
    assert first.side is Side.PROPOSITION
    # Its point's title is quoted with it: the words that describe the point are not missing.
    assert answer.quotes[0].missing == ()


def test_a_named_side_answers_the_other_sides_point(engine: AnswerEngine) -> None:
    answer = engine.answer(
        "how does the opposition answer the point that governments switch off the internet "
        "during protests?",
        k=1,
    )
    assert sections(engine, answer) == ["proposition-2-answer"]
    answer = engine.answer(
        "how does the proposition respond to the point that a right would cost more than "
        "poorer countries can pay?",
        k=1,
    )
    assert sections(engine, answer) == ["opposition-1-answer"]


def test_without_the_link_the_point_itself_would_come_first(
    engine: AnswerEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = (
        "what is the other side's rebuttal to the argument that public money does more good "
        "elsewhere?"
    )
    monkeypatch.setattr(respond, "RESPONSE_POINT_COVERAGE", 1.01)  # no point is ever found
    assert sections(engine, engine.answer(question, k=1)) == ["opposition-2"]


def test_paging_a_response_answer_repeats_and_loses_nothing(engine: AnswerEngine) -> None:
    question = "how do the opponents answer the claim that shutdowns show access needs a right?"
    whole = engine.answer(question, k=6)
    paged = [q for offset in range(6) for q in engine.answer(question, k=1, offset=offset).quotes]
    assert [q.passage_id for q in paged] == [q.passage_id for q in whole.quotes]
    assert len({q.passage_id for q in whole.quotes}) == len(whole.quotes)
    assert sections(engine, whole)[0] == "proposition-2-answer"
    assert whole.total >= len(whole.quotes)


@pytest.mark.parametrize(
    "question",
    [
        # Answering words about a document that is no debate: ranked as any question.
        "how does the reply answer the charge that huawei builds backdoors?",
        # A response question whose words describe no point well enough.
        "how does the opposition respond to the point about tariffs on european steel?",
    ],
)
def test_a_response_question_that_finds_no_point_is_answered_as_before(
    engine: AnswerEngine, monkeypatch: pytest.MonkeyPatch, question: str
) -> None:
    found = engine.answer(question, k=3)
    monkeypatch.setattr(respond, "RESPONSE_POINT_COVERAGE", 1.01)
    assert engine.answer(question, k=3) == found
