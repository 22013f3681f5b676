"""A PDF's footnotes: each note a paragraph, a note citing a work an entry of its sources, and
the body's markers written "[n]" where a note of that number was read.

Word processors set a page's notes one under the other in small print, each opening with its
number ("1 Corvale Library Service, Annual Lending Return 2024, table 6." then "2 Counted as
branches staffed for fewer than 18 hours a week."), with no indent or space between them, so
the lines of small print assemble as one paragraph; it is cut again at each note's number, the
next in sequence after a sentence's end (a figure inside a note, "fewer than 18 hours", is no
number of a note). A note that cites a work (a body's report or return with its year, a URL,
"Ibid.", no sentence of its own) is an entry of the document's sources: its passage is under
`SOURCES` (a list of references' heading, `references.is_reference_list`: quoted only when a
question asks for sources) and it is a `Reference` shown under a quote whose marker cites it. A
note explaining something ("Counted as branches open fewer than 20 hours a week.") is a passage
of its own under "Notes". The markers the body's lines kept (`Line.noted`) are written "[n]"
(`quote.cited_notes` reads them) where a note numbered n was read, and dropped otherwise; in a
text citing its references list with bracketed numbers of its own ("[12]"), they are dropped, so
that no marker reads as a citation of that list.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.debate import parse_reference
from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.pdflines import NOTE_MARKS
from bot.engine.models import FOOTNOTE, Reference
from bot.engine.references import names_year

# The section of a PDF's small print, and of its notes that explain something.
NOTES = "Notes"
# A marker, and the space a layout may set before it ("reports ⁷ of"): "reports[7] of".
_SPACED_MARK = re.compile(rf"\s*{NOTE_MARKS.pattern}")
# The section of its notes that cite a work: a heading `references.is_reference_list` reads.
SOURCES = "Sources"
# A note's number opening it, at the start of the small print or after a sentence's end.
_NOTE_NUMBER = re.compile(r"(?:^|(?<=[.!?)\]\"”’]\s))(\d{1,3})\s+(?=\S)")
# A note citing a work: it names a year (as `references.names_year` reads one) or a URL, is set
# in fields (`_CITATION_COMMAS`), and holds no verb of a sentence explaining something; or it
# points back ("Ibid.", "Op. cit.").
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_POINTS_BACK = re.compile(r"^(?:ibid|op\.? cit|loc\.? cit)\b", re.IGNORECASE)
_EXPLAINS = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|means?|meant|counted|counts|"
    r"includes?|excludes?|excluded|included|refers?|defined|because|since|we|our|us|they|"
    r"should|would|could|will|can|may|not)\b"
)
# A note ending with one of these ends its sentence (not a bracket: the Federal Register's note
# 5 breaks across its columns after "‘‘IAS (indicated airspeed)").
_SENTENCE_ENDS = '.!?"”’'
# A citation is set in fields, its author's, its title's, its year's ("Corvale Library Service,
# Annual Lending Return 2024, table 6.", "Roe, J. (2019) Title. Journal."): this many commas at
# least, or a year in brackets; a note of sentences ("Figures for 2023. 12 branches sent no
# return.") has neither.
_CITATION_COMMAS = 2
_YEAR_IN_BRACKETS = re.compile(r"\((?:1[5-9]|20)\d\d[a-z]?\)")
# The longest note read as a citation: a reference is a line or two.
_CITATION_CHARS = 300


@dataclass(frozen=True, slots=True)
class Note:
    """One footnote: its number, its text without the number, and its page."""

    number: int
    text: str
    page: int | None

    @property
    def cites_work(self) -> bool:
        """Whether the note cites a work rather than explains something (`_EXPLAINS`)."""
        text = self.text
        if len(text) > _CITATION_CHARS:
            return False
        if _POINTS_BACK.match(text):
            return True
        fields = text.count(",") >= _CITATION_COMMAS or _YEAR_IN_BRACKETS.search(text)
        return (
            bool(names_year(text) or _URL.search(text))
            and bool(fields)
            and not _EXPLAINS.search(text)
        )


def split_notes(small_print: Sequence[Paragraph]) -> list[Note | Paragraph]:
    """The paragraphs of small print as notes, in order, each cut at the next number in
    sequence, a piece opening with no number joined to the note it goes on (`_goes_on`); small
    print that is no note (a credit) stays a paragraph, where it is."""
    read: list[Note | Paragraph] = []
    last: Note | None = None
    for paragraph in small_print:
        text = paragraph.text
        cuts = _note_starts(text, last.number if last is not None else 0)
        opening = text[: cuts[0][0]].strip() if cuts else text
        if opening and last is not None and _goes_on(last.text, opening):
            # The note before going on over a column or a page break.
            at = read.index(last)
            last = read[at] = dataclasses.replace(last, text=f"{last.text} {opening}")
        elif opening:
            read.append(dataclasses.replace(paragraph, text=opening))
        ends = [start for start, _, _ in cuts[1:]] + [len(text)] if cuts else []
        for (_, number, body), end in zip(cuts, ends, strict=True):
            last = Note(number, text[body:end].strip(), paragraph.page)
            read.append(last)
    return read


def _goes_on(note: str, text: str) -> bool:
    """Whether small print opening with `text` (no note's number) goes on the `note` before it:
    that note ends with no sentence's end, or `text` opens in the middle of one."""
    return note.rstrip()[-1:] not in _SENTENCE_ENDS or text[:1].islower()


def _note_starts(text: str, last: int) -> list[tuple[int, int, int]]:
    """Where notes open in `text` (where the number starts, the number, where its text starts):
    the first number in it at its opening, or the next after `last`; each other the next in
    sequence after a sentence's end."""
    starts: list[tuple[int, int, int]] = []
    for match in _NOTE_NUMBER.finditer(text):
        number = int(match.group(1))
        expected = starts[-1][1] + 1 if starts else None
        if expected is None and not (match.start() == 0 or number == last + 1):
            continue
        if expected is not None and number != expected:
            continue
        starts.append((match.start(), number, match.end()))
    return starts


def note_paragraphs(read: Sequence[Note | Paragraph]) -> list[Paragraph]:
    """The small print as passages, in order: each note its number and text, under `SOURCES`
    when it cites a work, else under `NOTES`; small print that is no note under `NOTES`."""
    return [
        Paragraph(
            text=f"{item.number} {item.text}",
            section=SOURCES if item.cites_work else NOTES,
            page=item.page,
        )
        if isinstance(item, Note)
        else dataclasses.replace(item, section=NOTES)
        for item in read
    ]


def with_markers(
    paragraphs: Sequence[Paragraph], read: Sequence[Note | Paragraph]
) -> tuple[list[Paragraph], tuple[Reference, ...]]:
    """The body's paragraphs with their markers written "[n]" where a note numbered n was read
    (dropped otherwise, and all of them in a text with bracketed citations of its own), and the
    notes citing a work as the references those marks point to (none when no mark is
    written)."""
    notes = [item for item in read if isinstance(item, Note)]
    numbers = {note.number for note in notes}
    own_brackets = any(FOOTNOTE.search(NOTE_MARKS.sub("", p.text)) for p in paragraphs)
    cited: set[int] = set()

    def written(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if own_brackets or number not in numbers:
            return ""
        cited.add(number)
        return f"[{number}]"

    marked = [
        dataclasses.replace(p, text=_SPACED_MARK.sub(written, p.text))
        if NOTE_MARKS.search(p.text)
        else p
        for p in paragraphs
    ]
    # A number a later page's notes use again (numbered a page at a time) keeps its first note.
    references = {
        note.number: parse_reference(note.number, note.text)
        for note in reversed(notes)
        if note.cites_work and note.number in cited
    }
    return marked, tuple(references[number] for number in sorted(references))
