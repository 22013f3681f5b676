"""The database file failing under the store: damaged, not a database, full, read-only, locked,
missing, deleted or replaced while open; and the backup and check made for those days.

Real files throughout: bytes flipped in a real database, a real tmpfs filled or remounted
read-only, a lock held by another process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.engine.formats.upload import UploadDetails
from bot.library import Library
from bot.maintenance import backup_database, check_database
from bot.settings import Settings
from bot.store import Fault, SqliteStore, StoreError
from tests.conftest import ROOT, Tmpfs, make_settings

CLUB = "111111111111111111"
NOTICE = b"The harbour trust voted to restore the lighthouse.\n\nIt will cost 140,000 pounds.\n"


def database_threads() -> list[str]:
    """The database threads still running, a moment after the last one was told to stop."""
    deadline = time.monotonic() + 2
    while True:
        names = [t.name for t in threading.enumerate() if "_connection_worker_thread" in t.name]
        if not names or time.monotonic() > deadline:
            return names
        time.sleep(0.01)


def damage(path: Path) -> None:
    """Flip bytes in the middle of every data page after the schema pages."""
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page * 3, len(data), page):
        for offset in range(start + 100, min(start + 400, len(data))):
            data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


async def stocked_database(folder: Path, name: str = "db.sqlite3") -> Path:
    """A database holding the bundled corpus and one server upload, closed (checkpointed)."""
    settings = make_settings(folder, database_path=folder / name)
    library = await Library.open(settings)
    await library.upload(NOTICE, "notice.txt", CLUB, 7, UploadDetails(title="Notice"))
    await library.close()
    return settings.database_path


@pytest.fixture
def faults() -> Iterator[list[StoreError]]:
    yield []


@contextlib.asynccontextmanager
async def opened(settings: Settings, faults: list[StoreError]) -> AsyncIterator[Library]:
    """A library on `settings`, whose storage faults are appended to `faults`; closed after."""
    library = await Library.open(settings)
    library.on_storage_fault(faults.append)
    try:
        yield library
    finally:
        await library.close()


def assert_one_line(error: StoreError) -> None:
    assert "\n" not in str(error) and "Traceback" not in str(error)


async def test_a_damaged_database_is_refused_at_open_in_one_line(tmp_path: Path) -> None:
    path = await stocked_database(tmp_path)
    damage(path)
    with pytest.raises(StoreError) as caught:
        await Library.open(make_settings(tmp_path, database_path=path))
    assert caught.value.fault is Fault.DAMAGED and caught.value.fatal
    assert str(caught.value).startswith(f"the database {path} is damaged (")
    assert "`debate-bot backup`" in str(caught.value)
    assert_one_line(caught.value)
    assert database_threads() == []  # nothing keeps the process from exiting


async def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"these are the minutes of the meeting, not a database\n" * 200)
    with pytest.raises(StoreError) as caught:
        await SqliteStore.open(path)
    assert caught.value.fault is Fault.DAMAGED
    assert "file is not a database" in str(caught.value)
    assert database_threads() == []


async def test_a_full_disk_at_start_is_one_plain_error(tmpfs: Tmpfs) -> None:
    tmpfs.fill()
    with pytest.raises(StoreError) as caught:
        await Library.open(make_settings(tmpfs.path))
    assert caught.value.fault is Fault.FULL
    assert str(caught.value) == (
        f"the disk holding the database {tmpfs.path / 'test.sqlite3'} is full; free some "
        "space and start again"
    )
    assert database_threads() == []


async def test_a_full_disk_at_a_write_refuses_it_and_every_write_after(
    tmpfs: Tmpfs, faults: list[StoreError]
) -> None:
    async with opened(make_settings(tmpfs.path), faults) as library:
        tmpfs.fill()
        big = b"\n\n".join(
            b"Paragraph %d of a long notice about the lighthouse." % n for n in range(3000)
        )
        with pytest.raises(StoreError) as caught:
            await library.upload(big, "big.txt", CLUB, 7, UploadDetails(title="Big"))
        assert caught.value.fault is Fault.FULL
        assert faults == [caught.value]  # told once
        (tmpfs.path / "filler").unlink()  # space again: the store still refuses, it stopped
        with pytest.raises(StoreError) as again:
            await library.upload(NOTICE, "small.txt", CLUB, 7, UploadDetails(title="Small"))
        assert again.value is caught.value and faults == [caught.value]
        assert library.own_documents(CLUB) == []


async def test_a_read_only_disk_at_start_is_one_plain_error(tmpfs: Tmpfs) -> None:
    path = await stocked_database(tmpfs.path)
    tmpfs.read_only()
    with pytest.raises(StoreError) as caught:
        await Library.open(make_settings(tmpfs.path, database_path=path))
    assert caught.value.fault is Fault.READ_ONLY
    assert str(caught.value) == (
        f"the database {path} cannot be written: the file or its disk is read-only"
    )
    assert database_threads() == []


HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "all":  # readers too: only while no other connection has the file open
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
connection.execute("BEGIN IMMEDIATE")
connection.execute("CREATE TABLE IF NOT EXISTS held (a)")
print("held", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


def hold_lock(path: Path, what: str) -> subprocess.Popen[str]:
    """Another process holding `path`'s write lock ("writes") or every lock ("all") until its
    stdin gets a line."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), what],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.write("go\n")
    holder.stdin.flush()
    holder.wait(timeout=10)


