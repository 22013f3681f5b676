"""Opted-in channels: with LISTEN_IN_CHANNELS the bot answers plain questions where asked to."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.chat.client import DebateBot
from bot.settings import Settings
from tests.chat.e2e.harness import settings_for
from tests.chat.e2e.helpers import ASK_QUESTION, embed_text, plain
from tests.fake_discord import FakeDiscord

MESSAGE_CONTENT_INTENT = 1 << 15


@pytest.fixture
def bot_settings(tmp_path: Path, fake: FakeDiscord, corpus_dir: Path) -> Settings:
    return settings_for(fake, tmp_path, corpus_dir, listen_in_channels=True)


async def test_plain_questions_are_answered_in_an_opted_in_channel(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    [identify] = fake.frames_from_client(2)
    assert identify.payload["d"]["intents"] & MESSAGE_CONTENT_INTENT

    listen = await fake.slash("listen", {"enabled": True}, user=fake.moderator)
    assert "now answer" in (await fake.response(listen))["content"]
    assert await bot.library.store.listening_channels() == {fake.channel_id}

    question = await fake.message(ASK_QUESTION)
    reply = await fake.reply_to(question)
    assert "Der Tagesspiegel" in plain(embed_text(reply))

    stop = await fake.slash("listen", {"enabled": False}, user=fake.moderator)
    assert "no longer answer" in (await fake.response(stop))["content"]
    ignored = await fake.message(ASK_QUESTION)
    barrier = await fake.message(f"<@{fake.bot_id}> {ASK_QUESTION}")
    await fake.reply_to(barrier)
    replied_to = {
        message["message_reference"]["message_id"]
        for message in fake.messages.values()
        if "message_reference" in message and message["author"]["id"] == fake.bot_user["id"]
    }
    assert ignored["id"] not in replied_to
    assert replied_to == {question["id"], barrier["id"]}
