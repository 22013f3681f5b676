"""PDF -> `Extracted`: paragraphs rebuilt from the page layout (pdfminer.six).

pdfminer.six's layout analysis gives text lines with their positions, grouped in boxes and put
in reading order column by column (a two-column page's boxes put in order again, left column
then right, between blocks set across both: pdfminer may put a right-hand box first). From them:
running headers, footers and page numbers (lines near the top or bottom edge that recur from
page to page, or are only a number or "OFFICIAL"; on a page of its own, small lines set apart
above or below the text) and vertical text (margin stamps, set a character a line) are dropped;
a paragraph ends where the next line is indented, or further down than the line spacing, or
after a short line that ends a sentence, or at a list's bullet (dropped, as is a bullet pdfminer
cannot name, "(cid:127)"), and goes on across a column or page break otherwise; a footnote
marker (a digit set small and raised, after some of its line's text) is dropped, not glued to
the word it follows; a word hyphenated at a line end is joined again unless the document writes
it with its hyphen ("long-term"); a heading (larger, bold or capitals, alone on its line) is the
section of what follows; small print (footnotes) is kept as paragraphs of its own after the
text; a ruled table's rows are paragraphs of their own, each its cells in order joined by " | "
(`pdftables`). The title is the first page's most prominent block that is not the publication's
masthead (an organisation's name in capitals opening page 1 over the title is its publisher),
and the byline and date printed under it ("Dr. Lena Whitford and Tomas Reyes", "14 March 2024",
"February 2024") win over the file's /Author and /CreationDate (`head.read_title_page`); a
letter (a salutation after its letterhead, address and date, and a close over the signer's name)
is its signer's, its title "Letter from <signer>", its letterhead its publisher. A PDF that goes
on into another document (a gazette's next notice) is cut where the first one's opening headings
come again word for word (not "Question 2" after "Question 1"), and the uploader is told what
was left out. Every failure of the parser on a damaged or hostile file is one `CorpusError`
naming the file.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.engine.formats.extracted import (
    Extracted,
    Paragraph,
    clean_field,
    extractor_name,
    parse_date,
)
from bot.engine.formats.head import masthead, read_title_page
from bot.engine.formats.hyphens import joined_lines, written_words
from bot.engine.formats.letter import is_salutation
from bot.engine.formats.pdftables import Grid, Row, grids, rows
from bot.engine.formats.plaintext import speaker_turns
from bot.engine.formats.release import RELEASE_MARK
from bot.engine.models import CorpusError, Kind
from bot.engine.voices import CLOSE, SIGNATURE_LINES, signature

if TYPE_CHECKING:
    from pdfminer.layout import LTChar, LTPage, LTTextBoxHorizontal, LTTextLineHorizontal
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage

log = logging.getLogger(__name__)

# Bump when the rules below change what a PDF gives.
# 3: a speaker label alone on its line joins its turn; 4: paragraphs opening with labels are turns;
# 5: a file that states no date has none (not the day it was uploaded); 6: letters' sign-offs;
# 7: the people reported without job titles, with accents, no firm taken for a person;
# 8: a heading repeated with another number ("Question 2") no longer ends the document;
# 9: the title page's byline and date over /Author and /CreationDate, a title over two lines,
# letters (letterhead, salutation and sign-off no passages, the signer the author); 10: a
# two-column page read down the left column, then the right (`_in_reading_order`); 11: the roles
# a text calls people by ("the mayor"), and surnames that are place words ("Linda Park"); 12:
# footnote markers (small raised digits after a line's first word) dropped ("2023.¹" -> "2023.");
# 13: a one-page PDF's header and footer (small, set apart at the edge) and protective markings
# ("OFFICIAL") dropped; 14: a list's bullets ("•", a symbol font's "(cid:127)") dropped, each
# item a paragraph; 15: an organisation's masthead in capitals over the title ("INSTITUTE FOR
# ENERGY EQUITY") the publisher, not a heading; 16: a ruled table's rows each a paragraph of its
# cells, "label | cell | cell" (`pdftables`), not cells regrouped across rows nor small print;
# 17: a transcript's introduction dates it, head fields ("Location:") are no turns, an oral
# history's "Q"/"A" its interviewer's and interviewee's; a date alone heads a diary's entry; a
# letter set among the file's other words is its signer's; 18: a speaker label that is a role
# ("THE CHAIRMAN:") a speaker a question can name, a titled one known by its title ("the mayor")
PDF_EXTRACTION_VERSION = 18
# More pages than a debate club's article or report has; a PDF of 10,000 pages sharing one
# content stream is refused before any page is read.
MAX_PDF_PAGES = 400

# Measured on the two real PDFs of ../shared/data/real-articles (Federal Register, 8 pt text
# in three columns; an arXiv paper, 10 pt in two) and the generated fixtures in the tests:
_EDGE_SHARE = 0.09  # headers and footers lie within this share of the page's height
_INDENT_EMS = 0.6  # a first line indented by at least this many font sizes opens a paragraph
_GAP_EMS = 0.75  # a gap between lines taller than this opens a paragraph
_SHORT_LINE_EMS = 2.0  # a line ending this far before the column's edge is a last line
_SMALL_PRINT = 0.85  # lines below this share of the body's font size are footnotes
# A footnote marker is set below _SMALL_PRINT of its line's size and raised by more than this
# share of it (reportlab's <super>: 9 pt on 11 pt, 6 pt up; 6.8 on 8.5 in its notes).
_RAISED_EMS = 0.2
_DIGITS = frozenset("0123456789")
_HEADING_SIZE = 1.15  # lines above this share of the body's font size are headings
_TITLE_SIZE = 1.15  # a title block is set above this share of the body size, or in bold
_TITLE_LINES = 3  # a title is at most this many lines
# A block ending this share of the page's width past its middle is still the left column's
# (and one starting this far before it the right's).
_COLUMN_SLACK = 0.04
_MAX_TITLE_CHARS = 200
# A letter's salutation comes after at most this many paragraphs (letterhead, sender, the
# addressee's lines, date) on its first page.
_LETTER_HEAD_PARAGRAPHS = 8
_MAX_HEADING_CHARS = 90
# A PDF that holds a second document repeats the first one's opening headings (a gazette's
# "DEPARTMENT OF TRANSPORTATION / Federal Aviation Administration / 14 CFR Part 39" before each
# notice): the first this many headings are its opening, and two of them recurring within this
# many headings of each other start the next document.
_OPENING_HEADINGS = 8
_RECURRENCE_REACH = 3
# The next document opens as the first did: with one of the first few headings (the Federal
# Register's next notice comes back at its third, "DEPARTMENT OF TRANSPORTATION", after the
# masthead's two), not with a section heading that recurs in every chapter of one report.
_RESTARTING_HEADINGS = 4
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
# A speaker label standing alone on its line ("PANDARUS:", "Human:"), and a line that opens with
# one ("Machine: to serve the greater good ."): one to four capitalised words and a colon.
_LABEL = r"[A-Z][\w.'’-]*(?:[ ][A-Z][\w.'’-]*){0,3}:"
_BARE_LABEL = re.compile(_LABEL)
_LABELLED = re.compile(rf"{_LABEL}\s+\S")
# Labelled lines shorter than this, one after another, are an exchange quoted in the text (a
# chatbot's dialogue in the arXiv paper of ../shared/data/real-articles is 30 to 60 characters
# a line); a transcript's turns are longer and stay apart.
_DIALOGUE_LINE_CHARS = 160
# A protective marking alone on a header or footer line (UK government's classifications).
_MARKING = re.compile(
    r"(?:official(?:[- :]+sensitive)?|unclassified|restricted|confidential|(?:top )?secret)",
    re.I,
)
# A list's bullet opening a line, then a space: a bullet character, or a glyph of a symbol font
# pdfminer cannot name ("(cid:127)": reportlab's "•" in Times-Roman, Word's Symbol bullets).
_BULLET = re.compile(r"(?:[•●▪■◦‣∙]|\(cid:\d+\))\s+")
# A footnote opens with its number ("1 Department for Transport, ...").
_NOTE_NUMBER = re.compile(r"\d{1,3}\s+\S")
# A one-page PDF's header is set apart above its text by more than this many of its font
# sizes, and its footer below all else by more than this many: the trial's briefing note sets
# its header 4.4 and its footer 6.1 sizes apart, its footnote 3.5 below the text; a
# `pdfs.flowing` page its header 3.5, footer 5.9.
_HEADER_GAP_EMS = 2.5
_FOOTER_GAP_EMS = 4.0
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s+of\s+\d{1,4})?$", re.I)


@dataclass(slots=True)
class _Line:
    text: str
    page: int
    box: int
    x0: float
    x1: float
    y0: float  # bottom (PDF coordinates grow upwards)
    y1: float  # top
    size: float  # the median character's font size, in points
    largest: float  # the largest character's
    bold: bool
    box_lines: int
    bullet: bool = False  # the line opened with a list's bullet, dropped from its text
    row: bool = False  # a ruled table's row, its cells joined by " | " (`pdftables`)


def extractor() -> str:
    """The name and version of this extraction, as stored with an upload."""
    return extractor_name("pdf", PDF_EXTRACTION_VERSION, "pdfminer.six")


def extract_pdf(data: bytes, filename: str) -> Extracted:
    """Extract a PDF's text layer as paragraphs, with its title, author and date.

    Raises `CorpusError` naming `filename` when the file cannot be read (damaged, encrypted
    with a password, too many pages, no text layer)."""

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        document, pages = _open(data, filename)
        info = _info(document)
        lines = list(_lines(pages))
    except CorpusError:
        raise
    except RecursionError:
        raise CorpusError(
            filename, "the PDF cannot be read (its structure nests too deep)"
        ) from None
    except MemoryError:
        raise CorpusError(filename, "the PDF cannot be read (it needs too much memory)") from None
    except Exception as error:  # a parser over hostile bytes may raise anything at all
        log.info("PDF %s not read: %r", filename, error)
        raise CorpusError(
            filename, f"the PDF cannot be read ({_reason(error)}); is it a damaged file?"
        ) from None
    title = _layout_title(lines)
    top = _masthead_line(lines, title)
    masthead_name = masthead(top.text) if top is not None else None
    paragraphs, cut = _paragraphs(
        [line for line in lines if line is not top and not any(line is t for t in title)]
    )
    if not paragraphs:
        raise CorpusError(filename, "the PDF has no text layer (a scan?); upload its text instead")
    title_text = clean_field(" ".join(line.text for line in title))
    notes = (cut.note(),) if cut is not None else ()
    created = parse_date(info.get("CreationDate"))
    letter = _letter(paragraphs)
    if letter is not None:
        # The letterhead over a letter is who it comes from, not its title.
        return Extracted(
            paragraphs=letter.body,
            extractor=extractor(),
            title=f"Letter from {letter.signer}",
            author=letter.signer,
            publisher=title_text or masthead_name,
            date=read_title_page(letter.head).date or created,
            kind=Kind.LETTER.value,
            notes=notes,
        )
    # The byline and date printed under the title: the file's /CreationDate is the day it was
    # made, often long after (or, for a draft, before) the day the document bears.
    page = read_title_page(paragraphs)
    if len(page.consumed) < len(paragraphs):
        paragraphs = [p for i, p in enumerate(paragraphs) if i not in page.consumed]
    if page.month is not None and (created is None or (created.year, created.month) != page.month):
        created = None  # "February 2024" printed, made another month: its day is unknown
    return Extracted(
        paragraphs=tuple(paragraphs),
        extractor=extractor(),
        title=title_text or info.get("Title"),
        author=page.author or info.get("Author"),
        publisher=masthead_name,
        date=page.date or created,
        notes=notes,
    )


@dataclass(frozen=True, slots=True)
class _Letter:
    """A letter set as a PDF: who signed it, the paragraphs over its salutation (sender,
    address, date) and its words between the salutation and the close."""

    signer: str
    head: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]


def _letter(paragraphs: list[Paragraph]) -> _Letter | None:
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
    text = [index for index, p in enumerate(paragraphs) if p.section != "Notes"]
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
    return _Letter(signer, tuple(paragraphs[:opening]), tuple(body))


def _reason(error: Exception) -> str:
    text = clean_field(str(error)) or type(error).__name__
    return text[:120]


def _open(data: bytes, filename: str) -> tuple[PDFDocument, list[PDFPage]]:
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect:
        raise CorpusError(
            filename, "the PDF is protected by a password; upload an unprotected copy"
        ) from None
    pages_root = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages_root.get("Count")) if isinstance(pages_root, dict) else None
    if isinstance(count, int) and count > MAX_PDF_PAGES:
        raise CorpusError(filename, f"the PDF has {count:,} pages; the limit is {MAX_PDF_PAGES}")
    pages: list[PDFPage] = []
    for page in PDFPage.create_pages(document):
        pages.append(page)
        if len(pages) > MAX_PDF_PAGES:
            raise CorpusError(filename, f"the PDF has over {MAX_PDF_PAGES} pages")
    return document, pages


def _info(document: PDFDocument) -> dict[str, str]:
    """Title, Author and CreationDate of the document's info dictionary, as clean text."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    for info in getattr(document, "info", []):
        for key in ("Title", "Author", "CreationDate"):
            value = resolve1(info.get(key)) if isinstance(info, dict) else None
            if isinstance(value, bytes):
                value = decode_text(value)
            text = clean_field(value)
            if text and key not in found:
                found[key] = text
    return found


