"""HTML pages -> `Extracted`: the article's paragraphs, headings and metadata (trafilatura).

trafilatura finds the article in the page and hands back its structure (`<p>`, `<head>`,
`<list>`/`<item>`, `<quote>`), which is kept: one paragraph per block, a heading as the section
of the paragraphs under it. The bytes are decoded here, by the charset the page (or the server
that sent it) declares, else by detection; an undecodable page is refused, never patched with
U+FFFD. What trafilatura leaves of a site's furniture (newsletter and letters boxes, share and
follow lines, related-article links, the author's bio, pull quotes repeating the text) is
dropped by the rules below.
"""

from __future__ import annotations

import codecs
import copy
import dataclasses
import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.engine.formats.extracted import (
    Extracted,
    Paragraph,
    clean_field,
    extractor_name,
    parse_date,
)
from bot.engine.models import CorpusError
from bot.engine.voices import ABOUT_THE_AUTHOR, CAPTION

log = logging.getLogger(__name__)

# Bump when the rules below change what a page gives, so stored uploads can be extracted again.
# 3: the author's bio kept, last, "About the author"; 4: the page's other titles kept as aliases.
# 5: labelled paragraphs are turns; 6: table rows; 7: a page that states no date has none;
# 8: a letter's salutation and sign-off are no passages; 9: the people reported without job
# titles, with accents, no firm taken for a person; 10: figure captions kept where the figure
# stands (the publisher's), paragraphs inside a block quote are quotes (a repeated one a pull quote)
# 11: a paragraph wholly in italics is an aside (after an interview's turns, the publisher's);
# 12: the roles a text calls people by ("the mayor"), and surnames that are place words ("Linda
# Park"); 13: a transcript's introduction dates it, head fields ("Location:") are no turns, an
# oral history's "Q"/"A" its interviewer's and interviewee's; a date alone heads a diary's entry; a
# line break (`<br>`) inside a paragraph is a space between its words; no date from a search of
# the text (htmldate's "January 1" of a year a note names); a letter set in a page its signer's;
# 14: a speaker label that is a role ("THE CHAIRMAN:") a speaker a question can name, a titled one
# known by its title ("the mayor")
HTML_EXTRACTION_VERSION = 14

# A page's own charset declaration is looked for in its first bytes, as browsers do (the HTML
# standard's prescan reads 1,024; some pages put long scripts first, so a little more).
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
# The HTML standard decodes these labels as windows-1252 (a superset that gives the bytes
# 0x80-0x9F their printable meaning).
_WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"}

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
    r"|^(?:comments?|leave a comment|join the conversation)\b",
    re.IGNORECASE,
)
_SHORT = 400  # characters: furniture rules apply to paragraphs shorter than this
_LINK_SHARE = 0.8  # a short paragraph mostly made of link text is a link to elsewhere
# A short box that opens with a label ("How to get help: ...", "Related: ...") and links out.
_LABELLED_BOX = re.compile(r"^[A-Z][\w' ]{0,30}:\s")
_LABELLED_LINK_SHARE = 0.3
_PULL_QUOTE_SHARE = 0.85  # of a pull quote's words found in order in one paragraph
_BIO_WINDOW = 3  # an author's bio is among the last paragraphs
# The longest author's bio taken from the page around the article, and the section the bio is
# kept under, last: what the page says of its author, in the publisher's voice (`voices`).
_BIO_CHARS = 700
# A class token that names an author's bio box ("author-bio", "c-article-writer__bio", "bio").
_BIO_CLASS = re.compile(r"(?:^|[-_])bio(?:$|[-_])", re.IGNORECASE)
# A letter's complimentary close alone, and the longest signature line that follows it.
_CLOSE = re.compile(
    r"(?i:sincerely|yours(?: sincerely| truly| faithfully)?|regards|best regards|kind regards|"
    r"warmly|warm regards|respectfully|cordially|best wishes|with thanks|thank you),?"
)
_SIGNATURE_CHARS = 120
_QUOTES_OPEN = "\"“‘'«„"
# Figure captions (`page_captions`): a caption of fewer words is a label or a credit ("Photo:
# Reuters"), not a sentence the page states; the blocks either side of a figure that may place
# it in the article; the elements that credit a picture, not caption it ("o-credit", "c-credit
# __attribution"); and the page's boxes whose pictures are not the article's.
_CAPTION_WORDS = 4
_CAPTION_ANCHORS = 3
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|photographer", re.IGNORECASE)
_FIGURE_FURNITURE = re.compile(
    r"\bbio\b|author-info|share|social|newsletter|related|promo|comment|advert|recirc|teaser",
    re.IGNORECASE,
)
_TEXT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
_ITALIC = ("em", "i")


