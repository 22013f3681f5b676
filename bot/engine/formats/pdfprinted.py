"""A web page a browser printed to PDF ("Save as PDF"): its article without the site's furniture.

A browser prints on every page a header (the time it printed, "03/09/2026, 21:14", and the
page's <title>, "Headline | Opinion | The Courier") and a footer (the page's URL and a page
count, "1/3" or "Page 1 of 3"); Firefox sets the same four the other way round. A PDF whose
pages carry a URL and a print time at their edges is such a page (`read_printed_page`). Then,
as the HTML reader leaves a saved page's furniture out
(trafilatura's boilerplate rules, `htmlmasthead`, `furniture`):

- the header and footer lines are no text; the URL is the document's link, the <title>'s last
  part the site (its publisher), a part "Opinion" or "Comment" says it is an op-ed;
- what is printed over the headline (the masthead, the menu, a cookie notice, the breadcrumb)
  is furniture; the headline is the <title>'s first part as printed (or the page's largest
  lines), and the title;
- the lines in small print under the headline holding its byline ("By Jo Kim", "Jo Kim", "Jo
  Kim, Political columnist") and its date ("Thu 3 Sep 2026 07.00 BST") are its author and date,
  the share buttons and comment count in them no passages; with no byline, a closing line
  about the writer ("Jo Kim is director of ...") names the author;
- the list of links at the foot, from a heading such as "Related", "Most viewed", "Explore more
  on these topics", "Comments (312)" on, is no text; nor is a row of links ("About us ·
  Contact us · ...") or a cookie notice anywhere;
- a pull quote (a quotation set larger than the text between its paragraphs) repeating a
  paragraph (half its terms or more in it, reworded or not) is dropped; one that does not is
  kept where it stands as the author's words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.extracted import Extracted, Paragraph, clean_field, parse_date
from bot.engine.formats.furniture import is_furniture
from bot.engine.formats.head import byline_name, byline_rest, date_in, masthead, only_a_date
from bot.engine.formats.pdfheads import edge_lines
from bot.engine.formats.pdflines import Line, body_font_size
from bot.engine.formats.pdfparagraphs import read_paragraphs
from bot.engine.models import CorpusError, Kind
from bot.engine.people import is_person_name
from bot.engine.text import default_analyser, term_set

# The pieces of a browser's header and footer: the print time as Chrome and Firefox set it
# ("03/09/2026, 21:14", "9/3/26, 9:14 PM"), the page's URL, the page count ("1/3", "Page 1 of
# 3"); each alone on its line, or at either end of a line holding another (the <title>).
_TIME = (
    r"(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2}),?\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:\s*[AaPp]\.?[Mm]\.?)?"
)
_URL = r"https?://[^\s<>\"]+"
_COUNT = r"(?:[Pp]age\s+)?\d{1,4}\s*(?:/|of)\s*\d{1,4}"
_PIECE_FIRST = re.compile(
    rf"^\s*(?:(?P<time>{_TIME})|(?P<url>{_URL})|(?P<count>{_COUNT}))(?:\s+|$)"
)
_PIECE_LAST = re.compile(rf"(?:^|\s+)(?:(?P<time>{_TIME})|(?P<url>{_URL})|(?P<count>{_COUNT}))\s*$")


@dataclass(frozen=True, slots=True)
class _Chrome:
    """What a line of a browser's header or footer holds: its print time, URL and page count
    (each None when it has none) and the rest of its text (the <title>, or "")."""

    time: str | None
    url: str | None
    count: str | None
    rest: str


def _chrome(text: str) -> _Chrome | None:
    """The pieces of a header or footer line, or None when it holds none (or only a page count
    before words: "1/3 of the county's buses" is text)."""
    found: dict[str, str] = {}
    rest = text.strip()
    for _ in range(4):
        piece = _PIECE_FIRST.match(rest) or _PIECE_LAST.search(rest)
        if piece is None:
            break
        kind = next(name for name, value in piece.groupdict().items() if value)
        found.setdefault(kind, piece.group(kind))
        rest = (rest[: piece.start()] + " " + rest[piece.end() :]).strip()
    if not found or (set(found) == {"count"} and rest):
        return None
    return _Chrome(found.get("time"), found.get("url"), found.get("count"), rest)


# A browser's header and footer hold at most this many pieces a page (time, title, URL, count):
# more are looked past, so a page of thousands of such lines costs no more.
_MAX_CHROME_LINES = 6
# The separators of a page's <title> between the headline, its section and the site's name.
_TITLE_PARTS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
# A <title>'s part naming an opinion section: the piece is an op-ed.
_OPINION_PART = re.compile(
    r"(?i:opinions?|comment(?: is free)?|op-?eds?|editorials?|columns?|columnists?)"
)
# A breadcrumb over the headline opening with an opinion section ("Opinion > Elections").
_OPINION_CRUMB = re.compile(rf"^\s*{_OPINION_PART.pattern}\s*(?:[>›»/|]|$)")
# The share buttons, comment count and reading time of a byline block, on a line of their own.
_SHARE_LINE = re.compile(
    r"(?i:share\b.{0,80}|.{0,60}\b\d[\d,]* comments?|\d{1,3} min(?:ute)?s? read|"
    r"(?:save|follow|gift) (?:this )?(?:article|story|author)?|listen to (?:this )?article.*)"
)
# A headline found by its size alone is set this share of the text's size or larger, on at most
# this many lines (as `pdfparagraphs` takes a heading: 1.15).
_HEADLINE_SHARE = 1.15
_HEADLINE_LINES = 4
# A column's closing line about its writer, among its last few paragraphs, names the writer
# when no byline does ("Jo Kim is director of ...": the trial's printed column closes so).
_BIO = re.compile(r"(?P<name>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}) (?:is|was|writes)\b")
_BIO_PARAGRAPHS = 3
_MAX_BIO_CHARS = 300
# How many lines under the headline its standfirst and byline block stand within.
_HEAD_ZONE_LINES = 10
# A line in the byline block is no longer than this, and sets no sentence of the text.
_MAX_BYLINE_BLOCK_CHARS = 110
# Lines this share of the body's size or smaller are the byline block's small print (the
# trial's printed page: 9.5 pt under 13 pt text).
_SMALL_SHARE = 0.9
# A pull quote is set this share of the body's size or larger (the trial's: 15 pt on 13 pt).
_PULL_QUOTE_SHARE = 1.08
_MAX_PULL_QUOTE_CHARS = 400
# Headings of the links under a page's article ("Related", "Most viewed", "Explore more on
# these topics: ...", "Comments (312)"): the article ends at the first; whole line, short.
_TAIL_MARK = re.compile(
    r"(?i:related(?: (?:articles?|stories|story|content|topics|links|reading))?|"
    r"most (?:viewed|read|popular|shared|commented)|(?:explore )?more on (?:this|these) "
    r"(?:story|topics?)\b.*|explore more\b.*|topics\s*:.*|(?:tags|filed under)\s*:.*|"
    r"comments?\s*\(\d[\d,]*\).*|\d[\d,]* comments?|you (?:may|might) also like|"
    r"recommended(?: for you| reading)?|(?:read|up) next|read more|more stories|trending(?: now)?|"
    r"latest (?:news|stories)|in case you missed it|(?:from )?around the web|"
    r"more from [^.!?]{1,60}|sign up to (?:our|the) [^.!?]{1,60}newsletter\b.*)"
)
_MAX_TAIL_MARK_CHARS = 160
# A row of links ("About us · Contact us · Privacy policy · ..."): this many short parts at
# least, each of at most _LINK_WORDS words.
_LINK_ROW = re.compile(r"\s+[·•|]\s+")
_LINK_PARTS = 4
_LINK_WORDS = 4
# A cookie notice: it speaks of cookies and asks to accept or choose.
_COOKIES = re.compile(r"(?i:\bcookies?\b)")
_CONSENT = re.compile(r"(?i:\baccept\b|\bconsent\b|\bpreferences\b|\breject\b|\bagree\b)")
_MAX_NOTICE_CHARS = 600
# A line of furniture alone (a mark, a button, a picture's credit) is no longer than this.
_MAX_FURNITURE_LINE_CHARS = 60
# A byline of a name and a role after a comma ("Jo Kim, Political columnist"): the role's words.
_ROLE_WORDS = 6
# A pull quote repeats a paragraph holding this share of its terms (the trial's printed page:
# its pull quote, reworded, shares 5 of its 10 terms with the paragraph it comes from, 4 at most
# with any other).
_REPEATED_SHARE = 0.5
_QUOTES_OPEN = "“\"‘'«"
_QUOTES_CLOSE = "”\"’'»"


@dataclass(frozen=True, slots=True)
class PrintedPage:
    """What a printed web page says of itself beside its text: the header's <title> and the
    footer's URL (None when not printed), the headline's lines, the byline's author and the
    article's date (None when the page shows none), its site, whether it is an op-ed, the ids
    of the lines that are no text, and its pull quotes (each its lines)."""

    page_title: str | None
    url: str | None
    headline: tuple[Line, ...]
    author: str | None
    date: dt.date | None
    site: str | None
    opinion: bool
    furniture: frozenset[int]
    pull_quotes: tuple[tuple[Line, ...], ...]


def read_printed_page(lines: Sequence[Line]) -> PrintedPage | None:
    """The printed web page `lines` (a PDF's, in reading order) are, or None when they are no
    browser's print: most pages have no URL and print time at their edges (a report's footer of
    its web address and "Page 1 of 3" is no print), or no text is left."""
    edge = edge_lines(list(lines))
    pages = {line.page for line in lines}
    pieces = {id(line): piece for line in edge if (piece := _chrome(line.text)) is not None}
    urls = {line.page for line in edge if id(line) in pieces and pieces[id(line)].url}
    times = {line.page for line in edge if id(line) in pieces and pieces[id(line)].time}
    if not pages or len(urls & times) * 2 < len(pages) + 1:
        return None
    chrome = _print_chrome(edge, pieces)
    page_title = next(
        (title for line in edge if (title := _header_title(line, chrome, pieces))), None
    )
    url = next((piece.url for piece in pieces.values() if piece.url), None)
    body = [line for line in lines if id(line) not in chrome]
    parts = _TITLE_PARTS.split(page_title) if page_title else []
    # The last part is the site's name, which its masthead prints too.
    headline = _headline(body, sorted(parts[:-1] or parts, key=len, reverse=True))
    # No headline found: the text from the top, titled by the <title>.
    start = next((i for i, line in enumerate(body) if headline and line is headline[0]), 0)
    above = body[:start]
    rest = body[start + len(headline) :]
    if not rest:
        return None
    size = body_font_size(rest)
    byline, author, date = _byline_block(rest[:_HEAD_ZONE_LINES], size)
    if date is None:
        # A date printed over the headline alone on its line ("3 September 2026").
        date = next((date_in(line.text) for line in above if only_a_date(line.text)), None)
    tail = _tail(rest, size)
    quotes = _pull_quotes(rest, size)
    furniture = set(chrome) | {id(line) for line in above} | byline | tail
    furniture |= {
        id(line)
        for line in rest
        if _link_row(line.text) or (abs(line.size - size) > 0.5 and _furniture_line(line.text))
    } | _notices(rest)
    site = parts[-1] if len(parts) > 1 else None
    if site is None:
        site = next((name for line in above if (name := masthead(line.text))), None)
    opinion = any(_OPINION_PART.fullmatch(part) for part in parts[1:]) or any(
        _OPINION_CRUMB.match(line.text) for line in above
    )
    return PrintedPage(
        page_title=page_title,
        url=url,
        headline=tuple(headline),
        author=author,
        date=date,
        site=site,
        opinion=opinion,
        furniture=frozenset(furniture),
        pull_quotes=tuple(quotes),
    )


def printed_extracted(
    page: PrintedPage, lines: Sequence[Line], info: dict[str, str], extractor: str, filename: str
) -> Extracted:
    """The article of a printed web page as `Extracted`: the paragraphs of the lines that are
    text (`PrintedPage.furniture`, the headline and the pull quotes left out; a pull quote that
    repeats no paragraph put back after the one before it, the author's), titled by its
    headline, by its byline's author on its own date (the file's /CreationDate only its
    `created`), published by its site, linked to its URL. Raises `CorpusError` naming
    `filename` when nothing is left."""
    left_out = set(page.furniture) | {id(line) for line in page.headline}
    left_out |= {id(line) for quote in page.pull_quotes for line in quote}
    read = read_paragraphs([line for line in lines if id(line) not in left_out])
    paragraphs, cut = read.paragraphs, read.cut
    if not paragraphs:
        raise CorpusError(filename, "the PDF has no text layer (a scan?); upload its text instead")
    author = page.author or _bio_author(paragraphs)
    for quote in page.pull_quotes:
        paragraphs = _with_pull_quote(paragraphs, quote, lines, author)
    title = clean_field(" ".join(line.text for line in page.headline))
    return Extracted(
        paragraphs=tuple(paragraphs),
        extractor=extractor,
        title=title
        or clean_field(_TITLE_PARTS.split(page.page_title or "")[0])
        or clean_field(info.get("Title")),
        author=author,
        publisher=page.site,
        date=page.date,
        created=parse_date(info.get("CreationDate")),
        url=page.url,
        kind=Kind.OP_ED.value if page.opinion else None,
        notes=(cut.note(),) if cut is not None else (),
        references=read.references,
    )


def _bio_author(paragraphs: Sequence[Paragraph]) -> str | None:
    """The writer a column's closing line about its writer names ("Jo Kim is director of the
    charity Ballot Forward", "Jo Kim writes about transport"), among its last
    `_BIO_PARAGRAPHS`; None when there is none."""
    for paragraph in paragraphs[-_BIO_PARAGRAPHS:]:
        found = _BIO.match(paragraph.text)
        if found and len(paragraph.text) <= _MAX_BIO_CHARS and is_person_name(found["name"]):
            return found["name"]
    return None


def _print_chrome(edge: Sequence[Line], pieces: dict[int, _Chrome]) -> set[int]:
    """Ids of the browser's header and footer lines: those holding a print time, the URL or
    the page count, and the <title> printed on the row of one of them."""
    found = set(pieces)
    held: dict[int, list[Line]] = {}
    for line in edge:
        if id(line) in pieces:
            held.setdefault(line.page, []).append(line)
    for line in edge:
        if id(line) not in found and any(
            _same_row(line, other) for other in held.get(line.page, [])[:_MAX_CHROME_LINES]
        ):
            found.add(id(line))
    return found


def _same_row(one: Line, other: Line) -> bool:
    return min(one.y1, other.y1) - max(one.y0, other.y0) > 0.5 * min(one.size, other.size)


def _header_title(line: Line, chrome: set[int], pieces: dict[int, _Chrome]) -> str | None:
    """The page's <title> a header or footer line prints: the text beside its print time or
    URL, or the line on their row; None for other lines."""
    if id(line) not in chrome:
        return None
    piece = pieces.get(id(line))
    return clean_field(piece.rest if piece is not None else line.text)


def _headline(body: Sequence[Line], stated: Sequence[str]) -> list[Line]:
    """The headline's lines: those of the first page that read as a part of the <title>
    (`stated`, the likeliest first; a long one cut short by the browser with "…" opening them),
    or else the first page's lines set largest, one after another (none when no line is set
    larger than the text)."""
    first = [line for line in body if line.page == min((b.page for b in body), default=1)]
    for part in stated:
        wanted = _folded(part.rstrip("…. "))
        for start in range(len(first)):
            for end in range(start + 1, min(start + 4, len(first)) + 1):
                text = _folded(" ".join(line.text for line in first[start:end]))
                if text == wanted or (part.endswith("…") and text.startswith(wanted)):
                    return first[start:end]
    if not first:
        return []
    largest = max(line.largest for line in first)
    if largest < _HEADLINE_SHARE * body_font_size(list(body)):
        return []  # nothing set larger than the text: no headline to tell
    start = next(i for i, line in enumerate(first) if line.largest == largest)
    end = start
    while end + 1 < min(len(first), start + _HEADLINE_LINES) and first[end + 1].largest == largest:
        end += 1
    return first[start : end + 1]


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[’‘]", "'", text).split()).casefold()


def _byline_block(zone: Sequence[Line], size: float) -> tuple[set[int], str | None, dt.date | None]:
    """The byline block among the lines under the headline: the ids of its lines, its author
    and its date. A run of small short lines holding a byline or a date is the block (its share
    buttons and comment count with it); a line of the text's size only when it is a byline or a
    date alone."""
    found: set[int] = set()
    author: str | None = None
    date: dt.date | None = None
    run: list[Line] = []
    for line in [*zone, None]:
        if line is not None and line.size <= _SMALL_SHARE * size and _short(line.text):
            run.append(line)
            continue
        named = [(name, day) for item in run for name, day in [_byline_parts(item.text)]]
        if any(name or day for name, day in named):
            found |= {id(item) for item in run}
            author = author or next((name for name, _ in named if name), None)
            date = date or next((day for _, day in named if day), None)
        run = []
        if line is not None and _short(line.text):
            name, day = _byline_parts(line.text)
            if name or day or _SHARE_LINE.fullmatch(" ".join(line.text.split())):
                found.add(id(line))
                author, date = author or name, date or day
    return found, author, date


def _short(text: str) -> bool:
    return len(text) <= _MAX_BYLINE_BLOCK_CHARS and not re.search(r"\w\w[.!?]$", text.strip())


def _byline_parts(text: str) -> tuple[str | None, dt.date | None]:
    """The author and the date a line of a byline block gives ("By Jo Kim", "Jo Kim", "Jo Kim,
    Political columnist", "Thu 3 Sep 2026 07.00 BST · Updated ...")."""
    text = " ".join(text.split())
    name = byline_name(text)
    if name is not None and not is_person_name(name):
        name = None
    if name is None:
        head, _, role = text.partition(",")
        if is_person_name(head) and (
            not role or (len(role.split()) <= _ROLE_WORDS and not date_in(role))
        ):
            name = head.strip()
    day = date_in(text) if name is None or not byline_rest(text) else date_in(byline_rest(text))
    return name, day


def _tail(rest: Sequence[Line], size: float) -> set[int]:
    """Ids of the lines from the first heading of the links under the article to the end."""
    for index, line in enumerate(rest):
        if (
            index >= _HEAD_ZONE_LINES // 2
            and len(line.text) <= _MAX_TAIL_MARK_CHARS
            and _TAIL_MARK.fullmatch(" ".join(line.text.split()))
        ):
            return {id(other) for other in rest[index:]}
    return set()


def _link_row(text: str) -> bool:
    """Whether a line is a row of links ("About us · Contact us · Privacy policy · Help")."""
    parts = [part for part in _LINK_ROW.split(text.strip(" ·•|")) if part]
    return len(parts) >= _LINK_PARTS and all(
        len(part.split()) <= _LINK_WORDS and not part.endswith(".") for part in parts
    )


def _furniture_line(text: str) -> bool:
    """Whether a short line is page furniture alone ("Advertisement", "Share this article",
    "Photograph: Jo Kim/The Courier"), as `furniture.is_furniture` reads a pasted page's; asked
    of lines set in another size than the text only."""
    return len(text) <= _MAX_FURNITURE_LINE_CHARS and is_furniture(" ".join(text.split()))


def _notices(rest: Sequence[Line]) -> set[int]:
    """Ids of the lines of a cookie notice: a block speaking of cookies and asking to accept."""
    boxes: dict[int, list[Line]] = {}
    for line in rest:
        boxes.setdefault(line.box, []).append(line)
    found: set[int] = set()
    for box in boxes.values():
        text = " ".join(line.text for line in box)
        if len(text) <= _MAX_NOTICE_CHARS and _COOKIES.search(text) and _CONSENT.search(text):
            found |= {id(line) for line in box}
    return found


def _pull_quotes(rest: Sequence[Line], size: float) -> list[tuple[Line, ...]]:
    """The pull quotes among the article's lines: a run of lines set larger than the text, in
    quotation marks from the first to the last."""
    found: list[tuple[Line, ...]] = []
    run: list[Line] = []
    for line in [*rest, None]:
        if line is not None and line.size >= _PULL_QUOTE_SHARE * size:
            run.append(line)
            continue
        text = " ".join(item.text for item in run).strip()
        if (
            len(text) > 2
            and len(text) <= _MAX_PULL_QUOTE_CHARS
            and text[0] in _QUOTES_OPEN
            and text.rstrip(".")[-1] in _QUOTES_CLOSE
        ):
            found.append(tuple(run))
        run = []
    return found


def _with_pull_quote(
    paragraphs: list[Paragraph], quote: tuple[Line, ...], lines: Sequence[Line], author: str | None
) -> list[Paragraph]:
    """The paragraphs with a pull quote put back after the paragraph printed before it, unless
    a paragraph holds its words already; credited to the author as a quotation of theirs."""
    text = " ".join(line.text for line in quote).strip()
    analyser = default_analyser()
    terms = term_set(analyser, text)
    if not terms or any(
        len(terms & term_set(analyser, p.text)) >= _REPEATED_SHARE * len(terms) for p in paragraphs
    ):
        return paragraphs
    index = next(i for i, line in enumerate(lines) if line is quote[0])
    before = next(
        (line for line in reversed(lines[:index]) if _words(line.text)),
        None,
    )
    at = len(paragraphs)
    if before is not None:
        tail = _words(before.text)
        at = next(
            (
                i + 1
                for i in range(len(paragraphs) - 1, -1, -1)
                if tail in _words(paragraphs[i].text)
            ),
            len(paragraphs),
        )
    section = paragraphs[at - 1].section if at else None
    pull = Paragraph(
        text=" ".join(text.split()),
        section=section,
        speaker=author,
        page=quote[0].page,
        quoted=author is not None,
    )
    return [*paragraphs[:at], pull, *paragraphs[at:]]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