def _lines(pages: list[PDFPage]) -> Iterator[_Line]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTTextBoxHorizontal, LTTextLineHorizontal
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    box_number = 0
    for page_number, page in enumerate(pages, start=1):
        interpreter.process_page(page)
        layout = device.get_result()
        page_lines: list[_Line] = []
        boxes = [box for box in layout if isinstance(box, LTTextBoxHorizontal)]
        tables = _tables(layout, boxes)
        for box in boxes:
            box_number += 1
            members = [line for line in box if isinstance(line, LTTextLineHorizontal)]
            for line in members:
                table = next((t for t in tables if t.grid.holds(line)), None)
                if table is not None:
                    # A ruled table's rows, read where its first line comes.
                    if not table.read:
                        box_number += 1
                        page_lines.extend(table.lines(page_number, box_number))
                    continue
                chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                text = _without_markers(line, chars).translate(_LIGATURES).rstrip()
                if not text.strip() or not chars:
                    continue
                bullet = _BULLET.match(text.strip())
                if bullet is not None:
                    text = text.strip()[bullet.end() :]
                bounds = (line.x0, line.x1, line.y0, line.y1)
                page_lines.append(
                    _measured(text.strip(), (page_number, box_number, len(members)), bounds, chars)
                )
                page_lines[-1].bullet = bullet is not None
        yield from _in_reading_order(
            _without_vertical_text(page_lines, layout.height, layout.width), layout.width
        )


