"""The names a question can use: for documents and their voices, and for the people they report.

A `NameTable` holds the names of one set of documents (the shared corpus, or one server's
uploads) in one Aho-Corasick automaton (pyahocorasick), so a question is scanned once whatever
the number of names; `ScopeNames` puts the shared table and a server's own together, so a
server's questions see the names of its own corpus and never another server's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from bot.engine.evidence import reported_people
from bot.engine.models import Document, DocumentMeta, Kind, Voice
from bot.engine.text import normalise


@dataclass(frozen=True, slots=True)
class NamedDocuments:
    """Where a question names documents: the span of the name (in the normalised question),
    and the documents it names, each with the voice the name asks for (None: any)."""

    start: int
    end: int
    rows: tuple[tuple[str, Voice | None], ...]


class NameTable:
    """The names of a set of documents: aliases of each document, its author and publisher (from
    the metadata), the people each reports, and transcript speakers' labels."""

    def __init__(self, documents: Iterable[Document]) -> None:
        documents = list(documents)
        self._documents: dict[str, list[tuple[str, Voice | None]]] = {}
        for phrase, doc_id, voice in _alias_table(doc.meta for doc in documents):
            self._documents.setdefault(phrase, []).append((doc_id, voice))
        self._people: dict[str, list[str]] = {}
        for doc in documents:
            for alias, name in reported_people(doc.meta).items():
                if name not in self._people.setdefault(alias, []):
                    self._people[alias].append(name)
        self.speakers = _speakers(documents)
        self.has_debates = any(doc.meta.kind is Kind.DEBATE for doc in documents)
        self._automaton: ahocorasick.Automaton | None = None
        phrases = set(self._documents) | set(self._people)
        if phrases:
            automaton = ahocorasick.Automaton()
            for phrase in phrases:
                automaton.add_word(phrase, phrase)
            automaton.make_automaton()
            self._automaton = automaton

    def occurrences(self, folded: str) -> list[tuple[int, int, str]]:
        """Every whole-word occurrence of a name in `folded` (a normalised question), as
        (start, end, phrase), overlapping ones included."""
        if self._automaton is None:
            return []
        found = []
        for last, phrase in self._automaton.iter(folded):
            start, end = last + 1 - len(phrase), last + 1
            if (start == 0 or not _is_word(folded[start - 1])) and (
                end == len(folded) or not _is_word(folded[end])
            ):
                found.append((start, end, phrase))
        return found

    def documents_called(self, phrase: str) -> list[tuple[str, Voice | None]]:
        return self._documents.get(phrase, [])

    def people_called(self, phrase: str) -> list[str]:
        return self._people.get(phrase, [])


class ScopeNames:
    """The names one scope's questions can use: the shared table's and the scope's own."""

    def __init__(self, tables: Sequence[NameTable]) -> None:
        self._tables = tables
        self.speakers: dict[str, str] = {}
        for table in tables:
            self.speakers.update(table.speakers)
        self.has_debates = any(table.has_debates for table in tables)

    def named_documents(self, folded: str) -> list[NamedDocuments]:
        """The documents `folded` names, longest names first; a shorter name inside a longer
        one is part of it ("the reply" in "the traders' reply"), and the same words may name
        several documents ("the reply"): they are kept together."""
        found: list[tuple[int, int, list[tuple[str, Voice | None]]]] = []
        for table in self._tables:
            for start, end, phrase in table.occurrences(folded):
                rows = table.documents_called(phrase)
                if rows:
                    found.append((start, end, rows))
        found.sort(key=lambda item: (item[0] - item[1], item[0]))
        named: dict[tuple[int, int], list[tuple[str, Voice | None]]] = {}
        for start, end, rows in found:
            if any(s <= start < e for s, e in named if (s, e) != (start, end)):
                continue
            named.setdefault((start, end), []).extend(rows)
        return [NamedDocuments(s, e, tuple(rows)) for (s, e), rows in named.items()]

    def named_people(self, folded: str) -> list[str]:
        """The people `folded` names (reported by a document of the scope), the one named by the
        longest name first."""
        found: list[tuple[int, str, str]] = []
        for table in self._tables:
            for start, end, phrase in table.occurrences(folded):
                found.extend((start - end, phrase, name) for name in table.people_called(phrase))
        found.sort()
        return list(dict.fromkeys(name for _, _, name in found))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _speakers(documents: Iterable[Document]) -> dict[str, str]:
    """Full name of someone the metadata mentions -> their speaker label in a transcript."""
    speakers: dict[str, str] = {}
    for doc in documents:
        labels = {p.speaker for p in doc.passages if p.voice is Voice.SPEAKER}
        for person in doc.meta.mentions:
            names = {normalise(n).removeprefix("the ") for n in (person.name, *person.aliases)}
            for label in sorted(labels):
                folded = normalise(label)
                if folded in names or normalise(person.name) in folded:
                    speakers[person.name] = label
    return speakers


def _alias_table(metas: Iterable[DocumentMeta]) -> list[tuple[str, str, Voice | None]]:
    """(normalised phrase, document id, voice or None) for every name of every document."""
    table: list[tuple[str, str, Voice | None]] = []
    for meta in metas:
        for alias in meta.aliases:
            # "the reply" asks for the reply's own words: its author's voice.
            table.append((normalise(alias), meta.id, Voice.AUTHOR))
        for alias in meta.author_aliases:
            table.append((normalise(alias), meta.id, Voice.AUTHOR))
        for alias in meta.publisher_aliases:
            table.append((normalise(alias), meta.id, Voice.PUBLISHER))
    return [row for row in table if row[0]]