async def test_a_lock_held_past_the_busy_time_fails_in_one_line_and_passes(
    tmp_path: Path, faults: list[StoreError]
) -> None:
    path = await stocked_database(tmp_path)
    holder = hold_lock(path, "all")
    started = time.monotonic()
    try:
        with pytest.raises(StoreError) as caught:
            await SqliteStore.open(path, busy_seconds=1.0)
    finally:
        release(holder)
    assert caught.value.fault is Fault.LOCKED and not caught.value.fatal
    assert 0.9 <= time.monotonic() - started < 5
    assert str(caught.value).startswith(f"the database {path} is locked by another program")
    assert database_threads() == []
    # At a write: refused, not fatal; the next write after the lock is gone goes through.
    settings = make_settings(tmp_path, database_path=path, database_busy_seconds=1.0)
    async with opened(settings, faults) as library:
        holder = hold_lock(path, "writes")
        try:
            with pytest.raises(StoreError) as locked:
                await library.upload(NOTICE, "b.txt", CLUB, 7, UploadDetails(title="B"))
        finally:
            release(holder)
        assert locked.value.fault is Fault.LOCKED and faults == []
        await library.upload(NOTICE, "b.txt", CLUB, 7, UploadDetails(title="B"))
        assert len(library.own_documents(CLUB)) == 2


