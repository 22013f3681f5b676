"""The names a question can use: for documents and their voices, and for the people they report.

Every document is named from what is known about it, whether its metadata was written by hand
or not: its kind ("the reply", "the response", "the letter", "the transcript"...), its title,
its author's full name, its publisher or site ("the Atlantic op-ed"), and the `aliases`,
`author_aliases` and `publisher_aliases` of its metadata. People are named by full name, surname
and honorific with surname: a document's author, its transcript speakers and letter signers, and
the people it reports (`mentions`, found in the text by `bot.engine.voices` where not written).

A `NameTable` holds the names of one set of documents (the shared corpus, or one server's
uploads) in one Aho-Corasick automaton (pyahocorasick), so a question is scanned once whatever
the number of names; `ScopeNames` puts the shared table and a server's own together, so a
server's questions see the names of its own corpus and never another server's. Names are
compared with punctuation as spaces ("'A Senate Divided?'" names "A Senate Divided?") and
without accents ("Bjorn Akesson" names "Björn Åkesson", as a keyboard without them types it).
"""

from __future__ import annotations

import functools
import operator
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import ahocorasick

from bot.engine.forms import FORM_KINDS, FORM_NAMES, FORM_WORDS, form_names_in, with_this
from bot.engine.models import Document, Form, Kind, Person, Side, Voice
from bot.engine.people import aliases as person_aliases
from bot.engine.people import candidate_names, canonical
from bot.engine.text import Analyser, default_analyser, normalise, term_set

# Words for a kind of document: "the sharpton article" names a document by its kind.
DOCUMENT_KIND_WORDS = (
    "article piece story op-ed column opinion editorial reply response rebuttal letter letters "
    "report notice transcript debate interview speech address paper post " + FORM_WORDS
    # Forms' words (`forms.FORM_NAMES`): "newsletter", "wiki", "podcast" ...
)
# Words for a document's details and where it appeared: with the kind words, they describe no
# document in particular.
DOCUMENT_DETAIL_WORDS = (
    "publish published publication write wrote written writer author appear appeared posted "
    "title titled called name headline date dated run ran print printed release released come "
    "came out news page website site magazine newspaper"
)


@functools.cache
def document_words(analyser: Analyser) -> tuple[frozenset[str], frozenset[str]]:
    """The terms (as `analyser` makes them) of the words that describe no document in
    particular (`DOCUMENT_DETAIL_WORDS` and the kind words), and of the kind words
    (`DOCUMENT_KIND_WORDS`)."""
    kinds = term_set(analyser, DOCUMENT_KIND_WORDS)
    return term_set(analyser, DOCUMENT_DETAIL_WORDS) | kinds, kinds


# "The opposition", "the con side", "the side against vouchers": a debate side. Only a single
# side named narrows the search. Each group of the pattern names one side. "Affirmative" and
# "negative" only with "team" ("the negative side of X" is no side; "affirmative action").
_SIDE = re.compile(
    r"\b(?:the\s+)?(?:"
    r"(?P<proposition>proposition|(?:pro|proposing|government)\s+(?:side|team|bench)|affirmative\s+team"
    r"|side\s+(?:proposing|for|in\s+favou?r|supporting))"
    r"|(?P<opposition>opposition|(?:con|opposing)\s+(?:side|team|bench)|negative\s+team"
    r"|side\s+(?:opposing|against|opposed))"
    r")(?:'s)?\b"
)


# A parliament's or a council's opposition, no debate side: "the leader of the opposition", "the
# opposition leader", "opposition MPs", "the opposition's spokesperson on health".
_POLITICAL_BEFORE = re.compile(
    r"\b(?:leaders?|members?|benches|bench|spokes\w*)\s+of\s+(?:the\s+)?$"
)
_POLITICAL_AFTER = re.compile(
    r"(?:'s)?\s+(?:leaders?|party|parties|mps?|members?|councill?ors?|benches|spokes\w*|"
    r"politicians|lawmakers|legislators|senators|figures|groups?|activists|forces|candidates?|"
    r"coalition|alliance|bloc|whips?|to)\b"
)


