"""The engine's domain types: documents, their metadata and their passages (and, re-exported,
its errors, from `bot.engine.errors`).

Everything here is small and immutable. Documents come from `bot.engine.formats`; their text is
held compressed (`bot.engine.body`); what the engine answers with is in `bot.engine.results`.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import operator
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.engine.body import Body, pack_body, text_of
from bot.engine.errors import CorpusError as CorpusError
from bot.engine.errors import QuestionError as QuestionError
from bot.engine.packing import (
    RUN_MAX,
    RUNS_MARK,
    START_END,
    pack_offsets,
    span_count,
)

FOOTNOTE = re.compile(r"\[(\d{1,3})\]")


class Kind(StrEnum):
    OP_ED = "op-ed"
    REPLY = "reply"
    TRANSCRIPT = "transcript"
    ARTICLE = "article"
    SPEECH = "speech"
    REPORT = "report"
    LETTER = "letter"
    DEBATE = "debate"  # a motion, two sides' points, the answers to them, a bibliography
    PRESS_RELEASE = "press-release"  # an organisation's news release (`formats.release`)


class Form(StrEnum):
    """What a document is as its readers call it, finer than its `Kind`: the page, file or
    programme it came as, where the upload's reader recognised one (`formats`): "the
    newsletter", "the wiki page" name it (`forms.FORM_NAMES`)."""

    ENCYCLOPEDIA = "encyclopedia page"  # a wiki's page: contents box, "[edit]", references
    NEWSLETTER = "newsletter"  # an emailed issue: a pitch to subscribe, a footer
    BLOG = "blog post"  # a post with readers' comments under it
    HEARING = "hearing"  # a hearing's or inquiry's typed transcript (`formats.hearing`)
    PODCAST = "podcast"  # a podcast episode's transcript
    PAPER = "paper"  # a research or working paper: an abstract opening it
    LIVE_BLOG = "live blog"  # a news page's running entries ("... - live")
    JUDGMENT = "judgment"  # a court's or tribunal's judgment (`formats.judgment`)
    EMAIL = "email"  # one email pasted with its header (`formats.email_thread`)
    EMAIL_THREAD = "email thread"  # emails between several senders (`formats.email_thread`)
    FORUM = "forum thread"  # a discussion board's posts by their posters (`formats.forum`)
    INTERVIEW = "interview"  # questions and answers, an interviewer's and one interviewee's
    CONSULTATION = "consultation summary"  # a summary of a consultation's responses
    BRIEFING = "press briefing"  # a press briefing's transcript (`meetinghead`)
    MINUTES = "minutes"  # a meeting's minutes: its agenda's items, motions, votes (`meetinghead`)


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


class Role(StrEnum):
    """What the speaker of a quote is to its document; the attribution line says it."""

    AUTHOR = "author"  # the document's author, in their own words (or reporting someone's)
    PUBLISHER = "publisher"  # the publisher's introduction or closing note about the author
    LETTER_WRITER = "letter-writer"  # a reader's letter on a letters page, by its signer
    SPEAKER = "speaker"  # a turn in a transcript, an interview or a hearing
    SIDE = "side"  # one side of a debate (its points and answers)


class Person(BaseModel):
    """Someone the text reports, with the names people use for them."""

    model_config = ConfigDict(frozen=True)

    name: str
    aliases: tuple[str, ...] = ()


class Credit(BaseModel):
    """How an attribution line describes a speaker beside their name, as their document says:
    a letter's signer by the rest of their signature ("Westhaven, Lorne County", "harbour
    trustee, Pellam"), a transcript's speaker by their role ("presenter"), a Member of a
    parliament by their seat and party ("member for Northtown (Lab)")."""

    model_config = ConfigDict(frozen=True)

    name: str  # the speaker as their passages name them (`Passage.speaker`)
    words: str