@dataclass(slots=True)
class _Table:
    """A ruled table of a page, its rows read (`pdftables`), and whether they were given out."""

    grid: Grid
    rows: list[Row]
    read: bool = False

    def lines(self, page: int, box: int) -> list[_Line]:
        """The table's rows as lines of one block, each its cells joined by " | "."""
        self.read = True
        lines = [
            _measured(
                " | ".join(row.cells).translate(_LIGATURES),
                (page, box, len(self.rows)),
                row.bounds,
                row.chars,
            )
            for row in self.rows
        ]
        for line in lines:
            line.row = True
        return lines


def _measured(
    text: str,
    place: tuple[int, int, int],
    bounds: tuple[float, float, float, float],
    chars: Sequence[LTChar],
) -> _Line:
    """A line of `text` at `place` (page, box, lines in the box) and `bounds` (x0, x1, y0, y1),
    its size and weight those of most of its `chars` (at least one)."""
    page, box, box_lines = place
    x0, x1, y0, y1 = bounds
    return _Line(
        text=text,
        page=page,
        box=box,
        x0=x0,
        x1=x1,
        y0=y0,
        y1=y1,
        size=statistics.median(c.size for c in chars),
        largest=max(c.size for c in chars),
        bold=sum("bold" in c.fontname.lower() for c in chars) > len(chars) / 2,
        box_lines=box_lines,
    )


