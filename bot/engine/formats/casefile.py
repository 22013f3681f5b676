"""A debate club's case file written in Markdown -> a debate: its motion, each side's case, and
the evidence cards it quotes.

A case file prepared for a round sets out the motion ("## 1. The Motion" over a bold line
"**THW introduce a four-day school week.**"), the definitions, and each side's case under a
heading naming the side ("## 3. Proposition Case", "## Opposition Arguments", "## Case for the
Opposition", "## Opposition", "## Arguments against the motion"): every paragraph under such a
heading (down to the next heading of its level or higher) stands in that side's case
(`Paragraph.side`). A file is a case file only when headings name both sides' cases: a
newsletter's "Opposition grows" names no case, a politics page's "Government" no side, and one
side alone is no debate. Its evidence cards credit the words they quote to the card's author
("Evidence: Tamsin Oyelaran-Budd, 2023, *Why Teachers Quit*: "..."", or the citation on its own
line over the quotation): the quotation is the author's (`Paragraph.speaker`,
`Paragraph.quoted`), the citation, its year and source, stays in the passage as the file
writes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import DATE, MAX_HEAD_LINE_CHARS, byline_name, date_in
from bot.engine.models import Side

# A heading over one side's case: "3. Proposition Case", "Opposition arguments", "The
# Government's Case", "Case for the Opposition", "Affirmative constructive". The words are those
# of the British Parliamentary, World Schools and American formats (proposition/government,
# opposition, affirmative/negative).
_SIDE_WORDS = {
    "proposition": Side.PROPOSITION,
    "prop": Side.PROPOSITION,
    "government": Side.PROPOSITION,
    "affirmative": Side.PROPOSITION,
    "opposition": Side.OPPOSITION,
    "opp": Side.OPPOSITION,
    "negative": Side.OPPOSITION,
}
_SIDE = r"(?P<side>" + "|".join(_SIDE_WORDS) + r")"
_NUMBERING = r"(?:(?:part|section)\s+)?(?:\d+(?:\.\d+)*|[ivx]+|[a-z])[.):]?\s+"
_SIDE_HEADING = re.compile(
    rf"^(?:{_NUMBERING})?(?:(?:the\s+)?{_SIDE}(?:['’]s)?\s+"
    r"(?:case|arguments?|side|bench|points?|constructive|speeches?|contentions?)"
    # A side's name alone ("4. Opposition"); not "Government", a politics page's section.
    r"|(?P<bare>proposition|opposition)"
    rf"|(?:the\s+)?(?:case|arguments?)\s+(?:for|of)\s+the\s+{_SIDE.replace('side>', 'side2>')}"
    # "Arguments for the motion", "Against the motion".
    r"|(?:(?:the\s+)?(?:case|arguments?|points?)\s+)?(?P<stance>for|against)\s+the\s+motion)"
    r"\s*[:.]?$",
    re.IGNORECASE,
)
# The heading over the motion ("1. The Motion", "Motion", "The motion for the round").
_MOTION_HEADING = re.compile(rf"^(?:{_NUMBERING})?(?:the\s+)?motion\b", re.IGNORECASE)
# A motion as debaters write it: "THW ...", "THBT ...", "This House would ...", perhaps after a
# "Motion:" label; the label is no part of it.
_MOTION_LINE = re.compile(
    r"^(?:motion\s*[:–—-]\s*)?(?P<motion>(?:TH[WBRSP]\b|this\s+house\b)[^\n]{4,300})$",
    re.IGNORECASE,
)
_MOTION_LABEL = re.compile(r"^motion\s*[:–—-]\s*(?P<motion>\S[^\n]{4,300})$", re.IGNORECASE)

# An evidence card's citation: an optional label ("Evidence:", "Card 2 -"), the author (a
# person or a body: capitalised words, a few small ones between), then the year after a comma
# or in brackets: "Tamsin Oyelaran-Budd, 2023, *Why Teachers Quit*", "Office for Pupil
# Statistics (2024)". The quotation follows it in the same paragraph, or is the next paragraph.
_CARD_LABEL = r"(?:(?i:evidence|card|source|quote|citation)(?:\s*\d+)?\s*[:.)–—-]\s*)?"
_CARD_NAME = (
    r"(?P<name>[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:[A-ZÀ-Ý][\w'’.-]*|de|da|van|von|der|del|la|le|bin|al|"
    r"of|for|the|and|&)){0,6}?)"
)
_CARD = re.compile(
    rf"^\s*{_CARD_LABEL}{_CARD_NAME}(?:\s+et\s+al\.?)?\s*"
    # What the author is, before the year ("Tamsin Roe, head teacher, 2023").
    r"(?:,\s*[^,\"“”\d]{1,80}?){0,2}"
    r"(?:,\s*(?:19|20)\d\d[a-z]?\b|\(\s*(?:19|20)\d\d[a-z]?\s*\))"
)
_QUOTATION = re.compile(r"[\"“«][^\"“”«»]*?\w+\W+\w+\W+\w+[^\"“”«»]*[\"”»]")
_OPENS_QUOTATION = re.compile(r"^\s*[\"“«]")
_ACRONYM = re.compile(r"^[A-Z]{2,}$")
# A line saying when the text was last edited, and perhaps by whom: "Last edited 14 November
# 2025 by A. Roe.", "Revised: 3 March 2025", "Updated on 2025-03-03".
_EDITED = re.compile(
    r"^\s*(?:last\s+)?(?:edited|revised|updated|modified)(?:\s+on)?\s*:?\s*(?P<rest>.+?)"
    r"(?:\s+by\s+[^\n]{1,60}?)?\s*\.?\s*$",
    re.IGNORECASE,
)
# How many paragraphs above the first heading a case file's head may hold.
CASE_HEAD_PARAGRAPHS = 6


@dataclasses.dataclass(frozen=True, slots=True)
class CaseHead:
    """What a case file's head says: its compiler, the day it was last edited (None when it
    does not say), and the paragraphs less the lines that said only that."""

    compiler: str | None
    edited: dt.date | None
    paragraphs: list[Paragraph]


def case_head(paragraphs: Sequence[Paragraph]) -> CaseHead:
    """The compiler (a byline alone in its paragraph: "Compiled by: Jane Roe") and the day last
    edited (`_EDITED`) that the paragraphs above a case file's first heading state, among its
    first CASE_HEAD_PARAGRAPHS, whatever their order; those paragraphs are metadata, left out."""
    compiler: str | None = None
    edited: dt.date | None = None
    consumed: set[int] = set()
    for index, paragraph in enumerate(paragraphs[:CASE_HEAD_PARAGRAPHS]):
        text = " ".join(paragraph.text.split())
        if paragraph.section is not None:
            break
        if len(text) > MAX_HEAD_LINE_CHARS:
            continue
        name = byline_name(text)
        if compiler is None and name is not None and date_in(text) is None:
            compiler = name
            consumed.add(index)
            continue
        found = _EDITED.match(text)
        rest = found.group("rest").strip(" ,.;:") if found is not None else ""
        if edited is None and DATE.fullmatch(rest) is not None:
            edited = date_in(rest)
            consumed.add(index)
    kept = [p for i, p in enumerate(paragraphs) if i not in consumed]
    return CaseHead(compiler, edited, kept or list(paragraphs))


def heading_side(heading: str) -> Side | None:
    """The side whose case a heading opens ("3. Proposition Case": proposition; "Case for the
    Opposition": opposition); None for any other heading ("Opposition grows")."""
    found = _SIDE_HEADING.match(" ".join(heading.split()))
    if found is None:
        return None
    if found.group("stance"):
        return Side.PROPOSITION if found.group("stance").casefold() == "for" else Side.OPPOSITION
    named = found.group("side") or found.group("side2") or found.group("bare")
    return _SIDE_WORDS[named.casefold()]


def is_motion_line(text: str) -> bool:
    """Whether a line states a motion as debaters write one ("THW introduce a four-day school
    week.", "Motion: This House believes ...")."""
    return _MOTION_LINE.match(" ".join(text.split())) is not None


def with_sides(
    paragraphs: Sequence[Paragraph], levels: Sequence[tuple[int, str]]
) -> list[Paragraph]:
    """The paragraphs of a file whose headings (`levels`: each heading's level and text in the
    file's order, sub-heads included: (2, "3. Proposition Case")) name both sides' cases, each
    paragraph with the side of the case it stands in; the paragraphs as they are when the
    headings do not name both cases."""
    sides: list[Side | None] = []
    current: Side | None = None
    depth = 0
    for level, text in levels:
        named = heading_side(text)
        if named is not None:
            current, depth = named, level
        elif current is not None and level <= depth:
            current = None
        sides.append(current)
    if not {Side.PROPOSITION, Side.OPPOSITION} <= set(sides):
        return list(paragraphs)
    out: list[Paragraph] = []
    at = -1  # the heading the paragraph stands under
    for paragraph in paragraphs:
        if paragraph.section is not None and (at < 0 or levels[at][1] != paragraph.section):
            # The next heading of that text: headings with nothing under them are passed by.
            at = next(
                (i for i in range(at + 1, len(levels)) if levels[i][1] == paragraph.section), at
            )
        side = sides[at] if at >= 0 and paragraph.section is not None else None
        out.append(dataclasses.replace(paragraph, side=side))
    return out


def stated_motion(paragraphs: Sequence[Paragraph]) -> str | None:
    """The motion a case file states: the first paragraph under its motion heading, else its
    first line in a motion's form ("THBT ...", "Motion: ..."), without a "Motion:" label;
    None when it states none."""
    for paragraph in paragraphs:
        if paragraph.section and _MOTION_HEADING.match(paragraph.section):
            return _without_label(paragraph.text)
    for paragraph in paragraphs:
        text = " ".join(paragraph.text.split())
        if (found := _MOTION_LINE.match(text) or _MOTION_LABEL.match(text)) is not None:
            return found.group("motion").strip()
    return None


def _without_label(text: str) -> str:
    text = " ".join(text.split())
    found = _MOTION_LABEL.match(text)
    return found.group("motion").strip() if found is not None else text


def with_cards(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """The paragraphs with each evidence card's quotation its author's (`card_author`): a
    paragraph citing the author and holding the quotation, or a quotation alone right after a
    paragraph that is only the citation (that citation stays the file's)."""
    out: list[Paragraph] = []
    cited: str | None = None  # the author of a citation alone in the paragraph before
    for paragraph in paragraphs:
        author = card_author(paragraph.text)
        if author is not None and _QUOTATION.search(paragraph.text):
            out.append(dataclasses.replace(paragraph, speaker=author, quoted=True))
            cited = None
            continue
        if cited is not None and not paragraph.speaker and _OPENS_QUOTATION.match(paragraph.text):
            out.append(dataclasses.replace(paragraph, speaker=cited, quoted=True))
            cited = None
            continue
        cited = author
        out.append(paragraph)
    return out


def card_author(text: str) -> str | None:
    """Whom an evidence card's citation names ("Evidence: Tamsin Oyelaran-Budd, 2023, *Why
    Teachers Quit*": "Tamsin Oyelaran-Budd"), a name of two words or more or an acronym
    ("OECD, 2022"); None when `text` opens with no such citation."""
    found = _CARD.match(text)
    if found is None:
        return None
    name = found.group("name").strip()
    words = name.split()
    if len(words) < 2 and not _ACRONYM.match(name):
        return None
    return name
