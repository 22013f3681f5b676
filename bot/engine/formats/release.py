"""A press release's parts, read from its paragraphs: who issues it, its dateline, its boilerplate.

A press release (a news release) is marked "FOR IMMEDIATE RELEASE" (or "PRESS RELEASE", "NEWS
RELEASE") over its headline, opens its first paragraph with a dateline ("EASTON, Ore., March 3,
2025 — ..."), quotes named people ("said Jane Roe, director of ..."), ends with a boilerplate
section on the issuing organisation ("About Riverbend Food Bank"), a contact block ("Media
contact:", "Contact:", "For more information, contact") and an end mark ("###", "-30-"). The
layout is the one newsrooms and wire services use (the Associated Press and PR Newswire
guides describe it). `read_release` tells one by its mark, or by a dateline with a boilerplate
section or a contact block; the organisation the boilerplate (or a "Source:" line) names issues
it, the dateline's date is its date, and neither the dateline, the mark nor the contact block
is anyone's words to quote.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import date_in
from bot.engine.voices import ABOUT_THE_ISSUER

# The mark over a release's headline, alone in its paragraph (perhaps bold, perhaps dated,
# perhaps two marks in one: "PRESS RELEASE — FOR IMMEDIATE RELEASE").
_ONE_MARK = r"(?i:for immediate release|(?:press|news|media) release)"
RELEASE_MARK = re.compile(
    rf"{_ONE_MARK}(?:\s*[-\u2013\u2014:|/]\s*{_ONE_MARK})?\s*[.:]?"
    r"(?:\s*[-\u2013\u2014:]?\s*[\w ,.]{0,30}\d{4})?"
)
# A dateline opening the first paragraph: the place in capitals (perhaps a state or a country
# after it), the date, perhaps a wire's name between slashes, then a dash.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\u2019 -]{1,40}(?:,\s*[A-Z][\w.' ]{0,30}){0,2}),\s*"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})"
    r"\s*(?:/[^/\n]{1,40}/\s*)?(?:--|[-\u2013\u2014])\s*"
)
# The heading of the boilerplate: "About Riverbend Food Bank", "About Acme Corp.:".
_ABOUT = re.compile(
    r"About\s+(?P<name>(?:[A-Z0-9][\w.&'\u2019-]*|of|the|and|for|&)"
    r"(?:\s+(?:[A-Z0-9][\w.&'\u2019-]*|of|the|and|for|&)){0,7})\s*:?"
)
# An "About ..." heading that names no organisation.
_NOT_ISSUERS = frozenset({"the author", "the authors", "us", "me", "this release", "the company"})
# The line naming the release's source at its foot ("Source: Riverbend Food Bank", PR
# Newswire's "SOURCE Riverbend Food Bank").
_SOURCE = re.compile(r"(?:Source:|SOURCE)\s+(?P<name>[^\n]{2,80}?)\s*\.?$")
# A contact block's label ("Media contact:", "Press contacts:", "Contact:", "Media inquiries:",
# "For more information, contact ..."), and the short lines of names, addresses and numbers
# that follow it in paragraphs of their own.
_CONTACT = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s+)?(?:(?:media|press|news|investor)\s+)?"
    r"(?:contacts?|inquiries|enquiries)\s*:"
    r"|^\s*for (?:more|further) information\b",
    re.IGNORECASE,
)
_CONTACT_LINE_CHARS = 120
_CONTACT_DETAIL = re.compile(r"@|\d{3}[\s.)-]*\d{3}[\s.-]*\d{4}|https?://|www\.")
# How many paragraphs from the top the release mark may be in, and the dateline (under a
# standfirst: "Community groups can apply from 1 April", then "LONDON, 3 March 2025 — ...").
_MARK_PARAGRAPHS = 3
_DATELINE_PARAGRAPHS = 3


@dataclass(frozen=True, slots=True)
class Release:
    """What `read_release` found: `paragraphs` without the mark, the contact block and the
    dateline, the boilerplate under the section `ABOUT_THE_ISSUER`; the organisation issuing
    it (None when the release names none) and its dateline's date (None without one)."""

    paragraphs: tuple[Paragraph, ...]
    issuer: str | None
    date: dt.date | None


