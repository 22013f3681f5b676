"""The bot as a service, in real processes: shutdown on SIGTERM, secrets in logs, crashes.

The Discord side is the project's local Discord (tests/fake_discord), which the bot process
reaches through DISCORD_API_BASE and DISCORD_GATEWAY_URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.chat.client import EXIT_REFUSED
from bot.engine.formats.article import parse_article
from bot.engine.text import default_analyser
from bot.store import SqliteStore
from tests.conftest import BUNDLED, ROOT, SEED_ID, SERVICE_TOKEN
from tests.fake_discord import FakeDiscord
from tests.fake_discord.payloads import EVERYONE_PERMISSIONS, Permission
from tests.hostile import slow_pdf, swelling_pdf

TOKEN = SERVICE_TOKEN
QUESTIONS = [
    "what evidence does the reply cite?",
    "what did Pompeo accuse China of?",
    "how does the ambassador answer the backdoor charge?",
    "which agency in Germany checked Huawei?",
    "what is the ambassador's view of multilateralism?",
]


def bot_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    shutil.copy2(BUNDLED / f"{SEED_ID}.md", corpus)
    return {
        **os.environ,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "CORPUS_DIR": str(corpus),
        "USER_COOLDOWN_SECONDS": "0",
        "UPLOAD_COOLDOWN_SECONDS": "0",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


async def start_bot(tmp_path: Path, environment: dict[str, str]) -> asyncio.subprocess.Process:
    """`python -m bot run` as its own process, its output piped to the test."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def read_lines(stream: asyncio.StreamReader, into: list[str]) -> None:
    while line := await stream.readline():
        into.append(line.decode(errors="replace"))


def service_environment(folder: Path, fake: FakeDiscord, **extra: str) -> dict[str, str]:
    """`bot_environment` for a bot process of the local Discord's guild."""
    return bot_environment(
        folder,
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DEV_GUILD_ID=str(fake.guild_id),
        **extra,
    )


@dataclass(slots=True)
class BotProcess:
    """A bot process and every line it wrote (stderr and stdout, as they come)."""

    process: asyncio.subprocess.Process
    lines: list[str]

    @property
    def logs(self) -> str:
        return "".join(self.lines)


@contextlib.asynccontextmanager
async def bot_process(folder: Path, environment: dict[str, str]) -> AsyncIterator[BotProcess]:
    """`python -m bot run` with its output collected; killed on the way out if it still runs."""
    process = await start_bot(folder, environment)
    assert process.stdout is not None and process.stderr is not None
    running = BotProcess(process, [])
    readers = [
        asyncio.create_task(read_lines(process.stderr, running.lines)),
        asyncio.create_task(read_lines(process.stdout, running.lines)),
    ]
    try:
        yield running
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await asyncio.gather(*readers)


async def test_sigterm_lets_answers_in_flight_finish_and_logs_never_hold_the_token(
    tmp_path: Path, fake: FakeDiscord
) -> None:
    environment = service_environment(tmp_path, fake, LOG_LEVEL="DEBUG")
    process = await start_bot(tmp_path, environment)
    assert process.stdout is not None and process.stderr is not None
    stderr: list[str] = []
    stdout: list[str] = []
    readers = [
        asyncio.create_task(read_lines(process.stderr, stderr)),
        asyncio.create_task(read_lines(process.stdout, stdout)),
    ]
    try:
        await fake.wait_until_synced(timeout=30)
        interactions = [await fake.slash("ask", {"question": q}) for q in QUESTIONS]
        for interaction in interactions:
            await fake.callback(interaction, timeout=10)  # accepted: the answer is in flight
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), timeout=10)
        stopped_after = time.monotonic() - started
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await asyncio.gather(*readers)
    logs = "".join(stderr) + "".join(stdout)
    assert returncode == 0, logs[-3000:]
    assert stopped_after < 10
    for interaction in interactions:
        answered = await fake.response(interaction, timeout=1)
        assert answered["embeds"], "every answer in flight was delivered before the exit"
    assert "signal received" in logs and "stopped" in logs
    assert re.search(r"DEBUG\s+discord\.", logs), "DEBUG logging was on"
    assert TOKEN not in logs
    assert TOKEN.split(".")[1] not in logs  # nor a part of it


