"""Debates through Discord: /rebut, Apps → Find counter, and sides in /ask answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.chat.client import DebateBot
from tests.chat.e2e.helpers import embed_text, footer, is_ephemeral, plain
from tests.conftest import BUNDLED, DEBATE_ID, corpus_folder
from tests.fake_discord import FakeDiscord

SHUTDOWN_POINT = (
    "Governments switch off the internet during protests and elections because they know how "
    "much it matters."
)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """The bundled practice debate alone."""
    return corpus_folder(tmp_path, BUNDLED / f"{DEBATE_ID}.md")


async def test_rebut_puts_the_linked_answer_first(bot: DebateBot, fake: FakeDiscord) -> None:
    interaction = await fake.slash("rebut", {"argument": SHUTDOWN_POINT})
    callback = await fake.callback(interaction)
    assert callback["type"] == 5  # deferred: the engine runs off the loop
    message = await fake.response(interaction)
    assert not is_ephemeral(message)
    text = plain(embed_text(message))
    assert "the proposition's point" in text and "answer to it comes first" in text
    fields = message["embeds"][0]["fields"]
    assert fields[0]["name"].startswith("Opposition answer to proposition point 2")
    assert footer(message).startswith(f"{DEBATE_ID}:p5")
    assert not message["mentions"] and not message["mention_everyone"]


async def test_find_counter_on_a_message_answers_privately(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    posted = await fake.message("Building networks to remote villages costs far too much.")
    interaction = await fake.context_menu("Find counter", posted)
    message = await fake.response(interaction)
    assert is_ephemeral(message)
    assert "not in the corpus" in plain(embed_text(message))
    assert DEBATE_ID in footer(message)


async def test_the_argument_is_autocompleted_with_the_debates_points(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    typed = await fake.autocomplete("rebut", "argument", "shutdowns protests")
    callback = await fake.callback(typed)
    assert callback["type"] == 8
    offered = callback["data"]["choices"]
    assert offered and all(1 <= len(c["name"]) <= 100 for c in offered)
    first = offered[0]
    assert first["name"].startswith("Proposition · This house believes")
    assert first["value"] == "Shutdowns show why access needs the protection of a right"
    # Only points are offered (no answer has a title of its own), and nothing typed offers
    # the debate's points in order.
    everything = (await fake.callback(await fake.autocomplete("rebut", "argument", "")))["data"]
    assert [c["value"] for c in everything["choices"]][:2] == [
        "Without a connection, people cannot use the rights they already have",
        "Shutdowns show why access needs the protection of a right",
    ]
    # The point picked is found as that point: its answer first.
    message = await fake.response(await fake.slash("rebut", {"argument": first["value"]}))
    text = plain(embed_text(message))
    assert "This is the proposition's point" in text and "answer to it comes first" in text
    assert footer(message).startswith(f"{DEBATE_ID}:p5")


async def test_a_reworded_argument_names_the_point_it_was_taken_for(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    argument = "states could never deliver what a right to access promises"
    message = await fake.response(await fake.slash("rebut", {"argument": argument}))
    text = plain(embed_text(message))
    assert "The closest point is the opposition's point" in text
    assert "its title says this in other words" in text
    assert message["embeds"][0]["fields"][0]["name"].startswith(
        "Proposition answer to opposition point 1"
    )


async def test_an_argument_no_debate_makes_is_told_so(bot: DebateBot, fake: FakeDiscord) -> None:
    interaction = await fake.slash("rebut", {"argument": "goalkeepers may handle the ball"})
    message = await fake.response(interaction)
    assert "No debate in the corpus argues this" in plain(embed_text(message))


async def test_ask_shows_the_side_and_the_footnoted_source(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    interaction = await fake.slash(
        "ask", {"question": "what evidence does the opposition cite on internet access?"}
    )
    message = await fake.response(interaction)
    description = message["embeds"][0]["description"]
    assert "**Opposition point" in description
    assert "*This house believes that internet access is a human right*" in description
    assert "-# [" in description and "<https://example.org/" in description
