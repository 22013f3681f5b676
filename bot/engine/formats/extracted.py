"""What an extractor made of an uploaded file: its paragraphs and what it says about itself.

An `Extracted` is the hand-over between a format's extractor (`html`, `pdf`, `plaintext`) and
the upload path, which turns it into a `Document` without going through rendered text, so a
paragraph's section, speaker and place in the user's file survive.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from importlib import metadata

from bot.engine.models import Form, Person, Reference, Side

# Control characters (C0, C1, DEL) but tab and line breaks: never part of a title or a name.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the article.

    `text` is the paragraph as it should be quoted (for text files, as uploaded, line breaks
    included); `section` the heading it sits under; `speaker` the turn's speaker in a
    transcript; `line` the 1-based line of the user's file where it starts (text formats) and
    `page` the 1-based PDF page; `aside` whether it is set apart from the text around it, wholly
    in italics (HTML's `<em>`, `<i>`; Markdown's `*...*`, `_..._`), as an editor's line closing
    an interview is; `letter` the number of the letter it is part of, when a page sets a letter
    among its own words (`letter.letters_within`; the signer its `speaker`); `quoted` whether
    it is a quotation the text sets apart and credits to its `speaker` (HTML's `<blockquote>`
    with a `<footer>`: `htmlcredits`), the speaker's words among the author's, not a turn of a
    transcript; `speaker_role` the role the speaker's label gives them ("host" of "MARCUS LEE
    (HOST):", "minister for schools" of "The Minister for Schools (Ms Jane Roe):"), lower
    case, without "the"; `place` the place a letter's signature gives its signer ("Upper
    Clough" of "Harold Benning, Upper Clough": `letter.letters_within`); `credit` what the
    file says of the speaker beside their name, as written, for the attribution line
    (`models.Credit`: "Westhaven, Lorne County" of a signature, "member for Northtown (Lab)" of
    a Member's label), None where their role (`speaker_role`) says it; `side` the debate side
    whose case it stands in (a case file's "## Opposition Case": `casefile`).
    """

    text: str
    section: str | None = None
    speaker: str | None = None
    line: int | None = None
    page: int | None = None
    aside: bool = False
    letter: int | None = None
    quoted: bool = False
    speaker_role: str | None = None
    place: str | None = None
    credit: str | None = None
    side: Side | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """An uploaded file's article: paragraphs in reading order and its own metadata.

    `kind` is a guess ("transcript" when the paragraphs are speaker turns), `extractor` names
    the extraction and the library that did it with their versions ("html/1 trafilatura
    2.3.1"), so a stored upload can be extracted again when that improves.
    """

    paragraphs: tuple[Paragraph, ...]
    extractor: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    # The day the file was made (a PDF's /CreationDate): when it was produced, not published,
    # so a date the text states wins over it (`upload.document_from_extracted`).
    created: dt.date | None = None
    # The year alone the file states it appeared in ("March 2025" on a report's cover), when it
    # states no day.
    year: int | None = None
    # The month of `year` it states ("March 2025": 3), when it states no day; None otherwise.
    month: int | None = None
    url: str | None = None
    # Who wrote it as the text calls them ("recording secretary" of "Minutes respectfully
    # submitted by Jo Roe, Recording Secretary"), lower case; None: unsaid.
    author_role: str | None = None
    kind: str | None = None
    # What the reader recognised the file as, finer than its kind (`models.Form`): a wiki's
    # page, a newsletter, a blog post with comments, a hearing's transcript.
    form: Form | None = None
    # Other titles the file gives itself (a page's <title> or og:title beside its headline):
    # names of the document too.
    titles: tuple[str, ...] = ()
    # What the uploader should know of the extraction, one sentence each ("Pages 15-17 (42
    # paragraphs) were left out: ..."): shown with the upload's result.
    notes: tuple[str, ...] = ()
    # The notes the text's `[n]` marks cite (a Markdown essay's "[^1]: ..." or "## Notes"),
    # the document's bibliography (`DocumentMeta.bibliography`).
    references: tuple[Reference, ...] = ()
    # People the file names with what a question may call them, as its own head says (a
    # judgment's counsel: "counsel for the claimant"): added to `DocumentMeta.mentions`.
    people: tuple[Person, ...] = ()
    # Where its words were said or the meeting it records was held, as the file names it
    # ("House of Commons debate of 11 March 2026" of a parliament's record, a briefing's
    # "Location: ..."): `DocumentMeta.occasion`; None: unsaid.
    occasion: str | None = None
    # A debate's motion, as the file states it (a case file's "## The Motion": `casefile`), its
    # `kind` then "debate".
    motion: str | None = None


def extractor_name(rules: str, version: int, library: str | None = None) -> str:
    """How a file was extracted, as stored with the upload: the rules and their version, and
    the library that parsed the format with its installed version ("pdf/2 pdfminer.six
    20240706"). Read from the package metadata, so asking costs no import of the library."""
    if library is None:
        return f"{rules}/{version}"
    return f"{rules}/{version} {library} {metadata.version(library)}"


def clean_field(value: object) -> str | None:
    """A metadata value as one clean line: control characters out, white space collapsed,
    NFC; None when nothing is left (or `value` is not text)."""
    if not isinstance(value, str):
        return None
    text = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", value)).split())
    return text or None


def parse_date(value: object) -> dt.date | None:
    """A date from the start of an ISO-like value ("2020-08-23", "2020-08-23T10:00Z", PDF's
    "D:20200806..."); None when it is not one."""
    if not isinstance(value, str):
        return None
    match = re.match(r"(?:D:)?(\d{4})-?(\d{2})-?(\d{2})", value.strip())
    return calendar_date(*match.groups()) if match else None


def calendar_date(year: str, month: str, day: str) -> dt.date | None:
    """The date of year, month and day digits; None when there is no such day."""
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def is_turn(paragraph: Paragraph) -> bool:
    """Whether the extraction says whose turn a paragraph is (a transcript's, a letter's), as a
    credited quotation (`Paragraph.quoted`) does not say whose the text around it is."""
    return bool(paragraph.speaker) and not paragraph.quoted
