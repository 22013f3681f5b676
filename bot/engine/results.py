"""What the engine answers with, as values: an `Answer` of `Quote`s, each a span of a passage
with its `Attribution` (who says it, where it stands), and the `DocumentFacts` a question about
a document itself is answered from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.engine.models import DocumentMeta, Kind, Reference, Role, Voice, date_text
from bot.engine.quotemarks import in_quotes


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says the quoted words, and where they stand."""

    speaker: str
    voice: Voice
    doc_id: str
    title: str
    author: str
    author_role: str | None
    publisher: str | None
    date: dt.date | None  # None: the document states no date
    paragraph: int
    url: str | None
    kind: str
    reporting: str | None = None  # whose words the speaker reports in the quote, if the text says
    side: str | None = None  # debates: "proposition" or "opposition"
    motion: str | None = None  # debates: the motion
    part: str | None = None  # debates: "Proposition point 2: <title>", "Opposition answer to ..."
    role: Role = Role.AUTHOR  # what the speaker is to the document
    quoting: bool = False  # the quoted span holds the reported person's words in quotation marks
    year: int | None = None  # the year alone the document states, when it has no date
    form: str | None = None  # what the document came as (`models.Form`: "email thread")
    month: int | None = None  # the month of `year` it states, when it states no day
    # What the document says of a speaker or a letter's signer beside their name
    # (`DocumentMeta.credits`: "presenter", "Westhaven, Lorne County"), and where a transcript's
    # words were said (`DocumentMeta.occasion`: "House of Commons debate of 11 March 2026");
    # None when it says nothing. Out of the repr, as `to_json` gives them only when set: an
    # answer without them reads as before.
    credit: str | None = field(default=None, repr=False)
    occasion: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class Quote:
    """One answer: a passage and the verbatim span of it that answers best."""

    passage_id: str
    passage: str
    quote_start: int
    quote_end: int
    score: float
    attribution: Attribution
    highlights: tuple[tuple[int, int], ...] = ()  # spans of matched words, relative to the quote
    also_in: tuple[str, ...] = ()  # near-duplicate passages merged into this one
    references: tuple[Reference, ...] = ()  # bibliography entries the quote's [n] footnotes cite
    # The question's words the passage holds neither itself nor through a stand-in, as typed
    # ("Missing: ..."; `Quoter.missing_words`).
    missing: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.passage[self.quote_start : self.quote_end]

    def to_json(self) -> dict[str, object]:
        """One answer in the stable JSON shape of `debate-bot ask --json`."""
        return {
            "passage_id": self.passage_id,
            "doc_id": self.attribution.doc_id,
            "title": self.attribution.title,
            "speaker": self.attribution.speaker,
            "voice": self.attribution.voice.value,
            "role": self.attribution.role.value,
            "reporting": self.attribution.reporting,
            "quoting": self.attribution.quoting,
            "author": self.attribution.author,
            "publisher": self.attribution.publisher,
            "date": self.attribution.date.isoformat() if self.attribution.date else None,
            "year": _year(self.attribution.date, self.attribution.year),
            "paragraph": self.attribution.paragraph,
            "url": self.attribution.url,
            "quote": self.text,
            "passage": self.passage,
            "score": round(self.score, 4),
            "side": self.attribution.side,
            "motion": self.attribution.motion,
            "part": self.attribution.part,
            "references": [entry.model_dump() for entry in self.references],
            "also_in": list(self.also_in),
            "missing": list(self.missing),
            # What the document says of the speaker, and where they spoke, only where it does.
            **({"credit": self.attribution.credit} if self.attribution.credit else {}),
            **({"occasion": self.attribution.occasion} if self.attribution.occasion else {}),
        }


def _issuer(author: str) -> str | None:
    """The author of a document that names no publisher, as its publisher when the author is
    an organisation ("Department for Transport and Climate" issues its own summary), not a
    person's name nor a placeholder ("Unknown author"); else None."""
    from bot.engine.people import is_person_name
    from bot.engine.voices import no_byline

    return None if not author or no_byline(author) or is_person_name(author) else author


