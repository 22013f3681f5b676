"""A PDF's title page as it is set: the title block, and the masthead over it.

The title is the first page's most prominent block that is not the publication's masthead or
running head (a PDF's /Title is often wrong, a file name, or missing); an organisation's name
in capitals opening page 1 over the title is its masthead (`head.masthead`), which `pdf` takes
as the publisher; a press release's mark there ("PRESS RELEASE — FOR IMMEDIATE RELEASE") says
what the document is (`release_mark_line`).
"""

from __future__ import annotations

from bot.engine.formats.head import masthead
from bot.engine.formats.pdfheads import PAGE_NUMBER, edge_lines, page_furniture
from bot.engine.formats.pdflines import Line, body_font_size, squashed_text
from bot.engine.formats.pdfpaper import title_run
from bot.engine.formats.release import RELEASE_MARK

# Measured on the two real PDFs of ../shared/data/real-articles (Federal Register, 8 pt text
# in three columns; an arXiv paper, 10 pt in two) and the generated fixtures in the tests:
_TITLE_SIZE = 1.15  # a title block is set above this share of the body size, or in bold
_TITLE_LINES = 3  # a title is at most this many lines
_MAX_TITLE_CHARS = 200
# How many of page 1's first lines may hold a press release's mark (over or under the title).
_MARK_LINES = 4


def layout_title(lines: list[Line], stated: str | None = None) -> list[Line]:
    """The title as the first page sets it (a PDF's /Title is often wrong, a file name, or
    missing): the most prominent short block in the top half of page 1, set larger than the
    text or in bold: the largest type first, then mixed case over capitals ("DEPARTMENT OF
    TRANSPORTATION" is an agency's line), then the most words. A block whose words are the
    running head of other pages is the publication's masthead ("Proposed Rules"), not the
    title, unless it is the title the file states (`stated`, its /Title: a report's running
    head often repeats its title); page numbers and sentences are not titles. A block opening
    with larger lines than the rest (a paper's title over its authors) is read by those lines.
    Its lines, or [] when there is none."""
    first = [line for line in lines if line.page == 1]
    if not first:
        return []
    body = body_font_size(lines)
    top = max(line.y1 for line in first)
    bottom = min(line.y0 for line in first)
    blocks: dict[int, list[Line]] = {}
    for line in first:
        blocks.setdefault(line.box, []).append(line)
    # A block in the top half by its first line: a title set over two lines may end below it.
    blocks = {box: block for box, block in blocks.items() if block[0].y0 >= (top + bottom) / 2}
    heads = [squashed_text(line.text) for line in edge_lines(lines) if line.page != 1]
    named = squashed_text(stated) if stated else None
    best: tuple[tuple[float, bool, int], list[Line]] | None = None
    for whole in blocks.values():
        block = title_run(whole)  # a paper's title over its authors in one block
        text = " ".join(line.text for line in block)
        size = max(line.size for line in block)
        prominent = size >= _TITLE_SIZE * body or all(line.bold for line in block)
        if (
            not prominent
            or any(line.row for line in block)
            or len(block) > _TITLE_LINES
            or len(text) > _MAX_TITLE_CHARS
            or sum(ch.isalpha() for ch in text) < 4
            or text[-1:] in ".,;:"
            or PAGE_NUMBER.match(text)
            or (squashed_text(text) != named and any(squashed_text(text) in h for h in heads))
        ):
            continue
        rank = (size, not text.isupper(), len(text.split()))
        if best is None or rank > best[0]:
            best = (rank, block)
    return best[1] if best is not None else []


def masthead_line(lines: list[Line], title: list[Line]) -> Line | None:
    """The masthead over the title on page 1: the page's first line (page furniture aside), a
    line of its own above the title, that names an organisation in capitals (`head.masthead`:
    "INSTITUTE FOR ENERGY EQUITY"). None when there is no title or no such line (the Federal
    Register's "DEPARTMENT OF TRANSPORTATION" comes after the page's first lines)."""
    if not title:
        return None
    furniture = page_furniture(lines)
    first = next((line for line in lines if id(line) not in furniture), None)
    if (
        first is None
        or first.page != 1
        or any(first is line for line in title)
        or first.box_lines != 1
        or first.y0 <= max(line.y1 for line in title)
        or RELEASE_MARK.match(first.text)
        or masthead(first.text) is None
    ):
        return None
    return first


def release_mark_line(lines: list[Line]) -> Line | None:
    """The line of page 1 that is a press release's mark (`release.RELEASE_MARK`: "FOR
    IMMEDIATE RELEASE", "PRESS RELEASE — FOR IMMEDIATE RELEASE"), among its first _MARK_LINES
    lines; None when there is none. Set over the headline as a line of its own, it reads as a
    heading, so it is found here, before the paragraphs are made."""
    first = [line for line in lines if line.page == 1][:_MARK_LINES]
    return next((line for line in first if RELEASE_MARK.fullmatch(line.text.strip())), None)


def cover_lines(lines: list[Line], title: list[Line]) -> list[Line]:
    """A cover page's lines besides its title: page 1 when it holds only lines set apart from
    the text (larger, or bold: a report's cover with its subtitle, its organisation, its authors
    and its month), and page 2 on; [] when page 1 has text of its own or no title. The caller
    reads them as the title page's byline and date (`titlepage.read_title_page`), not as
    headings."""
    if not title or all(line.page == 1 for line in lines):
        return []
    furniture = page_furniture(lines)
    body = body_font_size(lines)
    first = [
        line
        for line in lines
        if line.page == 1 and id(line) not in furniture and not any(line is t for t in title)
    ]
    if not first or any(line.size < _TITLE_SIZE * body and not line.bold for line in first):
        return []
    return first