def sides_named(text: str) -> Iterator[tuple[Side, tuple[int, int]]]:
    """Each debate side `text` (normalised, lower case) names, with the span naming it. The
    political opposition is none ("the leader of the opposition", "opposition MPs"), nor is
    opposition *to* something ("opposition to the plan")."""
    for match in _SIDE.finditer(text):
        side = Side.PROPOSITION if match.group("proposition") else Side.OPPOSITION
        if match.group("opposition") == "opposition" and (
            _POLITICAL_BEFORE.search(text, 0, match.start())
            or _POLITICAL_AFTER.match(text, match.end())
        ):
            continue
        yield side, match.span()


# What people call a document of each kind, and whose words such a name asks for (None: any).
KIND_NAMES: dict[Kind, tuple[tuple[str, ...], Voice | None]] = {
    Kind.REPLY: (("the reply", "the response", "the rebuttal", "the answer"), Voice.AUTHOR),
    Kind.OP_ED: (("the op-ed", "the op ed", "the column", "the opinion piece"), Voice.AUTHOR),
    Kind.LETTER: (
        (
            "the letter",
            "the open letter",
            "the letters page",
            "the letters",
            "the letter to the editor",
            "the letters to the editor",
        ),
        None,
    ),
    # "The blog post", "the newsletter": a form's names (`forms.FORM_NAMES`).
    Kind.ARTICLE: (("the article", "the piece", "the story"), None),
    Kind.REPORT: (("the report", "the notice", "the news report"), None),
    Kind.TRANSCRIPT: (("the transcript", "the debate", "the interview"), None),
    Kind.SPEECH: (("the speech", "the address"), Voice.AUTHOR),
    Kind.DEBATE: (("the debate", "the motion"), None),
    Kind.PRESS_RELEASE: (("the press release", "the news release", "the release"), None),
}
_PUNCTUATION = re.compile(r"[^\w\s]")
_GENERIC_TITLE_PREFIX = re.compile(r"^(?:op ed|letters?|opinion|editorial|comment)\s+")


@functools.lru_cache(maxsize=4_096)
def _unaccented(char: str) -> str:
    """A character without its diacritics ("å" -> "a"; Unicode decomposition, the combining
    marks dropped): "" for a combining mark alone, the character itself when it has none."""
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


_ASCII_WORD = re.compile(r"\w+", re.ASCII)


@functools.lru_cache(maxsize=256)
def searchable(text: str) -> tuple[str, tuple[int, ...]]:
    """`text` normalised for name matching (case folded, accents dropped, punctuation as
    spaces, runs of spaces as one) and, for each character of the result, its offset in
    `text`. The last few are kept: reading one question asks for it several times."""
    folded = normalise(text)
    if folded.isascii():
        # Lower-casing keeps an ASCII text's length: the words are the runs of word
        # characters, each space between two stands at the first character after the first.
        words: list[str] = []
        positions: list[int] = []
        for match in _ASCII_WORD.finditer(folded):
            start, end = match.span()
            if words:
                positions.append(positions[-1] + 1)
            words.append(match.group())
            positions.extend(range(start, end))
        return " ".join(words), tuple(positions)
    out: list[str] = []
    offsets: list[int] = []
    for offset, char in enumerate(folded):
        for bare in char if char.isascii() else _unaccented(char):
            bare = " " if _PUNCTUATION.match(bare) or bare.isspace() else bare
            if bare == " " and (not out or out[-1] == " "):
                continue
            out.append(bare)
            offsets.append(offset)
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), tuple(offsets)


_NOT_WORD = re.compile(r"\W+")


def title_phrase(title: str) -> str:
    """A title as a question names it: its `phrase`, less a generic prefix ("Op-Ed: A Senate
    Divided?" -> "a senate divided", if `phrase` folds case)."""
    return _GENERIC_TITLE_PREFIX.sub("", phrase(title))


@functools.lru_cache(maxsize=65_536)
def title_key(text: str) -> str:
    """A title or a phrase as compared whole: folded, its words only, less a generic prefix
    ("Op-Ed: A Senate Divided?" and "a senate divided" are one key)."""
    return title_phrase(" ".join(re.findall(r"\w+", normalise(text).lower())))


@functools.lru_cache(maxsize=65_536)
def phrase(text: str) -> str:
    """A name in the form `searchable` matches it in: the same string `searchable` gives (every
    run of punctuation and white space one space, none at either end), made by one regular
    expression instead of a loop over characters (tens of thousands of names at a load)."""
    folded = normalise(text)
    if not folded.isascii():
        folded = "".join(map(_unaccented, folded))
    return _NOT_WORD.sub(" ", folded).strip(" ")


