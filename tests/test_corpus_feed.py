"""Corpus changes reach every process on one database: each library catches up with what the
others wrote (the changed servers only), on SQLite by polling and on PostgreSQL as each change
is announced."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.engine.formats.upload import UploadDetails
from bot.library import Library
from bot.shards import shard_of
from bot.store import CHANGES_KEPT
from tests.conftest import database_settings
from tests.postgres import PostgresCluster, raw_rows

CLUB_A, CLUB_B = "111111111111111111", "222222222222222222"
NOTICE = (
    "The harbour trust voted on Tuesday to restore the old lighthouse at Gull Point.\n\n"
    "Restoration will cost 140,000 pounds, according to the trust's surveyor.\n"
)
COST = "what will the lighthouse restoration cost?"


async def two_libraries(tmp_path: Path, database: str) -> tuple[Library, Library]:
    settings = database_settings(tmp_path, database)
    first = await Library.open(settings)
    second = await Library.open(settings, sync_corpus=False)
    return first, second


async def test_an_upload_in_one_process_answers_in_another_after_catching_up(
    tmp_path: Path, database: str
) -> None:
    writer, reader = await two_libraries(tmp_path, database)
    try:
        before = await reader.ask(COST, scope=CLUB_A)
        assert not any("140,000" in quote.text for quote in before.quotes)
        saved = await writer.upload(NOTICE.encode(), "n.txt", CLUB_A, 7, UploadDetails(title="N"))
        assert await reader.catch_up()
        answer = await reader.ask(COST, scope=CLUB_A)
        assert answer.quotes and "140,000" in answer.quotes[0].text
        assert answer.quotes[0].attribution.doc_id == saved.document.id
        elsewhere = await reader.ask(COST, scope=CLUB_B)
        assert all(q.attribution.doc_id != saved.document.id for q in elsewhere.quotes)
        assert not await reader.catch_up()  # nothing new

        await writer.remove(saved.document.id, CLUB_A, 7)
        assert await reader.catch_up()
        assert saved.document.id not in reader.engine.collection.documents
    finally:
        await writer.close()
        await reader.close()


async def test_catching_up_gives_the_engine_a_full_load_would_give(
    tmp_path: Path, database: str
) -> None:
    writer, reader = await two_libraries(tmp_path, database)
    try:
        for number, club in enumerate((CLUB_A, CLUB_B, CLUB_A)):
            text = NOTICE + f"\nNotice number {number} of the trust.\n"
            await writer.upload(text.encode(), f"n{number}.txt", club, 7, UploadDetails())
        assert await reader.catch_up()
        fresh = await Library.open(reader.settings, sync_corpus=False)
        try:
            for club in (CLUB_A, CLUB_B, ""):
                caught = await reader.ask(COST, scope=club)
                loaded = await fresh.ask(COST, scope=club)
                assert caught.to_json() == loaded.to_json()
        finally:
            await fresh.close()
    finally:
        await writer.close()
        await reader.close()


async def test_a_process_too_far_behind_reloads_whole(tmp_path: Path, database: str) -> None:
    writer, reader = await two_libraries(tmp_path, database)
    try:
        await writer.upload(NOTICE.encode(), "n.txt", CLUB_A, 7, UploadDetails(title="N"))
        # The change log was trimmed past the reader's version (as after CHANGES_KEPT changes).
        location = str(writer.settings.database_location)
        raw_rows(location, "DELETE FROM corpus_changes")
        assert CHANGES_KEPT > 0
        assert await reader.catch_up()
        answer = await reader.ask(COST, scope=CLUB_A)
        assert answer.quotes and "140,000" in answer.quotes[0].text
    finally:
        await writer.close()
        await reader.close()


async def test_a_following_process_answers_another_processes_upload_within_a_second(
    tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    # PostgreSQL only: SQLite has no change feed, its processes poll (the tests above).
    writer, reader = await two_libraries(tmp_path, postgres_cluster.new_database())
    follower = asyncio.create_task(reader.follow_changes(poll_seconds=3600))
    try:
        await asyncio.sleep(0.5)  # listening
        saved = await writer.upload(NOTICE.encode(), "n.txt", CLUB_A, 7, UploadDetails(title="N"))
        for _ in range(20):
            if saved.document.id in reader.engine.collection.documents:
                break
            await asyncio.sleep(0.05)
        assert saved.document.id in reader.engine.collection.documents
        answer = await reader.ask(COST, scope=CLUB_A)
        assert answer.quotes and answer.quotes[0].attribution.doc_id == saved.document.id
    finally:
        follower.cancel()
        with pytest.raises(asyncio.CancelledError):
            await follower
        await writer.close()
        await reader.close()


async def test_a_shard_process_catches_up_on_its_own_servers_only(
    tmp_path: Path, database: str
) -> None:
    mine, theirs = (
        next(str(g) for g in range(1 << 40, 1 << 41, 1 << 22) if shard_of(g, 2) == shard)
        for shard in (0, 1)
    )
    writer = await Library.open(database_settings(tmp_path, database))
    shard = await Library.open(
        database_settings(tmp_path, database, shard_count=2, shard_ids=[0]), sync_corpus=False
    )
    try:
        kept = await writer.upload(NOTICE.encode(), "n.txt", mine, 7, UploadDetails(title="N"))
        other = await writer.upload(NOTICE.encode(), "n.txt", theirs, 7, UploadDetails(title="N"))
        assert await shard.catch_up()
        held = shard.engine.collection.documents
        assert kept.document.id in held and other.document.id not in held
        answer = await shard.ask(COST, scope=mine)
        assert answer.quotes and answer.quotes[0].attribution.doc_id == kept.document.id
    finally:
        await writer.close()
        await shard.close()
