"""A charity's two-column factsheet PDF uploaded as users upload it: a boxed pull quote with its
credit, a bulleted list, a bar chart's labels, a sidebar, a header band and a footer."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.formats.pdf import extract_pdf
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import Document
from bot.library import Library
from tests.conftest import make_settings
from tests.engine.formats.factsheet import (
    BULLETS,
    CHART,
    CREDIT,
    FOOTER,
    HEADER,
    QUOTE,
    QUOTE_WORDS,
    SHARE_LABELS,
    SIDEBAR,
    SPEAKER,
    factsheet,
)

GUILD = "444444444444444444"


@pytest.fixture
async def uploaded(tmp_path: Path) -> AsyncIterator[tuple[Library, Document]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    result = await library.upload(factsheet(), "factsheet.pdf", GUILD, 7, UploadDetails())
    yield library, result.document
    await library.close()


async def test_a_pull_quote_and_its_credit_are_one_passage_whose_speaker_is_credited(
    uploaded: tuple[Library, Document],
) -> None:
    library, document = uploaded
    holding = [p for p in document.passages if QUOTE_WORDS in p.text]
    # The quotation, set in a box across the column, is whole and its credit line with it.
    assert len(holding) == 1
    assert holding[0].text == f"{QUOTE} {CREDIT}"
    assert not any(CREDIT in p.text for p in document.passages if p is not holding[0])
    answer = await library.ask(f"who said {QUOTE_WORDS}?", 1, scope=GUILD)
    assert answer.quotes[0].attribution.speaker == SPEAKER
    assert QUOTE_WORDS in answer.quotes[0].passage


async def test_the_columns_sentence_runs_on_past_the_box_set_in_it(
    uploaded: tuple[Library, Document],
) -> None:
    _, document = uploaded
    # The paragraph the pull quote interrupts on the page is one passage, in order.
    runs_on = [p for p in document.passages if "distribution depot whose wages no longer" in p.text]
    assert len(runs_on) == 1 and runs_on[0].text.endswith("heating goes on in October.")
    # The sidebar drawn at the top of page 2's right column is its own passage, whole.
    assert [p.text for p in document.passages if "car ownership" in p.text] == [SIDEBAR]


async def test_each_bullet_of_a_list_is_one_passage_its_wrapped_lines_with_it(
    uploaded: tuple[Library, Document],
) -> None:
    _, document = uploaded
    texts = [p.text for p in document.passages]
    # One passage an item: a question is answered by the item that holds its words, not by the
    # whole list, and each item is a sentence or two (a list is not one thought).
    for item in BULLETS:
        assert texts.count(item) == 1, item


async def test_no_passage_holds_a_chart_label_or_the_page_furniture(
    uploaded: tuple[Library, Document],
) -> None:
    _, document = uploaded
    labels = [label for _, _, label in CHART] + [year for year, _, _ in CHART] + SHARE_LABELS
    for passage in document.passages:
        # A label alone, or glued to a sentence's words: no passage is only labels, and the
        # bars' figures ("1,250") are in no passage (the text never states them).
        assert not set(passage.text.split()) <= set(labels) | {"in", "work", "renting"}
        assert not re.search(r"\b(?:610|980|1,250|1,475|42%|57%)(?:\s|$)", passage.text)
        assert HEADER not in passage.text and FOOTER not in passage.text
        assert not re.fullmatch(r"Page \d", passage.text)


def test_the_factsheet_keeps_every_sentence_of_its_text() -> None:
    extracted = extract_pdf(factsheet(), "factsheet.pdf")
    stored = " ".join(p.text for p in extracted.paragraphs)
    for sentence in (
        "Every service is free",
        "No one at the pantry is paid a salary.",
        "unless new regular donors are found among the businesses on the harbour front",
        "write to the coordinator at the address on the back of this sheet.",
    ):
        assert sentence in stored
    assert extracted.title == "Feeding Kelmarsh: the Harbourside Pantry in 2025"
