"""A parliament's record saved as a web page (Hansard): each Member's contribution their turn.

A debate's page on a parliament's site sets each contribution under its speaker's name as an
element of its own, with a colon after it or none: a heading ("Jane Roe (Northfield) (Lab)",
"The Minister for Schools (Sam Doe)") or a name with the seat and party in the element after it,
then the speech's paragraphs. trafilatura reads the page as one article with the names as its
headings (and drops a name that is all link, as a minister's office often is). `page_record`
reads the page's tree before trafilatura: the blocks of the part of the page that holds the
speeches, each name element a label ("Jane Roe (Northfield) (Lab):") over its speech, so the
record is read as a typed transcript is (`transcript.speaker_turns`: the office's holder speaks,
"Ms Roe" is "Ms Jane Roe", the clerks' lines end a turn). Column numbers ("Column 412") and the
time alone ("9.34 am") are no one's words; a division's lists of names are one passage each
under their lobby's heading ("Ayes"). The debate's title is the page's `<h1>`; its day the first
date the page states above the speeches ("debated on Friday 13 March 2026").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import date_in
from bot.engine.formats.htmltext import element_text
from bot.engine.formats.transcript import (
    MIN_TRANSCRIPT_TURNS,
    NO_WORDS_SAID,
    line_label,
    speaker_name,
    speaker_turns,
)
from bot.engine.people import is_person_name

# Elements that hold a block of text; a block is one with none of them inside it.
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote table tbody thead tr td th section "
    "article header main".split()
)
# What holds no text of the page's: scripts, forms, the site's navigation and side boxes.
_SKIPPED = frozenset("script style noscript template nav footer aside form button select".split())
# A column number of the printed record ("Column 412", "Col. 88WH"): where it was on paper.
_COLUMN = re.compile(r"(?:Column|Col\.?)\s*\d+[A-Z]{0,2}", re.IGNORECASE)
# The seat and party in parentheses, in an element of their own after the name's.
_SEAT_AND_PARTY = re.compile(r"(?:\([^()\n]{1,60}\)\s*){1,3}:?")
# A Member's label with the seat and the party ("Jane Roe (Northfield) (Lab)"): "the Member
# for Northfield", as the House calls her.
_SEATED = re.compile(r"(?P<name>[^()]+?)\s*\((?P<seat>[^()]{2,60})\)\s*\((?P<party>[^()]{1,20})\)")
# The house a record's page is of, as its head, breadcrumbs or address name it.
_HOUSE = re.compile(
    r"\b(?P<house>House\s+of\s+(?:Commons|Lords|Representatives|Keys)|Westminster\s+Hall|"
    r"Commons|Lords|Senate|Dáil(?:\s+Éireann)?|Seanad(?:\s+Éireann)?|Senedd)\b",
    re.IGNORECASE,
)
# The short names of houses, as their pages write them ("Commons" of a breadcrumb).
_HOUSE_NAMES = {"commons": "House of Commons", "lords": "House of Lords"}
# What a parliament's site calls its record, beside the parliament's name in its site name
# ("Hansard - UK Parliament"): the record, not who publishes it.
_RECORD_NAME = re.compile(
    r"^(?:hansard|official\s+report|congressional\s+record|record\s+of\s+proceedings)$",
    re.IGNORECASE,
)
# What parts a site's name ("Hansard - UK Parliament", "Hansard | Senedd").
_SITE_PARTS = re.compile(r"\s+[-\u2013\u2014|:]\s+")
_HEADINGS = frozenset("h2 h3 h4 h5 h6".split())
# The longest item of a list of names (a division list's "Abbott, Ms Diane").
_LIST_ITEM_CHARS = 60
# The longest name element read as a speaker's label ("The Parliamentary Under-Secretary of
# State for ... (Ms Jane Roe)").
_LABEL_CHARS = 160


@dataclass(frozen=True, slots=True)
class Record:
    """A parliament's record read from its page: the speeches as turns (`Paragraph.speaker`,
    the office or seat as `speaker_role` where the label gives one), the debate's title (the
    page's `<h1>`, None without one) and the day it states above the speeches."""

    paragraphs: tuple[Paragraph, ...]
    title: str | None
    date: dt.date | None
    # The house whose debate it is ("House of Commons"), as the page's head, breadcrumbs or
    # address name it; None when they name none.
    house: str | None = None

    @property
    def occasion(self) -> str:
        """The record's own name for where its words were said, as a quote is credited to it:
        "House of Commons debate of 11 March 2026" ("debate" alone without a house or a day)."""
        day = f" of {self.date.day} {self.date:%B %Y}" if self.date is not None else ""
        return f"{self.house} debate{day}" if self.house else f"debate{day}"


