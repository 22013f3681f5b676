"""An HTML page's article text: trafilatura's (or lxml's) element tree -> paragraphs.

One paragraph per block (`<p>`, a list item, a block quote, each run of loose text between
blocks), a table's row a paragraph of its cells, a heading the section of the paragraphs under
it; a line break (`<br>`) inside a paragraph is a space between its words (`element_text`).
What trafilatura leaves of a site's furniture (newsletter and letters boxes, share and follow
lines, related-article links, the lines introducing them), the headline again, the author's bio
and pull quotes repeating the text are left out; a letter's close set apart is joined to its
signature.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.engine.formats.extracted import Paragraph
from bot.engine.voices import ABOUT_THE_AUTHOR

log = logging.getLogger(__name__)

_BLOCKS = {"p", "head", "item", "quote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"}
_CONTAINERS = {"div", "list", "ul", "ol", "section", "article", "main", "body", "figure"}
# Inline elements: their text is part of the paragraph or loose run they stand in.
_INLINE = {
    "a",
    "ref",
    "hi",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "span",
    "small",
    "sup",
    "sub",
    "lb",
    "br",
    "abbr",
    "cite",
    "q",
    "mark",
    "time",
    "font",
    "del",
    "ins",
    "kbd",
    "var",
    "dfn",
}
_SKIPPED = {"graphic", "img", "figcaption", "code", "script", "style", "aside", "nav"}
# Classes of the page furniture that trafilatura's fallback keeps (it returns the raw subtree
# when its own extraction finds too little, as on some older news pages).
_FURNITURE_CLASS = re.compile(
    r"caption|credit|illo-cap|\bbio\b|author-info|share|social|newsletter|related|promo|comment"
    r"|byline|advert",
    re.IGNORECASE,
)
# Calls to action and site furniture, in short paragraphs only (an article may well discuss a
# newsletter). Each names a kind, not a site.
_FURNITURE_TEXT = re.compile(
    r"^(?:sign up|subscribe|advertisement|related|read more|read|see also|more|watch|listen)"
    r"\s*[:.!]"
    r"|^(?:sign up|subscribe)\b"
    r"|\bnewsletter\b"
    r"|submit a letter|letters? to the editor|write to letters@|we want to hear what you think"
    r"|\bfollow (?:us|them|him|her|me) on\b|\bshare (?:this|on)\b"
    r"|check back (?:in )?soon|click here|\b(?:learn|read|find out|know) more about\b"
    r"|^(?:©|copyright\b)|all rights reserved"
    r"|^(?:comments?|leave a comment|join the conversation)\b"
    # A page's feedback box ("Was this page helpful?") and a live blog's labels ("LIVE",
    # "Pinned", "Key events"), each the whole paragraph.
    r"|^(?:was this (?:page|article|answer|information|guide) (?:helpful|useful)\??"
    r"|is this page useful\??|did you find (?:this|what you (?:were|are) looking for)[^.]{0,40}\?"
    r"|live|pinned(?: post)?|key events|show key events only)$",
    re.IGNORECASE,
)
_SHORT = 400  # characters: furniture rules apply to paragraphs shorter than this
_LINK_SHARE = 0.8  # a short paragraph mostly made of link text is a link to elsewhere
# A short box that opens with a label ("How to get help: ...", "Related: ...") and links out.
_LABELLED_BOX = re.compile(r"^[A-Z][\w' ]{0,30}:\s")
_LABELLED_LINK_SHARE = 0.3
_PULL_QUOTE_SHARE = 0.85  # of a pull quote's words found in order in one paragraph
_BIO_WINDOW = 3  # an author's bio is among the last paragraphs
# A letter's complimentary close alone, and the longest signature line that follows it.
_CLOSE = re.compile(
    r"(?i:sincerely|yours(?: sincerely| truly| faithfully)?|regards|best regards|kind regards|"
    r"warmly|warm regards|respectfully|cordially|best wishes|with thanks|thank you),?"
)
_SIGNATURE_CHARS = 120
_QUOTES_OPEN = "\"“‘'«„"
_QUOTES_CLOSE = "\"”’'»“"


@dataclass(slots=True)
class _Block:
    tag: str  # "p", "head", "item", "quote" or "row" (a table's)
    text: str
    link_chars: int
    heading_level: int = 0


def blocks_to_paragraphs(
    root: Any, title: str | None, author: str | None, *, written: bool = False
) -> list[Paragraph]:
    """The paragraphs of an (lxml or trafilatura) element tree: one per paragraph, list item and
    block quote, headings as the section of what follows, page furniture, the headline again,
    the author's bio and pull quotes left out. A tree `written` by hand (rendered Markdown) has
    no navigation: a paragraph that is only a link is its writer's text, kept."""
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag in _SKIPPED or _FURNITURE_CLASS.search(root.get("class", "") or ""):
        return []  # trafilatura hands back the navigation itself when a page has no article
    return _paragraphs(list(_blocks(root)), title, author, written=written)