def read_release(paragraphs: Sequence[Paragraph], *, marked: bool = False) -> Release | None:
    """The release the paragraphs are (see the module's docstring), or None when they are not
    one: no release mark (`marked` when the extractor took it off already) and not a dateline
    (opening one of the first _DATELINE_PARAGRAPHS paragraphs) with a boilerplate section or a
    contact block."""
    kept = list(paragraphs)
    mark = next(
        (i for i, p in enumerate(kept[:_MARK_PARAGRAPHS]) if RELEASE_MARK.fullmatch(_bare(p.text))),
        None,
    )
    if mark is not None and len(kept) > 1:
        del kept[mark]
    # A PDF or a page may set the mark as a heading over the release: the section of its
    # first paragraphs, not a paragraph of its own.
    headed = any(
        p.section and RELEASE_MARK.fullmatch(_bare(p.section)) for p in kept[:_MARK_PARAGRAPHS]
    )
    if headed:
        kept = [_unmarked(p) for p in kept]
    # An embargo line ("Embargoed until 00:01, Tuesday 9 June 2026") is for editors, no one's
    # words.
    kept = [p for p in kept if not _EMBARGO.fullmatch(_bare(p.text))] or kept
    contact = [i for i, p in enumerate(kept) if _CONTACT.match(p.text)]
    at, dateline = next(
        (
            (i, found)
            for i, p in enumerate(kept[:_DATELINE_PARAGRAPHS])
            if (found := _DATELINE.match(p.text)) is not None
        ),
        (None, None),
    )
    about = _about(kept)
    if not (marked or headed or mark is not None or (dateline and (about or contact))):
        return None
    dropped = set()
    for start in contact:
        dropped.add(start)
        following = start + 1
        while following < len(kept) and _contact_detail(kept[following].text):
            dropped.add(following)
            following += 1
    issuer = about.name if about else (_source(kept, dropped) or _noted_issuer(kept))
    out: list[Paragraph] = []
    date = None
    for index, paragraph in enumerate(kept):
        if index in dropped or _SOURCE.fullmatch(paragraph.text.strip()):
            continue
        if about and index == about.heading:
            continue  # the boilerplate's heading, a paragraph of its own
        if about and index == about.start and about.text is not None:
            line = None if paragraph.line is None else paragraph.line + 1
            paragraph = dataclasses.replace(paragraph, text=about.text, line=line)
        if about and index >= about.start:
            paragraph = dataclasses.replace(paragraph, section=ABOUT_THE_ISSUER)
        elif index == at and dateline is not None:
            date = date_in(dateline.group("date"))
            line = paragraph.line
            paragraph = dataclasses.replace(
                paragraph,
                text=paragraph.text[dateline.end() :],
                line=None if line is None else line + paragraph.text.count("\n", 0, dateline.end()),
            )
        out.append(paragraph)
    return Release(_with_quotations(p for p in out if p.text.strip()), issuer, date)


@dataclass(frozen=True, slots=True)
class _About:
    """The boilerplate: the paragraph that is only its heading (None when the heading is a
    section, or opens the first paragraph), its first paragraph, that paragraph's text less an
    opening heading line (None when it has none), and the organisation it is about."""

    heading: int | None
    start: int
    text: str | None
    name: str


def _about(paragraphs: Sequence[Paragraph]) -> _About | None:
    """The boilerplate section, in the second half of the release: after a paragraph that is
    only "About <Organisation>", under such a heading (a page's `<h2>`, Markdown's `##`: the
    paragraphs' section), or in a paragraph opening with such a line; None without one."""
    for index, paragraph in enumerate(paragraphs):
        if index < len(paragraphs) // 2:
            continue
        if paragraph.section and (name := _issuer(paragraph.section)) is not None:
            return _About(None, index, None, name)
        first, _, rest = paragraph.text.strip().partition("\n")
        name = _issuer(first)
        if name is None:
            continue
        if rest.strip():
            return _About(None, index, rest.strip(), name)
        if index + 1 < len(paragraphs):
            return _About(index, index + 1, None, name)
    return None


