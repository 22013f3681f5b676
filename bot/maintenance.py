"""Looking after the database apart from the bot: an online backup checked in full, and a
check of the database that changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings
from bot.store import DatabaseCheck, Fault, SqliteStore, Store, StoreError


@dataclass(frozen=True, slots=True)
class Backup:
    """A finished backup: where, its size in bytes, and what it holds."""

    path: Path
    size: int
    check: DatabaseCheck


async def backup_database(settings: Settings, target: Path) -> Backup:
    """Copy the database to `target` while the bot may be running (SQLite's online backup
    API), and check the copy in full. Raises StoreError (one plain line) if there is no
    database, it is damaged, `target` exists, or the copy cannot be written."""
    store = await Store.connect(
        settings.database_location,
        busy_seconds=settings.database_busy_seconds,
        migrate=False,
        create=False,
    )
    try:
        size = await store.backup(target)
    finally:
        await store.close()
    copy = await SqliteStore.open(target, migrate=False, create=False)
    try:
        check = await copy.integrity()
    finally:
        await copy.close()
    if not check.ok:
        raise StoreError(f"the backup {target} failed its check: {check.problems[0]}")
    return Backup(target, size, check)


async def check_database(settings: Settings) -> DatabaseCheck:
    """A full check of the database (see `Store.integrity`), without changing it: no schema
    migration, no file made. A file too damaged to open is one problem in the result."""
    path = settings.database_location
    try:
        store = await Store.connect(
            path,
            busy_seconds=settings.database_busy_seconds,
            migrate=False,
            check=False,
            create=False,
        )
    except StoreError as error:
        if error.fault is not Fault.DAMAGED:
            raise
        return DatabaseCheck(path, (str(error),), 0, 0, 0, 0)
    try:
        return await store.integrity()
    except StoreError as error:
        if error.fault is not Fault.DAMAGED:
            raise
        return DatabaseCheck(path, (str(error),), 0, 0, 0, 0)
    finally:
        await store.close()
