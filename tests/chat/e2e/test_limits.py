"""Documents that push every message to Discord's limits: the answers still fit, and the fake
(which refuses what Discord refuses) accepts every one. These are the three replies Discord used
to refuse, each kept as a regression test; tests/chat/e2e/test_properties.py tries every command
on random documents."""

from __future__ import annotations

import logging
import random
import re

from bot.chat.client import DebateBot
from bot.settings import Settings
from tests.chat.e2e.harness import running_bot
from tests.chat.e2e.helpers import Json, button, embed_text, is_ephemeral, plain
from tests.fake_discord import FakeDiscord

LONG_TITLE = "The council's long report on the harbour, its lighthouse and its ferries " * 26
PARAGRAPH = (
    "The harbour trust met on Tuesday to weigh the lighthouse restoration against the ferry "
    "timetable, and the members spoke at length about cost, safety and the town's history. "
) * 5  # about 830 characters, an ordinary long paragraph
VOCABULARY = (
    "council harbour ferry fares winter budget lighthouse keeper storm pier fishermen tourists "
    "schedule repairs engineers timber stone lantern museum school grant mayor vote residents "
    "petition survey coast erosion wall crane tide boats market summer festival"
).split()
SENTENCE = "The lighthouse keeper kept a log of every ship that passed the point in winter."


def article(title: str, paragraphs: list[str]) -> bytes:
    head = f"---\ntitle: {title}\nauthor: A Clerk\ndate: 2024-05-01\nkind: report\n---\n\n"
    return (head + "\n\n".join(paragraphs) + "\n").encode()


async def upload(fake: FakeDiscord, data: bytes, filename: str = "report.md") -> Json:
    add = await fake.slash("corpus add", {"file": fake.attachment(filename, data)}, user=fake.owner)
    return await fake.response(add)


def total_embed_characters(message: Json) -> int:
    return sum(
        len(embed.get("title") or "")
        + len(embed.get("description") or "")
        + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields") or [])
        + len((embed.get("footer") or {}).get("text") or "")
        + len((embed.get("author") or {}).get("name") or "")
        for embed in message.get("embeds") or []
    )


async def test_context_of_three_long_quotes_shares_six_thousand_characters(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    rng = random.Random(17)

    def sentence() -> str:
        return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(8, 14))).capitalize()

    paragraphs = [  # about 800 characters each, the quoted sentence different in each
        ". ".join(sentence() for _ in range(4))
        + f". The ferry fares rose by {n} pence in {1990 + n}. "
        + ". ".join(sentence() for _ in range(5))
        + "."
        for n in range(12)
    ]
    added = await upload(fake, article("Harbour report", paragraphs))
    doc_id = re.search(r"`([^`]+)`", added["content"])
    assert doc_id, added["content"]
    ask = await fake.slash(
        "ask",
        {
            "question": "what about the ferry fares?",
            "document": doc_id.group(1),
            "count": 3,
        },
    )
    answer = await fake.response(ask)
    click = await fake.click(button(answer, "answer:context:")["custom_id"], answer)
    context = await fake.response(click)
    assert is_ephemeral(context)
    assert len(context["embeds"]) == 3
    assert total_embed_characters(context) <= 6000
    assert all("▶ ¶" in plain(embed["description"]) for embed in context["embeds"])


async def test_adding_and_removing_a_document_with_a_long_title_fits_a_message(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    added = await upload(fake, article(LONG_TITLE, [SENTENCE]))
    assert added["content"].startswith("Added **The council")
    assert len(added["content"]) <= 2000
    doc_id = re.search(r"`([^`]+)`", added["content"])
    assert doc_id
    remove = await fake.slash("corpus remove", {"document": doc_id.group(1)}, user=fake.owner)
    asked = await fake.response(remove)
    assert asked["content"].startswith("Remove **The council")
    [remove_button] = [b for b in fake.buttons(asked) if b.get("label") == "Remove"]
    click = await fake.click(remove_button["custom_id"], asked, user=fake.owner)
    removed = await fake.response(click)
    assert removed["content"].startswith("Removed **The council")


async def test_check_of_a_quote_from_a_document_with_a_long_title_fits(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    await upload(fake, article(LONG_TITLE, [SENTENCE, PARAGRAPH]))
    check = await fake.slash("check", {"text": SENTENCE})
    result = await fake.response(check)
    shown = plain(embed_text(result))
    assert "Verbatim" in shown and "The council" in shown
    assert len(result["embeds"][0]["description"]) <= 4096


async def test_an_answer_discord_refuses_leaves_no_public_thinking_message(
    fake: FakeDiscord, bot_settings: Settings
) -> None:
    """If filling in the public "thinking…" message fails, the asker hears it privately and the
    channel is left with no "thinking…" (nor the error) in its place."""
    async with running_bot(fake, bot_settings):
        fake.fail_next("PATCH", rf"/webhooks/{fake.application_id}/[^/]+/messages/@original", 400)
        with logging_quieted():
            check = await fake.slash("check", {"text": "all failed to find any backdoor"})
            error = await fake.wait_for_message(
                lambda m: "went wrong" in m.get("content", ""), what="the error message"
            )
        assert is_ephemeral(error)
        assert not [
            m
            for m in fake.messages.values()
            if m.get("interaction_metadata", {}).get("id") == str(check.id) and not is_ephemeral(m)
        ], "the public thinking message is gone"
        deleted = fake.requests_to(
            "DELETE", re.escape(check.webhook_path + "/messages/@original"), ok_only=True
        )
        assert len(deleted) == 1


class logging_quieted:
    """The bot logs the refused answer as its own fault; this test expects that."""

    def __enter__(self) -> None:
        logging.disable(logging.ERROR)

    def __exit__(self, *_: object) -> None:
        logging.disable(logging.NOTSET)