@dataclass(frozen=True, slots=True)
class Caption:
    """A figure's caption on a page and the text blocks around the figure that place it:
    `before` the nearest blocks before it, nearest first, `after` those after it (each
    `_squashed`, at most `_CAPTION_ANCHORS`)."""

    text: str
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(slots=True)
class _Block:
    tag: str  # "p", "head", "item" or "quote"
    text: str
    link_chars: int
    heading_level: int = 0


def decode_html(data: bytes, declared: str | None = None) -> str:
    """The page's text: by its byte-order mark; as UTF-8 when it is valid UTF-8 beyond ASCII;
    else by the charset `declared` by the server (the Content-Type header of a fetched page),
    then the page's own `<meta charset>`, then charset-normalizer's detection.

    Raises `ValueError` naming what was tried when no charset decodes the bytes; a charset
    that is declared but does not fit the bytes is passed over, never decoded with
    replacement characters.
    """
    for bom, bom_encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(bom_encoding)
    if b"\x00" in data:
        # No web page's text holds a NUL byte (UTF-16 ones start with a byte-order mark).
        raise ValueError("the file is binary (it holds NUL bytes), not an HTML page")
    if not data.isascii() and _is_utf8(data):
        # Bytes that decode as UTF-8 (with some non-ASCII) are UTF-8 whatever a stale
        # declaration says: a legacy single-byte text almost never forms valid UTF-8 sequences.
        return data.decode("utf-8")
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    meta = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for name in candidates:
        encoding = _codec(name)
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            log.info("the page does not decode as its declared %s; detecting", name)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError(
            "the page's character encoding cannot be told (it is not "
            + ", ".join(dict.fromkeys(candidates))
            + ")"
        )
    return str(best)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _codec(name: str) -> str | None:
    label = name.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def extractor() -> str:
    """The name and version of this extraction, as stored with an upload."""
    return extractor_name("html", HTML_EXTRACTION_VERSION, "trafilatura")


def extract_html(
    data: bytes, filename: str, *, declared_charset: str | None = None, url: str | None = None
) -> Extracted:
    """Extract the article of an HTML page (bytes as uploaded or fetched).

    Raises `CorpusError` naming `filename` when the page cannot be decoded or holds no article
    text.
    """
    import trafilatura  # imported here: only uploads need it, and it loads lxml
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    try:
        html = decode_html(data, declared_charset)
    except ValueError as error:
        raise CorpusError(filename, str(error)) from None
    # The page parsed once, as trafilatura parses it: its author box is read (`page_bio`)
    # before trafilatura, which prunes the tree it is given, takes the article out of it.
    tree = load_html(html)
    if tree is None:
        raise CorpusError(filename, "no article text was found in the HTML page")
    boxed = page_bio(tree)
    headings = page_titles(tree)
    captions = page_captions(tree)
    italic = italic_paragraphs(tree)
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=True,
        include_formatting=False,
        # No date from a search of the page's text: htmldate reads a month or a year there (a
        # note's "March 2019") as January 1 of it. A date the text states is read by the head.
        date_extraction_params=set_date_params(extensive=False),
    )
    body = getattr(result, "body", None)
    if not isinstance(result, trafilatura.settings.Document) or body is None:
        raise CorpusError(filename, "no article text was found in the HTML page")
    publisher = clean_field(result.sitename)
    hostname = clean_field(result.hostname)
    title = _title(clean_field(result.title), publisher, hostname)
    others = _other_titles(headings, title, publisher, hostname)
    author = _author(clean_field(result.author), publisher)
    paragraphs = with_asides(blocks_to_paragraphs(body, title, author), italic)
    if not paragraphs:
        raise CorpusError(filename, "no article text was found in the HTML page")
    # Who wrote it, and what they do: a reader weighing a source asks it of the page. The
    # page's own bio box (one that names the author) is taken over the bio line trafilatura
    # kept when it holds that line whole (trafilatura's copy can lose the space after a linked
    # name and the text of links), and added when the text holds neither.
    kept = paragraphs.pop().text if paragraphs[-1].section == ABOUT_THE_AUTHOR else None
    paragraphs = with_captions(paragraphs, captions)
    bio = kept
    boxed = [text for text in boxed if _names_author(text, author)]
    if boxed and (
        _squashed(kept) in _squashed(boxed[0])
        if kept is not None
        else not any(_squashed(boxed[0]) in _squashed(p.text) for p in paragraphs)
    ):
        bio = boxed[0]
    if bio is not None:
        paragraphs.append(Paragraph(text=_without_follow(bio), section=ABOUT_THE_AUTHOR))
    page_url = clean_field(result.url) or url
    return Extracted(
        paragraphs=tuple(paragraphs),
        extractor=extractor(),
        title=title,
        author=author,
        publisher=publisher,
        date=parse_date(result.date),
        url=page_url if page_url and re.match(r"https?://\S+$", page_url) else None,
        titles=others,
    )