# --- crash safety -------------------------------------------------------------------------------


def big_article(paragraphs: int) -> str:
    words = "the council voted on the harbour plan after a long debate about traffic".split()
    rng = random.Random(7)
    body = "\n\n".join(
        " ".join(rng.choice(words) for _ in range(60)).capitalize() + f" Paragraph {n}."
        for n in range(1, paragraphs + 1)
    )
    head = "---\nid: big\ntitle: A long record\nauthor: A clerk\ndate: 2025-01-01\nkind: report\n"
    return head + "---\n\n" + body + "\n"


def ingest_command(tmp_path: Path, article: Path) -> list[str]:
    return [sys.executable, "-m", "bot", "ingest", str(article)]


def test_killing_an_ingest_leaves_whole_documents_or_none(tmp_path: Path) -> None:
    """kill -9 at 20 random moments of an ingest: the database always opens, holds the
    document whole or not at all, and the next run completes it."""
    article = tmp_path / "big.md"
    article.write_text(big_article(3000), encoding="utf-8")
    expected = len(parse_article(article.read_bytes(), str(article)).passages)
    environment = bot_environment(tmp_path, LOG_LEVEL="WARNING")
    environment["DATABASE_PATH"] = str(tmp_path / "crash.sqlite3")
    started = time.monotonic()
    subprocess.run(ingest_command(tmp_path, article), env=environment, cwd=tmp_path, check=True)
    full_run = time.monotonic() - started
    rng = random.Random(2026)
    outcomes = []
    for attempt in range(20):
        database = tmp_path / f"crash-{attempt}.sqlite3"
        environment["DATABASE_PATH"] = str(database)
        process = subprocess.Popen(
            ingest_command(tmp_path, article),
            env=environment,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.1, full_run))
        process.kill()  # SIGKILL: no handler, no cleanup
        process.wait()
        if not database.exists():
            outcomes.append("not started")
            continue
        with sqlite3.connect(database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
            if "passages" not in tables:
                outcomes.append("before schema")
                continue
            stored = connection.execute(
                "SELECT COUNT(*) FROM passages WHERE doc_id = 'big'"
            ).fetchone()[0]
            documents = connection.execute(
                "SELECT COUNT(*) FROM documents WHERE id = 'big'"
            ).fetchone()[0]
        assert (documents, stored) in {(0, 0), (1, expected)}, (attempt, documents, stored)
        outcomes.append("whole" if documents else "none")
        # The next run carries on from whatever the killed one left.
        subprocess.run(ingest_command(tmp_path, article), env=environment, cwd=tmp_path, check=True)
        with sqlite3.connect(database) as connection:
            assert connection.execute(
                "SELECT COUNT(*) FROM passages WHERE doc_id = 'big'"
            ).fetchone() == (expected,)
    assert len(outcomes) == 20
    assert "none" in outcomes or "before schema" in outcomes, outcomes  # some kills landed early


async def test_a_locked_database_is_waited_for_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite3"
    store = await SqliteStore.open(path)
    document = parse_article((BUNDLED / f"{SEED_ID}.md").read_bytes(), "seed.md")
    terms = [default_analyser().terms(p.text) for p in document.passages]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock

    async def release_later() -> None:
        await asyncio.sleep(1.0)
        other.execute("COMMIT")

    releaser = asyncio.create_task(release_later())
    started = time.monotonic()
    await store.save_documents([(document, terms, None)])
    waited = time.monotonic() - started
    await releaser
    loaded = await store.load()
    await store.close()
    other.close()
    assert waited >= 0.9  # it waited for the lock instead of failing
    assert [d.id for d in loaded.documents] == [SEED_ID]


async def test_a_refused_token_exits_78_with_one_plain_line_and_is_not_restarted(
    tmp_path: Path, fake: FakeDiscord
) -> None:
    environment = bot_environment(
        tmp_path,
        DISCORD_TOKEN="not-the-token",
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        LOG_LEVEL="INFO",
    )
    process = await start_bot(tmp_path, environment)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    logs = stderr.decode()
    assert process.returncode == EXIT_REFUSED == 78, logs[-2000:]
    unit = (ROOT / "deploy" / "debate-bot.service").read_text(encoding="utf-8")
    assert f"\nRestartPreventExitStatus={EXIT_REFUSED}\n" in unit  # systemd leaves it stopped
    assert "Discord refused the token" in logs
    assert "Traceback" not in logs
    assert "not-the-token" not in logs + stdout.decode()


# --- Discord unreachable ------------------------------------------------------------------------


class Forwarder:
    """A TCP port that refuses connections until `open()`, then forwards them to `target`: a
    Discord that cannot be reached, and then can."""

    def __init__(self, target: int) -> None:
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()  # nothing listens here until open(): connections are refused
        self._server: asyncio.Server | None = None

    async def open(self) -> None:
        self._server = await asyncio.start_server(self._pipe, "127.0.0.1", self.port)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target)

        async def copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.close()

        await asyncio.gather(copy(reader, upstream_writer), copy(upstream_reader, writer))