# A reworded title ("the letter defending Mary Poplin" for "Letter: A Defense of Mary Poplin"):
# title words compare by the first letters of their stems (defend, defens- and defender agree);
# a question names the title when it holds at least two of its words, at least this share of
# them, and one that is not part of a person's name (a name alone names the person). Values from
# attribution-dev (the two reworded-title questions) with no loss on tuning and real-dev.
_TITLE_KEY_LETTERS = 5
_TITLE_WORDS_MIN = 2
_TITLE_SHARE_MIN = 0.6


# Words that say what kind a document is ("letter", "debate", "transcript"): every document of
# that kind shares them, so they never tell one title from another.
_TITLE_KIND_WORDS = frozenset(
    default_analyser().stem(word)
    for names, _ in KIND_NAMES.values()
    for name in names
    for word in phrase(name).split()
) | frozenset({"letter", "opinion", "said", "say", "post"})
# The words of forms' names too ("newsletter", "wiki": `forms.FORM_WORDS`).
_TITLE_KIND_WORDS |= frozenset(default_analyser().stem(word) for word in FORM_WORDS.split())


@functools.lru_cache(maxsize=65_536)
def title_keys(text: str) -> tuple[tuple[str, int, int], ...]:
    """The words of `text` as title keys (stem prefixes), with their spans, kind words left out
    (a question's: a document's title keys, without spans, are `_keys`)."""
    return tuple(
        (token.stem[:_TITLE_KEY_LETTERS], token.start, token.end)
        for token in default_analyser().tokens(text)
        if token.stem not in _TITLE_KIND_WORDS and len(token.stem) > 2
    )


@dataclass(frozen=True, slots=True)
class NamedDocuments:
    """Where a question names documents: the span of the name (character offsets in the
    question), the documents it names, each with the voice the name asks for (None: any), and
    their ids (`doc_ids`: one object a name, kept with the table, so a kind name's thousands of
    ids are not gathered into a new set at each question)."""

    start: int
    end: int
    rows: Sequence[tuple[str, Voice | None]]
    doc_ids: frozenset[str]

    @classmethod
    def of_rows(
        cls, start: int, end: int, rows: Iterable[tuple[str, Voice | None]]
    ) -> NamedDocuments:
        """The documents `rows` name at [start, end), their ids gathered from the rows."""
        held = tuple(rows)
        return cls(start, end, held, frozenset(doc_id for doc_id, _ in held))


@dataclass(frozen=True, slots=True)
class NamedPerson:
    """A person a question names: their name, and where in the question (character offsets)."""

    name: str
    start: int
    end: int


# A passage's voice.
_VOICE = operator.attrgetter("voice")

# (a name, a voice) rows, each kept once (see `DocumentNames.of`).
_Pairs = dict[tuple[str, Voice | None], tuple[str, Voice | None]]


