"""An HTML page's apparatus: its contents box and "[edit]" links out, its notes the bibliography.

An encyclopedia page (Wikipedia and its like) sets around its text a contents box (`<div
id="toc">`, a `<nav>` of class "toc", or a "Contents" heading over a list of the page's section
names), an "[edit]" link by each heading, and a notes list closing it: a "References", "Notes"
or "Sources" heading over an ordered list (`<ol class="references">`), cited in the text by
marks (`<sup class="reference">[3]</sup>`, or a Pandoc footnote's `<a href="#fn3"><sup>3</sup>
</a>`). None of them is the author's text. `page_apparatus` takes them out of the page's tree
before trafilatura reads it (so no rule of its own need know them), and gives the notes as
`Reference`s (`debate.parse_reference`), the page's bibliography, as the Markdown reader gives
an essay's (`markdownnotes`); a mark linked to its note is written `[n]` in the text, as
`quote.cited_notes` reads it. Only a list the text cites is taken: a numbered list under
"Sources" that nothing cites stays text. A list of lettered notes ("[a]") stays text too: a
bibliography entry has a number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from bot.engine.formats.debate import parse_reference
from bot.engine.formats.htmltext import element_text
from bot.engine.models import Form, Reference

# A heading over a notes list, as encyclopedias and papers name it.
_NOTES_HEADING = re.compile(
    r"^(?:notes?|footnotes?|endnotes?|references?|citations?|sources?|bibliography|"
    r"works cited)\s*:?$",
    re.IGNORECASE,
)
# A heading over a contents list; a box may add a "hide" toggle.
_CONTENTS_HEADING = re.compile(
    r"^(?:contents|table of contents|on this page|in this article)\s*(?:\[?\(?hide\)?\]?)?\s*:?$",
    re.IGNORECASE,
)
# An id or class token of a contents box: "toc", "mw-panel-toc", "vector-toc", "ez-toc-container".
_TOC_TOKEN = re.compile(r"^(?:toc|(?:.*[-_])?toc(?:[-_].*)?|table-of-contents)$", re.IGNORECASE)
# The site's line under a page's headline.
_TAGLINE = re.compile(r"^From [^,]{1,60}, the [\w\s-]{0,30}encyclop(?:a)?edia\.?$", re.IGNORECASE)
_BOX_TAGS = frozenset({"div", "nav", "section", "aside", "table", "ul", "ol"})
# Most characters of a contents box's text outside its list ("Contents", "hide").
_BOX_LABEL_CHARS = 40
# A class token of an edit link by a heading ("mw-editsection", "editsection").
_EDIT_TOKEN = re.compile(r"^(?:.*[-_])?editsection$", re.IGNORECASE)
# A class token of a notes list or what holds it ("references", Pandoc's "footnotes").
_NOTES_TOKEN = re.compile(r"^(?:references|reflist|footnotes|endnotes)$", re.IGNORECASE)
# A note's link back to its marks: MediaWiki's "^ a b", Pandoc's and Markdown's "↩".
_BACKLINK_TOKEN = re.compile(
    r"^(?:mw-cite-backlink|footnote-back(?:ref)?|reversefootnote|footnote-number)$", re.IGNORECASE
)
_BACK_SIGNS = "^↑↩\ufe0e\ufe0f "
# A list whose items are lettered or in Roman numerals (MediaWiki's "reflist-lower-alpha").
_LETTERED = re.compile(r"alpha|roman|greek|latin", re.IGNORECASE)
_LETTERED_TYPES = frozenset({"a", "A", "i", "I"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MARK = re.compile(r"\[(\d{1,3})\]")
# A note's number opening a paragraph set after a notes heading ("[1] ", "1. ", "1) ").
_NOTE_NUMBER = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)])\s+")
_WEB_LINK = re.compile(r"https?://[^\s<>\"]+$")
# How far up from a list its lettering or its notes class is looked for (MediaWiki's
# `<div class="reflist"><div class="mw-references-wrap"><ol class="references">`).
_WRAPPERS = 3


# A page's `<title>` naming an encyclopedia or a wiki ("Headline - Freepedia, the open
# encyclopedia", "Headline | Fandom Wiki").
_ENCYCLOPEDIA_TITLE = re.compile(r"\bencyclop(?:a)?edia\b|\bwiki\b", re.IGNORECASE)
# A class or id token of a page's readers' comments (WordPress's "comments-area" and
# "comment-list", Disqus's "disqus_thread").
_COMMENTS_TOKEN = re.compile(
    r"^(?:comments|comments-area|comment-list|commentlist|comments-list|disqus_thread)$",
    re.IGNORECASE,
)


# What says a page is a blog's post, not a news site's story (news pages have comments too):
# schema.org's BlogPosting, an `<article>` of a blog engine's post class, or "blog" in the
# page's `<title>` or address.
_BLOG_POSTING = re.compile(r"\bBlogPosting\b")
_POST_TOKEN = re.compile(r"^(?:post|blog-post|type-post|hentry|single-post)$", re.IGNORECASE)
_BLOG_WORD = re.compile(r"\bblog\b", re.IGNORECASE)


def page_form(tree: Any, url: str | None = None) -> Form | None:
    """What an HTML page is beside its article, read before `page_apparatus` changes `tree`:
    an encyclopedia's page (edit links by its headings, the site's tagline under the
    headline, or a `<title>` naming an encyclopedia or a wiki), a blog post (readers' comments
    under a post that says it is a blog's: `_BLOG_POSTING`, `_POST_TOKEN`, "blog" in its
    `<title>` or `url`), or None."""
    title = " ".join(_said(element) for element in tree.iter("title"))
    if _with_class(tree, _EDIT_TOKEN) or _taglines(tree) or _ENCYCLOPEDIA_TITLE.search(title):
        return Form.ENCYCLOPEDIA
    commented = posted = False
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tokens = [element.get("id") or "", *str(element.get("class") or "").split()]
        commented = commented or any(_COMMENTS_TOKEN.match(token) for token in tokens)
        posted = posted or (
            element.tag == "article" and any(_POST_TOKEN.match(token) for token in tokens)
        )
        posted = posted or bool(_BLOG_POSTING.search(str(element.get("itemtype") or "")))
        if element.tag == "script" and element.text and _BLOG_POSTING.search(element.text):
            posted = True
    blog_named = bool(_BLOG_WORD.search(f"{title} {url or ''}"))
    return Form.BLOG if commented and (posted or blog_named) else None


def page_apparatus(tree: Any) -> tuple[Reference, ...]:
    """Take a page's contents box, its headings' "[edit]" links and the notes lists its text
    cites out of `tree` (an lxml tree, changed in place, before trafilatura reads it), and give
    those notes, numbered as listed (an `<ol>`'s `start` counted), as bibliography entries in
    order; a mark linked to a note is written `[n]`. Empty, with the tree unchanged, when the
    page has none of them."""
    for element in _with_class(tree, _EDIT_TOKEN) + _taglines(tree):
        _remove(element)
    for box in _contents_boxes(tree):
        _remove(box)
    references: dict[int, Reference] = {}
    for notes, numbered in [*((n, _numbered(n)) for n in _notes_lists(tree)), *_note_runs(tree)]:
        marks = _linked_marks(tree, numbered)
        if not marks and not _cited(tree, notes, numbered):
            continue
        for anchor, number in marks:
            for child in list(anchor):
                anchor.remove(child)
            anchor.text = f"[{number}]"
        for number, item in numbered.items():
            text = _NOTE_NUMBER.sub("", _entry_text(item)) if notes is None else _entry_text(item)
            if text:
                references.setdefault(number, _reference(number, text, item))
        for item in [notes] if notes is not None else numbered.values():
            _remove(item)
    return tuple(references[number] for number in sorted(references))


def _with_class(tree: Any, token: re.Pattern[str]) -> list[Any]:
    """The elements with a class token `token` matches, outermost only."""
    found = [
        element
        for element in tree.iter()
        if isinstance(element.tag, str)
        and any(token.match(name) for name in str(element.get("class") or "").split())
    ]
    return [e for e in found if not any(a in found for a in e.iterancestors())]


def _taglines(tree: Any) -> list[Any]:
    """The site's line under an encyclopedia page's headline ("From Openpedia, the free
    encyclopedia"; MediaWiki's `id="siteSub"`)."""
    return [
        element
        for element in tree.iter("div", "p", "span")
        if element.get("id") == "siteSub" or _TAGLINE.match(_said(element))
    ]


def _contents_boxes(tree: Any) -> list[Any]:
    """The page's contents boxes: an element whose id or class names one ("toc") and that holds
    a list and little else (no paragraph), or a heading reading "Contents" with the list of the
    page's own headings right after it (the heading and the list)."""
    boxes: list[Any] = []
    for element in tree.iter(*_BOX_TAGS):
        names = [str(element.get("id") or ""), *str(element.get("class") or "").split()]
        if any(_TOC_TOKEN.match(name) for name in names if name) and _is_list_box(element):
            boxes.append(element)
    headings = {_said(h) for h in tree.iter(*_HEADINGS)}
    for heading in tree.iter(*_HEADINGS, "p", "div", "strong", "b"):
        if not _CONTENTS_HEADING.match(_said(heading)):
            continue
        following = heading.getnext()
        if following is None or following.tag not in ("ul", "ol"):
            continue
        items = [_unnumbered(_said(item)) for item in following.iter("li")]
        if len(items) >= 2 and 2 * sum(item in headings for item in items) >= len(items):
            boxes += [heading, following]
    return [box for box in boxes if not any(a in boxes for a in box.iterancestors())]


def _is_list_box(element: Any) -> bool:
    lists = [e for e in element.iter("ul", "ol") if e.find(".//li") is not None]
    if not lists or element.find(".//p") is not None:
        return False
    outside = len(_said(element)) - sum(
        len(_said(e)) for e in lists if not any(a in lists for a in e.iterancestors())
    )
    return outside <= _BOX_LABEL_CHARS


def _said(element: Any) -> str:
    return " ".join(element_text(element).split())


def _unnumbered(text: str) -> str:
    """A contents entry without its number ("1.2 Construction" -> "Construction")."""
    return re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", text)


def _notes_lists(tree: Any) -> Iterator[Any]:
    """The page's ordered lists of numbered notes: each with a notes class on it or on what
    holds it ("references", "footnotes"), or whose nearest heading before it reads "References"
    ("Notes", "Sources"); lettered lists are left."""
    for ordered in tree.iter("ol"):
        if _is_lettered(ordered):
            continue
        near = [ordered, *list(ordered.iterancestors())[:_WRAPPERS]]
        classed = any(
            _NOTES_TOKEN.match(name) for e in near for name in str(e.get("class") or "").split()
        )
        heading = next(
            iter(
                ordered.xpath(
                    "preceding::*[self::h1 or self::h2 or self::h3 or "
                    "self::h4 or self::h5 or self::h6][1]"
                )
            ),
            None,
        )
        if classed or (heading is not None and _NOTES_HEADING.match(_said(heading))):
            yield ordered


def _note_runs(tree: Any) -> list[tuple[None, dict[int, Any]]]:
    """A page's notes set as blocks of their own, not as a list, each (None, its notes by
    number): Substack's and Ghost's (`<div class="footnote">` each, its number a link back to
    its mark), or paragraphs opening with their numbers ("[1] ...", "1. ...") right after a
    "Footnotes" ("Notes", "Sources") heading. Lists (`_notes_lists`) are not among them."""
    runs: list[tuple[None, dict[int, Any]]] = []
    blocks = [
        element
        for element in tree.iter("div", "p", "aside", "li")
        if element.getparent() is not None
        and element.getparent().tag not in ("ol", "ul")
        and "footnote" in str(element.get("class") or "").split()
    ]
    numbered = {n: e for e in blocks if (n := _note_number(element_text(e))) is not None}
    if numbered:
        runs.append((None, numbered))
    for heading in tree.iter(*_HEADINGS, "p"):
        if not _NOTES_HEADING.match(_said(heading)):
            continue
        found: dict[int, Any] = {}
        following = heading.getnext()
        while following is not None and following.tag in ("p", "div"):
            number = _note_number(_said(following))
            if number is None or not _NOTE_NUMBER.match(_said(following)):
                break
            found[number] = following
            following = following.getnext()
        if found:
            runs.append((None, found))
    return runs


def _note_number(text: str) -> int | None:
    """The number a note opens with ("1 Survey ...", "[1] Survey ...", "1. Survey ..."), or
    None."""
    found = re.match(r"\s*\[?(\d{1,3})(?!\d)", text)
    return int(found.group(1)) if found else None


def _is_lettered(ordered: Any) -> bool:
    if str(ordered.get("type") or "") in _LETTERED_TYPES:
        return True
    near = [ordered, *list(ordered.iterancestors())[:_WRAPPERS]]
    return any(_LETTERED.search(f"{e.get('class') or ''} {e.get('style') or ''}") for e in near)


def _numbered(ordered: Any) -> dict[int, Any]:
    """The list's items by number, from its `start` (1 when it gives none)."""
    start = str(ordered.get("start") or "1").strip()
    first = int(start) if start.isdigit() else 1
    items = [child for child in ordered if child.tag == "li"]
    return {first + index: item for index, item in enumerate(items)}


def _linked_marks(tree: Any, numbered: dict[int, Any]) -> list[tuple[Any, int]]:
    """The links in the text to a note of the list, by its id ("#cite_note-3", "#fn3"), and the
    note's number: the marks citing it."""
    # The note's own id, or one inside it (Substack's `<a id="footnote-1">` number).
    ids = {
        str(element.get("id")): number
        for number, item in numbered.items()
        for element in item.iter()
        if isinstance(element.tag, str) and element.get("id")
    }
    items = set(numbered.values())
    return [
        (anchor, ids[href[1:]])
        for anchor in tree.iter("a")
        if (href := str(anchor.get("href") or "")).startswith("#")
        and href[1:] in ids
        and not any(a in items for a in anchor.iterancestors())
    ]


def _cited(tree: Any, notes: Any | None, numbered: dict[int, Any]) -> bool:
    """Whether the page's text outside the list (`notes`; None: the notes set as blocks of
    their own, `numbered`'s) holds a `[n]` mark of one of its numbers."""
    marks = Counter(int(n) for n in _MARK.findall(element_text(tree)))
    for held in [notes] if notes is not None else numbered.values():
        marks.subtract(int(n) for n in _MARK.findall(element_text(held)))
    return any(count > 0 and number in numbered for number, count in marks.items())


def _reference(number: int, text: str, item: Any) -> Reference:
    """The entry's reference; its url, when its text gives none, the first web link in it (an
    encyclopedia links a cited title to the source: `<a href="https://...">Title</a>`)."""
    reference = parse_reference(number, text)
    if reference.url is not None:
        return reference
    links = [str(a.get("href") or "").strip() for a in item.iter("a")]
    url = next((link for link in links if _WEB_LINK.match(link)), None)
    return reference.model_copy(update={"url": url}) if url else reference


def _entry_text(item: Any) -> str:
    """A note's text, without its links back to its marks ("^ a b", "↩")."""
    entry = deepcopy(item)
    for backlink in _with_class(entry, _BACKLINK_TOKEN):
        _remove(backlink)
    text = " ".join(element_text(entry).split())
    return text.lstrip(_BACK_SIGNS).rstrip(_BACK_SIGNS)


def _remove(element: Any) -> None:
    """Take `element` out of its tree, the text after it (its tail) kept in its place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
