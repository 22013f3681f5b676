from __future__ import annotations

import json
import sqlite3
from array import array
from pathlib import Path

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import CorpusError, Document
from bot.engine.text import analyse_document, default_analyser
from bot.library import Library
from bot.store import MIGRATIONS, SqliteStore, Store, StoreError, postgres
from tests.conftest import make_settings, unpack_stored_bodies, unpack_stored_spans
from tests.postgres import raw_rows


def terms_of(document: Document) -> list[list[str]]:
    return [default_analyser().terms(p.text) for p in document.passages]


async def test_documents_and_passages_survive_closing_the_database(
    database: str, seed_document: Document
) -> None:
    store = await Store.connect(database)
    await store.save_documents([(seed_document, terms_of(seed_document), (1, 2))])
    await store.close()

    reopened = await Store.connect(database)
    loaded = await reopened.load()
    await reopened.close()
    (document,) = loaded.documents
    assert document.meta == seed_document.meta
    assert document.passages == seed_document.passages
    assert loaded.passage_terms[f"{document.id}:p3"] == terms_of(seed_document)[2]


async def test_schema_is_migrated_once_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await SqliteStore.open(path)
    assert await store.schema_version() == len(MIGRATIONS)
    await store.close()
    store = await SqliteStore.open(path)  # a second open does not re-run the migrations
    assert await store.schema_version() == len(MIGRATIONS)
    await store.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    with pytest.raises(StoreError, match="newer than this program knows"):
        await SqliteStore.open(path)


async def test_a_failed_write_leaves_the_previous_version_whole(
    database: str, seed_document: Document
) -> None:
    store = await Store.connect(database)
    await store.save_documents([(seed_document, terms_of(seed_document), None)])
    broken_terms = terms_of(seed_document)[:-1]  # one list short: the write fails midway
    with pytest.raises(ValueError):
        await store.save_documents([(seed_document, broken_terms, None)])
    loaded = await store.load()
    await store.close()
    assert len(loaded.documents) == 1
    assert len(loaded.documents[0].passages) == len(seed_document.passages)


async def test_feedback_is_one_vote_per_user_and_question(database: str) -> None:
    store = await Store.connect(database)
    await store.record_feedback("doc:p1", "why?", 1, user_id=7, guild_id=9)
    await store.record_feedback("doc:p1", "why?", -1, user_id=7, guild_id=9)
    await store.record_feedback("doc:p1", "why?", 1, user_id=8, guild_id=None)
    votes = await store.feedback("doc:p1")
    await store.close()
    assert sorted(votes) == [("why?", -1, "7"), ("why?", 1, "8")]


async def test_a_document_an_older_version_misplaced_moves_into_its_servers_id_space(
    tmp_path: Path,
) -> None:
    club_a, club_b = "111111111111111111", "222222222222222222"
    settings = make_settings(tmp_path)
    library = await Library.open(settings)
    notice = b"The harbour trust voted to restore the lighthouse.\n\nIt will cost 140,000 pounds.\n"
    placed = await library.upload(notice, "n.txt", club_b, 8, UploadDetails(title="Stolen"))
    await library.close()
    # As version 8 left it: server B's upload named itself into server A's id space.
    misplaced = f"g{club_a}-stolen"
    with sqlite3.connect(settings.database_path, isolation_level=None) as raw:
        unpack_stored_bodies(raw)
        raw.executescript(
            "DROP TRIGGER documents_in_their_id_space;"
            " DROP TRIGGER documents_stay_in_their_id_space;"
            " DROP INDEX documents_by_source; PRAGMA user_version = 8;"
        )
        raw.execute("BEGIN")
        raw.execute("PRAGMA defer_foreign_keys = ON")
        old = placed.document.id
        raw.execute(
            "UPDATE passages SET id = ? || substr(id, length(doc_id) + 1), doc_id = ?"
            " WHERE doc_id = ?",
            (misplaced, misplaced, old),
        )
        raw.execute(
            "UPDATE documents SET id = ?, meta_json = json_set(meta_json, '$.id', ?) WHERE id = ?",
            (misplaced, misplaced, old),
        )
        raw.execute("UPDATE corpus_audit SET doc_id = ? WHERE doc_id = ?", (misplaced, old))
        raw.execute("UPDATE uploads SET doc_id = ? WHERE doc_id = ?", (misplaced, old))
        raw.execute("COMMIT")
    library = await Library.open(settings)
    try:
        moved = f"g{club_b}-{misplaced}"
        assert [d.id for d in library.own_documents(club_b)] == [moved]
        assert library.own_documents(club_a) == []
        document = library.engine.collection.documents[moved]
        assert [p.id for p in document.passages] == [f"{moved}:p1", f"{moved}:p2"]
        answer = await library.ask("what will the lighthouse cost?", scope=club_b)
        assert answer.quotes and answer.quotes[0].attribution.doc_id == moved
        assert [e.doc_id for e in await library.history(club_b)] == [moved]
        assert (await library.reindex(club_b, 8)).documents == 1
        assert list(await library.store.uploads([moved])) == [moved]  # its original moved too
    finally:
        await library.close()


