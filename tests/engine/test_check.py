from __future__ import annotations

import pytest

from bot.cli.render import check_text
from bot.engine.answer import AnswerEngine
from bot.engine.check import Verdict, check_quote
from bot.engine.formats.article import parse_article, read_article
from tests.conftest import SHARED, written_article

BUG_INPUTS = SHARED / "bug-inputs"


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


WRAPPED = """---
title: The harbour strike
author: Tomas Ilves
date: 2025-03-04
kind: article
---

The dockers stopped work at noon on Friday, and the town's only bakery ran out
of flour by Sunday morning. The port authority said talks would resume on
Tuesday.
"""


def test_a_hard_wrapped_paragraph_is_checked_as_one_line_of_text() -> None:
    document = parse_article(WRAPPED.encode(), "wrapped.md")
    passage = document.passages[0]
    assert "ran out\nof flour" in passage.text  # stored as uploaded
    engine = AnswerEngine([document])

    result = check_quote(engine, "the town's only bakery ran out of flour by Sunday morning.")

    assert result.verdict is Verdict.VERBATIM
    assert result.passage_id == passage.id
    assert result.true_wording == "the town's only bakery ran out\nof flour by Sunday morning."
    assert result.true_wording in passage.text


def test_pasted_words_with_their_own_line_breaks_are_found_in_a_one_line_passage(
    seed_engine: AnswerEngine,
) -> None:
    result = check_quote(seed_engine, "decoupling would\nlead to   nowhere")
    assert result.verdict is Verdict.VERBATIM
    assert result.true_wording == "decoupling would lead to nowhere"


@pytest.mark.skipif(not BUG_INPUTS.is_dir(), reason="../shared/bug-inputs is absent")
def test_shared_hard_wrapped_input_is_verbatim() -> None:
    engine = AnswerEngine([read_article(BUG_INPUTS / "check-hard-wrapped-paragraph.md")])
    result = check_quote(
        engine, "the island's only pharmacy ran short of insulin by Wednesday afternoon."
    )
    assert result.verdict is Verdict.VERBATIM


def test_a_quote_is_placed_where_it_is_said_and_where_it_is_quoted_is_listed_too() -> None:
    # An essay of 2008 quotes the mayor's words from the 1954 transcript; the essay comes first
    # in the corpus, and its words are inside quotation marks.
    essay = parse_article(
        b"---\nid: essay\ntitle: Fire and Flood\nauthor: Ruth Ames\ndate: 2008-05-01\n"
        b"kind: article\n---\n\n"
        b'The mayor promised that the town "would never again be caught unprepared", and for a '
        b"decade the promise held.\n",
        "essay.md",
    )
    meeting = parse_article(
        b"---\nid: meeting\ntitle: Town meeting\nauthor: Borough Clerk\ndate: 1954-10-14\n"
        b"kind: transcript\n---\n\n"
        b"MAYOR VANCE: I said then that the town would never again be caught unprepared, and I "
        b"meant it.\n",
        "meeting.md",
    )
    engine = AnswerEngine([essay, meeting])
    result = check_quote(engine, "would never again be caught unprepared")
    assert result.verdict is Verdict.VERBATIM
    assert result.passage_id is not None and result.passage_id.startswith("meeting:")
    assert not result.quoted
    assert [(o.passage_id, o.quoted) for o in result.also] == [("essay:p1", True)]
    shown = check_text(result)
    assert shown.startswith("Verbatim, in ")
    assert "Also quoted " in shown and "Fire and Flood" in shown


def test_words_a_story_quotes_are_credited_to_whom_it_quotes() -> None:
    body = (
        "Counting in Eastfold finished just after three. A Green Party spokeswoman at the count "
        'told us flatly: "There will be no recount. The margin is far too wide." The winning '
        'candidate, Osric Vale, said he was "humbled and a little tired".'
    )
    engine = AnswerEngine([written_article("count", body, author="Jo Park")])
    unnamed = check_quote(engine, "There will be no recount.")
    assert unnamed.verdict is Verdict.VERBATIM
    assert unnamed.attribution is not None
    assert unnamed.attribution.reporting == "a Green Party spokeswoman"
    assert check_text(unnamed).startswith(
        "Verbatim, in Jo Park, quoting a Green Party spokeswoman,"
    )
    named = check_quote(engine, "humbled and a little tired")
    assert named.attribution is not None and named.attribution.reporting == "Osric Vale"