@dataclass(frozen=True, slots=True, eq=False)
class DocumentNames:
    """What one document gives a `NameTable`, kept so that a table over a changed corpus reads
    again only the documents that changed (`NameTable(documents, known)`): its names as
    (phrase, voice) rows, its people with the speaker string of their own words (None where
    they do not speak), and its title keys with those that are words of a person's name (None
    when the title has too few words to be named in other words)."""

    document: Document
    names: tuple[tuple[str, Voice | None], ...]
    people: tuple[tuple[Person, str | None], ...]
    title: tuple[frozenset[str], frozenset[str]] | None

    @classmethod
    def of(cls, doc: Document, pairs: _Pairs | None = None) -> DocumentNames:
        """The names, people and title keys of `doc`; its (name, voice) rows taken from `pairs`
        where an equal one is there already (one tuple for "the article" of 5,000 documents).

        What depends on one metadata value only (a kind's names, an author's name and person,
        a publisher's names, the name keys of a person) is made once for each value
        (`_kind_rows`, `_author`, `_publisher_names`, `_name_keys`): 400 authors and 40
        publishers write the 5,000 documents of the 100k-passage synthetic corpus."""
        pairs = {} if pairs is None else pairs
        meta = doc.meta
        rows: list[tuple[str, Voice | None]] = []
        # Written by hand: "the reply" asks for the reply's own words, its author's voice; a
        # debate's names ("the internet debate") ask for the debate, whoever speaks in it.
        if meta.aliases:
            alias_voice = None if meta.kind is Kind.DEBATE else Voice.AUTHOR
            rows.extend((name, alias_voice) for name in map(phrase, meta.aliases) if name)
        if meta.author_aliases:
            rows.extend((name, Voice.AUTHOR) for name in map(phrase, meta.author_aliases) if name)
        if meta.publisher_aliases:
            rows.extend(
                (name, Voice.PUBLISHER) for name in map(phrase, meta.publisher_aliases) if name
            )
        # From what is known of any document.
        rows.extend(_kind_rows(meta.kind))
        if meta.form is not None:
            rows.extend(_form_rows(meta.form))
        rows.extend((name, None) for name in _title_names(meta.title))
        author_name, author_person = _author(meta.author)
        if author_name:
            rows.append((author_name, Voice.AUTHOR))
        if meta.publisher:
            rows.extend((name, None) for name in _publisher_names(meta.publisher))
        names = tuple([pairs.setdefault(row, row) for row in rows])
        keys = _keys(meta.title)
        title = None
        if len(keys) >= _TITLE_WORDS_MIN:
            # Title keys that are words of a person's name (one in the title, its author, or
            # someone it reports or gives a turn): the keys of each name apart, as the words
            # of names joined by spaces are those of each name.
            person_keys = frozenset().union(
                *map(_name_keys, candidate_names([meta.title])),
                *(_name_keys(person.name) for person in meta.mentions),
                _name_keys(meta.author),
            )
            title = (keys, person_keys)
        people: list[tuple[Person, str | None]] = []
        if author_person is not None:
            people.append((author_person, meta.author))
        if meta.mentions:
            # Most documents give no one a turn: their passages' voices are scanned in C
            # (`_VOICE`) before any label is gathered (0.15 s to 0.06 s at 1M passages).
            labels = (
                sorted({p.speaker for p in doc.passages if p.voice is Voice.SPEAKER})
                if Voice.SPEAKER in map(_VOICE, doc.passages)
                else []
            )
            people.extend((person, _label(person, labels)) for person in meta.mentions)
        return cls(doc, names, tuple(people), title)


class NamesRead:
    """The names of documents read as a load makes them (`add`: see `Store.load`'s
    `prepare`), for the `NameTable` of the engine built from that load (`parts`, its
    `known`): read while the database reads the next documents, not after the load (0.5 s of a
    100k-passage start, the name table's most)."""

    def __init__(self) -> None:
        self.parts: dict[str, DocumentNames] = {}
        self._pairs: _Pairs = {}

    def add(self, documents: Iterable[Document]) -> None:
        """Read these documents' names (`DocumentNames.of`); one call at a time."""
        for doc in documents:
            self.parts[doc.id] = DocumentNames.of(doc, self._pairs)


