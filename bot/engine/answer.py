"""Question -> Answer: the best passages, each with its best sentence quoted verbatim.

The engine never writes a sentence of its own: a quote is a span of a passage, located by
offsets. When no passage covers enough of the question, the answer abstains.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from bot.engine.corpus import (
    FOOTNOTE,
    Document,
    DocumentMeta,
    Kind,
    Passage,
    Reference,
    Side,
    Voice,
)
from bot.engine.evidence import (
    EVIDENCE_KINDS,
    SentenceKind,
    SentenceTags,
    reported_person,
    tag_sentence,
)
from bot.engine.index import (
    BM25Parameters,
    IndexArrays,
    PassageIndex,
    encode_terms,
    index_arrays,
)
from bot.engine.synonyms import build_thesaurus
from bot.engine.text import Analyser, Token, default_analyser, normalise

MAX_QUESTION_CHARS = 500
_DUPLICATE_OVERLAP = 0.8
_EVIDENCE_BOOST = 1.5
_STAND_IN_FACTOR = 0.5
_TAGGED_CANDIDATES = 300
_MAX_UNSEEN_SHARE = 0.6
_SCOPE_MASKS_KEPT = 256

# Words that say what kind of answer is wanted rather than what it is about: they rank, but a
# passage need not contain them to count as covering the question.
FRAMING_WORDS = """
    say says said saying claim claims claimed argue argues argued argument mention mentions
    mentioned think thinks believe believes according rely relies relied compare compares
    compared describe describes described answer answers answered respond responds responded
    response explain explains tell tells told talk talks view views position
    point points make makes made write writes wrote written author article piece text
    document paragraph kind sort type mean means accuse accuses accused charge charges call
    calls called name names named use uses used reply replies op-ed op ed opinion stance
    stand hold holds main key really actually exactly ask asks asked will give gives gave
    offer offers offered provide provides provided
""".split()
# Words that ask what someone said: with a person's name they ask for the passages that report
# that person's words ("what did Pompeo claim?").
REPORTING_WORDS = """
say says said claim claims claimed argue argues argued accuse accuses accused allege alleges
alleged charge charges charged urge urges urged warn warns warned tell tells told want wants
wanted think thinks believe believes call calls called insist insists demand demands propose
proposes suggest suggests write writes wrote
""".split()
# Words that ask for evidence: they also rank sentences that cite sources, numbers or events.
EVIDENCE_WORDS = """
    evidence source sources cite cites cited citing proof prove proves support supports
    backs newspaper newspapers paper papers publication study studies report reports data
    statistic statistics figure figures number numbers expert experts survey surveys
    research researcher outlet outlets journalist journalists daily example examples
    instance instances quote quotes quoted
""".split()
_WHO_IS = re.compile(r"^\s*who(?: is| was|'s) ")
_ASKS_AUTHOR = re.compile(r"\bwho (?:wrote|writes|authored|penned|is the author of)\b")
# "The opposition", "the con side": a debate side. Only a single side named narrows the search.
_SIDE = re.compile(
    r"\b(?:the\s+)?(?P<side>proposition|opposition|pro side|con side|side proposing|"
    r"side opposing)(?:'s)?\b"
)
_SIDE_NAMES = {
    "proposition": Side.PROPOSITION,
    "pro side": Side.PROPOSITION,
    "side proposing": Side.PROPOSITION,
    "opposition": Side.OPPOSITION,
    "con side": Side.OPPOSITION,
    "side opposing": Side.OPPOSITION,
}
_COUNTED = re.compile(r"\bhow many\s+([\w'-]+)")
# Phrases that ask for a kind of sentence rather than name a topic: "how many ..." wants a
# figure, "what rhetorical question ..." a question. They rank, and are not searched as words.
_ASKS_FOR: tuple[tuple[re.Pattern[str], frozenset[SentenceKind]], ...] = (
    (
        re.compile(
            r"\bhow (?:many|much|often|frequent(?:ly)?)\b|\b(?:what|which) (?:share|percentage|"
            r"proportion|fraction|number|figure)\b|\bpercentage\b|\bper ?cent\b"
        ),
        frozenset({SentenceKind.STATISTIC}),
    ),
    (re.compile(r"\brhetorical questions?\b"), frozenset({SentenceKind.QUESTION})),
)


class QuestionError(ValueError):
    """A question the engine cannot take; the message is fit to show the user."""


def clean_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> str:
    """The question with control characters dropped and white space folded, or QuestionError."""
    printable = "".join(
        " " if unicodedata.category(char).startswith("C") else char for char in question
    )
    cleaned = " ".join(printable.split())
    if not cleaned:
        raise QuestionError("The question is empty: type what you want to know about the articles.")
    if len(cleaned) > max_chars:
        raise QuestionError(
            f"The question is {len(cleaned):,} characters long; the limit is {max_chars:,}. "
            "Ask about one thing at a time."
        )
    return cleaned


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
    date: dt.date
    paragraph: int
    url: str | None
    kind: str
    reporting: str | None = None  # whose words the speaker reports in the quote, if the text says
    side: str | None = None  # debates: "proposition" or "opposition"
    motion: str | None = None  # debates: the motion
    part: str | None = None  # debates: "Proposition point 2: <title>", "Opposition answer to ..."


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
            "author": self.attribution.author,
            "publisher": self.attribution.publisher,
            "date": self.attribution.date.isoformat(),
            "paragraph": self.attribution.paragraph,
            "url": self.attribution.url,
            "quote": self.text,
            "passage": self.passage,
            "score": round(self.score, 4),
            "side": self.attribution.side,
            "motion": self.attribution.motion,
            "part": self.attribution.part,
            "references": [entry.model_dump() for entry in self.references],
        }


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    quotes: tuple[Quote, ...]
    abstained: bool
    total: int = 0  # how many passages answered before `offset`/`k` cut the list
    offset: int = 0
    note: str | None = None

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape that `debate-bot ask --json` prints."""
        return {
            "question": self.question,
            "abstained": self.abstained,
            "answers": [quote.to_json() for quote in self.quotes],
        }


