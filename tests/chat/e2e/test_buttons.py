"""The buttons on an answer and on a quoted paragraph, before and after a restart."""

from __future__ import annotations

import re

from bot.chat.client import DebateBot
from bot.settings import Settings
from tests.chat.e2e.harness import running_bot
from tests.chat.e2e.helpers import (
    BROAD_QUESTION,
    EPHEMERAL,
    Json,
    button,
    embed_text,
    footer,
    is_ephemeral,
)
from tests.fake_discord import FakeDiscord


async def ask_one_quote(fake: FakeDiscord) -> Json:
    """The answer to /ask for one quote of many, so that More has more to show."""
    ask = await fake.slash("ask", {"question": BROAD_QUESTION, "count": 1})
    return await fake.response(ask)


def shown_passages(message: Json) -> list[str]:
    """The passage ids in an answer's footer ("1 of 6 · doc:p5")."""
    return footer(message).split(" · ")[1:]


async def test_more_edits_the_answer_in_place(bot: DebateBot, fake: FakeDiscord) -> None:
    answer = await ask_one_quote(fake)
    more = button(answer, "answer:more:")
    assert not more.get("disabled")

    click = await fake.click(more["custom_id"], answer)
    callback = await fake.callback(click)
    assert callback["type"] in (6, 7)  # the message the button is on is updated
    edited = await fake.response(click)

    assert edited["id"] == answer["id"]
    assert footer(answer).startswith("1 of ")
    assert footer(edited).startswith("2 of ")
    assert shown_passages(edited) != shown_passages(answer)
    assert edited["embeds"][0]["title"] == BROAD_QUESTION
    assert fake.followups(click) == []
    edits = fake.requests_to("PATCH", re.escape(click.webhook_path) + r"/messages/@original")
    assert all(edit.json["allowed_mentions"]["parse"] == [] for edit in edits)


async def test_context_is_shown_only_to_the_clicker(bot: DebateBot, fake: FakeDiscord) -> None:
    answer = await ask_one_quote(fake)
    click = await fake.click(button(answer, "answer:context:")["custom_id"], answer)
    callback = await fake.callback(click)
    assert callback["type"] == 4
    assert callback["data"]["flags"] & EPHEMERAL
    context = await fake.response(click)
    assert is_ephemeral(context)
    assert context["embeds"][0]["title"].startswith("Context: ")
    assert "▶" in embed_text(context)  # the quoted paragraph is marked
    assert context["id"] != answer["id"]


async def test_cite_gives_a_copy_ready_citation(bot: DebateBot, fake: FakeDiscord) -> None:
    answer = await ask_one_quote(fake)
    click = await fake.click(button(answer, "answer:cite:")["custom_id"], answer)
    citation = await fake.response(click)
    assert is_ephemeral(citation)
    assert citation["content"].startswith("```")
    assert "Zhang Ming" in citation["content"]


async def test_thumbs_up_is_stored(bot: DebateBot, fake: FakeDiscord) -> None:
    answer = await ask_one_quote(fake)
    [passage_id] = shown_passages(answer)
    click = await fake.click(button(answer, "answer:up:")["custom_id"], answer)
    thanks = await fake.response(click)
    assert is_ephemeral(thanks)
    assert "👍" in thanks["content"]
    assert passage_id in thanks["content"]
    votes = await bot.library.store.feedback(passage_id)
    assert votes == [(BROAD_QUESTION, 1, fake.user["id"])]


async def test_answer_buttons_work_after_a_restart(
    fake: FakeDiscord, bot_settings: Settings, health: None
) -> None:
    async with running_bot(fake, bot_settings):
        answer = await ask_one_quote(fake)
    assert fake.identifies == 1

    # A new process: a new DebateBot and a new Library on the same database file.
    async with running_bot(fake, bot_settings):
        assert fake.identifies == 2
        context = await fake.click(button(answer, "answer:context:")["custom_id"], answer)
        shown = await fake.response(context)
        assert is_ephemeral(shown)
        assert shown["embeds"][0]["title"].startswith("Context: ")

        more = await fake.click(button(answer, "answer:more:")["custom_id"], answer)
        edited = await fake.response(more)
        assert edited["id"] == answer["id"]
        assert footer(edited).startswith("2 of ")


async def test_quote_buttons_step_through_paragraphs(bot: DebateBot, fake: FakeDiscord) -> None:
    quote = await fake.slash("quote", {"passage": "security-first-or-america-first:p3"})
    shown = await fake.response(quote)
    assert "¶3 of" in shown["embeds"][0]["title"]
    assert not is_ephemeral(shown)

    following = await fake.click(button(shown, "para:next:")["custom_id"], shown)
    callback = await fake.callback(following)
    assert callback["type"] == 7
    stepped = await fake.response(following)
    assert stepped["id"] == shown["id"]
    assert "¶4 of" in stepped["embeds"][0]["title"]
    assert footer(stepped) == "security-first-or-america-first:p4"


async def test_first_paragraph_has_no_previous(bot: DebateBot, fake: FakeDiscord) -> None:
    quote = await fake.slash("quote", {"passage": "security-first-or-america-first:p1"})
    shown = await fake.response(quote)
    assert button(shown, "para:prev:").get("disabled") is True
    assert not button(shown, "para:next:").get("disabled")