# --- the page's structure ---------------------------------------------------------------------


def blocks_to_paragraphs(root: Any, title: str | None, author: str | None) -> list[Paragraph]:
    """The paragraphs of an (lxml or trafilatura) element tree: one per paragraph, list item and
    block quote, headings as the section of what follows, page furniture, the headline again,
    the author's bio and pull quotes left out."""
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag in _SKIPPED or _FURNITURE_CLASS.search(root.get("class", "") or ""):
        return []  # trafilatura hands back the navigation itself when a page has no article
    return _paragraphs(list(_blocks(root)), title, author)


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
            yield _Block("p", " | ".join(cells), _link_chars(row))


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


def _paragraphs(blocks: list[_Block], title: str | None, author: str | None) -> list[Paragraph]:
    """Blocks -> paragraphs: headings become sections, furniture goes."""
    kept = [block for block in blocks if not _is_furniture(block)]
    kept = _without_lead_ins(blocks, kept)
    kept, bio = _without_bio(kept, author)
    body = [_comparable(b.text).split() for b in kept if b.tag in ("p", "item")]
    paragraphs: list[Paragraph] = []
    section: str | None = None
    for block in kept:
        if block.tag == "head":
            if title and _comparable(block.text) == _comparable(title):
                continue  # the headline again, above the text
            if block.text[0] not in _QUOTES_OPEN:
                section = block.text
                continue
            # A heading in quotation marks is a pull quote: the speaker's words, set large.
        if block.tag in ("quote", "head") and _repeats(block.text, body):
            continue  # a pull quote repeating a sentence of the text
        paragraphs.append(Paragraph(text=block.text, section=section))
    if bio is not None:
        paragraphs.append(Paragraph(text=bio, section=ABOUT_THE_AUTHOR))
    return _sign_offs_joined(paragraphs)


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