def _tables(layout: LTPage, boxes: list[LTTextBoxHorizontal]) -> list[_Table]:
    """The page's ruled tables with the rows read from the text lines within them."""
    from pdfminer.layout import LTTextLineHorizontal

    found = []
    for grid in grids(layout):
        inside = [
            line
            for box in boxes
            for line in box
            if isinstance(line, LTTextLineHorizontal) and grid.holds(line)
        ]
        table_rows = rows(grid, inside)
        if table_rows:
            found.append(_Table(grid, table_rows))
    return found


def _without_markers(line: LTTextLineHorizontal, chars: list[LTChar]) -> str:
    """The line's text without the footnote markers set among its words ("2023.¹" -> "2023."):
    digits set smaller than the line's text and raised above its baseline, after some of the
    line's text (a note's own number, opening its line, stays)."""
    from pdfminer.layout import LTChar

    if not chars:
        return str(line.get_text())
    size = statistics.median(c.size for c in chars)
    baseline = statistics.median(c.y0 for c in chars)
    kept: list[str] = []
    in_text = False  # past the line's opening (where a raised number is the note's own)
    for item in line:
        text = item.get_text()
        marker = (
            text in _DIGITS
            and isinstance(item, LTChar)
            and item.size < _SMALL_PRINT * size
            and item.y0 > baseline + _RAISED_EMS * size
        )
        if marker and in_text:
            continue
        in_text = in_text or (not marker and bool(text.strip()))
        kept.append(text)
    return "".join(kept)


