"""A live blog's entries on an HTML page: each entry's time (and day, across midnight) its heading.

A live blog (a news site's running coverage of a count, a debate, a match) sets each entry
under a time stamp ("14:32", "3.41pm"), newest first, often in a `<time>` element whose
`datetime` gives the day too, with or without a heading of its own. trafilatura drops the stamp
(a line of a few characters), so an entry's paragraphs would lose the time a reader cites them
by. `with_entry_times` writes each stamp into the page's tree before trafilatura reads it: into
the heading right after it ("03:32 Osei wins the seat"), or as a heading of its own ("03:32"),
so the time is the section of the entry's paragraphs. When the entries run across midnight
(their `datetime` days differ), each heading names its day too ("20 November 2026, 03:32").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lxml import etree

# An entry's stamp: a time of day alone ("14:32", "03.41", "3.41pm", "14:32 GMT").
_CLOCK = re.compile(
    r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\s*(?P<half>[ap]\.?m\.?)?"
    r"(?:\s+(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT))?",
    re.IGNORECASE,
)
# An element that is a stamp by its class, without a `<time>` ("<span class="block-time">").
_STAMP_CLASS = re.compile(r"time|stamp", re.IGNORECASE)
# A page with fewer stamped entries is no live blog: a single "10:30" is a schedule's line.
MIN_ENTRIES = 2
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def with_entry_times(tree: Any) -> list[dt.date | None]:
    """Write each live-blog entry's time stamp into the page's tree (lxml, before trafilatura):
    into the heading right after the stamp, before its text, or, when no heading follows, as
    an `<h3>` in the stamp's place. With the entries' `datetime` days differing, a stamp is
    written with its day ("20 November 2026, 03:41"). The tree is changed in place; a page
    with fewer than `MIN_ENTRIES` stamps is left as it is. Returns the day of each entry
    stamped (None where its `datetime` names none), in page order: empty for no live blog."""
    stamps = _stamps(tree)
    if len(stamps) < MIN_ENTRIES:
        return []
    days = {day for _, _, day in stamps}
    across = len(days) > 1 and None not in days
    for block, clock, day in stamps:
        label = f"{day.day} {day:%B %Y}, {clock}" if across and day is not None else clock
        following = block.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()  # a comment between them
        if following is not None and following.tag in _HEADINGS:
            following.text = f"{label} {following.text or ''}"
            _remove(block)
            continue
        heading = etree.Element("h3")
        heading.text = label
        heading.tail = block.tail
        parent = block.getparent()
        if parent is not None:
            parent.replace(block, heading)
    return [day for _, _, day in stamps]


def _stamps(tree: Any) -> list[tuple[Any, str, dt.date | None]]:
    """The page's entry stamps in document order: the outermost element holding only a time
    of day that is, or holds, a `<time>` element or is of a stamp's class; with the time as
    written and the day its `datetime` gives when that names the same time."""
    found: list[tuple[Any, str, dt.date | None]] = []
    # The elements themselves, not their id(): lxml makes a proxy object for an element each
    # time one is handed out and frees it after, so an id() is reused for another element.
    seen: set[Any] = set()
    for element in tree.iter():
        if not isinstance(element.tag, str) or element in seen:
            continue
        stamped = element.tag == "time" or bool(_STAMP_CLASS.search(element.get("class") or ""))
        text = " ".join("".join(element.itertext()).split())
        clock = _CLOCK.fullmatch(text)
        if not stamped or clock is None:
            continue
        block = element
        parent = block.getparent()
        while (
            parent is not None
            and parent.tag not in ("body", "article", "main", "section")
            and " ".join("".join(parent.itertext()).split()) == text
        ):
            block, parent = parent, parent.getparent()
        seen.update(block.iter())
        if block.getparent() is None:
            continue
        found.append((block, text, _day(block, clock)))
    return found


def _day(block: Any, clock: re.Match[str]) -> dt.date | None:
    """The day a stamp's `<time datetime>` names, when its time of day is the one written
    (a `datetime` in UTC beside a local time written names the day of neither)."""
    for element in block.iter("time"):
        value = element.get("datetime") or ""
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            continue
        hour = int(clock.group("hour")) % 12 if clock.group("half") else int(clock.group("hour"))
        if clock.group("half") and clock.group("half").lower().startswith("p"):
            hour += 12
        if (moment.hour, moment.minute) == (hour, int(clock.group("minute"))):
            return moment.date()
    return None


def _remove(element: Any) -> None:
    """Take an element out of its tree, keeping the text after it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    if tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