def _blocks(element: object, quoted: bool = False) -> Iterator[_Block]:
    """The text blocks under an element of trafilatura's (or lxml's) tree, in document order:
    each block element one, and each run of loose text and inline elements between them one
    (`<div>As a student, <a>a link</a> and more</div>` is a paragraph, not its first words).
    Paragraphs inside a block quote (`quoted`: `<quote><p>...</p></quote>`, as a pull quote
    is set) are quotes too."""
    run: list[str] = [element.text or ""]  # type: ignore[attr-defined]
    links = 0
    for child in element:  # type: ignore[attr-defined]
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in _INLINE:  # comments have no tag: only their tail is text
            if tag:
                run.append(element_text(child))
                links += _link_chars(child)
            run.append(child.tail or "")
            continue
        yield from _loose(run, links, quoted)
        run, links = [child.tail or ""], 0
        if tag == "table":
            yield from _table_rows(child)
            continue
        if tag in _SKIPPED or _FURNITURE_CLASS.search(child.get("class", "") or ""):
            if tag not in _SKIPPED:
                log.debug("dropped page furniture: %s", child.get("class"))
            continue
        if tag in _BLOCKS and not any(
            isinstance(grand.tag, str) and grand.tag in _BLOCKS | _CONTAINERS for grand in child
        ):
            text = " ".join(element_text(child).split())
            level = _heading_level(tag, child.get("rend", ""))
            kind = "head" if level else {"li": "item", "blockquote": "quote"}.get(tag, tag)
            if text:
                yield _Block(
                    "quote" if quoted and kind == "p" else kind, text, _link_chars(child), level
                )
        elif tag in _BLOCKS or tag in _CONTAINERS:
            yield from _blocks(child, quoted or tag in ("quote", "blockquote"))
    yield from _loose(run, links, quoted)


