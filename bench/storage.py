"""SQLite at scale: ingest throughput, and a fresh process that opens the store and answers.

The fresh process is what a restart of the bot does: start Python, import the bot, load the
corpus from SQLite, build the engine, answer (the engine's warm-up, `Library.warmed`, running
beside the first question, timed apart). Its time to the first answer is the cold start, and
its resident memory (in a process of its own, so sizes and the benchmark's own data don't mix)
is what a corpus of that size costs.
"""

from __future__ import annotations

import json
import select
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus_gen import SyntheticCorpus
from bot.engine.models import Document
from bot.engine.text import analyse_document, default_analyser
from bot.settings import Settings
from bot.store import SqliteStore

ROOT = Path(__file__).resolve().parent.parent
# Documents per transaction, as `Library.import_debates` writes them.
BATCH_DOCUMENTS = 100
CHILD_TIMEOUT_SECONDS = 600.0


def settings_for(database: Path) -> Settings:
    """Settings that read no .env, use `database`, and have no bundled corpus to sync."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_path=database,
        corpus_dir=database.parent / "no-corpus",
        discord_token=None,
    )


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (VmHWM), or NaN where /proc is absent."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


@dataclass(frozen=True, slots=True)
class IngestResult:
    passages: int
    seconds: float
    database_bytes: int

    @property
    def passages_per_second(self) -> float:
        return self.passages / self.seconds if self.seconds else float("nan")


async def ingest(
    database: Path, corpus: SyntheticCorpus, batch: int = BATCH_DOCUMENTS
) -> IngestResult:
    """Write the corpus through `Store.save_documents`, `batch` documents per transaction,
    each document analysed first as ingest analyses it (`analyse_document`: its terms, which
    `check_faithful` has found equal to the corpus's, and its sentences' runs of terms); only
    the writes are timed."""
    analyser = default_analyser()
    items: list[tuple[Document, list[list[str]], tuple[int, int] | None]] = [
        (*analyse_document(analyser, doc), None) for doc in corpus.documents
    ]
    store = await SqliteStore.open(database)
    try:
        started = time.perf_counter()
        for first in range(0, len(items), batch):
            await store.save_documents(items[first : first + batch])
        elapsed = time.perf_counter() - started
    finally:
        await store.close()
    return IngestResult(corpus.size, elapsed, database_bytes(database))


def database_bytes(database: Path) -> int:
    """The size of the database with its WAL, if any."""
    return sum(path.stat().st_size for path in database.parent.glob(database.name + "*"))


@dataclass(frozen=True, slots=True)
class ColdStart:
    """A fresh process: start, import, open the Library from SQLite, answer one question."""

    passages: int
    wall_seconds: float  # process start (Popen) to the answer line read by the parent
    import_seconds: float  # inside the child, from its first line: importing the bot
    open_seconds: float  # Library.open: SQLite load and engine build
    # The first question, through Library.ask, asked the moment the Library is open: the
    # warm-up that Library.open starts (`Library.warmed`) runs beside it, as it runs beside the
    # bot's connecting to Discord.
    answer_seconds: float
    baseline_rss_mb: float  # peak RSS after the imports, before the corpus is loaded
    peak_rss_mb: float  # peak RSS by the time the first answer is out and the warm-up done
    rss_mb: float  # resident memory then (psutil)
    # From open to the warm-up's end (it overlaps the first answer; not in the wall time).
    warm_seconds: float = 0.0

    @property
    def startup_seconds(self) -> float:
        """Interpreter start-up: what the wall time holds beyond the child's own clock."""
        return self.wall_seconds - self.import_seconds - self.open_seconds - self.answer_seconds

    @property
    def corpus_rss_mb(self) -> float:
        """What loading the corpus and building the engine added to the peak."""
        return self.peak_rss_mb - self.baseline_rss_mb

    def per_100k_mb(self) -> float:
        return self.corpus_rss_mb * 100_000 / self.passages

    def steady_per_100k_mb(self) -> float:
        """Resident memory after the first answer, less the bare process's, per 100k passages:
        what holding the corpus costs once loading is over."""
        return (self.rss_mb - self.baseline_rss_mb) * 100_000 / self.passages


# Run with `python -c`; argv: database path, question. Time starts at the child's first line;
# the parent also times from before the process is started. The peak is the kernel's high-water
# mark of this process's memory (VmHWM): ru_maxrss would carry over the parent's peak through
# fork and exec.
_OPEN_AND_ANSWER = """
import time
started = time.perf_counter()
import asyncio, json, resource, sys
from pathlib import Path
from bot.library import Library
from bot.settings import Settings
imported = time.perf_counter()


def peak_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


baseline = peak_mb()


async def main():
    database = Path(sys.argv[1])
    settings = Settings(
        _env_file=None,
        database_path=database,
        corpus_dir=database.parent / "no-corpus",
        discord_token=None,
    )
    library = await Library.open(settings, sync_corpus=False)
    opened = time.perf_counter()
    # Asked at once, as a question arriving the moment the bot is up: the warm-up Library.open
    # started runs beside it (see ColdStart).
    answer = await library.ask(sys.argv[2])
    answered = time.perf_counter()
    print(json.dumps({"answered": True}), flush=True)  # the parent's clock stops here
    await library.warmed()
    warmed = time.perf_counter()
    peak = peak_mb()
    import psutil

    result = {
        "passages": len(library.engine.collection.passages),
        "import_seconds": imported - started,
        "open_seconds": opened - imported,
        "answer_seconds": answered - opened,
        "warm_seconds": warmed - opened,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak,
        "rss_mb": psutil.Process().memory_info().rss / 2**20,
        "quotes": len(answer.quotes),
    }
    print(json.dumps(result), flush=True)
    await library.close()


asyncio.run(main())
"""


def drop_stored_index(database: Path) -> bool:
    """Delete the search index the store keeps, as a corpus change or an upgrade leaves it: the
    next start builds the index from the stored terms. True if there was one."""
    with sqlite3.connect(database) as connection:
        return connection.execute("DELETE FROM index_snapshot").rowcount > 0


def open_and_answer(database: Path, question: str) -> ColdStart:
    """Start a fresh Python that opens the Library at `database` and answers `question`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _OPEN_AND_ANSWER, str(database), question],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], CHILD_TIMEOUT_SECONDS)
    if not ready:
        process.kill()
        raise RuntimeError(f"the cold-start process gave no answer in {CHILD_TIMEOUT_SECONDS} s")
    first_line = process.stdout.readline()
    wall = time.perf_counter() - started
    rest, errors = process.communicate(timeout=CHILD_TIMEOUT_SECONDS)
    if process.returncode or not first_line or not rest.strip():
        raise RuntimeError(f"the cold-start process failed ({process.returncode}): {errors}")
    found = json.loads(rest.strip().splitlines()[-1])
    return ColdStart(
        passages=int(found["passages"]),
        wall_seconds=wall,
        import_seconds=float(found["import_seconds"]),
        open_seconds=float(found["open_seconds"]),
        answer_seconds=float(found["answer_seconds"]),
        warm_seconds=float(found["warm_seconds"]),
        baseline_rss_mb=float(found["baseline_rss_mb"]),
        peak_rss_mb=float(found["peak_rss_mb"]),
        rss_mb=float(found["rss_mb"]),
    )
