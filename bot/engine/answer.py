"""Question -> Answer: the stages composed.

`question` reads the question into a `Query`, `rank` ranks the collection's passages for it
(or finds none good enough, and the answer abstains), `quote` takes each ranked passage's best
span and attribution; `about` answers questions about the documents themselves (their
details, and which document a kind word or a description means). The engine never writes a
sentence of its own: a quote is a span of a passage, located by offsets.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from bot.engine.about import DocumentQuestions
from bot.engine.abstain import answer_probability
from bot.engine.answer_kind import about_heads, asked_about
from bot.engine.arrays import IndexArrays
from bot.engine.cleaning import MAX_QUESTION_CHARS, Question, question_text
from bot.engine.collection import Collection
from bot.engine.coverage import holds
from bot.engine.forms import FORM_NAMES
from bot.engine.index import PassageIndex
from bot.engine.models import Document, Passage, Voice
from bot.engine.names import KIND_NAMES, DocumentNames
from bot.engine.parts import asked_parts
from bot.engine.people import is_person_name
from bot.engine.question import Query, QuestionReader
from bot.engine.quote import Quoter
from bot.engine.rank import Ranker
from bot.engine.ranking import Ranking, Scored
from bot.engine.respond import answers_first
from bot.engine.results import Answer, Quote
from bot.engine.semantic import Paraphrases
from bot.engine.shared import own_uploads_first
from bot.engine.text import Analyser, default_analyser, normalise
from bot.engine.tuning import (
    ASKING_LOOKAHEAD,
    HEAD_SLACK,
    PASTED_TEXT_WORDS,
    SILENT_DEPTH,
    AnswerSettings,
)
from bot.engine.turns import (
    answer_after_question,
    asks_what_matched,
    asks_what_was_asked,
    only_asks,
    words_after_introduction,
)

# A request for advice is answered only by one or two adjacent sentences holding this share of
# its words' weight (all of them, give or take rounding).
ADVICE_SENTENCE_COVERAGE = 0.999
# How long the warm-up waits between its steps for the questions running to finish (under a
# steady stream of questions it goes on after that: they build what they need themselves).
WARM_YIELD_SECONDS = 2.0


# A day as a question writes it: "5 June 1940", "5th June, 1940", "June 5, 1940".
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAY = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTHS})"
    rf"|(?P<m2>{_MONTHS})\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?),?\s+(?P<y>1[5-9]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
# A year as a question writes it ("in 2021", "1954's"), a term of its own in the index.
_YEAR = re.compile(r"(?<![\w.,-])(1[5-9]\d\d|20\d\d)(?![\w.,-]\d)")
# "What did X say ...": whose words are asked for (`who`), and the verbs that ask for them.
_ASKS_WHO = r"\b(?:what|how)\s+(?:did|does|do|has|have|had|would|will)\s+(?P<who>[^?]{2,60}?)\s+"
_SAYING = r"say|said|think|thought|argue|argued|claim|claimed|write|wrote|feel|felt|tell|told"
# "What did X say about Y?", "what does X think of Y", "how did X describe Y": X, and what about.
_SAID_ABOUT = re.compile(
    rf"{_ASKS_WHO}(?:{_SAYING}|describe|described|suggest|suggested|mean|meant)\b[^?]*?"
    r"\b(?:about|of|on|regarding)\b"
)
# "What did X say ...?" with or without "about Y": X, to see whether the corpus knows X at all.
_WHO_SAID = re.compile(rf"{_ASKS_WHO}(?:{_SAYING})\b")

# What a person's name looks like in a folded question: one to four words of letters (initials
# with a full stop), none a determiner or pronoun ("helga brandt", "dr. amara obi").
_PERSONS_NAME = re.compile(
    r"(?!(?:the|a|an|this|that|these|those|his|her|their|its|our|my|your|they|he|she|it|we|"
    r"you|i|people|anyone|someone|everyone)\b)[a-z][a-z'’.-]*(?: [a-z][a-z'’.-]*){0,3}"
)


def _persons_name(said: re.Match[str]) -> str | None:
    """The X of "what did X say ...?" (`said`, of a folded question) when it reads as a person's
    name; None for "the 2024 report", "recommendation 3", "they", "critics"."""
    who = said.group("who").strip(" ,'’")
    if _PERSONS_NAME.fullmatch(who) is None or not is_person_name(who.title()):
        return None
    return who


class AnswerEngine:
    """Answers questions over a fixed collection. A corpus change makes a new engine
    (`changed`); questions running on this one are not disturbed.

    The constructor's arguments are `Collection`'s (see there), and `names`, the documents'
    names read already (`NamesRead.parts`, as a load reads them); raises ValueError when a
    given `index` does not fit the documents.
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
        index: IndexArrays | PassageIndex | None = None,
        names: Mapping[str, DocumentNames] | None = None,
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
        self._compose(collection, settings, names=names)

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
        names: Mapping[str, DocumentNames] | None = None,
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
            names,
        )
        self.ranker = Ranker(collection, settings, self.paraphrases)
        self.quoter = Quoter(collection, self.analyser)
        self.about = DocumentQuestions(collection, self.analyser, self.ranker, self.quoter)
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
        - the passages' speaker codes (`Collection.speaker_codes`), the titles quotes are
          checked against (`Quoter.titles`) and the words that describe each document
          (`DocumentQuestions.describing_index`), once for every scope.

        Safe while questions run on this engine in other threads: each of those caches is built
        whole and then put in place in one assignment, so a question that needs one before it
        is in place builds it too (twice at worst) and both hold the same. `stopped` is called
        between the steps; once it returns True the rest is skipped (a newer engine is in place,
        or the library is closing). Before each step it waits for the questions being answered
        on this engine to finish (`_after_questions`). Answers are the same warmed or not.
        """
        collection = self.collection
        steps: list[Callable[[], object]] = [
            collection.speaker_codes,
            self.quoter.titles,
            self.about.describing_index,
        ]
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
            for names in (*(names for names, _ in KIND_NAMES.values()), *FORM_NAMES.values())
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

    def _silent_on(self, query: Query, ranked: Ranking) -> str | None:
        """For "what did X say about Y?" (`_SAID_ABOUT`, X the person the question names) where
        the corpus reports X but none of the passages reporting X among the first SILENT_DEPTH
        ranked holds a word (or its stand-in) of what the question's structure asks about (Y),
        nor the noun Y is of or on (`answer_kind.about_heads`): the note saying so ("Amara Obi
        is reported in the corpus, but not on heat pumps: ..."); else None. Without
        understanding: None."""
        person = query.focus.person
        if not query.asked or not self.settings.understanding:
            return None
        text = query.text or ""
        if len(text.split()) > PASTED_TEXT_WORDS:
            return None  # a pasted passage, not a question
        folded = normalise(text).lower()
        said = _SAID_ABOUT.search(folded)
        if not person:
            return self._unreported(folded, said, query, ranked)
        spans = [
            (named.start, named.end)
            for named in self.reader.names(query.scope).named_people(text)
            if named.name == person
        ]
        if said is None or not any(
            said.start("who") <= start < said.end("who") for start, _ in spans
        ):
            return None  # not "what did X say about Y?" of the person named ("the mayor" too)
        # What the question asks about is every word of it but the person's names: "the cost of
        # insulation" is on insulation too, though its structure names "the cost" alone.
        called = {term for start, end in spans for term in self.analyser.terms(text[start:end])}
        topic = [group for group in query.content if not group <= called] or list(query.asked)
        reporting = [
            scored.passage
            for scored in ranked[:SILENT_DEPTH]
            if self.collection.reports(scored.passage, person)
        ]
        # A passage reporting X speaks on Y when it holds a word of what the question's
        # structure asks about ("being left off the rally program": "program") or the noun Y is
        # of or on ("the cost of the wall": "wall"), or a stand-in for one: a modifier alone
        # ("european" in "tariffs on european steel") is not Y.
        heads = {term for word in about_heads(folded) for term in self.analyser.terms(word)}
        spoken = [*query.asked, *(group for group in topic if not heads.isdisjoint(group))]
        words = " / ".join(asked_about(folded)) or "that"
        if not reporting:
            # "What did Councillor Shuttleworth say about the quarry?" of minutes that name her
            # only among the apologies: the best passage neither reports her nor holds Y.
            best = ranked[0].passage
            if not spoken or best.speaker == person:
                return None
            terms = set(self.collection.indexed_terms(best) or ())
            if any(holds(group, terms) for group in spoken):
                return None
            return (
                f"{person} is named in the corpus, but no passage reports what they said on "
                f"{words}: nothing in it answers this."
            )
        for passage in reporting:
            terms = set(self.collection.indexed_terms(passage) or ())
            if any(holds(group, terms) for group in spoken):
                return None
        return (
            f"{person} is reported in the corpus, but not on {words}: nothing in it answers this."
        )

    def _unreported(
        self, folded: str, said: re.Match[str] | None, query: Query, ranked: Ranking
    ) -> str | None:
        """For "what did X say about Y?" (`said`, of the folded question) where X is a person's
        name that is no one the corpus reports or gives turns to (`Focus.person` and
        `Focus.speaker` None: "what did councillor dawn shuttleworth say about the quarry?" of
        minutes naming her among the apologies), when the best ranked passage holds no word of
        Y (nor a stand-in): the note saying so; else None."""
        focus = query.focus
        if said is None or focus.speaker or focus.voice or focus.side or focus.doc_ids:
            return None
        who = _persons_name(said)
        if who is None:
            return None
        called = set(self.analyser.terms(who))
        topic = [group for group in query.asked if not group <= called]
        terms = set(self.collection.indexed_terms(ranked[0].passage) or ())
        if not topic or any(holds(group, terms) for group in topic):
            return None
        words = " / ".join(asked_about(folded)) or "that"
        return (
            f"“{who}” is named in the corpus, but no passage reports what they said on {words}: "
            "nothing in it answers this."
        )

    def _unknown_speaker(self, text: str, query: Query) -> str | None:
        """For "what did X say ...?", X a person's name (no determiner: "angela merkel", not
        "the report") whose last word (the surname) no passage of the scope holds, nor the
        title, author, publisher or aliases of a document it sees, X as the question wrote it;
        else None. A corpus that never names someone holds nothing they said, whatever else the
        question's words match ("what did angela merkel say about refugees in 2015?" quoted a
        date line)."""
        if len(text.split()) > PASTED_TEXT_WORDS or not self.settings.understanding:
            return None
        focus = query.focus
        if focus.doc_ids or focus.voice or focus.person or focus.speaker or focus.side:
            return None  # a document, voice, person or side the corpus knows ("the op-ed")
        said = _WHO_SAID.search(normalise(text).lower())
        if said is None:
            return None
        who = _persons_name(said)
        if who is None:
            return None
        surname = who.split()[-1]
        terms = self.analyser.terms(surname)
        stats = self.collection.statistics(query.scope)
        if not stats.size or not terms:
            return None
        if any(self.collection.index.document_frequency(term, stats) for term in terms):
            return None
        for document in self.collection.visible_documents(query.scope):
            meta = document.meta
            named = " ".join(
                (meta.title, meta.author, meta.publisher or "", *meta.author_aliases, *meta.aliases)
            )
            if surname in re.findall(r"[\w’'-]+", normalise(named).lower()):
                return None  # a document's author or title names them ("The Notebook of Lilian")
        return who

    def _unmentioned_time(self, text: str, query: Query) -> str | None:
        """A time the question names that the corpus does not cover (the right topic, another
        time): a year ("... in 2021?") that no passage of the scope holds and in which no
        document it sees is dated, nor names in its title or headings; or a day ("on 5 June
        1940") no passage holds with its month and year, nor heads as an entry (a diary's
        "Friday 4 August 1944."). None when every year and day it names is there."""
        if len(text.split()) > PASTED_TEXT_WORDS:
            return None  # a pasted passage ("Find sources"), not a question about a time
        scope = query.scope
        stats = self.collection.statistics(scope)
        index = self.collection.index
        days = list(_DAY.finditer(text))
        years: list[str] = _YEAR.findall(text)
        if (days or years) and query.labels:
            visible = self.collection.visible_mask(scope)
            if asked_parts(self.collection, query, visible) is not None:
                return None  # an entry under that day's heading
        for day in days:
            number = day.group("d1") or day.group("d2")
            month, year = day.group("m") or day.group("m2"), day.group("y")
            # The day as a number or an ordinal ("5", "5th"), with its month and year.
            held = np.unique(
                np.concatenate(
                    [index.positions_of(number + end) for end in ("", "st", "nd", "rd", "th")]
                )
            )
            for term in (*self.analyser.terms(month), year):
                held = np.intersect1d(held, index.positions_of(term))
            mask = stats.mask
            if not (held if mask is None else held[mask[held]]).size:
                return " ".join(day.group().split())
        for year in dict.fromkeys(years):
            if self.collection.index.document_frequency(year, stats):
                continue
            if any(
                (d.meta.date is not None and d.meta.date.year == int(year))
                or d.meta.year == int(year)
                or year in d.meta.title
                or any(year in (p.heading or "") for p in d.passages)
                for d in self.collection.visible_documents(scope)
            ):
                continue  # a document dated then, or whose title or headings say it
            return year
        return None

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
        # "The letter" when the question's other words describe one ("tnr"): that one.
        reading = self.about.reading(text, query, doc_id)
        if query.about is not None and offset == 0:
            about = self.about.answer(text, query, doc_id, reading)
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
        # Someone, or a year or day, that nothing in the corpus mentions.
        stranger = self._unknown_speaker(text, query)
        when = self._unmentioned_time(text, query) if stranger is None else None
        if stranger is not None or when is not None:
            unmentioned = (
                f"Nothing in the corpus mentions “{stranger}”"
                if stranger is not None
                else f"No document in the corpus mentions {when}"
            )
            return Answer(text, (), True, note=f"{unmentioned}: nothing in it answers this.")
        described = reading.described if reading is not None else None
        if described is not None and described.id not in query.focus.doc_ids:
            # "What does the letter to a young liberal say ...": the words after the kind say
            # which document, when they describe one ("tnr", its title's words).
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
        # "How does the opposition respond to ...": the answer linked to the point described,
        # which answers though the question's words are the point's, not the answer's.
        ordered = answers_first(self.collection, query, ranked)
        if ordered is ranked:
            silent = self._silent_on(query, ranked) if ranked else None
            if silent is not None:
                return Answer(text, (), True, note=silent)
            if not ranked or not self.answers(ranked):
                return Answer(text, (), True, note="Nothing in the corpus answers this.")
            # "Where does the figure come from?": the interviewee's answer before the question.
            ordered = answer_after_question(self.collection, query, ranked)
            if ordered is ranked:
                # "What did the professor say?": the words her introduction leads to.
                ordered = words_after_introduction(self.collection, query, ranked)
        typed = len(text.split()) <= PASTED_TEXT_WORDS
        answering: Sequence[Scored] = ordered
        candidates = len(ordered)
        share = self.settings.secondary_min_share
        if typed and self.settings.understanding:
            # Only the first few are read (a ranking at 100k passages holds thousands; each
            # read of one makes an object): enough for the page asked and its near-duplicates.
            head = ordered[: offset + k + ASKING_LOOKAHEAD + 2 * (offset + k) + HEAD_SLACK]
            if not asks_what_was_asked(text):
                # A passage that only asks ("And turnout there is what?"), or a speaker's turn
                # that matched only in what it asks ("Does compulsory voting change who wins?
                # Because ..."), answers no question but one about what was asked: of those
                # that would be shown, it is left out.
                # The turns of the speaker the question names are what it asks for, questions
                # or not ("What did the heckler say about the floods?").
                shown = offset + k + ASKING_LOOKAHEAD
                named = query.focus.speaker
                asking = {
                    i
                    for i, scored in enumerate(head[:shown])
                    if (named is None or scored.passage.speaker != named)
                    and (
                        only_asks(scored.passage)
                        or (
                            scored.passage.voice is Voice.SPEAKER
                            and asks_what_matched(scored.passage, query, self.collection)
                        )
                    )
                }
                if asking:
                    head = [scored for i, scored in enumerate(head) if i not in asking]
                    candidates -= len(asking)
                    if not head:
                        return Answer(
                            text,
                            (),
                            True,
                            note="Nothing in the corpus answers this: the passages on it only ask.",
                        )
            if share:
                # A typed question's weak answers after the first are padding, not answers: a
                # passage sharing one word with the question from another document.
                floor = head[0].score * share
                head = [head[0], *(scored for scored in head[1:] if scored.score >= floor)]
                candidates = min(candidates, max(1, ordered.count_at_least(floor)))
            own = own_uploads_first(self.collection, query, head)  # the debate's padding out
            candidates -= len(head) - len(own)
            answering = own
        merged, examined = self.ranker.merge_duplicates(answering, offset + k)
        window = merged[offset : offset + k]
        quotes = tuple(
            self.quoter.quote_passage(scored.passage, query, scored.score, also)
            for scored, also in window
        )
        total = candidates - (examined - len(merged))
        return Answer(text, quotes, False, total=total, offset=offset)
