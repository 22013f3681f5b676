"""Two bot processes' clients, shards 0 and 1 of 2, over one store and the local Discord: each
server is answered by the shard that owns it, from the uploads that shard holds; one shard's
connection dropping leaves the other answering."""

from __future__ import annotations

import contextlib
from pathlib import Path

import aiohttp
import pytest

from bot.engine.formats.upload import UploadDetails
from bot.library import Library
from bot.settings import Settings
from tests.chat.e2e.harness import TOKEN, running_bot, settings_for
from tests.chat.e2e.helpers import embed_text, plain
from tests.fake_discord import FakeDiscord
from tests.fake_discord.gateway import MAX_GUILDS_PER_SHARD

COSTS = {0: "140,000", 1: "260,000"}


async def ask(fake: FakeDiscord, question: str, *, guild: int) -> str:
    """The answer to /ask in `guild`, as the user reads it."""
    return plain(
        embed_text(
            await fake.response(await fake.slash("ask", {"question": question}, guild=guild))
        )
    )


def notice(shard: int) -> bytes:
    return (
        f"The trust voted on Tuesday to restore the old lighthouse of shard {shard}.\n\n"
        f"Restoring the lighthouse will cost {COSTS[shard]} pounds, the surveyor said.\n"
    ).encode()


def shard_settings(fake: FakeDiscord, tmp_path: Path, corpus_dir: Path, shard: int) -> Settings:
    """One process's settings: global commands, shard `shard` of 2, the one database."""
    return settings_for(
        fake, tmp_path, corpus_dir, dev_guild_id=None, shard_count=2, shard_ids=[shard]
    )


async def test_each_server_is_answered_by_its_own_shard(
    fake: FakeDiscord, tmp_path: Path, corpus_dir: Path, health: None
) -> None:
    fake.shard_count = 2
    guilds = {shard: fake.add_guild(f"Shard {shard} club", shard=(shard, 2)) for shard in (0, 1)}
    whole = await Library.open(settings_for(fake, tmp_path, corpus_dir))
    try:
        for shard, guild in guilds.items():
            await whole.upload(notice(shard), "notice.txt", str(guild.id), 7, UploadDetails())
    finally:
        await whole.close()
    async with contextlib.AsyncExitStack() as stack:
        bots = {}
        for shard in (0, 1):
            settings = shard_settings(fake, tmp_path, corpus_dir, shard)
            bots[shard] = await stack.enter_async_context(running_bot(fake, settings))
            await fake.wait_until_shard_ready(shard)
        for shard, bot in bots.items():
            other = guilds[1 - shard]
            # Discord told each client of its own shard's servers only.
            assert bot.get_guild(guilds[shard].id) is not None
            assert bot.get_guild(other.id) is None
            held = bot.library.engine.collection.scopes.values()
            assert str(guilds[shard].id) in held and str(other.id) not in held
        for shard, guild in guilds.items():
            # Only the owning shard holds this server's upload, so its figure is its answer.
            answer = await ask(fake, "what will the lighthouse cost?", guild=guild.id)
            assert COSTS[shard] in answer and COSTS[1 - shard] not in answer

        fake.hold_handshakes()  # shard 1 stays away
        try:
            await fake.drop_shard(1)
            assert not fake.gateway.shard_live(1) and fake.gateway.shard_live(0)
            answer = await ask(fake, "what will the lighthouse cost?", guild=guilds[0].id)
            assert COSTS[0] in answer
        finally:
            fake.release_handshakes()
        await fake.wait_until_shard_ready(1, timeout=10)  # it comes back and resumes
        answer = await ask(fake, "what will the lighthouse cost?", guild=guilds[1].id)
        assert COSTS[1] in answer


async def identify_close_code(fake: FakeDiscord, shard: object) -> int | None:
    """The close code the local Discord answers an IDENTIFY carrying `shard` with."""
    async with aiohttp.ClientSession() as session, session.ws_connect(fake.gateway_url) as ws:
        await ws.receive_json()  # HELLO
        identify = {"token": TOKEN, "intents": 1, "properties": {}, "shard": shard}
        await ws.send_json({"op": 2, "d": identify})
        while (await ws.receive()).type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            if ws.closed:
                break
        return ws.close_code


@pytest.mark.parametrize("shard", [[2, 2], [-1, 2], [0, 0], [0], "0,1"])
async def test_an_invalid_shard_is_closed_with_4010(fake: FakeDiscord, shard: object) -> None:
    assert await identify_close_code(fake, shard) == 4010


async def test_too_many_guilds_on_one_shard_is_closed_with_4011(fake: FakeDiscord) -> None:
    for number in range(MAX_GUILDS_PER_SHARD + 1):  # one past, whatever shard the first is on
        fake.add_guild(f"Club {number}", shard=(0, 2))
    assert await identify_close_code(fake, [0, 2]) == 4011
