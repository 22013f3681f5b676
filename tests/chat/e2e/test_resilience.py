"""Dropped gateway connections and rate limits: the bot resumes, retries, answers once."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.chat.client import DebateBot
from tests.chat.e2e.helpers import (
    ASK_QUESTION,
    IDENTIFY,
    INVALID_SESSION,
    RESUME,
    assert_answered,
)
from tests.fake_discord import FakeDiscord

RETRY_AFTER = 0.2


@pytest.mark.parametrize("code", [4000, None], ids=["close-4000", "tcp-cut"])
async def test_bot_resumes_after_the_gateway_drops(
    bot: DebateBot, fake: FakeDiscord, code: int | None
) -> None:
    ready = next(frame for frame in fake.frames if frame.event == "READY")
    last_seq = max(frame.payload["s"] for frame in fake.frames if frame.event)
    await fake.drop_connection(code)

    resume = await fake.wait_for_frame(RESUME)
    assert resume.payload["d"]["session_id"] == ready.payload["d"]["session_id"]
    assert resume.payload["d"]["seq"] == last_seq
    await fake.wait_until_ready()
    assert (fake.identifies, fake.resumes) == (1, 1)

    ask = await fake.slash("ask", {"question": ASK_QUESTION})
    await assert_answered(fake, ask)


async def test_events_sent_while_offline_are_replayed_on_resume(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    async with fake.disconnected(4000):
        ask = await fake.slash("ask", {"question": ASK_QUESTION})
    await assert_answered(fake, ask)
    assert (fake.identifies, fake.resumes) == (1, 1)
    replayed = [
        frame
        for frame in fake.frames
        if frame.sender == "server"
        and frame.event == "INTERACTION_CREATE"
        and frame.payload["d"]["id"] == str(ask.id)
    ]
    assert len(replayed) == 1  # sent once: on resume, not into the dropped socket


async def test_invalid_session_makes_the_bot_identify_again(
    bot: DebateBot, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def identify_at_once(shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before identifying again (Discord's identify rate limit)."""

    monkeypatch.setattr(bot, "before_identify_hook", identify_at_once)
    # Waited for below, so no on_ready is still pending when the test closes the bot.
    ready_again = asyncio.ensure_future(bot.wait_for("ready", timeout=5))
    start = len(fake.frames)
    fake.forget_session()
    await fake.drop_connection(4000)
    await fake.wait_for_frame(RESUME, since=start)
    await fake.wait_for_frame(INVALID_SESSION, sender="server", since=start)
    await fake.wait_for_frame(IDENTIFY, since=start)
    await fake.wait_until_ready()
    await ready_again
    assert fake.identifies == 2
    ask = await fake.slash("ask", {"question": ASK_QUESTION})
    await assert_answered(fake, ask)


@pytest.mark.parametrize("route", ["callback", "fill"])
async def test_rate_limited_interaction_is_retried_and_answered_once(
    bot: DebateBot, fake: FakeDiscord, route: str
) -> None:
    original = rf"/webhooks/{fake.application_id}/[^/]+/messages/@original"
    if route == "callback":
        fake.fail_next("POST", r"/interactions/\d+/[^/]+/callback", 429, RETRY_AFTER)
    else:
        fake.fail_next("PATCH", original, 429, RETRY_AFTER)
    ask = await fake.slash("ask", {"question": ASK_QUESTION})
    await assert_answered(fake, ask)

    # A later command as a barrier, then count what reached "Discord" for the first one.
    barrier = await fake.slash("help")
    await fake.response(barrier)
    filled = re.escape(ask.webhook_path + "/messages/@original")
    if route == "callback":
        attempts = fake.requests_to("POST", re.escape(ask.callback_path))
    else:
        attempts = fake.requests_to("PATCH", filled)
    assert [attempt.status for attempt in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= RETRY_AFTER * 0.9  # it waited retry_after
    assert len(fake.requests_to("PATCH", filled, ok_only=True)) == 1
    assert not fake.requests_to("POST", re.escape(ask.webhook_path))  # no follow-up
    answers = [
        message
        for message in fake.messages.values()
        if message.get("interaction_metadata", {}).get("id") == str(ask.id)
    ]
    assert len(answers) == 1


async def test_globally_rate_limited_reply_is_retried_and_sent_once(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    messages = rf"/channels/{fake.channel_id}/messages"
    fake.fail_next("POST", messages, 429, RETRY_AFTER, global_=True)
    question = await fake.message(f"<@{fake.bot_id}> {ASK_QUESTION}")
    await fake.reply_to(question)

    barrier = await fake.slash("help")
    await fake.response(barrier)
    attempts = fake.requests_to("POST", messages)
    assert [attempt.status for attempt in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= RETRY_AFTER * 0.9