def page_record(tree: Any) -> Record | None:
    """The record of a debate's page (see the module's docstring), or None when the page sets
    fewer than `transcript.MIN_TRANSCRIPT_TURNS` names as elements of their own over the
    speeches, or its blocks do not read as turns (`transcript.speaker_turns`)."""
    body = tree.find(".//body")
    blocks = list(_text_blocks(body if body is not None else tree))
    labels = _labels(blocks)
    people = [text for text in labels.values() if is_person_name(_label(text) or "")]
    # Names over speeches, and a record's mark on one of them at least (the seat and party,
    # an office): a page's headings in capitals ("Key Findings") are no speakers.
    if len(people) < MIN_TRANSCRIPT_TURNS or not any("(" in label for label in labels.values()):
        return None
    region = _common_ancestor([blocks[i][0] for i in labels])
    inside = [i for i, (element, _) in enumerate(blocks) if _within(element, region)]
    paragraphs: list[Paragraph] = []
    label: str | None = None  # a label read, over the words said after it
    section: str | None = None  # a heading among the speeches ("Clause 1", a division's "Ayes")
    for i in inside:
        element, text = blocks[i]
        if i in labels:
            label = labels[i]
        elif (i - 1 in labels and _SEAT_AND_PARTY.fullmatch(text)) or _COLUMN.fullmatch(text):
            continue  # the seat and party, read into the label; a column of the print
        elif element.tag in _HEADINGS:
            section = text
        elif label is not None and not NO_WORDS_SAID.fullmatch(text):
            paragraphs.append(Paragraph(text=f"{label}: {text}", section=section))
            label = None
        else:
            paragraphs.append(Paragraph(text=text, section=section))
    turns = speaker_turns(paragraphs, share=0.0)
    if turns is None:
        return None
    above = [text for i, (_, text) in enumerate(blocks) if inside and i < inside[0]]
    heading = next((text for element, text in blocks if element.tag == "h1"), None)
    date = next((day for text in above if (day := date_in(text)) is not None), None)
    seated = _with_seats(turns, labels.values())
    return Record(
        paragraphs=tuple(t for t in seated if t.text.strip()),
        title=heading,
        date=date,
        house=_house(tree, above),
    )


def _house(tree: Any, above: list[str]) -> str | None:
    """The house a record's page is of ("House of Commons"): the first one named in its
    `<title>`, its navigation and header (breadcrumbs: "Hansard > Commons"), its address
    (`og:url`, the canonical link) or the lines above the speeches; None when none is."""
    places = [
        *(element_text(e) for e in tree.iter("title", "nav", "header")),
        *(e.get("content", "") for e in tree.iter("meta") if e.get("property") == "og:url"),
        *(e.get("href", "") for e in tree.iter("link") if e.get("rel") == "canonical"),
        *above,
    ]
    for text in places:
        found = _HOUSE.search(text.replace("/", " "))
        if found is not None:
            house = " ".join(found.group("house").split())
            return _HOUSE_NAMES.get(house.casefold(), house)
    return None


def record_publisher(site: str | None) -> str | None:
    """Who publishes a parliament's record, from its site's name: the parliament, without the
    record's own name ("UK Parliament" of "Hansard - UK Parliament"); the name as given when it
    has no such part, None for None."""
    if site is None:
        return None
    parts = [part for part in _SITE_PARTS.split(site.strip()) if part]
    kept = [part for part in parts if not _RECORD_NAME.match(part)]
    return " - ".join(kept) if kept and len(kept) < len(parts) else site


def _with_seats(turns: list[Paragraph], labels: Iterable[str]) -> list[Paragraph]:
    """The turns, a Member whose label gives a seat and a party ("Jane Roe (Northfield)
    (Lab)") and no office in the role "member for Northfield" (as the House calls her), credited
    as "member for Northfield (Lab)" (`Paragraph.credit`)."""
    seats = {
        speaker_name(seated.group("name")): (seated.group("seat"), seated.group("party"))
        for label in labels
        if (seated := _SEATED.fullmatch(label)) is not None
    }
    return [
        dataclasses.replace(
            t,
            speaker_role=f"member for {seats[t.speaker][0]}",
            credit=f"member for {seats[t.speaker][0]} ({seats[t.speaker][1]})",
        )
        if t.speaker in seats and t.speaker_role is None
        else t
        for t in turns
    ]


