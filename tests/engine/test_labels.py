"""Numbered parts a question names ("recommendation 3", "section 2.1", "footnote 2", "annex
B"): answered from the passages that are that part."""

from __future__ import annotations

import pytest

import bot.engine.labels
import bot.engine.parts
from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.labels import Label, asked_labels, is_labelled
from bot.engine.models import Document, Passage

REPORT = """# Clean Rivers by 2030

*By Odile Marchetti | The River Trust | 12 May 2024*

## 1 Summary

The river's water quality has fallen for six years in a row, and the trust sets out four
recommendations to reverse the decline of the river before 2030.

## 2 Evidence

### 2.1 Sampling

Volunteers took 1,240 samples at 31 sites between 2018 and 2023, and phosphate levels rose at
24 of them.

### 2.2 Sources of pollution

Storm overflows discharged untreated sewage into the river on 212 days in 2023, the highest
count since records began.

## 3 Recommendations

Recommendation 1: The water company should publish overflow data within an hour of every
discharge into the river.

Recommendation 2: Farms within 50 metres of the river should plant buffer strips of native
trees.

Recommendation 3: The council should fund a full-time warden for the upper catchment.

Recommendation 4: The regulator should fine repeated overflow breaches of river rules at twice
the current rate.

## Notes

1 Sampling protocol of the River Trust, revised edition, 2019.

2 Environment Agency overflow returns, 2023, table 3.
"""

# A strategy pasted as text: its headings are paragraphs of their own.
PASTED = """Harbour Town Housing Strategy

2 Context

2.1 Background

The town has 9,300 homes, and one in eight of them stands empty for more than six months of
the year.

2.2 Demand

The waiting list for social homes has grown by a third since 2020.

Annex B

Rents in the harbour ward rose by 14 per cent between 2021 and 2024.
"""


def upload(text: str, filename: str) -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0]
    ).document


@pytest.fixture(scope="module")
def engine() -> AnswerEngine:
    return AnswerEngine([upload(REPORT, "rivers.md"), upload(PASTED, "housing.txt")])


def test_a_question_names_numbered_parts_by_kind_and_number() -> None:
    assert asked_labels("What does recommendation 3 say?") == (Label("recommendation", "3"),)
    assert asked_labels("what's in Section 2.1 and annex b?") == (
        Label("section", "2.1"),
        Label("annex", "b"),
    )
    assert asked_labels("what does fig. 4 show") == (Label("figure", "4"),)
    assert asked_labels("what does part IV say") == (Label("part", "iv"),)
    # Words before a number that name no part, and letters after kinds that are not lettered.
    assert asked_labels("what happened in 2023 to 31 sites?") == ()
    assert asked_labels("who published the facts and figures 2023 report?") == ()
    assert asked_labels("is there a question i should ask?") == ()
    assert asked_labels("what does point a say?") == ()


def test_recommendation_n_is_that_recommendation_not_the_best_matching_one(
    engine: AnswerEngine,
) -> None:
    # "river" is in three recommendations, and most often in the first and fourth.
    answer = engine.answer("what does recommendation 3 of the river report say?")
    assert not answer.abstained
    assert answer.quotes[0].text.startswith("Recommendation 3: The council should fund")
    assert answer.total == 1


def test_a_section_is_the_passages_under_its_heading(engine: AnswerEngine) -> None:
    answer = engine.answer("what does section 2.1 of the rivers report say?")
    assert answer.quotes[0].text.startswith("Volunteers took 1,240 samples")
    # Section 2 holds 2.1 and 2.2; the one on sewage first, and nothing outside section 2.
    whole = engine.answer("what does section 2 of the rivers report say about sewage?")
    assert whole.quotes[0].text.startswith("Storm overflows discharged")
    assert {q.passage_id for q in whole.quotes} <= {"rivers:p2", "rivers:p3"}


def test_a_heading_set_as_a_paragraph_leads_to_the_text_under_it(engine: AnswerEngine) -> None:
    # In the pasted text "2.1 Background" and "Annex B" are paragraphs of their own: the
    # part is what follows them, and "2 Context" leads past "2.1 Background" to its text.
    background = engine.answer("what does section 2.1 of the housing strategy say?")
    assert background.quotes[0].text.startswith("The town has 9,300 homes")
    annex = engine.answer("what does annex b say?")
    assert annex.quotes[0].text.startswith("Rents in the harbour ward rose")
    assert (
        engine.answer("what does section 2 of the housing strategy say?")
        .quotes[0]
        .text.startswith("The town has 9,300 homes")
    )