@dataclass(frozen=True, slots=True)
class Focus:
    """What the question says about whose words it wants: a voice within some documents."""

    doc_ids: frozenset[str] = frozenset()
    voice: Voice | None = None
    alias_spans: tuple[tuple[int, int], ...] = ()
    person: str | None = None  # someone the documents report, named in the question
    speaker: str | None = None  # a transcript speaker the question names ("the psychologist")
    side: Side | None = None  # a debate side the question names ("the opposition")


@dataclass(frozen=True, slots=True)
class Query:
    """A question as the engine searches it."""

    terms: list[str]  # every searchable term, for BM25 (with stand-ins for unseen words)
    # What a passage must cover: one group per content word of the question (the word, or the
    # stand-ins for it when the corpus never uses it); framing and evidence words left out.
    content: list[frozenset[str]]
    wants_evidence: bool
    focus: Focus
    # Kinds of sentence the question asks for: evidence, a figure, a rhetorical question.
    wants: frozenset[SentenceKind] = frozenset()
    # Kinds a passage must hold to answer at all: "how many ..." needs a figure.
    required: frozenset[SentenceKind] = frozenset()
    # Groups a passage must cover to answer at all: what "how many" counts, a hyphenated name.
    must: tuple[frozenset[str], ...] = ()
    # Stand-ins for words the corpus does use, with the fraction of a word's score they add.
    weighted: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnswerSettings:
    k: int = 3
    # Debate understanding: voices and documents named in the question, people whose words are
    # reported, evidence-seeking questions, stand-ins for unseen words. Off gives plain BM25 with
    # coverage-based abstention, the "before" of the evaluation.
    understanding: bool = True
    min_coverage: float = 0.4
    # A question that names its document ("the reply", "the ambassador") has said what it is
    # about, so a passage of that document needs to cover less of the remaining words.
    focused_min_coverage: float = 0.25
    min_score: float = 0.0
    bm25: BM25Parameters = field(default_factory=BM25Parameters)


@dataclass(slots=True)
class _Scored:
    passage: Passage
    score: float
    coverage: float


class _Ranking(Sequence[_Scored]):
    """Ranked candidates as arrays; a _Scored is made only for those read (the first few)."""

    def __init__(
        self,
        passages: list[Passage],
        positions: np.ndarray,
        scores: np.ndarray,
        coverage: np.ndarray,
    ) -> None:
        self._passages = passages
        self._positions = positions
        self._scores = scores
        self._coverage = coverage

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> _Scored: ...
    @overload
    def __getitem__(self, index: slice) -> list[_Scored]: ...
    def __getitem__(self, index: int | slice) -> _Scored | list[_Scored]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return _Scored(
            self._passages[int(self._positions[index])],
            float(self._scores[index]),
            float(self._coverage[index]),
        )

    def __iter__(self) -> Iterator[_Scored]:
        return (self[i] for i in range(len(self)))


