"""A PDF's ruled table, its rows read (`pdftables`), as the paragraphs a document holds of it.

A table is one paragraph, its header row first and a row a line, each row its cells joined by
" | " ("Support | 249 | 74%"), so that a figure is quoted with its row's label and its column's
name, not as a fragment ("Sickness absence | -34%" under whatever heading came before). A long
table is cut into paragraphs of `_TABLE_ROWS` rows, each opening with the header row again. The
table's section is its caption when a caption is set as a heading over it ("Table 1: Responses
to Question 1"), else its title row (a first row with text in its first cell alone, "Headline
results"), else the section it stands in; the text after a captioned table goes on under the
section the caption interrupted (`is_caption`, read by `pdfparagraphs`).
"""

from __future__ import annotations

import re

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.pdflines import Line

# A heading that captions a table or a figure ("Table 1: Responses to Question 1", "Figure 2.1").
_CAPTION = re.compile(r"(?i:table|figure|chart|exhibit)\s+[A-Z]?\d+(?:\.\d+)*[a-z]?\b")
# A table's first row with text in its first cell alone: the table's title ("Headline results |").
_TITLE_ROW = re.compile(r"([^|]*[^|\s])(?:\s*\|)+\s*")
# A table longer than this many rows (under its header) is read as paragraphs of this many, so
# that a quote of one is not the whole table: the trials' tables have three to six rows, the
# Federal Register's cost table two under its header.
_TABLE_ROWS = 12


def is_caption(heading: str) -> bool:
    """Whether a heading captions a table or a figure ("Table 1: ...", "Figure 2.1")."""
    return _CAPTION.match(heading) is not None


def same_table(row: Line, line: Line) -> bool:
    """Whether `line` is a row of the table `row` is one of (the block `pdflines` reads it as)."""
    return line.row and (row.page, row.box) == (line.page, line.box)


def table_paragraphs(
    rows: list[Line], section: str | None, *, captioned: bool, before: list[Line]
) -> list[Paragraph]:
    """The paragraphs of a table whose rows are `rows` (at least one, top to bottom), under
    `section` (the heading over the table; `captioned`: a caption of the table's own). A first
    row of one cell ("Headline results") is the table's title: the section of its paragraphs
    unless the table is captioned, not the heading the text before it sits under (the notes to
    editors a release's table of results follows). `before`: the rows of a table read just
    before these with nothing between (or none); when that table ends a page and this one, of
    as many columns, opens the next without repeating its header row, it is that table going
    on, and its paragraphs open with that header row too."""
    texts = [" ".join(row.text.split()) for row in rows]
    title = _TITLE_ROW.fullmatch(texts[0]) if len(texts) > 1 else None
    if title is not None:
        texts[0] = title.group(1)
        section = section if captioned else title.group(1)
    carried = _carried_header(texts, rows, before) if title is None else None
    if carried is not None:
        texts.insert(0, carried)
    head = texts[: 2 if title is not None else 1]
    body = texts[len(head) :]
    chunks = [body[start : start + _TABLE_ROWS] for start in range(0, len(body), _TABLE_ROWS)]
    return [
        Paragraph(text="\n".join([*head, *chunk]), section=section, page=rows[0].page)
        for chunk in chunks or [[]]
    ]


def _carried_header(texts: list[str], rows: list[Line], before: list[Line]) -> str | None:
    """The header row of the table `before` when the table of `rows` (read as `texts`) goes
    on from it over a page break without its header; None otherwise."""
    if not before or before[-1].page + 1 != rows[0].page:
        return None
    header = " ".join(before[0].text.split())
    if header == texts[0] or header.count("|") != texts[0].count("|"):
        return None
    return header
