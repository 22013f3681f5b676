"""Questions about the documents themselves: which document a question describes, and the
answer from its details.

"When was the reply published?", "who wrote the op-ed the reply answers?", "what is the
letter about?": the answer is the document's details (`results.DocumentFacts`: title, author,
publisher, date, where it appeared) and the passage that states them, if one does. A question
may name its document outright (`question.Focus.doc_ids`), only by a kind word ("the letter",
which may fit several documents), or describe it by other words ("the cbs report on black
voters", "tnr"): `DocumentQuestions.reading` and `described` say which document such words
mean, once a question, for this stage and for ranking (`AnswerEngine` narrows the question's
documents to the one described).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.engine.collection import Collection
from bot.engine.forms import FORM_KINDS, FORM_PHRASES, with_this
from bot.engine.models import Document, DocumentMeta, Form, Kind, Voice, date_order, date_text
from bot.engine.names import KIND_NAMES, document_words
from bot.engine.question import PUBLISHERS_NOTE_ASKED, Focus, Query
from bot.engine.quote import Quoter
from bot.engine.quotemarks import in_quotes
from bot.engine.rank import Ranker
from bot.engine.results import Answer, DocumentFacts, Quote, answered_work
from bot.engine.text import Analyser, normalise, term_set
from bot.engine.tuning import DESCRIBED_DEPTH
from bot.engine.voices import no_byline

# The kind of document a question first names: a question about the work a reply answers
# names an op-ed first ("who wrote the op-ed the reply answers?"), one about the reply names the
# reply first ("who wrote the reply to the op-ed?").
_FIRST_KIND = re.compile(
    r"\b(?:(?P<work>op-?ed|op ed|column|opinion piece)|reply|response|rebuttal|letter)\b"
)


# Every phrase that names documents by their kind ("the letter", "the op-ed"), folded; a
# form's name ("the newsletter") names its form's kind (`forms`).
_KIND_PHRASES: dict[str, tuple[Kind, ...]] = {
    phrase: tuple(
        kind
        for kind, (names, _) in KIND_NAMES.items()
        if phrase in map(str.lower, map(normalise, with_this(names)))
    )
    for phrase in {
        normalise(name).lower() for names, _ in KIND_NAMES.values() for name in with_this(names)
    }
} | {phrase: (FORM_KINDS[form],) for phrase, form in FORM_PHRASES.items() if form in FORM_KINDS}

# Any of them in a question, the longest first ("the letters page" before "the letters").
_KIND_PHRASE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(_KIND_PHRASES, key=len, reverse=True)) + r")\b"
)


def _kinds_at(text: str, span: tuple[int, int]) -> tuple[Kind, ...]:
    """The kinds of document the phrase at `span` of `text` names ("the letter": letters);
    none when it is no kind phrase."""
    return _KIND_PHRASES.get(normalise(text[span[0] : span[1]]).lower().strip(), ())


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
    article"), every one of `asked` a word of its title. The document's other titles (its
    `aliases`: a page's `<title>` beside its headline) count as its title does, each alone."""
    names, titles = _names_and_titles(document.meta, analyser)
    if asked & names:
        return True
    for terms in titles:
        held = asked & terms
        if len(held) >= 2 or (kind_named and bool(held) and held == asked):
            return True
    return False


def _names_and_titles(
    meta: DocumentMeta, analyser: Analyser, *, cached: bool = True
) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """The terms of a document's names (author, publisher, their aliases) with initials
    (`_describing_terms`), and of each of its titles: its title, then its other titles
    (`aliases`). `cached=False` reads them without keeping them (`_describing_terms`'s
    cache is for the documents questions ask about, not for every document at once)."""
    describing = _describing_terms if cached else _describing_terms.__wrapped__
    names, title = describing(
        analyser,
        meta.title,
        (*meta.author_aliases, *meta.publisher_aliases, meta.author, meta.publisher or ""),
    )
    return names, (title, *(term_set(analyser, alias) for alias in meta.aliases))


# Documents whose describing terms are kept: those the questions of a while ask about (each
# entry about 1 kB; every document of the 100k-passage corpus kept was 4.9 MB resident).
DESCRIBING_TERMS_KEPT = 2_048


@functools.lru_cache(maxsize=DESCRIBING_TERMS_KEPT)
def _describing_terms(
    analyser: Analyser, title: str, names: tuple[str, ...]
) -> tuple[frozenset[str], frozenset[str]]:
    """The terms of a document's names and the initials of its title and of the last two of
    `names` (its author and publisher) of two letters or more; and the terms of its title."""
    initials = [_initials(name) for name in (title, *names[-2:])]
    named = analyser.terms(" ".join((*names, *(i for i in initials if len(i) > 1))))
    return frozenset(named), term_set(analyser, title)


