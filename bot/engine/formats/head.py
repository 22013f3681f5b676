"""The byline and date an upload states in its first lines, when its format's metadata has none.

A saved text file, a pasted article or a page whose byline is a plain paragraph says who wrote
it and when in its head: "By Helena Marsh", "Interviewed by Ruth Abernathy, 4 April 2024",
"Delivered by Dr. Anita Kowalski, President", "Date: 17 January 2024", "June 10, 2022", a
speech's heading ("Remarks by Dr Jane Roe, President, at ...": `speech.speech_by`, its speaker
the author and the upload a speech), a line of such sentences ("The Courier, Saturday 27 April
2024. Interview by Jane Roe."), or a dateline opening the first paragraph ("AUSTIN, Texas, May
8, 2023 -- ..."), or a newsletter's credit line ("Rowan Ellery · 3 April 2025":
`byline.credit_line`). `read_head` reads
them from the first HEAD_PARAGRAPHS paragraphs, past an editor's note set above the byline (an
op-ed's disclosure: the publisher's words, kept); a paragraph that is only a byline or a date is
metadata, not the article's words, and is left out of the passages. A colophon ("Published in
The Courier, March 21, 2024", at the top or the foot, or in the author's bio) gives the date
when the head does not (`read_colophon`), and the publication it names; a paragraph that is
only that is left out too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.byline import credit_line
from bot.engine.formats.extracted import Paragraph, calendar_date
from bot.engine.formats.speech import SpeechBy, speech_by
from bot.engine.voices import PUBLISHERS_NOTE

# How many paragraphs from the top may hold the byline and the date, and how long such a line
# may be (a paragraph of the article is longer).
HEAD_PARAGRAPHS = 3
MAX_HEAD_LINE_CHARS = 160
# Where a dateline's date may be read in the first paragraph of the article: its opening.
DATELINE_CHARS = 60

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# "May 8, 2023", "8 May 2023", "2023-05-08".
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('month', 'month2')}\s+"
    r"(?P<year2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\b",
    re.IGNORECASE,
)
# Any date, as `date_in` reads one.
DATE = _DATE
# A byline: "By Name", "Written by", "Prepared (for the Board) by", "Interview(ed) by",
# "Delivered by", "Words:"; the name is one to four capitalised words (initials and particles
# such as "de" allowed), up to a comma, a dash, a pipe or "and"/"&" another name.
_NAME = r"[A-ZÀ-Ý][\w.'’-]*(?:\s+(?:[A-ZÀ-Ý][\w.'’-]*|de|da|van|von|der|del|la|le|bin|al))"
_BYLINE = re.compile(
    r"^\s*(?:(?:written|interview(?:ed)?|reported|delivered|posted|edited|prepared|compiled)"
    r"(?:\s+for\s+[^\n]{1,80}?)?\s+)?by:?\s+"
    rf"(?P<name>{_NAME}{{0,4}}(?:\s+(?:and|&)\s+{_NAME}{{0,4}})?)"
    r"\s*(?:$|[,|—–·•-]|\s+(?:on|for|in)\b)",
    re.IGNORECASE,
)
BYLINE = _BYLINE
# A line that only says when: "Date: 17 January 2024", "Published 2 June 2023", "Recorded on
# 22 February 2024", "Updated 14:32, 9 August 2023", or the date alone.
_DATE_LINE = re.compile(
    r"^\s*(?:(?:date|dated|published|posted|recorded|delivered|updated|last updated|issued)"
    r"(?:\s+on)?\s*:?\s*)?(?:\d{1,2}:\d{2}\s*,?\s*)?(?:[A-Z][a-z]+day,?\s+)?(?P<rest>.+?)\s*$",
    re.IGNORECASE,
)


# A field of a transcript's head that says where or by whom it was recorded ("Location: Stanley
# Road", "Transcribed by her granddaughter"): no byline nor date, but no turn nor the text's
# first words either; the head goes on past it (it stays a paragraph).
_FIELD_LINE = re.compile(
    r"^\s*(?:(?:location|venue|place|recorded at|duration)\s*:|transcribed\s+(?:by|from)\b)",
    re.IGNORECASE,
)


# A line of a name alone, as a head sets a publication or a desk under a byline ("The Millbrook
# Courier", "Staff Reporter"): a few capitalised words, no sentence.
_NAME_WORD = r"(?:[A-Z][\w'’&.-]*|of|the|and|for|de|la|&)"
_NAME_LINE = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,6}}")


# A masthead: an organisation's name in capitals over a report's title, its words letters (and
# "&", "-", "'"); at most this many of them.
_MASTHEAD_WORDS = 8
_MASTHEAD_WORD = re.compile(r"[^\W\d_][\w&'’-]*|&")
_SMALL_NAME_WORDS = frozenset("of for and the in on at to a an de la".split())
# Words of three letters in organisations' names that are no initials ("NEW YORK").
_SHORT_NAME_WORDS = frozenset("new old sea bay art war air oil gas law bus red age aid".split())

# A one-word label over an article that says what it is ("OPINION"); "opinion" when it says
# the article is an op-ed.
KICKER = re.compile(
    r"(?P<opinion>opinion|op-ed|comment|editorial|column)|analysis|explainer|news|feature",
    re.IGNORECASE,
)
# A series' label over an interview ("THE HARBOURLINE INTERVIEW", "The Big Interview", "IN
# CONVERSATION"): a few words ending in a word for an interview, set in capitals or opening
# "The" (a title line would name the person: "Interview with Jane Roe").
_SERIES_KICKER = re.compile(
    r"(?:(?:The|THE)\s+)?(?:[\w'’&.-]+\s+){0,3}"
    r"(?i:interview|q\s*&\s*a|conversation|questions)"
)


def is_series_kicker(line: str) -> bool:
    """Whether a line is an interview series' label over the article (`_SERIES_KICKER`): in
    capitals, or opening "The"."""
    line = line.strip()
    return _SERIES_KICKER.fullmatch(line) is not None and (
        line.isupper() or line.split()[0] in ("The", "THE")
    )


# A line that says only the year the text was published, its day unstated: "First published
# 1998", "Published in The Harbour Review (2008)", "Originally published in 2008 by Harbour
# Press", "This essay first appeared in The Quarterly, 2011" (not "this book", which a review
# says of the book it reviews); or a copyright line, "© 2011 The Portlow Society", "Copyright
# (c) 2011 Jane Roe. All rights reserved." (one year: a range, "2009-2024", says no one year).
# Names are capitalised words, so "Published in 1848, the treaty ..." or "published in 1848 by
# order of the king" are a text's sentences, not the line.
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
_WORK_NAME = r"(?:[Tt]he\s+)?[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|of|the|and|for|on|in|&)){0,8}"
_PUBLISHED_YEAR = re.compile(
    r"(?i:(?:this\s+(?:article|column|letter|piece|op-ed|essay)"
    r"\s+)?(?:was\s+)?(?:first\s+|originally\s+)?(?:published|appeared))"
    rf"(?:\s+in\s+{_WORK_NAME})?(?:\s+by\s+{_WORK_NAME})?,?\s+(?:in\s+)?"
    rf"(?:{_YEAR}|\({_YEAR.replace('year', 'year2')}\))"
    rf"(?:,?\s+(?:by|in)\s+{_WORK_NAME})?[ \t]*\.?[ \t]*$"
)
_COPYRIGHT_YEAR = re.compile(
    rf"^(?:(?i:copyright)(?:\s*(?:©|\((?i:c)\)))?|©|\((?i:c)\))\s*{_YEAR}\b"
    r"(?![-–—/]\s*\d)(?P<rest>[^\n]*)$"
)
# Where in a line such a statement may open: its start, or after a sentence (a bio's "Marta
# Quill is a surveyor. Published in The Harbour Review (2008).").
_STATEMENT_OPENING = re.compile(r"(?:^|(?<=[.!?])\s+)(?=\S)")


def publication_year(line: str) -> int | None:
    """The year a line states the text was published, when that is all it says of when
    (`_PUBLISHED_YEAR`, `_COPYRIGHT_YEAR`): the whole line, or its last sentence for a
    "published"/"appeared" statement; None for any other line, a full date ("Published 2 June
    2023", read as a date), a line over MAX_HEAD_LINE_CHARS or a year in a text's sentence."""
    line = line.strip()
    if not line or len(line) > MAX_HEAD_LINE_CHARS or _DATE.search(line):
        return None
    copyright_line = _COPYRIGHT_YEAR.match(line)
    if copyright_line is not None:
        if re.search(r"\b(?:1[5-9]|20)\d\d\b", copyright_line.group("rest")):
            return None  # "© 2011, 2014": which year is the text's?
        return int(copyright_line.group("year"))
    for opening in _STATEMENT_OPENING.finditer(line):
        found = _PUBLISHED_YEAR.match(line, opening.end())
        if found is not None:
            return int(found.group("year") or found.group("year2"))
    return None


def _year_line(line: str) -> int | None:
    """`publication_year` of a line that is the statement and nothing else (not a bio's
    sentences before it)."""
    year = publication_year(line)
    if year is None:
        return None
    line = line.strip()
    return year if _COPYRIGHT_YEAR.match(line) or _PUBLISHED_YEAR.match(line) else None


@dataclass(frozen=True, slots=True)
class Head:
    """What the head of an upload states: its author and date (None when it does not), the year
    a publication line states when it gives no day (`publication_year`: "First published
    1998"), the publication a colophon line in it names ("Published in the Westmoor Courier, 18
    February 2025": "Westmoor Courier"), and the paragraphs (indices) that only stated them."""

    author: str | None
    date: dt.date | None
    consumed: frozenset[int]
    year: int | None = None
    publisher: str | None = None
    # What a speech's heading line says ("Speech by ..."): "speech", and the role it gives its
    # speaker ("Mayor of Aldermoor").
    kind: str | None = None
    role: str | None = None


def is_field_line(line: str) -> bool:
    """Whether a line is a field of a head saying where or by whom the text was recorded
    ("Location: Stanley Road", "Venue: The Assembly Rooms"): no byline nor date, nor text."""
    return _FIELD_LINE.match(line) is not None


def read_head(paragraphs: Sequence[Paragraph]) -> Head:
    """The byline and the date of the head: the paragraphs before the article's first (of the
    first HEAD_PARAGRAPHS) that hold only a byline, a date or a colophon ("Published in the
    Westmoor Courier, 18 February 2025"), line by line, and a dateline opening the first
    paragraph of the article; with which paragraphs held nothing else. A publisher's note
    ("Editor's note: ...", `voices.PUBLISHERS_NOTE`) among them neither ends the head nor
    counts as one of its paragraphs, and is kept."""
    author: str | None = None
    date: dt.date | None = None
    year: int | None = None
    publisher: str | None = None
    speech: SpeechBy | None = None
    consumed: set[int] = set()
    looked = 0
    for index, paragraph in enumerate(paragraphs):
        lines = [line.strip() for line in paragraph.text.split("\n") if line.strip()]
        if lines and all(_FIELD_LINE.match(line) for line in lines):
            continue  # "Location: ...": the head goes on
        if not author and PUBLISHERS_NOTE.match(paragraph.text.strip()):
            continue  # an editor's note over the byline: the head goes on
        looked += 1
        if looked > HEAD_PARAGRAPHS:
            break
        only_head = True
        stated = any(is_head_line(line) for line in lines)
        for line in lines:
            byline = _BYLINE.match(line) if len(line) <= MAX_HEAD_LINE_CHARS else None
            if byline is not None:
                author = author or " ".join(byline.group("name").split())
                date = date or date_in(line)
                continue
            if len(line) <= MAX_HEAD_LINE_CHARS and (given := speech_by(line)) is not None:
                speech = speech or given
                author = author or given.name
                continue
            if len(line) <= MAX_HEAD_LINE_CHARS and only_a_date(line):
                date = date or date_in(line)
                continue
            if (credit := credit_line(line)) is not None:
                author, date = author or credit[0], date or credit[1]
                continue
            if (said := _head_sentences(line)) is not None:
                author = author or said.author
                date = date or said.date
                publisher = publisher or said.publisher
                continue
            if (stated_year := _year_line(line)) is not None:
                year = year or stated_year
                continue
            if (colophon := _colophon_line(line)) is not None:
                date = date or colophon[0]
                publisher = publisher or colophon[1]
                continue
            if stated and len(lines) > 1 and _NAME_LINE.fullmatch(line):
                continue  # the publication or the desk between a byline and a date
            if only_head and date is None:
                # A dateline opening the article's first paragraph ("AUSTIN, Texas, May 8,
                # 2023 -- ..."), not a date its text goes on to mention.
                date = date_in(line[:DATELINE_CHARS])
            only_head = False
            break
        if only_head and lines:
            consumed.add(index)
        else:
            break  # the article has begun
    return Head(
        author,
        date,
        frozenset(consumed),
        year,
        publisher,
        "speech" if speech is not None and speech.name == author else None,
        speech.role if speech is not None and speech.name == author else None,
    )


# Sentences of a head line, each ending with its full stop ("The Courier, Saturday 27 April
# 2024. Interview by Jane Roe.").
_HEAD_SENTENCE = re.compile(r"(?<=\.)\s+(?=[A-Z])")


def _head_sentences(line: str) -> Head | None:
    """The byline, date and publication of a head line made of two or more short sentences that
    each only state one of them ("The Courier, Saturday 27 April 2024. Interview by Jane Roe.":
    a publication's name and a date, a byline, a date); None for any other line."""
    line = line.strip(" *_")
    sentences = _HEAD_SENTENCE.split(line)
    if len(line) > MAX_HEAD_LINE_CHARS or len(sentences) < 2:
        return None
    author: str | None = None
    date: dt.date | None = None
    publisher: str | None = None
    for sentence in (s.rstrip(". ") for s in sentences):
        name, comma, when = sentence.partition(",")
        if (byline := _BYLINE.match(sentence)) is not None:
            author = author or " ".join(byline.group("name").split())
            date = date or date_in(sentence)
        elif only_a_date(sentence):
            date = date or date_in(sentence)
        elif comma and _NAME_LINE.fullmatch(name.strip()) and only_a_date(when):
            publisher = publisher or name.strip()
            date = date or date_in(when)
        else:
            return None
    return Head(author, date, frozenset(), publisher=publisher)


def preamble_date(paragraphs: Sequence[Paragraph]) -> dt.date | None:
    """The date a transcript's introduction states ("Transcript of a public meeting held on the
    evening of Thursday 14 October 1954"): the first date in the paragraphs before its first
    turn (`Paragraph.speaker`), of the first HEAD_PARAGRAPHS; None for a text of no turns, or
    one setting a letter among its words (its introduction tells of the letter's days)."""
    first = next((i for i, p in enumerate(paragraphs) if p.speaker), None)
    if first is None or any(p.letter for p in paragraphs):
        return None
    for paragraph in paragraphs[: min(first, HEAD_PARAGRAPHS)]:
        date = date_in(paragraph.text)
        if date is not None:
            return date
    return None


# Where a file says where and when it appeared, in a sentence of its own ("Published in The
# Courier, March 21, 2024.", "This article first appeared in The Atlantic on 3 May 2023"):
# at its top or its foot, often in a paragraph of the author's bio or after a letter's sign-off.
_COLOPHON = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:this (?:article|column|letter|piece|op-ed|essay) )?"
    r"(?:was )?(?:first |originally )?(?:published|appeared|ran)\s+(?P<by>in|on|by)\s+"
    r"(?P<rest>[^.!?]{0,160})",
    re.IGNORECASE,
)
# A publication's name as a colophon gives it: capitalised words ("The Harbour Gazette",
# "Westmoor Courier"), small joining words between them; a lower-case "the" before it is no
# part of it ("in the Westmoor Courier").
_PUBLICATION = re.compile(r"[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|of|the|and|for|on|in|&))*")
# How many paragraphs from the top or the foot a colophon may be in.
COLOPHON_PARAGRAPHS = 3


