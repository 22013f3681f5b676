"""Question -> Query: the words to search, and what the question names and asks for.

The names are the corpus's: documents ("the reply"), voices ("the ambassador", "the
publisher"), people the documents report ("Pompeo"), transcript speakers and debate sides. A
name bounds the search and is not searched as words. What a question asks for ("how many",
"what evidence") says which kind of sentence answers it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from bot.engine.answer_kind import (
    AnswerKind,
    asked_about,
    asks_yes_no,
    counted_word,
    expected_kinds,
)
from bot.engine.collection import Collection
from bot.engine.evidence import EVIDENCE_KINDS, SentenceKind
from bot.engine.index import Statistics
from bot.engine.intents import (
    ASKS_INTERVIEWER,
    asks_about_document,
    asks_advice,
    asks_response,
    asks_thesis,
    defined_subject,
    document_details_asked,
    role_asked,
    unquoted_saying,
)
from bot.engine.labels import Label, asked_labels
from bot.engine.models import Document, Kind, Side, Voice
from bot.engine.names import (
    KIND_NAMES,
    DocumentNames,
    NamedPerson,
    NameTable,
    ScopeNames,
    title_key,
)
from bot.engine.people import canonical
from bot.engine.phrases import Acronyms, compounds
from bot.engine.replies import responses
from bot.engine.sayer import asked_sayer
from bot.engine.stance import DebateFocus, debate_focus
from bot.engine.synonyms import build_thesaurus
from bot.engine.text import Analyser, Token, normalise
from bot.engine.tuning import PASTED_TEXT_WORDS, SCOPE_MASKS_KEPT, STAND_IN_FACTOR
from bot.engine.typed_names import as_written, title_spans
from bot.engine.voices import no_byline

if TYPE_CHECKING:
    from bot.engine.semantic import Paraphrases

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
    offer offers offered provide provides provided motion motions side sides
    shout shouts shouted yell yells yelled heckle heckles heckled interject interjects
    interjected
""".split()
# Framing words that are what a yes-or-no question asks when it asks nothing else: "did the
# minister reply to ClearCheck?" asks whether he replied, and a passage saying so holds the word.
RESPONSE_WORDS = "reply replies replied respond responds responded response answer answers answered"
# A document called by its kind and whose it is ("when did the mayor give her speech?"): the
# documents of that kind by the person the question names.
_POSSESSED_KIND = re.compile(
    r"\b(?:his|her|their)\s+(speech|address|op-?ed|column|letter|reply|response)\b", re.I
)
_POSSESSED_KINDS = {
    "speech": Kind.SPEECH,
    "address": Kind.SPEECH,
    "op-ed": Kind.OP_ED,
    "oped": Kind.OP_ED,
    "column": Kind.OP_ED,
    "letter": Kind.LETTER,
    "reply": Kind.REPLY,
    "response": Kind.REPLY,
}
# Words that ask what someone said: with a person's name they ask for the passages that report
# that person's words ("what did Pompeo claim?").
REPORTING_WORDS = """
say says said claim claims claimed argue argues argued accuse accuses accused allege alleges
alleged charge charges charged urge urges urged warn warns warned tell tells told want wants
wanted think thinks believe believes call calls called insist insists demand demands propose
proposes suggest suggests write writes wrote ask asks asked
""".split()
# A thing a person wrote, named by the person's name ("Mr Orme's letter"): not their turns.
_OWN_PAPER = re.compile(
    r"['’]s\s+(?:(?:witness\s+)?statement|letter|e-?mail|memo|report|note|paper|minutes)\b", re.I
)
# Nouns for people whose stems are evidence words' ("supporters": "support").
_NAMES_PEOPLE = frozenset({"supporter", "supporters", "reporter", "reporters"})
# Words that ask for evidence: they also rank sentences that cite sources, numbers or events.
EVIDENCE_WORDS = """
    evidence source sources cite cites cited citing proof prove proves support supports
    backs newspaper newspapers paper papers publication study studies report reports data
    statistic statistics figure figures number numbers expert experts survey surveys
    research researcher outlet outlets journalist journalists daily example examples
    instance instances quote quotes quoted
""".split()
# Evidence words that ask for one kind of evidence sentence.
SPECIFIC_EVIDENCE_WORDS: tuple[tuple[frozenset[SentenceKind], str], ...] = (
    (
        frozenset({SentenceKind.STUDY}),
        "study studies survey surveys research researcher expert experts report reports",
    ),
    (
        frozenset({SentenceKind.SOURCE}),
        "newspaper newspapers paper papers publication outlet outlets journalist journalists "
        "daily quote quotes quoted source sources",
    ),
    (
        frozenset({SentenceKind.STATISTIC}),
        "statistic statistics figure figures number numbers data",
    ),
    (frozenset({SentenceKind.EXAMPLE}), "example examples instance instances"),
)
_WHO_IS = re.compile(r"^\s*who(?: is| was|'s) ")
# A publisher's note on a piece, named in a question: "the editor's note", "the correction"
# (its words are searched; they name no one, and they ask for the publisher's words).
PUBLISHERS_NOTE_ASKED = re.compile(
    r"\b(?:the\s+)?editors?['\u2019]?s?\s+notes?\b|\bnotes? from the editors?\b"
    r"|\bthe\s+(?:correction|clarification)s?\b",
    re.IGNORECASE,
)
_REPLY_NAME = re.compile(r"\b(?:" + "|".join(KIND_NAMES[Kind.REPLY][0]) + r")\b", re.IGNORECASE)
# Words before a kind of evidence that make it what the question asks for: "which study",
# "what figures", "does she cite any data", "what sources does she rely on".
_ASKED_FOR = re.compile(
    r"\b(?:which|what|who|any|cites?|cited|quotes?|quoted|rel(?:y|ies) on|refers? to|mentions?|"
    r"gives?|offers?|uses?)\s+(?:[\w'’-]+\s+){0,2}$"
)
# "Who called her 'Mary Poppins Poplin'?": a phrase the question quotes and asks the source of.
_ASKS_WHO = re.compile(r"^\s*who\b(?! is\b| was\b|'s\b)")
_QUOTED_PHRASE = re.compile(r"""(?<![\w'"])(["'])(?P<phrase>[^"']{3,80}?)\1(?![\w'"])""")
_OF_AUTHOR = re.compile(r"\bthe (?:author|writer|columnist|reporter)\b")
_ASKS_AUTHOR = re.compile(
    r"\bwho (?:wrote|writes|authored|penned|is the author of|interviewed|conducted the interview)\b"
    rf"|{ASKS_INTERVIEWER}"
)
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


