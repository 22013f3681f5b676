"""A court's judgment saved as a web page (BAILII, the National Archives' Find Case Law): read as
the PDF reader reads one (`judgment`), from the page's own lines.

trafilatura keeps an article's text and drops what looks like a page's furniture, which on a
judgment's page is its head: the court's name and the parties set centred, one a line (`<br>`)
or one a table cell, the counsel's lines, the judge's name; a paragraph's number set in a cell
or a span of its own is dropped or set apart from its text. So a judgment's page is read from
its tree before trafilatura: each block's text (a paragraph, a cell, a heading, a list item;
the text a block holds beside its blocks, a number's `<span>`, a line of its own; a `<br>` a
line break within the block), less the page's navigation, scripts and forms. Those lines go
to `judgment.judgment_of_lines`, which says whether they are a judgment's and reads it.
"""

from __future__ import annotations

from typing import Any

from bot.engine.formats.extracted import Extracted, clean_field
from bot.engine.formats.judgment import judgment_of_lines

# Elements that start a block of their own (a line of the page's text).
_BLOCKS = frozenset(
    "p div td th li h1 h2 h3 h4 h5 h6 blockquote section article header footer main aside "
    "table tr tbody thead ol ul dl dt dd pre center address figure figcaption hr".split()
)
# Elements whose text is none of the judgment's: scripts, the site's navigation and forms.
_SKIPPED = frozenset("script style noscript nav form button select template iframe svg".split())


def page_judgment(tree: Any, extractor: str) -> Extracted | None:
    """The judgment a web page is (an lxml tree, not changed), read from its lines by
    `judgment_of_lines` with its `<title>` as the file's own title; None when it is not one."""
    lines: list[str] = []
    blocks: list[int] = []
    for block, text in enumerate(_block_texts(tree)):
        for line in text.split("\n"):
            if line.strip():
                lines.append(" ".join(line.split()))
                blocks.append(block)
    return judgment_of_lines(lines, blocks, clean_field(tree.findtext(".//title")), extractor)


def _block_texts(tree: Any) -> list[str]:
    """The page's blocks' texts in reading order, a `<br>` a line break in its block's."""
    found: list[str] = []
    body = tree.find(".//body")
    _walk(body if body is not None else tree, found)
    return [text for text in found if text.strip()]


def _walk(element: Any, found: list[str]) -> None:
    """Append the texts of `element`'s blocks to `found`, in order: its own text beside its
    blocks one, each block's after it; a run that is mostly links (a site's menu, "BAILII:
    Copyright Policy") none."""
    run: list[str] = [element.text or ""]
    linked = 0
    number = _list_start(element)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED:
            run.append(child.tail or "")
            continue
        if tag in _BLOCKS:
            found.append(_unlinked("".join(run), linked))
            run, linked = [], 0
            if number is not None and tag == "li":
                # A numbered list's item: its number, which the page does not write, a line
                # of its own before it (`<li value="12">` sets it).
                number = _item_value(child, number)
                found.append(f"{number}.")
                number += 1
            _walk(child, found)
        elif tag == "br":
            run.append("\n")
        elif tag:
            text = _inline_text(child)
            run.append(text)
            linked += len(text.strip()) if tag == "a" else 0
        run.append(child.tail or "")
    found.append(_unlinked("".join(run), linked))


def _unlinked(text: str, linked: int) -> str:
    """`text`, or nothing when links make up half of it or more (`linked` characters)."""
    words = len(text.strip())
    return "" if words and linked * 2 >= words else text


def _list_start(element: Any) -> int | None:
    """The number of an ordered list's first item (`<ol start>`, else 1); None for any other
    element, or a list numbered by letters or Roman numerals."""
    if element.tag != "ol" or (element.get("type") or "1") != "1":
        return None
    start = element.get("start") or "1"
    return int(start) if start.isdigit() else 1


def _item_value(item: Any, number: int) -> int:
    """A list item's number: its `value` when it gives one, else the one counted."""
    value = item.get("value") or ""
    return int(value) if value.isdigit() else number


def _inline_text(element: Any) -> str:
    """An inline element's text, a `<br>` inside it a line break."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag and tag not in _SKIPPED:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
