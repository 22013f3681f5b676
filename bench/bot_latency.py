"""The bot's own latency through the local Discord: interaction created -> answer sent.

`python -m bench.bot_latency` (and `make bench`, after the engine's table) runs the real bot
(`python -m bot run`, a process of its own, as deployed) against the project's local Discord
(`tests/fake_discord`, in this process) and asks `/ask` questions as users would:

- 50 one after another (each waits for the answer before the next is asked), then
- 50 at once, from 50 users (the per-user cooldown is off),

over two corpora: the bundled articles (`corpus/`) and the 1,069 Debatabase debates of
`../shared/data/idebate/`, imported first with `debate-bot import-debates` into the bot's
database (skipped, with a note, when the folder is absent). A question's latency is from the
moment the fake Discord creates the interaction (before it is dispatched to the bot) to the
moment it receives the request that carries the answer (the "thinking..." message filled
in, PATCH @original): the gateway, discord.py, the cog, the answer path in a worker thread,
storing the shown answer, rendering and the REST call, on loopback. Both processes share the
machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.fake_discord import FakeDiscord, SentInteraction

ROOT = Path(__file__).resolve().parent.parent
DEBATES = ROOT.parent / "shared" / "data" / "idebate"
TOKEN = "bench-token"
QUESTIONS_EACH = 50
START_TIMEOUT = 120.0
ANSWER_TIMEOUT = 60.0
IMPORT_TIMEOUT = 900.0
# Questions about the bundled articles, as a user would type them (those of bench/soak.py).
BUNDLED_QUESTIONS = (
    "what evidence does the reply cite?",
    "what did Pompeo accuse China of?",
    "how does the ambassador answer the backdoor charge?",
    "which agency in Germany checked Huawei?",
    "what does the ambassador say about open markets?",
    "who wrote the reply?",
    "what evidence does the opposition cite on internet access?",
    "how many internet shutdowns were there in 2023?",
    "what would it cost to connect everyone by 2030?",
    "is there any proof the chinese telecom giant is a danger",
    "what does the reply say about PRISM?",
    "what is the capital of France?",
)


@dataclass(frozen=True, slots=True)
class Run:
    """One corpus: the latencies of the sequential and the concurrent questions."""

    corpus: str
    documents: int
    sequential: tuple[float, ...]
    concurrent: tuple[float, ...]
    concurrent_wall: float  # from the first interaction created to the last answer
    abstained: int  # answers that quoted nothing (of both batches)

    @staticmethod
    def _percentile(values: Sequence[float], q: float) -> float:
        return float(np.percentile(values, q)) if values else float("nan")

    def p50_p99(self, concurrent: bool) -> tuple[float, float]:
        values = self.concurrent if concurrent else self.sequential
        return self._percentile(values, 50), self._percentile(values, 99)


@dataclass(frozen=True, slots=True)
class Results:
    runs: list[Run]
    notes: list[str]


def debate_questions(root: Path, count: int = QUESTIONS_EACH) -> list[str]:
    """`count` questions about debates spread over the folder: each asks about the heading of
    a debate's first point for the proposition (its first line), as a debater would."""
    points = sorted(root.rglob("pro01a-point.txt"))
    step = max(1, len(points) // count)
    questions = []
    for path in points[::step][:count]:
        lines = path.read_text(encoding="utf-8").strip().splitlines() or ["the motion"]
        heading = " ".join(lines[0].split())[:300].rstrip(".?!")
        questions.append(f"what is said about {heading}?")
    return questions


def _environment(fake: FakeDiscord, database: Path, corpus_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DEV_GUILD_ID": str(fake.guild_id),
        "DATABASE_PATH": str(database),
        "CORPUS_DIR": str(corpus_dir),
        "USER_COOLDOWN_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def import_debates(database: Path, corpus_dir: Path, root: Path) -> str:
    """`debate-bot import-debates` into `database`, as an operator would; its summary line."""
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "import-debates", str(root)],
        cwd=database.parent,
        env={
            **os.environ,
            "DATABASE_PATH": str(database),
            "CORPUS_DIR": str(corpus_dir),
            "LOG_LEVEL": "WARNING",
        },
        capture_output=True,
        text=True,
        timeout=IMPORT_TIMEOUT,
        check=False,
    )
    if completed.returncode:
        raise RuntimeError(f"import-debates failed ({completed.returncode}): {completed.stderr}")
    lines = completed.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def _documents(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])


def _answer_path(fake: FakeDiscord, interaction: SentInteraction) -> str:
    """The request that fills in the "thinking..." message with the answer."""
    token = re.escape(interaction.token)
    return rf"/webhooks/{fake.application_id}/{token}/messages/@original"