def _year(date: dt.date | None, year: int | None) -> int | None:
    """The year a document appeared, for JSON: its date's, else the year alone it states
    (`DocumentMeta.year`: "First published 1998"), else None."""
    return date.year if date is not None else year


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What a document's details say of it (its metadata), for questions about the document
    itself: "what is the reply called", "when was it published", "where did the op-ed appear",
    "who wrote it", "what is it about", "where was the speech given", "who was interviewed".
    `asked` is which of them the question asks for: "title", "date", "venue", "author",
    "summary" (the document's opening passage answers), "place" (where a speech was given:
    `occasion`), "interviewee" or "closed" (when a consultation closed)."""

    doc_id: str
    asked: str
    title: str
    author: str
    date: dt.date | None  # None: the document states no date
    publisher: str | None
    url: str | None
    kind: str
    # Where the facts come from, when not the document's own details ("what “Security First or
    # America First?” responds to": the work a reply answers, outside the corpus).
    via: str | None = None
    year: int | None = None  # the year alone the document states, when it has no date
    month: int | None = None  # the month of `year` it states, when it states no day
    # Every detail the question asks for, `asked` among them, in its order ("who published
    # the report, and when?": ("venue", "date")); empty when it asks for `asked` alone.
    details: tuple[str, ...] = ()
    # Where and at what a speech was given (`DocumentMeta.occasion`), asked as "place".
    occasion: str | None = None
    # Whom an interview is of (`DocumentMeta.interviewee`), asked as "interviewee".
    interviewee: str | None = None
    # The day a consultation closed (`DocumentMeta.closed`), asked as "closed".
    closed: dt.date | None = None

    @classmethod
    def of(cls, meta: DocumentMeta, asked: str, details: tuple[str, ...] = ()) -> DocumentFacts:
        """The facts a document's own details give, `asked` being which one is asked for (and
        `details` every one, when the question asks for more than one)."""
        return cls(
            meta.id,
            asked,
            meta.title,
            meta.author,
            meta.date,
            meta.publisher,
            meta.url,
            meta.kind.value,
            year=meta.year,
            month=meta.month,
            details=details if len(details) > 1 else (),
            occasion=meta.occasion,
            interviewee=meta.interviewee,
            closed=meta.closed,
        )

    @property
    def value(self) -> str:
        """The fact asked for, as text."""
        return self.value_of(self.asked)

    def value_of(self, asked: str) -> str:
        """One fact as text: "title", "date", "venue", "author", "summary" (the title),
        "place" (the occasion) or "interviewee"; "not recorded" when the document has none."""
        if asked in ("title", "summary"):
            return self.title
        if asked == "date":
            return (
                date_text(self.date, self.year, self.month)
                if self.date or self.year
                else "not recorded"
            )
        if asked == "venue":
            return self.publisher or self.url or _issuer(self.author) or "not recorded"
        if asked == "closed":
            return self.closed.isoformat() if self.closed else "not recorded"
        if asked == "place":
            return self.occasion or "not recorded"
        if asked == "interviewee":
            return self.interviewee or "not recorded"
        return self.author

    def sentence(self) -> str:
        """The facts asked for as a line to show, naming where they come from ("Published by:
        Northgate Policy Institute; Published: March 2025 (from the document's details: ...)")."""
        if self.asked == "summary":
            where = f", {self.publisher}" if self.publisher else ""
            given = f", given at {self.occasion}" if self.occasion else ""
            made = f", interview of {self.interviewee} by" if self.interviewee else " by"
            when = date_text(self.date, self.year, self.month)
            return (
                f"{in_quotes(self.title)}{made} {self.author}{where}{given}, {when}; "
                "its opening passage:"
            )
        label = {
            "title": "Title",
            "date": "Published",
            "venue": "Published by",
            "author": "By",
            "place": "Given at",
            "interviewee": "Interviewee",
            "closed": "Closed",
        }
        if self.kind == Kind.SPEECH.value:
            label["date"] = "Given on"  # a speech is given, its transcript published after
        source = self.via or f"the document's details: {in_quotes(self.title)}"
        stated = "; ".join(
            f"{label[asked]}: {self.value_of(asked)}" for asked in self.details or (self.asked,)
        )
        return f"{stated} (from {source})"

    def to_json(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "asked": self.asked,
            "value": self.value,
            "title": self.title,
            "author": self.author,
            "date": self.date.isoformat() if self.date else None,
            "year": _year(self.date, self.year),
            "publisher": self.publisher,
            "url": self.url,
            "kind": self.kind,
            "via": self.via,
            # Every detail asked, when more than one ("who published it, and when?").
            "details": {asked: self.value_of(asked) for asked in self.details} or None,
            # A speech's occasion and an interview's interviewee, only where the document has
            # them (the shape of every other document's facts is as it was).
            **({"occasion": self.occasion} if self.occasion else {}),
            **({"interviewee": self.interviewee} if self.interviewee else {}),
            **({"closed": self.closed.isoformat()} if self.closed else {}),
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """The quotes that answer a question (best first), or an abstention with a note saying why;
    `facts` when the question asks about a document itself."""

    question: str
    quotes: tuple[Quote, ...]
    abstained: bool
    total: int = 0  # how many passages answered before `offset`/`k` cut the list
    offset: int = 0
    note: str | None = None
    facts: DocumentFacts | None = None

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape that `debate-bot ask --json` prints ("document" is null unless
        the question asks about a document itself)."""
        return {
            "question": self.question,
            "abstained": self.abstained,
            "answers": [quote.to_json() for quote in self.quotes],
            "document": self.facts.to_json() if self.facts else None,
        }


_ANSWERED_WORK = re.compile(
    r"^\s*(?P<author>[^,\"“”]+?),\s*[\"“](?P<title>[^\"“”]+)[\"”],?\s*"
    r"(?:(?P<publisher>[^,]+?),\s*)?(?P<date>\d{4}-\d{2}-\d{2})\s*$"
)


def answered_work(responds_to: str) -> tuple[str, str, str | None, dt.date] | None:
    """The author, title, publisher (or None) and date of the work a reply answers, when its
    `responds_to` describes one outside the corpus in the corpus format's form
    (`Mike Pompeo, "Europe must put security first with 5G", Politico, 2019-12-02`); None for
    a document id or any other text."""
    match = _ANSWERED_WORK.match(responds_to)
    if match is None:
        return None
    try:
        date = dt.date.fromisoformat(match["date"])
    except ValueError:
        return None
    publisher = match["publisher"].strip() if match["publisher"] else None
    return match["author"].strip(), match["title"].strip(), publisher, date