@dataclass(frozen=True, slots=True)
class Colophon:
    """The date a file's colophon states, the paragraph (index) that was only the colophon
    (None when it said more: a bio), and the publication it names (None when it names none:
    "Published on March 21, 2024")."""

    date: dt.date
    alone: int | None
    publisher: str | None = None


def _near_ends(count: int) -> list[int]:
    """Indices of the last COLOPHON_PARAGRAPHS of `count` paragraphs (the last first), then of
    the first ones not among them: where a colophon or a publication line stands."""
    near = [*range(count - 1, max(-1, count - 1 - COLOPHON_PARAGRAPHS), -1)]
    return near + [i for i in range(min(COLOPHON_PARAGRAPHS, count)) if i not in near]


def read_colophon(paragraphs: Sequence[Paragraph]) -> Colophon | None:
    """The date of a sentence saying where and when the text appeared ("Published in The
    Courier, March 21, 2024"), and the publication it names, in one of the first or last
    COLOPHON_PARAGRAPHS paragraphs (the last first); None when there is none with a date."""
    for index in _near_ends(len(paragraphs)):
        text = paragraphs[index].text.strip()
        for found in _COLOPHON.finditer(text):
            date = date_in(found.group())
            if date is not None:
                whole = found.start() == 0 and not text[found.end() :].strip(" .")
                return Colophon(date, index if whole else None, _named_in(found))
    return None