class Reference(BaseModel):
    """One bibliography entry of a debate or an upload's notes (a Markdown essay's "[^1]: ..."),
    which `[n]` footnotes in the text point to."""

    model_config = ConfigDict(frozen=True)

    number: int
    text: str
    author: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    # The section whose own notes hold this entry (`Passage.section`: "intro", "proposition-2";
    # a Debatabase introduction or point may number its notes apart from the debate's
    # bibliography); None: the debate's bibliography.
    part: str | None = None


# How a document that states no date shows its date (`DocumentMeta.date` None).
UNKNOWN_DATE = "date unknown"


def date_text(date: dt.date | None, year: int | None = None, month: int | None = None) -> str:
    """A document's date as shown: "2019-12-05" (ISO 8601); with no date, the month and year
    the document states ("March 2026": `DocumentMeta.month`) or its year alone
    (`DocumentMeta.year`: "1998"), else `UNKNOWN_DATE`."""
    if date is not None:
        return date.isoformat()
    if year is not None and month is not None and 1 <= month <= 12:
        return f"{calendar.month_name[month]} {year}"
    return str(year) if year is not None else UNKNOWN_DATE


def date_order(date: dt.date | None) -> dt.date:
    """A sort key for documents by date, oldest first, those of unknown date (None) first."""
    return date if date is not None else dt.date.min


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
    # None: the document states no date (an upload whose text, metadata and file name give
    # none); shown as `UNKNOWN_DATE`, never as the day it was added.
    date: dt.date | None
    # The year the document says it appeared when it states no day ("First published 1998",
    # "© 2011 The Portlow Society"): shown where the date is (`date_text`); `date` stays None,
    # as a year is no day to sort or filter by. None when `date` is set or nothing says.
    year: int | None = None
    # The month of `year` when the document states it but no day ("March 2026" under a paper's
    # title: 3), shown with the year (`date_text`); None when it states none or `year` is None.
    month: int | None = None
    url: str | None = None
    kind: Kind
    # The finer form its reader recognised ("newsletter", "encyclopedia page"); None: none.
    form: Form | None = None
    # Where and at what a speech or talk was given, as its head says ("Northmoor Chamber of
    # Commerce Annual Dinner, Grand Hall of the Corn Exchange, Kettleby"; "the Business Forum
    # annual dinner" of "Speech by ..., to the Business Forum annual dinner"); None: unsaid.
    occasion: str | None = None
    # An interview's interviewee, who answers its questions (its author asks them); None for
    # any other document, or an interview that names no one.
    interviewee: str | None = None
    # The day a consultation closed, as its summary says ("Consultation period: 3 February 2026
    # to 28 April 2026"); None for any other document, or a summary that does not say.
    closed: dt.date | None = None
    aliases: tuple[str, ...] = ()
    responds_to: str | None = None
    mentions: tuple[Person, ...] = ()
    # How the attribution line describes each speaker who has a description (`Credit`).
    credits: tuple[Credit, ...] = ()
    voices: str | None = None
    motion: str | None = None  # debates: the motion, when it differs from the title
    # Debates: read from the "## Bibliography" section; Markdown uploads: their notes.
    bibliography: tuple[Reference, ...] = ()

    def reference(self, number: int, part: str | None = None) -> Reference | None:
        """The entry a `[number]` footnote in section `part` (`Passage.section`) points to: the
        section's own note of that number when it has one (its numbers are its own), else the
        bibliography's."""
        found = [entry for entry in self.bibliography if entry.number == number]
        own = next((entry for entry in found if part is not None and entry.part == part), None)
        return own or next((entry for entry in found if entry.part is None), None)

    def credit_for(self, speaker: str) -> str | None:
        """What the document says of `speaker` beside their name (`Credit.words`), or None."""
        return next((c.words for c in self.credits if c.name == speaker), None)

    def speaker_for(self, voice: Voice, named: str | None = None) -> str:
        if voice is Voice.AUTHOR:
            return self.author
        if voice is Voice.PUBLISHER:
            return self.publisher or "the publisher"
        return named or self.author


