"""Article files -> documents, passages, sentences and voices.

An article file is UTF-8 text: a metadata block between two `---` lines, then the text, one
paragraph per run of non-blank lines. Each paragraph becomes a passage (`<doc-id>:p<n>`) whose
speaker comes from the `voices` key. Parsing is all-or-nothing: a file either yields a whole
`Document` or raises `CorpusError` naming the file and line, so nothing is half-ingested.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from bot.engine.text import split_paragraphs, split_sentences

ARTICLE_SUFFIXES = (".md", ".txt")
MAX_FILE_BYTES = 2_000_000
MAX_PARAGRAPH_CHARS = 20_000
# Ids are short enough that a passage id fits in a Discord button id (100 characters).
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
FOOTNOTE = re.compile(r"\[(\d{1,3})\]")
_SPEAKER_LABEL = re.compile(r"^([A-Z][A-Z0-9 .'\u2019-]{0,48}[A-Z.]):\s")


class CorpusError(ValueError):
    """An article that cannot be read; the message names the file and line and is fit to show."""

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


class Kind(StrEnum):
    OP_ED = "op-ed"
    REPLY = "reply"
    TRANSCRIPT = "transcript"
    ARTICLE = "article"
    SPEECH = "speech"
    REPORT = "report"
    LETTER = "letter"
    DEBATE = "debate"  # a motion, two sides' points, the answers to them, a bibliography


class Side(StrEnum):
    PROPOSITION = "proposition"
    OPPOSITION = "opposition"

    @property
    def other(self) -> Side:
        return Side.OPPOSITION if self is Side.PROPOSITION else Side.PROPOSITION

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Voice(StrEnum):
    """Whose words a paragraph is: the author's, the publisher's framing, or a named speaker."""

    AUTHOR = "author"
    PUBLISHER = "publisher"
    SPEAKER = "speaker"


class Person(BaseModel):
    """Someone the text reports, with the names people use for them."""

    model_config = ConfigDict(frozen=True)

    name: str
    aliases: tuple[str, ...] = ()


class Reference(BaseModel):
    """One bibliography entry of a debate, which `[n]` footnotes in the text point to."""

    model_config = ConfigDict(frozen=True)

    number: int
    text: str
    author: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None


class DocumentMeta(BaseModel):
    """The metadata block of an article."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    author: str
    author_role: str | None = None
    author_aliases: tuple[str, ...] = ()
    publisher: str | None = None
    publisher_aliases: tuple[str, ...] = ()
    date: dt.date
    url: str | None = None
    kind: Kind
    aliases: tuple[str, ...] = ()
    responds_to: str | None = None
    mentions: tuple[Person, ...] = ()
    voices: str | None = None
    motion: str | None = None  # debates: the motion, when it differs from the title
    bibliography: tuple[Reference, ...] = ()  # debates: read from the "## Bibliography" section

    def reference(self, number: int) -> Reference | None:
        return next((entry for entry in self.bibliography if entry.number == number), None)

    def speaker_for(self, voice: Voice, named: str | None = None) -> str:
        if voice is Voice.AUTHOR:
            return self.author
        if voice is Voice.PUBLISHER:
            return self.publisher or "the publisher"
        return named or self.author


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph of a document.

    `start`/`end` locate it in the document body; `sentences` are spans relative to `text`.
    """

    id: str
    doc_id: str
    number: int
    start: int
    end: int
    text: str
    voice: Voice
    speaker: str
    sentences: tuple[tuple[int, int], ...]
    # Debates only: the side speaking, the part of the debate ("proposition-2" is a point,
    # "proposition-2-answer" the other side's answer to it), the point's title, the point an
    # answer answers.
    side: Side | None = None
    section: str | None = None
    heading: str | None = None
    answers: str | None = None
    # The paragraph it cites (¶n) when that is not its number: a long paragraph of an upload is
    # split into several passages, each citing the paragraph it comes from.
    paragraph: int | None = None

    @property
    def cited_paragraph(self) -> int:
        """The ¶ number to cite: its paragraph's."""
        return self.paragraph if self.paragraph is not None else self.number

    def sentence_texts(self) -> list[str]:
        return [self.text[start:end] for start, end in self.sentences]

    def footnotes(self, start: int = 0, end: int | None = None) -> list[int]:
        """Numbers of the `[n]` footnotes in the text (or in a span of it), in order."""
        return [int(m.group(1)) for m in FOOTNOTE.finditer(self.text, start, end or len(self.text))]


