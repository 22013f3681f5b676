"""The bot process on a failing database: it refuses to start in one line, and when the
database fails under it (a full disk, the file deleted) the user hears nothing was changed and
the process stops in one line with status 1, for systemd to restart it. Real processes, a real
tmpfs, the local Discord."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from pathlib import Path

import pytest

from bot.chat.client import EXIT_STORAGE_FAULT
from tests.conftest import Tmpfs
from tests.fake_discord import FakeDiscord
from tests.fake_discord.payloads import EVERYONE_PERMISSIONS, Permission
from tests.test_service import bot_process, service_environment, start_bot
from tests.test_store_faults import damage, hold_lock, release, stocked_database

NOTICE = b"The harbour trust voted to restore the lighthouse.\n\nIt will cost 140,000 pounds.\n"
STORAGE_FAILED = "My storage failed, so nothing was changed"


def environment_for(folder: Path, database: Path, fake: FakeDiscord) -> dict[str, str]:
    return service_environment(
        folder,
        fake,
        DATABASE_PATH=str(database),
        DATABASE_BUSY_SECONDS="1",
        LOG_LEVEL="INFO",
    )


async def run_until_exit(
    folder: Path, environment: dict[str, str], timeout: float = 20
) -> tuple[int, str, float]:
    started = time.monotonic()
    process = await start_bot(folder, environment)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=timeout)
    assert process.returncode is not None
    return process.returncode, (stderr + stdout).decode(), time.monotonic() - started


def assert_stopped_in_one_line(logs: str, expected: str) -> None:
    assert "Traceback" not in logs, logs[-3000:]
    errors = [line for line in logs.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and expected in errors[0], logs[-3000:]


@pytest.mark.parametrize("fault", ["damaged", "read-only", "full", "locked"])
async def test_the_bot_refuses_to_start_on_a_failing_database_in_one_line(
    tmp_path: Path, tmpfs: Tmpfs, fake: FakeDiscord, fault: str
) -> None:
    database = await stocked_database(tmpfs.path)
    holder = None
    if fault == "damaged":
        damage(database)
    elif fault == "read-only":
        tmpfs.read_only()
    elif fault == "full":
        database.unlink()  # a first start on a full disk
        tmpfs.fill()
    else:
        holder = hold_lock(database, "all")
    try:
        code, logs, seconds = await run_until_exit(
            tmp_path, environment_for(tmp_path, database, fake)
        )
    finally:
        if holder is not None:
            release(holder)
    assert code == EXIT_STORAGE_FAULT and seconds < 15, logs[-3000:]
    expected = {
        "damaged": "is damaged",
        "read-only": "cannot be written",
        "full": "is full",
        "locked": "is locked by another program",
    }[fault]
    assert_stopped_in_one_line(logs, "cannot start: ")
    assert str(database) in logs and expected in logs
    assert fake.identifies == 0  # Discord never saw it


async def upload(
    fake: FakeDiscord, admin: dict[str, object], title: str, body: bytes = NOTICE
) -> str:
    """/corpus add of a notice; what the uploader is told."""
    add = await fake.slash(
        "corpus add",
        {"file": fake.attachment(f"{title}.txt", body), "title": title},
        user=admin,
    )
    reply = await fake.response(add, timeout=15)
    return str(reply["content"])


@pytest.mark.parametrize("fault", ["full", "deleted"])
async def test_a_database_failing_under_the_bot_stops_it_in_one_line(
    tmp_path: Path, tmpfs: Tmpfs, fake: FakeDiscord, fault: str
) -> None:
    database = tmpfs.path / "bot.sqlite3"
    role = fake.add_role("Admins", EVERYONE_PERMISSIONS | Permission.MANAGE_GUILD)
    admin = fake.add_user("ada", roles=[role])
    async with bot_process(tmp_path, environment_for(tmp_path, database, fake)) as running:
        await fake.wait_until_synced(timeout=30)
        assert (await upload(fake, admin, "Kept")).startswith("Added **Kept**")
        if fault == "full":
            tmpfs.fill(leave=8192)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        bulk = b"\n\n".join(
            b"Paragraph %d of the minutes of a long meeting." % n for n in range(3000)
        )
        said = await upload(fake, admin, "Lost", bulk)
        # Found at the write, or by the watch on the file (every 5 s) while the file was read:
        # either way the uploader hears that nothing was added.
        assert said.startswith(STORAGE_FAILED) or said.endswith(
            "the bot is restarting, so nothing was added; send it again"
        ), said
        started = time.monotonic()
        code = await asyncio.wait_for(running.process.wait(), timeout=15)
        stopped_after = time.monotonic() - started
    logs = running.logs
    assert code == EXIT_STORAGE_FAULT and stopped_after < 10, logs[-3000:]
    assert_stopped_in_one_line(logs, "stopping: the storage failed: ")
    if fault == "full":
        assert "is full" in logs
        (tmpfs.path / "filler").unlink()
        with sqlite3.connect(database) as connection:  # what was there before is whole
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            titles = connection.execute("SELECT json_extract(meta_json, '$.title') FROM documents")
            assert "Kept" in {row[0] for row in titles}
        return
    (rescued,) = tmpfs.path.glob("bot.sqlite3.rescued-*")
    assert (
        f"was deleted while the program ran, so it takes no more changes; what it held is "
        f"saved in {rescued}" in logs
    )
    with sqlite3.connect(rescued) as connection:
        titles = connection.execute("SELECT json_extract(meta_json, '$.title') FROM documents")
        assert "Kept" in {row[0] for row in titles}
    # systemd starts it again: it will not make a new, empty database in its place.
    code, again, _ = await run_until_exit(tmp_path, environment_for(tmp_path, database, fake))
    assert code == EXIT_STORAGE_FAULT
    assert_stopped_in_one_line(again, "holds what was saved when it was deleted")
    assert not database.exists()
    assert re.search(r"move that to .*bot\.sqlite3 to go on", logs)
