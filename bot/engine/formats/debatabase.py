"""idebate.org Debatabase folders -> debate documents in the project's own format.

The ArguAna Counterargs Corpus keeps one debate a folder: `thesis.txt` (the motion),
`intro.txt`, `metadata.txt` (url, published time), `literature.txt` (the bibliography the `[n]`
footnotes point to), and `pro/` and `con/` holding `proNNa-point.txt` (a point: its title on the
first line, then its text) and `proNNb-counter.txt` (the other side's answer to that point).

Each folder is rendered as a debate file (see `bot/engine/formats/debate.py`) and parsed by the same
parser as a hand-written one, so an imported debate and a bundled one are the same thing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.engine.formats.article import parse_article
from bot.engine.formats.common import slug
from bot.engine.models import CorpusError, Document, Side

DEBATABASE_AUTHOR = "idebate.org Debatabase"
_ARGUMENT_FILE = re.compile(
    r"^(?P<side>pro|con)(?P<n>\d{1,3})(?P<part>a|b)-(?:point|counter)\.txt$"
)
_ENTRY = re.compile(r"^\[(\d{1,3})\]")
_SIDES = {"pro": Side.PROPOSITION, "con": Side.OPPOSITION}


@dataclass(frozen=True, slots=True)
class _Argument:
    side: Side
    number: int
    title: str | None
    paragraphs: list[str]


def debate_folders(root: Path) -> Iterator[Path]:
    """Every folder under `root` (or `root` itself) that holds a debate, in sorted order."""
    if not root.is_dir():
        raise CorpusError(str(root), "no such folder")
    if (root / "thesis.txt").is_file():
        yield root
        return
    for thesis in sorted(root.rglob("thesis.txt")):
        yield thesis.parent


def debate_id(folder: Path) -> str:
    """The folder name as a document id; long names keep a hash so they stay unique."""
    name = slug(folder.name)
    if len(folder.name) <= 80 and name == folder.name.lower():
        return name
    digest = hashlib.sha1(folder.name.encode()).hexdigest()[:8]
    return f"{slug(folder.name)[:71].rstrip('-')}-{digest}"


def render_debate(folder: Path) -> str:
    """The debate in `folder` as the text of a debate file, or CorpusError naming the file."""
    motion = _one_line(_read(folder / "thesis.txt"))
    if not motion:
        raise CorpusError(str(folder / "thesis.txt"), "the motion (thesis.txt) is empty")
    facts = _metadata(folder / "metadata.txt")
    date = _date(facts)
    if date is None:
        raise CorpusError(str(folder / "metadata.txt"), "no published_time or modified_time")
    lines = [
        "---",
        f"id: {debate_id(folder)}",
        f"title: {motion}",
        "kind: debate",
        f"author: {DEBATABASE_AUTHOR}",
        f"date: {date.isoformat()}",
    ]
    url = facts.get("url", "")
    if re.match(r"^https?://\S+$", url):
        lines.append(f"url: {url}")
    lines += ["---", ""]
    intro = _with_notes_marked(
        [
            p
            for p in _paragraphs(_read_optional(folder / "intro.txt"))
            if p.casefold() != "[for references see bibliography]"
        ]
    )
    if intro:
        lines += ["## Introduction", "", *_blocks(intro)]
    entries = _bibliography(folder / "literature.txt")
    arguments = _arguments(folder)
    if not intro and not any(a.title is not None for a in arguments):
        raise CorpusError(
            str(folder),
            "nothing to import: no introduction (intro.txt) and no points (pro/ and con/ hold "
            "no proNNa-point.txt files)",
        )
    for side in (Side.PROPOSITION, Side.OPPOSITION):
        points = {a.number: a for a in arguments if a.side is side and a.title is not None}
        answers = {a.number: a for a in arguments if a.side is side and a.title is None}
        for number in sorted(points):
            point = points[number]
            lines += [f"## {side.label} {number}: {point.title}", "", *_blocks(point.paragraphs)]
            answer = answers.get(number)
            if answer and answer.paragraphs:
                heading = f"## {side.other.label} answer to {side.value} {number}"
                lines += [heading, "", *_blocks(answer.paragraphs)]
    if entries:
        lines += ["## Bibliography", "", *_blocks([entries[n] for n in sorted(entries)])]
    return "\n".join(lines).rstrip() + "\n"


def read_debate(folder: Path) -> Document:
    """Render and parse one Debatabase folder."""
    text = render_debate(folder)
    return parse_article(text.encode("utf-8"), str(folder), default_id=debate_id(folder))


# --- the parts of a folder ---------------------------------------------------------------------


# Control characters some Debatabase files hold ("1 \x02 Committee for ..."): not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A note in the form some files number their own notes with: "1 Committee for Social Advocacy,
# 'Who and what killed ...', Modern Ghana, 13 August 2012, http://...".
_PLAIN_NOTE = re.compile(r"^(?P<n>\d{1,3})\s+(?P<text>\S.*)$", re.DOTALL)
# What makes such a paragraph a citation rather than text opening with a figure ("1 in 5
# pupils..."): a link, a year, or a quoted title.
_CITATION = re.compile(r"https?://|www\.|\b(?:1[6-9]|20)\d\d\b|[‘“'\"][^‘’“”'\"]{3,}[’”'\"]")


def _read(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig", errors="strict")
        return html.unescape(_CONTROL.sub("", text))
    except FileNotFoundError:
        raise CorpusError(str(path), "missing from the debate folder") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(str(path), f"cannot read the file: {error}") from None


def _read_optional(path: Path) -> str:
    return _read(path) if path.is_file() else ""


def _paragraphs(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    # A line opening with "##" would read as a section heading: keep the words, drop the marks.
    return [re.sub(r"^#+\s*", "", p) for p in paragraphs if p]


def _blocks(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for paragraph in paragraphs:
        out += [paragraph, ""]
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _metadata(path: Path) -> dict[str, str]:
    facts: dict[str, str] = {}
    for line in _read_optional(path).splitlines():
        key, tab, value = line.partition("\t")
        if tab:
            facts[key.strip()] = value.strip()
    return facts


def _date(facts: dict[str, str]) -> dt.date | None:
    for key in ("published_time", "modified_time"):
        value = facts.get(key, "")
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            continue
    return None


def _with_notes_marked(paragraphs: list[str]) -> list[str]:
    """The paragraphs with the notes some files number "1 Author, 'Title', ..." at the end of a
    section (a run of citations numbered one after another) written "[1] Author, ..." as the
    debate format reads a section's own notes (`bot.engine.formats.debate`); the text before
    them, at least one paragraph, as it is. Notes already written "[1] Author, ..." stay as
    they are: a Debatabase point numbers its own notes from [1] (8,117 of the 10,313 notes at
    the end of points differ from the bibliography entry of their number), so they are the
    point's, not the debate's bibliography's."""
    notes: list[re.Match[str]] = []
    while len(notes) < len(paragraphs) - 1:
        match = _PLAIN_NOTE.match(paragraphs[len(paragraphs) - 1 - len(notes)])
        if match is None or not _CITATION.search(match.group("text")):
            break
        notes.insert(0, match)
    numbers = [int(note.group("n")) for note in notes]
    if not numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return paragraphs
    cut = len(paragraphs) - len(notes)
    # Such a section's marks are bare numbers glued to the word they follow ("a little bit
    # more1."): written "[1]", for the notes found, so a quote carries its source.
    marks = re.compile(
        r"(?<=[a-z.,;:)\"”’])(" + "|".join(str(n) for n in sorted(numbers, reverse=True)) + r")"
        r"(?=[\s.,;:]|$)"
    )
    return [marks.sub(r"[\1]", text) for text in paragraphs[:cut]] + [
        f"[{note.group('n')}] {note.group('text')}" for note in notes
    ]


