"""A change made through the Library is applied to the engine in memory (`AnswerEngine.changed`)
instead of reloading the whole corpus: the result must be the engine a full load of the same
database builds, down to the index's arrays and every score."""

from __future__ import annotations

import gc
import logging
import shutil
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.arrays import IndexArrays
from bot.engine.formats.upload import UploadDetails
from bot.engine.index import PassageIndex
from bot.engine.names import ScopeNames
from bot.library import Library
from bot.settings import Settings
from bot.store import SqliteStore
from tests.conftest import BUNDLED, FIXTURES, SEED_ID, make_settings

CLUB = "333333333333333333"
QUESTIONS = [
    "what evidence does the reply cite?",
    "what does the councillor say about the ring road?",
    "how many parking spaces would the park-and-ride offer?",
    "what will restoring the lighthouse cost?",
    "who wrote the reply?",
]
NOTICE = (
    "The harbour trust voted on Tuesday to restore the old lighthouse at Gull Point.\n\n"
    "Restoration will cost 140,000 pounds, according to the trust's surveyor.\n"
)


def assert_same_arrays(ours: IndexArrays, theirs: IndexArrays) -> None:
    ours, theirs = ours.unpacked(), theirs.unpacked()  # the store keeps the term ids packed
    assert ours.vocabulary == theirs.vocabulary
    for name in IndexArrays.ARRAYS:
        assert np.array_equal(getattr(ours, name), getattr(theirs, name)), name


def assert_same_engine(changed: AnswerEngine, loaded: AnswerEngine) -> None:
    assert list(changed.collection.documents) == list(loaded.collection.documents)
    assert changed.collection.passages == loaded.collection.passages
    assert changed.collection.scopes == loaded.collection.scopes
    assert_same_arrays(changed.collection.index.arrays(), loaded.collection.index.arrays())
    vocabulary = loaded.collection.index.arrays().vocabulary
    assert [changed.collection.index.idf(t) for t in vocabulary] == [
        loaded.collection.index.idf(t) for t in vocabulary
    ]
    for scope in ("", CLUB):
        assert_same_names(changed.reader.names(scope), loaded.reader.names(scope))
        for question in QUESTIONS:
            a, b = changed.answer(question, scope=scope), loaded.answer(question, scope=scope)
            assert [(q.passage_id, q.text, q.score, q.attribution) for q in a.quotes] == [
                (q.passage_id, q.text, q.score, q.attribution) for q in b.quotes
            ]
            for quote in a.quotes:
                passage = changed.collection.passage_by_id[quote.passage_id]
                assert changed.collection.sentence_tags(passage) == loaded.collection.sentence_tags(
                    passage
                )


def assert_same_names(ours: ScopeNames, theirs: ScopeNames) -> None:
    """The names a changed engine reads questions with (partly kept from the engine before
    the change) are those a full load makes."""
    assert ours.answered == theirs.answered and ours.speakers == theirs.speakers
    for mine, built in zip(ours._tables, theirs._tables, strict=True):
        assert list(mine.parts) == list(built.parts)
        for name in ("_documents", "_people", "speakers", "titles", "titles_with", "titles_of"):
            assert getattr(mine, name) == getattr(built, name), name
        assert mine.has_debates == built.has_debates


async def full_load(settings: Settings) -> AnswerEngine:
    """The engine built from everything the database holds, the index from the stored terms
    (not from the stored index, which the library under test wrote)."""
    store = await SqliteStore.open(settings.database_path)
    try:
        loaded = await store.load(use_index=False)
    finally:
        await store.close()
    return AnswerEngine(
        loaded.documents,
        settings.answer,
        passage_terms=loaded.passage_terms,
        scopes=loaded.scopes,
        stored_tags=loaded.tags,
    )


@dataclass
class Opened:
    library: Library
    corpus: Path  # the library's corpus folder: a copy of the bundled one
    settings: Settings


@pytest.fixture
async def opened(tmp_path: Path) -> AsyncIterator[Opened]:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    settings = make_settings(tmp_path, corpus_dir=corpus)
    library = await Library.open(settings)
    try:
        yield Opened(library, corpus, settings)
    finally:
        await library.close()


