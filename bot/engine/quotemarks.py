"""Text set in quotation marks for display, once: a title or a quote with marks of its own.

A title may be a quotation already ('"Sixteen-year-olds already pay the price"') or hold one
('"The power to stay": speech on ...'), and a quote may be a passage's quotation, marks and
all. Wrapped in “...” as they are, they would show a second pair (“"Sixteen-year-olds ..."”,
““What surprised us ...””). `in_quotes` takes off a pair (or a lone mark at either end) that
encloses the whole text, and makes the double marks left inside single ones (‘...’), as
typesetters nest quotations.
"""

from __future__ import annotations

import re

_DOUBLE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'
# Any one of those marks: text holding none quotes no one in double quotation marks.
DOUBLE_MARK = re.compile(f"[{_DOUBLE_MARKS}]")
_OPENING = "\u201c\u201e\u00ab"
_CLOSING = "\u201d\u00bb"
# Characters after which a straight double mark opens a quotation (else it closes one).
_BEFORE_OPENING = re.compile(r"[\s(\[{\u2014\u2013-]")


def in_quotes(text: str) -> str:
    """`text` (stripped) between “ and ”, with no second pair: marks enclosing the whole text
    taken off (or a lone one opening or closing it, when it is the text's only double mark),
    the other double marks inside made single (“‘The power to stay’: speech on ...”)."""
    inner = text.strip()
    marks = [i for i, char in enumerate(inner) if char in _DOUBLE_MARKS]
    last = len(inner) - 1
    if len(marks) == 2 and marks == [0, last] and inner[0] not in _CLOSING:
        inner = inner[1:-1]
    elif len(marks) == 1 and marks[0] == 0 and inner[0] not in _CLOSING:
        inner = inner[1:]
    elif len(marks) == 1 and marks[0] == last and inner[-1] not in _OPENING:
        inner = inner[:-1]
    return f"\u201c{_nested(inner.strip())}\u201d"


def _nested(text: str) -> str:
    """The double quotation marks in `text` made single ones, opening or closing as they stand."""
    out: list[str] = []
    for index, char in enumerate(text):
        if char not in _DOUBLE_MARKS:
            out.append(char)
        elif char in _OPENING:
            out.append("\u2018")
        elif char in _CLOSING:
            out.append("\u2019")
        else:
            opens = index == 0 or _BEFORE_OPENING.match(text[index - 1]) is not None
            out.append("\u2018" if opens else "\u2019")
    return "".join(out)
