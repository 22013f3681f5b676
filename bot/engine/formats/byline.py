"""Bylines a head sets apart from its first line: a credit line and a byline under the lede.

A newsletter or a blog export credits its writer in a line of a name and a date between dots or
bars ("Rowan Ellery · 3 April 2025", "By Rowan Ellery | Apr 3, 2025 | 5 min read"), under its
title and subtitle (`credit_line`, read by `head.read_head` as a byline). A news story pasted
from its page sets its byline under the opening paragraph, not over it ("Plans for a wind
turbine have been approved ..." / "By Jo Kim, Local Democracy Reporter" / "12 May 2025"):
`late_byline` finds such a paragraph among the first few, when the head itself names no author.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.extracted import Paragraph

# How many paragraphs from the top a byline under the opening paragraph may stand in (page
# furniture such as "Share this article" not counted): a lede, a standfirst, a kicker above it.
LATE_BYLINE_PARAGRAPHS = 4
# The parts of a credit line, between a middle dot, a bullet or a bar.
_CREDIT_PARTS = re.compile(r"\s+[·•|]\s+|\s*[·•]\s*")
# What a credit line may hold besides the name and the date: a reading time, a paid post's mark.
_CREDIT_EXTRA = re.compile(r"(?i:\d{1,3}\s*min(?:ute)?s?(?:\s+read)?|paid|free|updated)")
# What may follow a byline's name on its line under the lede: a role, a desk or a paper,
# capitalised words ("Local Democracy Reporter", "Political Editor, The Courier", "in London").
_ROLE = re.compile(
    r"(?:(?:in|for|at)\s+)?[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|of|the|and|for|on|in|&))*"
)


@dataclass(frozen=True, slots=True)
class Byline:
    """The author and date a byline paragraph states (the date None when it states none), and
    the paragraphs (indices) that held only them."""

    author: str
    date: dt.date | None
    consumed: frozenset[int]


def credit_line(line: str) -> tuple[str, dt.date] | None:
    """The writer and the date of a credit line ("Rowan Ellery · 3 April 2025", "By Rowan Ellery
    | Apr 3, 2025 | 5 min read"): a person's name (or a byline), a date, and perhaps a reading
    time or a publication's name, between dots or bars, or the name and the date alone ("Rowan
    Ellery Apr 03, 2025"); None for any other line."""
    from bot.engine.formats.head import (
        DATE,
        MAX_HEAD_LINE_CHARS,
        byline_name,
        date_in,
        only_a_date,
    )

    line = line.strip(" *_")
    parts = [part.strip(" *_") for part in _CREDIT_PARTS.split(line)]
    if len(line) > MAX_HEAD_LINE_CHARS:
        return None
    if len(parts) < 2:
        # The name and the date with nothing between ("Rowan Ellery Apr 03, 2025": two lines of
        # a Markdown paragraph, run together).
        dated = DATE.search(line)
        if dated is None or dated.end() != len(line.rstrip(" .")):
            return None
        parts = [line[: dated.start()], dated.group()]
    author: str | None = None
    date: dt.date | None = None
    for part in parts:
        if only_a_date(part) and date is None:
            date = date_in(part)
        elif author is None and (name := byline_name(part) or _person(part)) is not None:
            author = name
        elif not (_CREDIT_EXTRA.fullmatch(part) or _ROLE.fullmatch(part)):
            return None
    return (author, date) if author is not None and date is not None else None


def _person(part: str) -> str | None:
    """The part as one person's name ("Rowan Ellery"), not a publication's ("The Courier")."""
    from bot.engine.formats.titlepage import names_line

    names = names_line(part)
    if names is None or len(names) != 1 or part.split()[0].casefold() == "the":
        return None
    return names[0]


def late_byline(paragraphs: Sequence[Paragraph], skipped: Sequence[bool]) -> Byline | None:
    """A byline paragraph under the article's opening paragraph, among the first
    LATE_BYLINE_PARAGRAPHS (those `skipped`, the page's furniture, not counted): each of its
    lines a byline whose name reads as a person's and whose rest is a role or a date ("By Jo
    Kim, Local Democracy Reporter"), a credit line (`credit_line`), a date, or a desk's or
    paper's name; with a date-only paragraph right under it. None when there is none (a line
    opening "By Tuesday, the council ..." is no byline)."""
    from bot.engine.formats.head import date_in, only_a_date

    counted = 0
    for index, paragraph in enumerate(paragraphs):
        if skipped[index]:
            continue
        counted += 1
        if counted > LATE_BYLINE_PARAGRAPHS:
            return None
        if index == 0:
            continue
        found = _byline_paragraph(paragraph.text)
        if found is None:
            continue
        author, date = found
        consumed = {index}
        below = index + 1
        if below < len(paragraphs) and only_a_date(paragraphs[below].text.strip()):
            date = date or date_in(paragraphs[below].text)
            consumed.add(below)
        return Byline(author, date, frozenset(consumed))
    return None


def _byline_paragraph(text: str) -> tuple[str, dt.date | None] | None:
    """The author and date of a paragraph holding only a byline (see `late_byline`)."""
    from bot.engine.formats.head import (
        DATE,
        MAX_HEAD_LINE_CHARS,
        byline_name,
        byline_rest,
        date_in,
        only_a_date,
    )
    from bot.engine.people import is_person_name

    author: str | None = None
    date: dt.date | None = None
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines:
        if len(line) > MAX_HEAD_LINE_CHARS:
            return None
        if (credit := credit_line(line)) is not None:
            author, date = author or credit[0], date or credit[1]
        elif (name := byline_name(line)) is not None and is_person_name(name):
            rest = DATE.sub("", byline_rest(line)).strip(" ,;:|—–-")
            if any(not _ROLE.fullmatch(part.strip()) for part in rest.split(",") if part.strip()):
                return None
            author, date = author or name, date or date_in(line)
        elif only_a_date(line):
            date = date or date_in(line)
        elif author is None or not _ROLE.fullmatch(line):
            return None
    return (author, date) if author is not None else None
