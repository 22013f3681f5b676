"""Plain text -> `Extracted`: paragraphs, a title line, and transcripts told by their labels.

A paragraph is a run of non-blank lines: hard-wrapped lines are one paragraph, kept as
uploaded (the line breaks are spaces to search, `check` and Discord). A file with no blank
lines at all is split where a short line ends a sentence. A short first line that is no
sentence is the title. When most paragraphs open with a speaker label (`MS. ROE:`, `Roe:`,
`Jane Q Roe:`, `Q:`), the file is a transcript: each label is its turn's speaker, and the
quoted text starts after it.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from bot.engine.formats.extracted import Extracted, Paragraph, clean_field, extractor_name

# Bump when the rules below change what a file gives.
TEXT_EXTRACTION_VERSION = 1

# A speaker label: one to five words (names, initials, honorifics), a colon, then the turn.
_LABEL = re.compile(
    r"(?P<label>[^\W\d_][\w.'’-]*(?:[ \t]+[\w.'’-]+){0,4}?)[ \t]*:[ \t]+(?=\S)", re.UNICODE
)
_MAX_LABEL_CHARS = 40
# Share of paragraphs that must open with a label for the file to be read as a transcript, and
# the fewest turns that makes one (a letter with "Note: ..." and "P.S.: ..." is no transcript).
TRANSCRIPT_LABEL_SHARE = 0.6
MIN_TRANSCRIPT_TURNS = 3
# Words that open "label:" lines in ordinary prose, never a speaker.
_NOT_SPEAKERS = frozenset(
    "note notes update updates source sources warning caution example examples summary "
    "abstract conclusion conclusions re subject date to from cc bcc ps p.s tags keywords "
    "photo image caption correction editor's".split()
)
# A title line: short, one line, not ending like a sentence (a question or exclamation may).
_MAX_TITLE_CHARS = 150
# Lines of a file without blank lines: one shorter than this share of the usual line length,
# ending a sentence, ends its paragraph.
_SHORT_LINE_SHARE = 0.7
_WRAPPED_LINE_CHARS = 100  # files whose usual line is longer have a paragraph a line


@dataclass(frozen=True, slots=True)
class _Block:
    text: str
    line: int  # 1-based line of the file where it starts


def extractor() -> str:
    """The name and version of this extraction, as stored with an upload."""
    return extractor_name("text", TEXT_EXTRACTION_VERSION)


def extract_text(text: str, *, title_given: bool = False) -> Extracted:
    """Extract paragraphs (and a title line, unless `title_given`) from decoded text with
    '\\n' line ends. Never raises; an empty result has no paragraphs."""
    blocks = _blocks(text)
    title: str | None = None
    if not title_given and len(blocks) > 1 and _is_title(blocks[0].text):
        title = clean_field(blocks[0].text.lstrip("# "))
        blocks = blocks[1:]
    turns = _turns(blocks)
    if turns is not None:
        return Extracted(
            paragraphs=tuple(turns),
            extractor=extractor(),
            title=title,
            kind="transcript",
        )
    return Extracted(
        paragraphs=tuple(Paragraph(text=b.text, line=b.line) for b in blocks),
        extractor=extractor(),
        title=title,
    )


def _blocks(text: str) -> list[_Block]:
    lines = text.split("\n")
    if sum(1 for line in lines if line.strip()) > 1 and all(
        line.strip() for line in lines[_first_filled(lines) : _last_filled(lines) + 1]
    ):
        return _unwrapped(lines)
    blocks: list[_Block] = []
    start: int | None = None
    for number, line in enumerate([*lines, ""]):
        if line.strip():
            if start is None:
                start = number
        elif start is not None:
            blocks.append(_Block(_trimmed(lines[start:number]), start + 1))
            start = None
    return blocks


def _first_filled(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.strip()), 0)


def _last_filled(lines: list[str]) -> int:
    return max((i for i, line in enumerate(lines) if line.strip()), default=0)


def _trimmed(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip()


def _unwrapped(lines: list[str]) -> list[_Block]:
    """A file without blank lines: a paragraph a line when lines are long (each was a
    paragraph), else paragraphs end at a short line that ends a sentence, or before an
    indented line."""
    filled = [(n, line) for n, line in enumerate(lines) if line.strip()]
    usual = statistics.median(len(line.strip()) for _, line in filled)
    if usual > _WRAPPED_LINE_CHARS:
        return [_Block(line.strip(), n + 1) for n, line in filled]
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    for n, line in filled:
        indented = line[:1].isspace() and current and not current[-1][1][:1].isspace()
        if current and indented:
            blocks.append(_Block(_trimmed([t for _, t in current]), current[0][0] + 1))
            current = []
        current.append((n, line))
        stripped = line.strip()
        if len(stripped) < _SHORT_LINE_SHARE * usual and stripped[-1:] in ".!?\"'”’)":
            blocks.append(_Block(_trimmed([t for _, t in current]), current[0][0] + 1))
            current = []
    if current:
        blocks.append(_Block(_trimmed([t for _, t in current]), current[0][0] + 1))
    return blocks


def _is_title(text: str) -> bool:
    if "\n" in text or len(text) > _MAX_TITLE_CHARS:
        return False
    if _label(text) is not None:
        return False
    return text.startswith("#") or not text.rstrip().endswith((".", ",", ";", ":"))


def _label(text: str) -> str | None:
    match = _LABEL.match(text)
    if match is None:
        return None
    label = match.group("label")
    words = label.split()
    if len(label) > _MAX_LABEL_CHARS or label.casefold().rstrip(".") in _NOT_SPEAKERS:
        return None
    # A name: its words are capitalised or all in one case, and none is a sentence's word
    # ("The council said: ..." is prose).
    if not (
        label.isupper() or label.islower() or all(w[:1].isupper() or w.isdigit() for w in words)
    ):
        return None
    return label


def _turns(blocks: list[_Block]) -> list[Paragraph] | None:
    """Speaker turns, when most blocks open with a label (and labels recur); else None."""
    labels = [_label(block.text) for block in blocks]
    labelled = [label for label in labels if label is not None]
    if len(labelled) < MIN_TRANSCRIPT_TURNS or len(labelled) < TRANSCRIPT_LABEL_SHARE * len(blocks):
        return None
    counts = Counter(_speaker(label) for label in labelled)
    if counts.most_common(1)[0][1] < 2:
        return None  # every label different: headings or list items, not speakers
    turns: list[Paragraph] = []
    speaker: str | None = None
    for block, label in zip(blocks, labels, strict=True):
        text = block.text
        line = block.line
        if label is not None:
            speaker = _speaker(label)
            match = _LABEL.match(text)
            assert match is not None
            line += text.count("\n", 0, match.end())
            text = text[match.end() :]
        turns.append(Paragraph(text=text, speaker=speaker, line=line))
    return turns


def _speaker(label: str) -> str:
    """A label as a name: 'MS. ROE' -> 'Ms. Roe'; 'Q' stays 'Q'; other cases as written."""
    name = " ".join(label.split())
    if name.isupper() and len(name) > 2:
        return " ".join(word.capitalize() for word in name.split())
    if name.islower():
        return " ".join(word.capitalize() for word in name.split())
    return name
