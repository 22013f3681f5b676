"""What a PDF's pages leave in text pasted from it: running headers, page numbers, headings.

Text copied out of a PDF keeps each page's header or footer ("Water Strategy 2024-2030
Page 2", "Harbour Review | Clearing the Air          4", a lone "4") among its sentences, and
often a section's heading again at the next page's top. `page_furniture` finds those lines (the
reader drops them and joins the paragraph they cut); `is_pasted_heading` tells a section's
heading ("2. What the modelling shows", "Foreword") among hard-wrapped lines with no blank
lines between paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# A page's header or footer left in text pasted from a PDF: its words, a run of spaces and the
# page number ("Water Strategy 2024-2030        Page 2"), the number first ("Page 2      Water
# Strategy"), or the number alone ("Page 2", "- 2 -", "2 of 9", "2"); `PAGE_MARK` is the shape
# that needs no second page to be believed.
_PAGE = r"page[ \t]+\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?"
PAGE_MARK = re.compile(
    rf"{_PAGE}|[-–—][ \t]*\d{{1,4}}[ \t]*[-–—]|\d{{1,4}}[ \t]+of[ \t]+\d{{1,4}}", re.I
)
# A header or footer whose number follows its words after a run of spaces or a bar, "page"
# unsaid ("Clearing the Air                 4", "Harbour Review 2025 | page 4", "4 | Harbour
# Review"): believed, as a bare number is, only when it recurs with another number.
_NUMBERED_HEAD = (
    r"\S.*?(?:[ \t]{3,}|[ \t]*[|·•][ \t]*)(?:page[ \t]+)?\d{1,4}|\d{1,4}[ \t]*[|·•][ \t]*\S.*"
)
_RUNNING_HEAD = re.compile(
    rf"\S.*?[ \t]{{3,}}{_PAGE}|{_PAGE}[ \t]{{3,}}\S.*|{PAGE_MARK.pattern}|{_NUMBERED_HEAD}"
    r"|\d{1,4}",
    re.I,
)
_WIDE = re.compile(r"[ \t]{3,}")
# A heading set again at a page's top may say so ("3. Air quality (continued)").
_CONTINUED = re.compile(r"[ \t]*[(\[]?\b(?:continued|cont'?d?\.?)[)\]]?[ \t]*$", re.I)
# A numbered list's item in pasted text: "2. All net revenue ...", "3) The discount ...".
_LIST_ITEM = re.compile(r"\d{1,2}[.)][ \t]+[A-Z]")
# A pasted report's head (title, body, chair, date) has this many lines at most.
_MAX_HEAD_LINES = 8
# A line repeated next to page numbers is a running header when it is this short at most.
_MAX_REPEATED_CHARS = 80
# A section's heading in pasted text: a number ("2.", "2.1", "3)") and words, or up to this
# many words, each capitalised or a small joining word; no sentence's end after it.
_MAX_HEADING_WORDS = 8
_NUMBERED_HEADING = re.compile(r"\d{1,2}(?:\.\d{1,2})*[.)]?[ \t]+[A-Z][^.!?:;]{0,70}")
_JOINING_WORDS = frozenset("a an and as at by for from in of on or the to with".split())
# What a heading never ends with: a sentence's end, a comma, or a word that joins to more.
_SENTENCE_END = ".!?:;,\"'”’"
# What the line before a heading ends with: a sentence's end, or the year of the head's date
# ("Published November 2025" over "Foreword").
_ENDS_HEAD = re.compile(r"[.!?\"”’)]$|\b\d{4}$")


def page_furniture(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines a PDF's pages left in text pasted from it: a running header or
    footer ending (or opening) with its page number after a run of spaces or a bar ("Water
    Strategy 2024-2030        Page 2", "Clearing the Air | page 4"), or a bare page number
    ("- 4 -", "Page 4", "4 of 9"); a line that is only a number ("4") or ends with one after the
    spaces must recur with another number to be one. A line next to those that repeats an
    earlier line (a section's heading at a page's top, "(continued)" or not) is one too."""
    shapes: dict[str, set[str]] = {}
    found: dict[int, str] = {}
    for index, line in enumerate(lines):
        # A run of spaces read as three: the patterns ask for three or more, and a long run
        # would make them slow.
        match = _RUNNING_HEAD.fullmatch(_WIDE.sub("   ", line.strip()))
        if match is None:
            continue
        shape = re.sub(r"\d+", "#", " ".join(line.split())).casefold()
        shapes.setdefault(shape, set()).add(re.sub(r"\D+", " ", line).strip())
        found[index] = shape
    numbered = {
        index
        for index, shape in found.items()
        if PAGE_MARK.fullmatch(lines[index].strip()) or len(shapes[shape]) > 1
    }
    return numbered | _repeated_by_pages(lines, numbered)