def _issuer(line: str) -> str | None:
    """The organisation an "About ..." heading names, or None."""
    match = _ABOUT.fullmatch(line.strip())
    if match is None:
        return None
    name = match.group("name").strip(" .:")
    return None if name.casefold() in _NOT_ISSUERS else name


def _source(paragraphs: Sequence[Paragraph], dropped: set[int]) -> str | None:
    """The organisation a "Source:" line near the foot names, or None."""
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 4), -1):
        if index in dropped:
            continue
        match = _SOURCE.fullmatch(paragraphs[index].text.strip())
        if match is not None:
            return match.group("name").strip()
    return None


def is_contact_line(text: str) -> bool:
    """Whether a paragraph is a contact block in one: its label and its details, short
    ("Media enquiries: press@harbour.example | 0160 555 0147"), as a release or a briefing's
    transcript ends with; no one's words."""
    return _CONTACT.match(text) is not None and _contact_detail(text)


def _contact_detail(text: str) -> bool:
    """Whether a paragraph after a contact label is more of the contact block: short lines,
    one of them a name or an address or a number."""
    lines = [line.strip() for line in text.strip().split("\n")]
    return all(len(line) <= _CONTACT_LINE_CHARS for line in lines) and (
        _CONTACT_DETAIL.search(text) is not None
    )


# An embargo line: "Embargoed until 00:01, Tuesday 9 June 2026", "EMBARGO: 00:01 GMT 3 May".
_EMBARGO = re.compile(r"(?i:embargo(?:ed)?\b)(?=[^\n]*\d)[^\n]{0,80}")
# A note to editors saying who the issuer is ("1. The Halberd Institute is an independent ...").
_NOTES_HEADING = re.compile(r"(?i)notes?\s+(?:to|for)\s+editors?")
_ISSUER_NOTE = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s+)?(?P<name>(?:The\s+)?[A-Z][\w&'\u2019-]*(?:\s+(?:[A-Z][\w&'\u2019-]*|of|"
    r"for|and|the|&)){0,7})\s+(?:is|was)\s+(?:an?|the)\b"
)


# A paragraph that only introduces the quotation under it: "Dr Jane Roe, Director of Research
# at the Institute, said:" (at most this many characters).
_SAID_COLON = re.compile(r"(?s).{3,200}\b(?:said|says|added|commented|explained)\s*:\s*")
_OPENS_QUOTATION = re.compile(r"\s*[\u201c\"]")


def _with_quotations(paragraphs: Iterable[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs, each that only introduces a quotation ("Jane Roe, director of X,
    said:") joined to the quotation under it: one passage that says whose words they are."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        before = out[-1] if out else None
        if (
            before is not None
            and _SAID_COLON.fullmatch(before.text)
            and _OPENS_QUOTATION.match(paragraph.text)
            and before.section == paragraph.section
        ):
            out[-1] = dataclasses.replace(
                before, text=f"{before.text.strip()} {paragraph.text.strip()}"
            )
            continue
        out.append(paragraph)
    return tuple(out)


def _noted_issuer(paragraphs: Sequence[Paragraph]) -> str | None:
    """The organisation the first of the notes to editors says it is ("1. The Halberd Institute
    is an independent research charity ..."), or None (no such note, or it names no
    organisation: `consultation.is_body_name`)."""
    first = next(
        (p for p in paragraphs if p.section and _NOTES_HEADING.fullmatch(_bare(p.section))), None
    )
    from bot.engine.formats.consultation import is_body_name

    found = _ISSUER_NOTE.match(first.text) if first is not None else None
    if found is None or not is_body_name(found.group("name")):
        return None  # "1. Dr Jane Roe is available for interview": a person, not the issuer
    return found.group("name")


def _unmarked(paragraph: Paragraph) -> Paragraph:
    """The paragraph without the release mark as its section."""
    if paragraph.section and RELEASE_MARK.fullmatch(_bare(paragraph.section)):
        return dataclasses.replace(paragraph, section=None)
    return paragraph


def _bare(text: str) -> str:
    return text.strip().strip("*_ ")
