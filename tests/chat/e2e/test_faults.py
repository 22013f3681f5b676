"""Gateway and REST faults: the bot recovers, answers what is asked after, and answers once.

Complements test_resilience.py (a 4000 close, a cut TCP stream, INVALID_SESSION, and 429s on a
callback, the filled-in answer and a reply): here Discord's other close codes, op 7 RECONNECT, a
zombie connection, the rate limits not covered there, 5xx answers and a slow API.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from pydantic import SecretStr

from bot.chat.client import DebateBot, serve
from bot.chat.connection import REFUSALS, Refused
from bot.settings import Settings
from tests.chat.e2e.harness import running_bot
from tests.chat.e2e.helpers import (
    ASK_QUESTION,
    BROAD_QUESTION,
    HEARTBEAT,
    HEARTBEAT_ACK,
    IDENTIFY,
    INVALID_SESSION,
    RESUME,
    Json,
    assert_answered,
    button,
    embed_text,
    footer,
    plain,
)
from tests.fake_discord import FakeDiscord, SentInteraction

CLEAN_CLOSE_CODES = (1000, 1001)  # a client closing with these ends its session at Discord
DEADLINE = 3.0  # seconds Discord gives a bot to answer an interaction
STOP_TIMEOUT = 10.0
RETRY_AFTER = 0.2
# discord.py waits 1 + 2 * attempt seconds before retrying a 5xx.
SERVER_ERROR_RETRY = 1.0


# --- helpers ---------------------------------------------------------------------------------


async def assert_resumed_and_answering(
    fake: FakeDiscord, start: int, held: SentInteraction
) -> None:
    """After a resumable drop from frame `start` on: the bot resumed (no second IDENTIFY), the
    question asked meanwhile is answered, a new one too, each once."""
    await fake.wait_for_frame(RESUME, since=start)
    await fake.wait_until_ready()
    await assert_answered(fake, held)
    after = await fake.slash("ask", {"question": ASK_QUESTION})
    await assert_answered(fake, after)
    assert (fake.identifies, fake.resumes) == (1, 1)
    assert_each_interaction_answered_once(fake)


def messages_for(fake: FakeDiscord, interaction: SentInteraction) -> list[Json]:
    """Every message Discord shows as the bot's answer to the interaction."""
    return [
        message
        for message in fake.messages.values()
        if message.get("interaction_metadata", {}).get("id") == str(interaction.id)
    ]


def assert_each_interaction_answered_once(fake: FakeDiscord) -> None:
    """Every interaction of the test got exactly one accepted callback, in time, and no second
    attempt was refused (a refused one is also caught by the health check)."""
    assert fake.interactions, "the test started no interaction"
    for interaction in fake.interactions:
        attempts = fake.requests_to("POST", re.escape(interaction.callback_path))
        accepted = [attempt for attempt in attempts if attempt.ok]
        assert len(accepted) == 1, [str(attempt) for attempt in attempts]
        assert accepted[0].at - interaction.created < DEADLINE
        assert all(attempt.ok or attempt.injected for attempt in attempts)
        assert len(messages_for(fake, interaction)) <= 1


def shorten_heartbeat_timeout(bot: DebateBot, seconds: float) -> None:
    """discord.py calls a connection dead when *nothing* arrived for `heartbeat_timeout`
    (60 s by default, Client(heartbeat_timeout=...)); it does not act on one missing ACK. The
    test shortens it on the live socket, its keep-alive thread and the next connection."""
    bot._connection.heartbeat_timeout = seconds
    ws = bot._get_websocket(shard_id=0)  # the shard's socket (an AutoShardedBot has no `ws`)
    ws._max_heartbeat_timeout = seconds
    keep_alive = ws._keep_alive
    assert keep_alive is not None
    keep_alive.heartbeat_timeout = seconds


async def identify_at_once(shard_id: int | None, *, initial: bool = False) -> None:
    """discord.py waits 5 s before identifying again (Discord's identify rate limit)."""


# --- gateway ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [4001, 4002, 4003, 4005, 4008])
async def test_bot_resumes_after_a_resumable_close_code(
    bot: DebateBot, fake: FakeDiscord, code: int
) -> None:
    """4001 unknown opcode, 4002 decode error, 4003 not authenticated, 4005 already
    authenticated, 4008 rate limited: Discord lets the session be resumed."""
    start = len(fake.frames)
    async with fake.disconnected(code):
        held = await fake.slash("ask", {"question": ASK_QUESTION})  # replayed on RESUME
    await assert_resumed_and_answering(fake, start, held)