def _in_reading_order(lines: list[_Line], width: float) -> list[_Line]:
    """A two-column page's lines read down the left column, then down the right one, between
    the blocks set across both (a title, a table): pdfminer's box order may put a right-hand
    box first (its boxes flow by position, and a short page's right column can top the left).
    A page whose blocks are not all in one column or across both (three columns, a figure's
    labels) keeps pdfminer's order."""
    boxes: dict[int, list[_Line]] = {}
    for line in lines:
        boxes.setdefault(line.box, []).append(line)
    middle, slack = width / 2, _COLUMN_SLACK * width
    left_edge = min(line.x0 for line in lines) if lines else 0.0
    sides: dict[int, int] = {}
    for box, members in boxes.items():
        x0, x1 = min(m.x0 for m in members), max(m.x1 for m in members)
        if x1 <= middle + slack:
            sides[box] = 0
        elif x0 >= middle - slack:
            sides[box] = 1
        elif x0 <= left_edge + slack:
            sides[box] = -1  # across both columns from the left edge (a title, a footnote)
        else:
            return lines  # a block in the middle: a third column, a figure
    if not {0, 1} <= {side for box, side in sides.items() if len(boxes[box]) > 1}:
        return lines  # one column, and a line at the right (a page number, a date)
    tops = {box: max(m.y1 for m in members) for box, members in boxes.items()}
    # Blocks across both columns cut the page into bands, each read column by column.
    across = sorted((tops[b] for b in boxes if sides[b] == -1), reverse=True)

    def band(box: int) -> int:
        return sum(1 for top in across if top > tops[box] + 1.0)

    order = sorted(boxes, key=lambda box: (band(box), sides[box], -tops[box]))
    return [line for box in order for line in boxes[box]]


def _without_vertical_text(lines: list[_Line], height: float, width: float) -> list[_Line]:
    """Text set a character a line (a margin stamp, a rotated label) and boxes of a character or
    two (labels in a figure) are not the article."""
    per_box: dict[int, list[_Line]] = {}
    for line in lines:
        per_box.setdefault(line.box, []).append(line)
    vertical = {
        box
        for box, members in per_box.items()
        if all(len(m.text.replace(" ", "")) <= 2 for m in members)
    }
    for line in lines:
        line.x0, line.x1 = max(line.x0, 0.0), min(line.x1, width)
        line.y1 = min(line.y1, height)
    return [line for line in lines if line.box not in vertical]