def _colophon_line(line: str) -> tuple[dt.date, str | None] | None:
    """The date and the publication of a line that is only a colophon ("Published in the
    Westmoor Courier, 18 February 2025"); None for any other line, or one without a date."""
    line = line.strip(" *_")
    if len(line) > MAX_HEAD_LINE_CHARS:
        return None
    found = _COLOPHON.match(line)
    if found is None or line[found.end() :].strip(" ."):
        return None
    date = date_in(found.group())
    return None if date is None else (date, _named_in(found))


def _named_in(colophon: re.Match[str]) -> str | None:
    """The publication a colophon says the text appeared in or was published by ("in The
    Courier, March 21, 2024": "The Courier"): its words up to a comma, "on" or the date."""
    if colophon.group("by").casefold() == "on":
        return None
    rest = colophon.group("rest")
    dated = _DATE.search(rest)
    words = re.split(r",|\s+(?:on|dated)\s", rest[: dated.start() if dated else len(rest)])[0]
    name = re.sub(r"^the\s+", "", words.strip(" ,;:|—–-"))
    return name if _PUBLICATION.fullmatch(name) else None


@dataclass(frozen=True, slots=True)
class PublicationYear:
    """The year a file's publication line states (`publication_year`), and the paragraph
    (index) that was only that line (None when it said more: a bio)."""

    year: int
    alone: int | None


