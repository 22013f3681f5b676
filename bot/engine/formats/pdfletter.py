"""A letter set as a PDF: its salutation, its close and its signer, among the paragraphs.

A salutation after the letterhead, address and date on page 1, and a close over the signer's
name in the last paragraphs (each line a paragraph of its own, as a letter's layout sets them)
make the PDF a letter (`find_letter`); `pdf` makes it its signer's, its letterhead its
publisher. `letter.read_letter` reads a text file's.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.letter import is_salutation
from bot.engine.formats.pdfnotes import NOTES, SOURCES
from bot.engine.voices import CLOSE, SIGNATURE_LINES, signature

# A letter's salutation comes after at most this many paragraphs (letterhead, sender, the
# addressee's lines, date) on its first page.
_LETTER_HEAD_PARAGRAPHS = 8


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter set as a PDF: who signed it, the paragraphs over its salutation (sender,
    address, date) and its words between the salutation and the close."""

    signer: str
    head: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]


def find_letter(paragraphs: list[Paragraph]) -> Letter | None:
    """The PDF as a letter when it is one: a salutation ("Dear Michael,") among the first
    paragraphs of page 1, after its letterhead, address and date, and a close ("Yours
    sincerely,") with the signer's name and role in the last paragraphs of its text (each line
    a paragraph of its own, as a letter's layout sets them). `letter.read_letter` reads a text
    file's; None when the PDF is no letter."""
    opening = next(
        (
            index
            for index, paragraph in enumerate(paragraphs[:_LETTER_HEAD_PARAGRAPHS])
            if paragraph.page == 1 and is_salutation(paragraph.text)
        ),
        None,
    )
    if opening is None:
        return None
    text = [index for index, p in enumerate(paragraphs) if p.section not in (NOTES, SOURCES)]
    closing = [
        index for index in text[-SIGNATURE_LINES - 1 :] if CLOSE.match(paragraphs[index].text)
    ]
    if not closing or closing[-1] <= opening:
        return None
    close = closing[-1]
    signer = signature([p.text for p in paragraphs[close + 1 : text[-1] + 1]])
    if signer is None:
        return None
    body = paragraphs[opening + 1 : close] + paragraphs[text[-1] + 1 :]
    return Letter(signer, tuple(paragraphs[:opening]), tuple(body))
