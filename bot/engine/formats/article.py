"""Article files -> documents, passages, sentences and voices.

An article file is UTF-8 text: a metadata block between two `---` lines, then the text, one
paragraph per run of non-blank lines. Each paragraph becomes a passage (`<doc-id>:p<n>`) whose
speaker comes from the `voices` key. Parsing is all-or-nothing: a file either yields a whole
`Document` or raises `CorpusError` naming the file and line, so nothing is half-ingested.
A `kind: debate` file is read by `bot.engine.formats.debate`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.engine.formats.common import (
    MAX_PARAGRAPH_CHARS,
    capped,
    capped_title,
    content_hash,
    decode_article,
    slug,
)
from bot.engine.formats.debate import debate_document
from bot.engine.models import CorpusError, Document, DocumentMeta, Kind, Passage, Person, Voice
from bot.engine.text import split_paragraphs, split_sentences
from bot.engine.voices import detect_voices

ARTICLE_SUFFIXES = (".md", ".txt")
# Ids are short enough that a passage id fits in a Discord button id (100 characters).
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_SPEAKER_LABEL = re.compile(r"^([A-Z][A-Z0-9 .'\u2019-]{0,48}[A-Z.]):\s")


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


def _parse_metadata(
    lines: list[str], source: str, default_id: str, check_id: bool = True
) -> tuple[DocumentMeta, int, dict[str, int]]:
    """Read the `---` block; returns the metadata, the index of the first body line, key lines.
    Without `check_id`, an `id:` is taken as written (an upload's, which the store names)."""
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
    if check_id and "id" in values and not _DOC_ID.match(doc_id):
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
        title=capped_title(values["title"]),
        author=capped(values["author"]) or "",
        author_role=capped(values.get("author_role")),
        author_aliases=_split_list(values.get("author_aliases", "")),
        publisher=capped(values.get("publisher")),
        publisher_aliases=_split_list(values.get("publisher_aliases", "")),
        date=date,
        url=url,
        kind=kind,
        aliases=_split_list(values.get("aliases", "")),
        responds_to=capped(values.get("responds_to")),
        mentions=tuple(mentions),
        voices=values.get("voices"),
        motion=capped(values.get("motion")),
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


def parse_article(
    data: bytes, source: str, default_id: str | None = None, *, check_id: bool = True
) -> Document:
    """Parse one article file's bytes into a Document, or raise CorpusError.

    The id is the file's `id:`, else `default_id`, else the file name's slug; without
    `check_id` the file's `id:` is not held to the id pattern (an upload's id is only a hint
    for the store, which names the document)."""
    text = decode_article(data, source)
    lines = text.split("\n")
    stem = Path(source).stem
    default = slug(stem) if default_id is None else default_id
    meta, body_line, key_lines = _parse_metadata(lines, source, default, check_id)
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
        return debate_document(meta, body, spans, data, source, first_body_line)
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
    document = Document(
        meta=meta, body=body, content_hash=content_hash(data), source=source, passages=passages
    )
    # Whose words each paragraph is, and whom the text reports, when the metadata does not say.
    return detect_voices(document, keep_voices=bool(meta.voices))


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
    article); files named are passed through, whatever they are. A Debatabase folder (a debate,
    or a theme of them) is a CorpusError saying to import it as debates."""
    wanted = tuple(suffixes)
    for path in paths:
        if path.is_dir():
            if next(path.rglob("thesis.txt"), None) is not None:
                # Its .txt files are a debate's parts, not articles: one error, not one a file.
                raise CorpusError(
                    str(path),
                    "this is a Debatabase folder (thesis.txt, pro/, con/): import it with "
                    "'debate-bot import-debates PATH'",
                )
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