@dataclass(frozen=True, slots=True)
class KindReading:
    """What a question naming documents by a kind word alone ("the letter") means."""

    described: Document | None  # the document its other words describe, if they do
    settled: bool  # its words settle which document is meant (the described one, or the named)


class DocumentQuestions:
    """Answers questions about a collection's documents themselves (see the module)."""

    def __init__(
        self, collection: Collection, analyser: Analyser, ranker: Ranker, quoter: Quoter
    ) -> None:
        self.collection = collection
        self.analyser = analyser
        self.ranker = ranker
        self.quoter = quoter
        self._describing: dict[str, tuple[str, ...]] | None = None

    def describing_index(self) -> dict[str, tuple[str, ...]]:
        """Term -> the ids of the documents (of every scope) that term may describe: the terms
        of each document's names, their initials and its titles' (`_described_by` reads no
        other). Built on first use, whole, then put in place (safe beside questions on other
        threads: at worst two build the same); the engine is rebuilt on a corpus change. At
        100k passages (5,000 documents) a question naming a kind of document read every one
        of them, 16 ms of a 33 ms answer."""
        if self._describing is None:
            index: dict[str, list[str]] = {}
            for doc in self.collection.documents.values():
                names, titles = _names_and_titles(doc.meta, self.analyser, cached=False)
                for term in names.union(*titles):
                    index.setdefault(term, []).append(doc.id)
            self._describing = {term: tuple(ids) for term, ids in index.items()}
        return self._describing

    def answer(
        self, text: str, query: Query, doc_id: str | None, reading: KindReading | None
    ) -> Answer | None:
        """The answer to a question about a document itself ("when was the reply published?"):
        its details, and the passage that states them if one does. None when the question does
        not settle which document (then it is answered as any other question)."""
        named = {doc_id} if doc_id else set(query.focus.doc_ids)
        if query.about is None:
            return None
        if reading is not None:
            # "When did tnr publish the letter ...": the publisher says which document; "the
            # letter" only what kind it is (and may name other letters).
            if reading.described is not None:
                named = {reading.described.id}
            elif not reading.settled:
                of_kind = self._of_named_kinds(text, query)
                if len(of_kind) > 1:
                    on_topic = self._on_topic(text, query, of_kind)
                    if on_topic is None or len(on_topic) > 1:
                        return self._which_of(text, on_topic or of_kind)
                    if not on_topic:
                        return self._which_of(text, of_kind, topic=False)
                    named = set(on_topic)
        answered = self._answered_work_facts(text, query.about, named, query.scope)
        if answered is not None:
            document, facts = answered
        elif len(named) > 1:
            return None
        else:
            described = (
                self.collection.documents[next(iter(named))]
                if named
                else self.described(query) or self._only_with(query)
            )
            if described is None and not named and _THREAD.search(normalise(text).lower()):
                # "Who started the thread?": the scope's one thread, or the one on its topic.
                threads = self._threads(query)
                on_topic = self._on_topic(text, query, threads) if len(threads) > 1 else threads
                if on_topic is not None and len(on_topic) == 1:
                    described = self.collection.documents[on_topic[0]]
                elif threads:
                    return self._which_of(text, on_topic or threads)
            if described is None or not _has_asked(described.meta, query.details or (query.about,)):
                return None
            document = described
            signed = signed_facts(document) if query.about == "author" else None
            facts = signed or DocumentFacts.of(document.meta, query.about)
        if len(query.details) > 1:
            # "Who published the report, and when?": every detail asked, in the question's order.
            facts = dataclasses.replace(facts, details=query.details)
        passage = self.quoter.stating(document, facts)
        quotes: tuple[Quote, ...] = ()
        if passage is not None:
            stating = dataclasses.replace(
                query, terms=self.analyser.terms(facts.value), content=[], weighted={}
            )
            quotes = (self.quoter.quote_passage(passage, stating, 0.0),)
        return Answer(text, quotes, False, total=len(quotes), note=facts.sentence(), facts=facts)

    def _threads(self, query: Query) -> list[str]:
        """The ids of the scope's threads: email threads, emails and forum threads."""
        return [
            document.id
            for document in self.collection.visible_documents(query.scope)
            if document.meta.form in _THREAD_FORMS
        ]

    def _only_with(self, query: Query) -> Document | None:
        """For a question asking a detail only some documents have ("who was interviewed?",
        "where was the speech given?") that names no document: the scope's one document that
        has it (an interview's interviewee, a speech's occasion); None when none or several
        have it, or the question asks no such detail."""
        wanted = [field for asked, field in _OWN_DETAILS.items() if asked in query.details]
        if query.about in _OWN_DETAILS:
            wanted.append(_OWN_DETAILS[query.about])
        # "Who interviewed her?": the author of the scope's one interview, who asked.
        interviewer = query.about == "author" and _INTERVIEWER.search(query.text or "") is not None
        if not wanted and not interviewer:
            return None
        having = [
            document
            for document in self.collection.visible_documents(query.scope)
            if all(getattr(document.meta, field) for field in wanted)
            and (not interviewer or (document.meta.form is Form.INTERVIEW and document.meta.author))
        ]
        return having[0] if len(having) == 1 else None

    def reading(self, text: str, query: Query, doc_id: str | None) -> KindReading | None:
        """For a question naming documents by a kind word alone ("the letter",
        `named_by_kind_only`) and not asked within one document (`doc_id`): the document its
        other words describe (`described`: a publisher, author or title words), unless a named
        document answers it ("the reply to the councillor" describes the councillor's op-ed
        only to say which reply), with whether the words settle which document is meant (they
        do in both cases; not when they describe none). None for any other question."""
        if doc_id or not query.focus.doc_ids or not self.named_by_kind_only(text, query):
            return None
        # Only the question's own words describe (not the author names "who wrote" adds), less
        # the kind word: its tokens outside the naming spans, as `QuestionReader.query` skips;
        # nor "the editor's note", which asks for a part of the document, not its publisher.
        described = self.described(dataclasses.replace(query, terms=self._own_terms(text, query)))
        documents = self.collection.documents
        if described is None:
            return KindReading(None, False)
        if any(documents[d].meta.responds_to == described.id for d in query.focus.doc_ids):
            return KindReading(None, True)
        return KindReading(described, True)

    def _own_terms(self, text: str, query: Query) -> list[str]:
        """The question's own terms (not the author names "who wrote" adds), less the words
        naming its documents: its tokens outside the naming spans, as `QuestionReader.query`
        skips; nor "the editor's note", which asks for a part of the document, not its
        publisher."""
        spans = [
            *query.focus.alias_spans,
            *(match.span() for match in PUBLISHERS_NOTE_ASKED.finditer(text)),
        ]
        return [
            token.stem
            for token in self.analyser.tokens(text)
            if not any(start <= token.start < end for start, end in spans)
        ]

    def named_by_kind_only(self, text: str, query: Query) -> bool:
        """Whether the question names documents by one word for a kind of document alone ("the
        letter", "the op-ed"), not by a title, author or publisher, nor by two kinds ("the op-ed
        the reply answers" says which op-ed)."""
        spans = query.focus.alias_spans
        kinds_named = _KIND_PHRASE.findall(normalise(text).lower())
        return len(spans) == 1 and len(kinds_named) == 1 and bool(_kinds_at(text, spans[0]))

    def _of_named_kinds(self, text: str, query: Query) -> list[str]:
        """The documents of the scope whose kind the question's kind phrases name; for a
        form's name ("the newsletter"), those of that form, if the scope has any."""
        spans = query.focus.alias_spans
        kinds = {kind for span in spans for kind in _kinds_at(text, span)}
        forms = {
            form
            for start, end in spans
            if (form := FORM_PHRASES.get(normalise(text[start:end]).lower().strip()))
        }
        visible = self.collection.visible_documents(query.scope)
        of_form = [d.id for d in visible if d.meta.form in forms] if forms else []
        return of_form or [d.id for d in visible if d.meta.kind in kinds]

    def _on_topic(self, text: str, query: Query, doc_ids: Iterable[str]) -> list[str] | None:
        """Of `doc_ids` (the documents of the kind a question names), those its other words
        are about ("when was the article about the bridge closure published?": not a title's
        words, but the article's): the documents whose passages cover the most of those words,
        the words for documents and their details ("published", "article") left out. The
        ranking's coverage (`Ranker.rank`) of each document's best passage decides; every
        document at the best is returned (none when no passage holds a word), so several
        documents on the topic are still listed, only fewer. None when the question has no
        other words ("when was the article published?")."""
        detail_words, _ = document_words(self.analyser)
        terms = list(
            dict.fromkeys(t for t in self._own_terms(text, query) if t not in detail_words)
        )
        if not terms:
            return None
        allowed = set(doc_ids)
        # A query of those words alone, over those documents (what ranks the passages of the
        # question kept: its scope, its text for the semantic stage, the parts it names).
        on_topic = Query(
            terms,
            [frozenset({term}) for term in terms],
            False,
            Focus(doc_ids=frozenset(allowed)),
            scope=query.scope,
            text=query.text,
            labels=query.labels,
            thesis=query.thesis,
        )
        best: dict[str, float] = {}
        for scored in self.ranker.rank(on_topic):
            doc_id = scored.passage.doc_id
            if doc_id in allowed:
                best[doc_id] = max(best.get(doc_id, 0.0), scored.coverage)
        most = max(best.values(), default=0.0)
        return sorted(d for d, coverage in best.items() if coverage == most and most > 0)

    def _which_of(self, text: str, doc_ids: Iterable[str], *, topic: bool = True) -> Answer:
        """A question about "the letter" where the scope holds several: no answer, and a note
        listing them (title, author, date) so the asker can name one. `topic` False: the
        question's other words are in none of them (`_on_topic`), and the note says so."""
        documents = sorted(
            (self.collection.documents[d] for d in doc_ids), key=lambda d: date_order(d.meta.date)
        )
        listed = "; ".join(
            f"{in_quotes(d.meta.title)} ({d.meta.author}, "
            f"{date_text(d.meta.date, d.meta.year, d.meta.month)})"
            for d in documents
        )
        return Answer(
            text,
            (),
            True,
            note=(
                f"{len(documents)} documents fit that description: {listed}. Name the one you "
                "mean (its title, author or publisher)."
                if topic
                else f"None of the {len(documents)} documents of that kind holds the question's "
                f"other words: {listed}. Name the one you mean (its title, author or publisher)."
            ),
        )

    def described(self, query: Query) -> Document | None:
        """For a question about a document that names none of the scope's documents outright
        ("when was the cbs report on black voters published?", "when did tnr publish the
        letter?"): the document its words describe. A document is described when a word of the
        question (beyond words for documents and their details: "report", "published") names
        its author or publisher, or is their or its title's initials ("tnr" for The New
        Republic), or two of them, or all, are words of its title (`_described_by`). Of those,
        the only one, else the one whose passage ranks first among the first DESCRIBED_DEPTH for
        the question. None when no document, or several and none ranked, are described."""
        detail_words, kind_words = document_words(self.analyser)
        asked = set(query.terms) - detail_words
        if not asked:
            return None
        kind_named = not kind_words.isdisjoint(query.terms)
        # Only a document one of whose describing words the question uses can be described:
        # those are looked up (`describing_index`), not every document of the scope read.
        index = self.describing_index()
        documents = self.collection.documents
        candidates = {
            doc_id: documents[doc_id]
            for doc_id in sorted({d for term in asked for d in index.get(term, ())})
            if self.collection.is_visible(doc_id, query.scope)
            and _described_by(documents[doc_id], self.analyser, asked, kind_named)
        }
        if len(candidates) < 2:
            return next(iter(candidates.values()), None)
        for scored in self.ranker.rank(query)[:DESCRIBED_DEPTH]:
            if scored.passage.doc_id in candidates:
                return candidates[scored.passage.doc_id]
        return None

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
        via = f"what {in_quotes(reply.meta.title)} responds to"
        facts = DocumentFacts(
            reply.id, asked, title, author, date, publisher, None, "article", via=via
        )
        return reply, facts


