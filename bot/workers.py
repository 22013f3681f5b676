"""Uploads are read in worker processes, apart from the threads that answer questions.

A hostile upload (a PDF whose thousands of pages share one enormous content stream, a file
built to swell in memory) must cost the bot one worker's budget at most, and never its memory
or the threads that answer: each upload is parsed, analysed and tagged in a child process
(`bot.engine.formats.sandbox.run_isolated`: forkserver, lower CPU priority, address space and
CPU time capped, killed when its wall time runs out), the whole upload and not only its
extraction. At most `workers` run at once, and the threads that wait for them are the
runner's own, never the default executor's that answers run in. Closing the runner kills every
worker, so a shutdown does not wait for an upload.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.engine.evidence import Tagger, encode_tags
from bot.engine.formats.details import UploadDetails
from bot.engine.models import CorpusError
from bot.engine.text import analyse_document, default_analyser

if TYPE_CHECKING:
    from bot.engine.formats.upload import Upload

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PreparedUpload:
    """An upload read into a document (`upload`, not yet named), with each passage's analysed
    terms and encoded sentence tags, in passage order."""

    upload: Upload
    terms: list[list[str]]
    tags: list[str]


def prepare_upload(
    data: bytes,
    filename: str,
    details: UploadDetails,
    declared_charset: str | None = None,
    url: str | None = None,
) -> PreparedUpload:
    """Parse, analyse and tag an uploaded file (what a worker does: its extractors run in it,
    not in a worker of their own). Raises CorpusError."""
    # The upload formats are imported when a file is read, not at start (see `UploadDetails`).
    from bot.engine.formats.upload import document_from_upload

    upload = document_from_upload(
        data,
        filename,
        details,
        declared_charset=declared_charset,
        url=url,
        isolated=True,
    )
    document, terms = analyse_document(default_analyser(), upload.document)
    tagger = Tagger.of(document.meta)
    return PreparedUpload(
        dataclasses.replace(upload, document=document),
        terms,
        [encode_tags(tags) for tags in tagger.document_tags(document.passages)],
    )


class UploadWorkers:
    """Runs `prepare_upload` in worker processes (`run_isolated`): `workers` at a time, each
    within `seconds` of wall time and `memory_bytes` of address space more than it started
    with."""

    def __init__(self, workers: int, seconds: float, memory_bytes: int) -> None:
        self.workers = workers
        self.seconds = seconds
        self.memory_bytes = memory_bytes
        self._threads = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="upload")
        self._slots = asyncio.Semaphore(workers)
        self._running: set[Any] = set()  # the worker processes alive now
        self._lock = threading.Lock()
        self._closed = False

    async def prepare(
        self,
        data: bytes,
        filename: str,
        details: UploadDetails,
        *,
        declared_charset: str | None = None,
        url: str | None = None,
    ) -> PreparedUpload:
        """`prepare_upload` in a worker. Raises CorpusError naming the file: the file's own
        problem, or that it took too long or too much memory, or that the bot is stopping."""
        async with self._slots:
            if self._closed:
                raise _abandoned(filename)
            loop = asyncio.get_running_loop()
            arguments = (data, filename, details, declared_charset, url)
            return await loop.run_in_executor(self._threads, self._run, arguments, filename)

    def close(self) -> None:
        """Kill every worker (their uploads fail with "the bot is restarting") and take no
        more."""
        with self._lock:
            self._closed = True
            running = list(self._running)
        for process in running:
            with contextlib.suppress(Exception):
                process.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _run(self, arguments: tuple[Any, ...], filename: str) -> PreparedUpload:
        """In one of the runner's threads: one upload in one worker process."""
        workers: list[Any] = []

        def started(process: Any) -> None:
            with self._lock:
                workers.append(process)
                self._running.add(process)
                closed = self._closed
            if closed:  # closed while it was starting
                process.kill()

        from bot.engine.formats.sandbox import run_isolated  # an upload: formats now

        try:
            result = run_isolated(
                prepare_upload, arguments, filename, self.seconds, self.memory_bytes, started
            )
        except CorpusError:
            if self._closed:
                raise _abandoned(filename) from None
            raise
        finally:
            with self._lock:
                self._running.difference_update(workers)
        assert isinstance(result, PreparedUpload)
        return result


def _abandoned(filename: str) -> CorpusError:
    return CorpusError(filename, "the bot is restarting, so nothing was added; send it again")
