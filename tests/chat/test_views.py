"""The buttons (bot/chat/views.py): each DynamicItem parses its own custom_id, and the custom_ids
of messages posted before this layout still find their button."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.chat.views import (
    DYNAMIC_ITEMS,
    AnswerButton,
    CiteButton,
    ContextButton,
    MoreButton,
    ParagraphButton,
    VoteButton,
)

# custom_ids exactly as the bot wrote them on messages already posted.
POSTED = {
    "answer:more:17": (MoreButton, 17),
    "answer:context:17": (ContextButton, 17),
    "answer:cite:4": (CiteButton, 4),
    "answer:up:123": (VoteButton, 123),
    "answer:down:9": (VoteButton, 9),
}


async def parsed(custom_id: str) -> discord.ui.DynamicItem[Any]:
    """The registered item whose template matches `custom_id`, built from it."""
    matching = [
        item
        for item in DYNAMIC_ITEMS
        if item.__discord_ui_compiled_template__.fullmatch(custom_id)  # type: ignore[attr-defined]
    ]
    assert len(matching) == 1, (custom_id, matching)
    item = matching[0]
    match = item.__discord_ui_compiled_template__.fullmatch(custom_id)  # type: ignore[attr-defined]
    # discord.py passes the interaction and the raw component; parsing needs neither.
    return await item.from_custom_id(None, None, match)  # type: ignore[arg-type]


@pytest.mark.parametrize("custom_id", sorted(POSTED))
async def test_a_posted_answer_button_finds_its_one_action(custom_id: str) -> None:
    kind, answer_id = POSTED[custom_id]
    button = await parsed(custom_id)
    assert type(button) is kind
    assert isinstance(button, AnswerButton) and button.answer_id == answer_id
    assert button.custom_id == custom_id


async def test_a_vote_button_knows_which_way() -> None:
    up, down = await parsed("answer:up:5"), await parsed("answer:down:5")
    assert isinstance(up, VoteButton) and up.action == "up" and up.item.emoji is not None
    assert isinstance(down, VoteButton) and down.action == "down"
    assert str(up.item.emoji) == "👍" and str(down.item.emoji) == "👎"


@pytest.mark.parametrize(
    ("custom_id", "step", "passage_id"),
    [
        ("para:prev:security-first-or-america-first:p3", -1, "security-first-or-america-first:p3"),
        ("para:next:g123-gull-point:p1", 1, "g123-gull-point:p1"),
    ],
)
async def test_a_paragraph_button_parses_its_direction_and_passage(
    custom_id: str, step: int, passage_id: str
) -> None:
    button = await parsed(custom_id)
    assert isinstance(button, ParagraphButton)
    assert (button.step, button.passage_id, button.custom_id) == (step, passage_id, custom_id)


@pytest.mark.parametrize(
    "custom_id", ["answer:more:", "answer:share:3", "answer:up:x", "para:up:p"]
)
def test_custom_ids_no_button_makes_are_not_matched(custom_id: str) -> None:
    assert not any(
        item.__discord_ui_compiled_template__.fullmatch(custom_id)  # type: ignore[attr-defined]
        for item in DYNAMIC_ITEMS
    )
