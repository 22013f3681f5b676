"""Extraction of an uploaded file in a worker process, within a wall-time and a memory limit
(`extract_isolated`; `run_isolated` runs any function so, as `bot.workers` does a whole upload).

A hostile file (a PDF page tree thousands deep, a content-stream bomb, thousands of pages
sharing one stream, an HTML page nested without end) must cost the bot a few seconds of one
core at most and never its memory: the extractor runs in a child process forked from a
preloaded server (multiprocessing's forkserver), whose address space is capped (RLIMIT_AS)
and whose CPU time is capped (RLIMIT_CPU), and which is killed when the wall time runs out.
The caller blocks on a pipe, so it belongs in a thread (`asyncio.to_thread`), never on the
event loop.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
from collections.abc import Callable
from typing import Any

from bot.engine.formats.extracted import Extracted
from bot.engine.models import CorpusError

log = logging.getLogger(__name__)

# A 2 MB article or report extracts in under a second (the 15-page three-column Federal
# Register PDF: 0.8 s); the limits leave room for a slow machine and refuse the rest.
EXTRACT_SECONDS = 8.0
EXTRACT_MEMORY_BYTES = 768 * 1024 * 1024  # address space on top of the worker's own at start
# A worker runs at this much lower priority (nice), so the bot's answers come first.
WORKER_NICENESS = 10

_PRELOAD = [
    "bot.engine.formats.html",
    "bot.engine.formats.pdf",
    "bot.engine.formats.plaintext",
    "bot.engine.formats.word",
]


def _extractors() -> dict[str, Callable[..., Extracted]]:
    from bot.engine.formats.html import extract_html
    from bot.engine.formats.pdf import extract_pdf
    from bot.engine.formats.word import extract_docx

    return {"html": extract_html, "pdf": extract_pdf, "docx": extract_docx}


_context: Any = None


def _forkserver() -> Any:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        _context = context
    return _context


def extract_isolated(
    kind: str,
    data: bytes,
    filename: str,
    *,
    seconds: float = EXTRACT_SECONDS,
    memory_bytes: int = EXTRACT_MEMORY_BYTES,
    **options: Any,
) -> Extracted:
    """Run the `kind` extractor ("html", "pdf" or "docx") on `data` in a worker process.

    Returns its `Extracted`; raises the extractor's `CorpusError`, or a `CorpusError` naming
    `filename` when the worker runs out of time (`seconds` of wall time) or memory
    (`memory_bytes` more than it started with) or dies. Blocking: call it from a thread.
    """
    result = run_isolated(
        _extract, (kind, data, filename, options), filename, seconds, memory_bytes
    )
    assert isinstance(result, Extracted)
    return result


def _extract(kind: str, data: bytes, filename: str, options: dict[str, Any]) -> Extracted:
    return _extractors()[kind](data, filename, **options)


def run_isolated(
    function: Callable[..., Any],
    args: tuple[Any, ...],
    filename: str,
    seconds: float,
    memory_bytes: int,
    started: Callable[[Any], object] | None = None,
) -> Any:
    """`function(*args)` (a module-level function, its result picklable) in a worker process
    at a lower CPU priority, within `seconds` of wall time and `memory_bytes` of address space
    more than the worker started with; `started` is told the worker process (to kill it
    early). Returns the result; raises the function's `CorpusError`, or a `CorpusError` naming
    `filename` when the worker runs out of time or memory, or dies. Blocking: call it from a
    thread."""
    context = _forkserver()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        target=_work, args=(sender, function, args, memory_bytes, seconds), daemon=True
    )
    worker.start()
    if started is not None:
        started(worker)
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise CorpusError(
                filename,
                f"reading the file took longer than {seconds:g} seconds, the limit; "
                "is it damaged or built to be slow to read? (On a busy machine, a larger "
                "UPLOAD_SECONDS setting allows more.)",
            )
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise CorpusError(filename, _death(worker)) from None
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join(1)
        if worker.exitcode is not None:
            worker.close()
    if status == "ok":
        return payload
    if status == "corpus-error":
        problem, line = payload
        raise CorpusError(filename, problem, line)
    raise CorpusError(filename, str(payload))


def _death(worker: Any) -> str:
    worker.join(1)
    log.info("extraction worker died with exit code %s", worker.exitcode)
    return (
        "reading the file needed more memory or time than an upload may use; "
        "is it damaged or built to be expensive to read?"
    )


def _work(
    sender: multiprocessing.connection.Connection,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    memory_bytes: int,
    seconds: float,
) -> None:
    """The worker: limits first, then the function; one message back."""
    try:
        _limit(memory_bytes, seconds)
        message: tuple[str, Any] = ("ok", function(*args))
    except CorpusError as error:
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
    """Cap this process's address space at what it uses now plus `memory_bytes`, and its CPU
    time a little over `seconds` (the parent kills it at `seconds` of wall time); lower its
    priority, so the bot's answers come first."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        log.debug("nice not available")
    used = _address_space()
    try:
        resource.setrlimit(resource.RLIMIT_AS, (used + memory_bytes, used + memory_bytes))
    except (ValueError, OSError):  # a platform without it: the wall time still holds
        log.debug("RLIMIT_AS not available")
    cpu = int(seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _address_space() -> int:
    try:
        with open(f"/proc/{os.getpid()}/statm") as statm:
            pages = int(statm.read().split()[0])
        return pages * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0