def read_publication_year(paragraphs: Sequence[Paragraph]) -> PublicationYear | None:
    """The year of a line stating only that the text was published then ("First published
    1998", "Published in The Harbour Review (2008)", "© 2011 The Portlow Society"), in one of
    the first or last COLOPHON_PARAGRAPHS paragraphs (the last first), as `read_colophon`
    looks; None when there is none. A year anywhere else (a history's "in 1848") is not read."""
    for index in _near_ends(len(paragraphs)):
        lines = [line.strip() for line in paragraphs[index].text.split("\n") if line.strip()]
        for line in lines:
            year = publication_year(line)
            if year is not None:
                alone = len(lines) == 1 and _year_line(line) is not None
                return PublicationYear(year, index if alone else None)
    return None


def masthead(line: str) -> str | None:
    """The organisation a masthead names, when `line` is one: a line in capitals over a
    report's title ("INSTITUTE FOR ENERGY EQUITY" -> "Institute for Energy Equity"), two to
    `_MASTHEAD_WORDS` words of letters, no sentence, kicker ("OPINION") or date. Its words are
    capitalised, the small ones of a name ("for", "of") small, and others of three letters or
    fewer kept in capitals ("NHS", "IEE"), but for words ("New", "Sea"). None for any other
    line; the caller says where it stands (over a title, first in the file)."""
    words = line.split()
    if (
        not line.isupper()
        or not 2 <= len(words) <= _MASTHEAD_WORDS
        or not all(_MASTHEAD_WORD.fullmatch(word) for word in words)
        or KICKER.fullmatch(line.strip())
        or date_in(line) is not None
    ):
        return None
    named = [
        word.lower()
        if index and word.lower() in _SMALL_NAME_WORDS
        else word
        if len(word) <= 3 and word.lower() not in _SHORT_NAME_WORDS
        else word.capitalize()
        for index, word in enumerate(words)
    ]
    return " ".join(named)


