"""Past one process, end to end: two bot processes (shards 0 and 1 of 2) over one real
PostgreSQL database and the local Discord, four servers. Each server's upload answers there and
nowhere else; an import of shared debates from the command line answers in all four without a
restart; killing shard 1's process leaves shard 0 answering, and restarting it resumes its
servers."""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from tests.chat.e2e.helpers import embed_text, plain
from tests.conftest import ROOT
from tests.fake_discord import FakeDiscord
from tests.postgres import PostgresCluster
from tests.test_service import TOKEN, BotProcess, bot_environment, bot_process, service_environment

TOWNS = ("Gull Point", "Brackwater", "Seal Rock", "Fennick")
COSTS = ("140,000", "260,000", "390,000", "520,000")
DEBATES = ROOT / "tests" / "fixtures" / "debatabase"


def notice(town: str, cost: str) -> bytes:
    return (
        f"---\ntitle: The {town} lighthouse\nauthor: A Clerk\ndate: 2026-03-01\nkind: report\n"
        f"---\n\nThe trust voted on Tuesday to restore the old lighthouse at {town}.\n\n"
        f"Restoring the {town} lighthouse will cost {cost} pounds, the surveyor said.\n"
    ).encode()


async def ask(fake: FakeDiscord, question: str, guild: int, timeout: float = 10.0) -> str:
    interaction = await fake.slash("ask", {"question": question}, guild=guild)
    return plain(embed_text(await fake.response(interaction, timeout=timeout)))


@contextlib.asynccontextmanager
async def shard_process(
    folder: Path, fake: FakeDiscord, url: str, shard: int
) -> AsyncIterator[BotProcess]:
    """`python -m bot run` as shard `shard` of 2, over the database at `url`."""
    folder.mkdir(exist_ok=True)
    environment = bot_environment(  # global commands: every server has them
        folder,
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DATABASE_URL=url,
        SHARD_COUNT="2",
        SHARD_IDS=str(shard),
        CORPUS_POLL_SECONDS="60",  # changes must come by LISTEN/NOTIFY, not by polling
    )
    async with bot_process(folder, environment) as running:
        await fake.wait_until_shard_ready(shard, timeout=60)
        yield running


async def test_two_shard_processes_over_one_postgresql(
    tmp_path: Path, fake: FakeDiscord, postgres_cluster: PostgresCluster
) -> None:
    url = postgres_cluster.new_database()
    fake.shard_count = 2
    guilds = [fake.add_guild(f"Club {n}", shard=(n % 2, 2)) for n in range(4)]
    async with contextlib.AsyncExitStack() as stack:
        processes = [
            await stack.enter_async_context(shard_process(tmp_path / f"s{n}", fake, url, n))
            for n in (0, 1)
        ]
        # Each server uploads its own notice through /corpus add, to the shard that owns it.
        for guild, town, cost in zip(guilds, TOWNS, COSTS, strict=True):
            data = notice(town, cost)
            add = await fake.slash(
                "corpus add",
                {"file": fake.attachment(f"{town}.md", data)},
                user=fake.owner,
                guild=guild.id,
            )
            reply = await fake.response(add, timeout=30)
            added = plain(embed_text(reply) or str(reply.get("content")))
            assert "added" in added.lower(), added
        for guild, town, cost in zip(guilds, TOWNS, COSTS, strict=True):
            answer = await ask(fake, f"what will restoring the {town} lighthouse cost?", guild.id)
            assert cost in answer, answer
            assert not any(other in answer for other in COSTS if other != cost), answer

        # Shared debates imported from the command line answer in every server, no restart.
        imported = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "import-debates", str(DEBATES)],
            cwd=tmp_path,
            env=service_environment(tmp_path, fake, DATABASE_URL=url),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert imported.returncode == 0, imported.stderr
        question = "do school uniforms cost poor families money?"
        for guild in guilds:
            answer = ""
            for _ in range(30):  # applied within a second or so: asked until it is
                answer = await ask(fake, question, guild.id)
                if re.search(r"uniform", answer, re.IGNORECASE):
                    break
                await asyncio.sleep(0.2)
            assert re.search(r"uniform", answer, re.IGNORECASE), answer

        # Shard 1's process dies; shard 0's servers are still answered.
        processes[1].process.send_signal(signal.SIGKILL)
        await processes[1].process.wait()
        for guild, town, cost in zip(guilds[0::2], TOWNS[0::2], COSTS[0::2], strict=True):
            answer = await ask(fake, f"what will restoring the {town} lighthouse cost?", guild.id)
            assert cost in answer, answer

        # Restarted, shard 1 resumes its servers.
        await stack.enter_async_context(shard_process(tmp_path / "s1b", fake, url, 1))
        for guild, town, cost in zip(guilds[1::2], TOWNS[1::2], COSTS[1::2], strict=True):
            answer = await ask(fake, f"what will restoring the {town} lighthouse cost?", guild.id)
            assert cost in answer, answer
        for running in processes:
            assert "Traceback" not in running.logs, running.logs[-3000:]