async def test_every_kind_of_change_gives_the_engine_a_full_load_gives(
    opened: Opened, caplog: pytest.LogCaptureFixture
) -> None:
    library, corpus, settings = opened.library, opened.corpus, opened.settings
    caplog.set_level(logging.INFO, logger="bot.live")
    for question in QUESTIONS:  # decoded tags in the old engine's cache must carry over
        library.engine.answer(question)

    for path in sorted(FIXTURES.glob("*.md")):  # added
        shutil.copy(path, corpus)
    assert len((await library.ingest([corpus])).added) == 3
    assert_same_engine(library.engine, await full_load(settings))

    op_ed = corpus / "car-free-centre-op-ed.md"  # updated: new words, a new passage
    op_ed.write_text(
        op_ed.read_text(encoding="utf-8")
        + "\nA quayside tramway, the councillor adds, would follow within a decade.\n",
        encoding="utf-8",
    )
    assert (await library.ingest([corpus])).updated == ["car-free-centre-op-ed"]
    assert_same_engine(library.engine, await full_load(settings))
    assert library.engine.collection.index.document_frequency("tramway") == 1

    before = library.engine
    uploaded = await library.upload(  # a server's own
        NOTICE.encode(), "notice.txt", CLUB, 7, UploadDetails(title="Gull Point light")
    )
    document = uploaded.document
    assert_same_engine(library.engine, await full_load(settings))
    # The shared documents did not change: their names are not read again.
    assert library.engine.reader._shared is before.reader._shared
    assert (await library.reindex(CLUB, 7)).documents == 1
    assert_same_engine(library.engine, await full_load(settings))

    assert await library.remove(document.id, CLUB, 7)  # removed: its words leave the index
    assert await library.remove("car-free-centre-reply")
    assert_same_engine(library.engine, await full_load(settings))
    assert library.engine.collection.index.document_frequency("lighthous") == 0
    assert "reloading it whole" not in caplog.text  # every change above was applied in memory


async def test_a_large_change_rebuilds_the_postings_and_gives_the_same_engine(
    opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change adding more passages than `SPLICE_ADDED_MAX` (and a quarter of the corpus)
    rebuilds the index's postings from the term ids instead of splicing them."""
    library, corpus, settings = opened.library, opened.corpus, opened.settings
    monkeypatch.setattr("bot.engine.collection.SPLICE_ADDED_MAX", 0)
    monkeypatch.setattr("bot.engine.collection.SPLICE_SHARE_MAX", 0.0)

    def not_spliced(*_: object) -> None:
        raise AssertionError("spliced")

    monkeypatch.setattr(PassageIndex, "spliced", not_spliced)
    for path in sorted(FIXTURES.glob("*.md")):
        shutil.copy(path, corpus)
    before = library.engine
    assert len((await library.ingest([corpus])).added) == 3
    assert_same_engine(library.engine, await full_load(settings))
    # Untouched documents' names are kept, the new ones read.
    kept, made = before.reader._shared.parts, library.engine.reader._shared.parts
    assert all(made[doc_id] is part for doc_id, part in kept.items())
    assert len(made) == len(kept) + 3


async def test_a_change_after_another_writers_takes_theirs_too(
    opened: Opened, caplog: pytest.LogCaptureFixture
) -> None:
    library, corpus, settings = opened.library, opened.corpus, opened.settings
    caplog.set_level(logging.INFO, logger="bot.live")
    # Another process rewrites a passage's terms; this library's engine does not know.
    with sqlite3.connect(settings.database_path) as other:
        other.execute("UPDATE passages SET terms = 'zanzibar' WHERE id = ?", (f"{SEED_ID}:p3",))
    shutil.copy(sorted(FIXTURES.glob("*.md"))[0], corpus)
    report = await library.ingest([corpus])
    assert report.added == ["car-free-centre-op-ed"]
    # Theirs and this write read again from the store, not the whole corpus.
    assert "2 documents changed since version" in caplog.text
    hits = library.engine.collection.index.search(["zanzibar"])
    assert [library.engine.collection.passages[hit.position].id for hit in hits] == [
        f"{SEED_ID}:p3"
    ]
    assert_same_engine(library.engine, await full_load(settings))


async def test_the_index_stored_after_a_change_is_the_changed_engines(opened: Opened) -> None:
    library, corpus, settings = opened.library, opened.corpus, opened.settings
    shutil.copy(sorted(FIXTURES.glob("*.md"))[1], corpus)
    await library.ingest([corpus])
    await library.live.index_stored()  # stored in the background after the change
    loaded = await library.store.load()
    assert loaded.index is not None  # stored, and of the current corpus version
    assert_same_arrays(loaded.index, (await full_load(settings)).collection.index.arrays())


async def test_repeated_changes_leave_no_engine_behind(tmp_path: Path) -> None:
    """Each change freezes the heap without a collection first (see `_new_engine` in
    bot/live.py): if a replaced engine were kept alive, or left cycles to freeze, the frozen
    heap would grow by an engine a change."""
    library = await Library.open(make_settings(tmp_path, max_server_documents=5))
    try:
        sizes = []
        for cycle in range(30):
            uploaded = await library.upload(
                NOTICE.encode(), "notice.txt", CLUB, 7, UploadDetails(title="Gull Point light")
            )
            document = uploaded.document
            assert (await library.ask(QUESTIONS[3], scope=CLUB)).quotes
            assert await library.remove(document.id, CLUB, 7)
            if cycle in (4, 29):
                sizes.append(gc.get_freeze_count())
    finally:
        await library.close()
    # Each engine kept alive here would add about 670 frozen objects (25 changes: 16,000); the
    # heap's own churn between two freezes is a few hundred either way.
    assert sizes[1] - sizes[0] < 1000