def _text_blocks(element: Any) -> Iterator[tuple[Any, str]]:
    """Each block of text under `element` in document order, with its text on one line: a
    block element with none inside it, or a run of inline elements and loose text between
    block elements (a `<span>` of the page's date beside a `<div>` of links)."""
    run: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED:
            run.append(child.tail or "")
            continue
        # A link around a name's blocks (`<a><div>Jane Roe</div><div>(Northfield) (Lab)</div>
        # </a>`) holds blocks as a block element does.
        holds_blocks = bool(tag) and _holds_blocks(child)
        if not tag or (tag not in _BLOCKS and not holds_blocks):
            run.extend([element_text(child) if tag else "", child.tail or ""])
            continue
        if text := " ".join("".join(run).split()):
            yield element, text
        run = [child.tail or ""]
        if (names := _name_list(child)) is not None:
            yield child, names
        elif holds_blocks:
            yield from _text_blocks(child)
        elif text := " ".join(element_text(child).split()):
            yield child, text
    if text := " ".join("".join(run).split()):
        yield element, text


def _holds_blocks(element: Any) -> bool:
    """Whether a block element is under `element`."""
    return any(isinstance(e.tag, str) and e.tag in _BLOCKS for e in element.iterdescendants())


def _name_list(element: Any) -> str | None:
    """A list of short items (a division's list of Members, "Abbott, Ms Diane") as one block,
    its items parted by semicolons; None for another element."""
    if element.tag not in ("ul", "ol"):
        return None
    items = [" ".join(element_text(item).split()) for item in element.iterchildren("li")]
    if not items or any(len(item) > _LIST_ITEM_CHARS or "." in item for item in items):
        return None
    return "; ".join(item for item in items if item)


def _labels(blocks: list[tuple[Any, str]]) -> dict[int, str]:
    """The blocks that are a speaker's name set over a speech (index -> the label with the seat
    and party after it, where the next block gives them): a name, a colon after it or none,
    that a label reads ("Jane Roe (Northfield) (Lab)", "The Minister for X (Sam Doe):"), words
    said after it
    (a name over another name is a list of them, not a speech)."""
    found: dict[int, str] = {}
    for i, (_, text) in enumerate(blocks):
        text = text.removesuffix(":").rstrip()  # "<h2>Jane Roe (Northfield) (Lab):</h2>"
        if len(text) > _LABEL_CHARS or _no_words(text):
            continue  # "Column 416" reads as a name
        seat = blocks[i + 1][1] if i + 1 < len(blocks) else ""
        # The seat and party, or an office's holder ("The Minister for X" over "(Sam Doe)"),
        # in the element after the name's.
        joined = f"{text} {seat.removesuffix(':').rstrip()}"
        if _SEAT_AND_PARTY.fullmatch(seat) and (label := _label(joined)) is not None:
            text, after = joined, i + 2
        else:
            label, after = _label(text), i + 1
        while after < len(blocks) and _no_words(blocks[after][1]):
            after += 1  # a time stamp or a column number between the name and the speech
        if label is not None and after < len(blocks) and _is_speech(blocks[after][1]):
            found[i] = text
    return found


def _label(text: str) -> str | None:
    """The speaker a name element names when it is all a label, else None."""
    read = line_label(f"{text}:")
    return read[0] if read is not None and read[1] else None


def _is_speech(text: str) -> bool:
    """Whether a block is words said: a sentence ("Order. Order." too), no name alone (a list
    of names has no full stops), column number or time stamp."""
    return not _no_words(text) and re.search(r"[.!?\u2014]\W*$", text) is not None


def _no_words(text: str) -> bool:
    """Whether a block is a column number or a time stamp alone."""
    return _COLUMN.fullmatch(text) is not None or NO_WORDS_SAID.fullmatch(text) is not None


def _common_ancestor(elements: list[Any]) -> Any:
    """The innermost element holding all of `elements`."""
    chains = [list(reversed([e, *e.iterancestors()])) for e in elements]
    shared = chains[0][0]
    for depth in range(min(len(chain) for chain in chains)):
        if len({id(chain[depth]) for chain in chains}) != 1:
            break
        shared = chains[0][depth]
    return shared


def _within(element: Any, region: Any) -> bool:
    """Whether `element` is `region` or under it."""
    return element is region or any(a is region for a in element.iterancestors())
