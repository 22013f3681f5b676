"""A debate club's case file in Markdown, uploaded with no metadata: its motion kept and known,
its compiler and its date read from its head, each side's case a side, and its evidence cards
the words of the people they quote; and no line of any Markdown upload lost."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.casefile import card_author, heading_side
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Kind, Side
from bot.library import Library
from tests.conftest import make_settings

GUILD = "444444444444444444"

CASE_FILE = """# Case File: Should Towns Close Their Centres to Cars?

**Compiled by:** Perpetua Vanstone-Hale
Brindlemoor Cup Semi-Final, 8 March 2025
*Last edited 2 March 2025 by P. Vanstone-Hale.*

## 1. The Motion

**THBT town centres should be closed to private cars.**

## 2. Definitions

- Town centre: the shopping streets of a town of more than 20,000 people.
- Private cars: cars owned by households, not taxis, buses or delivery vans.

## 3. Proposition Case

### Argument 1: Cleaner air

Fumes gather in narrow streets where shoppers walk.

Evidence: Odessa Marchbank-Tully, 2022, *Breathing the High Street* — "In the eleven towns we \
monitored, nitrogen dioxide fell by a third within a year of the ban."

## 4. Opposition Case

### Argument 1: Residents who cannot walk far lose their centre

A ban cuts off people who cannot walk far or carry heavy bags home.

Winifred Ashcombe (2024), *Streets for Everyone?*

> "Two in five disabled respondents had stopped visiting their town centre once it went \
car-free."

## 5. Rebuttals

- If they say footfall falls: the surveys show it recovers within the first year.
"""


def uploaded(text: str, filename: str = "case.md") -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0], isolated=True
    ).document


def test_a_case_file_is_a_debate_with_its_motion_compiler_date_and_sides() -> None:
    document = uploaded(CASE_FILE)
    meta = document.meta
    assert meta.kind is Kind.DEBATE
    assert meta.motion == "THBT town centres should be closed to private cars."
    assert meta.author == "Perpetua Vanstone-Hale"
    # The day it was last edited, not the round's day (that line stays text).
    assert meta.date == dt.date(2025, 3, 2)
    texts = [p.text for p in document.passages]
    assert texts[0] == "Brindlemoor Cup Semi-Final, 8 March 2025"
    assert "THBT town centres should be closed to private cars." in texts
    sides = {p.text.split()[0]: p.side for p in document.passages}
    assert sides["Fumes"] is Side.PROPOSITION
    assert sides["A"] is Side.OPPOSITION
    assert sides["Town"] is None and sides["If"] is None  # definitions, rebuttals: no side


def test_a_case_files_head_is_read_in_any_order() -> None:
    reordered = CASE_FILE.replace(
        "**Compiled by:** Perpetua Vanstone-Hale\nBrindlemoor Cup Semi-Final, 8 March 2025\n",
        "Brindlemoor Cup Semi-Final, 8 March 2025\n**Compiled by:** Perpetua Vanstone-Hale\n",
    )
    assert reordered != CASE_FILE
    meta = uploaded(reordered).meta
    assert (meta.author, meta.date) == ("Perpetua Vanstone-Hale", dt.date(2025, 3, 2))


def test_what_a_side_argues_is_its_case_though_no_passage_says_argue() -> None:
    engine = AnswerEngine([uploaded(CASE_FILE)])
    for side in ("opposition", "proposition"):
        answer = engine.answer(f"what does the {side} argue?")
        assert not answer.abstained
        assert {q.attribution.side for q in answer.quotes} == {side}
    compiled = engine.answer("who compiled the case file?")
    assert compiled.facts is not None and compiled.facts.author == "Perpetua Vanstone-Hale"


def test_an_evidence_card_is_its_authors_words_and_keeps_its_year_and_source() -> None:
    document = uploaded(CASE_FILE)
    cards = {
        p.speaker: p for p in document.passages if "respondents" in p.text or "towns" in p.text
    }
    assert set(cards) == {"Odessa Marchbank-Tully", "Winifred Ashcombe"}
    assert "2022, Breathing the High Street" in cards["Odessa Marchbank-Tully"].text
    assert cards["Winifred Ashcombe"].side is Side.OPPOSITION
    # The citation over a quotation set apart stays the compiler's line.
    citation = next(p for p in document.passages if p.text.startswith("Winifred Ashcombe (2024)"))
    assert citation.speaker == "Perpetua Vanstone-Hale"


def test_what_is_the_motion_is_answered_with_the_motion() -> None:
    engine = AnswerEngine([uploaded(CASE_FILE)])
    answer = engine.answer("what is the motion?")
    assert answer.quotes[0].passage == "THBT town centres should be closed to private cars."
    assert answer.quotes[0].attribution.motion == (
        "THBT town centres should be closed to private cars."
    )


def test_a_question_about_a_side_is_answered_from_that_sides_case() -> None:
    engine = AnswerEngine([uploaded(CASE_FILE)])
    answer = engine.answer("what does the opposition say about disabled respondents?")
    first = answer.quotes[0].attribution
    assert first.side == "opposition"
    assert first.speaker == "Winifred Ashcombe"
    proposition = engine.answer("what does the proposition say about nitrogen dioxide?")
    assert proposition.quotes[0].attribution.speaker == "Odessa Marchbank-Tully"
    assert proposition.quotes[0].attribution.side == "proposition"


NEWSLETTER = """# Harbour Residents' Newsletter

## Opposition grows

Opposition to the marina plan grew this month as sixty residents signed the letter.

## Proposition 4 on the ballot

