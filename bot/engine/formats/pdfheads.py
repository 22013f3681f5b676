"""A PDF's page furniture: running headers, footers and page numbers, found by their place.

Lines near the top or bottom edge of a page's text that recur (digits aside) from page to page,
or are only a page number or a protective marking ("OFFICIAL"), are furniture; on a PDF of one
page, where nothing recurs, so are small lines set apart above or below the text. Their ids are
left out of the title (`pdftitle`) and the paragraphs (`pdfparagraphs`).
"""

from __future__ import annotations

import re

from bot.engine.formats.pdflines import SMALL_PRINT, Line, body_font_size

# Measured on the two real PDFs of ../shared/data/real-articles (Federal Register, 8 pt text
# in three columns; an arXiv paper, 10 pt in two) and the generated fixtures in the tests:
_EDGE_SHARE = 0.09  # headers and footers lie within this share of the page's height
# A protective marking alone on a header or footer line (UK government's classifications).
_MARKING = re.compile(
    r"(?:official(?:[- :]+sensitive)?|unclassified|restricted|confidential|(?:top )?secret)",
    re.I,
)
# A footnote opens with its number ("1 Department for Transport, ...").
_NOTE_NUMBER = re.compile(r"\d{1,3}\s+\S")
# A one-page PDF's header is set apart above its text by more than this many of its font
# sizes, and its footer below all else by more than this many: the trial's briefing note sets
# its header 4.4 and its footer 6.1 sizes apart, its footnote 3.5 below the text; a
# `pdfs.flowing` page its header 3.5, footer 5.9.
_HEADER_GAP_EMS = 2.5
_FOOTER_GAP_EMS = 4.0
# A page number alone on its line ("Page 3", "- 4 -", "2 of 9"): furniture, and no title.
PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s+of\s+\d{1,4})?$", re.I)


def page_furniture(lines: list[Line]) -> set[int]:
    """Ids of header, footer and page-number lines: near the top or bottom edge, and either
    only a number or a protective marking ("OFFICIAL"), or recurring (digits aside) on other
    pages; on a PDF of one page, where nothing recurs, set small and apart from the text
    (`_set_apart`)."""
    edge = edge_lines(lines)
    pages_seen: dict[str, set[int]] = {}
    for line in edge:
        pages_seen.setdefault(_shape(line.text), set()).add(line.page)
    pages = len({line.page for line in lines})
    apart = _set_apart(lines, edge) if pages == 1 else set()
    furniture: set[int] = set()
    for line in edge:
        recurring = pages > 1 and len(pages_seen[_shape(line.text)]) >= max(2, pages // 2)
        if (
            recurring
            or id(line) in apart
            or PAGE_NUMBER.match(line.text)
            or _MARKING.fullmatch(line.text)
        ):
            furniture.add(id(line))
    return furniture


def _set_apart(lines: list[Line], edge: list[Line]) -> set[int]:
    """Ids of a page's header and footer lines told by their place alone: set small, near the
    top edge and above the text by more than `_HEADER_GAP_EMS` of their size, or near the
    bottom edge and below all else by more than `_FOOTER_GAP_EMS` (a footnote is nearer the
    text, and opens with its number)."""
    body = body_font_size(lines)
    found: set[int] = set()
    for line in edge:
        if line.largest >= SMALL_PRINT * body:
            continue
        above = [other.y0 - line.y1 for other in lines if other.y0 >= line.y1]
        below = [line.y0 - other.y1 for other in lines if other.y1 <= line.y0]
        if not above and below and min(below) > _HEADER_GAP_EMS * line.size:
            found.add(id(line))  # the page's top line, set apart: a running header
        elif (
            not below
            and above
            and min(above) > _FOOTER_GAP_EMS * line.size
            and not _NOTE_NUMBER.match(line.text)
        ):
            found.add(id(line))  # its bottom line, set apart: a running footer
    return found


def edge_lines(lines: list[Line]) -> list[Line]:
    """The lines near the top or bottom edge of their page's text."""
    if not lines:
        return []
    tops: dict[int, float] = {}
    bottoms: dict[int, float] = {}
    for line in lines:
        tops[line.page] = max(tops.get(line.page, 0.0), line.y1)
        bottoms[line.page] = min(bottoms.get(line.page, line.y0), line.y0)
    span = max(tops[p] - bottoms[p] for p in tops) or 1.0
    return [
        line
        for line in lines
        if line.y1 >= tops[line.page] - _EDGE_SHARE * span
        or line.y0 <= bottoms[line.page] + _EDGE_SHARE * span
    ]


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()
