"""The byline and date an upload states in its first lines."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import date_in, publication_year, read_head
from bot.engine.formats.plaintext import extract_text
from bot.engine.formats.upload import UploadDetails, document_from_extracted, document_from_upload
from bot.engine.models import Document
from bot.engine.quote import attribution_parts

BODY = "The harbour trust agreed on Tuesday to dredge the channel in June, at last."


@pytest.mark.parametrize(
    ("head", "author", "date"),
    [
        (["By Helena Marsh"], "Helena Marsh", None),
        (["Interviewed by Ruth Abernathy, 4 April 2024"], "Ruth Abernathy", dt.date(2024, 4, 4)),
        (["Delivered by Dr. Anita Kowalski, President"], "Dr. Anita Kowalski", None),
        (["By Chloé Martin — 5 April 2023"], "Chloé Martin", dt.date(2023, 4, 5)),
        (["by Nadia Osei and Felix Brandt"], "Nadia Osei and Felix Brandt", None),
        (["Date: 17 January 2024"], None, dt.date(2024, 1, 17)),
        (["June 10, 2022", "By Tomas Lindqvist"], "Tomas Lindqvist", dt.date(2022, 6, 10)),
        (["Published 2023-06-02"], None, dt.date(2023, 6, 2)),
        (["Updated 14:32, 9 August 2023"], None, dt.date(2023, 8, 9)),
        (["Prepared by Nadia Feld, Lighting Officer"], "Nadia Feld", None),
        (
            ["Prepared for the Harbour Board by Nadia Feld, 4 March 2024"],
            "Nadia Feld",
            dt.date(2024, 3, 4),
        ),
    ],
)
def test_a_byline_and_a_date_in_the_head_are_read_and_left_out(
    head: list[str], author: str | None, date: dt.date | None
) -> None:
    paragraphs = [Paragraph(text) for text in [*head, BODY]]
    found = read_head(paragraphs)
    assert (found.author, found.date) == (author, date)
    assert found.consumed == frozenset(range(len(head)))


@pytest.mark.parametrize(
    "text",
    [
        # Prose that begins with "By" or mentions a date is the article, not its head.
        "By the end of May 2019 the council had spent the whole dredging budget.",
        "By Tuesday the harbour was open again, and the ferries ran on time.",
        "The vote on 8 May 2023 was close, and the chair said so in her report.",
    ],
)
def test_the_articles_own_first_lines_are_no_head(text: str) -> None:
    found = read_head([Paragraph(text), Paragraph(BODY)])
    assert found.author is None and not found.consumed
    # Only a dateline's date, at the opening of the first paragraph, is the document's.
    assert found.date is None or text.index("8 May") < 60


def test_a_dateline_opening_the_first_paragraph_is_the_date() -> None:
    found = read_head([Paragraph("AUSTIN, Texas, May 8, 2023 -- The council voted to close.")])
    assert found.date == dt.date(2023, 5, 8) and not found.consumed


def test_dates_are_read_as_written_and_only_real_ones() -> None:
    assert date_in("on 3rd March 2021") == dt.date(2021, 3, 3)
    assert date_in("Sept. 9, 1999") == dt.date(1999, 9, 9)
    assert date_in("February 30, 2020") is None
    assert date_in("version 2.1.3 of May") is None


def test_a_text_upload_takes_its_title_byline_and_date_from_its_head() -> None:
    text = "Council votes to close the night bus\nBy Helena Marsh\nMay 8, 2023\n\n" + BODY + "\n"
    extracted = extract_text(text)
    document = document_from_extracted(extracted, text.encode(), "bus.txt", UploadDetails())
    assert document.meta.title == "Council votes to close the night bus"
    assert document.meta.author == "Helena Marsh"
    assert document.meta.date == dt.date(2023, 5, 8)
    assert [p.text for p in document.passages] == [BODY]  # the head is metadata, not text
    # What the uploader says wins over what the file's head says.
    given = document_from_extracted(
        extracted,
        text.encode(),
        "bus.txt",
        UploadDetails(author="The Transit Desk", date="2023-05-09"),
    )
    assert (given.meta.author, given.meta.date) == ("The Transit Desk", dt.date(2023, 5, 9))


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("First published 1998", 1998),
        ("Published in The Harbour Review (2008)", 2008),
        ("Originally published in 2008 by Harbour Press.", 2008),
        ("First published in Great Britain in 1998 by Harbour Press", 1998),
        ("This essay first appeared in The Quarterly, 2011", 2011),
        ("© 2011 The Portlow Society", 2011),
        ("Copyright (c) 2011 Jane Roe. All rights reserved.", 2011),
        ("Orla Finch teaches history. Published in The Harbour Review (2008).", 2008),
        # A year in a text's sentence, a range, two years, a full date: no year alone.
        ("Published in 1848, the treaty changed the fishing rights.", None),
        ("It was published in 1848 by order of the council.", None),
        ("The treaty was published in 1848.", None),
        ("This book was first published in 1998.", None),
        ("© 2009-2024 Harbour Media", None),
        ("Copyright 2011, 2014 Jane Roe", None),
        ("Published 2 June 2023", None),
        ("In 1998 the mill closed.", None),
    ],
)
def test_a_publication_line_states_a_year_and_a_sentence_does_not(
    line: str, year: int | None
) -> None:
    assert publication_year(line) == year


def uploaded(text: str, filename: str) -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0]
    ).document


# A history essay of our own: full of years, dated only by the line under its byline.
MILL = """The Saltreach Mill
By Orla Finch
First published 1998