def _arguments(folder: Path) -> list[_Argument]:
    arguments: list[_Argument] = []
    for side_folder in ("pro", "con"):
        for path in sorted((folder / side_folder).glob("*.txt")):
            match = _ARGUMENT_FILE.match(path.name)
            if match is None:
                continue
            text = _read(path).strip()
            if not text:
                continue
            side = _SIDES[match.group("side")]
            number = int(match.group("n"))
            if match.group("part") == "a":
                # A point's first line is its title, then its text.
                title, _, rest = text.partition("\n")
                paragraphs = _with_notes_marked(_paragraphs(rest))
                arguments.append(_Argument(side, number, _one_line(title), paragraphs))
            else:
                paragraphs = _with_notes_marked(_paragraphs(text))
                arguments.append(_Argument(side, number, None, paragraphs))
    return arguments


def _bibliography(path: Path) -> dict[int, str]:
    """The `[n]` entries, each once; lines that are not entries join the entry before them."""
    entries: dict[int, str] = {}
    current: int | None = None
    for paragraph in _paragraphs(_read_optional(path)):
        match = _ENTRY.match(paragraph)
        if match:
            current = int(match.group(1))
            if current in entries:
                current = None  # a repeated number: keep the first entry
                continue
            entries[current] = paragraph
        elif current is not None:
            entries[current] = f"{entries[current]} {paragraph}"
    return entries