def opening_texts(passages: Sequence[Passage], limit: int) -> list[str]:
    """The texts of a document's first passages, each cut to at most `limit` characters
    (`text[:limit]`), read from the document's compressed body with one partial decompression
    (`Body.text_prefix`) rather than the whole body: what reading a document's opening needs."""
    bodies = {id(passage._body) for passage in passages}
    body = passages[0]._body if passages and len(bodies) == 1 else None
    if not isinstance(body, Body) or any(passage._text is not None for passage in passages):
        return [passage.text[:limit] for passage in passages]
    spans = [START_END.unpack_from(passage._offsets) for passage in passages]
    head = body.text_prefix(max(min(end, start + limit) for start, end in spans))
    return [head[start : min(end, start + limit)] for start, end in spans]


_FIELDS = (
    "id",
    "doc_id",
    "number",
    "start",
    "end",
    "text",
    "voice",
    "speaker",
    "sentences",
    "side",
    "section",
    "heading",
    "answers",
    "paragraph",
)
# A passage's debate fields and paragraph when it has none (`Passage._extra` is then None).
NO_EXTRA = (None, None, None, None, None)


class Passage:
    """One paragraph of a document.

    `start`/`end` locate it in the document body; `sentences` are spans relative to `text`.

    Immutable, compared and hashed by value like a frozen dataclass. A store loads passages with
    `text=None, body=<the document's body>` (a `str`, or a `Body` shared by the document's
    passages): their text is then a slice of the body, made when read, not a second copy of it.

    Held compactly (136 bytes a passage at 100k, and 150 more in objects, before): `start`,
    `end` and the sentence spans as one `bytes` of int32 offsets, unpacked when read (a few
    passages a question read their spans: the ones ranked and shown); the id only when it is
    not `<doc_id>:p<number>` (made when read otherwise); the debate fields and `paragraph`,
    None for most passages, in one slot.
    """

    __slots__ = (
        "_body",
        "_extra",
        "_id",
        "_offsets",
        "_text",
        "doc_id",
        "number",
        "speaker",
        "voice",
    )
    __match_args__ = _FIELDS

    _id: str | None  # None: the id is `<doc_id>:p<number>`
    doc_id: str
    number: int
    _text: str | None
    _body: str | Body | None
    voice: Voice
    speaker: str
    _offsets: bytes  # int32: start, end, then each sentence's start and end (see `pack_offsets`)
    # side, section, heading, answers, paragraph; None when all are None.
    _extra: tuple[Side | None, str | None, str | None, str | None, int | None] | None

    def __init__(
        self,
        id: str,
        doc_id: str,
        number: int,
        start: int,
        end: int,
        text: str | None,
        voice: Voice,
        speaker: str,
        sentences: Iterable[Sequence[int]] | bytes,
        side: Side | None = None,
        section: str | None = None,
        heading: str | None = None,
        answers: str | None = None,
        paragraph: int | None = None,
        *,
        body: str | Body | None = None,
    ) -> None:
        if (text is None) == (body is None):
            raise TypeError("a passage takes its text or its document's body, one of them")
        put = object.__setattr__
        put(self, "_id", None if id == f"{doc_id}:p{number}" else id)
        put(self, "doc_id", doc_id)
        put(self, "number", number)
        put(self, "_text", text)
        put(self, "_body", body)
        put(self, "voice", voice)
        put(self, "speaker", speaker)
        put(self, "_offsets", pack_offsets(start, end, sentences))
        extra = (side, section, heading, answers, paragraph)
        put(self, "_extra", None if extra == NO_EXTRA else extra)

    @classmethod
    def stored(
        cls,
        id: str | None,
        doc_id: str,
        number: int,
        start: int,
        end: int,
        voice: Voice,
        speaker: str,
        sentences: bytes,
        extra: tuple[Side | None, str | None, str | None, str | None, int | None] | None,
        body: str | Body,
    ) -> Passage:
        """A passage as a store loads it, made without `__init__`'s conversions (a million
        at a 1M-passage start): `id` None for `<doc_id>:p<number>`; its text the slice
        `start:end` (character offsets) of `body`;
        `sentences` packed (native int32 start and end of each, relative to the text, as
        `packed_sentences` gives them); `extra` the debate fields and paragraph (side, section,
        heading, answers, paragraph), None when all are None. Equal to
        `Passage(id, doc_id, number, start, end, None, voice, speaker, sentences, *extra,
        body=body)`; nothing is checked but that `start` and `end` are int32 (struct.error).
        A store making many fills `PassageSlots` itself (see there)."""
        passage = PassageSlots()
        passage._id = None if id is None or id == f"{doc_id}:p{number}" else id
        passage.doc_id = doc_id
        passage.number = number
        passage._text = None
        passage._body = body
        passage.voice = voice
        passage.speaker = speaker
        passage._offsets = START_END.pack(start, end) + sentences
        passage._extra = None if extra == NO_EXTRA else extra
        return passage.made()

    @property
    def id(self) -> str:
        """`<doc_id>:p<number>` (`:p<number>.<part>` for a part of a long paragraph)."""
        return self._id if self._id is not None else f"{self.doc_id}:p{self.number}"

    @property
    def stated_id(self) -> str | None:
        """The id when it is not `<doc_id>:p<number>` (a part of a long paragraph, `...p3.2`;
        any other), else None: only those ids are held as strings."""
        return self._id

    # Debates only: the side speaking, the part of the debate ("proposition-2" is a point,
    # "proposition-2-answer" the other side's answer to it), the point's title, the point an
    # answer answers.
    @property
    def side(self) -> Side | None:
        """The debate side speaking, or None."""
        return None if self._extra is None else self._extra[0]

    @property
    def section(self) -> str | None:
        """The part of a debate ("proposition-2", "proposition-2-answer"), or None."""
        return None if self._extra is None else self._extra[1]

    @property
    def heading(self) -> str | None:
        """A debate point's title (an upload's passage: the heading it sits under), or None."""
        return None if self._extra is None else self._extra[2]

    @property
    def answers(self) -> str | None:
        """The point a debate answer answers, or None."""
        return None if self._extra is None else self._extra[3]

    @property
    def paragraph(self) -> int | None:
        """The paragraph it cites (¶n) when that is not its number, else None: a long paragraph
        of an upload is split into several passages, each citing the paragraph it comes from."""
        return None if self._extra is None else self._extra[4]

    @property
    def text(self) -> str:
        if self._text is not None:
            return self._text
        body = self._body
        assert body is not None
        start, end = START_END.unpack_from(self._offsets)
        return text_of(body)[start:end]

    @property
    def start(self) -> int:
        """Where the passage starts in its document's body (a character offset)."""
        start: int = START_END.unpack_from(self._offsets)[0]
        return start

    @property
    def end(self) -> int:
        """Where the passage ends in its document's body (a character offset, exclusive)."""
        end: int = START_END.unpack_from(self._offsets)[1]
        return end

    @property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        offsets = self._offsets
        ints = memoryview(offsets)[: START_END.size + 8 * span_count(len(offsets))]
        pairs = iter(ints.cast("i").tolist()[2:])
        return tuple(zip(pairs, pairs, strict=True))

    @property
    def sentence_runs(self) -> list[tuple[int, int]] | None:
        """For each sentence, the run [first, end) of the passage's analysed terms that are
        the sentence's (`Analyser.terms_and_runs`, found once at ingest and stored with the
        spans: `with_sentence_runs`), or None when they were not kept (then a sentence's terms
        are those of its text analysed alone)."""
        offsets = self._offsets
        if not len(offsets) & 1:
            return None
        count = span_count(len(offsets))
        sizes = offsets[START_END.size + 8 * count : -1]
        runs: list[tuple[int, int]] = []
        end = 0
        for gap, size in zip(sizes[::2], sizes[1::2], strict=True):
            first = end + gap
            end = first + size
            runs.append((first, end))
        return runs

    def with_sentence_runs(self, runs: Sequence[tuple[int, int]] | None) -> Passage:
        """This passage with its sentences' runs of terms kept (see `sentence_runs`; one
        (first, end) per sentence, in order, not overlapping). Runs that do not fit (a gap or
        a sentence of more than 255 terms, or not one run a sentence) are not kept: the
        passage is returned as it is."""
        spans = self.sentences
        if runs is None or not spans or len(runs) != len(spans):
            return self
        sizes = bytearray()
        end = 0
        for first, last in runs:
            gap, size = first - end, last - first
            if not (0 <= gap <= RUN_MAX and 0 <= size <= RUN_MAX):
                return self
            sizes += bytes((gap, size))
            end = last
        copy = Passage.__new__(Passage)
        for name in Passage.__slots__:
            object.__setattr__(copy, name, getattr(self, name))
        packed = self._offsets[: START_END.size + 8 * len(spans)]
        object.__setattr__(copy, "_offsets", packed + bytes(sizes) + RUNS_MARK)
        return copy

    @property
    def packed_sentences(self) -> bytes:
        """The sentence spans as `Passage` takes them packed: each span's start and end as
        native int32 (8 bytes a sentence), relative to `text`; then, when the sentences' runs
        of terms are kept (`sentence_runs`), each run's gap from the one before and its length
        as one byte each, and one byte 0x01 (so the length is odd, a plain one a multiple of 8).
        """
        return self._offsets[START_END.size :]

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def replaced(self, **changes: object) -> Passage:
        """This passage with some fields changed (as `dataclasses.replace` would). Its
        sentences' runs of terms (`sentence_runs`) go along while its text and spans stay."""
        values = self._init_values()
        if changes.keys() & {"text", "start", "end", "sentences"}:
            values["sentences"] = self.sentences  # runs of other text or spans do not hold
        values.update(changes)
        if "text" not in changes and self._body is not None:
            values["text"] = None
            return Passage(**values, body=self._body)  # type: ignore[arg-type]
        return Passage(**values)  # type: ignore[arg-type]

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[object, ...]:
        # Their runs of terms go along (to and from an upload's worker process).
        return (_unpickled_passage, (self._init_values(),))

    def _init_values(self) -> dict[str, object]:
        """This passage's fields by name, as `Passage(**values)` takes them, the sentences
        packed (`packed_sentences`: their runs of terms kept)."""
        values = dict(zip(_FIELDS, self._values(), strict=True))
        values["sentences"] = self.packed_sentences
        return values

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Passage)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"Passage({shown})"

    @property
    def cited_paragraph(self) -> int:
        """The ¶ number to cite: its paragraph's."""
        return self.paragraph if self.paragraph is not None else self.number

    def sentence_texts(self) -> list[str]:
        text = self.text
        return [text[start:end] for start, end in self.sentences]

    def footnotes(self, start: int = 0, end: int | None = None) -> list[int]:
        """Numbers of the `[n]` footnotes in the text (or in a span of it), in order."""
        text = self.text
        return [int(m.group(1)) for m in FOOTNOTE.finditer(text, start, end or len(text))]


