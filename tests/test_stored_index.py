"""The search index kept in SQLite: read at a restart, dropped with any corpus change, rebuilt
when it is missing, stale or damaged, and never the reason an answer differs."""

from __future__ import annotations

import gc
import logging
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bench.oracle import reference_scores
from bot import live
from bot.engine.answer import AnswerEngine
from bot.engine.arrays import IndexArrays
from bot.engine.formats.article import read_article
from bot.engine.index import PassageIndex
from bot.engine.models import Document
from bot.library import Library
from bot.store import MIGRATIONS, SqliteStore, Store
from bot.store.records import (
    INDEX_FORMAT,
    counts_blob,
    counts_from_blob,
    decode_index,
    encode_index,
)
from tests.conftest import (
    BUNDLED,
    FIXTURES,
    SEED_ID,
    database_settings,
    make_settings,
    unpack_stored_bodies,
)
from tests.postgres import raw_rows
from tests.test_store import terms_of

QUESTIONS = [
    "what evidence does the reply cite?",
    "what did Pompeo accuse China of?",
    "how does the ambassador answer the backdoor charge?",
    "who wrote the reply?",
]


def answers_of(library: Library) -> list[list[tuple[str, str, float]]]:
    return [
        [(q.passage_id, q.text, q.score) for q in library.engine.answer(question).quotes]
        for question in QUESTIONS
    ]


async def open_library(tmp_path: Path) -> Library:
    return await Library.open(make_settings(tmp_path))


def current_snapshot(database: Path) -> bool:
    """Whether the stored index is of the corpus version the database holds (a change leaves
    the one before in place, stale: deleting it made each change write 100 MB of zeroes)."""
    with sqlite3.connect(database) as connection:
        (generation,) = connection.execute("SELECT generation FROM corpus_state").fetchone()
    row = snapshot_row(database)
    return row is not None and row[0] == int(generation)


def snapshot_row(database: Path) -> tuple[int, int] | None:
    """(generation it was built from, passages) of the stored index, if there is one."""
    with sqlite3.connect(database) as connection:
        row = connection.execute("SELECT generation, passages FROM index_snapshot").fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


async def test_a_restart_reads_the_stored_index_and_answers_the_same(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.live")
    library = await open_library(tmp_path)
    first = answers_of(library)
    built_terms = list(library.engine.collection.passage_terms)
    await library.close()
    assert "search index built" in caplog.text
    assert snapshot_row(tmp_path / "test.sqlite3") is not None

    caplog.clear()
    library = await open_library(tmp_path)
    try:
        again = answers_of(library)
        loaded = await library.store.load()
        assert loaded.index is not None and loaded.passage_terms == {}
        assert list(library.engine.collection.passage_terms) == built_terms
    finally:
        await library.close()
    assert "search index read from the store" in caplog.text
    assert again == first and all(first)
    # And the same as an engine that never saw the store.
    documents = [read_article(path) for path in sorted(BUNDLED.glob("*.md"))]
    fresh = AnswerEngine(documents)
    for question, quotes in zip(QUESTIONS, again, strict=True):
        assert [(q.passage_id, q.text, q.score) for q in fresh.answer(question).quotes] == quotes


async def test_a_corpus_change_makes_the_stored_index_stale_in_the_same_transaction(
    tmp_path: Path, seed_document: Document
) -> None:
    store = await SqliteStore.open(tmp_path / "db.sqlite3")
    try:
        await store.save_documents([(seed_document, terms_of(seed_document), None)])
        loaded = await store.load()
        assert loaded.index is None and loaded.passage_terms
        engine = AnswerEngine(loaded.documents, passage_terms=loaded.passage_terms)
        assert await store.save_index(loaded.generation, engine.collection.index.arrays())
        assert (await store.load()).index is not None

        other = read_article(sorted(FIXTURES.glob("*.md"))[0])
        await store.save_documents([(other, terms_of(other), None)])
        assert not current_snapshot(store.path)
        after_add = await store.load()
        assert after_add.index is None and after_add.generation > loaded.generation
        # An index built before the change is refused: it would be stale.
        assert not await store.save_index(loaded.generation, engine.collection.index.arrays())

        assert await store.remove_document(other.id, "")
        assert (await store.load()).generation > after_add.generation
    finally:
        await store.close()


async def test_a_write_from_another_process_makes_the_stored_index_stale(
    tmp_path: Path,
) -> None:
    library = await open_library(tmp_path)
    database = tmp_path / "test.sqlite3"
    try:
        loaded = await library.store.load()
        assert loaded.index is not None
        # Another process (a CLI run, a hand edit) changes one passage's terms.
        with sqlite3.connect(database) as other:
            other.execute("UPDATE passages SET terms = 'zanzibar' WHERE id = ?", (f"{SEED_ID}:p3",))
        assert not current_snapshot(database)
        assert (await library.store.load()).index is None  # the stale one is not read
        assert not await library.store.save_index(loaded.generation, loaded.index)
        await library.reload()
        hits = library.engine.collection.index.search(["zanzibar"])
        assert [library.engine.collection.passages[hit.position].id for hit in hits] == [
            f"{SEED_ID}:p3"
        ]
        assert current_snapshot(database)  # the rebuilt index was stored again
    finally:
        await library.close()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("positions", b"\x00\x01\x02"),  # not a whole number of 32-bit integers
        ("positions", np.full(4, 10**6, dtype="<i4").tobytes()),  # passages that do not exist
        ("passages", 3),  # another corpus's count
        ("format", 99),  # a layout from a newer program
    ],
)
async def test_a_damaged_stored_index_is_rebuilt_and_answers_stay_right(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, column: str, value: object
) -> None:
    library = await open_library(tmp_path)
    expected = answers_of(library)
    await library.close()
    database = tmp_path / "test.sqlite3"
    with sqlite3.connect(database) as connection:
        # Not through the triggers: the damage a disk or a hand edit does.
        connection.execute(f"UPDATE index_snapshot SET {column} = ?", (value,))

    caplog.set_level(logging.INFO, logger="bot")
    library = await open_library(tmp_path)
    try:
        assert answers_of(library) == expected
    finally:
        await library.close()
    assert "search index built" in caplog.text
    if column != "format":
        assert "rebuilding it" in caplog.text
    row = snapshot_row(database)
    assert row is not None and row[1] == len(
        library.engine.collection.passages
    )  # stored whole again


