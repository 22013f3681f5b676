"""The head and foot of a press briefing's transcript or a meeting's minutes, as a text file sets
them: an organisation's name and the record's own name in capitals, then labelled fields.

    HARBOUR FERRY AUTHORITY                  BRACKENFORD VALLEY SCHOOL DISTRICT
    PRESS BRIEFING - TRANSCRIPT              BOARD OF EDUCATION - REGULAR MEETING
    Subject: Eastern crossing closure        MINUTES
    Date: Wednesday, 16 April 2025           Date: Tuesday, February 11, 2025
    Location: KHFA Offices, Room 2           ...
                                             Minutes respectfully submitted by Jo Roe,
                                             Recording Secretary

`meeting_head` reads such a head (its capital lines naming a briefing, a press conference or
minutes): the title, the organisation (the publisher), the date, where it was held (`Location:`,
`Venue:`, `Place:`) and who prepared it (`Prepared by:`, `Compiled by:`, `Submitted by:`,
`Authors:`). The title rule: with a `Subject:` (or `Topic:`) field, the record's name in sentence
case, a colon and the subject ("Press briefing: Eastern crossing closure"); without one, the
record's name lines in title case, then the organisation ("Board of Education - Regular Meeting
Minutes, Brackenford Valley School District"). `submitted_by` reads the line closing minutes that
names who took them ("Minutes respectfully submitted by Jo Roe, Recording Secretary").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.casing import title_case
from bot.engine.formats.extracted import clean_field
from bot.engine.formats.head import date_in
from bot.engine.models import Form

# The capital line naming the record: a briefing's transcript or a meeting's minutes.
_BRIEFING = re.compile(r"\b(?:PRESS|NEWS|MEDIA)\s+(?:BRIEFING|CONFERENCE)\b|\bBRIEFING\b")
_MINUTES = re.compile(r"\bMINUTES\b")
# What a transcript's name adds to the record's ("PRESS BRIEFING - TRANSCRIPT"): not its name.
_TRANSCRIPT_WORD = re.compile(r"\s*(?:[-–—:|]\s*)?\b(?:TRANSCRIPT|FULL TRANSCRIPT)\s*$")
# A labelled field of the head: its label (one to three words) and its value.
_FIELD = re.compile(
    r"^\s*(?P<label>[A-Z][A-Za-z]*(?:[ \t]+[A-Za-z]+){0,2})[ \t]*:[ \t]*(?P<value>\S.*?)\s*$"
)
_SUBJECT_LABELS = frozenset({"subject", "topic", "re"})
_DATE_LABELS = frozenset({"date", "meeting date", "date of meeting", "held on", "date and time"})
_PLACE_LABELS = frozenset({"location", "venue", "place", "held at"})
_BY_LABELS = frozenset(
    {"prepared by", "compiled by", "submitted by", "recorded by", "minutes by", "author", "authors"}
)
# The line closing minutes that names who took them: "Minutes respectfully submitted by Petra
# Roe, Recording Secretary", "Compiled by Jo Roe (Clerk)", "Prepared by: Jo Roe".
_SUBMITTED = re.compile(
    r"^\s*(?:(?:the\s+)?minutes\s+)?(?:(?:respectfully|duly)\s+)?"
    r"(?:submitted|compiled|prepared|recorded|taken)\s+by:?\s+"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})"
    r"(?:\s*[,(]\s*(?P<role>[A-Za-z][A-Za-z ]{1,50}?)\)?)?\s*\.?\s*$",
    re.IGNORECASE,
)
# An agenda's heading in minutes: a numbered item's name ("5. STUDENT REPRESENTATIVE REPORT",
# "6.1 Late bus route reduction": in capitals, or a few words ending no sentence), or the line
# over the public's comments on an item ("Public comment on item 7.1:").
_NUMBERED_ITEM = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+(?P<name>\S.*?)\s*$")
_ITEM_LINE = re.compile(
    r"^\s*(?:public\s+(?:comments?|input|participation)|(?:agenda\s+)?item\s+\d[\d.]*)\b"
    r"[^:\n]{0,60}:\s*$",
    re.IGNORECASE,
)
# The most words of an agenda item's name not in capitals ("Late bus route reduction": 4).
_ITEM_WORDS = 8
# The longest capital line a head's name or organisation may be.
_MAX_CAPITAL_CHARS = 120
# The most lines a head may have: the organisation, the record's name, a few fields.
_MAX_HEAD_LINES = 10


@dataclass(frozen=True, slots=True)
class MeetingHead:
    """What a briefing's or minutes' head says; `fields` the head's blocks without their capital
    lines, left as paragraphs (they state the date and place, so a question about them quotes
    one), `blocks` how many of the file's opening blocks the head took."""

    title: str
    publisher: str | None
    date: dt.date | None
    place: str | None
    author: str | None
    form: Form | None
    fields: tuple[str, ...]
    blocks: int