def is_head_line(line: str) -> bool:
    """Whether a line only gives a byline, a date or a publication's year ("By Helena Marsh",
    "June 10, 2022", "First published 1998")."""
    line = line.strip()
    if not line or len(line) > MAX_HEAD_LINE_CHARS:
        return False
    return (
        _BYLINE.match(line) is not None
        or only_a_date(line)
        or _year_line(line) is not None
        or speech_by(line) is not None
        or credit_line(line) is not None
    )


def byline_name(line: str) -> str | None:
    """The name a byline line gives ("By Jo Kim, Local Democracy Reporter" -> "Jo Kim"), or
    None when the line opens with no byline."""
    found = _BYLINE.match(line) if len(line) <= MAX_HEAD_LINE_CHARS else None
    return None if found is None else " ".join(found.group("name").split())


def byline_rest(line: str) -> str:
    """What a byline line says after its name (", Local Democracy Reporter"); "" for a line
    that is no byline."""
    found = _BYLINE.match(line)
    return "" if found is None else line[found.end("name") :]


# "February 2024" alone: a report's month of publication, its day unstated.
_MONTH_YEAR = re.compile(rf"^\s*{_MONTH}\s+(?P<year>(?:19|20)\d\d)\s*$", re.IGNORECASE)


def month_of(line: str) -> tuple[int, int] | None:
    """The (year, month) of a line that only gives a month and its year ("February 2024")."""
    found = _MONTH_YEAR.match(line)
    if found is None:
        return None
    return int(found.group("year")), _MONTHS[found.group("month").lower()]