async def test_a_database_from_before_the_stored_index_is_migrated_and_loses_nothing(
    tmp_path: Path, seed_document: Document
) -> None:
    database = tmp_path / "test.sqlite3"
    store = await SqliteStore.open(database)
    await store.save_documents([(seed_document, terms_of(seed_document), None)])
    await store.close()
    # Take it back to schema version 5, as an older release left it.
    with sqlite3.connect(database) as connection:
        unpack_stored_bodies(connection)
        connection.executescript(
            "DROP TRIGGER corpus_changed_by_insert; DROP TRIGGER corpus_changed_by_delete;"
            " DROP TRIGGER corpus_changed_by_update; DROP TRIGGER corpus_changed_by_passage;"
            " DROP TABLE corpus_state; DROP TABLE index_snapshot; DROP TABLE command_sync;"
            " DROP TRIGGER documents_in_their_id_space; DROP INDEX documents_by_source;"
            " DROP TRIGGER documents_stay_in_their_id_space;"
            " DROP TABLE uploads; ALTER TABLE passages DROP COLUMN paragraph;"
            " PRAGMA user_version = 5;"
        )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    try:
        assert await library.store.schema_version() == len(MIGRATIONS)
        assert list(library.engine.collection.documents) == [SEED_ID]
        answer = library.engine.answer(QUESTIONS[0])
        assert answer.quotes[0].text.startswith("Der Tagesspiegel stated in May")
    finally:
        await library.close()
    assert snapshot_row(database) is not None


async def test_an_upload_through_the_library_stores_the_new_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    database = tmp_path / "test.sqlite3"
    try:
        before = snapshot_row(database)
        shutil.copy(sorted(FIXTURES.glob("*.md"))[0], corpus)
        report = await library.ingest([corpus])
        assert report.added
        await library.live.index_stored()  # stored in the background after the change
        after = snapshot_row(database)
        assert before is not None and after is not None
        assert (
            after[0] > before[0] and after[1] == len(library.engine.collection.passages) > before[1]
        )
    finally:
        await library.close()


def test_an_engine_holds_no_reference_cycles(
    seed_document: Document, fixture_documents: list[Document]
) -> None:
    """Why `Library.reload` freezes the new engine without a full collection first: the one it
    replaces is freed by reference counting alone."""
    gc.collect()
    gc.disable()
    try:
        engine: AnswerEngine | None = AnswerEngine([seed_document, *fixture_documents])
        assert engine is not None
        for question in QUESTIONS:
            engine.answer(question)
        engine = None
        assert gc.collect() == 0
    finally:
        gc.enable()


