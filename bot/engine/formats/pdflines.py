"""A PDF's pages -> its text lines in reading order, each with its place, size and weight.

pdfminer.six opens the file (within `MAX_PDF_PAGES`) and lays each page out as text lines in
boxes; each line is measured (`Line`: position, font size, bold, where its text starts after a
paragraph's number or a bullet), a list's bullet dropped, a ligature spelt out, a footnote
marker (a digit set small and raised after some of its line's text) dropped; a number, a
letter ("(a)") or a bullet set alone a tab from its text is put with that text's line; a
table's rows, ruled (`pdftables`) or not (`pdfunruled`), are read as lines of their own;
vertical text (margin stamps, set a character a line) is dropped; and a two-column page's boxes
are put in order again, left column then right, between blocks set across both (pdfminer may
put a right-hand box first). `pdf` turns these lines into a document.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.engine.formats.extracted import clean_field
from bot.engine.formats.pdfpanels import in_panels, rectangles, without_chart_labels
from bot.engine.formats.pdftables import Grid, Row, grids, open_grids, rows
from bot.engine.formats.pdfunruled import unruled_tables
from bot.engine.models import CorpusError

if TYPE_CHECKING:
    from pdfminer.layout import LTChar, LTPage, LTTextBoxHorizontal, LTTextLineHorizontal
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage

# More pages than a debate club's article or report has; a PDF of 10,000 pages sharing one
# content stream is refused before any page is read.
MAX_PDF_PAGES = 400

# Measured on the two real PDFs of ../shared/data/real-articles (Federal Register, 8 pt text
# in three columns; an arXiv paper, 10 pt in two) and the generated fixtures in the tests:
SMALL_PRINT = 0.85  # lines below this share of the body's font size are footnotes
# A footnote marker is set below SMALL_PRINT of its line's size and raised by more than this
# share of it (reportlab's <super>: 9 pt on 11 pt, 6 pt up; 6.8 on 8.5 in its notes).
_RAISED_EMS = 0.2
_DIGITS = frozenset("0123456789")
# A block ending this share of the page's width past its middle is still the left column's
# (and one starting this far before it the right's).
_COLUMN_SLACK = 0.04
# Pieces of one printed line set this many font sizes apart or less are one line (a justified
# line's word gap, which pdfminer may take for a break between blocks: reportlab stretches a
# short line's gaps to 1.4 sizes). A gutter may be narrower (the arXiv paper's: 1.2 sizes): a
# piece of another column is known by its block (`_column_boxes`).
_FRAGMENT_GAP_EMS = 2.0
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
# A list's bullet opening a line, then a space: a bullet character, or a glyph of a symbol font
# pdfminer cannot name ("(cid:127)": reportlab's "•" in Times-Roman, Word's Symbol bullets).
_BULLET = re.compile(r"(?:[•●▪■◦‣∙]|\(cid:\d+\))\s+")
# A bullet alone, set a tab away from its item's text (pdfminer makes it a line of its own).
_LONE_BULLET = re.compile(r"[•●▪■◦‣∙]|\(cid:\d+\)")
# A numbered paragraph's number, as judgments, reports and minutes set it in the margin: "12.",
# "(12)", "[12]", "2.1".
PARAGRAPH_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.|\(\d{1,3}\)|\[\d{1,3}\])")
# A sub-paragraph's letter or roman numeral, as consultations and reports set them under a
# numbered paragraph: "(a)", "(iv)", "b)".
ITEM_LETTER = re.compile(r"(?:\((?:[a-z]|[ivx]{1,5})\)|[a-z]\))")
# A paragraph's number or letter opening its line, then the text: where the text starts is
# where a hanging indent sets the paragraph's wrapped lines (`Line.text_x0`).
_OPENING_NUMBER = re.compile(rf"(?:{PARAGRAPH_NUMBER.pattern}|{ITEM_LETTER.pattern})\s+(?=\S)")
# A number alone in the margin stands beside its text: the two lines' baselines within this
# share of the type size, the gap between them at most this many type sizes (a judgment's
# hanging indent: the text 1.27 cm in, 3 ems of 12 pt).
_SAME_BASELINE_EMS = 0.3
_NUMBER_GAP_EMS = 5.0


@dataclass(slots=True)
class Line:
    """A text line of a PDF page as laid out: its text, its page (1-based) and block, its
    bounds in PDF points, its type size and weight, and whether it opened with a bullet or is
    a ruled table's row."""

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
    # Where the text after the paragraph's number or letter opening the line starts ("4.5",
    # then a tab to the text); None on a line opening with none.
    text_x0: float | None = None
    # The bounds (x0, x1, y0, y1) of the drawn box the line is set in (a pull quote's, a
    # sidebar's: `pdfpanels`); None for the columns' text.
    panel: tuple[float, float, float, float] | None = None
    # The text with its footnote markers kept, each written `marked_note(n)` ("2023.¹" ->
    # "2023." then the mark); None when the line has none (`text` drops them).
    noted: str | None = None