def _unpickled_passage(values: dict[str, Any]) -> Passage:
    """A pickled passage made again (`Passage.__reduce__`): its fields, its sentences packed."""
    return Passage(**values)


class PassageSlots:
    """A `Passage` being made by a store: `Passage`'s slots, in its layout, without its
    refusal to be assigned to. Its slots are set by plain assignment (which Python runs in a
    few nanoseconds, where `Passage` takes a call through a slot's setter a field: 0.79 against
    0.42 us a passage made either way, timeit on the development machine; 0.4 s of a
    1M-passage start), then `made`
    turns it into the `Passage` it holds, in place (`__class__` assignment, allowed between
    classes of the same layout). Every slot must be set first (`Passage.stored` says what
    each holds); a slot left unset makes a passage whose reading of that field raises
    AttributeError.
    """

    __slots__ = Passage.__slots__

    _id: str | None
    doc_id: str
    number: int
    _text: str | None
    _body: str | Body | None
    voice: Voice
    speaker: str
    _offsets: bytes
    _extra: tuple[Side | None, str | None, str | None, str | None, int | None] | None

    def made(self) -> Passage:
        """This object, now a `Passage` (its class changed in place; no copy)."""
        self.__class__ = Passage  # type: ignore[assignment]
        return self  # type: ignore[return-value]