The council's Proposition 4 would fund the sea wall from the harbour dues.
"""


def test_a_newsletter_with_opposition_in_a_heading_is_no_debate() -> None:
    document = uploaded(NEWSLETTER, "news.md")
    assert document.meta.kind is not Kind.DEBATE
    assert document.meta.motion is None
    assert all(p.side is None for p in document.passages)


@pytest.mark.parametrize(
    ("heading", "side"),
    [
        ("3. Proposition Case", Side.PROPOSITION),
        ("Opposition Arguments", Side.OPPOSITION),
        ("Case for the Opposition", Side.OPPOSITION),
        ("The Government's Case", Side.PROPOSITION),
        ("Negative constructive", Side.OPPOSITION),
        ("4. Opposition", Side.OPPOSITION),
        ("Arguments for the motion", Side.PROPOSITION),
        ("Against the motion", Side.OPPOSITION),
        ("Opposition to the bypass", None),
        ("Government", None),
        ("Opposition grows", None),
        ("Proposition 4 on the ballot", None),
    ],
)
def test_a_heading_names_a_sides_case_only_as_debaters_write_it(
    heading: str, side: Side | None
) -> None:
    assert heading_side(heading) is side


@pytest.mark.parametrize(
    ("text", "author"),
    [
        (
            'Tamsin Oyelaran-Budd, 2023, Why Teachers Quit: "We lose them in the first year."',
            "Tamsin Oyelaran-Budd",
        ),
        (
            'Card 2 - Office for Pupil Statistics (2024): "Attendance rose on every count."',
            "Office for Pupil Statistics",
        ),
        (
            'Marguerite Oduya, a head teacher in Lowmere, 2022: "Fridays off cost us nothing."',
            "Marguerite Oduya",
        ),
        ("However, 2023 was the year the plan began.", None),
        ('The Lowmere Trust said, in 2023, that "the week is too short".', None),
        ("In 2023 the plan began.", None),
    ],
)
def test_a_card_citation_names_its_author(text: str, author: str | None) -> None:
    assert card_author(text) == author


LOOSE_LINES = """# Walking notes

Plain words about the harbour wall.

## Part one

**A bold line alone before a heading**

## Part two

*An italic line alone.*

[A line that is only a link to the harbour plan](https://example.org/plan)

- [A list item that is only a link](https://example.org/item)

***Bold and italic together.***

__A bold line with underscores__

## Part three

Closing words.

**A last bold line**
"""


def test_no_line_of_a_markdown_upload_is_lost() -> None:
    document = uploaded(LOOSE_LINES, "notes.md")
    kept = (
        " ".join(p.text for p in document.passages)
        + " "
        + " ".join(p.heading or "" for p in document.passages)
    )
    for line in LOOSE_LINES.splitlines()[1:]:
        words = re.sub(r"\(https?://[^)]*\)|[#*_\[\]>-]", " ", line).split()
        if words:
            assert " ".join(words) in " ".join(kept.split()), line


async def test_an_uploaded_case_file_answers_as_a_debate(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    try:
        stored = await library.upload(CASE_FILE.encode(), "case.md", GUILD, 7, UploadDetails())
        assert stored.document.meta.motion == "THBT town centres should be closed to private cars."
        motion = await library.ask("what is the motion?", 1, scope=GUILD)
        first = motion.quotes[0]
        assert first.passage == "THBT town centres should be closed to private cars."
        assert first.attribution.speaker == "Perpetua Vanstone-Hale"
        assert first.attribution.date == dt.date(2025, 3, 2)
        card = await library.ask(
            "what does the opposition say about disabled respondents?", 1, scope=GUILD
        )
        assert card.quotes[0].attribution.speaker == "Winifred Ashcombe"
        assert card.quotes[0].attribution.side == "opposition"
    finally:
        await library.close()


CASE_NOTES = """# Lowmere Schools Debate: Case Notes

Prepared by Marguerite Oduya
Lowmere Schools Trophy, Round 2, 14 January 2026

## Motion

Motion: This House would let pupils choose their own homework.

## Proposition

1. Choice builds motivation.
   - Dr Anselm Quarry, education researcher, 2021, *Choosing to Learn*: "Pupils who chose \
their tasks finished two in three of them."

### Rebuttals

- They will say standards fall; the pilot schools kept their grades.

## Opposition

Parents lose a clear picture of what is expected.

## Judge's notes

Keep speeches under seven minutes.
"""


def test_case_notes_with_bare_side_headings_and_a_labelled_motion() -> None:
    document = uploaded(CASE_NOTES, "notes.md")
    assert document.meta.kind is Kind.DEBATE
    assert document.meta.motion == "This House would let pupils choose their own homework."
    # No "Last edited" line: the round's line dates it, as a head's date line does.
    assert (document.meta.author, document.meta.date) == ("Marguerite Oduya", dt.date(2026, 1, 14))
    by_start = {p.text.split()[0]: p for p in document.passages}
    assert by_start["Dr"].speaker == "Dr Anselm Quarry"
    assert by_start["They"].side is Side.PROPOSITION  # a sub-head keeps its side's case
    assert by_start["Keep"].side is None
    answer = AnswerEngine([document]).answer("what is the motion?")
    assert answer.quotes[0].passage.startswith("Motion: This House would")


WRAPPED = """# Harbour notes

The harbour board met on Tuesday to weigh the plan for the new sea wall, and
Date: the members asked for a second survey before any vote was taken on it.
The survey will cost less than the first one did.

## Next steps

The board meets again in the spring.
"""


def test_a_paragraph_wrapped_by_hand_at_the_head_stays_one_paragraph() -> None:
    document = uploaded(WRAPPED, "harbour.md")
    assert document.passages[0].text.startswith("The harbour board met on Tuesday")
    assert document.passages[0].text.endswith("than the first one did.")
