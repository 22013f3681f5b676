"""The connection every query goes through: what each database supplies (rows, statements,
transactions), write transactions serialised across processes, and a driver's errors turned into
`StoreError` (a fatal one becoming the store's fault). The SQL of each concern is in its own
module (`documents.py`, `loading.py`, `remembered.py`), each a mixin of `StoreAccess`.
"""

from __future__ import annotations

import asyncio
import functools
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from bot.store.records import StoreError

T = TypeVar("T")
P = ParamSpec("P")
S = TypeVar("S", bound="StoreAccess")
Row = Sequence[Any]


def _guarded(
    method: Callable[Concatenate[S, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[S, P], Coroutine[Any, Any, T]]:
    """Turn what the database driver raises in a store method into a `StoreError` (and a fatal
    one into the store's fault: writes refused from then on, the fault listener told once)."""

    @functools.wraps(method)
    async def guarded(self: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(self, *args, **kwargs)
        except Exception as error:
            await self.checked()  # a damaged file, if the check found one, is the reason
            found = self.storage_error(error)
            if found is None:
                raise
            raise self.failed(found) from error

    return guarded


class StoreAccess(ABC):
    """A store's connection and its transactions: the base of every store mixin. A subclass
    supplies the connection (`_rows`, `_row`, `_run`, `_run_many`) and its transactions
    (`_writing`, `_read`); `_write` runs a write transaction under the write lock.

    `fault` is the fatal `StoreError` the store met, if any (every write after it is refused
    with it); `on_fault` is called once with it.
    """

    # How each database names a document's title inside its JSON metadata, and which of two
    # uploads of one file name is the newer; set by each subclass.
    TITLE: ClassVar[str]
    NEWEST_FIRST: ClassVar[str]
    # What makes ORDER BY of text compare bytes, as SQLite does (PostgreSQL follows the
    # database's locale otherwise): the engine's ties fall the same way on either database.
    BYTE_ORDER: ClassVar[str] = ""
    # The type a server's id (a Discord snowflake, 64 bits) is cast to in SQL.
    BIG_INTEGER: ClassVar[str] = "INTEGER"

    def __init__(self, location: str) -> None:
        self.location = location
        self._write_lock = asyncio.Lock()
        self.fault: StoreError | None = None
        self.on_fault: Callable[[StoreError], object] | None = None

    # --- what each database supplies --------------------------------------------------------

    @abstractmethod
    def storage_error(self, error: BaseException) -> StoreError | None:
        """The `StoreError` for an error the driver (or the file system) raised; None for any
        other error, which is raised as it is."""

    @abstractmethod
    async def _rows(self, sql: str, parameters: Sequence[object] = ()) -> list[Row]:
        """Every row `sql` gives."""

    @abstractmethod
    async def _row(self, sql: str, parameters: Sequence[object] = ()) -> Row | None:
        """The first row `sql` gives, if any."""

    @abstractmethod
    async def _run(self, sql: str, parameters: Sequence[object] = ()) -> int:
        """Run a statement; returns how many rows it changed."""

    @abstractmethod
    async def _run_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run a statement once per row of parameters."""

    @abstractmethod
    def _writing(self) -> AbstractAsyncContextManager[None]:
        """One write transaction, serialised with every other writer of the database (in any
        process): committed when the block ends, rolled back if it raises."""

    @abstractmethod
    async def _read(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work`'s reads in one transaction, so they all see one version of the data."""

    async def check_file(self) -> None:
        """Raise the store's fault, if it has one (SQLite also checks its file is still
        there)."""
        if self.fault is not None:
            raise self.fault

    async def checked(self) -> None:  # noqa: B027 (only SQLite checks beside its reads)
        """Wait for the check of the database that opening it started beside the first reads,
        if any (SQLite's); raise its StoreError when it found the database damaged."""

    # --- shared ---------------------------------------------------------------------------

    def failed(self, error: StoreError) -> StoreError:
        """Note a fatal `error` as the store's fault (writes are refused from then on) and tell
        `on_fault`, the first time; returns `error` for the caller to raise."""
        if error.fatal and self.fault is None:
            self.fault = error
            if self.on_fault is not None:
                self.on_fault(error)
        return error

    async def _write(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work` in one transaction: committed whole, or rolled back and reported.

        The database's write lock is taken first (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's
        advisory lock), so what `work` reads is what it writes over: checks made inside it
        hold against every other process too.
        """
        async with self._write_lock:
            await self.checked()  # nothing is written to a file found damaged
            await self.check_file()
            try:
                async with self._writing():
                    return await work()
            except Exception as error:
                found = self.storage_error(error)
                if found is None:
                    raise
                raise self.failed(found) from error

    @_guarded
    async def corpus_generation(self) -> int:
        """How many changes the corpus has had (bumped by the schema's triggers)."""
        row = await self._row("SELECT generation FROM corpus_state")
        return int(row[0]) if row else 0
