"""Running the real DebateBot against the fake Discord: settings, start, ready, stop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from bot.chat.client import DebateBot
from bot.library import Library
from bot.settings import Settings
from tests.conftest import make_settings
from tests.fake_discord import FakeDiscord

TOKEN = "fake-token"
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
# discord.py waits this long after the last GUILD_CREATE before it fires on_ready (default 2 s).
GUILD_READY_TIMEOUT = 0.05


def settings_for(
    fake: FakeDiscord, tmp_path: Path, corpus_dir: Path, **overrides: object
) -> Settings:
    """Settings for a bot of the fake's guild: commands synced there, no cooldown."""
    values: dict[str, object] = {
        "discord_token": TOKEN,
        "dev_guild_id": fake.guild_id,
        "user_cooldown_seconds": 0,
        "upload_cooldown_seconds": 0,
        "corpus_dir": corpus_dir,
    }
    values.update(overrides)
    return make_settings(tmp_path, **values)


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, settings: Settings) -> AsyncIterator[DebateBot]:
    """A DebateBot with its own Library, logged in and ready; closed (with both) on exit."""
    library = await Library.open(settings)
    bot = DebateBot.made_for(settings, library)
    bot._connection.guild_ready_timeout = GUILD_READY_TIMEOUT
    runner = asyncio.create_task(bot.start(TOKEN), name="debate-bot")

    async def ready() -> None:
        await fake.wait_until_ready(timeout=START_TIMEOUT)
        await bot.wait_until_ready()

    try:
        waiter = asyncio.create_task(ready())
        done, _ = await asyncio.wait(
            {runner, waiter}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
        )
        if waiter not in done:
            waiter.cancel()
            if runner in done:
                runner.result()  # raises why the bot stopped
            raise TimeoutError("the bot did not become ready")
        waiter.result()
        yield bot
    finally:
        await bot.close()
        await asyncio.wait_for(runner, STOP_TIMEOUT)
        await library.close()