def is_month_line(line: str) -> bool:
    """Whether a line only gives a month and its year ("February 2024"), as a report's cover
    dates it."""
    return _MONTH_YEAR.match(line) is not None


def date_in(text: str) -> dt.date | None:
    """The first calendar date written in `text` ("May 8, 2023", "8 May 2023", "2023-05-08")."""
    for match in _DATE.finditer(text):
        if match.group("iso"):
            year, month, day = match.group("iso").split("-")
            found = calendar_date(year, month, day)
        else:
            month_name = (match.group("month") or match.group("month2")).lower()
            found = calendar_date(
                match.group("year") or match.group("year2"),
                str(_MONTHS[month_name]),
                match.group("day") or match.group("day2"),
            )
        if found is not None:
            return found
    return None


# Words that make a date line say when the text appeared, not which day an entry is.
_STATED_WHEN = re.compile(
    r"^\s*(?:date|dated|published|posted|recorded|delivered|updated|last updated|issued)\b", re.I
)
# Fewest dated headings that make a text a series of dated entries (one date alone under a
# title is its head's date).
MIN_DATED_ENTRIES = 2


def dated_entries(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs of a diary or a log of dated entries, each paragraph that is only a date
    ("Monday 3 June 1940.") made the heading (`section`) of those under it up to the next, no
    paragraph itself (nor the text's date: an entry's day is not when the diary appeared); the
    paragraphs as they are when fewer than MIN_DATED_ENTRIES dates head text. A date heading
    paragraphs of one section heads them within it only."""
    headings = [
        index
        for index, paragraph in enumerate(paragraphs[:-1])
        if _entry_date(paragraph.text) and not _entry_date(paragraphs[index + 1].text)
    ]
    if len(headings) < MIN_DATED_ENTRIES:
        return tuple(paragraphs)
    kept: list[Paragraph] = []
    entry: tuple[str, str | None] | None = None  # the date, and the section it stands in
    for index, paragraph in enumerate(paragraphs):
        if index in headings:
            entry = (paragraph.text.strip().rstrip("."), paragraph.section)
            continue
        if entry is not None and paragraph.section == entry[1]:
            paragraph = dataclasses.replace(paragraph, section=entry[0])
        else:
            entry = None
        kept.append(paragraph)
    return tuple(kept)


def _entry_date(text: str) -> bool:
    """Whether a paragraph is a date alone on its line ("Monday 3 June 1940."), no head field."""
    line = text.strip()
    return (
        "\n" not in line
        and len(line) <= MAX_HEAD_LINE_CHARS
        and only_a_date(line)
        and not _STATED_WHEN.match(line)
    )


def only_a_date(line: str) -> bool:
    """Whether a line says only when (a date, perhaps after "Date:" or "Published")."""
    match = _DATE_LINE.match(line)
    if match is None:
        return False
    rest = match.group("rest")
    dated = _DATE.search(rest)
    return dated is not None and not _DATE.sub("", rest).strip(" ,.;:|—–-")
