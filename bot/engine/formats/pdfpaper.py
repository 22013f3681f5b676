"""An academic paper's head on a PDF's first page: its title, authors, affiliations and date.

A working paper or journal article sets its title large at the top of page 1, and under it, in
the same block or in short blocks of their own, its authors (with superscript marks tying them
to their affiliations), the affiliations, a corresponding author's address and perhaps a month
("March 2026"); then its abstract and its text, often in two columns. `title_run` takes the
title from the top of such a block (its largest lines), `head_lines` finds the lines under it
(`titlepage.read_title_page` reads them as the title page's byline and date), and
`abstract_sections` makes the abstract a section of its own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.pdflines import Line
from bot.engine.formats.titlepage import opens_abstract

# A paper's head under its title is short: lines of at most this many characters, in blocks
# of at most this many lines (an abstract or a column of text is longer).
_HEAD_LINE_CHARS = 120
_HEAD_BLOCK_LINES = 6
# Lines that open what follows a paper's head, not part of it.
_AFTER_HEAD = re.compile(
    r"^\s*(?:abstract|summary|keywords|key words|jel|introduction|(?:1|I)\.?\s+\w)\b",
    re.IGNORECASE,
)
_SIZE_STEP = 0.5  # lines within this many points are of one size


def title_run(block: list[Line]) -> list[Line]:
    """The lines opening `block` set in its largest type: a paper's title, when the block goes
    on under it in smaller type (its authors, their affiliations); the whole block otherwise."""
    largest = max(line.size for line in block)
    if abs(block[0].size - largest) > _SIZE_STEP:
        return block
    run = []
    for line in block:
        if abs(line.size - largest) > _SIZE_STEP:
            break
        run.append(line)
    return run


def head_lines(lines: list[Line], title: list[Line]) -> list[Line]:
    """The lines of page 1 under a paper's title, in its block or in short blocks after it, up
    to the abstract, the first heading or a block of text; [] when the title's block has no
    lines under the title (a report's or an article's title stands alone)."""
    if not title:
        return []
    last = title[-1]
    page = [line for line in lines if line.page == last.page]
    after = page[next(i for i, line in enumerate(page) if line is last) + 1 :]
    head: list[Line] = []
    for line in after:
        if line.box != last.box and not head:
            return []  # nothing under the title in its own block: no paper's head
        if (
            line.row
            or line.size > last.size
            or len(line.text) > _HEAD_LINE_CHARS
            or line.box_lines > _HEAD_BLOCK_LINES
            or _AFTER_HEAD.match(line.text)
        ):
            break
        head.append(line)
    return head


def head_paragraph(head: Sequence[Line]) -> Paragraph | None:
    """The head's lines as one passage (who wrote the paper and where they work, as printed),
    or None when there are none."""
    if not head:
        return None
    return Paragraph(text=" ".join(" ".join(line.text for line in head).split()), page=1)


def abstract_sections(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs with an abstract opening the text ("Abstract. Does voting ...",
    "Abstract—Recent ...") and those after it up to the first heading in the section
    "Abstract"."""
    opening = next(
        (i for i, p in enumerate(paragraphs) if p.section is None and opens_abstract(p.text)),
        None,
    )
    if opening is None or all(p.section is None for p in paragraphs[opening:]):
        return paragraphs  # no heading after it: the abstract's end is not known
    marked = list(paragraphs)
    for index in range(opening, len(marked)):
        if marked[index].section is not None:
            break
        marked[index] = dataclasses.replace(marked[index], section="Abstract")
    return marked