async def test_an_engine_is_built_with_glibcs_trim_threshold_and_answers_with_a_higher_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a load frees goes back to the system (glibc's default trim threshold); an answer's
    arrays, freed and made again question after question, are kept (`set_trim_threshold`)."""
    thresholds: list[int] = []
    monkeypatch.setattr(live, "set_trim_threshold", lambda size: thresholds.append(size) or True)
    library = await open_library(tmp_path)
    try:
        assert all(answers_of(library))
    finally:
        await library.close()
    # Set before each engine is built (the start's, then the bundled corpus's), and after it.
    built = [live.LOAD_TRIM_THRESHOLD_BYTES, live.ANSWER_TRIM_THRESHOLD_BYTES]
    assert thresholds and thresholds == built * (len(thresholds) // 2)
    assert live.LOAD_TRIM_THRESHOLD_BYTES < live.ANSWER_TRIM_THRESHOLD_BYTES


async def test_a_failed_index_write_loses_nothing_and_the_next_start_rebuilds(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    settings = make_settings(tmp_path, corpus_dir=corpus)
    database = settings.database_path
    library = await Library.open(settings)
    with sqlite3.connect(database) as connection:  # the disk refuses the index, and only it
        connection.execute(
            "CREATE TRIGGER refuse_index BEFORE INSERT ON index_snapshot"
            " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    caplog.set_level(logging.INFO, logger="bot")
    try:
        shutil.copy(sorted(FIXTURES.glob("*.md"))[0], corpus)
        report = await library.ingest([corpus])
        assert report.added == ["car-free-centre-op-ed"] and not report.errors
        answer = library.engine.answer("what does the councillor say about the ring road?")
        assert answer.quotes[0].passage_id.startswith("car-free-centre-op-ed:")
    finally:
        await library.close()
    assert "the search index was not stored for the next start" in caplog.text
    assert "database or disk is full" in caplog.text
    assert not current_snapshot(database)

    with sqlite3.connect(database) as connection:
        connection.execute("DROP TRIGGER refuse_index")
    caplog.clear()
    library = await Library.open(settings)
    try:
        assert "car-free-centre-op-ed" in library.engine.collection.documents
        again = library.engine.answer("what does the councillor say about the ring road?")
        assert [q.passage_id for q in again.quotes] == [q.passage_id for q in answer.quotes]
    finally:
        await library.close()
        assert "search index built" in caplog.text and current_snapshot(database)


async def test_an_index_stored_with_int32_term_ids_is_still_read(
    tmp_path: Path, seed_document: Document
) -> None:
    store = await SqliteStore.open(tmp_path / "db.sqlite3")
    try:
        await store.save_documents([(seed_document, terms_of(seed_document), None)])
        loaded = await store.load()
        engine = AnswerEngine(loaded.documents, passage_terms=loaded.passage_terms)
        arrays = engine.collection.index.arrays()
        assert await store.save_index(loaded.generation, arrays)
        stored = (await store.load()).index
        assert stored is not None and stored.packed  # format 3: the ids as the index holds them
        # As format 1 kept them (before the ids were stored packed): int32.
        with sqlite3.connect(store.path) as connection:
            connection.execute(
                "UPDATE index_snapshot SET format = 1, term_ids = ?, frequencies = ?",
                (
                    arrays.term_ids.astype("<i4").tobytes(),
                    arrays.frequencies.astype("<i4").tobytes(),
                ),
            )
        old = (await store.load()).index
    finally:
        await store.close()
    assert old is not None and not old.packed
    assert np.array_equal(old.term_ids, arrays.term_ids)
    question = QUESTIONS[0]
    fresh = AnswerEngine(loaded.documents, index=old)
    assert fresh.answer(question) == engine.answer(question)


async def test_an_index_stored_with_int32_term_ids_is_stored_again_packed_once(
    tmp_path: Path, seed_document: Document
) -> None:
    database = tmp_path / "test.sqlite3"
    store = await SqliteStore.open(database)
    try:
        await store.save_documents([(seed_document, terms_of(seed_document), None)])
        loaded = await store.load()
        engine = AnswerEngine(loaded.documents, passage_terms=loaded.passage_terms)
        arrays = engine.collection.index.arrays()
        assert await store.save_index(loaded.generation, arrays)
    finally:
        await store.close()
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE index_snapshot SET format = 1, term_ids = ?, frequencies = ?",
            (arrays.term_ids.astype("<i4").tobytes(), arrays.frequencies.astype("<i4").tobytes()),
        )
    settings = make_settings(tmp_path, corpus_dir=tmp_path / "no-corpus")
    library = await Library.open(settings, sync_corpus=False)
    try:
        assert library.engine.answer(QUESTIONS[0]) == engine.answer(QUESTIONS[0])
    finally:
        await library.close()
    with sqlite3.connect(database) as connection:
        row = connection.execute("SELECT format, generation FROM index_snapshot").fetchone()
    assert row == (INDEX_FORMAT, loaded.generation)


async def assert_a_start_answers_as(tmp_path: Path, database: str, engine: AnswerEngine) -> None:
    """A library started on `database` (no corpus folder to sync) answers QUESTIONS as
    `engine` does."""
    settings = database_settings(tmp_path, database, corpus_dir=tmp_path / "no-corpus")
    library = await Library.open(settings, sync_corpus=False)
    try:
        assert [library.engine.answer(q) for q in QUESTIONS] == [
            engine.answer(q) for q in QUESTIONS
        ]
    finally:
        await library.close()


def assert_same_arrays(read: IndexArrays, built: IndexArrays) -> None:
    """`read` holds the values of `built`, whatever the dtypes (the term ids compared packed)."""
    assert read.vocabulary == built.vocabulary
    assert read.packed and built.packed
    for name in IndexArrays.ARRAYS:
        assert np.array_equal(getattr(read, name), getattr(built, name)), name


async def stored_and_built(
    database: str, documents: list[Document]
) -> tuple[AnswerEngine, IndexArrays, int]:
    """An engine over `documents`, saved (with their terms) to `database`, its index's arrays
    (the term ids packed, as stored) stored too, and the corpus version they are of."""
    store = await Store.connect(database)
    try:
        await store.save_documents([(document, terms_of(document), None) for document in documents])
        loaded = await store.load(use_index=False)
        engine = AnswerEngine(loaded.documents, passage_terms=loaded.passage_terms)
        arrays = engine.collection.index.arrays(packed=True)
        assert await store.save_index(loaded.generation, arrays)
    finally:
        await store.close()
    return engine, arrays, loaded.generation


async def test_a_stored_index_keeps_its_frequencies_narrow_and_reads_back_the_same(
    database: str, seed_document: Document, fixture_documents: list[Document]
) -> None:
    engine, arrays, _ = await stored_and_built(database, [seed_document, *fixture_documents])
    ((layout, frequencies, positions),) = raw_rows(
        database, "SELECT format, frequencies, positions FROM index_snapshot"
    )
    assert layout == INDEX_FORMAT == 3
    assert isinstance(frequencies, bytes) and isinstance(positions, bytes)
    # A byte a posting (no term is 256 times in a passage here) and the width byte.
    assert len(frequencies) == len(positions) // 4 + 1 and frequencies[-1] == 1

    store = await Store.connect(database)
    try:
        loaded = await store.load()
    finally:
        await store.close()
    assert loaded.index is not None and loaded.index_format == 3
    assert loaded.index.frequencies.dtype == np.uint8
    assert_same_arrays(loaded.index, arrays)
    built = engine.collection.index
    read = PassageIndex.from_arrays(loaded.index, built.parameters)
    for question in QUESTIONS:
        terms = engine.query(question).terms
        assert np.array_equal(read.scores(terms), reference_scores(built, terms))
        assert np.array_equal(read.scores(terms), built.scores(terms))
        assert read.search(terms) == built.search(terms)
    fresh = AnswerEngine(loaded.documents, index=loaded.index)
    assert [fresh.answer(q) for q in QUESTIONS] == [engine.answer(q) for q in QUESTIONS]


@pytest.mark.parametrize(
    ("largest", "dtype"),
    [(1, np.uint8), (255, np.uint8), (256, np.uint16), (65_535, np.uint16), (65_536, np.uint32)],
)
def test_counts_are_stored_in_the_narrowest_width_that_holds_them(
    largest: int, dtype: type[np.unsignedinteger]
) -> None:
    counts = np.array([1, largest, 7, largest - 1 or 1], dtype=np.int32)
    blob = counts_blob(counts)
    width = np.dtype(dtype).itemsize
    assert len(blob) == 4 * width + 1 and blob[-1] == width
    read = counts_from_blob(blob)
    assert read.dtype == dtype and np.array_equal(read, counts)
    assert counts_from_blob(counts_blob(np.zeros(0, dtype=np.int32))).dtype == np.uint8
    with pytest.raises(ValueError, match="negative"):
        counts_blob(np.array([1, -1]))


def test_an_index_with_a_term_hundreds_of_times_in_a_passage_round_trips_wider() -> None:
    passages = [["w0"] * 300 + ["w1"], ["w1", "w2"], ["w0", "w2", "w2"], []]
    built = PassageIndex(passages)
    arrays = built.arrays(packed=True)
    encoded = encode_index(arrays)
    assert encoded is not None
    vocabulary, blobs = encoded
    read = decode_index(INDEX_FORMAT, vocabulary, blobs)
    assert read.frequencies.dtype == np.uint16  # 300 does not fit a byte
    assert_same_arrays(read, arrays)
    rebuilt = PassageIndex.from_arrays(read, built.parameters)
    for query in (["w0"], ["w1", "w2"], ["w0", "w2", "unseen"]):
        assert np.array_equal(rebuilt.scores(query), reference_scores(built, query))
        assert rebuilt.search(query) == built.search(query)


async def test_an_index_stored_with_int32_frequencies_is_still_read_and_stored_again_once(
    tmp_path: Path, database: str, seed_document: Document
) -> None:
    engine, arrays, generation = await stored_and_built(database, [seed_document])
    # As format 2 kept them: the term ids packed, the frequencies as int32.
    raw_rows(
        database,
        "UPDATE index_snapshot SET format = 2, frequencies = ?",
        (arrays.frequencies.astype("<i4").tobytes(),),
    )
    store = await Store.connect(database)
    try:
        loaded = await store.load()
    finally:
        await store.close()
    assert loaded.index is not None and loaded.index_format == 2
    assert loaded.index.frequencies.dtype == np.dtype("<i4")
    assert_same_arrays(loaded.index, arrays)
    fresh = AnswerEngine(loaded.documents, index=loaded.index)
    assert [fresh.answer(q) for q in QUESTIONS] == [engine.answer(q) for q in QUESTIONS]

    await assert_a_start_answers_as(tmp_path, database, engine)
    ((layout, stored_generation, frequencies, positions),) = raw_rows(
        database, "SELECT format, generation, frequencies, positions FROM index_snapshot"
    )
    assert (layout, stored_generation) == (INDEX_FORMAT, generation)  # stored again, narrow
    assert isinstance(frequencies, bytes) and isinstance(positions, bytes)
    assert len(frequencies) == len(positions) // 4 + 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",  # not even the width byte
        lambda blob: blob[:-1],  # the width byte lost: a byte too few, or a ragged length
        lambda blob: blob[:-1] + b"\x03",  # a width no dtype has
        lambda blob: blob[:-1] + b"\x02",  # a width the bytes do not divide into (odd count)
        lambda blob: blob[:-2] + blob[-1:],  # a posting's frequency lost
        lambda blob: b"\x00" + blob[1:],  # a posting with no occurrences
        lambda blob: "text",  # not bytes at all
    ],
    ids=["empty", "no-width", "width-3", "width-2", "short", "zero", "text"],
)
async def test_a_stored_index_with_damaged_narrow_frequencies_is_rebuilt(
    tmp_path: Path,
    database: str,
    seed_document: Document,
    caplog: pytest.LogCaptureFixture,
    damage: Callable[[bytes], object],
) -> None:
    engine, arrays, _ = await stored_and_built(database, [seed_document])
    ((frequencies,),) = raw_rows(database, "SELECT frequencies FROM index_snapshot")
    assert isinstance(frequencies, bytes)
    raw_rows(database, "UPDATE index_snapshot SET frequencies = ?", (damage(frequencies),))

    caplog.set_level(logging.INFO, logger="bot")
    await assert_a_start_answers_as(tmp_path, database, engine)
    assert "rebuilding it" in caplog.text and "search index built" in caplog.text
    ((layout, stored),) = raw_rows(database, "SELECT format, frequencies FROM index_snapshot")
    assert layout == INDEX_FORMAT and isinstance(stored, bytes)  # stored whole again
    assert np.array_equal(counts_from_blob(stored), arrays.frequencies)