async def test_a_database_whose_wal_is_left_is_not_silently_made_again(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.with_name("db.sqlite3-wal").write_bytes(b"\0" * 4096)
    with pytest.raises(StoreError) as caught:
        await SqliteStore.open(path)
    assert caught.value.fault is Fault.MISSING
    assert "is missing but its write-ahead log" in str(caught.value)
    assert not path.exists()


async def test_a_folder_that_cannot_be_made_is_one_plain_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the folder should be\n")
    with pytest.raises(StoreError) as caught:
        await SqliteStore.open(tmp_path / "data" / "db.sqlite3")
    assert caught.value.fault is Fault.MISSING
    assert_one_line(caught.value)


async def test_a_database_deleted_while_open_takes_no_more_writes_and_is_saved(
    tmp_path: Path, faults: list[StoreError]
) -> None:
    settings = make_settings(tmp_path)
    async with opened(settings, faults) as library:
        first = await library.upload(NOTICE, "a.txt", CLUB, 7, UploadDetails(title="Kept"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{settings.database_path}{suffix}").unlink(missing_ok=True)
        with pytest.raises(StoreError) as caught:
            await library.upload(NOTICE, "b.txt", CLUB, 7, UploadDetails(title="Lost"))
        assert caught.value.fault is Fault.GONE and faults == [caught.value]
        (rescued,) = tmp_path.glob("test.sqlite3.rescued-*")
        assert str(caught.value) == (
            f"the database file {settings.database_path} was deleted while the program ran, "
            f"so it takes no more changes; what it held is saved in {rescued}: move that to "
            f"{settings.database_path} to go on with it"
        )
        assert [d.id for d in library.own_documents(CLUB)] == [first.document.id]
    with sqlite3.connect(rescued) as copy:
        assert copy.execute("SELECT id FROM documents WHERE scope = ?", (CLUB,)).fetchall() == [
            (first.document.id,)
        ]
    # A new, empty database is not made in its place while the rescued copy waits.
    with pytest.raises(StoreError, match="holds what was saved when it was deleted"):
        await Library.open(settings)
    assert not settings.database_path.exists()
    rescued.rename(settings.database_path)
    library = await Library.open(settings)
    try:
        assert [d.id for d in library.own_documents(CLUB)] == [first.document.id]
    finally:
        await library.close()


async def test_a_database_replaced_while_open_is_left_alone(
    tmp_path: Path, faults: list[StoreError]
) -> None:
    settings = make_settings(tmp_path)
    async with opened(settings, faults) as library:
        other = await stocked_database(tmp_path, "other.sqlite3")
        os.replace(other, settings.database_path)
        before = settings.database_path.read_bytes()
        with pytest.raises(StoreError, match="was replaced by another file while"):
            await library.remove("anything", CLUB, 7)
        assert settings.database_path.read_bytes() == before
        assert len(faults) == 1


async def test_watching_notices_a_deleted_database_without_a_write(
    tmp_path: Path, faults: list[StoreError]
) -> None:
    settings = make_settings(tmp_path)
    async with opened(settings, faults) as library:
        watcher = asyncio.create_task(library.watch_storage(0.05))
        settings.database_path.unlink()
        await asyncio.wait_for(watcher, timeout=5)
        assert [f.fault for f in faults] == [Fault.GONE]


async def test_a_backup_is_a_checked_copy_and_never_overwrites(tmp_path: Path) -> None:
    path = await stocked_database(tmp_path)
    settings = make_settings(tmp_path, database_path=path)
    library = await Library.open(settings)  # open meanwhile, as the bot would be
    try:
        backup = await backup_database(settings, tmp_path / "backups" / "monday.sqlite3")
        assert backup.check.ok and backup.check.documents == 3 and backup.check.servers == 1
        assert backup.size == backup.path.stat().st_size
        with pytest.raises(StoreError, match="exists already"):
            await backup_database(settings, backup.path)
    finally:
        await library.close()
    restored = make_settings(tmp_path, database_path=backup.path)
    library = await Library.open(restored)
    try:
        assert len(library.own_documents(CLUB)) == 1
    finally:
        await library.close()
    with pytest.raises(StoreError, match="there is no database at"):
        await backup_database(make_settings(tmp_path / "none"), tmp_path / "x.sqlite3")
    assert not (tmp_path / "none").exists()


async def test_check_reports_a_whole_database_and_a_damaged_one(tmp_path: Path) -> None:
    path = await stocked_database(tmp_path)
    settings = make_settings(tmp_path, database_path=path)
    whole = await check_database(settings)
    assert whole.ok and whole.documents == 3 and whole.passages > 10
    damage(path)
    broken = await check_database(settings)
    assert not broken.ok and broken.problems
    with pytest.raises(StoreError, match="there is no database at"):
        await check_database(make_settings(tmp_path / "none"))


# --- the command line: one plain line and exit 1, within seconds -----------------------------


def cli(folder: Path, database: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    environment = {
        **os.environ,
        "DATABASE_PATH": str(database),
        "CORPUS_DIR": str(ROOT / "corpus"),
        "DISCORD_TOKEN": "",
        "LOG_LEVEL": "INFO",
        "DATABASE_BUSY_SECONDS": "1",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, time.monotonic() - started


def assert_refused_in_one_line(
    result: subprocess.CompletedProcess[str], seconds: float, expected: str
) -> None:
    assert result.returncode == 1, result.stderr
    # No hang: the refusal comes well before the 60 s the run is given (not a timing: a
    # loaded machine took 12 s for a 4,000-paragraph file).
    assert seconds < 45
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and expected in errors[0], result.stderr
    assert all(" ERROR " not in line for line in result.stderr.splitlines()), result.stderr


async def test_the_cli_refuses_a_damaged_database_in_one_line(tmp_path: Path) -> None:
    path = await stocked_database(tmp_path)
    damage(path)
    result, seconds = cli(tmp_path, path, "sources")
    assert_refused_in_one_line(result, seconds, f"the database {path} is damaged")


async def test_the_cli_refuses_a_read_only_disk_in_one_line(tmpfs: Tmpfs) -> None:
    path = await stocked_database(tmpfs.path)
    tmpfs.read_only()
    result, seconds = cli(tmpfs.path.parent, path, "ask", "what will the lighthouse cost?")
    assert_refused_in_one_line(result, seconds, "cannot be written: the file or its disk is")


async def test_the_cli_refuses_a_full_disk_at_start_and_at_a_write(tmpfs: Tmpfs) -> None:
    path = tmpfs.path / "db.sqlite3"
    tmpfs.fill()
    result, seconds = cli(tmpfs.path.parent, path, "sources")
    assert_refused_in_one_line(result, seconds, "is full; free some space")
    (tmpfs.path / "filler").unlink()
    await stocked_database(tmpfs.path)
    tmpfs.fill(leave=200_000)
    big = tmpfs.path.parent / "big.txt"
    big.write_text(
        "\n\n".join(f"Paragraph {n} of a long notice about the lighthouse." for n in range(4000))
    )
    result, seconds = cli(
        tmpfs.path.parent, path, "ingest", "--guild", CLUB, "--title", "Big", str(big)
    )
    assert_refused_in_one_line(result, seconds, "is full; free some space")


async def test_the_cli_refuses_a_locked_database_in_one_line(tmp_path: Path) -> None:
    path = await stocked_database(tmp_path)
    holder = hold_lock(path, "all")
    try:
        result, seconds = cli(tmp_path, path, "sources")
    finally:
        release(holder)
    assert_refused_in_one_line(result, seconds, "is locked by another program")


async def test_the_cli_refuses_a_database_deleted_with_its_wal_left(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.with_name("db.sqlite3-wal").write_bytes(b"\0" * 4096)
    result, seconds = cli(tmp_path, path, "sources")
    assert_refused_in_one_line(result, seconds, "is missing but its write-ahead log")
