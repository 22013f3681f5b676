"""A Markdown file's notes -> bibliography entries, and its text without them.

An essay written in Markdown cites its notes with `[1]` or `[^1]` in the text and lists them
apart: footnote definitions (`[^1]: Smith, J. ...`, GitHub's and Pandoc's syntax, usually at
the end, a note's further lines indented), or a list at the end, under a heading such as
"## Notes" or "References" (`[1] Smith, J. ...`, `1. Smith, J. ...`) or with none (`[1] ...`
lines closing the file). `split_notes` takes them out of the text, as the debate format's
bibliography is no passage, and gives them as `Reference`s (`debate.parse_reference`) for the
quotes whose marks cite them (`Quote.references`); the marks are written `[1]` in the text.
Only notes the text cites are taken: a numbered list at the end that nothing cites is text.
A `[1]: https://...` line is a link's definition in Markdown, not a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.formats.debate import parse_reference
from bot.engine.models import Reference

# "[^1]: Smith, J. ..." (a footnote definition, anywhere in the file).
_DEFINITION = re.compile(r"^ {0,3}\[\^(?P<n>\d{1,3})\]:[ \t]*(?P<text>.*)$")
# An entry of a notes list: "[1] Smith, J. ...", "[^1] ..." (no colon: "[1]: url" defines a
# link), and under a notes heading also "1. Smith" or "1) Smith".
_BRACKET_ENTRY = re.compile(r"^ {0,3}\[\^?(?P<n>\d{1,3})\][ \t]+(?P<text>\S.*)$")
_NUMBERED_ENTRY = re.compile(r"^ {0,3}(?P<n>\d{1,3})[.)][ \t]+(?P<text>\S.*)$")
# The heading over a notes list: an ATX heading, a bold line or a line alone.
_NOTES_HEADING = re.compile(
    r"^ {0,3}(?:#{1,6}[ \t]+)?(?:\*\*|__)?[ \t]*(?:notes?|footnotes?|endnotes?|references|"
    r"sources|bibliography|works cited)[ \t]*:?[ \t]*(?:\*\*|__)?(?:[ \t]+#+)?[ \t]*$",
    re.IGNORECASE,
)
# A mark in the text: "[1]" or "[^1]", not a link's reference ("[text][1]") nor a link
# ("[1](url)") nor a definition ("[1]: url").
_MARK = re.compile(r"(?<!\])\[\^?(?P<n>\d{1,3})\](?![(\[:])")
_CARET_MARK = re.compile(r"(?<!\])\[\^(?P<n>\d{1,3})\](?![(\[:])")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
# A "[^1]" mark as Markdown that renders "[1]" and no link, whatever "[1]: url" it defines.
_ESCAPED = r"\[\g<n>\]"


@dataclass(frozen=True, slots=True)
class Notes:
    """A Markdown body without its notes (each line of a note blank, so the file's line
    numbers stand), its marks written `\\[n\\]` (rendered "[n]", never a link), and the notes
    as bibliography entries."""

    body: str
    references: tuple[Reference, ...]


def split_notes(body: str) -> Notes:
    """The notes `body` lists and its text cites (`Notes`): footnote definitions anywhere and a
    notes list closing the body; the body as it is, with no references, when it cites none of
    them."""
    lines = body.split("\n")
    fenced = _fenced_lines(lines)
    found: dict[int, list[str]] = {}
    taken: set[int] = set()
    _take_definitions(lines, fenced, found, taken)
    _take_closing_list(lines, fenced, found, taken)
    if not found:
        return Notes(body, ())
    cited = {
        int(match.group("n"))
        for index, line in enumerate(lines)
        if index not in fenced and index not in taken
        for match in _MARK.finditer(line)
    }
    if not cited & found.keys():
        return Notes(body, ())
    kept = [
        "" if index in taken else line if index in fenced else _CARET_MARK.sub(_ESCAPED, line)
        for index, line in enumerate(lines)
    ]
    references = tuple(
        parse_reference(number, " ".join(" ".join(parts).split()))
        for number, parts in sorted(found.items())
    )
    return Notes("\n".join(kept), references)


def _fenced_lines(lines: list[str]) -> set[int]:
    """The indices of lines inside fenced code blocks (fences included): no notes there."""
    fenced: set[int] = set()
    inside = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced.add(index)
            inside = not inside
        elif inside:
            fenced.add(index)
    return fenced


def _take_definitions(
    lines: list[str], fenced: set[int], found: dict[int, list[str]], taken: set[int]
) -> None:
    """Footnote definitions ("[^1]: ...") into `found` (the first of a number stands), their
    lines into `taken`: a definition goes on over the lines right under it and over indented
    lines after a blank one (a note of several paragraphs)."""
    index = 0
    while index < len(lines):
        match = _DEFINITION.match(lines[index]) if index not in fenced else None
        if match is None:
            index += 1
            continue
        parts = [match.group("text")]
        taken.add(index)
        index += 1
        while index < len(lines) and index not in fenced:
            line = lines[index]
            if _DEFINITION.match(line):
                break
            if line.strip():
                parts.append(line.strip())
                taken.add(index)
                index += 1
            elif index + 1 < len(lines) and lines[index + 1][:1] in (" ", "\t"):
                taken.add(index)
                index += 1
            else:
                break
        found.setdefault(int(match.group("n")), parts)


def _take_closing_list(
    lines: list[str], fenced: set[int], found: dict[int, list[str]], taken: set[int]
) -> None:
    """A list of notes closing the body into `found`, its lines (and its heading's) into
    `taken`: the lines after the last notes heading (up to the next heading), when each of its
    blocks opens with an entry ("[1] ...", "1. ..."); else the blocks opening with "[1] ..."
    that close the body."""
    rest = [i for i in range(len(lines)) if i not in taken and i not in fenced]
    heading = next(
        (i for i in reversed(rest) if _NOTES_HEADING.match(lines[i])),
        None,
    )
    if heading is not None:
        # Up to the next heading: "## About the author" may follow the notes.
        end = next((i for i in rest if i > heading and _ATX.match(lines[i])), len(lines))
        after = [i for i in rest if heading < i < end]
        entries = _entries(lines, after, (_BRACKET_ENTRY, _NUMBERED_ENTRY))
        if entries:
            _add(entries, found)
            taken.update([heading, *after])
            return
    closing: list[int] = []
    for block in reversed(_blocks(lines, rest)):
        if not _BRACKET_ENTRY.match(lines[block[0]]):
            break
        closing = block + closing
    entries = _entries(lines, closing, (_BRACKET_ENTRY,))
    if entries:
        _add(entries, found)
        taken.update(closing)


def _blocks(lines: list[str], indices: list[int]) -> list[list[int]]:
    """The non-blank lines of `indices` in runs (blocks of the text), in order."""
    blocks: list[list[int]] = []
    previous = -2
    for index in indices:
        if not lines[index].strip():
            previous = -2
            continue
        if index == previous + 1 and blocks:
            blocks[-1].append(index)
        else:
            blocks.append([index])
        previous = index
    return blocks


def _entries(
    lines: list[str], indices: list[int], shapes: tuple[re.Pattern[str], ...]
) -> list[tuple[int, list[str]]]:
    """The entries the lines `indices` list, each an entry line of one of `shapes` and the lines
    that go on under it; empty when a block of them does not open with an entry."""
    entries: list[tuple[int, list[str]]] = []
    for block in _blocks(lines, indices):
        for position, index in enumerate(block):
            match = next((m for shape in shapes if (m := shape.match(lines[index]))), None)
            if match is not None:
                entries.append((int(match.group("n")), [match.group("text")]))
            elif position == 0:
                return []
            else:
                entries[-1][1].append(lines[index].strip())
    return entries


def _add(entries: list[tuple[int, list[str]]], found: dict[int, list[str]]) -> None:
    for number, parts in entries:
        found.setdefault(number, parts)
