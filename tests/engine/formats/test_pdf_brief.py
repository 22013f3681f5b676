"""A think tank's policy brief PDF uploaded as users upload it: footnotes set small at the
page's foot (a citation and an explanatory note), superscript markers, a byline line under the
title ("Authors: ..."), a quoted expert's indented words, a boxed list of recommendations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.pdf import extract_pdf
from bot.engine.formats.pdfnotes import NOTES, SOURCES, Note, split_notes
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import Document
from bot.library import Library
from tests.conftest import make_settings
from tests.engine.formats.policybrief import (
    AUTHORS,
    BYLINE,
    CITATION,
    CITATION_2,
    CLOSURES,
    EXPERT_QUOTE,
    EXPLANATION,
    HOURS,
    INSTITUTE,
    INTRO,
    policy_brief,
)

GUILD = "555555555555555555"
REAL = Path(__file__).resolve().parents[4] / "shared" / "data" / "real-articles"


@pytest.fixture
async def uploaded(tmp_path: Path) -> AsyncIterator[tuple[Library, Document]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    result = await library.upload(policy_brief(), "brief.pdf", GUILD, 7, UploadDetails())
    yield library, result.document
    await library.close()


def _notes(document: Document) -> list[tuple[str | None, str]]:
    return [(p.heading, p.text) for p in document.passages if p.heading in (NOTES, SOURCES)]


async def test_each_footnote_is_a_passage_of_its_own_a_citation_among_the_sources(
    uploaded: tuple[Library, Document],
) -> None:
    _, document = uploaded
    assert _notes(document) == [
        (SOURCES, f"1 {CITATION}"),
        (NOTES, f"2 {EXPLANATION}"),
        (SOURCES, f"3 {CITATION_2}"),
    ]
    # The citations are the document's references, which the body's markers cite.
    assert [(r.number, r.text) for r in document.meta.bibliography] == [
        (1, CITATION),
        (3, CITATION_2),
    ]
    # The markers are kept after their words, no private mark left in any passage.
    assert any("last year,[1] yet" in p.text for p in document.passages)
    assert not any("\ue000" in p.text or "\ue001" in p.text for p in document.passages)


async def test_a_content_question_finds_the_body_not_the_notes(
    uploaded: tuple[Library, Document],
) -> None:
    library, _ = uploaded
    closing = await library.ask("how many branch libraries would close?", 3, scope=GUILD)
    assert CLOSURES in closing.quotes[0].passage
    hours = await library.ask("what does the brief recommend on opening hours?", 3, scope=GUILD)
    for answer in (closing, hours):
        assert not any(q.passage.startswith(("1 ", "2 ", "3 ")) for q in answer.quotes), (
            answer.question
        )
    assert any(HOURS in q.passage for q in hours.quotes)


async def test_an_explanatory_note_does_not_outrank_the_paragraph_it_annotates(
    uploaded: tuple[Library, Document],
) -> None:
    library, _ = uploaded
    for question in (
        "are the branches on the list part-time libraries?",
        "what counts as a part-time branch?",
    ):
        answer = await library.ask(question, 3, scope=GUILD)
        assert "part-time libraries,[2]" in answer.quotes[0].passage, question


async def test_a_quote_shows_the_work_its_marker_cites_and_a_sources_question_finds_it(
    uploaded: tuple[Library, Document],
) -> None:
    library, _ = uploaded
    lent = await library.ask("how many items did the branch libraries lend?", 1, scope=GUILD)
    assert "1.4 million items" in lent.quotes[0].passage
    assert [r.text for r in lent.quotes[0].references] == [CITATION]
    source = await library.ask("what is the source of the lending figures?", 1, scope=GUILD)
    assert source.quotes[0].passage == f"1 {CITATION}"


async def test_the_byline_under_the_title_names_the_authors_and_the_institute_publishes(
    uploaded: tuple[Library, Document],
) -> None:
    library, document = uploaded
    assert document.meta.author == f"{AUTHORS[0]} and {AUTHORS[1]}"
    assert document.meta.publisher == INSTITUTE
    answer = await library.ask("who wrote the policy brief?", 1, scope=GUILD)
    assert answer.facts is not None and answer.facts.author == document.meta.author
    assert answer.quotes and answer.quotes[0].passage == BYLINE


def test_the_indented_quotation_is_its_own_paragraph_after_its_introduction() -> None:
    texts = [p.text for p in extract_pdf(policy_brief(), "brief.pdf").paragraphs]
    assert texts[texts.index(INTRO) + 1] == EXPERT_QUOTE


def test_notes_are_cut_at_the_next_number_only() -> None:
    small = [
        Paragraph(
            text="4 Figures for 2023. 12 branches sent no return. 5 Ibid., table 2.",
            section=NOTES,
            page=3,
        ),
        Paragraph(text="going on over the column. Set in 7 pt.", section=NOTES, page=3),
        Paragraph(text="Photograph: Jane Roe", section=NOTES, page=3),
    ]
    read = split_notes(small)
    assert read[:2] == [
        Note(4, "Figures for 2023. 12 branches sent no return.", 3),
        Note(5, "Ibid., table 2. going on over the column. Set in 7 pt.", 3),
    ]
    assert read[2] == small[2]
    assert not read[0].cites_work  # explains: "sent no return"
    assert read[1].cites_work


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real-articles is absent")
def test_real_notice_keeps_its_fifteen_notes_whole_and_their_markers() -> None:
    data = (REAL / "report-federal-register-737max-2020.pdf").read_bytes()
    paragraphs = extract_pdf(data, "notice.pdf").paragraphs
    notes = [p.text for p in paragraphs if p.section in (NOTES, SOURCES)]
    assert [int(text.split()[0]) for text in notes] == list(range(1, 16))
    body = " ".join(p.text for p in paragraphs if p.section not in (NOTES, SOURCES))
    assert all(f"[{n}]" in body for n in range(1, 16))
    # Note 5 breaks across the page's columns after "(indicated airspeed)": one passage.
    assert "(indicated airspeed) DISAGREE" in notes[4]


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real-articles is absent")
def test_real_paper_citing_its_references_in_brackets_gets_no_marker_written() -> None:
    data = (REAL / "paper-thoma-creativity-ml-2016.pdf").read_bytes()
    extracted = extract_pdf(data, "paper.pdf")
    assert extracted.references == ()
    assert not any("\ue000" in p.text for p in extracted.paragraphs)