# A footnote marker kept in `Line.noted`: its number between these two characters (of Unicode's
# private use area, which no PDF's text holds as words; not whitespace, which paragraphs
# squash), written "[n]" or dropped once the notes are read (`pdfnotes`).
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
NOTE_MARKS = re.compile(rf"{_MARK_OPEN}(\d{{1,3}}){_MARK_CLOSE}")


def marked_note(number: str) -> str:
    """A footnote marker's number as `Line.noted` holds it."""
    return f"{_MARK_OPEN}{number}{_MARK_CLOSE}"


def open_pdf(data: bytes, filename: str) -> tuple[PDFDocument, list[PDFPage]]:
    """The parsed document and its pages. Raises `CorpusError` naming `filename` when it is
    protected by a password or has over `MAX_PDF_PAGES` pages; the parser's own errors on a
    damaged file pass through (`pdf.extract_pdf` names them)."""
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


def document_info(document: PDFDocument) -> dict[str, str]:
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


def read_lines(pages: list[PDFPage]) -> Iterator[Line]:
    """The text lines of `pages`, page by page, each page's in reading order: footnote
    markers, bullets and vertical text out, ligatures spelt out, a ruled table's rows read
    as lines of their own where its first line comes."""
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
        page_lines: list[Line] = []
        boxes = [box for box in layout if isinstance(box, LTTextBoxHorizontal)]
        tables = _tables(layout, boxes)
        # A bullet of no width (a glyph pdfminer cannot name) is an empty line pdfminer leaves
        # out of its boxes: read as a box of its own, put with its item's line below.
        bullets = [
            line
            for line in layout
            if isinstance(line, LTTextLineHorizontal)
            and _LONE_BULLET.fullmatch(line.get_text().strip())
        ]
        groups = [[o for o in box if isinstance(o, LTTextLineHorizontal)] for box in boxes]
        for members in [*groups, *([bullet] for bullet in bullets)]:
            box_number += 1
            for line in members:
                table = next((t for t in tables if t.grid.holds(line)), None)
                if table is not None:
                    # A ruled table's rows, read where its first line comes.
                    if not table.read:
                        box_number += 1
                        page_lines.extend(table.lines(page_number, box_number))
                    continue
                chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                text, noted = (
                    part.translate(_LIGATURES).rstrip() for part in _without_markers(line, chars)
                )
                if not text.strip() or not chars:
                    continue
                bullet = _BULLET.match(text.strip())
                if bullet is not None:
                    text = text.strip()[bullet.end() :]
                    noted = noted.strip()[bullet.end() :]
                bounds = (line.x0, line.x1, line.y0, line.y1)
                page_lines.append(
                    _measured(text.strip(), (page_number, box_number, len(members)), bounds, chars)
                )
                page_lines[-1].bullet = bullet is not None
                page_lines[-1].noted = noted.strip() if noted != text else None
                page_lines[-1].text_x0 = (
                    _text_start(page_lines[-1].text, chars)
                    if bullet is None
                    else float(chars[1].x0)  # the bullet is its first character
                    if len(chars) > 1
                    else None
                )
        page_lines, box_number = unruled_tables(
            _numbers_joined(_fragments_joined(page_lines)), box_number + 1
        )
        drawn = rectangles(layout)
        page_lines = without_chart_labels(page_lines, drawn)
        in_panels(page_lines, drawn)
        yield from _in_reading_order(
            _without_vertical_text(page_lines, layout.height, layout.width), layout.width
        )


