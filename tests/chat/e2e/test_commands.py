"""Command registration, /help, /listen and the commands that answer without a question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.chat.client import DebateBot, sync_only
from bot.settings import Settings
from tests.chat.e2e.harness import running_bot, settings_for
from tests.chat.e2e.helpers import (
    ASK_QUESTION,
    EPHEMERAL,
    LOADING,
    assert_answered,
    embed_text,
    is_ephemeral,
)
from tests.fake_discord import FakeDiscord

CHAT_COMMANDS = {
    "ask",
    "quote",
    "sources",
    "cite",
    "evidence",
    "clash",
    "unanswered",
    "check",
    "help",
    "listen",
    "rebut",
    "corpus",
}
MESSAGE_MENUS = {"Find sources", "Check quote", "Find counter"}
MANAGE_CHANNELS = 1 << 4


def options_of(command: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {option["name"]: option for option in command.get("options", [])}


def has(option: dict[str, Any], **expected: Any) -> bool:
    return all(option.get(key) == value for key, value in expected.items())


async def test_sync_registers_every_command_with_its_options(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    put = await fake.wait_for_request(
        "PUT", rf"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
    )
    assert put.ok, put.response
    commands = {(c["name"], c.get("type", 1)): c for c in put.json}
    assert {name for name, kind in commands if kind == 1} == CHAT_COMMANDS
    assert {name for name, kind in commands if kind == 3} == MESSAGE_MENUS
    assert not fake.requests_to("PUT", rf"/applications/{fake.application_id}/commands")

    ask = options_of(commands["ask", 1])
    assert list(ask) == ["question", "document", "count"]
    assert has(ask["question"], type=3, required=True, min_length=1, max_length=500)
    assert has(ask["document"], type=3, autocomplete=True) and not ask["document"].get("required")
    assert has(ask["count"], type=4, min_value=1, max_value=5) and not ask["count"].get("required")

    assert has(
        options_of(commands["quote", 1])["passage"], type=3, required=True, autocomplete=True
    )
    cite = options_of(commands["cite", 1])
    assert has(cite["passage"], type=3, required=True, autocomplete=True)
    assert {c["value"] for c in cite["style"]["choices"]} == {"mla", "apa", "chicago", "card"}
    evidence = options_of(commands["evidence", 1])
    assert has(evidence["document"], autocomplete=True) and evidence["type"]["choices"]
    assert has(options_of(commands["clash", 1])["topic"], type=3, required=True, max_length=300)
    unanswered = options_of(commands["unanswered", 1])["document"]
    assert has(unanswered, required=True, autocomplete=True)
    assert has(options_of(commands["check", 1])["text"], type=3, required=True, max_length=1000)
    assert options_of(commands["sources", 1]) == {} and options_of(commands["help", 1]) == {}
    corpus = options_of(commands["corpus", 1])
    assert set(corpus) == {"add", "list", "show", "remove", "reindex", "history"}
    assert all(sub["type"] == 1 for sub in corpus.values())  # subcommands
    add = options_of(corpus["add"])
    # An attachment, or a link in `url` instead: neither is required on its own.
    assert has(add["file"], type=11) and not add["file"].get("required")
    assert {"title", "author", "date", "url", "kind"} <= set(add)
    assert commands["corpus", 1].get("contexts") == [0]  # servers only
    assert not commands["corpus", 1].get("default_member_permissions")  # everyone can read
    rebut = options_of(commands["rebut", 1])
    assert has(rebut["argument"], type=3, required=True, max_length=1500)
    assert has(rebut["count"], type=4, min_value=1, max_value=5)

    listen = commands["listen", 1]
    assert has(options_of(listen)["enabled"], type=5, required=True)
    assert int(listen["default_member_permissions"]) == MANAGE_CHANNELS
    assert listen.get("contexts") == [0]  # servers only

    # What Discord now offers users: the same commands, each with an id.
    registered = fake.commands[fake.guild_id]
    assert {c["name"] for c in registered} == CHAT_COMMANDS | MESSAGE_MENUS
    assert fake.registered("listen")["default_member_permissions"] == str(MANAGE_CHANNELS)


async def test_help_answers_privately(bot: DebateBot, fake: FakeDiscord) -> None:
    interaction = await fake.slash("help")
    callback = await fake.callback(interaction)
    assert callback["type"] == 4
    assert callback["data"]["flags"] & EPHEMERAL
    message = await fake.response(interaction)
    assert is_ephemeral(message)
    assert "/ask" in embed_text(message)
    assert callback["data"]["allowed_mentions"]["parse"] == []


async def test_listen_is_not_offered_to_members_without_manage_channels(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    with pytest.raises(PermissionError):
        await fake.slash("listen", {"enabled": True})


async def test_listen_explains_why_it_is_switched_off(bot: DebateBot, fake: FakeDiscord) -> None:
    interaction = await fake.slash("listen", {"enabled": True}, user=fake.moderator)
    message = await fake.response(interaction)
    assert is_ephemeral(message)
    assert "mention me instead" in message["content"]
    assert fake.channel_id not in await bot.library.store.listening_channels()


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("sources", {}),
        ("evidence", {}),
        ("evidence", {"document": "security-first-or-america-first", "type": "source"}),
        ("clash", {"topic": "Huawei security"}),
        ("unanswered", {"document": "security-first-or-america-first"}),
        ("check", {"text": "all failed to find any backdoor in Huawei"}),
        ("quote", {"passage": "security-first-or-america-first:p3"}),
        ("cite", {"passage": "security-first-or-america-first:p3", "style": "card"}),
    ],
)
async def test_every_command_answers_in_words(
    bot: DebateBot, fake: FakeDiscord, command: str, options: dict[str, object]
) -> None:
    interaction = await fake.slash(command, options)
    message = await fake.response(interaction)
    shown = message["content"] + embed_text(message)
    assert shown.strip()
    assert not message["flags"] & LOADING
    assert "Something went wrong" not in shown


async def test_a_start_registers_the_commands_only_when_they_changed(
    fake: FakeDiscord, bot_settings: Settings, health: None, tmp_path: Path, corpus_dir: Path
) -> None:
    """Discord allows 200 command creates a day in a guild: a bot restarted in a loop must not
    spend them. The second start finds the same commands registered and leaves them."""
    puts = rf"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
    async with running_bot(fake, bot_settings):
        pass
    async with running_bot(fake, bot_settings):
        await assert_answered(fake, await fake.slash("ask", {"question": ASK_QUESTION}))
    assert len(fake.requests_to("PUT", puts)) == 1

    # A longer question allowed: /ask's definition changed, so the next start registers it.
    changed = settings_for(fake, tmp_path, corpus_dir, max_question_chars=800)
    async with running_bot(fake, changed):
        pass
    first, second = fake.requests_to("PUT", puts)
    assert first.ok and second.ok
    ask = next(c for c in second.json if c["name"] == "ask")
    assert options_of(ask)["question"]["max_length"] == 800


async def test_debate_bot_sync_registers_the_commands_even_when_unchanged(
    fake: FakeDiscord, bot_settings: Settings, health: None
) -> None:
    puts = rf"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
    assert await sync_only(bot_settings) == len(CHAT_COMMANDS | MESSAGE_MENUS)
    assert await sync_only(bot_settings) == len(CHAT_COMMANDS | MESSAGE_MENUS)
    assert [request.status for request in fake.requests_to("PUT", puts)] == [200, 200]
    assert not fake.identifies  # registering needs no gateway connection


async def test_a_spent_daily_quota_of_command_creates_does_not_stop_the_bot(
    fake: FakeDiscord, bot_settings: Settings
) -> None:
    fake.quotas.command_creates_per_day = 0
    async with running_bot(fake, bot_settings):
        refused = await fake.wait_for_request(
            "PUT", rf"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
        )
        assert refused.status == 400 and refused.response["code"] == 30034
        assert fake.identifies == 1  # connected all the same
    fake.quotas.command_creates_per_day = 200
    async with running_bot(fake, bot_settings):  # not recorded as registered: tried again
        await fake.wait_for_request(
            "PUT",
            rf"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands",
            ok_only=True,
        )
