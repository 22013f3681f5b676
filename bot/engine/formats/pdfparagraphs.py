"""A PDF's text lines -> paragraphs, under their headings, its small print as notes after them.

A paragraph ends where the next line is indented, or further down than the line spacing, or
after a short line that ends a sentence, or at a list's bullet, and goes on across a column or
page break otherwise; a numbered paragraph or a list's item set with a hanging indent ("4.5",
a tab, the text; its wrapped lines under the text) goes on while its lines are set under its
text, ragged right or not, and ends at the next number; a word hyphenated at a line end is
joined again unless the document writes it with its hyphen ("long-term"); a heading (larger,
bold or capitals, alone on its line) is the section of what follows; small print (footnotes) is
kept as paragraphs of its own after the text, a note each (`pdfnotes`); a ruled table is a
paragraph of its rows, a row a line, under its caption or its title row (the text after it back
under the section it interrupted). Speaker labels make turns, and a
short exchange quoted in the text ("Human: ..." / "Machine: ...") one paragraph. A PDF that
goes on into another document is cut where the first one's opening headings come again word
for word (`Cut` says what was left out).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.hyphens import joined_lines, written_words
from bot.engine.formats.pdfheads import page_furniture
from bot.engine.formats.pdflines import (
    ITEM_LETTER,
    PARAGRAPH_NUMBER,
    SMALL_PRINT,
    Line,
    body_font_size,
    squashed_text,
)
from bot.engine.formats.pdfnotes import note_paragraphs, split_notes, with_markers
from bot.engine.formats.pdfpanels import credited_quotes
from bot.engine.formats.pdftabletext import is_caption, same_table, table_paragraphs
from bot.engine.formats.transcript import speaker_turns
from bot.engine.models import Reference
from bot.engine.references import is_reference_list

log = logging.getLogger(__name__)

# Measured on the two real PDFs of ../shared/data/real-articles (Federal Register, 8 pt text
# in three columns; an arXiv paper, 10 pt in two) and the generated fixtures in the tests:
_INDENT_EMS = 0.6  # a first line indented by at least this many font sizes opens a paragraph
_GAP_EMS = 0.75  # a gap between lines taller than this opens a paragraph
_SHORT_LINE_EMS = 2.0  # a line ending this far before the column's edge is a last line
_COLUMN_SLACK_EMS = 1.0  # a left column's lines end no further than this past the middle
# A numbered paragraph's wrapped lines set this many type sizes in at most from its number (the
# trial's judgment: 0.9 cm on 11 pt, 2.3 ems; Word's 1.27 cm on 12 pt, 3 ems).
_HANG_EMS = 4.5
_NUMBER = rf"(?:{PARAGRAPH_NUMBER.pattern}|{ITEM_LETTER.pattern})"
_NUMBERED = re.compile(rf"{_NUMBER}\s+\S")
# A line opening with a paragraph's number and then a capital ("4.6 The Government will"), not a
# figure running on a sentence ("2.5 million").
_NUMBER_OPENING = re.compile(rf"{_NUMBER}\s+[\"“‘(]?[A-Z]")
# A numbered paragraph's wrapped lines are set where the text after its number starts ("4.5",
# a tab, then the text): within this many type sizes of it (Word and reportlab set both at one
# tab stop; pdfminer measures each glyph's box, a hair apart). The trial's consultation
# summary, ragged right, set so: its first lines end anywhere, not at the column's edge.
_ALIGNED_EMS = 0.25
# A line ending with one of these ends a sentence (or a quotation, or a clause before one).
_SENTENCE_ENDS = '.!?:"”’)'
# A text whose lines ending a sentence short of the edge have space under them this many times
# and this many times as often as not sets its paragraphs apart by space (`_spaced`): trial 17's
# press release, 13 to none; its consultation summary (numbered, hanging) and the real articles'
# justified, indented texts are not counted so.
_SPACED_ENDS = 4
_SPACED_RATIO = 3
# Lines whose middles are this many type sizes apart or less are set centred (reportlab and word
# processors centre to the point; an indented first line under a full one is 0.3 apart at least).
_CENTRED_EMS = 0.15
_HEADING_SIZE = 1.15  # lines above this share of the body's font size are headings
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
# A speaker label standing alone on its line ("PANDARUS:", "Human:"), and a line that opens with
# one ("Machine: to serve the greater good ."): one to four capitalised words and a colon.
_LABEL = r"[A-Z][\w.'’-]*(?:[ ][A-Z][\w.'’-]*){0,3}:"
_BARE_LABEL = re.compile(_LABEL)
_LABELLED = re.compile(rf"{_LABEL}\s+\S")
# Labelled lines shorter than this, one after another, are an exchange quoted in the text (a
# chatbot's dialogue in the arXiv paper of ../shared/data/real-articles is 30 to 60 characters
# a line); a transcript's turns are longer and stay apart.
_DIALOGUE_LINE_CHARS = 160


def read_paragraphs(lines: list[Line]) -> Read:
    """The paragraphs of the PDF's first document, where it was cut from the next and the
    notes its markers cite (`Read`)."""
    furniture = page_furniture(lines)
    lines = [line for line in lines if id(line) not in furniture]
    if not lines:
        return Read([], None, ())
    body_size = body_font_size(lines)
    lines, rest = _first_document(lines, body_size)
    vocabulary = written_words(line.text for line in lines)
    cut = None
    if rest:
        left_out = list(_assemble(rest, body_size, vocabulary, with_headings=True))
        cut = Cut(rest[0].text, rest[0].page, rest[-1].page, len(left_out))
    # A box's lines are its own, however small (a pull quote's credit), not footnotes.
    small = [line for line in lines if _is_small_print(line, body_size) and line.panel is None]
    body = [
        line for line in lines if line.panel is not None or not _is_small_print(line, body_size)
    ]
    assembled = list(_assemble(body, body_size, vocabulary, with_headings=True))
    is_transcript = speaker_turns(assembled) is not None
    if not is_transcript:
        # Turns the layout runs together: a transcript when split at its speakers' labels (and
        # only then: a reference's "Available: http://..." stays in its paragraph).
        at_labels = list(_assemble(body, body_size, vocabulary, with_headings=True, at_labels=True))
        if speaker_turns(at_labels) is not None:
            assembled, is_transcript = at_labels, True
    # A transcript's short turns are turns, not an exchange quoted in the text.
    paragraphs = assembled if is_transcript else credited_quotes(_turns_joined(assembled))
    notes = split_notes(list(_assemble(small, body_size, vocabulary, with_headings=False)))
    paragraphs, references = with_markers(paragraphs, notes)
    return Read(paragraphs + note_paragraphs(notes), cut, references)


@dataclass(frozen=True, slots=True)
class Read:
    """A PDF's paragraphs (its notes after its text: `pdfnotes`), where it was cut from a next
    document (None when it holds one), and the notes citing works that its text's markers
    point to."""

    paragraphs: list[Paragraph]
    cut: Cut | None
    references: tuple[Reference, ...]


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


def _is_small_print(line: Line, body_size: float) -> bool:
    """A footnote's line: all of it set small. A label in small bold capitals that opens a
    body line ("FOR FURTHER INFORMATION CONTACT: Ian Won") is the body's, and a table's row
    (set small, as tables are) too."""
    if (line.bold and line.text.isupper()) or line.row:
        return False
    return line.largest < SMALL_PRINT * body_size


@dataclass(frozen=True, slots=True)
class Cut:
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


def _first_document(lines: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """The lines of the first document when a PDF goes on into another (a gazette's next
    notice, a proceedings' next paper), and the lines left out: where one of the first
    headings that opened the document comes again, word for word, after some text, followed
    within a few headings by another of the opening's, the next document begins. A heading
    that differs in its number or letter ("Question 2" after "Question 1", "Annex B") is the
    same document going on."""
    headings = [
        (index, squashed_text(line.text))
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


def _assemble(
    lines: list[Line],
    body_size: float,
    vocabulary: set[str],
    *,
    with_headings: bool,
    at_labels: bool = False,
    centred: bool = False,
) -> Iterator[Paragraph]:
    """Lines as paragraphs (under the headings, `with_headings`); with `at_labels`, a line
    opening with a speaker's label after a finished sentence opens one too (a transcript whose
    turns the layout does not set apart). A drawn box's lines (`Line.panel`: a pull quote, a
    sidebar) are paragraphs of their own, given after the paragraph of the text they stand in,
    which goes on past them as across a column break; with `centred` (a box's lines), lines
    set centred one under the other go on a paragraph but after a gap."""
    held: list[Line] = []  # a box's lines, given after the paragraph they interrupt
    section: str | None = None
    for paragraph in _assembled(
        lines,
        body_size,
        vocabulary,
        held,
        with_headings=with_headings,
        at_labels=at_labels,
        centred=centred,
    ):
        if paragraph is None:
            yield from _panel_paragraphs(held, section, body_size, vocabulary)
            held.clear()
        else:
            section = paragraph.section
            yield paragraph
    yield from _panel_paragraphs(held, section, body_size, vocabulary)


def _panel_paragraphs(
    held: list[Line], section: str | None, body_size: float, vocabulary: set[str]
) -> Iterator[Paragraph]:
    """The paragraphs of the boxes whose lines are `held`, box by box, under `section` unless a
    heading in the box heads them."""
    boxes: dict[tuple[int, tuple[float, float, float, float] | None], list[Line]] = {}
    for line in held:
        boxes.setdefault((line.page, line.panel), []).append(line)
    for box in boxes.values():
        inner = _assemble(
            [dataclasses.replace(line, panel=None) for line in box],
            body_size,
            vocabulary,
            with_headings=True,
            centred=True,
        )
        yield from (dataclasses.replace(p, section=p.section or section) for p in inner)


def _assembled(
    lines: list[Line],
    body_size: float,
    vocabulary: set[str],
    held: list[Line],
    *,
    with_headings: bool,
    at_labels: bool,
    centred: bool,
) -> Iterator[Paragraph | None]:
    """`_assemble`'s paragraphs of the text, a box's lines put in `held`; None after each
    paragraph of the text that ends (the boxes held are given there)."""
    if with_headings:
        lines = _wrapped_headings(lines, body_size)
    flowing = [line for line in lines if line.panel is None]
    columns = _columns(flowing)
    spaced = with_headings and _spaced(flowing, columns)
    section: str | None = None
    # The section a table's caption set as a heading ("Table 1: ...") took over from: the text
    # after the table goes on under it.
    captioned: tuple[str | None] | None = None
    # The rows of the table read last, when nothing but a page break came after it: the table
    # the next one may go on (`pdftabletext.table_paragraphs`).
    table: list[Line] = []
    current: list[Line] = []
    for line in lines:
        if line.panel is not None:
            held.append(line)
            continue
        if with_headings and _is_heading(line, body_size):
            if current:
                yield from _paragraphs_of(current, section, vocabulary, captioned=False)
                current = []
            yield None
            captioned = (section,) if is_caption(line.text) else None
            section = line.text
            table = []
            continue
        if line.row:
            # A table's rows are one paragraph, wherever the rows of another table begin.
            if current and not same_table(current[-1], line):
                yield from _paragraphs_of(
                    current, section, vocabulary, captioned=bool(captioned), before=table
                )
                table = current if current[0].row else []
                current = []
            current.append(line)
            continue
        if current and current[-1].row:
            yield from _paragraphs_of(
                current, section, vocabulary, captioned=bool(captioned), before=table
            )
            yield None
            current = []
            if captioned is not None:
                section = captioned[0]
        captioned = None
        table = []
        if current and _opens_paragraph(
            current,
            line,
            columns,
            at_labels,
            listed=is_reference_list(section),
            spaced=spaced,
            past_box=bool(held),
            centred=centred,
        ):
            yield _paragraph(current, section, vocabulary)
            yield None
            current = []
        current.append(line)
    if current:
        yield from _paragraphs_of(
            current, section, vocabulary, captioned=bool(captioned), before=table
        )


def _paragraphs_of(
    lines: list[Line],
    section: str | None,
    vocabulary: set[str],
    *,
    captioned: bool,
    before: list[Line] | None = None,
) -> Iterator[Paragraph]:
    """The paragraph of `lines`, or when they are a table's rows, its paragraphs
    (`pdftabletext.table_paragraphs`; `before`: the rows of a table just before them)."""
    if lines[0].row:
        yield from table_paragraphs(lines, section, captioned=captioned, before=before or [])
    else:
        yield _paragraph(lines, section, vocabulary)


def _columns(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """Each line's column as (left edge, right edge), from the lines of its page that start
    near where it starts: the left edge is where most of them start (indented first lines are
    the fewer), the right edge where the longest nine in ten end; on a page set in two columns,
    a left column's right edge is where its lines end, not where a block set across the page
    (a paper's abstract, starting where the column does) ends."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    columns: dict[int, tuple[float, float]] = {}
    for page_lines in by_page.values():
        halfway = _left_column_edge(page_lines)
        for line in page_lines:
            reach = 3 * line.size
            near = [o for o in page_lines if abs(o.x0 - line.x0) <= reach]
            if halfway is not None and line.x1 <= halfway:
                near = [o for o in near if o.x1 <= halfway] or near
            starts = Counter(round(o.x0) for o in near)
            left = min(starts, key=lambda x: (-starts[x], x))
            ends = sorted(o.x1 for o in near)
            columns[id(line)] = (float(left), ends[int(0.9 * (len(ends) - 1))])
    return columns


def _left_column_edge(lines: list[Line]) -> float | None:
    """How far right a left column's lines may reach on a page set in two columns (blocks of
    several lines each side of the middle, none in the middle but those set across the page);
    None on other pages."""
    blocks: dict[int, list[Line]] = {}
    for line in lines:
        blocks.setdefault(line.box, []).append(line)
    start, end = min(line.x0 for line in lines), max(line.x1 for line in lines)
    middle, slack = (start + end) / 2, _COLUMN_SLACK_EMS * body_font_size(lines)
    spans = [
        (min(line.x0 for line in block), max(line.x1 for line in block))
        for block in blocks.values()
        if len(block) > 2 and not block[0].row
    ]
    left = any(x1 <= middle + slack for _, x1 in spans)
    right = any(x0 >= middle - slack for x0, _ in spans)
    # A block over the middle narrower than half the page's text is a middle column.
    third = any(x0 < middle < x1 and x1 - x0 < (end - start) / 2 for x0, x1 in spans)
    return middle + slack if left and right and not third else None


def _opens_paragraph(
    current: list[Line],
    line: Line,
    columns: dict[int, tuple[float, float]],
    at_labels: bool,
    *,
    listed: bool = False,
    spaced: bool = False,
    past_box: bool = False,
    centred: bool = False,
) -> bool:
    """Whether `line` opens a paragraph after the `current` one's lines; `listed`: in a list of
    references, set with a hanging indent (`_hanging_entry`); `spaced`: in a text whose
    paragraphs are set apart by space (`_spaced`), where a short line ending a sentence with the
    next straight under it is no paragraph's last; `past_box`: a drawn box's lines stand
    between them (`Line.panel`), read as a column break; `centred`: in a box, where lines set
    centred one under the other are one paragraph but after a gap (`_CENTRED_EMS`)."""
    previous = current[-1]
    if line.bullet or line.row or previous.row:
        return True  # each item of a list is a paragraph, and each row of a table
    left, _ = columns[id(line)]
    _, previous_right = columns[id(previous)]
    size = line.size
    same_column = (
        not past_box
        and line.page == previous.page
        and line.x0 < previous.x1
        and previous.x0 < line.x1
    )
    if centred and same_column and _centred_under(previous, line):
        return previous.y0 - line.y1 > _GAP_EMS * size
    indent = _INDENT_EMS * size
    if same_column and _hangs(current, line, previous_right):
        return False
    if same_column and listed:
        entry = _hanging_entry(current, line)
        if entry is not None:
            return entry
    ends_sentence = previous.text.rstrip()[-1:] in _SENTENCE_ENDS
    last_line = ends_sentence and previous.x1 < previous_right - _SHORT_LINE_EMS * size
    # A numbered paragraph set with a hanging indent goes on while its lines are set under
    # its text (over a page break too, unless its last line was its last), and ends at the
    # next number, set out at the margin.
    hanging = _hanging_x(current)
    if (
        hanging is not None
        and len(current) > 1  # wrapped lines seen to be set at the hang, not flush
        and line.x0 < hanging - indent
        and (same_column or _NUMBER_OPENING.match(line.text))
    ):
        return True
    under = hanging is not None and abs(line.x0 - hanging) <= _ALIGNED_EMS * size
    if under and not same_column and not last_line:
        return False
    # An indented first line opens a paragraph; the lines of an indented block (a quotation)
    # go on with the same indent, and the text after it comes back out.
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
    if under:
        # Straight under the line before, no gap: the same paragraph, though a line of ragged
        # text ends short after a full stop ("... absorbed the charge." over "Professor ...").
        return False
    if ends_sentence and _NUMBER_OPENING.match(line.text) and line.x0 - previous.x0 < indent:
        return True  # the next numbered paragraph, its number set flush as its lines are
    if at_labels and ends_sentence and _LABELLED.match(line.text):
        return True  # a speaker's label after a finished sentence opens a turn
    return last_line and not (spaced and same_column)


def _centred_under(previous: Line, line: Line) -> bool:
    """Whether `line` is set centred under `previous` (their middles within `_CENTRED_EMS` of
    its size), starting elsewhere: the lines of a pull quote, where neither an indent nor a
    short line ends a paragraph."""
    middle = abs((line.x0 + line.x1) - (previous.x0 + previous.x1)) / 2
    return middle <= _CENTRED_EMS * line.size and abs(line.x0 - previous.x0) >= 1.0


def _spaced(lines: list[Line], columns: dict[int, tuple[float, float]]) -> bool:
    """Whether the text sets its paragraphs apart by space, as a press release set ragged right
    does: of its lines ending a sentence short of their column's edge with a line set at the
    same place under them, at least `_SPACED_ENDS` and `_SPACED_RATIO` times as many as the
    others have a gap under them. In such a text a ragged line that ends a sentence short
    ("... absorbed the charge." over "Professor ...") ends no paragraph."""
    gapped = close = 0
    for previous, line in pairwise(lines):
        size = line.size
        if (
            previous.row
            or line.row
            or line.bullet
            or line.page != previous.page
            or abs(line.x0 - previous.x0) >= _INDENT_EMS * size
            or not previous.y0 - _GAP_EMS * 3 * size < line.y1 <= previous.y0
            or previous.text.rstrip()[-1:] not in _SENTENCE_ENDS
            or previous.x1 >= columns[id(previous)][1] - _SHORT_LINE_EMS * size
        ):
            continue
        if previous.y0 - line.y1 > _GAP_EMS * size:
            gapped += 1
        else:
            close += 1
    return gapped >= _SPACED_ENDS and gapped >= _SPACED_RATIO * close


def _hangs(current: list[Line], line: Line, first_right: float) -> bool:
    """Whether `line` goes on a numbered paragraph set with a hanging indent, as judgments and
    government papers set them ("12." in the margin, the text and its wrapped lines indented):
    the paragraph's last line is its first (under nothing but bold lines: a heading not known
    as one), not bold, opening with its number or a bullet and running to the column's edge or
    with `line` set where its text starts (ragged right), and `line` is indented under it by no
    more than a hanging indent's reach."""
    first = current[-1]
    if line.bullet or line.row or not all(above.bold for above in current[:-1]):
        return False
    number = first.bullet or _NUMBERED.match(first.text) is not None
    hang = line.x0 - first.x0
    # A justified first line runs to the column's edge; a ragged one ends anywhere, and its
    # wrapped line is known by being set where the text after the number starts.
    full = first.x1 >= first_right - _SHORT_LINE_EMS * first.size
    aligned = first.text_x0 is not None and abs(line.x0 - first.text_x0) <= _ALIGNED_EMS * line.size
    return (
        number
        and not first.bold  # a heading numbered in its own line: "(h) Flight Manual Revisions"
        and _INDENT_EMS * line.size <= hang <= _HANG_EMS * line.size
        and (full or aligned)
    )


def _hanging_x(current: list[Line]) -> float | None:
    """Where the wrapped lines of the paragraph whose lines are `current` are set, when it is a
    numbered paragraph or a list's item set with a hanging indent: its first line (not bold)
    opens with its number or a bullet, and its other lines all start at one place, indented
    under it by a hanging indent's reach (with no other line yet, where the first line's text
    starts after its number: `Line.text_x0`). None otherwise."""
    first = current[0]
    if not (first.bullet or _NUMBERED.match(first.text)) or first.bold:
        return None
    size = first.size
    wrapped = current[1:]
    x = wrapped[0].x0 if wrapped else first.text_x0
    if x is None or not _INDENT_EMS * size <= x - first.x0 <= _HANG_EMS * size:
        return None
    if any(abs(other.x0 - x) > _ALIGNED_EMS * size for other in wrapped):
        return None
    return x


def _hanging_entry(current: list[Line], line: Line) -> bool | None:
    """In a list of references set with a hanging indent (each entry's first line at the
    column's edge, its wrapped lines indented under it): False when `line` goes on the entry
    (indented under its first line as its other lines are), True when it opens the next one
    (back at the first line's edge after indented lines); None when the entry is set otherwise."""
    first, previous = current[0], current[-1]
    size = line.size
    hang = line.x0 - first.x0
    wrapped = current[1:]
    under = 0 <= previous.y0 - line.y1 <= _GAP_EMS * size  # the next line down, no gap
    if (
        under
        and _INDENT_EMS * size <= hang <= _HANG_EMS * size
        and all(abs(other.x0 - line.x0) < _INDENT_EMS * size for other in wrapped)
    ):
        return False
    if (
        wrapped
        and abs(hang) < _INDENT_EMS * size
        and all(other.x0 - first.x0 >= _INDENT_EMS * size for other in wrapped)
    ):
        return True
    return None


def _wrapped_headings(lines: list[Line], body_size: float) -> list[Line]:
    """The lines, a heading set large and wrapped over the two lines of its box ("4.
    Application 23/01882/MIN - Extension of Harrow Edge Quarry," over "Fenwick Vale") as one
    line: its first line, ending with a comma or running on, is no paragraph of its own."""
    joined: list[Line] = []
    for line in lines:
        above = joined[-1] if joined else None
        if (
            above is not None
            and above.box_lines == 2
            and line.box_lines == 2
            and (above.page, above.box) == (line.page, line.box)
            and above.size >= _HEADING_SIZE * body_size
            and line.size == above.size
            and not above.row
            and not line.row
        ):
            joined[-1] = dataclasses.replace(
                above, text=f"{above.text} {line.text}", x1=max(above.x1, line.x1), y0=line.y0
            )
            continue
        joined.append(line)
    return joined


def _is_heading(line: Line, body_size: float) -> bool:
    text = line.text
    # A heading wrapped over its box's two lines is one line here (`_wrapped_headings`).
    longest = _MAX_HEADING_CHARS * max(1, line.box_lines)
    if line.row or len(text) > longest or line.box_lines > 2 or text[-1:] in ".,;:":
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    return line.size >= _HEADING_SIZE * body_size or (
        line.box_lines == 1 and (line.bold or (text.isupper() and len(text) > 3))
    )


def _paragraph(lines: list[Line], section: str | None, vocabulary: set[str]) -> Paragraph:
    """The lines as a paragraph's text, their footnote markers kept (`Line.noted`: written
    "[n]" or dropped once the notes are read, `pdfnotes.with_markers`)."""
    text = lines[0].noted or lines[0].text
    for line in lines[1:]:
        text = joined_lines(text, line.noted or line.text, vocabulary)
    return Paragraph(text=" ".join(text.split()), section=section, page=lines[0].page)
