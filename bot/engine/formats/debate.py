"""Debate files (`kind: debate`) -> a document of sections: points, answers, a bibliography.

The metadata block is read by `bot.engine.formats.article`; this module reads the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bot.engine.formats.common import MAX_PARAGRAPH_CHARS, content_hash
from bot.engine.models import CorpusError, Document, DocumentMeta, Passage, Reference, Side, Voice
from bot.engine.text import split_sentences

# A debate's text is a series of sections, each opened by a one-line "## " heading:
#
#   ## Introduction
#   ## Proposition 1: Compulsory voting makes parliaments look like the country
#   ## Opposition answer to proposition 1
#   ## Opposition 1: A vote you are forced to cast says nothing
#   ## Proposition answer to opposition 1
#   ## Bibliography            ([n] entries, one a paragraph)
#
# Each section but the bibliography becomes one passage: a point is its title and paragraphs,
# an answer its paragraphs; the introduction is one passage a paragraph. A point's title is its
# first sentence. A section's last paragraphs, when they are "[n] ..." entries, are its own
# notes, numbered apart from the bibliography (as Debatabase introductions and some points
# number theirs): they are not part of its passages, and its "[n]" footnotes point to them
# (`Reference.part`), else to the bibliography.

# The version of the rules above, in every debate's content hash: raised when they change how
# a file reads, so that importing the same debates again reads them anew (2: a section's own
# notes, the introduction a passage a paragraph, a debate with an introduction and no points;
# 3: a Debatabase point's "[n]" notes its own, not the bibliography's; 4: bare-number marks of
# a section whose notes are numbered "1 Author, ..." written "[1]").
DEBATE_RULES = "4"

_HEADING = re.compile(r"^##\s+(?P<label>.*?)\s*$")
_POINT = re.compile(
    r"^(?P<side>proposition|opposition)\s+(?:point\s+)?(?P<n>\d{1,3})\s*:\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
_ANSWER = re.compile(
    r"^(?P<side>proposition|opposition)\s+(?:answer|counter|rebuttal|reply)\s+to\s+"
    r"(?:the\s+)?(?P<to>proposition|opposition)(?:'s)?\s+(?:point\s+)?(?P<n>\d{1,3})$",
    re.IGNORECASE,
)
_ENTRY = re.compile(r"^\[(?P<n>\d{1,3})\]\s*(?P<text>\S.*)$", re.DOTALL)
_HEADINGS_HELP = (
    "'## Introduction', '## Proposition 1: <title>', '## Opposition answer to proposition 1', "
    "'## Opposition 1: <title>', '## Proposition answer to opposition 1' or '## Bibliography'"
)


@dataclass(slots=True)
class _Section:
    kind: str  # "intro", "point", "answer" or "bibliography"
    line: int
    side: Side | None = None
    section: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    answers: str | None = None
    paragraphs: list[tuple[int, int]] | None = None
    notes: list[tuple[int, int]] | None = None  # the section's own "[n]" notes


def debate_document(
    meta: DocumentMeta,
    body: str,
    spans: list[tuple[int, int]],
    data: bytes,
    source: str,
    first_body_line: int,
) -> Document:
    def line_of(offset: int) -> int:
        return first_body_line + body.count("\n", 0, offset)

    sections: list[_Section] = []
    for start, end in spans:
        heading = _HEADING.match(body[start:end]) if body.startswith("##", start) else None
        if heading is None:
            if not sections:
                raise CorpusError(
                    source,
                    f"a debate's text starts with a section heading: {_HEADINGS_HELP}",
                    line_of(start),
                )
            paragraphs = sections[-1].paragraphs
            assert paragraphs is not None
            paragraphs.append((start, end))
            continue
        if "\n" in body[start:end]:
            raise CorpusError(
                source, "a '## ' heading is one line, then a blank line", line_of(start)
            )
        sections.append(
            _section(heading.group("label"), start + heading.start("label"), source, line_of(start))
        )
        assert sections[-1].paragraphs is not None
    for section in sections:
        if section.kind != "bibliography":
            _split_notes(section, body)
    seen: dict[str, int] = {}
    for section in sections:
        key = section.section or section.kind
        if section.kind in ("intro", "point", "answer", "bibliography"):
            if key in seen:
                raise CorpusError(
                    source,
                    f"the section {key!r} appears twice (first on line {seen[key]})",
                    section.line,
                )
            seen[key] = section.line
        if section.kind in ("answer", "intro") and not section.paragraphs:
            raise CorpusError(source, "this section has no text under its heading", section.line)
    points = {s.section for s in sections if s.kind == "point"}
    for section in sections:
        if section.kind == "answer" and section.answers not in points:
            raise CorpusError(
                source,
                f"this answers {section.answers!r}, but the debate has no such point",
                section.line,
            )
    if not points and not any(section.kind == "intro" for section in sections):
        # A motion with its introduction and no points yet is a debate still being written (a
        # Debatabase page may hold only those); with neither, there is nothing to read.
        raise CorpusError(
            source,
            "a debate needs an '## Introduction' or at least one '## Proposition 1: <title>' point",
            first_body_line,
        )
    bibliography = tuple(_references(body, sections, source, line_of))
    meta = meta.model_copy(update={"bibliography": bibliography})
    passages: list[Passage] = []
    for section, paragraphs in _passage_parts(sections):
        parts = ([section.title_span] if section.title_span else []) + paragraphs
        start, end = parts[0][0], parts[-1][1]
        if end - start > MAX_PARAGRAPH_CHARS:
            raise CorpusError(
                source,
                f"a section is {end - start:,} characters long; "
                f"the limit is {MAX_PARAGRAPH_CHARS:,}",
                section.line,
            )
        sentences: list[tuple[int, int]] = []
        if section.title_span:
            sentences.append((0, section.title_span[1] - start))
        for p_start, p_end in paragraphs:
            offset = p_start - start
            sentences.extend(
                (offset + s, offset + e) for s, e in split_sentences(body[p_start:p_end])
            )
        number = len(passages) + 1
        voice, speaker = (
            (Voice.SPEAKER, section.side.label) if section.side else (Voice.AUTHOR, meta.author)
        )
        passages.append(
            Passage(
                id=f"{meta.id}:p{number}",
                doc_id=meta.id,
                number=number,
                start=start,
                end=end,
                text=body[start:end],
                voice=voice,
                speaker=speaker,
                sentences=tuple(sentences),
                side=section.side,
                section=section.section,
                heading=section.title,
                answers=section.answers,
            )
        )
    return Document(
        meta=meta,
        body=body,
        content_hash=content_hash(data, DEBATE_RULES),
        source=source,
        passages=tuple(passages),
    )


def _passage_parts(sections: list[_Section]) -> Iterator[tuple[_Section, list[tuple[int, int]]]]:
    """The paragraphs of each passage, with its section: a point or an answer is one passage
    (one argument); each paragraph of the introduction is its own (background on several
    matters, as a Debatabase introduction gives, is not one answer); the bibliography none."""
    for section in sections:
        assert section.paragraphs is not None
        if section.kind == "intro":
            yield from ((section, [paragraph]) for paragraph in section.paragraphs)
        elif section.kind != "bibliography":
            yield section, section.paragraphs


def _split_notes(section: _Section, body: str) -> None:
    """Move the section's trailing "[n] ..." paragraphs to its notes, keeping at least one
    paragraph of text."""
    paragraphs = section.paragraphs
    assert paragraphs is not None
    cut = len(paragraphs)
    while cut > 1 and _ENTRY.match(body[paragraphs[cut - 1][0] : paragraphs[cut - 1][1]]):
        cut -= 1
    section.paragraphs, section.notes = paragraphs[:cut], paragraphs[cut:]


def _section(label: str, label_start: int, source: str, line: int) -> _Section:
    folded = label.casefold()
    if folded in ("introduction", "intro"):
        return _Section("intro", line, section="intro", paragraphs=[])
    if folded in ("bibliography", "references", "sources"):
        return _Section("bibliography", line, paragraphs=[])
    point = _POINT.match(label)
    if point:
        side = Side(point.group("side").lower())
        title_start = label_start + point.start("title")
        return _Section(
            "point",
            line,
            side=side,
            section=f"{side.value}-{int(point.group('n'))}",
            title=point.group("title"),
            title_span=(title_start, title_start + len(point.group("title"))),
            paragraphs=[],
        )
    answer = _ANSWER.match(label)
    if answer:
        side, to = Side(answer.group("side").lower()), Side(answer.group("to").lower())
        if side is to:
            raise CorpusError(source, f"the {side.value} cannot answer its own point", line)
        answered = f"{to.value}-{int(answer.group('n'))}"
        return _Section(
            "answer", line, side=side, section=f"{answered}-answer", answers=answered, paragraphs=[]
        )
    raise CorpusError(
        source, f"unknown section heading {label[:60]!r}; expected {_HEADINGS_HELP}", line
    )


_URL = re.compile(r"https?://[^\s<>\]]+")
_QUOTED = re.compile(r"[‘“\"'](?P<title>[^‘’“”\"]{3,200}?)[’”\"'](?=[\s,.;:)]|$)")
_DATE_IN_TEXT = re.compile(
    r"\b(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(?:\d{1,2},\s+)?(?:19|20)\d\d\b|\b(?:19|20)\d\d\b"
)


def parse_reference(number: int, text: str, part: str | None = None) -> Reference:
    """Author, title, date and url of a free-text bibliography entry, where they can be told;
    `part` is the section whose own notes hold it (None: the bibliography)."""
    text = " ".join(text.split())
    url_match = _URL.search(text)
    url = url_match.group(0).rstrip(".,;)") if url_match else None
    title_match = _QUOTED.search(text)
    title = title_match.group("title").strip(" ,.") if title_match else None
    head = text[: title_match.start()] if title_match else text.split(",", 1)[0]
    author = head.strip(" ,.") or None
    if author and (len(author) > 120 or author.startswith("http")):
        author = None
    date_match = _DATE_IN_TEXT.search(text[title_match.end() :] if title_match else text)
    return Reference(
        number=number,
        text=text,
        author=author,
        title=title,
        date=date_match.group(0) if date_match else None,
        url=url,
        part=part,
    )


def _references(
    body: str, sections: list[_Section], source: str, line_of: Callable[[int], int]
) -> Iterator[Reference]:
    seen: set[tuple[str | None, int]] = set()
    for section in sections:
        if section.kind == "bibliography":
            part, entries = None, section.paragraphs
        elif section.notes:
            part, entries = section.section, section.notes
        else:
            continue
        assert entries is not None
        for start, end in entries:
            entry = _ENTRY.match(body[start:end])
            if entry is None:
                raise CorpusError(
                    source,
                    "a bibliography entry starts with its number: '[1] Author, ...'",
                    line_of(start),
                )
            number = int(entry.group("n"))
            if (part, number) in seen:
                if part is not None:
                    continue  # a section's note repeated: the first stands
                raise CorpusError(
                    source, f"bibliography entry [{number}] appears twice", line_of(start)
                )
            seen.add((part, number))
            yield parse_reference(number, entry.group("text"), part)