def element_text(element: Any) -> str:
    """The text under an element, a line break (`<br>`, trafilatura's `<lb>`) a space: "Your
    loving brother,<br>Tom" is "Your loving brother, Tom", not "brother,Tom" (lxml's
    `itertext` gives a break no text). A comment's text is none of it."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _LINE_BREAKS:
            parts.append(" ")
        elif tag:
            parts.append(element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


_LINE_BREAKS = frozenset({"br", "lb"})


def _table_rows(table: Any) -> Iterator[_Block]:
    """A table's rows, each a paragraph of its cells' text parted by " | " (a results table's
    "Ruth Adebayo | Yes | 2040")."""
    for row in table.iter("row", "tr"):
        cells = [" ".join(element_text(cell).split()) for cell in row]
        cells = [cell for cell in cells if cell]
        if cells:
            yield _Block("row", " | ".join(cells), _link_chars(row))


def _loose(run: list[str], links: int, quoted: bool = False) -> Iterator[_Block]:
    text = " ".join("".join(run).split())
    if text:
        yield _Block("quote" if quoted else "p", text, links)


def _link_chars(element: Any) -> int:
    """Characters of link text under an element."""
    return sum(len("".join(ref.itertext())) for ref in element.iter("ref", "a"))


def _heading_level(tag: str, rend: str) -> int:
    name = rend if tag == "head" else tag
    match = re.fullmatch(r"h([1-6])", name or "")
    if match:
        return int(match.group(1))
    return 2 if tag == "head" else 0


def _paragraphs(
    blocks: list[_Block], title: str | None, author: str | None, *, written: bool = False
) -> list[Paragraph]:
    """Blocks -> paragraphs: headings become sections, furniture goes (links count as furniture
    unless the text is `written` by hand)."""
    kept = [block for block in blocks if not _is_furniture(block, links=not written)]
    kept = _without_lead_ins(blocks, kept)
    kept, bio = _without_bio(kept, author)
    body = [comparable(b.text).split() for b in kept if b.tag in ("p", "item", "row")]
    paragraphs: list[Paragraph] = []
    section: str | None = None
    for block in kept:
        if title and block.tag in ("head", "row") and comparable(block.text) == comparable(title):
            continue  # the headline again: above the text, or heading an infobox's table
        # A heading heads what follows; one in quotation marks is a pull quote: the speaker's
        # words, set large.
        if block.tag == "head" and block.text[0] not in _QUOTES_OPEN:
            section = block.text
            continue
        if block.tag in ("quote", "head") and _repeats(block.text, body):
            continue  # a pull quote repeating a sentence of the text
        own = comparable(block.text).split()
        if (
            block.tag == "p"
            and _in_quotes(block.text)
            and _repeats(block.text, [words for words in body if words != own])
        ):
            continue  # one set as a paragraph of its own ("<p class="pullquote">")
        paragraphs.append(Paragraph(text=block.text, section=section))
    if bio is not None:
        paragraphs.append(Paragraph(text=bio, section=ABOUT_THE_AUTHOR))
    return _sign_offs_joined(paragraphs)


def with_stated_headings(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs with each heading that states something (`states_something`: "Our
    verdict: Mostly false") also a paragraph of its own, first in its section (its `section`
    the heading itself), so its words are text a check or a question finds; a heading that
    only names a topic ("What the figures show") stays the section alone. A heading with no
    paragraph under it is not among the paragraphs, and stays out."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        heading = paragraph.section
        opens = not out or out[-1].section != heading
        if opens and heading is not None and states_something(heading):
            out.append(Paragraph(text=heading, section=heading))
        out.append(paragraph)
    return out


def states_something(heading: str) -> bool:
    """Whether a heading says something of its own, not only what the text under it is
    about: a label and what it states ("Our verdict: Mostly false", "The claim: Fares
    halved"), or a sentence (it ends in a full stop or an exclamation mark)."""
    return bool(_STATING_HEADING.search(heading))


# A heading stating something: a short label, a colon and words after it; or a sentence of three
# words or more.
_STATING_HEADING = re.compile(r"^[^:]{2,40}:\s+\w|^\S+(?:\s+\S+){2,}[^.][.!]$")


def _sign_offs_joined(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A complimentary close set as a block of its own ("Sincerely," then "Alan Montecillo")
    is one paragraph with the name, "Sincerely, Alan Montecillo", as a letter signs off (HTML's
    line breaks are spaces in every paragraph this module makes)."""
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and _CLOSE.fullmatch(previous.text)
            and len(paragraph.text) <= _SIGNATURE_CHARS
        ):
            joined[-1] = Paragraph(f"{previous.text} {paragraph.text}", previous.section)
            continue
        joined.append(paragraph)
    return joined


def _is_furniture(block: _Block, *, links: bool = True) -> bool:
    if len(block.text) >= _SHORT:
        return False
    if links and block.link_chars >= _LINK_SHARE * len(block.text):
        return True
    if (
        links
        and block.link_chars >= _LABELLED_LINK_SHARE * len(block.text)
        and _LABELLED_BOX.match(block.text)
    ):
        return True
    return bool(_FURNITURE_TEXT.search(block.text))


def _without_lead_ins(blocks: list[_Block], kept: list[_Block]) -> list[_Block]:
    """A short paragraph ending in ':' goes with the links it introduces ("Want to learn more?
    Read about:" before a list of links), and a list goes with the dropped line introducing it."""
    kept_ids = {id(block) for block in kept}
    for block, following in itertools.pairwise(blocks):
        introduces = block.text.endswith(":") and len(block.text) < _SHORT
        if introduces and id(block) in kept_ids and id(following) not in kept_ids:
            kept_ids.discard(id(block))
    introduced_by_furniture = False
    for block in blocks:
        if block.tag == "item" and introduced_by_furniture:
            kept_ids.discard(id(block))
            continue
        introduced_by_furniture = id(block) not in kept_ids and block.text.endswith(":")
    return [block for block in kept if id(block) in kept_ids]


def _without_bio(blocks: list[_Block], author: str | None) -> tuple[list[_Block], str | None]:
    """The blocks less the author's bio ("Jane Roe teaches at ...") near the end and what
    follows it (links, sign-up boxes), and the bio's text (None when there is none)."""
    if not author:
        return blocks, None
    names = [comparable(name) for name in author.split(";") if comparable(name)]
    start = max(0, len(blocks) - _BIO_WINDOW)
    for index in range(start, len(blocks)):
        text = comparable(blocks[index].text)
        if len(blocks[index].text) < _SHORT * 2 and any(text.startswith(n) for n in names):
            return blocks[:index], blocks[index].text
    return blocks, None


def _in_quotes(text: str) -> bool:
    """Whether a paragraph is wholly one quotation ("“A cheap fare is worth nothing.”"), as a
    pull quote set as a paragraph of its own is."""
    inner = text[1:-1]
    return (
        len(text) > 2
        and text[0] in _QUOTES_OPEN
        and text[-1] in _QUOTES_CLOSE
        and not any(mark in inner for mark in _QUOTES_OPEN + _QUOTES_CLOSE if mark not in "'’")
    )


def _repeats(text: str, paragraphs: list[list[str]]) -> bool:
    """Whether `text` is a pull quote: its words found, in order and nearly all of them, in one
    paragraph of the text (a pull quote may leave words out)."""
    words = comparable(text).split()
    if len(words) < 6:
        return False
    for paragraph in paragraphs:
        found, position = 0, 0
        for word in words:
            try:
                position = paragraph.index(word, position) + 1
            except ValueError:
                continue
            found += 1
        if found >= _PULL_QUOTE_SHARE * len(words):
            return True
    return False


def comparable(text: str) -> str:
    """Lower case letters and digits, single-spaced: for comparing names and sentences."""
    return " ".join(re.sub(r"[^\w\s]", "", text.replace("’", "'")).casefold().split())


def squashed_text(text: str) -> str:
    """`text` as compared with a caption's anchors, an italic paragraph or a site's name: only
    its letters and digits, lower case, a leading "www." off."""
    return re.sub(r"[^a-z0-9]", "", text.casefold().removeprefix("www."))
