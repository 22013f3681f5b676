"""Question -> Answer: the stages composed.

`question` reads the question into a `Query`, `rank` ranks the collection's passages for it
(or finds none good enough, and the answer abstains), `quote` takes each ranked passage's best
span and attribution. The engine never writes a sentence of its own: a quote is a span of a
passage, located by offsets.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence

from bot.engine.abstain import answer_probability
from bot.engine.arrays import IndexArrays
from bot.engine.collection import Collection
from bot.engine.models import Document, Kind, Passage
from bot.engine.names import KIND_NAMES
from bot.engine.question import MAX_QUESTION_CHARS, Query, Question, QuestionReader, question_text
from bot.engine.quote import Quoter
from bot.engine.rank import Ranker
from bot.engine.ranking import Ranking
from bot.engine.results import Answer, DocumentFacts, Quote, answered_work
from bot.engine.semantic import Paraphrases
from bot.engine.text import Analyser, default_analyser, normalise
from bot.engine.tuning import AnswerSettings

# The kind of document a question first names: a question about the work a reply answers
# names an op-ed first ("who wrote the op-ed the reply answers?"), one about the reply names the
# reply first ("who wrote the reply to the op-ed?").
_FIRST_KIND = re.compile(
    r"\b(?:(?P<work>op-?ed|op ed|column|opinion piece)|reply|response|rebuttal|letter)\b"
)


# A request for advice is answered only by one or two adjacent sentences holding this share of
# its words' weight (all of them, give or take rounding).
ADVICE_SENTENCE_COVERAGE = 0.999
# How many ranked passages a question about a document that names none is read for the
# document its words describe (`AnswerEngine._described_document`).
DESCRIBED_DEPTH = 10
# Words for a kind of document: "the sharpton article" names a document by its kind.
_DOCUMENT_KIND_WORDS = (
    "article piece story op-ed column opinion editorial reply response rebuttal letter letters "
    "report notice transcript debate interview speech address paper post"
)
# Words for a document's details and where it appeared: with the kind words, they describe no
# document in particular.
_DOCUMENT_DETAIL_WORDS = (
    "publish published publication write wrote written writer author appear appeared posted "
    "title titled called name headline date dated run ran print printed release released come "
    "came out news page website site magazine newspaper"
)


# Every phrase that names documents by their kind ("the letter", "the op-ed"), folded.
_KIND_PHRASES: dict[str, tuple[Kind, ...]] = {
    phrase: tuple(
        kind
        for kind, (names, _) in KIND_NAMES.items()
        if phrase in map(str.lower, map(normalise, names))
    )
    for phrase in {normalise(name).lower() for names, _ in KIND_NAMES.values() for name in names}
}

# Any of them in a question, the longest first ("the letters page" before "the letters").
_KIND_PHRASE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(_KIND_PHRASES, key=len, reverse=True)) + r")\b"
)


def _kinds_at(text: str, span: tuple[int, int]) -> tuple[Kind, ...]:
    """The kinds of document the phrase at `span` of `text` names ("the letter": letters);
    none when it is no kind phrase."""
    return _KIND_PHRASES.get(normalise(text[span[0] : span[1]]).lower().strip(), ())


@functools.cache
def _document_words(analyser: Analyser) -> tuple[frozenset[str], frozenset[str]]:
    """The terms (as `analyser` makes them) of the words that describe no document in
    particular (`_DOCUMENT_DETAIL_WORDS` and the kind words), and of the kind words
    (`_DOCUMENT_KIND_WORDS`)."""
    kinds = frozenset(analyser.terms(_DOCUMENT_KIND_WORDS))
    return frozenset(analyser.terms(_DOCUMENT_DETAIL_WORDS)) | kinds, kinds


def _initials(name: str) -> str:
    """The lower-case initials of a name's words: "The New Republic" -> "tnr"."""
    return "".join(word[0] for word in re.findall(r"[^\W\d_]+", name.lower()))


def _described_by(
    document: Document, analyser: Analyser, asked: set[str], kind_named: bool
) -> bool:
    """Whether the question's terms `asked` describe `document`: a word of its author's or
    publisher's name (or their aliases), its author's, publisher's or title's initials ("tnr"
    for The New Republic, "faa" for the Federal Aviation Administration), or two words of its
    title, or, where the question names a kind of document (`kind_named`: "the sharpton
    article"), every one of `asked` a word of its title."""
    meta = document.meta
    names, title = _describing_terms(
        analyser,
        meta.title,
        (*meta.author_aliases, *meta.publisher_aliases, meta.author, meta.publisher or ""),
    )
    held = asked & title
    return bool(asked & names) or len(held) >= 2 or (kind_named and bool(held) and held == asked)