@pytest.mark.parametrize("down", ["gateway", "gateway and REST"])
async def test_an_unreachable_discord_is_retried_with_backoff_until_it_is_back(
    tmp_path: Path, fake: FakeDiscord, down: str
) -> None:
    forwarder = Forwarder(fake.port)
    unreachable = f"127.0.0.1:{forwarder.port}"
    environment = bot_environment(
        tmp_path,
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE=(f"http://{unreachable}/api/v10" if "REST" in down else fake.api_base),
        DISCORD_GATEWAY_URL=f"ws://{unreachable}/",
        DEV_GUILD_ID=str(fake.guild_id),
        LOG_LEVEL="INFO",
    )
    process = await start_bot(tmp_path, environment)
    assert process.stdout is not None and process.stderr is not None
    stderr: list[str] = []
    readers = [asyncio.create_task(read_lines(process.stderr, stderr))]
    try:
        await asyncio.sleep(8)  # attempts after about 0, 1, 3 and 7 seconds
        assert process.returncode is None, "it keeps trying while Discord is away"
        attempts = [line for line in stderr if "Discord cannot be reached" in line]
        assert len(attempts) >= 3, "".join(stderr)[-3000:]
        delays = [float(re.search(r"trying again in ([0-9.]+) s", a)[1]) for a in attempts]
        assert delays[0] <= 1.0 and delays[2] >= 2.0  # growing, from the upper half of 1, 2, 4
        assert all("Connect" in a or "refused" in a.lower() for a in attempts), attempts
        await forwarder.open()
        await fake.wait_until_synced(timeout=40)
        interaction = await fake.slash("ask", {"question": QUESTIONS[0]})
        answered = await fake.response(interaction, timeout=10)
        assert answered["embeds"]
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), timeout=10)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await asyncio.gather(*readers)
        await forwarder.close()
    logs = "".join(stderr)
    assert returncode == 0, logs[-3000:]
    assert "Traceback" not in logs and "AttributeError" not in logs, logs[-3000:]
    assert all(line[:4].isdigit() for line in stderr if line.strip()), "one line a record"


# --- logs -------------------------------------------------------------------------------------