async def _answered(fake: FakeDiscord, interaction: SentInteraction) -> tuple[float, bool]:
    """Seconds from the interaction's creation to the request carrying the answer, and
    whether the answer abstained."""
    # The request is recorded when it arrives (`at`) and waited for until it is handled.
    sent = await fake.wait_for_request(
        "PATCH", _answer_path(fake, interaction), timeout=ANSWER_TIMEOUT, ok_only=True
    )
    message = await fake.response(interaction, timeout=ANSWER_TIMEOUT)
    # An answer's embed names its passages in the footer; an abstention has none.
    quoted = any(embed.get("footer") for embed in message.get("embeds") or [])
    return sent.at - interaction.created, not quoted


async def measure_corpus(
    name: str, database: Path, corpus_dir: Path, questions: Sequence[str]
) -> Run:
    """Start the bot on `database` (syncing `corpus_dir`), ask, stop it."""
    fake = FakeDiscord(token=TOKEN)
    await fake.start()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=database.parent,
        env=_environment(fake, database, corpus_dir),
    )
    try:
        await fake.wait_until_synced(timeout=START_TIMEOUT)
        users = [fake.add_user(f"asker{n}") for n in range(QUESTIONS_EACH)]
        # Warm-up: one question, not counted (the first answer pays for lazy imports).
        await _answered(fake, await fake.slash("ask", {"question": questions[0]}, user=users[0]))
        sequential: list[float] = []
        abstained = 0
        for number in range(QUESTIONS_EACH):
            question = questions[number % len(questions)]
            sent = await fake.slash("ask", {"question": question}, user=users[number])
            seconds, empty = await _answered(fake, sent)
            sequential.append(seconds)
            abstained += empty
        asked = await asyncio.gather(
            *(
                fake.slash("ask", {"question": questions[n % len(questions)]}, user=users[n])
                for n in range(QUESTIONS_EACH)
            )
        )
        results = await asyncio.gather(*(_answered(fake, sent) for sent in asked))
        concurrent = [seconds for seconds, _ in results]
        abstained += sum(empty for _, empty in results)
        first = min(sent.created for sent in asked)
        wall = max(sent.created + seconds for sent, seconds in zip(asked, concurrent, strict=True))
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), timeout=30)
            except TimeoutError:
                process.kill()
                await process.wait()
        await fake.stop()
    return Run(
        corpus=name,
        documents=_documents(database),
        sequential=tuple(sequential),
        concurrent=tuple(concurrent),
        concurrent_wall=wall - first,
        abstained=abstained,
    )


async def measure(debates: Path | None = DEBATES) -> Results:
    """Both corpora (the debates only where their folder is; None: not asked for)."""
    runs: list[Run] = []
    notes: list[str] = []
    scratch = Path(tempfile.mkdtemp(prefix="debate-bot-latency-"))
    try:
        bundled = scratch / "bundled"
        bundled.mkdir()
        runs.append(
            await measure_corpus(
                "bundled corpus", bundled / "bot.sqlite3", ROOT / "corpus", BUNDLED_QUESTIONS
            )
        )
        if debates is None:
            notes.append("Imported debates: not in this run (`python -m bench.bot_latency`).")
        elif not debates.is_dir():
            notes.append(f"Imported debates: skipped, {debates} is absent.")
        else:
            folder = scratch / "debates"
            folder.mkdir()
            no_corpus = folder / "no-bundled-corpus"
            no_corpus.mkdir()
            database = folder / "bot.sqlite3"
            started = time.perf_counter()
            summary = await asyncio.to_thread(import_debates, database, no_corpus, debates)
            notes.append(
                f"Imported debates: `debate-bot import-debates {debates}` took "
                f"{time.perf_counter() - started:.0f} s ({summary}); the bot then syncs no "
                "bundled corpus. Questions ask about the heading of a debate's first point."
            )
            runs.append(
                await measure_corpus(
                    "imported debates", database, no_corpus, debate_questions(debates)
                )
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Results(runs, notes)


def table(results: Results) -> str:
    """The bot-latency table, one row per corpus and batch."""
    header = "| corpus | documents | questions | p50 ms | p99 ms | wall | abstained |"
    lines = [
        f"The bot through the local Discord: /ask, interaction created -> answer sent "
        f"({QUESTIONS_EACH} sequential, then {QUESTIONS_EACH} concurrent from "
        f"{QUESTIONS_EACH} users; the bot in its own process, cooldown off)",
        "",
        header,
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for run in results.runs:
        for concurrent in (False, True):
            p50, p99 = run.p50_p99(concurrent)
            batch = "concurrent" if concurrent else "sequential"
            wall = f"{run.concurrent_wall:.2f} s" if concurrent else "—"
            abstained = f"{run.abstained}/{2 * QUESTIONS_EACH}" if concurrent else ""
            lines.append(
                f"| {run.corpus} | {run.documents:,} | {QUESTIONS_EACH} {batch} | "
                f"{p50 * 1000:.0f} | {p99 * 1000:.0f} | {wall} | {abstained} |"
            )
    lines += [
        "",
        *results.notes,
        f"Load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bot_latency", description=__doc__)
    parser.add_argument("--debates", type=Path, default=DEBATES, help="the idebate folder")
    options = parser.parse_args()
    print(table(asyncio.run(measure(options.debates))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