_DOCUMENT_FIELDS = ("meta", "body", "content_hash", "source", "passages")


def stated_ids(passages: Iterable[Passage]) -> list[str | None]:
    """Each passage's `stated_id`, in order: read from the slot in C (`operator.attrgetter`), not
    through the property a passage at a time (0.07 s less at 1M passages)."""
    return list(map(_STATED_ID, passages))


_STATED_ID = operator.attrgetter("_id")


class Document:
    """An article: its metadata, its text (`body`), the hash of the file it came from, where it
    came from, and its passages in order.

    `body` may be given as a `str` or as a `Body` (compressed; the store loads documents so):
    it reads as the `str` either way. Immutable, compared, hashed and shown (`repr`) by value
    as the frozen dataclass it was; `replaced` stands in for `dataclasses.replace`.
    """

    __slots__ = ("_body", "content_hash", "meta", "passages", "source")
    __match_args__ = _DOCUMENT_FIELDS

    meta: DocumentMeta
    _body: str | Body
    content_hash: str
    source: str
    passages: tuple[Passage, ...]

    def __init__(
        self,
        meta: DocumentMeta,
        body: str | Body,
        content_hash: str,
        source: str,
        passages: tuple[Passage, ...],
    ) -> None:
        put = object.__setattr__
        put(self, "meta", meta)
        put(self, "_body", body)
        put(self, "content_hash", content_hash)
        put(self, "source", source)
        put(self, "passages", passages)

    @property
    def body(self) -> str:
        """The document's text (passages' `start`/`end` are offsets into it)."""
        return text_of(self._body)

    @property
    def packed_body(self) -> bytes:
        """The document's text compressed, as the store keeps it (see `pack_body`)."""
        return pack_body(self._body)

    @property
    def id(self) -> str:
        return self.meta.id

    def _values(self) -> tuple[object, ...]:
        return (self.meta, self.body, self.content_hash, self.source, self.passages)

    def replaced(self, **changes: object) -> Document:
        """This document with some fields changed (as `dataclasses.replace` would); the body,
        unless changed, is kept as held (compressed or not)."""
        values: dict[str, object] = {
            "meta": self.meta,
            "body": self._body,
            "content_hash": self.content_hash,
            "source": self.source,
            "passages": self.passages,
        }
        unknown = set(changes) - set(values)
        if unknown:
            raise TypeError(f"Document has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return Document(**values)  # type: ignore[arg-type]

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[object, ...]:
        return (Document, self._values())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Document)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        values = zip(_DOCUMENT_FIELDS, self._values(), strict=True)
        shown = ", ".join(f"{name}={value!r}" for name, value in values)
        return f"Document({shown})"

    def renamed(self, doc_id: str) -> Document:
        """This document under another id: its metadata's id, and each passage's document id
        and id (`<doc-id>:p<n>`, `<doc-id>:p<n>.2`: the part after the document id is kept);
        the text, spans and hash are unchanged."""
        old = len(self.id)
        return self.replaced(
            meta=self.meta.model_copy(update={"id": doc_id}),
            passages=tuple(
                passage.replaced(id=doc_id + passage.id[old:], doc_id=doc_id)
                for passage in self.passages
            ),
        )
