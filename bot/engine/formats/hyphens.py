"""Words broken at a line end: joined again, or kept as a hyphenated compound.

A PDF's lines and a hard-wrapped text file's break words with a hyphen ("in-" / "crease",
"long-" / "term"). Two lines are one text again with the broken word whole, unless the
document writes the compound with its hyphen elsewhere, or not the joined word and the first
part is a prefix that makes compounds, or a part is capitalised ("FAA-approved").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A hyphen, a Unicode hyphen, or a soft hyphen ending a line.
HYPHENS = "-\u2010\u00ad"
_WORD_END = re.compile(r"([^\W\d_][\w'’]*)[" + HYPHENS + r"]$")
_WORD_START = re.compile(r"^([^\W\d_][\w'’]*)")
# Prefixes that make compounds with a hyphen ("long-term", "self-made"), kept at a line end when
# the document does not settle it by writing the word elsewhere.
COMPOUND_PREFIXES = frozenset(
    "all anti co counter cross ex far full half high left life long low mid multi near non "
    "off one over part post pre pro right self semi short so state three two under well "
    "wide world year".split()
)


def broken_word(line: str, following: str) -> tuple[str, str] | None:
    """The two parts of a word `line` breaks with a hyphen at its end and `following` goes on
    with ("in", "crease"); None when `line` ends otherwise."""
    end = _WORD_END.search(line.rstrip())
    start = _WORD_START.match(following.lstrip())
    if end is None or start is None:
        return None
    return end.group(1), start.group(1)


def joined_lines(text: str, following: str, vocabulary: set[str]) -> str:
    """Two lines as one text: a word broken at the line end is one word again, a compound
    keeps its hyphen; other lines are joined with a space."""
    parts = broken_word(text, following)
    if parts is None:
        return f"{text} {following}"
    end = len(text.rstrip()) - 1  # the hyphen
    if keeps_hyphen(*parts, vocabulary):
        return f"{text[:end]}-{following.lstrip()}"
    return f"{text[:end]}{following.lstrip()}"


def keeps_hyphen(head: str, tail: str, vocabulary: set[str]) -> bool:
    """Whether a word broken as `head`- / `tail` is a hyphenated compound (see the module)."""
    compound = f"{head}-{tail}".casefold()
    joined = f"{head}{tail}".casefold()
    if compound in vocabulary:
        return True
    if joined in vocabulary:
        return False
    if tail[:1].isupper() or head.isupper():
        return True  # "FAA-approved", "anti-European"
    return head.casefold() in COMPOUND_PREFIXES


def written_words(lines: Iterable[str]) -> set[str]:
    """The words a document writes within its lines (hyphenated compounds included, folded);
    a word broken at a line's end is not one of them."""
    words: set[str] = set()
    for line in lines:
        found = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*-?", line)
        if found and found[-1].endswith("-"):
            found.pop()  # broken at the line end: not a word as written
        words.update(word.casefold() for word in found)
    return words
