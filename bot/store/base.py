"""The store as callers see it: `Store.connect` opens SQLite or PostgreSQL, and `Store` is every
read and write of the corpus, answers, feedback and channel settings, in SQL that SQLite and
PostgreSQL both take (`?` placeholders, `ON CONFLICT` upserts, `RETURNING`), gathered from one
mixin a concern: `documents.py` (writing the corpus), `loading.py` (reading it back, the stored
index), `remembered.py` (feedback, channels, commands, shown answers), over `access.py` (the
connection, transactions and faults). A subclass supplies the connection (`_rows`, `_row`,
`_run`, `_run_many`), its transactions (`_writing`, `_read`), its schema and migrations, and what
only its database can do (a file's identity and online backup for SQLite; a change feed for
PostgreSQL).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import AsyncIterator
from pathlib import Path
from typing import ClassVar

from bot.store.access import Row, _guarded
from bot.store.documents import DocumentWrites
from bot.store.loading import CorpusReads
from bot.store.records import CorpusChange, DatabaseCheck, StoreError
from bot.store.remembered import BotMemory

# What the databases' modules take from here (mypy --strict re-exports only what is listed).
__all__ = ["Row", "Store", "_guarded", "is_postgres_url"]


def is_postgres_url(location: str) -> bool:
    """Whether `location` is a PostgreSQL URL (`postgresql://` or `postgres://`)."""
    return location.startswith(("postgresql://", "postgres://"))


class Store(DocumentWrites, CorpusReads, BotMemory):
    """The database behind the bot and the command line: `SqliteStore` (a file, the embedded
    default) or `PostgresStore` (a server several processes share). Open one with
    `await Store.connect(location)`; close it with `close()`.

    `location` is what messages name: the file's path, or the server's URL without its
    password. A fatal error (see `FATAL_FAULTS`) becomes the store's `fault`: every write after
    it is refused with it, and `on_fault` is called once (the bot stops on it).
    """

    # Whether `corpus_changes` announces other processes' changes as they commit (PostgreSQL);
    # without it, `changes_since` is polled.
    HAS_CHANGE_FEED: ClassVar[bool] = False

    @staticmethod
    async def connect(
        location: str | Path,
        *,
        busy_seconds: float | None = None,
        migrate: bool = True,
        check: bool = True,
        create: bool = True,
    ) -> Store:
        """Open the database `location` names: a `postgresql://` (or `postgres://`) URL opens
        a `PostgresStore`, anything else is the path of an SQLite file (`SqliteStore`; `check`
        and `create` are its own).

        Raises StoreError, one plain line, when it cannot be opened, checked or migrated.
        """
        text = str(location)
        if is_postgres_url(text):
            try:
                from bot.store.postgres import PostgresStore
            except ImportError as error:
                raise StoreError(
                    f"DATABASE_URL names a PostgreSQL database, but its driver is not installed "
                    f"({error.name}): pip install -e '.[postgres]'"
                ) from None
            return await PostgresStore.open(text, busy_seconds=busy_seconds, migrate=migrate)
        from bot.store.sqlite import SqliteStore

        return await SqliteStore.open(
            Path(text), busy_seconds=busy_seconds, migrate=migrate, check=check, create=create
        )

    @abstractmethod
    async def close(self) -> None:
        """Close the connections; a failure to close cleanly is logged, not raised."""

    @abstractmethod
    async def schema_version(self) -> int:
        """The schema version the database is at (see each database's migrations)."""

    @abstractmethod
    async def integrity(self) -> DatabaseCheck:
        """A full check of the database and what it holds."""

    @abstractmethod
    async def backup(self, target: Path) -> int:
        """Copy the database to the file `target`; returns its size in bytes. Raises
        StoreError if it cannot (see each database)."""

    def corpus_changes(self) -> AsyncIterator[CorpusChange]:
        """Every corpus change any process commits from now on, as it is announced; only where
        `HAS_CHANGE_FEED` (raises NotImplementedError elsewhere)."""
        raise NotImplementedError(f"{type(self).__name__} has no change feed; poll changes_since")
