"""Uploads are read in worker processes, apart from the threads that answer questions.

A hostile upload (a PDF whose thousands of pages share one enormous content stream, a file
built to swell in memory) must cost the bot one worker's budget at most, and never its memory
or the threads that answer: each upload is parsed, analysed and tagged in a child process
(multiprocessing's forkserver, with the parsers preloaded), at a lower CPU priority, whose
address space and CPU time are capped and which is killed when its wall time runs out. At most
`workers` run at once, and the threads that wait for them are the runner's own, never the
default executor's that answers run in. Closing the runner kills every worker, so a shutdown
does not wait for an upload.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from bot.engine.evidence import Tagger, encode_tags
from bot.engine.formats.upload import Upload, UploadDetails, document_from_upload
from bot.engine.models import CorpusError
from bot.engine.text import default_analyser

log = logging.getLogger(__name__)

# Imported once in the forkserver, so each worker starts with the parsers and the analyser
# loaded (a fork, not an import). trafilatura and pypdf (0.3-0.7 s to import) are left to the
# workers that need them: every command-line ingest would pay for them otherwise.
_PRELOAD = ["bot.workers"]
# A worker runs at this much lower priority (nice), so the bot's answers come first.
WORKER_NICENESS = 10


@dataclass(frozen=True, slots=True)
class PreparedUpload:
    """An upload read into a document (`upload`, not yet named), with each passage's analysed
    terms and encoded sentence tags, in passage order."""

    upload: Upload
    terms: list[list[str]]
    tags: list[str]


def prepare_upload(
    data: bytes, filename: str, details: UploadDetails, today: dt.date
) -> PreparedUpload:
    """Parse, analyse and tag an uploaded file (what a worker does). Raises CorpusError."""
    upload = document_from_upload(data, filename, details, today)
    passages = upload.document.passages
    analyser = default_analyser()
    tagger = Tagger.of(upload.document.meta)
    return PreparedUpload(
        upload,
        [analyser.terms(passage.text) for passage in passages],
        [encode_tags(tagger.tags(passage)) for passage in passages],
    )


class UploadWorkers:
    """Runs `prepare_upload` in worker processes: `workers` at a time, each within `seconds`
    of wall time and `memory_bytes` of address space more than it started with."""

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
        self, data: bytes, filename: str, details: UploadDetails, today: dt.date
    ) -> PreparedUpload:
        """`prepare_upload` in a worker. Raises CorpusError naming the file: the file's own
        problem, or that it took too long or too much memory, or that the bot is stopping."""
        async with self._slots:
            if self._closed:
                raise _abandoned(filename)
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(
                self._threads, self._run, data, filename, details, today
            )

    def close(self) -> None:
        """Kill every worker (their uploads fail with "the bot is stopping") and take no more."""
        self._closed = True
        with self._lock:
            running = list(self._running)
        for process in running:
            with contextlib.suppress(Exception):
                process.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _run(
        self, data: bytes, filename: str, details: UploadDetails, today: dt.date
    ) -> PreparedUpload:
        """In one of the runner's threads: start a worker, wait for its one message."""
        context = _forkserver()
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_work,
            args=(sender, data, filename, details, today, self.memory_bytes, self.seconds),
            daemon=True,
        )
        with self._lock:
            if self._closed:
                raise _abandoned(filename)
            process.start()
            self._running.add(process)
        sender.close()
        try:
            if not receiver.poll(self.seconds):
                log.info("an upload ran out of time (%g s); its worker is stopped", self.seconds)
                raise CorpusError(
                    filename,
                    f"reading the file took longer than {self.seconds:g} seconds, the most an "
                    "upload may take; is it damaged, or built to be slow to read?",
                )
            try:
                status, payload = receiver.recv()
            except EOFError:
                raise (_abandoned(filename) if self._closed else _died(filename)) from None
        finally:
            receiver.close()
            if process.is_alive():
                process.kill()
            process.join(2)
            with self._lock:
                self._running.discard(process)
        if status == "ok":
            assert isinstance(payload, PreparedUpload)
            return payload
        if status == "corpus-error":
            problem, line = payload
            raise CorpusError(filename, problem, line)
        raise CorpusError(filename, str(payload))


def _abandoned(filename: str) -> CorpusError:
    return CorpusError(filename, "the bot is restarting, so nothing was added; send it again")


def _died(filename: str) -> CorpusError:
    log.info("an upload's worker died (out of memory or CPU time)")
    return CorpusError(
        filename,
        "reading the file needed more memory or time than an upload may use; is it damaged, "
        "or built to be expensive to read?",
    )


_context: Any = None
_context_lock = threading.Lock()


def _forkserver() -> Any:
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _context = context
        return _context


def _work(
    sender: multiprocessing.connection.Connection,
    data: bytes,
    filename: str,
    details: UploadDetails,
    today: dt.date,
    memory_bytes: int,
    seconds: float,
) -> None:
    """The worker: limits first, then the upload; one message back."""
    try:
        _limit(memory_bytes, seconds)
        message: tuple[str, Any] = ("ok", prepare_upload(data, filename, details, today))
    except CorpusError as error:  # sent as parts: an exception of its own shape does not pickle
        message = ("corpus-error", (error.problem, error.line))
    except MemoryError:
        message = ("failed", "reading the file needed more memory than an upload may use")
    except RecursionError:
        message = ("failed", "the file's structure nests too deep to read")
    except Exception as error:  # the worker reports every failure as the file's
        message = ("failed", f"the file cannot be read ({type(error).__name__})")
    try:
        sender.send(message)
    finally:
        sender.close()


def _limit(memory_bytes: int, seconds: float) -> None:
    """This process's address space at what it uses now plus `memory_bytes`, its CPU time a
    little over `seconds` (the parent kills it at `seconds` of wall time), its priority low."""
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    used = _address_space()
    with contextlib.suppress(ValueError, OSError):  # a platform without it: wall time holds
        resource.setrlimit(resource.RLIMIT_AS, (used + memory_bytes, used + memory_bytes))
    cpu = int(seconds) + 2
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _address_space() -> int:
    """This process's address space in bytes (0 where /proc is absent)."""
    try:
        with open(f"/proc/{os.getpid()}/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0