def _repeated_by_pages(lines: Sequence[str], numbered: set[int]) -> set[int]:
    """Lines next to a page's number (`numbered`) that say again what an earlier line said:
    a section's heading or the document's name set at each page's top."""
    if not numbered:
        return set()
    said = [_CONTINUED.sub("", " ".join(line.split())).casefold() for line in lines]
    counts = Counter(text for text in said if text)
    out: set[int] = set()
    for index, text in enumerate(said):
        if not text or index in numbered or len(text) > _MAX_REPEATED_CHARS:
            continue
        if not (_beside(lines, index, numbered, -1) or _beside(lines, index, numbered, 1)):
            continue
        if (counts[text] > 1 and said.index(text) < index) or _CONTINUED.search(lines[index]):
            out.add(index)
    return out


def _beside(lines: Sequence[str], index: int, marked: set[int], step: int) -> bool:
    """Whether the next filled line from `index` in the direction `step` is a marked one."""
    other = index + step
    while 0 <= other < len(lines) and not lines[other].strip():
        other += step
    return other in marked


def is_pasted_heading(line: str, before: str | None, after: str | None) -> bool:
    """Whether `line`, among hard-wrapped lines with no blank lines between paragraphs, is a
    section's heading: after the document's start or a line ending a sentence (`before`; None
    at the start), before a line opening with a capital (`after`), short and ending no
    sentence (`after` None where the line's paragraph would be one line, as a signature is);
    numbered ("2. What the modelling shows") or of at most `_MAX_HEADING_WORDS`
    words each capitalised or a small joining word ("Foreword", "The Case for Change")."""
    text = line.strip()
    if not text or after is None or not after.strip()[:1].isupper():
        return False
    if before is not None and not _ENDS_HEAD.search(before.strip()):
        return False
    words = text.split()
    if text[-1] in _SENTENCE_END or words[-1].casefold() in _JOINING_WORDS:
        return False
    if _NUMBERED_HEADING.fullmatch(text):
        return True
    return len(words) <= _MAX_HEADING_WORDS and all(
        word[:1].isupper() or word[:1].isdigit() or word in _JOINING_WORDS for word in words
    )


def pasted_head(lines: Sequence[str]) -> tuple[list[tuple[int, str]], int]:
    """The head of a report pasted without blank lines (`lines`, its filled lines): the lines
    before its first heading (`is_pasted_heading`) when that is among the first
    `_MAX_HEAD_LINES` and no line before it ends a sentence, each with its index; a line ending
    with a joining word ("An Independent Review of the") and the line it runs on into are one;
    and how many lines the head is. Empty and 0 for no such head."""
    for end, line in enumerate(lines[: _MAX_HEAD_LINES + 1]):
        after = lines[end + 1] if end + 2 < len(lines) else None
        if end and is_pasted_heading(line, lines[end - 1], after):
            break
        if line.strip()[-1:] in ".!?":
            return [], 0
    else:
        return [], 0
    head: list[tuple[int, str]] = []
    joining = False
    for index, line in enumerate(lines[:end]):
        if joining:
            head[-1] = (head[-1][0], f"{head[-1][1]} {line.strip()}")
        else:
            head.append((index, line.strip()))
        joining = line.split()[-1].casefold() in _JOINING_WORDS
    return head, end


def opens_item(line: str, before: str) -> bool:
    """Whether a line opens a numbered list's item ("2. All revenue ...") after a line ending a
    sentence or a colon."""
    return _LIST_ITEM.match(line.strip()) is not None and before.strip()[-1:] in ".!?:;"