async def test_a_load_read_a_document_at_a_time_gives_the_same_corpus(
    database: str,
    seed_document: Document,
    fixture_documents: list[Document],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = await Store.connect(database)
    documents = [seed_document, *fixture_documents]
    await store.save_documents([(document, terms_of(document), None) for document in documents])
    whole = await store.load()
    monkeypatch.setattr("bot.store.loading.DOCUMENTS_PER_FETCH", 1)
    chunked = await store.load()
    await store.close()
    assert [d.id for d in chunked.documents] == sorted(d.id for d in documents)
    assert chunked.documents == whole.documents
    assert [d.passages for d in chunked.documents] == [d.passages for d in whole.documents]
    assert chunked.tags == whole.tags


async def test_a_database_with_bodies_stored_as_text_is_migrated_to_packed_bodies(
    tmp_path: Path, seed_document: Document, fixture_documents: list[Document]
) -> None:
    database = tmp_path / "test.sqlite3"
    documents = [seed_document, *fixture_documents]
    store = await SqliteStore.open(database)
    await store.save_documents([(document, terms_of(document), None) for document in documents])
    before = await store.load()
    await store.close()
    # As version 10 left it: each body's text in `body`, no `packed` column.
    with sqlite3.connect(database, isolation_level=None) as raw:
        unpack_stored_bodies(raw)
        raw.execute("PRAGMA user_version = 10")
        generation = raw.execute("SELECT generation FROM corpus_state").fetchone()[0]
        assert raw.execute("SELECT COUNT(*) FROM documents WHERE body = ''").fetchone() == (0,)
    store = await SqliteStore.open(database)
    try:
        assert await store.schema_version() == len(MIGRATIONS)
        # Packing the bodies changed no document: the corpus version is the same.
        assert await store.corpus_generation() == generation
        after = await store.load()
    finally:
        await store.close()
    assert after.documents == before.documents
    assert [d.body for d in after.documents] == [d.body for d in before.documents]
    assert [d.passages for d in after.documents] == [d.passages for d in before.documents]
    with sqlite3.connect(database) as raw:
        assert raw.execute(
            "SELECT COUNT(*) FROM documents WHERE body = '' AND packed IS NOT NULL"
        ).fetchone() == (len(documents),)


def take_spans_back_to_json(database: str) -> None:
    """The database as the version before packed spans left it (SQLite's 12, PostgreSQL's 11):
    sentence spans as JSON, no `sentences`."""
    if not database.startswith("postgresql://"):
        with sqlite3.connect(database, isolation_level=None) as raw:
            unpack_stored_spans(raw)
            raw.execute("PRAGMA user_version = 12")
        return
    for passage_id, packed in raw_rows(database, "SELECT id, sentences FROM passages"):
        offsets = list(array("i", bytes(packed)))  # type: ignore[arg-type]
        spans = json.dumps([offsets[i : i + 2] for i in range(0, len(offsets), 2)])
        raw_rows(
            database, "UPDATE passages SET sentences_json = ? WHERE id = ?", (spans, passage_id)
        )
    raw_rows(database, "ALTER TABLE passages DROP COLUMN sentences")
    raw_rows(database, "UPDATE schema_version SET version = 11")


async def test_a_database_with_spans_stored_as_json_is_migrated_to_packed_spans(
    database: str,
    seed_document: Document,
    fixture_documents: list[Document],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(postgres, "SPANS_PER_BATCH", 7)  # several batches on PostgreSQL
    documents = [seed_document, *fixture_documents]
    store = await Store.connect(database)
    await store.save_documents([(document, terms_of(document), None) for document in documents])
    before = await store.load(use_index=False)
    engine = AnswerEngine(before.documents, passage_terms=before.passage_terms)
    assert await store.save_index(before.generation, engine.collection.index.arrays(packed=True))
    latest = await store.schema_version()
    await store.close()
    take_spans_back_to_json(database)
    assert raw_rows(database, "SELECT COUNT(*) FROM passages WHERE sentences_json = ''") == [(0,)]

    store = await Store.connect(database)
    try:
        assert await store.schema_version() == latest
        # Packing the spans changed no passage: the corpus version and the stored index stay.
        assert await store.corpus_generation() == before.generation
        after = await store.load()
    finally:
        await store.close()
    assert after.index is not None
    assert after.documents == before.documents
    assert [d.passages for d in after.documents] == [d.passages for d in before.documents]
    assert [[p.sentences for p in d.passages] for d in after.documents] == [
        [p.sentences for p in d.passages] for d in before.documents
    ]
    assert raw_rows(
        database, "SELECT COUNT(*) FROM passages WHERE sentences IS NULL OR sentences_json != ''"
    ) == [(0,)]


async def test_damaged_stored_spans_are_refused_on_load(
    database: str, seed_document: Document
) -> None:
    store = await Store.connect(database)
    await store.save_documents([(seed_document, terms_of(seed_document), None)])
    await store.close()
    # Not a whole number of spans, with or without runs of terms (odd, but no mark byte).
    for damaged in (b"\x01\x02\x03", bytes(10) + b"\x02"):
        raw_rows(database, "UPDATE passages SET sentences = ? WHERE number = 2", (damaged,))
        store = await Store.connect(database)
        try:
            with pytest.raises(CorpusError, match="sentence spans are damaged"):
                await store.load()
        finally:
            await store.close()


async def test_damaged_stored_metadata_is_refused_on_load_and_the_load_ends_whole(
    database: str, seed_document: Document, fixture_documents: list[Document]
) -> None:
    store = await Store.connect(database)
    documents = [seed_document, *fixture_documents]
    await store.save_documents([(d, terms_of(d), None) for d in documents])
    await store.close()
    raw_rows(
        database,
        "UPDATE documents SET meta_json = ? WHERE id = ?",
        ('{"id": "x", "kind": "no such kind"}', fixture_documents[0].id),
    )
    store = await Store.connect(database)
    try:
        # The metadata is parsed in a worker thread beside the reads: its error goes up once
        # they are done, and the store still answers.
        with pytest.raises(ValueError, match="validation error"):
            await store.load()
        assert await store.corpus_generation() >= 1
    finally:
        await store.close()


async def test_sentence_runs_found_at_ingest_are_stored_and_loaded(
    database: str, seed_document: Document
) -> None:
    analysed, terms = analyse_document(default_analyser(), seed_document)
    assert terms == terms_of(seed_document)
    store = await Store.connect(database)
    await store.save_documents([(analysed, terms, None)])
    loaded = await store.load()
    await store.close()
    (document,) = loaded.documents
    assert document.passages == seed_document.passages
    runs = [passage.sentence_runs for passage in document.passages]
    assert runs == [passage.sentence_runs for passage in analysed.passages]
    assert sum(run is not None for run in runs) >= 0.9 * len(runs)


async def test_passage_ids_of_their_own_and_tags_come_back_from_the_store(
    database: str, seed_document: Document
) -> None:
    # The store returns a made id (`<doc>:p<n>`) as NULL to save a string a row: ids of their
    # own (a part of a long paragraph) and the tags keyed by either kind must still come back.
    passages = list(seed_document.passages)
    passages[1] = passages[1].replaced(id=f"{seed_document.id}:p{passages[1].number}.2")
    document = seed_document.replaced(passages=tuple(passages))
    tags = {passage.id: f"tag-{number}" for number, passage in enumerate(passages[:3])}
    store = await Store.connect(database)
    await store.save_documents([(document, terms_of(document), None)], tags=tags)
    loaded = await store.load()
    await store.close()
    (back,) = loaded.documents
    assert [p.id for p in back.passages] == [p.id for p in passages]
    assert back.passages[1].stated_id == passages[1].id and back.passages[0].stated_id is None
    assert {k: v for k, v in loaded.tags.items() if k in tags} == tags