@functools.lru_cache(maxsize=65_536)
def _describing_terms(
    analyser: Analyser, title: str, names: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str]]:
    """The terms of a document's names and the initials of its title and of the last two of
    `names` (its author and publisher) of two letters or more; and the terms of its title."""
    initials = [_initials(name) for name in (title, *names[-2:])]
    named = analyser.terms(" ".join((*names, *(i for i in initials if len(i) > 1))))
    return frozenset(named), frozenset(analyser.terms(title))


# How long the warm-up waits between its steps for the questions running to finish (under a
# steady stream of questions it goes on after that: they build what they need themselves).
WARM_YIELD_SECONDS = 2.0


class AnswerEngine:
    """Answers questions over a fixed collection. A corpus change makes a new engine
    (`changed`); questions running on this one are not disturbed.

    The constructor's arguments are `Collection`'s (see there); raises ValueError when a given
    `index` does not fit the documents.
    """

    reader: QuestionReader

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
        settings = settings or AnswerSettings()
        collection = Collection(
            documents,
            analyser or default_analyser(),
            settings.bm25,
            passage_terms,
            scopes,
            stored_tags,
            index,
        )
        self._compose(collection, settings)

    @classmethod
    def over(
        cls,
        collection: Collection,
        settings: AnswerSettings,
        previous: AnswerEngine | None = None,
    ) -> AnswerEngine:
        """An engine over a collection built already; with the engine `previous` over the
        corpus before a change, what it read of the documents that did not change (names,
        replies' openings) is not read again."""
        engine = cls.__new__(cls)
        engine._compose(collection, settings, previous)
        return engine

    def _compose(
        self,
        collection: Collection,
        settings: AnswerSettings,
        previous: AnswerEngine | None = None,
    ) -> None:
        self.settings = settings
        self.collection = collection
        self.analyser = collection.analyser
        # The semantic stage (paraphrase by meaning) when it is asked for and installed.
        self.paraphrases = (
            Paraphrases.installed(collection)
            if settings.semantic and settings.understanding
            else None
        )
        self.reader = QuestionReader(
            collection,
            self.analyser,
            settings.understanding,
            self.paraphrases,
            previous.reader if previous is not None else None,
        )
        self.ranker = Ranker(collection, settings, self.paraphrases)
        self.quoter = Quoter(collection, self.analyser)
        # Questions being answered now, in any thread: `warm` waits for none to run.
        self._answering = 0
        self._answering_lock = threading.Lock()

    def changed(
        self,
        added: Sequence[tuple[Document, Sequence[Sequence[str]]]],
        removed: Iterable[str] = (),
        *,
        scope: str = "",
        stored_tags: Mapping[str, str] | None = None,
    ) -> AnswerEngine:
        """This engine with documents added or replaced and others removed (see
        `Collection.changed`): the engine a full load of the changed corpus would build."""
        collection = self.collection.changed(added, removed, scope=scope, stored_tags=stored_tags)
        return AnswerEngine.over(collection, self.settings, self)

    def warm(
        self, scopes: Iterable[str] = ("",), stopped: Callable[[], bool] | None = None
    ) -> None:
        """Build now what the first questions of `scopes` would otherwise build on their answer
        path (CPU-bound: run in a worker thread, once the engine is in place; 0.15 s at 100k
        passages, most of it the reply table):

        - the scope's visible mask and BM25 statistics (`Collection.visible_mask`,
          `Collection.statistics`);
        - its names and which document each reply answers (`ScopeNames.answered`: the first
          question naming a kind of document, "the op-ed", "the reply", took 0.13-0.2 s for it);
        - the masks of the documents each kind name calls ("the op-ed": every op-ed the scope
          sees), as a question naming only that kind reads them (`Collection.document_mask`);
        - the passages' speaker codes (`Collection.speaker_codes`) and the titles quotes are
          checked against (`Quoter.titles`), once for every scope.

        Safe while questions run on this engine in other threads: each of those caches is built
        whole and then put in place in one assignment, so a question that needs one before it
        is in place builds it too (twice at worst) and both hold the same. `stopped` is called
        between the steps; once it returns True the rest is skipped (a newer engine is in place,
        or the library is closing). Before each step it waits for the questions being answered
        on this engine to finish (`_after_questions`). Answers are the same warmed or not.
        """
        collection = self.collection
        steps: list[Callable[[], object]] = [collection.speaker_codes, self.quoter.titles]
        for scope in dict.fromkeys(scopes):
            steps += [
                functools.partial(collection.statistics, scope),
                functools.partial(self._warm_names, scope),
            ]
        for step in steps:
            self._after_questions()
            if stopped is not None and stopped():
                return
            step()

    def _after_questions(self) -> None:
        """Wait, at most WARM_YIELD_SECONDS, until no question is being answered on this
        engine: a question asked the moment the engine is up has the CPU to itself rather than
        half of it beside the warm-up (0.7 s against 0.2 s for the first answer at 1M
        passages); what it needs it builds itself."""
        deadline = time.monotonic() + WARM_YIELD_SECONDS
        while self._answering and time.monotonic() < deadline:
            time.sleep(0.005)

    def _warm_names(self, scope: str) -> None:
        """`warm`'s part for `scope`'s names: the reply table and the kind names' masks."""
        if not self.settings.understanding:
            return  # such questions read no name
        self.reader.names(scope).answered  # noqa: B018 (built on first read)
        named = {
            self.reader.focus(name, scope).doc_ids
            for names, _ in KIND_NAMES.values()
            for name in names
        }
        for doc_ids in named:
            if doc_ids:
                self.collection.document_mask(doc_ids)

    def query(self, question: str, scope: str = "") -> Query:
        """The question as the engine searches it in `scope` (see `QuestionReader.query`)."""
        return self.reader.query(question, scope)

    def quote_passage(
        self, passage: Passage, query: Query, score: float, also_in: tuple[str, ...] = ()
    ) -> Quote:
        """The passage as an answer to `query` (see `Quoter.quote_passage`)."""
        return self.quoter.quote_passage(passage, query, score, also_in)

    def answers(self, ranked: Ranking) -> bool:
        """Whether the best ranked passage answers the question, by the fitted model of
        `bot.engine.abstain` (without understanding, or with no signals: yes)."""
        if ranked.signals is None or not self.settings.understanding:
            return True
        probability = answer_probability(ranked.signals, self.settings.abstain_weights)
        return probability >= self.settings.abstain_threshold

    def _advice_unmet(self, ranked: Ranking) -> bool:
        """For a request for advice ("which phone should I buy?"): whether the best passage's
        sentences fall short of holding all of the question's words together (then a passage
        sharing its topic word would be quoted as if it advised). Never with understanding off."""
        signals = ranked.signals
        return (
            self.settings.understanding
            and signals is not None
            and signals.sentence_coverage < ADVICE_SENTENCE_COVERAGE
        )

    def search(self, text: str, scope: str = "", limit: int = 25) -> list[Passage]:
        """The passages the place may see that match `text` best by plain BM25 (every word is
        searched; nothing is read as a name), at most `limit`, best first."""
        collection = self.collection
        hits = collection.index.search(
            self.analyser.terms(text),
            collection.visible_mask(scope),
            limit=limit,
            statistics=collection.statistics(scope),
        )
        return [collection.passages[hit.position] for hit in hits]

    def _about_document(self, text: str, query: Query, doc_id: str | None) -> Answer | None:
        """The answer to a question about a document itself ("when was the reply published?"):
        its details, and the passage that states them if one does. None when the question does
        not settle which document (then it is answered as any other question)."""
        named = {doc_id} if doc_id else set(query.focus.doc_ids)
        if query.about is None:
            return None
        if not doc_id and named and self._named_by_kind_only(text, query):
            # "When did tnr publish the letter ...": the publisher says which document; "the
            # letter" only what kind it is (and may name other letters).
            described, settled = self._described_instead(text, query)
            if described is not None:
                named = {described.id}
            elif not settled:
                of_kind = self._of_named_kinds(text, query)
                if len(of_kind) > 1:
                    return self._which_of(text, of_kind)
        answered = self._answered_work_facts(text, query.about, named, query.scope)
        if answered is not None:
            document, facts = answered
        elif len(named) > 1:
            return None
        else:
            described = (
                self.collection.documents[next(iter(named))]
                if named
                else self._described_document(query)
            )
            if described is None:
                return None
            document = described
            facts = DocumentFacts.of(document.meta, query.about)
        passage = self.quoter.stating(document, facts)
        quotes: tuple[Quote, ...] = ()
        if passage is not None:
            stating = dataclasses.replace(
                query, terms=self.analyser.terms(facts.value), content=[], weighted={}
            )
            quotes = (self.quoter.quote_passage(passage, stating, 0.0),)
        return Answer(text, quotes, False, total=len(quotes), note=facts.sentence(), facts=facts)

    def _described_instead(self, text: str, query: Query) -> tuple[Document | None, bool]:
        """For a question naming documents by a kind word alone ("the letter"): the document
        its other words describe (`_described_document`: a publisher, author or title words),
        unless a named document answers it ("the reply to the councillor" describes the
        councillor's op-ed only to say which reply), with whether the words settle which
        document is meant (they do in both cases; not when they describe none)."""
        spans = query.focus.alias_spans
        # Only the question's own words describe (not the author names "who wrote" adds), less
        # the kind word: its tokens outside the naming spans, as `QuestionReader.query` skips.
        own = [
            token.stem
            for token in self.analyser.tokens(text)
            if not any(start <= token.start < end for start, end in spans)
        ]
        described = self._described_document(dataclasses.replace(query, terms=own))
        documents = self.collection.documents
        if described is None:
            return None, False
        if any(documents[d].meta.responds_to == described.id for d in query.focus.doc_ids):
            return None, True
        return described, True

    def _named_by_kind_only(self, text: str, query: Query) -> bool:
        """Whether the question names documents by one word for a kind of document alone ("the
        letter", "the op-ed"), not by a title, author or publisher, nor by two kinds ("the op-ed
        the reply answers" says which op-ed)."""
        spans = query.focus.alias_spans
        kinds_named = _KIND_PHRASE.findall(normalise(text).lower())
        return len(spans) == 1 and len(kinds_named) == 1 and bool(_kinds_at(text, spans[0]))

    def _of_named_kinds(self, text: str, query: Query) -> list[str]:
        """The documents of the scope whose kind the question's kind phrases name."""
        kinds = {kind for span in query.focus.alias_spans for kind in _kinds_at(text, span)}
        return [
            d.id for d in self.collection.visible_documents(query.scope) if d.meta.kind in kinds
        ]

    def _which_of(self, text: str, doc_ids: Iterable[str]) -> Answer:
        """A question about "the letter" where the scope holds several: no answer, and a note
        listing them (title, author, date) so the asker can name one."""
        documents = sorted(
            (self.collection.documents[d] for d in doc_ids), key=lambda d: d.meta.date
        )
        listed = "; ".join(
            f"“{d.meta.title}” ({d.meta.author}, {d.meta.date.isoformat()})" for d in documents
        )
        return Answer(
            text,
            (),
            True,
            note=f"{len(documents)} documents fit that description: {listed}. Name the one you "
            "mean (its title, author or publisher).",
        )

    def _described_document(self, query: Query) -> Document | None:
        """For a question about a document that names none of the scope's documents outright
        ("when was the cbs report on black voters published?", "when did tnr publish the
        letter?"): the document its words describe. A document is described when a word of the
        question (beyond words for documents and their details: "report", "published") names
        its author or publisher, or is their or its title's initials ("tnr" for The New
        Republic), or two of them, or all, are words of its title (`_described_by`). Of those,
        the one whose passage ranks first among the first DESCRIBED_DEPTH for the question; else
        the only one. None when no document, or several and none ranked, are described."""
        detail_words, kind_words = _document_words(self.analyser)
        asked = set(query.terms) - detail_words
        if not asked:
            return None
        kind_named = not kind_words.isdisjoint(query.terms)
        candidates = {
            doc.id: doc
            for doc in self.collection.visible_documents(query.scope)
            if _described_by(doc, self.analyser, asked, kind_named)
        }
        if not candidates:
            return None
        for scored in self.ranker.rank(query)[:DESCRIBED_DEPTH]:
            if scored.passage.doc_id in candidates:
                return candidates[scored.passage.doc_id]
        return next(iter(candidates.values())) if len(candidates) == 1 else None

    def _answered_work_facts(
        self, text: str, asked: str, named: set[str], scope: str
    ) -> tuple[Document, DocumentFacts] | None:
        """For "who wrote the op-ed the reply answers?" (a question naming an op-ed before any
        reply): the details of the work a reply answers, with the document whose passages may
        state them. The work's own details when it is in the corpus (the one named document
        answers it); else what the reply's `responds_to` says of it (`results.answered_work`),
        with the reply, the reply being the named document or the scope's one reply of that
        kind. None otherwise."""
        first = _FIRST_KIND.search(normalise(text).lower())
        if first is None or first["work"] is None:
            return None
        documents = self.collection.documents
        candidates = [documents[d] for d in named] or self.collection.visible_documents(scope)
        if len(named) == 1 and (target := candidates[0].meta.responds_to) in documents:
            # "Who wrote the op-ed the reply answers?" where the op-ed is in the corpus: its
            # own details ("the reply" named the reply, and the reply names the op-ed).
            return documents[target], DocumentFacts.of(documents[target].meta, asked)
        replies = [
            (doc, work)
            for doc in candidates
            if doc.meta.responds_to
            and doc.meta.responds_to not in documents
            and (work := answered_work(doc.meta.responds_to)) is not None
        ]
        if len(replies) != 1:
            return None
        reply, (author, title, publisher, date) = replies[0]
        via = f"what “{reply.meta.title}” responds to"
        facts = DocumentFacts(
            reply.id, asked, title, author, date, publisher, None, "article", via=via
        )
        return reply, facts

    def answer(
        self,
        question: str | Question,
        k: int | None = None,
        *,
        offset: int = 0,
        doc_id: str | None = None,
        max_question_chars: int = MAX_QUESTION_CHARS,
        scope: str = "",
    ) -> Answer:
        """The top-k passages for `question` from position `offset` on, or an abstention.

        A string is cleaned first: QuestionError for an empty question or one over
        `max_question_chars`; a `Question` was cleaned already.
        """
        with self._answering_lock:
            self._answering += 1
        try:
            return self._answer(question, k, offset, doc_id, max_question_chars, scope)
        finally:
            with self._answering_lock:
                self._answering -= 1

    def _answer(
        self,
        question: str | Question,
        k: int | None,
        offset: int,
        doc_id: str | None,
        max_question_chars: int,
        scope: str,
    ) -> Answer:
        text = question_text(question, max_question_chars)
        k = max(1, k or self.settings.k)
        query = self.reader.query(text, scope)
        if query.about is not None and offset == 0:
            about = self._about_document(text, query, doc_id)
            if about is not None:
                return about
        if not query.terms and not query.wants_evidence:
            return Answer(
                text,
                (),
                True,
                note=(
                    "The question has no words to search for beyond names of documents or "
                    "people; add what you want to know."
                    if query.focus.doc_ids or query.focus.person or query.focus.speaker
                    else "The question has no words to search for (only common words such as "
                    "'the' or 'what', or punctuation); add what you want to know."
                ),
            )
        if not doc_id and query.focus.doc_ids and self._named_by_kind_only(text, query):
            # "What does the letter to a young liberal say ...": the words after the kind say
            # which document, when they describe one ("tnr", its title's words).
            described, _ = self._described_instead(text, query)
            if described is not None and described.id not in query.focus.doc_ids:
                focus = dataclasses.replace(query.focus, doc_ids=frozenset({described.id}))
                query = dataclasses.replace(query, focus=focus)
        ranked = self.ranker.rank(query, doc_id)
        if not ranked and not self.collection.statistics(scope).size:
            return Answer(text, (), True, note="The corpus is empty: no document to answer from.")
        if ranked and query.advice and self._advice_unmet(ranked):
            return Answer(
                text,
                (),
                True,
                note="This asks for advice or help for you rather than about the articles, "
                "and none of them answers it: I quote what the articles say and give no advice "
                "of my own.",
            )
        if not ranked or not self.answers(ranked):
            return Answer(text, (), True, note="Nothing in the corpus answers this.")
        merged, examined = self.ranker.merge_duplicates(ranked, offset + k)
        window = merged[offset : offset + k]
        quotes = tuple(
            self.quoter.quote_passage(scored.passage, query, scored.score, also)
            for scored, also in window
        )
        total = len(ranked) - (examined - len(merged))
        return Answer(text, quotes, False, total=total, offset=offset)