@dataclass(frozen=True, slots=True)
class Document:
    meta: DocumentMeta
    body: str
    content_hash: str
    source: str
    passages: tuple[Passage, ...]

    @property
    def id(self) -> str:
        return self.meta.id


# --- metadata ----------------------------------------------------------------------------------

_LIST_KEYS = {"author_aliases", "publisher_aliases", "aliases"}
_SCALAR_KEYS = {
    "id",
    "title",
    "author",
    "author_role",
    "publisher",
    "date",
    "url",
    "kind",
    "responds_to",
    "voices",
    "motion",
}
_REPEATABLE_KEYS = {"mention"}
_REQUIRED_KEYS = ("title", "author", "date", "kind")
ALL_KEYS = _LIST_KEYS | _SCALAR_KEYS | _REPEATABLE_KEYS


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(";") if item.strip())


def _parse_mention(value: str, source: str, line: int) -> Person:
    name, _, aliases = value.partition("|")
    if not name.strip():
        raise CorpusError(source, "mention needs a name: 'mention: Full Name | alias; alias'", line)
    return Person(name=name.strip(), aliases=_split_list(aliases))


def slug(text: str) -> str:
    """A document id made from a file name: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-") or "document"


def _parse_metadata(
    lines: list[str], source: str, default_id: str
) -> tuple[DocumentMeta, int, dict[str, int]]:
    """Read the `---` block; returns the metadata, the index of the first body line, key lines."""
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first == len(lines):
        raise CorpusError(source, "the file is empty")
    if lines[first].strip() != "---":
        raise CorpusError(
            source,
            "expected '---' to open the metadata block (title, author, date, kind)",
            first + 1,
        )
    values: dict[str, str] = {}
    key_lines: dict[str, int] = {}
    mentions: list[Person] = []
    index = first + 1
    while True:
        if index == len(lines):
            raise CorpusError(source, "the metadata block is never closed with '---'", first + 1)
        raw = lines[index]
        line_number = index + 1
        index += 1
        stripped = raw.strip()
        if stripped == "---":
            break
        if not stripped or stripped.startswith("#"):
            continue
        key, colon, value = stripped.partition(":")
        key = key.strip().lower()
        if not colon or not re.fullmatch(r"[a-z_]+", key):
            raise CorpusError(
                source, f"expected 'key: value', found {stripped[:60]!r}", line_number
            )
        if key not in ALL_KEYS:
            known = ", ".join(sorted(ALL_KEYS))
            raise CorpusError(source, f"unknown key {key!r} (known keys: {known})", line_number)
        value = value.strip()
        if not value:
            raise CorpusError(source, f"{key!r} has no value", line_number)
        if key in _REPEATABLE_KEYS:
            mentions.append(_parse_mention(value, source, line_number))
            continue
        if key in values:
            raise CorpusError(source, f"{key!r} is given twice", line_number)
        values[key] = value
        key_lines[key] = line_number
    missing = [key for key in _REQUIRED_KEYS if key not in values]
    if missing:
        raise CorpusError(source, f"missing required key(s): {', '.join(missing)}", first + 1)
    try:
        date = dt.date.fromisoformat(values["date"])
    except ValueError:
        raise CorpusError(
            source, f"date must be YYYY-MM-DD, found {values['date']!r}", key_lines["date"]
        ) from None
    try:
        kind = Kind(values["kind"].lower())
    except ValueError:
        kinds = ", ".join(k.value for k in Kind)
        raise CorpusError(
            source, f"kind must be one of {kinds}, found {values['kind']!r}", key_lines["kind"]
        ) from None
    doc_id = values.get("id", default_id)
    if not _DOC_ID.match(doc_id):
        raise CorpusError(
            source,
            f"id must be lower-case letters, digits, '.', '_' or '-', found {doc_id!r}",
            key_lines.get("id", first + 1),
        )
    url = values.get("url")
    if url is not None and not re.match(r"^https?://[^\s<>\"]+$", url):
        raise CorpusError(
            source,
            f"url must start with http:// or https:// and hold no spaces, quotes or <>, "
            f"found {url!r}",
            key_lines["url"],
        )
    meta = DocumentMeta(
        id=doc_id,
        title=values["title"],
        author=values["author"],
        author_role=values.get("author_role"),
        author_aliases=_split_list(values.get("author_aliases", "")),
        publisher=values.get("publisher"),
        publisher_aliases=_split_list(values.get("publisher_aliases", "")),
        date=date,
        url=url,
        kind=kind,
        aliases=_split_list(values.get("aliases", "")),
        responds_to=values.get("responds_to"),
        mentions=tuple(mentions),
        voices=values.get("voices"),
        motion=values.get("motion"),
    )
    if meta.motion and meta.kind is not Kind.DEBATE:
        raise CorpusError(source, "only a debate (kind: debate) has a motion", key_lines["motion"])
    return meta, index, key_lines


# --- voices -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _VoiceRule:
    first: int
    last: int | None
    voice: Voice
    name: str | None


def _parse_voice_rules(spec: str, source: str, line: int) -> list[_VoiceRule]:
    rules: list[_VoiceRule] = []
    for part in spec.split(";"):
        if not part.strip():
            continue
        span, equals, target = part.partition("=")
        match = re.fullmatch(r"\s*(\d+)\s*(?:(-)\s*(\d+)?)?\s*", span)
        if not equals or match is None or not target.strip():
            raise CorpusError(
                source,
                f"voices: expected 'N = who', 'N-M = who' or 'N- = who', found {part.strip()!r}",
                line,
            )
        first = int(match.group(1))
        last: int | None
        if match.group(2) is None:
            last = first
        else:
            last = int(match.group(3)) if match.group(3) else None
        if first < 1 or (last is not None and last < first):
            raise CorpusError(source, f"voices: bad paragraph range {span.strip()!r}", line)
        who = target.strip()
        if who.lower() in (Voice.AUTHOR, Voice.PUBLISHER):
            rules.append(_VoiceRule(first, last, Voice(who.lower()), None))
        else:
            rules.append(_VoiceRule(first, last, Voice.SPEAKER, who))
    return rules


def _assign_voices(
    meta: DocumentMeta, paragraphs: list[str], source: str, line: int
) -> list[tuple[Voice, str]]:
    """The voice and speaker name of each paragraph."""
    spec = (meta.voices or "").strip()
    if spec.lower() == "labels":
        voices: list[tuple[Voice, str]] = []
        current: tuple[Voice, str] = (Voice.AUTHOR, meta.author)
        for paragraph in paragraphs:
            match = _SPEAKER_LABEL.match(paragraph)
            if match:
                current = (Voice.SPEAKER, _label_name(match.group(1)))
            voices.append(current)
        return voices
    rules = _parse_voice_rules(spec, source, line) if spec else []
    voices = []
    for number in range(1, len(paragraphs) + 1):
        voice, name = Voice.AUTHOR, None
        for rule in rules:
            if rule.first <= number and (rule.last is None or number <= rule.last):
                voice, name = rule.voice, rule.name
        voices.append((voice, meta.speaker_for(voice, name)))
    for rule in rules:
        if rule.first > len(paragraphs):
            raise CorpusError(
                source,
                f"voices: paragraph {rule.first} does not exist (the text has "
                f"{len(paragraphs)} paragraphs)",
                line,
            )
    return voices


def _label_name(label: str) -> str:
    """'DR. ALICE FENN' -> 'Dr. Alice Fenn'."""
    return " ".join(word.capitalize() for word in label.split())


# --- whole files --------------------------------------------------------------------------------


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_article(data: bytes, source: str) -> str:
    """Bytes -> text with '\\n' line ends and no byte-order mark; rejects binary and non-UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        raise CorpusError(
            source, f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
        )
    if b"\x00" in data:
        raise CorpusError(source, "the file is binary (it contains NUL bytes), not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CorpusError(
            source, f"the file is not UTF-8 text (bad byte at offset {error.start})", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_article(data: bytes, source: str, default_id: str | None = None) -> Document:
    """Parse one article file's bytes into a Document, or raise CorpusError."""
    text = decode_article(data, source)
    lines = text.split("\n")
    stem = Path(source).stem
    meta, body_line, key_lines = _parse_metadata(lines, source, default_id or slug(stem))
    rest = lines[body_line:]
    leading_blank = 0
    while leading_blank < len(rest) and not rest[leading_blank].strip():
        leading_blank += 1
    body = "\n".join(rest[leading_blank:]).rstrip()
    first_body_line = body_line + leading_blank + 1
    spans = list(split_paragraphs(body))
    if not spans:
        raise CorpusError(source, "the article has no text after the metadata block", body_line)
    paragraphs = [body[start:end] for start, end in spans]
    if meta.kind is Kind.DEBATE:
        return _debate_document(meta, body, spans, data, source, first_body_line)
    for (start, _), paragraph in zip(spans, paragraphs, strict=True):
        if len(paragraph) > MAX_PARAGRAPH_CHARS:
            line = first_body_line + body.count("\n", 0, start)
            raise CorpusError(
                source,
                f"a paragraph is {len(paragraph):,} characters long; the limit is "
                f"{MAX_PARAGRAPH_CHARS:,} (split it with a blank line)",
                line,
            )
    voices = _assign_voices(meta, paragraphs, source, key_lines.get("voices", 1))
    passages = tuple(
        Passage(
            id=f"{meta.id}:p{number}",
            doc_id=meta.id,
            number=number,
            start=start,
            end=end,
            text=paragraph,
            voice=voice,
            speaker=speaker,
            sentences=tuple(split_sentences(paragraph)),
        )
        for number, ((start, end), paragraph, (voice, speaker)) in enumerate(
            zip(spans, paragraphs, voices, strict=True), start=1
        )
    )
    return Document(
        meta=meta, body=body, content_hash=content_hash(data), source=source, passages=passages
    )


def read_article(path: Path) -> Document:
    """Read and parse one article file."""
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise CorpusError(
            str(path),
            f"unsupported file type {path.suffix or '(none)'!r}; articles are "
            + " or ".join(ARTICLE_SUFFIXES)
            + " files in the corpus format",
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CorpusError(str(path), f"cannot read the file: {error.strerror}") from None
    return parse_article(data, str(path))


def article_paths(
    paths: Iterable[Path], suffixes: Iterable[str] = ARTICLE_SUFFIXES
) -> Iterator[Path]:
    """Expand folders into the files with `suffixes` they hold (sorted; a README is not an
    article); files named are passed through, whatever they are."""
    wanted = tuple(suffixes)
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in wanted
                    and child.name.lower() != "readme.md"
                ):
                    yield child
        elif path.exists():
            yield path
        else:
            raise CorpusError(str(path), "no such file or folder")


# --- debates ------------------------------------------------------------------------------------
#
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
# an answer its paragraphs. A point's title is its first sentence.

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


def _debate_document(
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
    if not points:
        raise CorpusError(
            source, "a debate needs at least one '## Proposition 1: <title>' point", first_body_line
        )
    bibliography = tuple(_references(body, sections, source, line_of))
    meta = meta.model_copy(update={"bibliography": bibliography})
    passages: list[Passage] = []
    for section in sections:
        if section.kind == "bibliography":
            continue
        assert section.paragraphs is not None
        parts = ([section.title_span] if section.title_span else []) + section.paragraphs
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
        for p_start, p_end in section.paragraphs:
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
        content_hash=content_hash(data),
        source=source,
        passages=tuple(passages),
    )


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


def parse_reference(number: int, text: str) -> Reference:
    """Author, title, date and url of a free-text bibliography entry, where they can be told."""
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
    )


def _references(
    body: str, sections: list[_Section], source: str, line_of: Callable[[int], int]
) -> Iterator[Reference]:
    seen: set[int] = set()
    for section in sections:
        if section.kind != "bibliography":
            continue
        assert section.paragraphs is not None
        for start, end in section.paragraphs:
            entry = _ENTRY.match(body[start:end])
            if entry is None:
                raise CorpusError(
                    source,
                    "a bibliography entry starts with its number: '[1] Author, ...'",
                    line_of(start),
                )
            number = int(entry.group("n"))
            if number in seen:
                raise CorpusError(
                    source, f"bibliography entry [{number}] appears twice", line_of(start)
                )
            seen.add(number)
            yield parse_reference(number, entry.group("text"))
