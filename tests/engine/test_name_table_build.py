"""`NameTable`'s build against the plain one it replaced: the same table, attribute for attribute.

The reference below is the build as it was before it was made faster (each document's names
read through the analyser's tokens, nothing cached per author or publisher, every row of every
name gathered through one dict): the faster build must give the same parts, the same names in
the same order, the same people, speakers and titles, and the same automaton words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus_gen import generate
from bot.engine.formats.article import read_article
from bot.engine.forms import FORM_NAMES, with_this
from bot.engine.models import Document, DocumentMeta, Kind, Person, Voice
from bot.engine.names import (
    _GENERIC_TITLE_PREFIX,
    _TITLE_KEY_LETTERS,
    _TITLE_KIND_WORDS,
    _TITLE_WORDS_MIN,
    KIND_NAMES,
    DocumentNames,
    NameTable,
    phrase,
)
from bot.engine.people import aliases as person_aliases
from bot.engine.people import candidate_names, canonical
from bot.engine.text import default_analyser
from tests.conftest import BUNDLED, FIXTURES, written_article

# --- The reference: the build as it was -------------------------------------------------------


def _title_keys(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (token.stem[:_TITLE_KEY_LETTERS], token.start, token.end)
        for token in default_analyser().tokens(text)
        if token.stem not in _TITLE_KIND_WORDS and len(token.stem) > 2
    )


def _document_names(metas: Iterable[DocumentMeta]) -> list[tuple[str, str, Voice | None]]:
    table: list[tuple[str, str, Voice | None]] = []
    for meta in metas:
        alias_voice = None if meta.kind is Kind.DEBATE else Voice.AUTHOR
        table.extend((phrase(alias), meta.id, alias_voice) for alias in meta.aliases)
        table.extend((phrase(alias), meta.id, Voice.AUTHOR) for alias in meta.author_aliases)
        table.extend((phrase(alias), meta.id, Voice.PUBLISHER) for alias in meta.publisher_aliases)
        kind_names, kind_voice = KIND_NAMES.get(meta.kind, ((), None))
        table.extend((phrase(name), meta.id, kind_voice) for name in with_this(kind_names))
        if meta.form is not None:
            form_names = with_this(FORM_NAMES[meta.form])
            table.extend((phrase(name), meta.id, None) for name in form_names)
        table.extend((name, meta.id, None) for name in _title_names(meta.title))
        if meta.author and not meta.author.casefold().startswith(("unknown", "staff")):
            table.append((phrase(canonical(meta.author)), meta.id, Voice.AUTHOR))
        if meta.publisher:
            table.extend((name, meta.id, None) for name in _publisher_names(meta.publisher))
    return [row for row in table if row[0]]


def _title_names(title: str) -> list[str]:
    whole = _GENERIC_TITLE_PREFIX.sub("", phrase(title))
    names = [whole]
    for part in re.split(r"[:\u2014\u2013|]", title):
        name = _GENERIC_TITLE_PREFIX.sub("", phrase(part))
        if len(name.split()) >= 2:
            names.append(name)
    for part in re.findall(r"['\u2018\u201c\"]([^'\u2019\u201d\"]{6,})['\u2019\u201d\"]", title):
        if len(phrase(part).split()) >= 2:
            names.append(phrase(part))
    return [n for n in dict.fromkeys(names) if len(n.split()) >= 2]


def _publisher_names(publisher: str) -> list[str]:
    whole = phrase(publisher)
    names = [whole]
    if whole.startswith("the "):
        names.append(whole[4:])
        if len(whole.split()) > 2:
            names.append(f"the {whole.split()[-1]}")
    return [n for n in dict.fromkeys(names) if len(n) > 2]


def _people(documents: Sequence[Document]) -> list[tuple[Person, str | None]]:
    found: list[tuple[Person, str | None]] = []
    for doc in documents:
        author = doc.meta.author
        if author and not author.casefold().startswith(("unknown", "staff")):
            name = canonical(author)
            found.append((Person(name=name, aliases=person_aliases(name)), author))
        labels = {p.speaker for p in doc.passages if p.voice is Voice.SPEAKER}
        for person in doc.meta.mentions:
            names = {phrase(n) for n in (person.name, *person.aliases)}
            names |= {n.removeprefix("the ") for n in names}
            label = next(
                (
                    label
                    for label in sorted(labels)
                    if phrase(label) in names or phrase(person.name) in phrase(label)
                ),
                None,
            )
            found.append((person, label))
    return found


def reference_part(
    doc: Document,
) -> tuple[
    tuple[tuple[str, Voice | None], ...],
    tuple[tuple[Person, str | None], ...],
    tuple[frozenset[str], frozenset[str]] | None,
]:
    """What `DocumentNames.of(doc)` gave: (names, people, title)."""
    names = tuple((name, voice) for name, _, voice in _document_names([doc.meta]))
    keys = frozenset(key for key, _, _ in _title_keys(doc.meta.title))
    title = None
    if len(keys) >= _TITLE_WORDS_MIN:
        known = [p.name for p in doc.meta.mentions] + [doc.meta.author]
        people = " ".join([*candidate_names([doc.meta.title]), *known])
        title = (keys, frozenset(key for key, _, _ in _title_keys(people)))
    return names, tuple(_people([doc])), title


def reference_table(documents: Sequence[Document]) -> dict[str, Any]:
    """The public attributes (and the name and people maps) `NameTable(documents)` had."""
    parts = {doc.id: (doc, *reference_part(doc)) for doc in documents}
    gathered: dict[str, dict[tuple[str, Voice | None], None]] = {}
    for doc, names, _, _ in parts.values():
        for name, voice in names:
            gathered.setdefault(name, {})[(doc.id, voice)] = None
    people: dict[str, list[str]] = {}
    speakers: dict[str, str] = {}
    for _, _, found, _ in parts.values():
        for person, speaks_as in found:
            for name in (person.name, *person.aliases):
                key = phrase(name)
                if key and person.name not in people.setdefault(key, []):
                    people[key].append(person.name)
            if speaks_as is not None:
                speakers.setdefault(person.name, speaks_as)
    titles = [(doc.id, *title) for doc, _, _, title in parts.values() if title is not None]
    titles_with: dict[str, list[int]] = {}
    titles_of: dict[str, list[int]] = {}
    for row, (doc_id, keys, _) in enumerate(titles):
        titles_of.setdefault(doc_id, []).append(row)
        for key in keys:
            titles_with.setdefault(key, []).append(row)
    return {
        "parts": {doc_id: part[1:] for doc_id, part in parts.items()},
        "documents": {name: list(rows) for name, rows in gathered.items()},
        "people": people,
        "speakers": speakers,
        "has_debates": any(doc.meta.kind is Kind.DEBATE for doc in documents),
        "titles": titles,
        "titles_with": titles_with,
        "titles_of": titles_of,
        "words": sorted(set(gathered) | set(people)),
    }


def table_as_built(table: NameTable) -> dict[str, Any]:
    """The same attributes of a built table, dict order kept (a dict compares without it: the
    items are compared as lists)."""
    automaton = table._automaton
    return {
        "parts": {
            doc_id: (part.names, part.people, part.title) for doc_id, part in table.parts.items()
        },
        "documents": table._documents,
        "people": table._people,
        "speakers": table.speakers,
        "has_debates": table.has_debates,
        "titles": table.titles,
        "titles_with": table.titles_with,
        "titles_of": table.titles_of,
        "words": sorted(automaton.keys()) if automaton is not None else [],
    }


def assert_same_table(documents: Sequence[Document]) -> None:
    built = table_as_built(NameTable(documents))
    expected = reference_table(documents)
    assert built.keys() == expected.keys()
    for field, value in expected.items():
        assert built[field] == value, field
        if isinstance(value, dict):
            # In the same order too.
            assert list(built[field].items()) == list(value.items()), field
    for doc in documents:
        assert built["parts"][doc.id][0] == tuple(
            (name, voice) for name, voice in expected["parts"][doc.id][0]
        )


# --- The documents ---------------------------------------------------------------------------


def _written() -> list[Document]:
    """Documents written to reach every path of the build: titles with colons, dashes, quotes
    and generic prefixes; authors with honorifics, unknown and staff authors; publishers with
    and without "The"; aliases of each kind; people with and without turns."""
    return [
        written_article(
            "op-ed",
            "The harbour should close. Mayor Alice Quill said so.",
            title="Op-Ed: A Senate Divided? \u2014 'The Harbour at Night'",
            author="Rep. James Clyburn",
            publisher="The Reed College Quest",
            kind="op-ed",
        ),
        written_article(
            "reply",
            "We disagree with Clyburn.",
            title="Letter: A response to \u201cA Senate Divided?\u201d | Letters",
            author="Unknown",
            publisher="Quest",
            kind="reply",
        ),
        written_article(
            "staff",
            "Ferries are late, said Mary Poplin.",
            title="Ferries late",
            author="Staff writer",
            kind="report",
        ),
        written_article(
            "speech",
            "Thank you all.",
            title="Barack H Obama: Remarks on the Economy",
            author="Barack H Obama",
            kind="speech",
        ),
        _with_meta(written_article("bare", "Nothing.", title="X", kind="article"), author=""),
        written_article(
            "punct", "Text.", title="!!! ??? ...", author="?!", publisher="!!", kind="letter"
        ),
    ]


def _with_meta(doc: Document, **changes: object) -> Document:
    """`doc` with some of its metadata changed (one a file cannot give: an empty author)."""
    return doc.replaced(meta=doc.meta.model_copy(update=changes))


def _documents() -> list[Document]:
    bundled = [read_article(path) for path in sorted(BUNDLED.glob("*.md"))]
    fixtures = [read_article(path) for path in sorted(Path(FIXTURES).glob("*.md"))]
    return [*bundled, *fixtures, *_written(), *generate(2000, queries=5).documents]


def test_the_table_is_the_one_the_plain_build_gave() -> None:
    documents = _documents()
    assert any(doc.meta.mentions for doc in documents)
    assert any(doc.meta.kind is Kind.DEBATE for doc in documents)
    assert_same_table(documents)


def test_a_part_is_the_one_the_plain_build_gave_and_a_table_of_parts_known_the_same() -> None:
    documents = _documents()
    for doc in documents:
        part = DocumentNames.of(doc)
        assert (part.names, part.people, part.title) == reference_part(doc), doc.id
    first = NameTable(documents)
    again = NameTable(documents, first.parts)
    assert table_as_built(again) == table_as_built(first)
    assert all(again.parts[doc_id] is part for doc_id, part in first.parts.items())


def test_equal_rows_and_people_share_one_object() -> None:
    """Memory: "the article" of every article is one tuple, and so is each (document, voice)
    row across the names of a document; an author's documents share one `Person`."""
    documents = generate(2000, queries=5).documents
    table = NameTable(documents)
    parts = list(table.parts.values())
    for name in {name for part in parts for name, _ in part.names}:
        rows = [row for part in parts for row in part.names if row[0] == name]
        assert len({id(row) for row in rows}) == len(set(rows))
    for rows in table._documents.values():
        for row in rows:
            same = [r for named in table._documents.values() for r in named if r == row]
            assert all(r is row for r in same)
        break
    by_author: dict[str, set[int]] = {}
    for part in parts:
        for person, speaks_as in part.people:
            if speaks_as == part.document.meta.author:
                by_author.setdefault(person.name, set()).add(id(person))
    assert by_author and all(len(ids) == 1 for ids in by_author.values())