@dataclass(slots=True)
class _Table:
    """A ruled table of a page, its rows read (`pdftables`), and whether they were given out."""

    grid: Grid
    rows: list[Row]
    read: bool = False

    def lines(self, page: int, box: int) -> list[Line]:
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
) -> Line:
    """A line of `text` at `place` (page, box, lines in the box) and `bounds` (x0, x1, y0, y1),
    its size and weight those of most of its `chars` (at least one)."""
    page, box, box_lines = place
    x0, x1, y0, y1 = bounds
    return Line(
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


def _text_start(text: str, chars: Sequence[LTChar]) -> float | None:
    """Where the text after the paragraph number or letter opening `text` starts, in PDF
    points (the x of its first character: `chars` are the line's characters but spaces, in
    order); None when `text` opens with none."""
    number = _OPENING_NUMBER.match(text)
    if number is None:
        return None
    position = sum(1 for ch in number.group() if not ch.isspace())
    return float(chars[position].x0) if position < len(chars) else None


def _tables(layout: LTPage, boxes: list[LTTextBoxHorizontal]) -> list[_Table]:
    """The page's ruled tables with the rows read from the text lines within them."""
    from pdfminer.layout import LTTextLineHorizontal

    found = []
    lines = [line for box in boxes for line in box if isinstance(line, LTTextLineHorizontal)]
    for grid in [*grids(layout), *open_grids(layout, lines)]:
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


def _without_markers(line: LTTextLineHorizontal, chars: list[LTChar]) -> tuple[str, str]:
    """The line's text without the footnote markers set among its words ("2023.¹" -> "2023."):
    digits set smaller than the line's text and raised above its baseline, after some of the
    line's text (a note's own number, opening its line, stays); and the text with each marker
    kept as `marked_note` writes it."""
    from pdfminer.layout import LTChar

    if not chars:
        return str(line.get_text()), str(line.get_text())
    size = statistics.median(c.size for c in chars)
    baseline = statistics.median(c.y0 for c in chars)
    kept: list[str] = []
    noted: list[str] = []
    marker_digits = ""
    in_text = False  # past the line's opening (where a raised number is the note's own)
    for item in line:
        text = item.get_text()
        marker = (
            text in _DIGITS
            and isinstance(item, LTChar)
            and item.size < SMALL_PRINT * size
            and item.y0 > baseline + _RAISED_EMS * size
        )
        if marker and in_text:
            marker_digits += text
            continue
        if marker_digits:
            noted.append(marked_note(marker_digits))
            marker_digits = ""
        in_text = in_text or (not marker and bool(text.strip()))
        kept.append(text)
        noted.append(text)
    if marker_digits:
        noted.append(marked_note(marker_digits))
    return "".join(kept), "".join(noted)


def _in_reading_order(lines: list[Line], width: float) -> list[Line]:
    """A two-column page's lines read down the left column, then down the right one, between
    the blocks set across both (a title, a table): pdfminer's box order may put a right-hand
    box first (its boxes flow by position, and a short page's right column can top the left).
    A page whose blocks are not all in one column or across both (three columns, a figure's
    labels) keeps pdfminer's order."""
    boxes: dict[int, list[Line]] = {}
    for line in lines:
        boxes.setdefault(line.box, []).append(line)
    middle, slack = width / 2, _COLUMN_SLACK * width
    left_edge = min(line.x0 for line in lines) if lines else 0.0
    right_edge = max(line.x1 for line in lines) if lines else 0.0
    sides: dict[int, int] = {}
    for box, members in boxes.items():
        x0, x1 = min(m.x0 for m in members), max(m.x1 for m in members)
        if x1 <= middle + slack:
            sides[box] = 0
        elif x0 >= middle - slack:
            sides[box] = 1
        elif x0 <= left_edge + slack or x1 - x0 >= (right_edge - left_edge) / 2:
            # across both columns, from the left edge (a title, a footnote) or indented on
            # both sides (a paper's abstract)
            sides[box] = -1
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


def _fragments_joined(lines: list[Line]) -> list[Line]:
    """The pieces of one printed line that pdfminer splits apart (a justified line's wide word
    gaps: "Turnout among young people" | "is" | "low" | "in most ...", or "the gain had not
    disappeared" | "four years" | "later.") joined again in order, as the line of the block
    holding most lines: on one baseline, of one size, each piece starting within
    `_FRAGMENT_GAP_EMS` of the end of the one before, all within the column the first starts
    in (`_column_end`), none of another block set as a column (`_column_boxes`: the next
    column, a caption beside this one). Without this
    a piece of a word or two reads as a margin label and is lost, or lands out of its place."""
    rows: dict[tuple[int, int], list[Line]] = {}
    vertical = _vertical_boxes(lines)  # a margin's stamp, a character a line
    columns = _column_boxes(lines)
    for line in lines:
        if not line.row and (line.box_lines == 1 or line.box not in vertical):
            rows.setdefault((round(line.y0 * 2), round(line.size * 2)), []).append(line)
    replaced: dict[int, Line | None] = {}
    for row in rows.values():
        if len(row) < 2:
            continue
        row.sort(key=lambda line: line.x0)
        runs: list[list[Line]] = [[row[0]]]
        for line in row[1:]:
            previous = runs[-1][-1]
            gap = line.x0 - previous.x1
            if -1.0 <= gap <= _FRAGMENT_GAP_EMS * line.size:
                runs[-1].append(line)
            else:
                runs.append([line])
        for run in runs:
            if len(run) < 2:
                continue
            # The line goes where the block holding most lines has it (the leftmost such).
            home = max(run, key=lambda line: (line.box_lines, -line.x0))
            if run[-1].x1 > _column_end(lines, run[0]) + 1.0 or any(
                line.box != home.box and line.box in columns for line in run
            ):
                continue  # a line of the next column, or of a caption beside this one
            # A number or a bullet set apart from its text ("4.5", a tab): the text starts at
            # the next piece, and the bullet is dropped.
            bullet = _LONE_BULLET.fullmatch(run[0].text) is not None
            pieces = run[1 if bullet else 0 :]
            joined = replace(
                home,
                text=" ".join(line.text for line in pieces),
                noted=" ".join(line.noted or line.text for line in pieces)
                if any(line.noted for line in pieces)
                else None,
                x0=run[0].x0,
                x1=run[-1].x1,
                y0=min(line.y0 for line in run),
                y1=max(line.y1 for line in run),
                largest=max(line.largest for line in run),
                bullet=run[0].bullet or bullet,
                text_x0=run[1].x0 if bullet or _is_number(run[0].text) else run[0].text_x0,
            )
            for line in run:
                replaced[id(line)] = joined if line is home else None
    if not replaced:
        return lines
    kept = [replaced.get(id(line), line) for line in lines]
    return [line for line in kept if line is not None]


def _vertical_boxes(lines: list[Line]) -> set[int]:
    """The blocks whose every line is a character or two."""
    per_box: dict[int, list[Line]] = {}
    for line in lines:
        per_box.setdefault(line.box, []).append(line)
    return {
        box
        for box, members in per_box.items()
        if all(len(m.text.replace(" ", "")) <= 2 for m in members)
    }


def _column_boxes(lines: list[Line]) -> set[int]:
    """The blocks set as columns of their own: three lines or more starting at one place (a
    justified line's pieces start each where the word before it ends)."""
    starts: dict[int, Counter[int]] = {}
    for line in lines:
        starts.setdefault(line.box, Counter())[round(line.x0)] += 1
    return {box for box, counts in starts.items() if counts.most_common(1)[0][1] >= 3}


def _column_end(lines: list[Line], first: Line) -> float:
    """Where the column a line starting as `first` does ends: where nine in ten of the page's
    lines starting within three font sizes of it end."""
    ends = sorted(line.x1 for line in lines if abs(line.x0 - first.x0) <= 3 * first.size)
    return ends[int(0.9 * (len(ends) - 1))]


def _numbers_joined(lines: list[Line]) -> list[Line]:
    """The page's lines, a paragraph's number or letter set alone in the margin ("12." or "(a)"
    then a tab to the text, as judgments and reports set numbered paragraphs: pdfminer makes the
    number a line, even a block, of its own) put before the text line it stands beside: "12. In
    my judgment ...", starting where the number does; a list's bullet set so makes that line a
    list item's first (the bullet dropped)."""
    numbers = [line for line in lines if _is_number(line.text) or _LONE_BULLET.fullmatch(line.text)]
    if not numbers:
        return lines
    joined: dict[int, Line] = {}
    for number in numbers:
        beside = [
            line
            for line in lines
            if line is not number
            and id(line) not in joined
            and not _is_number(line.text)
            and not _LONE_BULLET.fullmatch(line.text)
            and abs(line.y0 - number.y0) < _SAME_BASELINE_EMS * number.size
            and 0 <= line.x0 - number.x1 <= _NUMBER_GAP_EMS * number.size
        ]
        if beside:
            text_line = min(beside, key=lambda line: line.x0)
            joined[id(text_line)] = number
    if not joined:
        return lines
    used = {id(number) for number in joined.values()}
    out = []
    for line in lines:
        if id(line) in used:
            continue
        margin = joined.get(id(line))
        if margin is not None:
            bullet = _LONE_BULLET.fullmatch(margin.text) is not None
            text = line.text if bullet else f"{margin.text} {line.text}"
            if line.noted is not None and not bullet:
                line.noted = f"{margin.text} {line.noted}"
            line.text, line.x0, line.text_x0 = text, margin.x0, line.x0
            line.bullet = line.bullet or bullet
        out.append(line)
    return out


def _is_number(text: str) -> bool:
    """Whether `text` is a paragraph's number or a sub-paragraph's letter, alone."""
    return bool(PARAGRAPH_NUMBER.fullmatch(text) or ITEM_LETTER.fullmatch(text))


def _without_vertical_text(lines: list[Line], height: float, width: float) -> list[Line]:
    """Text set a character a line (a margin stamp, a rotated label) and boxes of a character or
    two (labels in a figure) are not the article."""
    vertical = _vertical_boxes(lines)
    for line in lines:
        line.x0, line.x1 = max(line.x0, 0.0), min(line.x1, width)
        line.y1 = min(line.y1, height)
    return [line for line in lines if line.box not in vertical]


def body_font_size(lines: list[Line]) -> float:
    """The font size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


def squashed_text(text: str) -> str:
    """`text` as compared with a heading or a running head: only its letters and digits, case
    folded."""
    return re.sub(r"\W+", "", text).casefold()