@pytest.mark.parametrize("code", [4007, 4009], ids=["invalid-seq", "session-timed-out"])
async def test_bot_identifies_anew_after_a_close_code_that_ends_the_session(
    bot: DebateBot, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    monkeypatch.setattr(bot, "before_identify_hook", identify_at_once)
    before = await fake.slash("ask", {"question": ASK_QUESTION})
    await assert_answered(fake, before)
    # Waited for below, so no on_ready is still pending when the test closes the bot.
    ready_again = asyncio.ensure_future(bot.wait_for("ready", timeout=5))
    start = len(fake.frames)
    await fake.close_gateway(code)

    # discord.py tries to RESUME first; Discord refuses (op 9, d=false) and it identifies.
    await fake.wait_for_frame(RESUME, since=start)
    refusal = await fake.wait_for_frame(INVALID_SESSION, sender="server", since=start)
    assert refusal.payload["d"] is False
    await fake.wait_for_frame(IDENTIFY, since=start)
    await fake.wait_until_ready()
    await ready_again
    assert (fake.identifies, fake.resumes) == (2, 0)

    after = await fake.slash("ask", {"question": ASK_QUESTION})
    await assert_answered(fake, after)
    assert_each_interaction_answered_once(fake)


@pytest.mark.parametrize(
    "code",
    [
        4004,  # authentication failed: the token was reset
        4010,  # invalid shard
        4011,  # sharding required
        4012,  # invalid API version
        4013,  # invalid intents
        4014,  # disallowed intents
    ],
)
async def test_bot_stops_once_on_a_close_code_it_cannot_recover_from(
    fake: FakeDiscord,
    bot_settings: Settings,
    health: None,
    caplog: pytest.LogCaptureFixture,
    code: int,
) -> None:
    """The service (as `python -m bot run` runs it) ends with the refusal instead of
    reconnecting in a loop, and closes the database on the way out."""
    caplog.set_level(logging.INFO, logger="bot")
    service = asyncio.create_task(serve(bot_settings))
    await fake.wait_until_ready(timeout=STOP_TIMEOUT)
    await fake.close_gateway(code)

    with pytest.raises(Refused) as stopped:
        await asyncio.wait_for(service, STOP_TIMEOUT)
    assert str(stopped.value) == REFUSALS[code] and f"({code}" in str(stopped.value)
    assert fake.connections_opened == 1  # no second attempt
    assert fake.identifies == 1
    assert fake.frames_from_client(RESUME) == []
    assert "stopped" in [r.getMessage() for r in caplog.records if r.name == "bot.chat.client"]


async def test_bot_with_a_wrong_token_stops_at_login(
    fake: FakeDiscord, bot_settings: Settings
) -> None:
    wrong = bot_settings.model_copy(update={"discord_token": SecretStr("not-the-token")})
    with pytest.raises(Refused, match="Discord refused the token"):
        await asyncio.wait_for(serve(wrong), STOP_TIMEOUT)
    assert fake.connections_opened == 0


async def test_reconnect_request_is_resumed_and_events_in_between_are_kept(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    first = fake.connections_opened
    start = len(fake.frames)
    fake.hold_handshakes()
    try:
        await fake.send_reconnect()  # returns once the bot has closed the socket
        held = await fake.slash("ask", {"question": ASK_QUESTION})
    finally:
        fake.release_handshakes()
    assert fake.close_codes[first] not in CLEAN_CLOSE_CODES  # the session stays resumable
    await assert_resumed_and_answering(fake, start, held)


async def test_zombie_connection_is_closed_and_resumed(
    fake: FakeDiscord, bot_settings: Settings, health: None
) -> None:
    """Heartbeats go unanswered and nothing arrives: the bot closes the socket itself
    (resumably) and resumes; the question asked meanwhile is replayed and answered once."""
    fake.heartbeat_interval_ms = 300
    async with running_bot(fake, bot_settings) as bot:
        shorten_heartbeat_timeout(bot, 1.0)
        await fake.wait_for_frame(HEARTBEAT_ACK, sender="server", since=len(fake.frames))
        zombie = fake.connections_opened
        start = len(fake.frames)
        fake.withhold_heartbeat_acks()
        during = await fake.slash("ask", {"question": ASK_QUESTION})

        await fake.wait_for_frame(RESUME, since=start, timeout=5)
        await fake.wait_until_ready()
        unanswered = [
            f
            for f in fake.frames[start:]
            if f.connection == zombie and f.sender == "client" and f.op == HEARTBEAT
        ]
        assert unanswered, "the bot kept sending heartbeats on the zombie connection"
        assert fake.close_codes[zombie] not in CLEAN_CLOSE_CODES
        await assert_answered(fake, during)
        after = await fake.slash("ask", {"question": ASK_QUESTION}, user=fake.moderator)
        await assert_answered(fake, after)
        assert (fake.identifies, fake.resumes) == (1, 1)
        assert_each_interaction_answered_once(fake)


# --- REST ------------------------------------------------------------------------------------


@dataclass
class Delivery:
    """One way the bot delivers an answer, and what a fault on it must not change."""

    method: str
    path: str  # the exact path of this delivery's request
    delivered: Callable[[], Awaitable[None]]  # waits until the user sees the answer
    copies: Callable[[], int]  # how many answers the user sees


async def deliver(fake: FakeDiscord, route: str, status: int, global_: bool = False) -> Delivery:
    """Inject one fault on `route`, make the bot deliver an answer through it."""
    app = fake.application_id
    if route == "reply":
        messages = rf"/channels/{fake.channel_id}/messages"
        fake.fail_next("POST", messages, status, RETRY_AFTER, global_)
        question = await fake.message(f"<@{fake.bot_id}> {ASK_QUESTION}")

        async def replied() -> None:
            reply = await fake.reply_to(question)
            assert "Der Tagesspiegel" in plain(embed_text(reply))

        def replies() -> int:
            return sum(
                1
                for m in fake.messages.values()
                if m.get("message_reference", {}).get("message_id") == question["id"]
            )

        return Delivery("POST", f"/channels/{fake.channel_id}/messages", replied, replies)
    if route == "edit":
        first = await fake.response(
            await fake.slash("ask", {"question": BROAD_QUESTION, "count": 1})
        )
        fake.fail_next("PATCH", rf"/webhooks/{app}/[^/]+/messages/@original", status, RETRY_AFTER)
        click = await fake.click(button(first, "answer:more:")["custom_id"], first)

        async def edited() -> None:
            assert footer(await fake.response(click)).startswith("2 of ")

        return Delivery(
            "PATCH",
            click.webhook_path + "/messages/@original",
            edited,
            lambda: sum(1 for m in fake.messages.values() if footer(m).startswith("2 of ")),
        )
    original = rf"/webhooks/{app}/[^/]+/messages/@original"
    if route == "callback":
        fake.fail_next("POST", r"/interactions/\d+/[^/]+/callback", status, RETRY_AFTER, global_)
    else:  # "fill": the "thinking…" message filled in with the answer
        fake.fail_next("PATCH", original, status, RETRY_AFTER, global_)
    ask = await fake.slash("ask", {"question": ASK_QUESTION})

    async def answered() -> None:
        await assert_answered(fake, ask)

    if route == "callback":
        return Delivery("POST", ask.callback_path, answered, lambda: len(messages_for(fake, ask)))
    path = ask.webhook_path + "/messages/@original"
    return Delivery("PATCH", path, answered, lambda: len(messages_for(fake, ask)))


async def assert_retried_and_delivered_once(
    fake: FakeDiscord, delivery: Delivery, status: int, waited: float
) -> None:
    await delivery.delivered()
    # A later command as a barrier: anything still in flight for the first has arrived.
    barrier = await fake.slash("help")
    await fake.response(barrier)
    attempts = fake.requests_to(delivery.method, re.escape(delivery.path))
    assert [(a.status, a.injected) for a in attempts[:1]] == [(status, True)]
    assert len(attempts) == 2 and attempts[1].ok, [str(a) for a in attempts]
    assert attempts[1].at - attempts[0].at >= waited * 0.9  # it waited before retrying
    assert delivery.copies() == 1
    assert_each_interaction_answered_once(fake)


@pytest.mark.parametrize(
    ("route", "global_"),
    [("callback", True), ("fill", True), ("reply", False), ("edit", False)],
    ids=["callback-global", "fill-global", "reply-route", "edit-route"],
)
async def test_rate_limit_is_waited_out_and_the_answer_sent_once(
    bot: DebateBot, fake: FakeDiscord, route: str, global_: bool
) -> None:
    delivery = await deliver(fake, route, 429, global_)
    await assert_retried_and_delivered_once(fake, delivery, 429, RETRY_AFTER)


@pytest.mark.parametrize(
    ("route", "status"),
    [
        ("fill", 500),
        ("fill", 502),
        ("fill", 503),
        ("edit", 500),
        ("callback", 503),
        ("reply", 500),
    ],
)
async def test_server_error_is_retried_and_the_answer_sent_once(
    bot: DebateBot, fake: FakeDiscord, route: str, status: int
) -> None:
    delivery = await deliver(fake, route, status)
    await assert_retried_and_delivered_once(fake, delivery, status, SERVER_ERROR_RETRY)


async def test_service_unavailable_on_a_reply_is_retried(bot: DebateBot, fake: FakeDiscord) -> None:
    delivery = await deliver(fake, "reply", 503)
    await asyncio.wait_for(delivery.delivered(), SERVER_ERROR_RETRY + 0.8)
    assert delivery.copies() == 1


async def test_slow_api_for_an_answer_still_delivers_once_and_holds_up_nobody(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    slow_for = DEADLINE + 0.5
    original = rf"/webhooks/{fake.application_id}/[^/]+/messages/@original"
    fake.delay_next("PATCH", original, slow_for)
    slow = await fake.slash("ask", {"question": ASK_QUESTION})
    filled = re.escape(slow.webhook_path + "/messages/@original")
    held = await fake.wait_for_arrival("PATCH", filled)
    assert held.delayed == slow_for

    # Meanwhile another user asks: their answer does not wait behind the slow request.
    other = await fake.slash("ask", {"question": ASK_QUESTION}, user=fake.moderator)
    await assert_answered(fake, other)
    assert not held.handled, "the other answer came while the slow one was still held"

    await assert_answered(fake, slow)
    assert held.handled and held.ok
    assert len(fake.requests_to("PATCH", filled)) == 1  # not re-sent
    assert len(messages_for(fake, slow)) == 1
    assert_each_interaction_answered_once(fake)  # both callbacks within 3 s
