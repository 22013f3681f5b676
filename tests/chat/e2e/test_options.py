"""Typed options (bot/chat/options.py): an id that names nothing the place can see is refused
privately, before the command runs, each command with its own words; checks come first."""

from __future__ import annotations

import pytest

from bot.chat.client import DebateBot
from tests.chat.e2e.helpers import is_ephemeral
from tests.conftest import SEED_ID
from tests.fake_discord import FakeDiscord

UNKNOWN = "no-such-article"


@pytest.mark.parametrize(
    ("command", "options", "refusal"),
    [
        (
            "ask",
            {"question": "what evidence does the reply cite?", "document": UNKNOWN},
            f"There is no document `{UNKNOWN}`; pick one from the list or see /sources.",
        ),
        (
            "evidence",
            {"document": UNKNOWN},
            f"There is no document `{UNKNOWN}`; pick one from the list.",
        ),
        (
            "unanswered",
            {"document": UNKNOWN},
            f"There is no document `{UNKNOWN}`; pick one from the list.",
        ),
        ("corpus show", {"document": UNKNOWN}, f"There is no document `{UNKNOWN}` here."),
        (
            "quote",
            {"passage": f"{UNKNOWN}:p1"},
            f"There is no passage `{UNKNOWN}:p1`; pick one from the list.",
        ),
        (
            "cite",
            {"passage": f"{SEED_ID}:p999"},
            f"There is no passage `{SEED_ID}:p999`; pick one from the list.",
        ),
    ],
)
async def test_an_unknown_id_is_refused_privately_in_the_commands_own_words(
    bot: DebateBot, fake: FakeDiscord, command: str, options: dict[str, object], refusal: str
) -> None:
    interaction = await fake.slash(command, options, user=fake.owner)
    assert (await fake.callback(interaction))["type"] == 4  # refused at once, no "thinking…"
    message = await fake.response(interaction)
    assert is_ephemeral(message)
    assert message["content"] == refusal


async def test_corpus_remove_offers_and_takes_only_the_servers_own_documents(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    offered = await fake.autocomplete("corpus remove", "document", "", user=fake.owner)
    assert (await fake.callback(offered))["data"]["choices"] == []  # the shared ones are not its
    remove = await fake.slash("corpus remove", {"document": SEED_ID}, user=fake.owner)
    message = await fake.response(remove)
    assert is_ephemeral(message)
    assert message["content"] == f"This server has no document `{SEED_ID}`; see /corpus list."


async def test_a_member_without_manage_server_hears_that_before_anything_about_the_document(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    remove = await fake.slash("corpus remove", {"document": UNKNOWN}, user=fake.moderator)
    message = await fake.response(remove)
    assert message["content"] == "You need the Manage Server permission for this."