The mill on the Saltreach estuary was rebuilt in 1842 after a flood, and again in 1871.

Its last miller left in 1903, when the railway brought flour from the city.
"""


def test_a_year_only_publication_line_in_the_head_is_the_years_not_a_passage() -> None:
    document = uploaded(MILL, "mill.txt")
    meta = document.meta
    assert (meta.title, meta.author, meta.date, meta.year) == (
        "The Saltreach Mill",
        "Orla Finch",
        None,
        1998,
    )
    assert document.passages[0].text.startswith("The mill on the Saltreach")
    assert not any("published" in p.text for p in document.passages)
    quote = AnswerEngine([document]).answer("when did the last miller leave?").quotes[0]
    assert quote.attribution.year == 1998 and quote.attribution.date is None
    assert attribution_parts(quote.attribution).date == "1998"
    facts = AnswerEngine([document]).answer("when was The Saltreach Mill published?").facts
    assert facts is not None and facts.value == "1998"
    # `ask --json`: no day, the year.
    assert (facts.to_json()["date"], facts.to_json()["year"]) == (None, 1998)
    assert (quote.to_json()["date"], quote.to_json()["year"]) == (None, 1998)


def test_a_copyright_line_at_the_foot_gives_the_year() -> None:
    text = """A Short History of the Portlow Battery

The battery was raised in 1804, when invasion seemed near, and manned until 1815.

Its guns were sold for scrap in 1862, and the walls became a sheep fold.

© 2011 The Portlow Society
"""
    document = uploaded(text, "battery.txt")
    assert (document.meta.date, document.meta.year) == (None, 2011)
    assert document.passages[-1].text.startswith("Its guns were sold")


def test_a_markdown_bio_saying_where_it_was_published_gives_the_year() -> None:
    text = """# Ferries and the Island Economy

*By Dara Quinn*

The ferry timetable decides when shops open and when the doctor can visit.

Every cut to the winter crossings since 1987 has been followed by a fall in population.

*Dara Quinn teaches economics at the island college. Published in The Harbour Review (2008).*
"""
    document = uploaded(text, "ferries.md")
    meta = document.meta
    assert (meta.author, meta.date, meta.year) == ("Dara Quinn", None, 2008)
    # The bio says more than when: it stays a passage.
    assert "teaches economics" in document.passages[-1].text


def test_years_in_a_texts_sentences_are_no_publication_year() -> None:
    text = """The Treaty of the Narrows

The treaty was signed in 1848 and published in 1849 by order of the council.

Published in 1850, the second edition added the fishing clauses.
"""
    document = uploaded(text, "treaty.txt")
    assert (document.meta.date, document.meta.year) == (None, None)
    assert len(document.passages) == 2


def test_a_full_date_wins_over_a_publication_year() -> None:
    text = MILL.replace("By Orla Finch", "By Orla Finch\nJune 10, 2022")
    meta = uploaded(text, "mill.txt").meta
    assert (meta.date, meta.year) == (dt.date(2022, 6, 10), None)


def test_a_page_dated_by_its_publication_line_alone() -> None:
    page = """<html><head><title>The Portlow Battery</title></head><body><article>
<h1>The Portlow Battery</h1>
<p>The battery was raised in 1804, when invasion seemed near, and was manned until the war
ended in 1815, by a company of volunteers from the town and the farms around it.</p>
<p>Its guns were sold for scrap in 1862, and the walls became a sheep fold for the farm
below the headland, which they remain today, grassed over and quiet.</p>
<p>This essay first appeared in The Harbour Review, 2011.</p>
</article></body></html>"""
    document = document_from_upload(
        page.encode(), "battery.html", UploadDetails(), doc_id="battery", isolated=True
    ).document
    assert (document.meta.date, document.meta.year) == (None, 2011)
    assert not any("Harbour Review" in p.text for p in document.passages)
