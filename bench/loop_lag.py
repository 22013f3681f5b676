"""Event-loop lag: a 10 ms ticker on the bot's loop while 50 questions are answered in threads.

The bot answers with `asyncio.to_thread(engine.answer, ...)` so that Discord's gateway keeps
its heartbeat; threads still share the GIL, so a long stretch of Python (or a C call that holds
the GIL) in a worker delays the loop. This runs in a fresh process that opens the Library from
SQLite like the bot does, so the loop, the heap and the worker pool are the bot's. Questions that
are still running when the cap runs out are abandoned: the process exits without waiting.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.storage import settings_for
from bot.library import Library

TICK_SECONDS = 0.010
CONCURRENT_QUESTIONS = 50
CAP_SECONDS = 120.0
IDLE_SECONDS = 0.5
ROOT = Path(__file__).resolve().parent.parent
# The article added for the corpus-change measure (one of the project's own test articles).
CHANGE_ARTICLE = ROOT / "tests" / "fixtures" / "corpus" / "car-free-centre-op-ed.md"
CHANGE_QUESTION = "what does the councillor say about the ring road?"


@dataclass(frozen=True, slots=True)
class LoopLag:
    passages: int
    questions: int
    finished: int
    seconds: float  # from the first question submitted to the last answered (or the cap)
    worst_ms: float  # the longest a 10 ms tick was late while questions ran
    p99_ms: float
    idle_worst_ms: float  # the same ticker on an idle loop, for scale
    ticks: int
    # Then a corpus change: one article added through Library.ingest, which rebuilds the engine
    # (and stores the new index) in worker threads while the loop keeps ticking.
    change_seconds: float  # from the ingest call until the new article answers
    change_worst_ms: float  # the longest a tick was late meanwhile

    @property
    def capped(self) -> bool:
        return self.finished < self.questions


def measure(database: Path, questions: Sequence[str], cap_seconds: float = CAP_SECONDS) -> LoopLag:
    """Run the ticker and `questions` in a fresh process on the Library at `database`."""
    with open(database.parent / "loop-lag-questions.json", "w", encoding="utf-8") as file:
        json.dump(list(questions), file)
        questions_path = file.name
    command = "from bench.loop_lag import child_main; child_main()"
    completed = subprocess.run(
        [sys.executable, "-c", command, str(database), questions_path, str(cap_seconds)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=cap_seconds + 600,
        check=False,
    )
    if completed.returncode or not completed.stdout.strip():
        raise RuntimeError(
            f"the event-loop process failed ({completed.returncode}): {completed.stderr}"
        )
    found = json.loads(completed.stdout.strip().splitlines()[-1])
    return LoopLag(**found)


# --- in the child ----------------------------------------------------------------------------


async def _ticker(stop: asyncio.Event, lags: list[float]) -> None:
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(TICK_SECONDS)
        lags.append(time.perf_counter() - before - TICK_SECONDS)


async def _run(database: Path, questions: list[str], cap_seconds: float) -> dict[str, object]:
    library = await Library.open(settings_for(database), sync_corpus=False)
    engine = library.engine

    idle: list[float] = []
    stop = asyncio.Event()
    ticker = asyncio.create_task(_ticker(stop, idle))
    await asyncio.sleep(IDLE_SECONDS)
    stop.set()
    await ticker

    lags: list[float] = []
    stop = asyncio.Event()
    ticker = asyncio.create_task(_ticker(stop, lags))
    started = time.perf_counter()
    tasks = [asyncio.create_task(asyncio.to_thread(engine.answer, q)) for q in questions]
    done, pending = await asyncio.wait(tasks, timeout=cap_seconds)
    elapsed = time.perf_counter() - started
    stop.set()
    await ticker
    for task in pending:
        task.cancel()  # those not started yet never start; running ones are abandoned
    for task in done:
        task.result()  # an engine error fails the benchmark rather than hiding in a count
    ordered = sorted(lags)

    change_lags: list[float] = []
    stop = asyncio.Event()
    ticker = asyncio.create_task(_ticker(stop, change_lags))
    started = time.perf_counter()
    report = await library.ingest([CHANGE_ARTICLE])
    answer = await library.ask(CHANGE_QUESTION)
    change_seconds = time.perf_counter() - started
    stop.set()
    await ticker
    if report.added != [CHANGE_ARTICLE.stem] or not answer.quotes:
        raise AssertionError(f"the added article did not answer: {report.summary()}")
    return {
        "change_seconds": change_seconds,
        "change_worst_ms": 1000 * max(change_lags, default=0.0),
        "passages": len(engine.collection.passages),
        "questions": len(questions),
        "finished": len(done),
        "seconds": elapsed,
        "worst_ms": 1000 * ordered[-1] if ordered else 0.0,
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        if ordered
        else 0.0,
        "idle_worst_ms": 1000 * max(idle, default=0.0),
        "ticks": len(lags),
    }


def child_main() -> None:
    """Entry point of the child: argv is the database, the questions file and the cap."""
    database, questions_path, cap = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
    questions = json.loads(questions_path.read_text(encoding="utf-8"))
    # Not asyncio.run: its shutdown waits for the worker threads, and past the cap some are
    # still answering. The result is printed, then the process exits without them.
    loop = asyncio.new_event_loop()
    result = loop.run_until_complete(_run(database, questions, cap))
    print(json.dumps(result), flush=True)
    os._exit(0)