def _layout_title(lines: list[_Line]) -> list[_Line]:
    """The title as the first page sets it (a PDF's /Title is often wrong, a file name, or
    missing): the most prominent short block in the top half of page 1, set larger than the
    text or in bold: the largest type first, then mixed case over capitals ("DEPARTMENT OF
    TRANSPORTATION" is an agency's line), then the most words. A block whose words are the
    running head of other pages is the publication's masthead ("Proposed Rules"), not the
    title; page numbers and sentences are not titles. Its lines, or [] when there is none."""
    first = [line for line in lines if line.page == 1]
    if not first:
        return []
    body = _body_size(lines)
    top = max(line.y1 for line in first)
    bottom = min(line.y0 for line in first)
    blocks: dict[int, list[_Line]] = {}
    for line in first:
        blocks.setdefault(line.box, []).append(line)
    # A block in the top half by its first line: a title set over two lines may end below it.
    blocks = {box: block for box, block in blocks.items() if block[0].y0 >= (top + bottom) / 2}
    heads = [_squashed(line.text) for line in _edge_lines(lines) if line.page != 1]
    best: tuple[tuple[float, bool, int], list[_Line]] | None = None
    for block in blocks.values():
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
            or _PAGE_NUMBER.match(text)
            or any(_squashed(text) in head for head in heads)
        ):
            continue
        rank = (size, not text.isupper(), len(text.split()))
        if best is None or rank > best[0]:
            best = (rank, block)
    return best[1] if best is not None else []


def _masthead_line(lines: list[_Line], title: list[_Line]) -> _Line | None:
    """The masthead over the title on page 1: the page's first line (page furniture aside), a
    line of its own above the title, that names an organisation in capitals (`head.masthead`:
    "INSTITUTE FOR ENERGY EQUITY"). None when there is no title or no such line (the Federal
    Register's "DEPARTMENT OF TRANSPORTATION" comes after the page's first lines)."""
    if not title:
        return None
    furniture = _page_furniture(lines)
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


def _squashed(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


# --- running heads ---------------------------------------------------------------------------


def _page_furniture(lines: list[_Line]) -> set[int]:
    """Ids of header, footer and page-number lines: near the top or bottom edge, and either
    only a number or a protective marking ("OFFICIAL"), or recurring (digits aside) on other
    pages; on a PDF of one page, where nothing recurs, set small and apart from the text
    (`_set_apart`)."""
    edge = _edge_lines(lines)
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
            or _PAGE_NUMBER.match(line.text)
            or _MARKING.fullmatch(line.text)
        ):
            furniture.add(id(line))
    return furniture


def _set_apart(lines: list[_Line], edge: list[_Line]) -> set[int]:
    """Ids of a page's header and footer lines told by their place alone: set small, near the
    top edge and above the text by more than `_HEADER_GAP_EMS` of their size, or near the
    bottom edge and below all else by more than `_FOOTER_GAP_EMS` (a footnote is nearer the
    text, and opens with its number)."""
    body = _body_size(lines)
    found: set[int] = set()
    for line in edge:
        if line.largest >= _SMALL_PRINT * body:
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


def _edge_lines(lines: list[_Line]) -> list[_Line]:
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


# --- paragraphs ------------------------------------------------------------------------------


def _paragraphs(lines: list[_Line]) -> tuple[list[Paragraph], _Cut | None]:
    """The paragraphs of the PDF's first document, and where it was cut from the next (None
    when it holds one document)."""
    furniture = _page_furniture(lines)
    lines = [line for line in lines if id(line) not in furniture]
    if not lines:
        return [], None
    body_size = _body_size(lines)
    lines, rest = _first_document(lines, body_size)
    vocabulary = written_words(line.text for line in lines)
    cut = None
    if rest:
        left_out = list(_assemble(rest, body_size, vocabulary, with_headings=True))
        cut = _Cut(rest[0].text, rest[0].page, rest[-1].page, len(left_out))
    small = [line for line in lines if _is_small_print(line, body_size)]
    body = [line for line in lines if not _is_small_print(line, body_size)]
    assembled = list(_assemble(body, body_size, vocabulary, with_headings=True))
    is_transcript = speaker_turns(assembled) is not None
    if not is_transcript:
        # Turns the layout runs together: a transcript when split at its speakers' labels (and
        # only then: a reference's "Available: http://..." stays in its paragraph).
        at_labels = list(_assemble(body, body_size, vocabulary, with_headings=True, at_labels=True))
        if speaker_turns(at_labels) is not None:
            assembled, is_transcript = at_labels, True
    # A transcript's short turns are turns, not an exchange quoted in the text.
    paragraphs = assembled if is_transcript else _turns_joined(assembled)
    notes = [
        Paragraph(text=p.text, section="Notes", page=p.page)
        for p in _assemble(small, body_size, vocabulary, with_headings=False)
    ]
    return paragraphs + notes, cut