_WORDS = st.sampled_from(
    [
        "Op-Ed",
        "Letter",
        "letters",
        "Opinion",
        "the",
        "The",
        "Senate",
        "Divided?",
        "reply",
        "response to",
        "Mary",
        "Poplin",
        "Rep.",
        "Dr.",
        "U.S.",
        "Pompeo's",
        "caf\u00e9",
        "\ufb01re",
        "dan\u00adgerous",
        ":",
        "\u2014",
        "|",
        "'",
        "\u201c",
        "\u201d",
        '"',
        "Quill",
        "Walter A. Reed",
        "Staff",
        "unknown",
        "debate",
        "transcript",
        "Jr.",
        "1,500",
        "",
    ]
)
_TEXTS = st.one_of(
    st.lists(_WORDS, max_size=8).map(" ".join),
    st.lists(_WORDS, max_size=8).map("".join),
    st.text(max_size=30),
)
_PEOPLE = st.builds(Person, name=_TEXTS, aliases=st.lists(_TEXTS, max_size=3).map(tuple))


@settings(max_examples=300, deadline=None)
@given(
    title=_TEXTS,
    author=_TEXTS,
    publisher=st.none() | _TEXTS,
    kind=st.sampled_from(list(Kind)),
    aliases=st.lists(_TEXTS, max_size=3).map(tuple),
    author_aliases=st.lists(_TEXTS, max_size=2).map(tuple),
    publisher_aliases=st.lists(_TEXTS, max_size=2).map(tuple),
    mentions=st.lists(_PEOPLE, max_size=3).map(tuple),
)
def test_any_metadata_gives_the_part_the_plain_build_gave(
    title: str,
    author: str,
    publisher: str | None,
    kind: Kind,
    aliases: tuple[str, ...],
    author_aliases: tuple[str, ...],
    publisher_aliases: tuple[str, ...],
    mentions: tuple[Person, ...],
) -> None:
    meta = DocumentMeta(
        id="doc",
        title=title,
        author=author,
        publisher=publisher,
        date=dt.date(2025, 1, 1),
        kind=kind,
        aliases=aliases,
        author_aliases=author_aliases,
        publisher_aliases=publisher_aliases,
        mentions=mentions,
    )
    doc = Document(meta, "", "hash", "doc.md", ())
    part = DocumentNames.of(doc)
    assert (part.names, part.people, part.title) == reference_part(doc)
    assert_same_table([doc, _with_meta(doc, id="other")])


@pytest.mark.parametrize(
    "speakers",
    [("Mary Poplin",), ("MS. POPLIN", "Alice Quill, host"), ("The Moderator", "poplin"), ()],
)
def test_a_person_who_speaks_has_the_label_the_plain_build_gave(speakers: tuple[str, ...]) -> None:
    written = written_article(
        "transcript",
        "\n\n".join(["I think the harbour should close.", "It should not.", "Thank you."]),
        title="Harbour debate transcript",
        author="Ann Lee",
        kind="transcript",
    )
    mentions = (Person(name="Mary Poplin", aliases=("Poplin",)), Person(name="Alice Quill"))
    passages = (
        tuple(
            passage.replaced(voice=Voice.SPEAKER, speaker=speaker)
            for passage, speaker in zip(written.passages, speakers, strict=False)
        )
        + written.passages[len(speakers) :]
    )
    doc = _with_meta(written, mentions=mentions).replaced(passages=passages)
    part = DocumentNames.of(doc)
    assert (part.names, part.people, part.title) == reference_part(doc)
    if speakers:
        assert any(label is not None for _, label in part.people[1:])
    assert_same_table([doc])
