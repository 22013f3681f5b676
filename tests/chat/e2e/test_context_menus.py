"""Apps → Find sources and Apps → Check quote on a message in the channel."""

from __future__ import annotations

from bot.chat.client import DebateBot
from tests.chat.e2e.helpers import LOADING, embed_text, is_ephemeral, plain
from tests.fake_discord import FakeDiscord

VERBATIM = (
    "Der Tagesspiegel stated in May that after years of review, the UK government, Germany’s "
    "Federal Office for Information Security and the European Commission all failed to find "
    "any backdoor in Huawei."
)


async def test_find_sources_names_the_passage_privately(bot: DebateBot, fake: FakeDiscord) -> None:
    # Posted without mentioning the bot: the gateway hides its text (no message content
    # intent), but a context menu's target message always carries it.
    posted = await fake.message(VERBATIM)
    interaction = await fake.context_menu("Find sources", posted)
    callback = await fake.callback(interaction)
    assert callback["type"] == 5
    assert callback["data"]["flags"] & (1 << 6)
    found = await fake.response(interaction)
    assert is_ephemeral(found)
    assert not found["flags"] & LOADING
    text = plain(embed_text(found))
    assert "Zhang Ming" in text
    assert "security-first-or-america-first:p3" in text


async def test_check_quote_confirms_verbatim_words(bot: DebateBot, fake: FakeDiscord) -> None:
    posted = await fake.message(VERBATIM)
    interaction = await fake.context_menu("Check quote", posted)
    checked = await fake.response(interaction)
    assert is_ephemeral(checked)
    assert checked["embeds"][0]["title"].startswith("Verbatim")


async def test_check_quote_shows_the_true_wording(bot: DebateBot, fake: FakeDiscord) -> None:
    altered = VERBATIM.replace("failed to find any", "found a")
    interaction = await fake.context_menu("Check quote", await fake.message(altered))
    checked = await fake.response(interaction)
    assert not checked["embeds"][0]["title"].startswith("Verbatim")
    assert "any backdoor" in plain(embed_text(checked))


async def test_check_quote_on_an_empty_message_explains(bot: DebateBot, fake: FakeDiscord) -> None:
    answer = await fake.reply_to(await fake.message(f"<@{fake.bot_id}> who is Zhang Ming?"))
    assert answer["content"] == ""  # the bot's answer is all embed
    interaction = await fake.context_menu("Check quote", answer)
    callback = await fake.callback(interaction)
    assert callback["type"] == 4
    assert callback["data"]["flags"] & (1 << 6)
    assert "no text to check" in callback["data"]["content"]
