"""Numbers as a text writes them, in figures or in words ("16", "sixteen", "twenty-four")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
# What each word of a number in words adds, and the kind of step it is in a number.
_VALUES: dict[str, tuple[int, str]] = {
    **{word: (value, "unit") for value, word in enumerate(_UNITS)},
    **{word: (value + 10, "teen") for value, word in enumerate(_TEENS)},
    **{word: (value * 10 + 20, "tens") for value, word in enumerate(_TENS)},
    "hundred": (100, "hundred"),
    "thousand": (1_000, "scale"),
    "million": (1_000_000, "scale"),
    "billion": (1_000_000_000, "scale"),
}
# The steps a word may follow within one number: "twenty-four" (a unit after tens), "two hundred
# and five" (after a hundred and "and"), "4 million" (a scale after figures).
_FOLLOWS: dict[str, frozenset[str]] = {
    "unit": frozenset({"tens", "hundred", "scale", "and"}),
    "teen": frozenset({"hundred", "scale", "and"}),
    "tens": frozenset({"hundred", "scale", "and"}),
    "hundred": frozenset({"unit", "teen", "tens"}),
    "scale": frozenset({"unit", "teen", "tens", "hundred", "figures"}),
    "and": frozenset({"hundred", "scale"}),
}
_PART = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[A-Za-z]+")
# What may stand between two words of one number: spaces or a hyphen ("twenty-four"), not a
# hyphen before a space ("sixteen- and seventeen-year-olds" are two numbers).
_JOIN = re.compile(r"-|\s+")


@dataclass(frozen=True, slots=True)
class Number:
    """A number in a text: where it is written ([start, end) character offsets) and its value."""

    start: int
    end: int
    value: float


class _Reading:
    """A number being read, word by word: total so far, the group under a scale, last step."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.end = start  # after its last word but "and"
        self.cursor = start  # after its last word
        self.total = 0.0
        self.group = 0.0
        self.last = ""

    def add(self, value: float, kind: str) -> None:
        """Take one more word (or run of figures) of `kind` worth `value`."""
        if kind == "hundred":
            self.group = (self.group or 1) * value
        elif kind == "scale":
            self.total += (self.group or 1) * value
            self.group = 0.0
        elif kind != "and":
            self.group += value
        self.last = kind

    def number(self) -> Number:
        """What has been read, as a number."""
        return Number(self.start, self.end, self.total + self.group)


def numbers(text: str) -> list[Number]:
    """Every number `text` writes, in figures ("16", "4,200", "2.5") or in words ("sixteen",
    "twenty-four", "two hundred and five", "4 million"), in text order. Ordinals, fractions
    and words such as "dozens" are not read. Never raises."""
    found: list[Number] = []
    reading: _Reading | None = None
    for match in _PART.finditer(text):
        word = match.group()
        if word[0].isdigit():
            kind, value = "figures", float(word.replace(",", "") or 0)
        elif (entry := _VALUES.get(word.lower())) is not None:
            value, kind = float(entry[0]), entry[1]
        elif word.lower() == "and":
            kind, value = "and", 0.0
        else:
            kind = ""
        joined = (
            reading is not None
            and kind in _FOLLOWS
            and reading.last in _FOLLOWS[kind]
            and _JOIN.fullmatch(text, reading.cursor, match.start()) is not None
        )
        if reading is not None and not joined:
            found.append(reading.number())
            reading = None
        if not kind or (kind == "and" and reading is None):
            continue
        if reading is None:
            reading = _Reading(match.start())
        reading.add(value, kind)
        reading.cursor = match.end()
        if kind != "and":
            reading.end = match.end()
    if reading is not None:
        found.append(reading.number())
    return found


def numbers_held(question: str, text: str) -> list[Number]:
    """The numbers of `question` that `text` writes too, in figures or in words alike ("16" by
    "sixteen-year-olds", "eighty-five" by "85"), as `numbers` finds them in `question`."""
    values = {number.value for number in numbers(text)}
    return [number for number in numbers(question) if number.value in values]