class _TermsOnRead(Sequence[Sequence[str]]):
    """Each passage's terms, in passage order, made as the index reads them: the stored ones
    where given (no analysis), else the analyser's. The index turns them into term ids a chunk at
    a time, so they are never all held as strings."""

    def __init__(
        self,
        passages: Sequence[Passage],
        stored: Mapping[str, Sequence[str]],
        analyser: Analyser,
    ) -> None:
        self._passages = passages
        self._stored = stored
        self._analyser = analyser

    def __len__(self) -> int:
        return len(self._passages)

    def _terms(self, passage: Passage) -> Sequence[str]:
        found = self._stored.get(passage.id)
        return found if found is not None else self._analyser.terms(passage.text)

    @overload
    def __getitem__(self, index: int) -> Sequence[str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[Sequence[str]]: ...
    def __getitem__(self, index: int | slice) -> Sequence[str] | list[Sequence[str]]:
        if isinstance(index, slice):
            return [self._terms(passage) for passage in self._passages[index]]
        return self._terms(self._passages[index])


class AnswerEngine:
    """Answers questions over a fixed set of documents. Build a new one when the corpus changes."""

    def __init__(
        self,
        documents: Iterable[Document],
        settings: AnswerSettings | None = None,
        analyser: Analyser | None = None,
        passage_terms: Mapping[str, Sequence[str]] | None = None,
        scopes: Mapping[str, str] | None = None,
        stored_tags: Mapping[str, str] | None = None,
        index: IndexArrays | None = None,
    ) -> None:
        """`passage_terms` (by passage id) spares analysing the passages again; `index`, the
        arrays of an index built before over the same passages in the same order, spares
        building it (see `Store.load`)."""
        self.settings = settings or AnswerSettings()
        self.analyser = analyser or default_analyser()
        self.documents: dict[str, Document] = {doc.id: doc for doc in documents}
        self.passages: list[Passage] = [
            passage for doc in self.documents.values() for passage in doc.passages
        ]
        self.passage_by_id: dict[str, Passage] = {p.id: p for p in self.passages}
        self._positions = {p.id: position for position, p in enumerate(self.passages)}
        self._side_masks: dict[tuple[Side | None, bool], np.ndarray] = {}
        # Whose corpus each document is: "" for the shared one (bundled, imported), a server's
        # id for its own uploads. A server sees the shared documents and its own, never another
        # server's; a direct message sees the shared ones.
        self.scopes: dict[str, str] = {
            doc_id: (scopes or {}).get(doc_id, "") for doc_id in self.documents
        }
        self._visible: dict[str, np.ndarray] = {}
        self._document_masks: dict[frozenset[str], np.ndarray] = {}
        if index is not None:
            if len(index.lengths) != len(self.passages):
                raise ValueError(
                    f"the index holds {len(index.lengths)} passages, "
                    f"the corpus {len(self.passages)}"
                )
            self.index = PassageIndex.from_arrays(index, self.settings.bm25)
        else:
            terms = _TermsOnRead(self.passages, passage_terms or {}, self.analyser)
            self.index = PassageIndex(terms, self.settings.bm25)
        self.passage_terms: Sequence[list[str]] = self.index.terms
        self._aliases = _alias_table(doc.meta for doc in self.documents.values())
        # One compiled pattern per distinct phrase, in the table's order (longest first): the
        # table has a row per document and phrase, and compiling a pattern per row per question
        # cost 25,000 compilations a question at 100k passages.
        self._alias_groups = _alias_groups(self._aliases)
        # Passages of a document are consecutive: (first, end) positions, for document masks.
        self._doc_ranges: dict[str, tuple[int, int]] = {}
        self._voice_codes = {voice: code for code, voice in enumerate(Voice)}
        self._voices = np.array([self._voice_codes[p.voice] for p in self.passages], dtype=np.int8)
        for position, passage in enumerate(self.passages):
            first, _ = self._doc_ranges.get(passage.doc_id, (position, position))
            self._doc_ranges[passage.doc_id] = (first, position + 1)
        self._framing = {self.analyser.stem(word) for word in FRAMING_WORDS}
        self._evidence = {self.analyser.stem(word) for word in EVIDENCE_WORDS}
        self._reporting = {self.analyser.stem(word) for word in REPORTING_WORDS}
        self._tags: dict[str, tuple[SentenceTags, ...]] = {}
        self._stored_tags: dict[str, str] = dict(stored_tags or {})
        self._taggers: dict[str, Tagger] = {}
        self._thesaurus = build_thesaurus(self.analyser)
        self._people = {doc.id: _people(doc.meta) for doc in self.documents.values()}
        self._speakers = _speakers(self.documents.values())
        self._has_debates = any(d.meta.kind is Kind.DEBATE for d in self.documents.values())
        self._person_aliases = sorted(
            {(alias, name) for people in self._people.values() for alias, name in people.items()},
            key=lambda row: -len(row[0]),
        )
        self._person_patterns = [
            (_phrase_pattern(alias), name) for alias, name in self._person_aliases
        ]

    def changed(
        self,
        added: Sequence[tuple[Document, Sequence[Sequence[str]]]],
        removed: Iterable[str] = (),
        *,
        scope: str = "",
        stored_tags: Mapping[str, str] | None = None,
    ) -> AnswerEngine:
        """This engine with documents added or replaced (each with its passages' terms, in
        `scope`) and others removed: the engine a full load of the changed corpus would build,
        with the same passage order (documents by id) and the same index, bit for bit.

        Unchanged documents keep their passage objects and term ids, so nothing is read from
        the store or analysed again; only the postings are rebuilt. This engine is not changed
        (questions may still be running on it).
        """
        new = {document.id: (document, terms) for document, terms in added}
        gone = set(removed) | set(new)
        order = sorted((set(self.documents) - gone) | set(new))
        old = self.index.arrays()
        numbers = dict(self.index.term_numbers())  # new terms are numbered after the old
        term_pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
        length_pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
        for doc_id in order:
            if doc_id in new:
                ids, lengths = encode_terms(new[doc_id][1], numbers)
            else:
                first, end = self._doc_ranges.get(doc_id, (0, 0))
                ids, lengths = self.index.terms.ids(first, end), old.lengths[first:end]
            term_pieces.append(ids)
            length_pieces.append(lengths)
        # The vocabulary is cut to the terms still used and renumbered in order of first
        # appearance, as a full build numbers it.
        arrays = index_arrays(
            list(numbers), np.concatenate(term_pieces), np.concatenate(length_pieces)
        )
        # Sentence tags already known, stored or decoded (copies: a question running on this
        # engine may be moving one from the first to the second; one caught in between is
        # computed again on first use).
        kept = {
            passage.id
            for doc_id in order
            if doc_id not in new
            for passage in self.documents[doc_id].passages
        }
        kept_tags = {
            passage_id: raw
            for passage_id, raw in dict(self._stored_tags).items()
            if passage_id in kept
        }
        for passage_id, tags in dict(self._tags).items():
            if passage_id in kept:
                kept_tags[passage_id] = encode_tags(tags)
        scopes = {doc_id: self.scopes[doc_id] for doc_id in order if doc_id not in new}
        scopes.update((doc_id, scope) for doc_id in new)
        return AnswerEngine(
            [new[doc_id][0] if doc_id in new else self.documents[doc_id] for doc_id in order],
            self.settings,
            self.analyser,
            None,
            scopes,
            {**kept_tags, **(stored_tags or {})},
            arrays,
        )

    def visible_mask(self, scope: str = "") -> np.ndarray:
        """Positions a scope may quote: the shared documents and the scope's own."""
        mask = self._visible.get(scope)
        if mask is None:
            mask = np.array(
                [self.scopes[p.doc_id] in ("", scope) for p in self.passages], dtype=bool
            )
            if len(self._visible) > _SCOPE_MASKS_KEPT:
                self._visible.clear()  # bounded: one entry per active server
            self._visible[scope] = mask
        return mask

    def is_visible(self, doc_id: str, scope: str = "") -> bool:
        return doc_id in self.documents and self.scopes[doc_id] in ("", scope)

    def visible_documents(self, scope: str = "") -> list[Document]:
        return [d for d in self.documents.values() if self.scopes[d.id] in ("", scope)]

    def document_span(self, doc_id: str) -> tuple[int, int]:
        """The positions [first, last) of a document's passages (they are contiguous)."""
        return self._doc_ranges[doc_id]

    def position_of(self, passage_id: str) -> int:
        """The index position of a passage."""
        return self._positions[passage_id]

    def debate_mask(self) -> np.ndarray:
        """Positions that hold a debate side's words (points and answers), as a boolean mask."""
        return self.side_mask(None, invert=True)

    def side_mask(self, side: Side | None, *, invert: bool = False) -> np.ndarray:
        """Positions spoken by `side` (or, inverted, by any other), as a boolean mask."""
        key = (side, invert)
        mask = self._side_masks.get(key)
        if mask is None:
            mask = np.array([(p.side is side) != invert for p in self.passages], dtype=bool)
            self._side_masks[key] = mask
        return mask

    def sentence_tags(self, passage: Passage) -> tuple[SentenceTags, ...]:
        """Evidence tags of each sentence of a passage: stored at ingest (decoded on first use),
        or computed on first use for passages stored before tags were."""
        tags = self._tags.get(passage.id)
        if tags is None:
            stored = self._stored_tags.pop(passage.id, None)
            if stored is not None:
                tags = decode_tags(stored)
            if tags is None or len(tags) != len(passage.sentences):
                tagger = self._taggers.get(passage.doc_id)
                if tagger is None:
                    tagger = Tagger.of(self.documents[passage.doc_id].meta)
                    self._taggers[passage.doc_id] = tagger
                tags = tagger.tags(passage)
            self._tags[passage.id] = tags
        return tags

    # --- the question ------------------------------------------------------------------------

    def focus(self, question: str) -> Focus:
        """Documents, voice and speaker that the question names ("the reply", "the ambassador")."""
        folded = normalise(question)
        named: dict[tuple[int, int], set[str]] = {}
        voice: Voice | None = None
        for pattern, rows in self._alias_groups:
            for match in pattern.finditer(folded):
                span = match.span()
                # Longer phrases come first; a shorter one inside them is part of that name.
                # The same words may name several documents ("the reply"): keep them all.
                if any(s <= span[0] < e for s, e in named if (s, e) != span):
                    continue
                named.setdefault(span, set()).update(doc_id for doc_id, _ in rows)
                for _, phrase_voice in rows:
                    if phrase_voice is not None:
                        voice = phrase_voice
        doc_ids: set[str] = set().union(*named.values()) if named else set()
        # "The reply to the councillor": the question asks about the reply; the op-ed it
        # answers (and any other document called "the reply") only says which reply.
        answering = {
            d
            for d in doc_ids
            if (answered := self.documents[d].meta.responds_to) is not None
            and answered != d
            and answered in doc_ids
        }
        if answering:
            doc_ids = answering
        asks_what_said = any(stem in self._reporting for stem in self.analyser.terms(question))
        people = [name for pattern, name in self._person_patterns if pattern.search(folded)]
        person = people[0] if people and asks_what_said else None
        speakers = {self._speakers[name] for name in people if name in self._speakers}
        speaker = speakers.pop() if len(speakers) == 1 else None
        # Words that named a document the answer may come from are not searched; words that
        # named the op-ed a reply answers ("what does the reply say Whitlock claims") are.
        spans = [span for span, docs in named.items() if docs & doc_ids]
        sides = {}
        if self._has_debates:
            for match in _SIDE.finditer(folded):
                if not any(s <= match.start() < e for s, e in spans):
                    sides[_SIDE_NAMES[match.group("side")]] = match.span()
        side = next(iter(sides)) if len(sides) == 1 else None
        if side is not None:
            spans.append(sides[side])
        return Focus(frozenset(doc_ids), voice, tuple(sorted(spans)), person, speaker, side)

    def query(self, question: str) -> Query:
        """Question terms, less the words that only name a document or voice."""
        if not self.settings.understanding:
            plain = self.analyser.terms(question)
            return Query(plain, [frozenset({t}) for t in dict.fromkeys(plain)], False, Focus())
        focus = self.focus(question)
        folded = normalise(question)
        skipped = list(focus.alias_spans)
        required: set[SentenceKind] = set()
        for pattern, kinds in _ASKS_FOR:
            for match in pattern.finditer(folded):
                skipped.append(match.span())
                required |= kinds
        asked_tokens = [
            token
            for token in self.analyser.tokens(question)
            if not any(start <= token.start < end for start, end in skipped)
        ]
        asked = [token.stem for token in asked_tokens]
        terms: list[str] = []
        weighted: dict[str, float] = {}
        content: list[frozenset[str]] = []
        for term in asked:
            group = {term}
            stand_ins = [
                t for t in self._thesaurus.get(term, ()) if self.index.document_frequency(t)
            ]
            group.update(stand_ins)
            if not self.index.document_frequency(term):
                # A word no passage uses: search for the words that stand in for it instead.
                terms.extend(sorted(stand_ins))
            else:
                # The corpus uses the word, and perhaps its stand-ins too ("students" in one
                # text, "pupils" in another): they count, less than the word itself.
                for stand_in in stand_ins:
                    weighted[stand_in] = _STAND_IN_FACTOR
            terms.append(term)
            if term not in self._framing and term not in self._evidence:
                content.append(frozenset(group))
        content = self._compounds(question, asked_tokens, content)
        wants_evidence = any(t in self._evidence for t in asked)
        wants = frozenset(required | (EVIDENCE_KINDS if wants_evidence else set()))
        who_is = _WHO_IS.match(folded)
        asks_author = bool(_ASKS_AUTHOR.search(folded)) or (
            # "Who is the head of the Chinese mission?": the name behind an author's alias.
            who_is is not None
            and focus.voice is Voice.AUTHOR
            and any(
                folded[who_is.end() : start].strip() in ("", "the", "a")
                for start, _ in focus.alias_spans
                if start >= who_is.end()
            )
        )
        if focus.doc_ids and (asks_author or not (content or wants)):
            # "Who wrote the reply?": find where the text names the document's author, which
            # is often the publisher's introduction, not the author's own words.
            if asks_author:
                terms, content = [], []
                focus = dataclasses.replace(focus, voice=None)
            for doc_id in sorted(focus.doc_ids):
                author = self.analyser.terms(self.documents[doc_id].meta.author)
                terms.extend(author)
                content.append(frozenset(author))
        # "How many cyclists ...?" is answered by a figure about cyclists, not any figure.
        counted_word = _COUNTED.search(folded)
        counted_stems = set(self.analyser.terms(counted_word.group(1))) if counted_word else set()
        counted = next((group for group in content if group & counted_stems), None)
        must = tuple(g for g in content if g == counted or any(" " in t for t in g))
        return Query(
            terms,
            list(dict.fromkeys(content)),
            wants_evidence,
            focus,
            wants,
            frozenset(required),
            must,
            {t: f for t, f in weighted.items() if t not in terms},
        )

    def _compounds(
        self, question: str, tokens: Sequence[Token], content: list[frozenset[str]]
    ) -> list[frozenset[str]]:
        """One group for a hyphenated name: "park-and-ride" is covered by a passage that has
        both "park" and "ride", not by one that only mentions a park."""
        for match in re.finditer(r"\w+(?:-\w+)+", question):
            parts = {t.stem for t in tokens if match.start() <= t.start < match.end()}
            groups = [g for g in content if g == frozenset({next(iter(g))}) and g <= parts]
            if len(groups) < 2 or not all(self.index.document_frequency(t) for t in parts):
                continue
            compound = frozenset({" ".join(sorted(next(iter(g)) for g in groups))})
            first = content.index(groups[0])
            content = [g for g in content if g not in groups]
            content.insert(first, compound)
        return content

    def _group_mask(self, group: frozenset[str]) -> np.ndarray:
        """Which passages cover a group: have one of its words, or every part of a compound."""
        mask = np.zeros(self.index.size, dtype=bool)
        for term in group:
            parts = term.split()
            found = np.zeros(self.index.size, dtype=bool)
            found[self.index.positions_of(parts[0])] = True
            for part in parts[1:]:
                also = np.zeros(self.index.size, dtype=bool)
                also[self.index.positions_of(part)] = True
                found &= also
            mask |= found
        return mask

    def _group_weight(self, group: frozenset[str]) -> float:
        """What covering a group is worth: its rarest word, or all the parts of a compound."""
        return max(sum(self.index.weight(part) for part in term.split()) for term in group)

    # --- answering ---------------------------------------------------------------------------

    def answer(
        self,
        question: str,
        k: int | None = None,
        *,
        offset: int = 0,
        doc_id: str | None = None,
        max_question_chars: int = MAX_QUESTION_CHARS,
        scope: str = "",
    ) -> Answer:
        """The top-k passages for `question` from position `offset` on, or an abstention."""
        question = clean_question(question, max_question_chars)
        k = max(1, k or self.settings.k)
        query = self.query(question)
        if not query.terms and not query.wants_evidence:
            return Answer(
                question,
                (),
                True,
                note="The question has no words to search for beyond names of documents or "
                "people; add what you want to know.",
            )
        ranked = self._rank(query, doc_id, scope)
        if not ranked:
            return Answer(question, (), True, note="Nothing in the corpus answers this.")
        merged, examined = self._merge_duplicates(ranked, offset + k)
        window = merged[offset : offset + k]
        quotes = tuple(
            self.quote_passage(scored.passage, query, scored.score, also) for scored, also in window
        )
        total = len(ranked) - (examined - len(merged))
        return Answer(question, quotes, False, total=total, offset=offset)

    def _rank(self, query: Query, doc_id: str | None, scope: str = "") -> Sequence[_Scored]:
        allowed = self.visible_mask(scope)
        if doc_id is not None:
            allowed = allowed & self.document_mask({doc_id})
        focus = query.focus
        min_coverage = self.settings.min_coverage
        if focus.doc_ids:
            # The question named its documents: answers come from them or not at all.
            allowed = allowed & self.document_mask(focus.doc_ids)
            min_coverage = self.settings.focused_min_coverage
        if focus.side is not None:
            # "What does the opposition say ...": that side's passages of any debate.
            allowed = allowed & self.side_mask(focus.side)
            min_coverage = self.settings.focused_min_coverage
        if not query.content and query.wants:
            return self._wanted_passages(query, allowed)
        # In corpus order: most candidates fail the coverage test below, so only the ones left
        # are sorted (at 1M passages, sorting them all was a large part of a question).
        positions, raw_scores = self.index.matches(query.terms, allowed, query.weighted)
        groups = query.content or [frozenset({term}) for term in query.terms]
        # A group weighs what the question's own word weighs (a rare or unseen word, a lot).
        weights = [self._group_weight(group) for group in groups]
        unseen = sum(
            weight
            for group, weight in zip(groups, weights, strict=True)
            if not any(self.index.document_frequency(t) for term in group for t in term.split())
        )
        if unseen >= _MAX_UNSEEN_SHARE * sum(weights):
            # Most of what the question asks about is in no passage and has no stand-in
            # ("football clubs"): naming the document does not make it answerable.
            return []
        # Coverage of every candidate at once, from the postings: no per-passage set.
        covered = np.zeros(len(positions))
        for group, weight in zip(groups, weights, strict=True):
            covered += weight * self._group_mask(group)[positions]
        coverage = covered / sum(weights)
        keep = (coverage >= min_coverage) & (raw_scores >= self.settings.min_score)
        for group in query.must:  # what "how many" counts, a hyphenated name
            keep &= self._group_mask(group)[positions]
        positions, raw_scores, coverage = positions[keep], raw_scores[keep], coverage[keep]
        # Best first; equal scores keep corpus order (a stable sort).
        best_first = np.argsort(-raw_scores, kind="stable")
        positions, raw_scores, coverage = (
            positions[best_first],
            raw_scores[best_first],
            coverage[best_first],
        )
        tagged = query.required or query.wants or focus.person
        scores = raw_scores.copy()
        if tagged:
            # Sentence tags cost a millisecond a passage on first use; far down the list no
            # boost would lift a passage into the answer, so only the first ones are tagged
            # ("how many ...?" stops there: the rest are not known to hold a figure).
            head = min(len(positions), _TAGGED_CANDIDATES)
            keep = np.ones(len(positions), dtype=bool)
            if query.required:
                keep[head:] = False
            for rank in range(head):
                tags = self.sentence_tags(self.passages[int(positions[rank])])
                if query.required and not any(query.required.intersection(t.kinds) for t in tags):
                    keep[rank] = False  # "how many ...?" and the passage gives no figure
                    continue
                if query.wants and any(query.wants.intersection(t.kinds) for t in tags):
                    scores[rank] *= _EVIDENCE_BOOST
                if focus.person and any(t.reports == focus.person for t in tags):
                    # "What did Pompeo claim?" wants the passages that report Pompeo's words.
                    scores[rank] *= _EVIDENCE_BOOST
            positions, scores, coverage = positions[keep], scores[keep], coverage[keep]
        if not len(positions) and query.wants and not query.required and focus.doc_ids:
            # "What proof does the ambassador offer?": no passage shares its words, but the
            # named document's evidence answers it.
            return self._wanted_passages(query, allowed)
        # Passages in the voice, then of the speaker, the question names first; then by score.
        # Equal scores are in corpus order from the sort above, and lexsort is stable.
        out_of_focus, other_speaker = self._focus_arrays(positions, focus)
        order = np.lexsort((-scores, other_speaker, out_of_focus))
        return _Ranking(self.passages, positions[order], scores[order], coverage[order])

    def _focus_arrays(self, positions: np.ndarray, focus: Focus) -> tuple[np.ndarray, np.ndarray]:
        """Sort keys for passages at `positions`: outside the documents or voice the question
        names; of another speaker than the one it names (first False, then True)."""
        outside = np.zeros(len(positions), dtype=bool)
        if focus.doc_ids:
            outside |= ~self.document_mask(focus.doc_ids)[positions]
        if focus.voice is not None:
            outside |= self._voices[positions] != self._voice_codes[focus.voice]
        other = np.zeros(len(positions), dtype=bool)
        if focus.speaker is not None:
            speakers = [self.passages[int(p)].speaker for p in positions]
            other = np.array([s != focus.speaker for s in speakers], dtype=bool)
        return outside, other

    def document_mask(self, doc_ids: Iterable[str]) -> np.ndarray:
        """The positions of some documents' passages, as a read-only boolean mask.

        Kept per set of documents: a name many documents share (an author of hundreds) would
        otherwise cost a pass over all of them, twice a question.
        """
        key = frozenset(doc_ids)
        mask = self._document_masks.get(key)
        if mask is None:
            ranges = [self._doc_ranges[doc_id] for doc_id in key if doc_id in self._doc_ranges]
            # +1 where a document's passages start, -1 where they end (documents' ranges do
            # not overlap): the running sum is 1 inside them.
            change = np.zeros(len(self.passages) + 1, dtype=np.int64)
            if ranges:
                firsts, ends = np.array(ranges, dtype=np.int64).T
                change[firsts] += 1
                change[ends] -= 1
            mask = np.cumsum(change[:-1]) > 0
            mask.flags.writeable = False
            if len(self._document_masks) > _SCOPE_MASKS_KEPT:
                self._document_masks.clear()  # bounded, like the scope masks
            self._document_masks[key] = mask
        return mask

    def _wanted_passages(self, query: Query, allowed: np.ndarray) -> Sequence[_Scored]:
        """For "what evidence does X cite?": passages in focus with the sentences asked for."""
        positions: list[int] = []
        weights: list[float] = []
        for position in np.flatnonzero(allowed).tolist():
            tags = self.sentence_tags(self.passages[position])
            weight = sum(
                2.0 if SentenceKind.SOURCE in t.kinds else 1.0
                for t in tags
                if query.wants.intersection(t.kinds)
            )
            if weight:
                positions.append(position)
                weights.append(weight)
        found, scores = np.array(positions, dtype=np.int64), np.array(weights)
        out_of_focus, other_speaker = self._focus_arrays(found, query.focus)
        order = np.lexsort((-scores, other_speaker, out_of_focus))
        return _Ranking(self.passages, found[order], scores[order], np.ones(len(order)))

    def _merge_duplicates(
        self, ranked: Sequence[_Scored], wanted: int
    ) -> tuple[list[tuple[_Scored, tuple[str, ...]]], int]:
        """The first `wanted` distinct passages (near-duplicates folded into the one above
        them), and how many ranked passages that took."""
        kept: list[tuple[_Scored, set[str], list[str]]] = []
        examined = 0
        for scored in ranked:
            if len(kept) >= wanted:
                break
            examined += 1
            words = set(self.passage_terms[self._positions[scored.passage.id]])
            for _, kept_words, also in kept:
                union = words | kept_words
                if union and len(words & kept_words) / len(union) >= _DUPLICATE_OVERLAP:
                    also.append(scored.passage.id)
                    break
            else:
                kept.append((scored, words, []))
        return [(scored, tuple(also)) for scored, _, also in kept], examined

    def quote_passage(
        self, passage: Passage, query: Query, score: float, also_in: tuple[str, ...] = ()
    ) -> Quote:
        """The passage as an answer to `query`: its best span, attribution and references."""
        start, end = self.best_span(passage, query)
        wanted = set(query.terms)
        # Tokens of the quote's own text carry offsets relative to the quote already.
        highlights = tuple(
            (token.start, token.end)
            for token in self.analyser.tokens(passage.text[start:end])
            if token.stem in wanted
        )
        doc = self.documents[passage.doc_id]
        reporting = next(
            (
                tag.reports
                for tag, (s_start, s_end) in zip(
                    self.sentence_tags(passage), passage.sentences, strict=True
                )
                if tag.reports and s_start < end and start < s_end
            ),
            None,
        )
        return Quote(
            passage_id=passage.id,
            passage=passage.text,
            quote_start=start,
            quote_end=end,
            score=score,
            attribution=attribution(doc.meta, passage, reporting, self.answered_title(passage)),
            highlights=highlights,
            also_in=also_in,
            references=tuple(
                entry
                for number in dict.fromkeys(passage.footnotes(start, end))
                if (entry := doc.meta.reference(number)) is not None
            ),
        )

    def answered_title(self, passage: Passage) -> str | None:
        """The title of the point a debate answer answers."""
        if passage.answers is None:
            return None
        doc = self.documents[passage.doc_id]
        return next((p.heading for p in doc.passages if p.section == passage.answers), None)

    def best_span(self, passage: Passage, query: Query) -> tuple[int, int]:
        """The sentence (or two adjacent sentences) of the passage that covers the query best."""
        if not passage.sentences:
            return 0, len(passage.text)
        wanted = set(query.terms)
        if passage.voice is Voice.SPEAKER:
            # "DR. OYELARAN: ..." opens the first sentence; the label names who speaks, it is
            # not what the sentence says.
            wanted -= set(self.analyser.terms(passage.speaker))
        tags = self.sentence_tags(passage)
        weights = []
        for number, (start, end) in enumerate(passage.sentences):
            stems = self.analyser.terms(passage.text[start:end])
            matched = wanted.intersection(stems)
            weight = sum(self.index.weight(term) for term in matched)
            # Repeated matches count a little, so the sentence about the topic wins a tie.
            weight += 0.1 * sum(1 for stem in stems if stem in wanted)
            if query.focus.person and tags[number].reports == query.focus.person:
                weight += self.index.weight_of_unseen()
            if query.wants.intersection(tags[number].kinds):
                # An evidence question wants the sentence that cites, not the one that asserts:
                # as much as two (a source) or one (other evidence) of the rarest possible terms.
                cites = SentenceKind.SOURCE in tags[number].kinds and query.wants_evidence
                weight += (2.0 if cites else 1.0) * self.index.weight_of_unseen()
            weights.append(weight)
        best = max(range(len(weights)), key=lambda i: (weights[i], -i))
        start, end = passage.sentences[best]
        # A short best sentence takes its strongest neighbour along, if that one matches too.
        if end - start < 80:
            neighbours = [i for i in (best - 1, best + 1) if 0 <= i < len(weights) and weights[i]]
            if neighbours:
                other = max(neighbours, key=lambda i: weights[i])
                start = min(start, passage.sentences[other][0])
                end = max(end, passage.sentences[other][1])
        return start, end

    def neighbours(self, passage_id: str, before: int = 1, after: int = 1) -> list[Passage]:
        """The passage with up to `before`/`after` paragraphs of its document around it."""
        passage = self.passage_by_id[passage_id]
        doc = self.documents[passage.doc_id]
        index = passage.number - 1
        return list(doc.passages[max(0, index - before) : index + after + 1])


def attribution(
    meta: DocumentMeta,
    passage: Passage,
    reporting: str | None = None,
    answered_title: str | None = None,
) -> Attribution:
    return Attribution(
        speaker=passage.speaker,
        voice=passage.voice,
        doc_id=meta.id,
        title=meta.title,
        author=meta.author,
        author_role=meta.author_role,
        publisher=meta.publisher,
        date=meta.date,
        paragraph=passage.cited_paragraph,
        url=meta.url,
        kind=meta.kind.value,
        reporting=reporting,
        side=passage.side.value if passage.side else None,
        motion=(meta.motion or meta.title) if meta.kind is Kind.DEBATE else None,
        part=debate_part(passage, answered_title),
    )


def debate_part(passage: Passage, answered_title: str | None = None) -> str | None:
    """Where a debate passage stands: "Proposition point 2: <title>", "Opposition answer to
    proposition point 2: <its title>", "Introduction"; None outside debates."""
    if passage.section is None:
        return None
    if passage.section == "intro":
        return "Introduction"
    if passage.side is None:
        return None
    if passage.answers:
        side, _, number = passage.answers.rpartition("-")
        answered = f"{passage.side.label} answer to {side} point {number}"
        return f"{answered}: {answered_title}" if answered_title else answered
    number = (passage.section or "").rpartition("-")[2]
    return f"{passage.side.label} point {number}: {passage.heading}"


def _subject_names(meta: DocumentMeta) -> frozenset[str]:
    """Names a document argues about or is by: not sources it cites."""
    names = {meta.author, *meta.author_aliases}
    for person in meta.mentions:
        names.update((person.name, *person.aliases))
    return frozenset(normalise(name) for name in names)


def _people(meta: DocumentMeta) -> dict[str, str]:
    """Lower-case name or alias -> full name, for the people a document reports."""
    people: dict[str, str] = {}
    for person in meta.mentions:
        for alias in (person.name, *person.aliases):
            people[normalise(alias)] = person.name
    return people


@dataclass(frozen=True, slots=True)
class Tagger:
    """Tags the sentences of one document's passages (a millisecond or so a passage: done at
    ingest). The names the document is about are worked out once, not once a passage."""

    meta: DocumentMeta
    subjects: frozenset[str]
    people: dict[str, str]

    @classmethod
    def of(cls, meta: DocumentMeta) -> Tagger:
        return cls(meta, _subject_names(meta), _people(meta))

    def tags(self, passage: Passage) -> tuple[SentenceTags, ...]:
        return tuple(
            _with_footnotes(
                dataclasses.replace(
                    tag_sentence(text, self.subjects), reports=reported_person(text, self.people)
                ),
                text,
                self.meta,
            )
            for text in _spoken_texts(passage)
        )


def encode_tags(tags: Sequence[SentenceTags]) -> str:
    """Sentence tags as compact JSON, for the store."""
    return json.dumps(
        [[[k.value for k in t.kinds], list(t.sources), t.reports] for t in tags],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode_tags(raw: str) -> tuple[SentenceTags, ...] | None:
    """`encode_tags` read back; None when the stored form is not one this version knows."""
    try:
        return tuple(
            SentenceTags(tuple(SentenceKind(k) for k in kinds), tuple(sources), reports)
            for kinds, sources, reports in json.loads(raw)
        )
    except (ValueError, TypeError):
        return None


def _with_footnotes(tags: SentenceTags, text: str, meta: DocumentMeta) -> SentenceTags:
    """A sentence with a `[n]` footnote into the bibliography cites that entry's source."""
    cited = [
        entry
        for match in FOOTNOTE.finditer(text)
        if (entry := meta.reference(int(match.group(1)))) is not None
    ]
    if not cited:
        return tags
    kinds = tags.kinds if SentenceKind.SOURCE in tags.kinds else (SentenceKind.SOURCE, *tags.kinds)
    names = [entry.author or entry.title or f"[{entry.number}]" for entry in cited]
    return dataclasses.replace(
        tags,
        kinds=tuple(k for k in kinds if k is not SentenceKind.CLAIM),
        sources=tuple(dict.fromkeys((*tags.sources, *names))),
    )


def _spoken_texts(passage: Passage) -> list[str]:
    """Sentence texts without a transcript's "DR. OYELARAN:" label, which would tag as a source."""
    texts = passage.sentence_texts()
    if passage.voice is Voice.SPEAKER and texts:
        label, colon, rest = texts[0].partition(":")
        if colon and normalise(label.strip()) == normalise(passage.speaker):
            texts[0] = rest.lstrip()
    return texts


def _speakers(documents: Iterable[Document]) -> dict[str, str]:
    """Full name of someone the metadata mentions -> their speaker label in a transcript."""
    speakers: dict[str, str] = {}
    for doc in documents:
        labels = {p.speaker for p in doc.passages if p.voice is Voice.SPEAKER}
        for person in doc.meta.mentions:
            names = {normalise(n).removeprefix("the ") for n in (person.name, *person.aliases)}
            for label in labels:
                folded = normalise(label)
                if folded in names or normalise(person.name) in folded:
                    speakers[person.name] = label
    return speakers


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase as whole words."""
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def _alias_groups(
    table: Sequence[tuple[str, str, Voice | None]],
) -> list[tuple[re.Pattern[str], list[tuple[str, Voice | None]]]]:
    """The alias table by distinct phrase, in the table's order: (pattern, [(doc id, voice)])."""
    groups: dict[str, list[tuple[str, Voice | None]]] = {}
    for phrase, doc_id, voice in table:
        groups.setdefault(phrase, []).append((doc_id, voice))
    return [(_phrase_pattern(phrase), rows) for phrase, rows in groups.items()]


def _alias_table(metas: Iterable[DocumentMeta]) -> list[tuple[str, str, Voice | None]]:
    """(normalised phrase, document id, voice or None), longest phrases first."""
    table: list[tuple[str, str, Voice | None]] = []
    for meta in metas:
        for alias in meta.aliases:
            # "the reply" asks for the reply's own words: its author's voice.
            table.append((normalise(alias), meta.id, Voice.AUTHOR))
        for alias in meta.author_aliases:
            table.append((normalise(alias), meta.id, Voice.AUTHOR))
        for alias in meta.publisher_aliases:
            table.append((normalise(alias), meta.id, Voice.PUBLISHER))
    table.sort(key=lambda row: -len(row[0]))
    return table
