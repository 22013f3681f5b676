"""The byline and date an upload states in its first lines."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import date_in, read_head
from bot.engine.formats.plaintext import extract_text
from bot.engine.formats.upload import UploadDetails, document_from_extracted

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