class NameTable:
    """The names of a set of documents and of the people in them (see the module docstring).

    `known` holds what documents gave a table before (`parts` of a table over the corpus
    before a change): a document that is the same object is not read again.
    """

    def __init__(
        self, documents: Iterable[Document], known: Mapping[str, DocumentNames] | None = None
    ) -> None:
        documents = list(documents)
        # Equal (name, voice) rows share one tuple, and so do equal (document, voice) rows
        # (`rows_of` below): 136k rows at 100k passages were 8 MB as tuples of their own.
        pairs: _Pairs = {}
        # What each document gives, in document order. Each value built here is put in place
        # whole once made (the warming may read a table from another thread).
        given: dict[str, DocumentNames] = {}
        for doc in documents:
            part = known.get(doc.id) if known is not None else None
            given[doc.id] = (
                part if part is not None and part.document is doc else DocumentNames.of(doc, pairs)
            )
        self.parts = given
        parts = list(given.values())
        # A name -> its (document, voice) rows in order, without repeats. A document's rows are
        # its own (a document id is one part's), so only a name it gives twice with one voice
        # repeats a row: those are dropped within the part. Equal (document, voice) rows share
        # one tuple (`rows_of`).
        named: dict[str, list[tuple[str, Voice | None]]] = {}
        for part in parts:
            doc_id = part.document.id
            rows_of: dict[Voice | None, tuple[str, Voice | None]] = {}
            for name, voice in dict.fromkeys(part.names):
                pair = rows_of.get(voice)
                if pair is None:
                    pair = rows_of[voice] = (doc_id, voice)
                held = named.get(name)
                if held is None:
                    named[name] = [pair]
                else:
                    held.append(pair)
        self._documents = named
        # A name's documents' ids, made the first time a question uses it; equal sets are one
        # object (`_id_sets`: "the article" and "the articles" name the same thousands), which
        # is also the key of their mask (`Collection.document_mask`).
        self._named: dict[str, frozenset[str]] = {}
        self._id_sets: dict[frozenset[str], frozenset[str]] = {}
        people: dict[str, list[str]] = {}
        # A person -> the speaker string of their own words (a transcript label, a signer, or a
        # document's author), where they speak in these documents.
        speakers: dict[str, str] = {}
        # People already read: an equal person adds no name again (400 authors and 300 people
        # reported make the 100,000 people of the 1M-passage synthetic corpus).
        read: set[tuple[str, tuple[str, ...]]] = set()
        for part in parts:
            for person, speaks_as in part.people:
                if speaks_as is not None:
                    speakers.setdefault(person.name, speaks_as)
                seen = (person.name, person.aliases)
                if seen in read:
                    continue
                read.add(seen)
                for name in (person.name, *person.aliases):
                    key = phrase(name)
                    if key and person.name not in people.setdefault(key, []):
                        people[key].append(person.name)
        self._people = people
        self.speakers = speakers
        self.has_debates = any(doc.meta.kind is Kind.DEBATE for doc in documents)
        # Each document's title keys, and those that are words of a person's name.
        self.titles: list[tuple[str, frozenset[str], frozenset[str]]] = [
            (part.document.id, *part.title) for part in parts if part.title is not None
        ]
        # Title key -> the rows of `titles` holding it, and document -> its rows: a question is
        # compared with the titles that share its words, not with every title.
        titles_with: dict[str, list[int]] = {}
        titles_of: dict[str, list[int]] = {}
        for row, (doc_id, keys, _) in enumerate(self.titles):
            titles_of.setdefault(doc_id, []).append(row)
            for key in keys:
                titles_with.setdefault(key, []).append(row)
        self.titles_with = titles_with
        self.titles_of = titles_of
        self._automaton: ahocorasick.Automaton | None = None
        phrases = set(self._documents) | set(self._people)
        if phrases:
            automaton = ahocorasick.Automaton()
            for name in phrases:
                automaton.add_word(name, name)
            automaton.make_automaton()
            self._automaton = automaton

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """Every whole-word occurrence of a name in `text` (a `searchable` string), as
        (start, end, phrase), overlapping ones included."""
        if self._automaton is None:
            return []
        found = []
        for last, name in self._automaton.iter(text):
            start, end = last + 1 - len(name), last + 1
            if (start == 0 or text[start - 1] == " ") and (end == len(text) or text[end] == " "):
                found.append((start, end, name))
        return found

    def documents_called(self, name: str) -> list[tuple[str, Voice | None]]:
        return self._documents.get(name, [])

    def named_by(self, name: str) -> tuple[Sequence[tuple[str, Voice | None]], frozenset[str]]:
        """`documents_called(name)` (the table's own list, no repeats: see `__init__`; not to
        be changed) and the ids of its documents, made once a name and kept, one object for
        equal sets (a table is not changed once built, so two threads making one at once make
        equal ones)."""
        rows = self.documents_called(name)
        ids = self._named.get(name)
        if ids is None:
            made = frozenset(doc_id for doc_id, _ in rows)
            ids = self._named[name] = self._id_sets.setdefault(made, made)
        return rows, ids

    def people_called(self, name: str) -> list[str]:
        return self._people.get(name, [])


