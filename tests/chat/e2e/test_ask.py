"""Asking: /ask, mentions in a channel, replies, and questions that try to ping people."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from bot.chat.client import DebateBot
from tests.chat.e2e.harness import running_bot, settings_for
from tests.chat.e2e.helpers import (
    ASK_QUESTION,
    LOADING,
    custom_ids,
    embed_text,
    footer,
    is_ephemeral,
    plain,
)
from tests.fake_discord import FakeDiscord

SEED_P3 = "security-first-or-america-first:p3"
SEND_MESSAGES = 1 << 11


async def test_ask_quotes_the_evidence_with_speaker_link_and_buttons(
    bot: DebateBot, fake: FakeDiscord, tmp_path: Path
) -> None:
    ask = await fake.slash("ask", {"question": ASK_QUESTION})

    callback = await fake.callback(ask)
    assert callback["type"] == 5  # deferred at once ("thinking..."), public
    answer = await fake.response(ask)
    filled = await fake.wait_for_request(
        "PATCH", re.escape(ask.webhook_path + "/messages/@original"), ok_only=True
    )
    sent = filled.json
    saved = tmp_path / "ask-answer.json"
    saved.write_text(json.dumps(sent, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nJSON the bot sent for /ask question:{ASK_QUESTION} ({saved}):")
    print(saved.read_text(encoding="utf-8"))

    embed = sent["embeds"][0]
    assert embed["title"] == ASK_QUESTION
    lines = embed["description"].splitlines()
    quoted = next(i for i, line in enumerate(lines) if "Der Tagesspiegel" in plain(line))
    assert lines[quoted].startswith("> ")
    attribution = lines[quoted + 1]
    assert attribution.startswith("— ")
    assert "Zhang Ming" in attribution
    assert "¶" in attribution
    assert "#:~:text=" in attribution
    assert SEED_P3 in embed["footer"]["text"]

    ids = custom_ids(sent)
    assert {i.split(":")[1] for i in ids} == {"more", "context", "cite", "up", "down"}
    assert all(re.fullmatch(r"answer:[a-z]+:\d+", i) for i in ids)
    assert sent["allowed_mentions"]["parse"] == []

    # What the channel sees: the "thinking" message, filled in, public, with the buttons.
    assert not is_ephemeral(answer)
    assert not answer["flags"] & LOADING
    assert answer["embeds"][0]["description"] == embed["description"]
    assert custom_ids(answer) == ids
    assert fake.followups(ask) == []  # the answer filled in the placeholder, no second message
    assert not fake.requests_to("POST", re.escape(ask.webhook_path))  # no follow-up at all


async def test_mention_in_a_channel_gets_a_reply(bot: DebateBot, fake: FakeDiscord) -> None:
    question = await fake.message(f"<@{fake.bot_id}> {ASK_QUESTION}")

    reply = await fake.reply_to(question)
    request = await fake.wait_for_request(
        "POST", rf"/channels/{fake.channel_id}/messages", ok_only=True
    )
    body = request.json
    assert body["allowed_mentions"]["parse"] == []
    assert not body["allowed_mentions"].get("replied_user")
    assert str(body["message_reference"]["message_id"]) == question["id"]
    assert body["embeds"] and "Der Tagesspiegel" in plain(embed_text(body))
    assert "Zhang Ming" in embed_text(reply)
    assert reply["mentions"] == []  # the asker is not pinged by the reply
    assert reply["type"] == 19


async def test_a_mention_where_the_bot_may_not_send_gets_no_reply_and_no_refused_request(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    """Discord answers 403 to a message the bot may not send (and counts it against the bot):
    the bot reads the channel's permissions and does not try. The health check fails the test
    on any refused request or logged error."""
    await fake.set_overwrite(fake.bot_role_id, deny=SEND_MESSAGES)
    await fake.message(f"<@{fake.bot_id}> {ASK_QUESTION}")
    # A command is the barrier: the bot has read the mention (and its channel's permissions)
    # before this interaction reaches it.
    barrier = await fake.slash("help")
    await fake.response(barrier)
    assert not fake.requests_to("POST", rf"/channels/{fake.channel_id}/messages")


async def test_message_that_does_not_mention_the_bot_is_ignored(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    await fake.message(ASK_QUESTION)
    # A mention afterwards is the barrier: once it is answered, the first was passed over.
    mention = await fake.message(f"<@{fake.bot_id}> {ASK_QUESTION}")
    await fake.reply_to(mention)
    replies = fake.requests_to("POST", rf"/channels/{fake.channel_id}/messages")
    assert [str(r.json["message_reference"]["message_id"]) for r in replies] == [mention["id"]]


async def test_reply_to_an_answer_is_answered(bot: DebateBot, fake: FakeDiscord) -> None:
    first = await fake.reply_to(await fake.message(f"<@{fake.bot_id}> {ASK_QUESTION}"))
    follow_up = await fake.message("and what about Germany?", reply_to=first)
    reply = await fake.reply_to(follow_up)
    assert reply["embeds"]
    assert "Germany" in plain(embed_text(reply))


def pinging_question(fake: FakeDiscord) -> str:
    return (
        f"does @everyone and @here, <@&{fake.moderator_role_id}> and "
        f"<@{fake.moderator['id']}> agree about Huawei?"
    )


async def test_slash_question_with_everyone_and_mentions_pings_nobody(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    ask = await fake.slash("ask", {"question": pinging_question(fake)})
    answer = await fake.response(ask)
    filled = await fake.wait_for_request(
        "PATCH", re.escape(ask.webhook_path + "/messages/@original"), ok_only=True
    )
    assert filled.json["allowed_mentions"]["parse"] == []
    assert answer["mentions"] == []
    assert answer["mention_roles"] == []
    assert answer["mention_everyone"] is False


async def test_mention_with_everyone_and_mentions_pings_nobody(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    question = await fake.message(f"<@{fake.bot_id}> {pinging_question(fake)}")
    reply = await fake.reply_to(question)
    request = await fake.wait_for_request(
        "POST", rf"/channels/{fake.channel_id}/messages", ok_only=True
    )
    assert request.json["allowed_mentions"]["parse"] == []
    assert reply["mentions"] == []
    assert reply["mention_roles"] == []
    assert reply["mention_everyone"] is False


@pytest.mark.parametrize("question", ["   ", "\u200b\u200b"], ids=["spaces", "zero-width"])
async def test_empty_question_gets_a_plain_language_message(
    bot: DebateBot, fake: FakeDiscord, question: str
) -> None:
    ask = await fake.slash("ask", {"question": question})
    callback = await fake.callback(ask)
    assert callback["type"] == 4  # refused at once, not after a public "thinking…"
    message = await fake.response(ask)
    assert "The question is empty" in message["content"]
    assert is_ephemeral(message)
    assert not message.get("embeds") and not message.get("components")


@pytest.mark.parametrize(("command", "option"), [("ask", "question"), ("check", "text")])
async def test_empty_question_error_is_seen_only_by_the_asker(
    bot: DebateBot, fake: FakeDiscord, command: str, option: str
) -> None:
    interaction = await fake.slash(command, {option: "   "})
    message = await fake.response(interaction)
    assert "is empty" in message["content"]
    assert is_ephemeral(message)


async def test_unknown_document_is_refused_privately(bot: DebateBot, fake: FakeDiscord) -> None:
    ask = await fake.slash("ask", {"question": ASK_QUESTION, "document": "no-such-article"})
    callback = await fake.callback(ask)
    assert callback["type"] == 4
    message = await fake.response(ask)
    assert is_ephemeral(message)
    assert "There is no document" in message["content"]


async def test_ask_count_limits_the_quotes(bot: DebateBot, fake: FakeDiscord) -> None:
    ask = await fake.slash("ask", {"question": ASK_QUESTION, "count": 1})
    answer = await fake.response(ask)
    assert footer(answer).startswith("1 of ")
    quotes = [line for line in answer["embeds"][0]["description"].splitlines() if line[:2] == "> "]
    assert len(quotes) == 1


async def test_mention_logs_no_error(
    bot: DebateBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    await fake.reply_to(await fake.message(f"<@{fake.bot_id}> {ASK_QUESTION}"))
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [f"{r.name}: {r.getMessage()}" for r in errors]


async def test_a_slash_question_is_cleaned_once(
    bot: DebateBot, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.engine.cleaning as question_stage

    cleaned: list[str] = []
    clean = question_stage.clean_question

    def counting(question: str, max_chars: int = question_stage.MAX_QUESTION_CHARS) -> str:
        cleaned.append(question)
        return clean(question, max_chars)

    monkeypatch.setattr(question_stage, "clean_question", counting)
    ask = await fake.slash("ask", {"question": f"  {ASK_QUESTION}  "})
    assert "Der Tagesspiegel" in plain(embed_text(await fake.response(ask)))
    assert cleaned == [ASK_QUESTION]  # once (mention markup and spaces were dropped before)


async def test_ask_takes_questions_as_long_as_the_setting_allows(
    fake: FakeDiscord, tmp_path: Path, corpus_dir: Path, health: None
) -> None:
    settings = settings_for(fake, tmp_path, corpus_dir, max_question_chars=800)
    async with running_bot(fake, settings):
        registered = fake.registered("ask", guild=fake.guild_id)
        question = next(o for o in registered["options"] if o["name"] == "question")
        assert question["max_length"] == 800
        long_question = ASK_QUESTION + " " + "and why " * 80
        assert 600 < len(long_question) <= 800
        ask = await fake.slash("ask", {"question": long_question})
        answer = await fake.response(ask)
        assert not is_ephemeral(answer)
        assert "limit" not in plain(embed_text(answer))


async def test_replies_past_a_channel_s_rate_limit_wait_for_it_and_none_is_refused(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    """The local Discord lets 5 messages a second into a channel (its bucket, announced in the
    X-RateLimit-* headers); the bot holds the sixth reply until the bucket resets instead of
    meeting a 429 (the health check fails the test on any refused request)."""
    questions = [await fake.message(f"<@{fake.bot_id}> {ASK_QUESTION}") for _ in range(7)]
    for question in questions:
        await fake.reply_to(question, timeout=10)
    # A reply shows once the local Discord has stored it, a moment before its request is marked
    # handled: wait for the last reply's request to be answered too.
    path = rf"/channels/{fake.channel_id}/messages"
    last = questions[-1]["id"]
    await fake.wait_for_request(
        "POST",
        path,
        where=lambda r: (r.response or {}).get("message_reference", {}).get("message_id") == last,
    )
    sent = fake.requests_to("POST", path)
    assert [request.status for request in sent] == [200] * 7
    assert sent[5].at - sent[0].at >= 0.9  # the sixth waited for the bucket's second