def _is_furniture(block: _Block) -> bool:
    if len(block.text) >= _SHORT:
        return False
    if block.link_chars >= _LINK_SHARE * len(block.text):
        return True
    if block.link_chars >= _LABELLED_LINK_SHARE * len(block.text) and _LABELLED_BOX.match(
        block.text
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
    names = [_comparable(name) for name in author.split(";") if _comparable(name)]
    start = max(0, len(blocks) - _BIO_WINDOW)
    for index in range(start, len(blocks)):
        text = _comparable(blocks[index].text)
        if len(blocks[index].text) < _SHORT * 2 and any(text.startswith(n) for n in names):
            return blocks[:index], blocks[index].text
    return blocks, None


# "Follow him on Twitter.", "Like The Root on Facebook.": a bio's calls to follow, not about
# the author.
_FOLLOW = re.compile(
    r"\s*\b(?:Follow|Like)\b[^.!?]{0,60}\bon (?:Twitter|Facebook|Instagram|LinkedIn|X|"
    r"Threads|Bluesky|Mastodon|TikTok|YouTube)\b[^.!?]*[.!?]?"
)


def _without_follow(bio: str) -> str:
    """A bio without its calls to follow the author or the site on social media (the bio
    itself when nothing else would be left)."""
    return _FOLLOW.sub("", bio).strip() or bio


def page_bio(tree: Any) -> list[str]:
    """The texts of a page's author boxes (an lxml tree, before trafilatura prunes it), in the
    order they are tried: the schema.org description of the page's author (`itemprop="author"`
    ... `itemprop="description"`), then the elements whose class names a bio ("author-bio",
    "c-article-writer__bio"); each of 20 to `_BIO_CHARS` characters, its white space runs one
    space."""
    found = tree.xpath('//*[@itemprop="author"]//*[@itemprop="description"]') + [
        element
        for element in tree.xpath("//*[@class]")
        if any(_BIO_CLASS.search(token) for token in str(element.get("class")).split())
    ]
    texts = (" ".join(element_text(element).split()) for element in found)
    return [text for text in texts if 20 <= len(text) <= _BIO_CHARS]


def page_captions(tree: Any) -> list[Caption]:
    """The captions of a page's figures (an lxml tree, before trafilatura, which drops
    `<figcaption>`), in document order, each with the text blocks around its figure.

    A caption is the `<figcaption>`'s text less the elements crediting the picture; a
    figcaption that is a credit ("Noah Berger / AP" in a `class="credit"`), one of fewer than
    `_CAPTION_WORDS` words, and a figure in the page's furniture (an `<aside>`, `<nav>`,
    `<footer>`, a related-stories or author box) give none."""
    events: list[Caption | str] = []
    for element in tree.iter(*_TEXT_BLOCKS, "figure"):
        if element.tag != "figure":
            if element.xpath("ancestor::figure"):
                continue
            text = _squashed(element.text_content())
            if text:
                events.append(text)
            continue
        caption = _caption_text(element)
        if caption is not None:
            events.append(Caption(caption, (), ()))
    captions: list[Caption] = []
    for index, event in enumerate(events):
        if isinstance(event, Caption):
            before = [e for e in reversed(events[:index]) if isinstance(e, str)]
            after = [e for e in events[index + 1 :] if isinstance(e, str)]
            captions.append(
                Caption(
                    event.text,
                    tuple(before[:_CAPTION_ANCHORS]),
                    tuple(after[:_CAPTION_ANCHORS]),
                )
            )
    return captions


def _caption_text(figure: Any) -> str | None:
    """The caption a `<figure>` states (see `page_captions`), or None."""
    found = figure.find(".//figcaption")
    if found is None or _CREDIT_CLASS.search(found.get("class", "") or ""):
        return None
    for ancestor in figure.iterancestors():
        if ancestor.tag in ("aside", "nav", "footer") or _FIGURE_FURNITURE.search(
            ancestor.get("class", "") or ""
        ):
            return None
    caption = copy.deepcopy(found)
    for credit in caption.xpath(".//*[@class]"):
        if _CREDIT_CLASS.search(credit.get("class", "")) and credit.getparent() is not None:
            credit.drop_tree()
    text = " ".join(element_text(caption).split())
    return text if len(text.split()) >= _CAPTION_WORDS else None


def with_captions(paragraphs: list[Paragraph], captions: list[Caption]) -> list[Paragraph]:
    """The paragraphs with each caption (`page_captions`) where its figure stands: after the
    nearest block before the figure that is a paragraph of the article, else before the
    nearest such block after it; a caption near no paragraph of the article is the page's,
    not the article's, and is left out, as is one the paragraphs hold already. Each caption
    is a paragraph of its own under the section `CAPTION` (the publisher's words, `upload`)."""
    out = list(paragraphs)
    held = {_squashed(p.text) for p in paragraphs}
    for caption in captions:
        if _squashed(caption.text) in held:
            continue
        place = _caption_place(out, caption)
        if place is not None:
            out.insert(place, Paragraph(text=caption.text, section=CAPTION))
            held.add(_squashed(caption.text))
    return out


def _caption_place(paragraphs: list[Paragraph], caption: Caption) -> int | None:
    """Where in `paragraphs` a caption goes (see `with_captions`), or None."""
    squashed = [_squashed(p.text) for p in paragraphs]
    for anchor in caption.before:
        for index, text in enumerate(squashed):
            if text == anchor and paragraphs[index].section != CAPTION:
                after = index + 1
                while after < len(paragraphs) and paragraphs[after].section == CAPTION:
                    after += 1  # after the captions of the figures before this one
                return after
    for anchor in caption.after:
        if anchor in squashed:
            return squashed.index(anchor)
    return None


def italic_paragraphs(tree: Any) -> set[str]:
    """The paragraphs (`<p>`) of an lxml tree set wholly in italics: each one's text, `_squashed`,
    where every word is inside `<em>` or `<i>` (read before trafilatura, which drops
    emphasis, as the Markdown renderer's output is)."""
    found: set[str] = set()
    for paragraph in tree.iter("p"):
        children = [child for child in paragraph if isinstance(child.tag, str)]
        if (
            children
            and not (paragraph.text or "").strip()
            and all(c.tag in _ITALIC and not (c.tail or "").strip() for c in children)
        ):
            text = _squashed(paragraph.text_content())
            if text:
                found.add(text)
    return found


def with_asides(paragraphs: list[Paragraph], italic: set[str]) -> list[Paragraph]:
    """The paragraphs, those whose text is one of the `italic` ones (`italic_paragraphs`)
    marked as set apart (`Paragraph.aside`)."""
    return [
        dataclasses.replace(paragraph, aside=True)
        if _squashed(paragraph.text) in italic
        else paragraph
        for paragraph in paragraphs
    ]


def page_titles(tree: Any) -> list[str]:
    """The titles a page gives itself besides its headline (an lxml tree, before trafilatura
    prunes it): its `<title>`, and the `og:title` and `twitter:title` it gives for sharing,
    in that order, as written."""
    found = [tree.findtext(".//title") or ""]
    found += tree.xpath('//meta[@property="og:title" or @name="twitter:title"]/@content')
    return [str(text) for text in found if str(text).strip()]


def _other_titles(
    found: list[str], title: str | None, publisher: str | None, hostname: str | None
) -> tuple[str, ...]:
    """Of `found` (`page_titles`), each less the site's name (`_title`), those that say more
    than the headline `title`: not the same words, nor a part of it. A page whose `<title>` is
    "Canada's Former Liberal Party Leader Offers Advice to Young Liberals | The New Republic"
    over the headline "I Wish Someone Had Told Me This Before I Became a Politician" is known
    by both."""
    headline = _comparable(title or "")
    others: dict[str, str] = {}
    for text in found:
        other = _title(clean_field(text), publisher, hostname)
        compared = _comparable(other or "")
        if other and compared and compared not in headline and compared not in others:
            others[compared] = other
    return tuple(others.values())


def _names_author(text: str, author: str | None) -> bool:
    """Whether `text` holds the surname of one of the `;`-separated authors."""
    surnames = {name.split()[-1].lower() for name in (author or "").split(";") if name.split()}
    return any(surname in text.lower() for surname in surnames)


def _repeats(text: str, paragraphs: list[list[str]]) -> bool:
    """Whether `text` is a pull quote: its words found, in order and nearly all of them, in one
    paragraph of the text (a pull quote may leave words out)."""
    words = _comparable(text).split()
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


def _comparable(text: str) -> str:
    """Lower case letters and digits, single-spaced: for comparing names and sentences."""
    return " ".join(re.sub(r"[^\w\s]", "", text.replace("’", "'")).casefold().split())


# --- metadata -----------------------------------------------------------------------------------

_TITLE_SEPARATOR = re.compile(r"\s+[|–—·:»-]\s+")


def _title(title: str | None, publisher: str | None, hostname: str | None) -> str | None:
    """The headline without the site's name before or after it ("Headline | Site")."""
    if not title:
        return None
    names = {_squashed(name) for name in (publisher, hostname) if name}
    host = _squashed(hostname or "")
    separators = [match.span() for match in _TITLE_SEPARATOR.finditer(title)]
    start, end = 0, len(title)
    while separators and _is_site(title[separators[-1][1] : end], names, host):
        end = separators.pop()[0]
    while separators and _is_site(title[start : separators[0][0]], names, host):
        start = separators.pop(0)[1]
    return title[start:end].strip() or title


def _is_site(part: str, names: set[str], host: str) -> bool:
    squashed = _squashed(part)
    return bool(squashed) and (squashed in names or (len(squashed) > 3 and squashed in host))


def _squashed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold().removeprefix("www."))


def _author(author: str | None, publisher: str | None) -> str | None:
    """The byline's people; the site's name (or a mangled form starting with it, such as
    "CBS News February") is not a person. A byline that is only the site gives the site."""
    if not author:
        return None
    site = _squashed(publisher or "")
    people = [
        name.strip()
        for name in author.split(";")
        if name.strip() and not (site and _squashed(name).startswith(site))
    ]
    if not people:
        return publisher
    return "; ".join(people)