class ScopeNames:
    """The names one scope's questions can use: the shared table's and the scope's own, and
    which document each reply of the scope answers (`replies.responses`)."""

    def __init__(
        self,
        tables: Sequence[NameTable],
        answered: dict[str, str] | Callable[[], dict[str, str]] | None = None,
    ) -> None:
        self._tables = tables
        # Which document each reply answers, or how to find it out (`replies.responses` of the
        # scope's documents: 1-2 s at 1M passages), done when a question first needs it: one
        # that names a document or says "the reply".
        self._answered = answered or {}
        # Held while it is found out: a question that needs it while the warming
        # (`AnswerEngine.warm`) finds it out waits for that rather than doing it again beside it
        # (a question asked as the warming began took 0.4-0.5 s at 100k passages doing it too,
        # 0.17 s waiting).
        self._finding = threading.Lock()
        self.speakers: dict[str, str] = {}
        for table in tables:
            self.speakers.update(table.speakers)
        self.has_debates = any(table.has_debates for table in tables)

    @property
    def answered(self) -> dict[str, str]:
        """Reply id -> the id of the document it answers (see `replies.responses`), found on first
        use."""
        answered = self._answered
        if callable(answered):
            with self._finding:
                answered = self._answered
                if callable(answered):
                    answered = self._answered = answered()
        return answered

    def named_documents(self, question: str) -> list[NamedDocuments]:
        """The documents `question` names, longest names first; a shorter name inside a longer
        one is part of it ("the reply" in "the traders' reply"), and the same words may name
        several documents ("the reply"): they are kept together."""
        text, offsets = searchable(question)
        found: list[tuple[int, int, NameTable, str]] = []
        for table in self._tables:
            for start, end, name in table.occurrences(text):
                if table.documents_called(name):
                    found.append((start, end, table, name))
        # A form's name ("the newsletter") no document of the scope has the form of names the
        # documents of its kind (`forms`).
        for start, end, form in form_names_in(text):
            if form in FORM_KINDS and not any((s, e) == (start, end) for s, e, _, _ in found):
                kind_name = _kind_rows(FORM_KINDS[form])[0][0]
                for table in self._tables:
                    if table.documents_called(kind_name):
                        found.append((start, end, table, kind_name))
        found.sort(key=lambda item: (item[0] - item[1], item[0]))
        # Each span's names, in order: one name's rows are the table's own, kept with their ids
        # (`NameTable.named_by`); several names' are joined in order without repeats (a kind
        # name such as "the article" may name thousands of documents).
        named: dict[tuple[int, int], list[tuple[NameTable, str]]] = {}
        for start, end, table, name in found:
            if any(s <= start < e for s, e in named if (s, e) != (start, end)):
                continue
            named.setdefault((start, end), []).append((table, name))
        exact = []
        for (s, e), names in named.items():
            start, end = offsets[s], offsets[e - 1] + 1
            if len(names) == 1:
                table, name = names[0]
                exact.append(NamedDocuments(start, end, *table.named_by(name)))
            else:
                rows = dict.fromkeys(
                    row for table, name in names for row in table.documents_called(name)
                )
                exact.append(NamedDocuments.of_rows(start, end, rows))
        return exact + self._reworded_titles(question, exact)

    def _reworded_titles(
        self, question: str, exact: Sequence[NamedDocuments]
    ) -> list[NamedDocuments]:
        """Documents whose title the question names in other words (see `title_keys`): only
        the best match, when it is one document."""
        words = title_keys(question)
        asked = {key for key, _, _ in words}
        # Words that name a document already named ("Toll the Bridge") name no other one. Read
        # only when a title shares enough words ("the article" names every article: 1.6 ms of
        # a question at 100k passages to collect their titles' keys).
        taken: list[frozenset[str]] | None = None
        best: list[tuple[str, frozenset[str]]] = []
        most = 0
        for table in self._tables:
            shares: dict[int, int] = {}
            for key in asked:
                for row in table.titles_with.get(key, ()):
                    shares[row] = shares.get(row, 0) + 1
            # Only titles sharing enough words can pass; in the order of the titles, as a scan
            # of every title would meet them.
            for row in sorted(r for r, count in shares.items() if count >= _TITLE_WORDS_MIN):
                doc_id, keys, person_keys = table.titles[row]
                shared = keys & asked
                if taken is None:
                    taken = [
                        held.titles[taken_row][1]
                        for held in self._tables
                        for found in exact
                        for named_id in found.doc_ids
                        for taken_row in held.titles_of.get(named_id, ())
                    ]
                if (
                    any(doc_id in found.doc_ids for found in exact)
                    or any(shared <= other for other in taken)
                    or len(shared) < _TITLE_WORDS_MIN
                    or len(shared) < _TITLE_SHARE_MIN * len(keys)
                    or not shared - person_keys
                ):
                    continue
                if len(shared) > most:
                    best, most = [], len(shared)
                if len(shared) == most:
                    best.append((doc_id, shared - person_keys))
        if len(best) != 1:
            return []
        # An empty span: the reworded words still search (a paraphrase says what it is about).
        doc_id, keys = best[0]
        start = next(start for key, start, _ in words if key in keys)
        return [NamedDocuments.of_rows(start, start, ((doc_id, None),))]

    def named_people(self, question: str) -> list[NamedPerson]:
        """The people `question` names, in the order it names them (the longest name where
        several overlap)."""
        text, offsets = searchable(question)
        found: list[tuple[int, int, str]] = []
        for table in self._tables:
            for start, end, name in table.occurrences(text):
                found.extend((start, end, person) for person in table.people_called(name))
        found.sort(key=lambda item: (item[0], item[0] - item[1], item[2]))
        people: dict[str, NamedPerson] = {}
        taken: list[tuple[int, int]] = []
        for start, end, person in found:
            if person in people or any(s <= start < e and (s, e) != (start, end) for s, e in taken):
                continue
            people[person] = NamedPerson(person, offsets[start], offsets[end - 1] + 1)
            taken.append((start, end))
        return list(people.values())


