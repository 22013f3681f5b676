"""What only the PostgreSQL store does: its URL never shown with its password, a server that
goes away reported in one line (and fatal: the bot stops and is restarted), a schema newer than
the program refused, and a backup that points to pg_dump."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from bot.engine.models import Document
from bot.engine.text import default_analyser
from bot.store import Fault, Store, StoreError
from bot.store.postgres import LATEST_VERSION, redacted
from tests.postgres import PostgresCluster, find_binaries, raw_rows


def test_a_url_is_shown_without_its_password() -> None:
    shown = redacted("postgresql://bot:s3cret-pass@db.example.org:5433/debate?sslmode=require")
    assert shown == "postgresql://bot@db.example.org:5433/debate"
    assert "s3cret" not in shown


async def test_a_refused_password_is_one_line_without_it(postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.new_database().replace("debatebot@", "nobody-here:hunter22@")
    with pytest.raises(StoreError) as caught:
        await Store.connect(url)
    message = str(caught.value)
    assert "hunter22" not in message and "\n" not in message
    assert message.startswith("the database server postgresql://nobody-here@")


async def test_a_schema_newer_than_the_program_is_refused(
    postgres_cluster: PostgresCluster,
) -> None:
    url = postgres_cluster.new_database()
    store = await Store.connect(url)
    await store.close()
    raw_rows(url, "UPDATE schema_version SET version = ?", (LATEST_VERSION + 3,))
    with pytest.raises(StoreError, match="newer than this program knows"):
        await Store.connect(url)


async def test_backup_says_to_use_pg_dump(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> None:
    store = await Store.connect(postgres_cluster.new_database())
    try:
        with pytest.raises(StoreError, match="pg_dump"):
            await store.backup(tmp_path / "copy.dump")
    finally:
        await store.close()


async def test_a_server_that_goes_away_is_one_fatal_line(seed_document: Document) -> None:
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's server programs are not installed")
    folder = Path(tempfile.mkdtemp(prefix="debate-bot-pg-gone-"))
    cluster = PostgresCluster(binaries, folder)
    cluster.start()
    try:
        store = await Store.connect(cluster.new_database())
        faults: list[StoreError] = []
        store.on_fault = faults.append
        cluster.stop()
        terms = [default_analyser().terms(p.text) for p in seed_document.passages]
        with pytest.raises(StoreError) as caught:
            await store.save_documents([(seed_document, terms, None)])
        assert caught.value.fault is Fault.IO and caught.value.fatal
        assert "\n" not in str(caught.value) and "cannot be reached" in str(caught.value)
        assert faults == [caught.value]  # the bot is told once, and stops
        with pytest.raises(StoreError):  # every write after it is refused with it
            await store.record_feedback("p", "q", 1, user_id=1, guild_id=None)
        await store.close()
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
