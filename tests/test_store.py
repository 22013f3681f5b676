from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.engine.models import Document
from bot.engine.text import default_analyser
from bot.store import MIGRATIONS, Store, StoreError


def terms_of(document: Document) -> list[list[str]]:
    return [default_analyser().terms(p.text) for p in document.passages]


async def test_documents_and_passages_survive_closing_the_database(
    tmp_path: Path, seed_document: Document
) -> None:
    path = tmp_path / "db.sqlite3"
    store = await Store.open(path)
    await store.save_documents([(seed_document, terms_of(seed_document), (1, 2))])
    await store.close()

    reopened = await Store.open(path)
    loaded = await reopened.load()
    await reopened.close()
    (document,) = loaded.documents
    assert document.meta == seed_document.meta
    assert document.passages == seed_document.passages
    assert loaded.passage_terms[f"{document.id}:p3"] == terms_of(seed_document)[2]


async def test_schema_is_migrated_once_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await Store.open(path)
    assert await store.schema_version() == len(MIGRATIONS)
    await store.close()
    store = await Store.open(path)  # a second open does not re-run the migrations
    assert await store.schema_version() == len(MIGRATIONS)
    await store.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    with pytest.raises(StoreError, match="newer than this program knows"):
        await Store.open(path)


async def test_a_failed_write_leaves_the_previous_version_whole(
    tmp_path: Path, seed_document: Document
) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    await store.save_documents([(seed_document, terms_of(seed_document), None)])
    broken_terms = terms_of(seed_document)[:-1]  # one list short: the write fails midway
    with pytest.raises(ValueError):
        await store.save_documents([(seed_document, broken_terms, None)])
    loaded = await store.load()
    await store.close()
    assert len(loaded.documents) == 1
    assert len(loaded.documents[0].passages) == len(seed_document.passages)


async def test_feedback_is_one_vote_per_user_and_question(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    await store.record_feedback("doc:p1", "why?", 1, user_id=7, guild_id=9)
    await store.record_feedback("doc:p1", "why?", -1, user_id=7, guild_id=9)
    await store.record_feedback("doc:p1", "why?", 1, user_id=8, guild_id=None)
    votes = await store.feedback("doc:p1")
    await store.close()
    assert sorted(votes) == [("why?", -1, "7"), ("why?", 1, "8")]