@functools.cache
def _kind_rows(kind: Kind) -> tuple[tuple[str, Voice | None], ...]:
    """The (phrase, voice) rows of what people call a document of `kind` (`KIND_NAMES`)."""
    kind_names, kind_voice = KIND_NAMES.get(kind, ((), None))
    return tuple((name, kind_voice) for name in map(phrase, with_this(kind_names)) if name)


@functools.cache
def _form_rows(form: Form) -> tuple[tuple[str, Voice | None], ...]:
    """The (phrase, voice) rows of what people call a document of `form` (`FORM_NAMES`)."""
    return tuple((name, None) for name in map(phrase, with_this(FORM_NAMES[form])) if name)


@functools.lru_cache(maxsize=16_384)
def _author(author: str) -> tuple[str, Person | None]:
    """An author string's name as a phrase ("" for none) and the person it names with their
    aliases (None for no one), made once for each author: one `Person` for all the documents
    of an author (equal, frozen)."""
    if not author or author.casefold().startswith(("unknown", "staff")):
        return "", None
    name = canonical(author)
    return phrase(name), Person(name=name, aliases=person_aliases(name))


def _title_names(title: str) -> list[str]:
    """A title, and its parts around a colon, when they are at least two words."""
    whole = title_phrase(title)
    names = [whole]
    parts = _TITLE_PARTS.split(title)
    # One part is the whole title, named already.
    for part in parts if len(parts) > 1 else ():
        name = _GENERIC_TITLE_PREFIX.sub("", phrase(part))
        if len(name.split()) >= 2:
            names.append(name)
    for part in _QUOTED.findall(title):
        name = phrase(part)
        if len(name.split()) >= 2:
            names.append(name)
    return [n for n in dict.fromkeys(names) if len(n.split()) >= 2]


_TITLE_PARTS = re.compile(r"[:\u2014\u2013|]")
_QUOTED = re.compile(r"['\u2018\u201c\"]([^'\u2019\u201d\"]{6,})['\u2019\u201d\"]")


def _keys(text: str) -> frozenset[str]:
    """The title keys of `text`: those of `title_keys`, from the analyser's terms (the stems of
    its tokens) without making a token for each word."""
    return frozenset(
        [
            term[:_TITLE_KEY_LETTERS]
            for term in default_analyser().terms(text)
            if len(term) > 2 and term not in _TITLE_KIND_WORDS
        ]
    )


@functools.lru_cache(maxsize=16_384)
def _name_keys(name: str) -> frozenset[str]:
    """The title keys of a person's name (`_keys`), made once for each name: authors and the
    people documents report recur across thousands of documents."""
    return _keys(name)


@functools.lru_cache(maxsize=4_096)
def _publisher_names(publisher: str) -> tuple[str, ...]:
    """ "The Reed College Quest" -> "the reed college quest", "reed college quest", "the quest"
    (made once for each publisher: 40 publish the 100k-passage synthetic corpus)."""
    whole = phrase(publisher)
    names = [whole]
    if whole.startswith("the "):
        names.append(whole[4:])
        if len(whole.split()) > 2:
            names.append(f"the {whole.split()[-1]}")
    return tuple(n for n in dict.fromkeys(names) if len(n) > 2)


def _label(person: Person, labels: Sequence[str]) -> str | None:
    """The first of a document's speaker `labels` (sorted) that is `person` speaking: one of
    their names, with or without "the", or a label holding their name; None for none."""
    if not labels:
        return None
    names = {phrase(n) for n in (person.name, *person.aliases)}
    names |= {n.removeprefix("the ") for n in names}
    return next(
        (
            label
            for label in labels
            if phrase(label) in names or phrase(person.name) in phrase(label)
        ),
        None,
    )