def meeting_head(blocks: Sequence[str]) -> MeetingHead | None:
    """The head opening a briefing's transcript or a meeting's minutes (see the module), read
    from the file's opening blocks (each a paragraph's text, lines joined by '\\n'); None when
    the file opens otherwise."""
    capitals: list[str] = []
    fields: list[str] = []
    kept: list[str] = []
    taken = 0
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines or not all(_capital_line(line) or _FIELD.match(line) for line in lines):
            break
        if fields and any(_capital_line(line) for line in lines):
            break  # a capital line after the fields: an agenda's heading, the body's
        capitals += [line for line in lines if _capital_line(line)]
        fields += [line for line in lines if not _capital_line(line)]
        if not all(map(_capital_line, lines)):
            kept.append("\n".join(line for line in lines if not _capital_line(line)))
        taken += 1
        if len(capitals) + len(fields) > _MAX_HEAD_LINES:
            return None
    named = [line for line in capitals if _BRIEFING.search(line) or _MINUTES.search(line)]
    if not named or not fields:
        return None
    first = capitals.index(named[0])
    organisation = capitals[0] if first > 0 else None
    record = [_TRANSCRIPT_WORD.sub("", line) for line in capitals[1 if organisation else 0 :]]
    values = {m["label"].casefold(): m["value"] for line in fields if (m := _FIELD.match(line))}
    subject = next((values[label] for label in _SUBJECT_LABELS if label in values), None)
    if subject is not None:
        title = f"{_sentence_case(' '.join(record))}: {clean_field(subject) or subject}"
    else:
        title = " ".join(title_case(line) for line in record)
        if organisation is not None:
            title = f"{title}, {title_case(organisation)}"
    date = next((date_in(values[label]) for label in _DATE_LABELS if label in values), None)
    place = next((values[label] for label in _PLACE_LABELS if label in values), None)
    author = next((values[label] for label in _BY_LABELS if label in values), None)
    return MeetingHead(
        title=title,
        publisher=title_case(organisation) if organisation is not None else None,
        date=date,
        place=place,
        author=author,
        form=Form.MINUTES if any(_MINUTES.search(line) for line in named) else Form.BRIEFING,
        fields=tuple(kept),
        blocks=taken,
    )


def agenda_heading(line: str) -> bool:
    """Whether a line of minutes is an agenda's heading (see `_NUMBERED_ITEM`, `_ITEM_LINE`): the
    section of what follows it, no words of the minutes' to quote."""
    if _ITEM_LINE.match(line):
        return True
    item = _NUMBERED_ITEM.match(line)
    if item is None:
        return False
    name = item.group("name")
    return any(c.isalpha() for c in name) and (
        name.isupper()
        or (
            name[:1].isupper()
            and len(name.split()) <= _ITEM_WORDS
            and not re.search(r"[.!?:;,]$|:", name)
        )
    )


def prepared_by(head: MeetingHead, closing: Sequence[str]) -> tuple[str | None, str | None]:
    """Who prepared the record and their role: the head's field ("Prepared by: Jo Roe"), else
    the closing paragraphs' line saying who took the minutes (`submitted_by`, the last first);
    (None, None) when neither says."""
    if head.author is not None:
        return head.author, None
    for text in reversed(closing):
        found = submitted_by(text)
        if found is not None:
            return found
    return None, None


def submitted_by(text: str) -> tuple[str, str | None] | None:
    """Who took the minutes, as their closing line says ("Minutes respectfully submitted by
    Petra Roe, Recording Secretary" -> ("Petra Roe", "recording secretary")); None for any
    other paragraph."""
    match = _SUBMITTED.match(" ".join(text.split()))
    if match is None:
        return None
    role = match.group("role")
    return match.group("name"), role.strip().lower() if role else None


def _capital_line(line: str) -> bool:
    """A line in capitals, no field ("HARBOUR SCHOOL DISTRICT", "PRESS BRIEFING - TRANSCRIPT")."""
    return line.isupper() and not _FIELD.match(line) and len(line) <= _MAX_CAPITAL_CHARS


def _sentence_case(line: str) -> str:
    """A capital line as a name in a sentence: "PRESS BRIEFING" -> "Press briefing"; words
    `title_case` keeps in capitals (initials: "VRTA") stay so."""
    words = title_case(line).split()
    return " ".join(
        word if index == 0 or word.isupper() else word.lower() for index, word in enumerate(words)
    )
