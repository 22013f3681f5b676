from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.check import Verdict, check_quote


def test_a_verbatim_quote_is_found_with_its_source(seed_engine: AnswerEngine) -> None:
    result = check_quote(seed_engine, "“decoupling would lead to nowhere”")
    assert result.verdict is Verdict.VERBATIM
    assert result.passage_id == "security-first-or-america-first:p5"
    assert result.attribution is not None and result.attribution.speaker == "Zhang Ming"


def test_straight_and_curly_apostrophes_do_not_matter(seed_engine: AnswerEngine) -> None:
    result = check_quote(seed_engine, "Pompeo's arguments against Huawei are a far cry")
    assert result.verdict is Verdict.VERBATIM
    assert result.true_wording == "Pompeo’s arguments against Huawei are a far cry"


def test_a_misquote_shows_the_true_wording_and_the_difference(seed_engine: AnswerEngine) -> None:
    result = check_quote(seed_engine, "Pompeo's arguments against Huawei are far from the truth")
    assert result.verdict is Verdict.NEARLY
    assert result.true_wording == "Pompeo’s arguments against Huawei are a far cry from the truth."
    assert result.diff is not None and "{+cry+}" in result.diff and "{+a+}" in result.diff
    assert result.true_wording in seed_engine.collection.passage_by_id[result.passage_id or ""].text


def test_a_distortion_is_not_found_but_the_closest_passage_is_shown(
    seed_engine: AnswerEngine,
) -> None:
    result = check_quote(seed_engine, "Der Tagesspiegel said the UK government found a backdoor")
    assert result.verdict is Verdict.NOT_FOUND
    assert result.true_wording is not None and "failed to find any backdoor" in result.true_wording


def test_unrelated_text_is_not_found(seed_engine: AnswerEngine) -> None:
    result = check_quote(seed_engine, "The harvest festival starts on Saturday at noon.")
    assert result.verdict is Verdict.NOT_FOUND
    assert result.attribution is None