def test_a_footnote_is_the_note_with_its_number(engine: AnswerEngine) -> None:
    answer = engine.answer("what does footnote 2 say?")
    assert answer.quotes[0].text.startswith("2 Environment Agency overflow returns")
    # "Footnote" is the part asked for, not a word the note lacks.
    assert "footnote" not in answer.quotes[0].missing


def test_a_part_no_document_has_leaves_the_question_to_the_ranking(
    engine: AnswerEngine,
) -> None:
    # No recommendation 9: answered as any question on its words would be.
    labelled = engine.answer("what does recommendation 9 say about buffer strips?")
    plain = engine.answer("what does the report say about buffer strips?")
    assert labelled.quotes[0].text == plain.quotes[0].text
    assert labelled.quotes[0].text.startswith("Recommendation 2:")


def test_in_a_large_scope_only_passages_holding_the_part_s_words_are_read(
    engine: AnswerEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []

    def reading(passage: Passage, label: Label) -> bool:
        read.append(passage.id)
        return is_labelled(passage, label)

    monkeypatch.setattr(bot.engine.labels, "is_labelled", reading)
    engine.answer("what does recommendation 3 of the river report say?")
    assert len(read) == len(engine.collection.passages)  # a small scope: every passage
    read.clear()
    monkeypatch.setattr(bot.engine.parts, "LABEL_SCAN_PASSAGES", 2)
    answer = engine.answer("what does recommendation 3 of the river report say?")
    assert answer.quotes[0].text.startswith("Recommendation 3:")
    # Only the passages holding both "recommendation" and "3" were read.
    assert read == ["rivers:p6"]


def test_a_text_s_main_argument_is_the_passage_stating_it() -> None:
    essay = upload(
        "# Fire on the Quay\n\n"
        "*By Ruth Ames | 2008*\n\n"
        "The quay fire of 1912 destroyed four warehouses and killed two dockers.\n\n"
        "The newspapers blamed an oil lamp left burning in the cooperage, and the inquest "
        "accepted their account without calling the night watchman.\n\n"
        "This essay looks again at the fire and at the inquest. In this essay I argue that the "
        "fire was set deliberately, to hide the theft of the cotton stored in the third "
        "warehouse.\n\n"
        "The insurance papers support this: the cotton was insured a week before the fire.",
        "fire.md",
    )
    engine = AnswerEngine([essay])
    for question in ("what is the essay's main argument?", "what is the historian's thesis?"):
        answer = engine.answer(question)
        # The passage, and within it the sentence that states the argument.
        assert answer.quotes[0].text.startswith("In this essay I argue that"), question
    # Not asked for the argument: ranked as before.
    lamp = engine.answer("what did the newspapers blame for the fire?")
    assert lamp.quotes[0].text.startswith("The newspapers blamed an oil lamp")


def test_a_table_s_rows_are_its_part_and_its_label_words_do_not_rank_them() -> None:
    report = upload(
        "# Costs of the Quay Scheme\n\n"
        "*By Odile Marchetti | The River Trust | 12 May 2024*\n\n"
        "## 5 Costs and benefits\n\n"
        "Table 2 sets out the costs of the scheme and the savings we expect over five years.\n\n"
        "## Table 2: Costs and benefits, 2025-2030\n\n"
        "Dredging | £4.0m | -\n\n"
        "Fewer groundings | - | £1.5m\n\n"
        "Savings to the ferry company | - | £6.2m\n\n"
        "Source: the Trust's estimates, with the ferry company's own accounts for 2023.\n",
        "quay.md",
    )
    engine = AnswerEngine([report])
    answer = engine.answer("what are the expected savings to the ferry company in table 2?")
    # The row under the table's heading, short as a heading is, is the part itself, and the
    # sentence that only names the table does not outrank it on "table" and "2".
    assert answer.quotes[0].text.startswith("Savings to the ferry company")