@dataclass(frozen=True, slots=True)
class Focus:
    """What the question says about whose words it wants: a voice within some documents."""

    doc_ids: frozenset[str] = frozenset()
    voice: Voice | None = None
    alias_spans: tuple[tuple[int, int], ...] = ()
    person: str | None = None  # someone the documents report, named in the question
    speaker: str | None = None  # a transcript speaker the question names ("the psychologist")
    side: Side | None = None  # a debate side the question names ("the opposition")
    # Where the question names the speaker it asks about: ranked on, not needed for coverage.
    speaker_spans: tuple[tuple[int, int], ...] = ()
    # The side came from a stance on the motion ("opponents of the cull", `bot.engine.stance`):
    # the debate's introduction, which often sums up each side, may answer too.
    side_with_introduction: bool = False


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
    # Groups a passage must cover to answer at all: what "how many" counts.
    must: tuple[frozenset[str], ...] = ()
    # Stand-ins for words the corpus does use, with the fraction of a word's score they add.
    weighted: Mapping[str, float] = field(default_factory=dict)
    # Whose corpus is searched: "" for the shared documents only, else a server's id (its own
    # uploads and the shared documents). Its statistics weigh every term.
    scope: str = ""
    # What the question asks about the document itself: "title", "date", "venue", "author".
    about: str | None = None
    # "Who is X?": the terms of the name whose first mention in a document answers.
    introduces: tuple[str, ...] = ()
    # The question as asked (cleaned), for the semantic stage's re-rank by meaning.
    text: str = ""
    # "Who called her 'Mary Poppins Poplin'?": the quoted phrases (normalised) whose source it
    # asks for; the passage using one in its own words is the source, one quoting it reports.
    sourced: tuple[str, ...] = ()
    # The kinds of answer it asks for (a figure, a date, a person), for abstention.
    expects: frozenset[AnswerKind] = frozenset()
    # The groups its structure says it asks about ("X's salary" -> salary), for abstention.
    asked: tuple[frozenset[str], ...] = ()
    # It asks for advice or a recommendation for the asker ("which phone should I buy?").
    advice: bool = False
    # Short forms the scope defines for runs of its words ("hc" -> ("honor", "council")).
    short_forms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # It asks how a debate side answers an argument ("how does the opposition respond to ...").
    responds: bool = False
    # "What is a minimum wage?": the terms of what it asks the definition of.
    defines: tuple[str, ...] = ()
    # The numbered parts it names ("recommendation 3", "section 2.1"; `bot.engine.labels`).
    labels: tuple[Label, ...] = ()
    # It asks for a text's main argument ("what is the essay's thesis?").
    thesis: bool = False
    # Every detail of the document it asks for, `about` among them, in the question's order
    # ("who published the report, and when?" -> ("venue", "date")).
    details: tuple[str, ...] = ()
    # Whose words it asks for: the subject of its speech verb ("what did the council leader
    # say?" -> "the council leader"; `sayer.asked_sayer`), for abstention.
    sayer: str | None = None