async def test_debug_logs_hold_no_token_and_no_users_words(
    tmp_path: Path, fake: FakeDiscord
) -> None:
    """Everything a user sends and every token that reaches the bot, through every path that
    logs (slash commands, buttons, a mention, follow-ups and edits by webhook): at DEBUG, with
    discord.py's own loggers, none of it is in the log; questions are there as a length and a
    hash."""
    environment = service_environment(tmp_path, fake, LOG_LEVEL="DEBUG")
    said = "what did the marmalade umbrella committee say about Huawei backdoors?"
    async with bot_process(tmp_path, environment) as running:
        await fake.wait_until_synced(timeout=30)
        asked = [await fake.slash("ask", {"question": q}) for q in QUESTIONS[:3]]
        answers = [await fake.response(interaction, timeout=10) for interaction in asked]
        context = await fake.click(
            next(b["custom_id"] for b in fake.buttons(answers[0]) if ":context:" in b["custom_id"]),
            answers[0],
        )
        await fake.response(context, timeout=10)
        checked = await fake.slash("check", {"text": said})
        await fake.response(checked, timeout=10)
        mention = await fake.message(f"<@{fake.bot_id}> {said}")
        await fake.reply_to(mention, timeout=10)
        running.process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(running.process.wait(), timeout=10)
    logs = running.logs
    assert returncode == 0, logs[-3000:]
    assert re.search(r"DEBUG\s+discord\.(gateway|http)", logs), "discord.py logged at DEBUG"
    secrets = [TOKEN, *TOKEN.split("."), said, "marmalade umbrella"]
    secrets += QUESTIONS[:3]
    secrets += [interaction.token for interaction in fake.interactions]
    for secret in secrets:
        assert secret not in logs, secret
    assert re.search(r"/webhooks/\d+/\[hidden\]", logs), "webhook URLs are logged, tokens not"
    summaries = re.findall(r"question <(\d+) chars #[0-9a-f]{8}>", logs)
    assert len(summaries) >= 4 and str(len(QUESTIONS[0])) in summaries


# --- uploads cannot starve answers -------------------------------------------------------------


async def test_hostile_uploads_in_a_loop_never_keep_another_server_waiting(
    tmp_path: Path, fake: FakeDiscord
) -> None:
    """Server A uploads files built to be slow or to swell, one after another; meanwhile every
    question of server B is answered within 3 s. A's uploader hears why each was refused; the
    last one is in progress at SIGTERM, and the process exits within 10 s all the same."""
    club_b = fake.add_guild("Chess club", "general")
    role = fake.add_role("Admins", EVERYONE_PERMISSIONS | Permission.MANAGE_GUILD)
    admin = fake.add_user("ada", roles=[role])
    environment = bot_environment(
        tmp_path,
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        UPLOAD_SECONDS="4",
        UPLOAD_MEMORY_MB="256",
        LOG_LEVEL="INFO",
    )
    refusals: list[str] = []
    waits: list[float] = []

    async def hostile_uploads(rounds: int) -> None:
        for number in range(rounds):
            data, name = (slow_pdf(), "minutes") if number % 3 else (swelling_pdf(), "annex")
            add = await fake.slash(
                "corpus add",
                {"file": fake.attachment(f"{name}-{number}.pdf", data), "title": name},
                user=admin,
            )
            refusals.append(str((await fake.response(add, timeout=20))["content"]))

    async def questions_of_b(stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.monotonic()
            asked = await fake.slash(
                "ask", {"question": QUESTIONS[len(waits) % 5]}, guild=club_b.id
            )
            answer = await fake.response(asked, timeout=3)  # within 3 s, or this fails
            waits.append(time.monotonic() - started)
            assert answer["embeds"]
            await asyncio.sleep(0.1)

    async with bot_process(tmp_path, environment) as running:
        await fake.wait_until_ready(timeout=30)
        await fake.wait_for_request(
            "PUT", rf"/applications/{fake.application_id}/commands", timeout=30
        )
        stop = asyncio.Event()
        asker = asyncio.create_task(questions_of_b(stop))
        await hostile_uploads(4)
        stop.set()
        await asker
        last = await fake.slash(
            "corpus add",
            {"file": fake.attachment("late.pdf", slow_pdf()), "title": "Late"},
            user=admin,
        )
        await fake.callback(last)  # deferred: it is being read
        await asyncio.sleep(1.0)
        started = time.monotonic()
        running.process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(running.process.wait(), timeout=10)
        stopped_after = time.monotonic() - started
        told = await fake.response(last, timeout=1)
    logs = running.logs
    assert returncode == 0 and stopped_after < 10, logs[-3000:]
    assert len(waits) >= 20 and max(waits) < 3, waits
    assert len(refusals) == 4
    for refusal in refusals:
        assert refusal.startswith("Nothing was added.") and (
            "took longer than 4 seconds" in refusal
            or "memory" in refusal
            or "swells past what an upload may use" in refusal
        ), refusal
    assert "the bot is restarting, so nothing was added" in told["content"]
    assert "Traceback" not in logs
