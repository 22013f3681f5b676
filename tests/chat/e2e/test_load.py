"""Load: 200 /ask questions from 50 users within 10 s, with the per-user cooldown on.

The bot, the fake Discord and this test share one event loop (the bot runs as a task in the
test's loop), so the latencies measured here include the fake's own work and the test's
scheduling: they are an upper bound on what the bot adds. The fake does not model Discord's
global limit of 50 requests a second; this load stays under it (about 30 a second).
"""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from pathlib import Path

import pytest

from bot.chat.client import DebateBot
from bot.settings import Settings
from tests.chat.e2e.harness import settings_for
from tests.chat.e2e.helpers import EPHEMERAL, Json, is_ephemeral
from tests.fake_discord import FakeDiscord, SentInteraction

USERS = 50
COOLDOWN = 1.0
# Each user asks four times: a question, one too soon, one after the cooldown, one too soon.
# The margins (0.7 s and 1.0 s either side of the cooldown) absorb scheduling jitter.
OFFSETS = (0.0, 0.3, 2.0, 2.3)
EXPECTED = ["answer", "cooldown", "answer", "cooldown"]
# Users come in waves of ten who ask at the same instant; the last wave's last question is at
# 4 * 1.6 + 2.3 = 8.7 s.
WAVE_SIZE = 10
WAVE_EVERY = 1.6
WINDOW = 10.0
DEADLINE = 3.0
QUESTIONS = (
    "what evidence does the reply cite?",
    "what did Pompeo accuse China of?",
    "how does the ambassador answer the backdoor charge?",
    "which agency in Germany checked Huawei?",
    "what is the ambassador's view of multilateralism?",
)
COOLDOWN_MESSAGE = re.compile(r"Slow down: you can ask again in (\d+\.\d) s\.")


@pytest.fixture
def bot_settings(tmp_path: Path, fake: FakeDiscord, corpus_dir: Path) -> Settings:
    return settings_for(fake, tmp_path, corpus_dir, user_cooldown_seconds=COOLDOWN)


async def ask_on_schedule(
    fake: FakeDiscord, user: Json, number: int, begin: float
) -> list[SentInteraction]:
    """One user's four questions, each at its time after `begin`."""
    sent = []
    for turn, offset in enumerate(OFFSETS):
        start = begin + (number // WAVE_SIZE) * WAVE_EVERY + offset
        await asyncio.sleep(max(0.0, start - time.monotonic()))
        question = QUESTIONS[(number + turn) % len(QUESTIONS)]
        sent.append(await fake.slash("ask", {"question": question}, user=user))
    return sent


def outcome(callback: Json) -> str:
    """Deferred for a public answer, or refused privately with the cooldown message."""
    if callback["type"] == 5 and not int(callback.get("data", {}).get("flags", 0)) & EPHEMERAL:
        return "answer"
    if callback["type"] == 4 and COOLDOWN_MESSAGE.fullmatch(callback["data"].get("content", "")):
        return "cooldown"
    return f"unexpected: {callback}"


async def test_200_questions_from_50_users_are_answered_in_time_with_cooldowns(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    users = [fake.add_user(f"user{n}") for n in range(USERS)]
    begin = time.monotonic()
    asked = await asyncio.gather(
        *(ask_on_schedule(fake, user, n, begin) for n, user in enumerate(users))
    )
    everything = [interaction for sent in asked for interaction in sent]
    assert len(everything) == USERS * len(OFFSETS) == 200
    created = [interaction.created for interaction in everything]
    assert max(created) - min(created) < WINDOW

    # What each user saw, in the order they asked.
    seen: list[str] = []
    for sent in asked:
        outcomes = []
        for interaction in sent:
            callback = await fake.callback(interaction, timeout=DEADLINE)
            outcomes.append(outcome(callback))
            message = await fake.response(interaction, timeout=10)
            if outcomes[-1] == "answer":
                assert message["embeds"] and not is_ephemeral(message)
            else:
                assert is_ephemeral(message) and not message.get("embeds")
                wait = COOLDOWN_MESSAGE.fullmatch(message["content"])
                assert wait and 0 < float(wait[1]) <= COOLDOWN
        assert outcomes == EXPECTED
        seen += outcomes

    # One accepted callback per interaction, within Discord's 3 s; nothing answered twice.
    latencies = []
    for interaction in everything:
        attempts = fake.requests_to("POST", re.escape(interaction.callback_path))
        assert len(attempts) == 1 and attempts[0].ok, [str(a) for a in attempts]
        latencies.append(attempts[0].at - interaction.created)
        assert fake.followups(interaction) == []
    answered = sum(1 for message in fake.messages.values() if "interaction_metadata" in message)
    assert answered == len(everything)
    assert max(latencies) < DEADLINE
    cooldowns = seen.count("cooldown")
    took = time.monotonic() - begin
    assert took < 20
    print(
        f"\nload: {len(everything)} questions from {USERS} users in "
        f"{max(created) - min(created):.1f} s; callback latency median "
        f"{statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; "
        f"{cooldowns} cooldown messages; whole test {took:.1f} s"
    )