def _most_named(named: Sequence[AbstractSet[str]]) -> set[str]:
    """The documents several phrases of a question name, when the phrases disagree: those named
    by the most phrases, and among phrases that each name different documents, the most specific
    phrase's ("the Atlantic op-ed": "Atlantic" names one document, "op-ed" the two titled so,
    and the question asks about the Atlantic's)."""
    counts: dict[str, int] = {}
    for docs in named:
        for doc_id in docs:
            counts[doc_id] = counts.get(doc_id, 0) + 1
    most = max(counts.values())
    if most > 1:
        return {d for d, count in counts.items() if count == most}
    fewest = min(len(docs) for docs in named)
    return set().union(*(docs for docs in named if len(docs) == fewest))


class QuestionReader:
    """Reads questions against one collection: the names, people, speakers and vocabulary of the
    scope asking (the shared corpus and that server's own documents, never another server's).

    With `understanding` off, a question is its analysed words and nothing more (plain BM25
    with coverage-based abstention, the "before" of the evaluation).
    """

    _shared: NameTable  # the shared documents' names
    _names: dict[str, ScopeNames]  # each scope's names, made on first use

    def __init__(
        self,
        collection: Collection,
        analyser: Analyser,
        understanding: bool,
        paraphrases: Paraphrases | None = None,
        previous: QuestionReader | None = None,
        names: Mapping[str, DocumentNames] | None = None,
    ) -> None:
        self.analyser = analyser
        self.paraphrases = paraphrases  # stand-ins by meaning (bot/engine/semantic.py), optional
        self.understanding = understanding
        self.collection = collection
        self.documents = collection.documents
        self.index = collection.index
        self._framing = {analyser.stem(word) for word in FRAMING_WORDS}
        self._evidence = {analyser.stem(word) for word in EVIDENCE_WORDS}
        self._evidence_kinds = {
            analyser.stem(word): kinds
            for kinds, words in SPECIFIC_EVIDENCE_WORDS
            for word in words.split()
        }
        self._reporting = {analyser.stem(word) for word in REPORTING_WORDS}
        self._responding = {analyser.stem(word) for word in RESPONSE_WORDS.split()}
        self._thesaurus = build_thesaurus(analyser)
        self._acronyms = Acronyms(collection, analyser)  # "honor council" -> "HC", if defined
        shared = collection.visible_documents("")
        # Each reply's opening as `responses` scans it, kept for the next corpus change.
        self._openings: dict[str, tuple[Document, str]] = {}
        if previous is not None:
            documents = collection.documents
            self._openings = {
                doc_id: held
                for doc_id, held in list(previous._openings.items())
                if documents.get(doc_id) is held[0]
            }
            held_names = previous._names.get("")
            if held_names is not None and _same_documents(previous._shared.parts, shared):
                # A change to a server's own documents only: the shared names stand.
                self._shared = previous._shared
                self._names = {"": held_names}
                return
        self._shared = NameTable(shared, previous._shared.parts if previous else names)
        self._names = {
            "": ScopeNames([self._shared], functools.partial(responses, shared, self._openings))
        }

    def names(self, scope: str = "") -> ScopeNames:
        """The names `scope`'s questions can use (kept per scope, bounded; a scope without
        documents of its own has the shared scope's: see `Collection.view_of`)."""
        scope = self.collection.view_of(scope)
        names = self._names.get(scope)
        if names is None:
            own = self.collection.own_documents(scope)
            tables = [self._shared, NameTable(own)] if own else [self._shared]
            visible = self.collection.visible_documents(scope)
            names = ScopeNames(tables, functools.partial(responses, visible, self._openings))
            if len(self._names) > SCOPE_MASKS_KEPT:
                self._names = {"": self._names[""]}
            self._names[scope] = names
        return names

    def _whole_title(self, phrase: str, doc_ids: frozenset[str]) -> frozenset[str]:
        """Of the documents a phrase names, those whose whole title it is, when there are any
        ("'A Senate Divided?'" names the op-ed of that title, not the reply titled "A response
        to 'A Senate Divided?'"); else all of them."""
        whole = doc_ids & self._titled.get(title_key(phrase), frozenset())
        return whole or doc_ids

    @functools.cached_property
    def _titled(self) -> dict[str, frozenset[str]]:
        """Each title key (`title_key`) -> the documents of that title, made on first use:
        "the reply" names thousands of documents at 100k passages, and making each one's key
        for every question was 3 ms of it."""
        titled: dict[str, set[str]] = {}
        for doc_id, document in self.documents.items():
            titled.setdefault(title_key(document.meta.title), set()).add(doc_id)
        return {key: frozenset(ids) for key, ids in titled.items()}

    def focus(self, question: str, scope: str = "") -> Focus:
        """Documents, voice and speaker that the question names ("the reply", "the ambassador")."""
        if len(question.split()) > PASTED_TEXT_WORDS:
            # A pasted passage, not a question about someone: a word in it that happens to be a
            # name ("Price", "the reply") must not bound the search away from its own source.
            return Focus()
        folded = normalise(question)
        names = self.names(scope)
        # Each phrase's documents: the name table's own set for a phrase naming them (one object
        # a name, so "the article" gathers none of its thousands of ids again).
        named: dict[tuple[int, int], frozenset[str]] = {}
        voice: Voice | None = None
        # "The editor's note", "the correction": the publisher's note on a piece, not anyone
        # called "the editor" (a publisher's name) nor the piece's author.
        notes = [match.span() for match in PUBLISHERS_NOTE_ASKED.finditer(question)]
        for found in names.named_documents(question):
            if any(s <= found.start and found.end <= e for s, e in notes):
                continue
            named[(found.start, found.end)] = found.doc_ids
            for _, phrase_voice in found.rows:
                if phrase_voice is not None:
                    voice = phrase_voice
        if notes:
            voice = Voice.PUBLISHER
        # `names.answered` is read only when a question names a document or says "the reply"
        # (it is found out on first use).
        reply_names = list(_REPLY_NAME.finditer(question))
        if reply_names and names.answered:
            # "The reply" names every document of the scope that answers another, whatever
            # kind it was uploaded as, besides those written down as replies.
            for match in reply_names:
                span = match.span()
                if span in named:
                    named[span] |= frozenset(names.answered)
                elif not any(s < span[1] and span[0] < e for s, e in named):
                    named[span] = frozenset(names.answered)
        if len(named) == 1 and len(next(iter(named.values()))) > 1:
            # One phrase naming several documents names the one whose whole title it is.
            (((start, end), docs),) = named.items()
            named[(start, end)] = self._whole_title(question[start:end], docs)
        doc_ids: AbstractSet[str] = (
            next(iter(named.values())) if len(named) == 1 else frozenset().union(*named.values())
        )
        common = frozenset.intersection(*named.values()) if len(named) > 1 else frozenset()
        # "The reply to the councillor": the question asks about the reply; the op-ed it
        # answers (and any other document called "the reply") only says which reply. Only when
        # one phrase names the reply and another the op-ed: one word that names both ("the
        # op-ed" of two op-eds of which one answers the other) says nothing about which is asked.
        answering = {
            d
            for d in (doc_ids if len(named) > 1 else ())
            if (answered := names.answered.get(d)) is not None
            and answered != d
            and any(
                d in docs
                and any(answered in other for other in named.values() if other is not docs)
                for docs in named.values()
            )
        }
        if common:
            doc_ids = common  # "the reply to 'A Senate Divided?'": both phrases name it
        elif answering:
            doc_ids = answering
        elif len(named) > 1:
            doc_ids = _most_named(list(named.values()))
        asks_what_said = any(stem in self._reporting for stem in self.analyser.terms(question))
        # "What did Mr Orme's letter say?": a paper of the person's says it, as read out by
        # whoever quotes it; the question does not ask for the person's own turns.
        # A letters page's letter is its signer's turn, though ("how does Willingham's letter
        # answer Poplin?").
        everyone = names.named_people(question)
        people = [
            p
            for p in everyone
            if not _OWN_PAPER.match(question, p.end) or self._signed_letters(p.name, names, scope)
        ]
        # The paper's writer's name says whose paper, as a document's name would: it ranks, but
        # the passage reading the paper out need not hold it.
        papers_of = tuple((p.start, p.end) for p in everyone if p not in people)
        person = people[0].name if people and asks_what_said else None
        # One name can be several people's ("Reagan": a transcript's "Ronald W Reagan" and the
        # "Republican Ronald Reagan" a report mentions): the first name's speaker, if any.
        first_named = [
            p.name for p in people if (p.start, p.end) == (people[0].start, people[0].end)
        ]
        asked_speaker = next((n for n in first_named if n in names.speakers), None)
        if (
            len(first_named) > 1
            and asked_speaker is None
            and question[people[0].start : people[0].end].lower().startswith("the ")
        ):
            # "The councillor in charge of the environment": a role several people have says
            # no one of them (the words describing which are searched, as any others).
            person = None
        if person is not None and asked_speaker is not None:
            # "What did Mondale say about taxes?": Mondale's own turns first.
            speaker: str | None = names.speakers[asked_speaker]
        else:
            speakers = {names.speakers[p.name] for p in people if p.name in names.speakers}
            speaker = speakers.pop() if len(speakers) == 1 else None
        if not named and people:
            possessed = self._possessed(question, people, speaker, scope)
            if possessed is not None:
                named[possessed[0]] = doc_ids = frozenset(possessed[1])
        # Words that named a document the answer may come from are not searched; words that
        # named the op-ed a reply answers ("what does the reply say Whitlock claims") are.
        spans = [span for span, docs in named.items() if not docs.isdisjoint(doc_ids)]
        if (
            speaker is not None
            and doc_ids
            and not any(p.speaker == speaker for d in doc_ids for p in self.documents[d].passages)
        ):
            # A named document that gives the person no words of their own only reports them.
            speaker = None
        # The name of the speaker asked about says whose words are wanted: it still ranks (a
        # transcript turn opens with its label) but a passage need not hold it to answer.
        named_speaker = (
            tuple(
                (p.start, p.end)
                for p in people
                if speaker and names.speakers.get(p.name) == speaker
            )
            + papers_of
            # A person asked about by a role that is none of their names ("the barrister for
            # the residents"): the passage reporting them need not say the role.
            + tuple(
                (p.start, p.end)
                for p in people
                if p.name == person
                and not _names_person(question[p.start : p.end], p.name)
                and self._unsaid(question[p.start : p.end], scope)
            )
        )
        # Debates: a side named as such or by a stance, a debate by its subject (`stance`).
        debate = (
            debate_focus(
                folded,
                doc_ids,
                spans,
                self.documents,
                functools.partial(self.collection.visible_documents, scope),
                self.analyser,
                functools.partial(self._said_outside_debates, scope=scope),
            )
            if names.has_debates
            else DebateFocus(doc_ids, spans)
        )
        return Focus(
            frozenset(debate.doc_ids),
            voice,
            tuple(sorted(debate.spans)),
            person,
            speaker,
            debate.side,
            named_speaker,
            side_with_introduction=debate.with_introduction,
        )

    def _said_outside_debates(self, words: str, rest: str, scope: str) -> bool:
        """Whether one passage `scope` sees, of a document that is no debate, holds every term
        of `words` ("the opposition": a council's minutes that have one) and a term of `rest`
        (the rest of the question) that is no framing word ("pools", not "say")."""
        terms = self.analyser.terms(words)
        others = {t for t in self.analyser.terms(rest) if t not in self._framing} - set(terms)
        if not terms or not others:
            return False
        mask = ~self.collection.document_mask(
            d.id for d in self.collection.visible_documents(scope) if d.meta.kind is Kind.DEBATE
        )
        visible = self.collection.visible_mask(scope)
        if visible is not None:
            mask = mask & visible
        for term in terms:
            held = np.zeros_like(mask)
            held[self.collection.index.positions_of(term)] = True
            mask = mask & held
        if not mask.any():
            return False
        also = np.zeros_like(mask)
        for term in others:
            also[self.collection.index.positions_of(term)] = True
        return bool((mask & also).any())

    def _unsaid(self, role: str, scope: str) -> bool:
        """Whether a word of `role` (what a question calls a person: "the barrister for the
        residents") is in no passage `scope` sees: a judgment calls its counsel by name, never
        "the barrister", so no passage can hold it. A role some text uses ("the councillor",
        "the mayor added") is searched for as typed."""
        mask = self.collection.visible_mask(scope)
        for term in self.analyser.terms(role):
            held = self.collection.index.positions_of(term)
            if not (held.size if mask is None else np.count_nonzero(mask[held])):
                return True
        return False

    def _signed_letters(self, name: str, names: ScopeNames, scope: str) -> bool:
        """Whether the person called `name` signs a letter in `scope`: a turn of theirs in a
        document of the kind letter (a letters page's letter is its signer's turn)."""
        speaker = names.speakers.get(name)
        return speaker is not None and any(
            document.meta.kind is Kind.LETTER
            and any(passage.speaker == speaker for passage in document.passages)
            for document in self.collection.visible_documents(scope)
        )

    def _possessed(
        self, question: str, people: Sequence[NamedPerson], speaker: str | None, scope: str
    ) -> tuple[tuple[int, int], set[str]] | None:
        """The span of "her speech" (`_POSSESSED_KIND`) in a question naming a person, and the
        ids of the documents of that kind in `scope` whose author is that person (or the
        speaker named); None when the question says no such thing or no such document is
        there."""
        match = _POSSESSED_KIND.search(question)
        if match is None:
            return None
        kind = _POSSESSED_KINDS[match.group(1).lower()]
        whose = {person.name for person in people} | ({speaker} if speaker else set())
        owned = {
            document.id
            for document in self.collection.visible_documents(scope)
            if document.meta.kind is kind and canonical(document.meta.author) in whose
        }
        return (match.span(), owned) if owned else None

    def query(self, question: str, scope: str = "") -> Query:
        """Question terms, less the words that only name a document or voice, as `scope` reads
        them (its names, and its document frequencies for stand-ins)."""
        if not self.understanding:
            plain = self.analyser.terms(question)
            groups = [frozenset({t}) for t in dict.fromkeys(plain)]
            return Query(plain, groups, False, Focus(), scope=scope, text=question)
        stats = self.collection.statistics(scope)
        question = role_asked(question)  # "who hosts X" -> "who is the host of X"
        focus = self.focus(question, scope)
        folded = normalise(question)
        skipped = list(focus.alias_spans)
        required: set[SentenceKind] = set()
        for pattern, kinds in _ASKS_FOR:
            for match in pattern.finditer(folded):
                skipped.append(match.span())
                required |= kinds
        tokens = self.analyser.tokens(question)
        # The people it names, found once for both of `typed_names`' readings.
        people: list[NamedPerson] | None = None
        if len(tokens) <= PASTED_TEXT_WORDS:
            people = self.names(scope).named_people(question)
            skipped += title_spans(question, tokens, people)
        asked_tokens = [
            token
            for token in tokens
            if not any(start <= token.start < end for start, end in skipped)
        ]
        if len(asked_tokens) <= PASTED_TEXT_WORDS:  # a question, not a pasted passage
            if people is None:
                people = self.names(scope).named_people(question)
            asked_tokens = as_written(question, asked_tokens, people, self.analyser)
        asked = [token.stem for token in asked_tokens]
        named = {
            token.stem
            for token in asked_tokens
            if any(start <= token.start < end for start, end in focus.speaker_spans)
        }
        terms: list[str] = []
        weighted: dict[str, float] = {}
        content: list[frozenset[str]] = []
        framed: list[frozenset[str]] = []  # the framing words' groups
        by_meaning = self._paraphrased(question, asked_tokens, stats)
        shortened = (
            self._acronyms.stand_ins(question, asked_tokens, scope)
            if len(asked_tokens) <= PASTED_TEXT_WORDS  # not a pasted passage's every run
            else {}
        )
        # Words whose stem is an evidence word's but that name people ("how many supporters",
        # "the reporters"): content, as any other noun.
        people_words = {
            token.stem
            for token in asked_tokens
            if question[token.start : token.end].lower() in _NAMES_PEOPLE
        }
        for term in asked:
            group = {term}
            if term in shortened:
                group.add(shortened[term])  # the short form a document defines for them
            stand_ins = [
                t for t in self._thesaurus.get(term, ()) if self.index.document_frequency(t, stats)
            ] or by_meaning.get(term, [])
            group.update(stand_ins)
            if not self.index.document_frequency(term, stats):
                # A word no passage uses: search for the words that stand in for it instead.
                terms.extend(sorted(stand_ins))
            else:
                # The corpus uses the word, and perhaps its stand-ins too ("students" in one
                # text, "pupils" in another): they count, less than the word itself, even when
                # the stand-in is the rarer word ("bus" beside a "tram" in half the passages).
                own = self.index.idf(term, stats)
                for stand_in in stand_ins:
                    ratio = min(1.0, own / self.index.idf(stand_in, stats))
                    weighted[stand_in] = max(weighted.get(stand_in, 0.0), STAND_IN_FACTOR * ratio)
            terms.append(term)
            asks_evidence = term in self._evidence and term not in people_words
            if term not in self._framing and not asks_evidence and term not in named:
                content.append(frozenset(group))
            elif term in self._responding and term not in named:
                framed.append(frozenset(group))
        if not content and framed and asks_yes_no(folded.lower()):
            # "Did Vallance reply to ClearCheck?": whether he replied is the question's topic.
            content = framed
        content = compounds(question, asked_tokens, content, self.index, stats)
        wants_evidence = any(
            t.stem in self._evidence
            and question[t.start : t.end].lower() not in _NAMES_PEOPLE
            and _ASKED_FOR.search(question[: t.start].lower())
            for t in asked_tokens
        )
        # "Which study...?" wants a study, "which newspaper...?" a source; "what evidence...?"
        # any kind of evidence.
        # Only where the word is what is asked for ("which study", "what figures does she
        # cite"), not the subject ("what do the reports say", "what does the paper apply").
        specific = {
            kind
            for token in asked_tokens
            for kind in self._evidence_kinds.get(token.stem, ())
            if _ASKED_FOR.search(question[: token.start].lower())
        }
        evidence = specific or (EVIDENCE_KINDS if wants_evidence else set())
        wants = frozenset(required | evidence)
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
        unasked = not (content or wants) and focus.speaker is None
        if focus.doc_ids and (asks_author or unasked or _OF_AUTHOR.search(folded)):
            # "Who wrote the reply?", "where does the author of the op-ed teach?": where the
            # text names the document's author (the publisher's introduction, a bio). Not for
            # a speaker asked about with nothing else ("who is the moderator of the debate?":
            # her turns, in order).
            if asks_author:
                terms, content = [], []
                focus = dataclasses.replace(focus, voice=None)
            for doc_id in sorted(focus.doc_ids):
                written_by = self.documents[doc_id].meta.author
                if no_byline(written_by):
                    continue  # no name to find: "Unknown author" is no one's words
                author = self.analyser.terms(written_by)
                terms.extend(author)
                content.append(frozenset(author))
        # "Who is Dana Loutey?" is answered where the text introduces her: her name's first
        # mention in a document.
        introduces: tuple[str, ...] = ()
        if who_is is not None and not asks_author and not focus.doc_ids:
            rest = folded[who_is.end() :].strip(" ?.!")
            if 0 < len(rest.split()) <= 4:
                introduces = tuple(self.analyser.terms(rest))
        # "How many cyclists ...?" is answered by a figure about cyclists, not any figure.
        counted_text = counted_word(folded)
        counted_stems = set(self.analyser.terms(counted_text)) if counted_text else set()
        counted = next((group for group in content if group & counted_stems), None)
        # A hyphenated name ("the Reagan-Mondale debate") counts as one word for coverage, but a
        # passage need not hold it: it often says which document, and the answer need not
        # repeat it (requiring it lost "where was the final Reagan-Mondale debate held?").
        must = tuple(g for g in content if g == counted)
        asked_stems = {t for span in asked_about(folded) for t in self.analyser.terms(span)}
        asked_groups = tuple(g for g in dict.fromkeys(content) if g & asked_stems)
        return Query(
            terms,
            list(dict.fromkeys(content)),
            wants_evidence,
            focus,
            wants,
            frozenset(required),
            must,
            {t: f for t, f in weighted.items() if t not in terms},
            scope,
            asks_about_document(folded),
            introduces,
            text=question,
            sourced=self._sourced(folded, focus),
            # "Who is Dana Loutey?" asks for what she is, not for a person.
            expects=expected_kinds(folded) - ({AnswerKind.PERSON} if introduces else set()),
            asked=asked_groups,
            advice=asks_advice(folded),
            thesis=asks_thesis(folded),
            responds=self.names(scope).has_debates and asks_response(folded),
            defines=tuple(self.analyser.terms(defined_subject(folded) or "")),
            short_forms={
                short: tuple(t for t, s in shortened.items() if s == short)
                for short in dict.fromkeys(shortened.values())
            },
            # A pasted paragraph's "section 3" is its words, not a part asked for.
            labels=asked_labels(question) if len(question.split()) <= PASTED_TEXT_WORDS else (),
            details=document_details_asked(folded),
            sayer=asked_sayer(question),
        )

    def _sourced(self, folded: str, focus: Focus) -> tuple[str, ...]:
        """The phrases a "who ..." question quotes to ask who said them, less quoted names of
        documents ("who wrote 'A Senate Divided?'")."""
        if not _ASKS_WHO.match(folded):
            return ()
        saying = unquoted_saying(folded)  # "who said there you go again": too common to search
        if saying is not None and len(self.analyser.terms(saying)) <= 1:
            return (saying,)
        return tuple(
            match.group("phrase").strip()
            for match in _QUOTED_PHRASE.finditer(folded)
            if len(match.group("phrase").split()) >= 2
            and not any(s < match.end() and match.start() < e for s, e in focus.alias_spans)
        )

    def _paraphrased(
        self, question: str, tokens: Sequence[Token], stats: Statistics
    ) -> Mapping[str, list[str]]:
        """Stand-ins by meaning (the semantic stage, when on) for the content words of the
        question that no passage of the scope uses and the thesaurus has no stand-in for."""
        if self.paraphrases is None:
            return {}
        unseen = {
            token.stem
            for token in tokens
            if token.stem not in self._framing
            and token.stem not in self._evidence
            and not self.index.document_frequency(token.stem, stats)
            and not any(
                self.index.document_frequency(t, stats) for t in self._thesaurus.get(token.stem, ())
            )
        }
        return self.paraphrases.stand_ins(question, tokens, unseen, stats) if unseen else {}


def _same_documents(parts: Mapping[str, DocumentNames], documents: Sequence[Document]) -> bool:
    """Whether `documents` are the very objects a name table was made of, in the same order."""
    return len(parts) == len(documents) and all(
        part.document is doc for part, doc in zip(parts.values(), documents, strict=True)
    )


def _names_person(words: str, name: str) -> bool:
    """Whether `words` (where a question names someone) hold a word of their `name`, not only a
    role ("the barrister for the residents")."""
    own = {word.casefold() for word in re.findall(r"\w+", name) if len(word) > 1}
    return any(word.casefold() in own for word in re.findall(r"\w+", words))