# "The thread" names a document of these forms, whichever the scope holds.
_THREAD = re.compile(r"\bthread\b")
_THREAD_FORMS = frozenset({Form.EMAIL_THREAD, Form.EMAIL, Form.FORUM})
# The details only some documents have, asked by name (`intents.document_details_asked`), and
# the field of `DocumentMeta` holding each.
_OWN_DETAILS = {"place": "occasion", "interviewee": "interviewee", "closed": "closed"}
# A question asking for an interview's author, who asked its questions: "who interviewed her?",
# "who did the interview?", "who was the interviewer?".
_INTERVIEWER = re.compile(r"\binterview(?:ed|er)?\b", re.IGNORECASE)


def _has_asked(meta: DocumentMeta, details: Iterable[str | None]) -> bool:
    """Whether a document's details can answer a question asking `details`: where it was given
    only a speech whose occasion is known can say ("where was the meeting held?" of the minutes
    is for its text to answer), when it closed only a consultation whose summary says; any
    other detail every document has, if only as "not recorded"."""
    return ("place" not in details or meta.occasion is not None) and (
        "closed" not in details or meta.closed is not None
    )


def signed_facts(document: Document) -> DocumentFacts | None:
    """Who wrote a page of letters that no byline names ("who wrote the letters page?"): its
    letters' signers, in order ("Harold Benning, Sunita Lal and Eleanor Marsh-Whitby"), as the
    author the facts give, from the letters' signatures. None for any other document."""
    meta = document.meta
    if meta.kind is not Kind.LETTER or not no_byline(meta.author):
        return None
    signers = list(dict.fromkeys(p.speaker for p in document.passages if p.voice is Voice.SPEAKER))
    if not signers:
        return None
    names = signers[0] if len(signers) == 1 else f"{', '.join(signers[:-1])} and {signers[-1]}"
    return dataclasses.replace(
        DocumentFacts.of(meta, "author"),
        author=names,
        via=f"the signatures of the letters in {in_quotes(meta.title)}",
    )
