"""A process running some Discord shards holds the shared corpus and only the uploads of the
servers on its shards (`SHARD_COUNT`, `SHARD_IDS`): chosen as the store is read."""

from __future__ import annotations

from pathlib import Path

from bot.engine.formats.upload import UploadDetails
from bot.library import Library
from bot.shards import Shards, shard_of
from bot.store import Store
from tests.conftest import SEED_ID, database_settings
from tests.postgres import raw_rows

# Discord's documentation's example snowflake, and ids one and two timestamp ticks later: with
# two shards the first and third are on one shard, the second on the other.
FIRST = 175928847299117063
GUILDS = [str(FIRST), str(FIRST + (1 << 22)), str(FIRST + (2 << 22))]
TOWNS = ["Gull Point", "Marram Bay", "Saltings Cross"]
COSTS = ["140,000", "260,000", "390,000"]


def notice(town: str, cost: str) -> bytes:
    return (
        f"The trust voted on Tuesday to restore the old lighthouse at {town}.\n\n"
        f"Restoring the {town} lighthouse will cost {cost} pounds, the surveyor said.\n"
    ).encode()


async def fill(tmp_path: Path, database: str) -> dict[str, str]:
    """Each server in GUILDS uploads a notice about its own town; returns scope -> doc id."""
    library = await Library.open(database_settings(tmp_path, database))
    try:
        uploaded = {}
        for guild, town, cost in zip(GUILDS, TOWNS, COSTS, strict=True):
            upload = await library.upload(
                notice(town, cost), f"{town}.txt", guild, 7, UploadDetails()
            )
            uploaded[guild] = upload.document.id
        return uploaded
    finally:
        await library.close()


async def test_a_shard_process_answers_for_its_servers_and_holds_no_others(
    tmp_path: Path, database: str
) -> None:
    uploaded = await fill(tmp_path, database)
    mine = {g for g in GUILDS if shard_of(int(g), 2) == 0}
    assert 0 < len(mine) < len(GUILDS)  # the test needs servers on both shards
    library = await Library.open(
        database_settings(tmp_path, database, shard_count=2, shard_ids=[0])
    )
    try:
        held = library.engine.collection.documents
        assert SEED_ID in held  # the shared corpus is always held
        for guild, town, cost in zip(GUILDS, TOWNS, COSTS, strict=True):
            question = f"what will restoring the {town} lighthouse cost?"
            answer = await library.ask(question, scope=guild)
            quoted = {quote.attribution.doc_id for quote in answer.quotes}
            if guild in mine:
                assert uploaded[guild] in held
                assert answer.quotes and answer.quotes[0].attribution.doc_id == uploaded[guild]
                assert cost in answer.quotes[0].text
            else:
                assert uploaded[guild] not in held
                assert uploaded[guild] not in quoted
                # Not a word of it is in memory: no passage, no term of the index.
                assert all(p.doc_id != uploaded[guild] for p in library.engine.collection.passages)
        shared = await library.ask("what does security first mean?", scope=GUILDS[1])
        assert shared.quotes and shared.quotes[0].attribution.doc_id == SEED_ID
    finally:
        await library.close()


async def test_the_store_reads_only_the_owned_scopes(tmp_path: Path, database: str) -> None:
    uploaded = await fill(tmp_path, database)
    store = await Store.connect(database)
    try:
        whole = await store.load()
        for shard in (0, 1):
            part = await store.load(shards=Shards.of(2, {shard}))
            scopes = set(part.scopes.values())
            assert scopes == {""} | {g for g in GUILDS if shard_of(int(g), 2) == shard}
            assert part.index is None  # the stored index is of the whole corpus
            ids = {document.id for document in part.documents}
            passages = {p.id for d in part.documents for p in d.passages}
            assert set(part.passage_terms) == passages
            assert ids == {d for d, scope in whole.scopes.items() if scope in scopes}
            assert {uploaded[g] for g in scopes - {""}} <= ids
        # All shards is the whole corpus, with its stored index.
        everything = await store.load(shards=Shards.of(2))
        assert everything.scopes == whole.scopes and everything.index is not None
    finally:
        await store.close()


async def test_a_shard_process_leaves_the_whole_stored_index_alone(
    tmp_path: Path, database: str
) -> None:
    await fill(tmp_path, database)
    settings = database_settings(tmp_path, database)
    sharded = await Library.open(
        database_settings(tmp_path, database, shard_count=2, shard_ids=[1])
    )
    await sharded.upload(notice("Dunmore", "55,000"), "d.txt", GUILDS[1], 7, UploadDetails())
    await sharded.close()
    # The upload made the stored index stale (SQLite keeps it, PostgreSQL drops it), and the
    # shard process, holding some servers only, stored none of its own in its place.
    current = (
        "SELECT passages FROM index_snapshot"
        " WHERE generation = (SELECT generation FROM corpus_state)"
    )
    assert raw_rows(database, current) == []
    whole = await Library.open(settings, sync_corpus=False)
    try:
        ((stored,),) = raw_rows(database, current)
        assert stored == len(whole.engine.collection.passages)  # the whole process stores one
        for guild in GUILDS:
            answer = await whole.ask(
                "what will restoring the Dunmore lighthouse cost?", scope=guild
            )
            found = bool(answer.quotes) and "55,000" in answer.quotes[0].text
            assert found == (guild == GUILDS[1])
    finally:
        await whole.close()
