"""A report's title page: the byline, date or month under its title, and names alone.

A PDF report's first page sets its authors and date in short paragraphs under the title, not as
a head's byline line: "Dr. Lena Whitford and Tomas Reyes" (names alone), "February 2024" (a
month, its day unstated), "Prepared for the Committee by Sam Patel, 9 October 2023".
`read_title_page` reads them, as `head.read_head` reads an article's head.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import (
    BYLINE,
    DATE,
    MAX_HEAD_LINE_CHARS,
    date_in,
    month_of,
    only_a_date,
)

# How many paragraphs of a title page may come before its byline and date ("Policy Report No.
# 17" over the authors), and how long a line of it may be.
TITLE_PAGE_PARAGRAPHS = 6
MAX_TITLE_PAGE_LINE_CHARS = 100
# A month and year ending a line ("Working Paper No. 14, November 2026").
_ENDING_MONTH = re.compile(
    r"(?:^|[\s,;|(])((?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(?:19|20)\d\d)[\s.)]*$"
)
# A space set wide on a line, parting its fields ("j.roe@uni.example    3 November 2026").
_WIDE_SPACE = re.compile(r"(?:\s{2,}|\t)$")
# A paragraph opening a paper's abstract ("Abstract. Does voting ...", "Abstract—Recent ...",
# "ABSTRACT This", "Abstract" alone over it), not a sentence about abstract art ("Abstract
# painting ...", "Abstract-expressionist ...").
_ABSTRACT = re.compile(r"^\s*(?:[Aa]bstract\s*(?:[.:—–]|-\s|\n|$)|ABSTRACT\b)")
# Honorifics that make a name alone on a line a person's ("Dr. Lena Whitford").
_HONORIFIC = re.compile(r"^(?:dr|prof|professor|sir|dame|mr|mrs|ms|mx|cllr|rt hon)\b\.?", re.I)
# A label naming the people after it as the authors ("Authors: Jane Roe and Sam Poe", "Author:
# Jane Roe", "Written by: Jane Roe"): with it one name alone is a byline too.
_AUTHORS_LABEL = re.compile(
    r"^(?:authors?|author\(s\)|authored by|written by|by)\s*:\s*(?=\S)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class TitlePage:
    """What a document's title page states under its title: `author` (the byline's names),
    `date` (a full date), `month` ((year, month) of a date without its day), and the
    paragraphs (indices) that only stated them."""

    author: str | None
    date: dt.date | None
    month: tuple[int, int] | None
    consumed: frozenset[int]


def read_title_page(paragraphs: Sequence[Paragraph]) -> TitlePage:
    """The byline and date among the short paragraphs opening the first page (of the first
    TITLE_PAGE_PARAGRAPHS, up to the first long one): a byline as `read_head` reads one
    ("Prepared for the Committee by Sam Patel, 9 October 2023"), the names alone ("Dr. Lena
    Whitford and Tomas Reyes": several, or one with an honorific) or after a label ("Authors:
    Jane Roe and Sam Poe", "Author: Jane Roe"), a
    date alone ("14 March 2024"), or a month alone ("February 2024")."""
    author: str | None = None
    date: dt.date | None = None
    month: tuple[int, int] | None = None
    consumed: set[int] = set()
    for index, paragraph in enumerate(paragraphs[:TITLE_PAGE_PARAGRAPHS]):
        text = " ".join(paragraph.text.split())
        if paragraph.page not in (None, 1) or len(text) > MAX_HEAD_LINE_CHARS:
            break
        byline = BYLINE.match(text)
        if byline is not None:
            author = author or " ".join(byline.group("name").split())
            date = date or date_in(text)
            if _only_byline_and_date(text, byline.end()):
                consumed.add(index)
        elif only_a_date(text):
            date = date or date_in(text)
            consumed.add(index)
        elif (stated := month_of(text)) is not None:
            month = month or stated
            consumed.add(index)
        elif (
            len(text) <= MAX_TITLE_PAGE_LINE_CHARS
            and (names := names_line(_AUTHORS_LABEL.sub("", text)))
            and (len(names) > 1 or _HONORIFIC.match(text) or _AUTHORS_LABEL.match(text))
        ):
            # Several names, or one with an honorific or a label: a name alone ("Sam Patel")
            # has the shape of a heading's words or an organisation's ("Regional Water"). A
            # line saying who the authors are ("Authors: ...") stays, the passage quoted when
            # a question asks who wrote the document.
            author = author or _AUTHORS_LABEL.sub("", text)
            if not _AUTHORS_LABEL.match(text):
                consumed.add(index)
        elif len(text) <= MAX_TITLE_PAGE_LINE_CHARS:
            # A date closing a line of the series' number or the author's address ("Working
            # Paper No. 14, 3 November 2026"): the line stays, the date is read.
            ending, ending_month = ending_date(paragraph.text.strip())
            date, month = date or ending, month or ending_month
    return TitlePage(author, date, month, frozenset(consumed))


def ending_date(text: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The date a line ends with ("Working Paper No. 14, 3 November 2026"), else the (year,
    month) it ends with ("Corresponding author: j.roe@uni.example    March 2026"); (None,
    None) when it ends with neither."""
    dates = list(DATE.finditer(text))
    if dates and not text[dates[-1].end() :].strip(" .)"):
        # Set apart from what goes before, by punctuation or a wide space ("No. 14, 3 November
        # 2026", "j.roe@uni.example    3 November 2026"): "No. 12 June 2025" is a series'
        # number and a month.
        before = text[: dates[-1].start()]
        found = date_in(dates[-1].group(0))
        apart = (
            not before.strip() or before.rstrip()[-1] in ",;:|(–—-" or _WIDE_SPACE.search(before)
        )
        if found is not None and apart:
            return found, None
    month = _ENDING_MONTH.search(text)
    return None, (month_of(month.group(1)) if month is not None else None)


def _only_byline_and_date(text: str, end: int) -> bool:
    """Whether what follows a byline's name is only a role and a date ("Sam Patel, Senior
    Officer. 9 October 2023."), no sentence of the document."""
    rest = DATE.sub("", text[end:]).strip(" ,.;:|—–-")
    return len(rest) <= 60 and not re.search(r"[.!?]\s+\S", rest)


def names_line(text: str) -> list[str] | None:
    """The people a line names and does nothing else ("Dr. Lena Whitford and Tomas Reyes",
    "Ana Ruiz, Li Wei & Tom Berg"): each part a capitalised name as `people.is_person_name`
    reads one; None when it is not such a line."""
    from bot.engine.people import is_person_name

    parts = [part.strip() for part in re.split(r",|\s+(?:and|&)\s+", text)]
    if not parts or any(not part for part in parts):
        return None
    for part in parts:
        words = part.split()
        if not all(
            word[0].isupper() or word in ("de", "da", "van", "von", "der") for word in words
        ):
            return None
        if not is_person_name(part) or any(not re.fullmatch(r"[\w.'’-]+", w) for w in words):
            return None
        if any(ch.isdigit() for ch in part):
            return None
    return parts


# A document saying it is a report ("This report sets out ...", "In this report we ..."), or
# an executive summary heading one of its sections: a report, though nothing labels its kind.
_SELF_REPORT = re.compile(
    r"\b(?:in (?:this|the present) report\b|(?:this|the present|our) report (?:sets out|"
    r"examines|presents|looks at|argues|finds|describes|reviews|considers|draws|summari[sz]es|"
    r"explores|assesses|analy[sz]es|makes|proposes|recommends|shows|covers|is based)\b)",
    re.IGNORECASE,
)
_REPORT_SECTION = re.compile(r"^\s*(?:\d+\.?\s*)?executive summary\s*$", re.IGNORECASE)
# How many paragraphs from the start the report's own words about itself are looked for in.
SELF_DESCRIBED_PARAGRAPHS = 12


def calls_itself_report(paragraphs: Sequence[Paragraph]) -> bool:
    """Whether a document says it is a report within its first SELF_DESCRIBED_PARAGRAPHS
    paragraphs ("This report sets out the scale of the decline ...", "In this report, we
    ...") or has a section headed "Executive summary": a think tank's or a committee's
    report, not an article reporting on one ("a report by council officers recommended")."""
    opening = paragraphs[:SELF_DESCRIBED_PARAGRAPHS]
    return any(_SELF_REPORT.search(p.text) for p in opening) or any(
        p.section is not None and _REPORT_SECTION.match(p.section) for p in paragraphs
    )


# An organisation's name alone on a line of a cover: capitalised words ending in a word for a
# body ("Northgate Policy Institute", "Westmarch Policy Unit"), perhaps with what it is for
# ("Institute for Energy Equity", "Centre on Rural Transport").
_ORGANISATION = re.compile(
    r"^(?:The\s+)?(?:[A-Z][\w'\u2019&.-]*\s+){0,6}(?:Institute|Unit|Trust|Foundation|Centre|"
    r"Center|Council|Commission|Committee|Authority|Agency|Department|Ministry|Office|Board|"
    r"Partnership|Forum|University|College|Society|Association|Alliance|Campaign|Network|Group|"
    r"Union|Federation|Coalition|League|Project|Observatory|Consortium)"
    r"(?:\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][\w'\u2019&.-]*(?:\s+(?:and\s+)?[A-Z][\w'\u2019&.-]*)"
    r"{0,5})?$"
)


def opens_abstract(text: str) -> bool:
    """Whether a paragraph opens a paper's abstract ("Abstract. Does voting at a younger age
    ...", "ABSTRACT This paper ..."): a paper's, in any format."""
    return _ABSTRACT.match(text) is not None


def names_organisation(line: str) -> bool:
    """Whether a cover's line is an organisation's name alone ("Northgate Policy Institute",
    "Institute for Energy Equity"), the body that publishes the report."""
    return len(line) <= MAX_TITLE_PAGE_LINE_CHARS and _ORGANISATION.match(line.strip()) is not None