def _turns_joined(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A speaker label alone on its line and the text after it are one turn ("PANDARUS:" then
    the verse), and a run of short labelled lines where a label comes back is one exchange
    ("Human: ..." / "Machine: ..." / "Human: ..."), so a question about what one of them says
    finds the words with their label. A header's fields ("AGENCY: ...", "ACTION: ...") do not
    come back, and stay apart."""
    turns: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = turns[-1] if turns else None
        if (
            previous is not None
            and previous.section == paragraph.section
            and _BARE_LABEL.fullmatch(previous.text)
        ):
            turns[-1] = dataclasses.replace(previous, text=f"{previous.text} {paragraph.text}")
        else:
            turns.append(paragraph)
    joined: list[Paragraph] = []
    run: list[Paragraph] = []
    for item in [*turns, None]:
        if (
            item is not None
            and _dialogue_line(item)
            and (not run or run[-1].section == item.section)
        ):
            run.append(item)
            continue
        joined.extend(_exchange(run))
        run = []
        if item is not None:
            if _dialogue_line(item):
                run = [item]
            else:
                joined.append(item)
    return joined


def _exchange(run: list[Paragraph]) -> list[Paragraph]:
    """A run of short labelled lines as one paragraph when a label comes back in it."""
    labels = [paragraph.text.split(":", 1)[0] for paragraph in run]
    if len(set(labels)) == len(labels):
        return run
    return [dataclasses.replace(run[0], text=" ".join(paragraph.text for paragraph in run))]


def _dialogue_line(paragraph: Paragraph) -> bool:
    return len(paragraph.text) < _DIALOGUE_LINE_CHARS and bool(_LABELLED.match(paragraph.text))


def _is_small_print(line: _Line, body_size: float) -> bool:
    """A footnote's line: all of it set small. A label in small bold capitals that opens a
    body line ("FOR FURTHER INFORMATION CONTACT: Ian Won") is the body's, and a table's row
    (set small, as tables are) too."""
    if (line.bold and line.text.isupper()) or line.row:
        return False
    return line.largest < _SMALL_PRINT * body_size


@dataclass(frozen=True, slots=True)
class _Cut:
    """Where a PDF went on into another document, and what of it was left out."""

    heading: str
    first_page: int
    last_page: int
    paragraphs: int

    def note(self) -> str:
        pages = (
            f"page {self.first_page}"
            if self.first_page == self.last_page
            else f"pages {self.first_page}-{self.last_page}"
        )
        plural = "" if self.paragraphs == 1 else "s"
        return (
            f"The PDF goes on into another document at the heading “{self.heading}” on page "
            f"{self.first_page}: {pages} from there ({self.paragraphs} paragraph{plural}) were "
            "left out. Upload that document as a file of its own to ask about it."
        )


def _first_document(lines: list[_Line], body_size: float) -> tuple[list[_Line], list[_Line]]:
    """The lines of the first document when a PDF goes on into another (a gazette's next
    notice, a proceedings' next paper), and the lines left out: where one of the first
    headings that opened the document comes again, word for word, after some text, followed
    within a few headings by another of the opening's, the next document begins. A heading
    that differs in its number or letter ("Question 2" after "Question 1", "Annex B") is the
    same document going on."""
    headings = [
        (index, _squashed(line.text))
        for index, line in enumerate(lines)
        if _is_heading(line, body_size)
    ]
    opening = [text for _, text in headings[:_OPENING_HEADINGS]]
    for position, (index, text) in enumerate(headings):
        if text not in opening[: min(position, _RESTARTING_HEADINGS)]:
            continue
        first = opening.index(text)
        text_between = index - headings[first][0] > position - first
        following = [t for _, t in headings[position + 1 : position + 1 + _RECURRENCE_REACH]]
        if text_between and any(t in opening[first + 1 :] for t in following):
            log.info("the PDF goes on into another document at %r; cut there", lines[index].text)
            return lines[:index], lines[index:]
    return lines, []


def _body_size(lines: list[_Line]) -> float:
    """The font size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


def _assemble(
    lines: list[_Line],
    body_size: float,
    vocabulary: set[str],
    *,
    with_headings: bool,
    at_labels: bool = False,
) -> Iterator[Paragraph]:
    """Lines as paragraphs (under the headings, `with_headings`); with `at_labels`, a line
    opening with a speaker's label after a finished sentence opens one too (a transcript whose
    turns the layout does not set apart)."""
    columns = _columns(lines)
    section: str | None = None
    current: list[_Line] = []
    for previous, line in zip([None, *lines], lines, strict=False):
        if with_headings and _is_heading(line, body_size):
            if current:
                yield _paragraph(current, section, vocabulary)
                current = []
            section = line.text
            continue
        if current and previous is not None and _opens_paragraph(current, line, columns, at_labels):
            yield _paragraph(current, section, vocabulary)
            current = []
        current.append(line)
    if current:
        yield _paragraph(current, section, vocabulary)


def _columns(lines: list[_Line]) -> dict[int, tuple[float, float]]:
    """Each line's column as (left edge, right edge), from the lines of its page that start
    near where it starts: the left edge is where most of them start (indented first lines are
    the fewer), the right edge where the longest nine in ten end."""
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    columns: dict[int, tuple[float, float]] = {}
    for page_lines in by_page.values():
        for line in page_lines:
            reach = 3 * line.size
            near = [o for o in page_lines if abs(o.x0 - line.x0) <= reach]
            starts = Counter(round(o.x0) for o in near)
            left = min(starts, key=lambda x: (-starts[x], x))
            ends = sorted(o.x1 for o in near)
            columns[id(line)] = (float(left), ends[int(0.9 * (len(ends) - 1))])
    return columns


def _opens_paragraph(
    current: list[_Line], line: _Line, columns: dict[int, tuple[float, float]], at_labels: bool
) -> bool:
    previous = current[-1]
    if line.bullet or line.row or previous.row:
        return True  # each item of a list is a paragraph, and each row of a table
    left, _ = columns[id(line)]
    _, previous_right = columns[id(previous)]
    size = line.size
    same_column = line.page == previous.page and line.x0 < previous.x1 and previous.x0 < line.x1
    # An indented first line opens a paragraph; the lines of an indented block (a quotation)
    # go on with the same indent, and the text after it comes back out.
    indent = _INDENT_EMS * size
    if same_column and line.x0 - previous.x0 >= indent:
        return True
    in_block = len(current) >= 2 and abs(current[-2].x0 - previous.x0) < indent
    if same_column and previous.x0 - line.x0 >= indent and in_block:
        return True
    if not same_column and line.x0 - left >= indent:
        return True
    if same_column and previous.y0 - line.y1 > _GAP_EMS * size:
        return True
    if same_column and line.y1 > previous.y0 + size:
        return True  # back up the page: a new block (a figure caption, a sidebar)
    ends_sentence = previous.text.rstrip()[-1:] in '.!?:"”’)'
    if at_labels and ends_sentence and _LABELLED.match(line.text):
        return True  # a speaker's label after a finished sentence opens a turn
    return ends_sentence and previous.x1 < previous_right - _SHORT_LINE_EMS * size


def _is_heading(line: _Line, body_size: float) -> bool:
    text = line.text
    if line.row or len(text) > _MAX_HEADING_CHARS or line.box_lines > 2 or text[-1:] in ".,;:":
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    return line.size >= _HEADING_SIZE * body_size or (
        line.box_lines == 1 and (line.bold or (text.isupper() and len(text) > 3))
    )


def _paragraph(lines: list[_Line], section: str | None, vocabulary: set[str]) -> Paragraph:
    text = lines[0].text
    for line in lines[1:]:
        text = joined_lines(text, line.text, vocabulary)
    return Paragraph(text=" ".join(text.split()), section=section, page=lines[0].page)
