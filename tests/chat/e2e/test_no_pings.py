"""No pings: whatever mentions a question carries, nothing the bot sends notifies anyone.

Every way a user's words reach the bot (slash commands, a mention, a reply to an answer, the
context menus, the buttons on an answer) is tried with every mention form. Each message the bot
sends must carry allowed_mentions that allow none, and the fake, which decides pings from the
content and allowed_mentions as Discord does, must have pinged no one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from bot.chat.client import DebateBot
from tests.chat.e2e.helpers import BROAD_QUESTION, Json, button
from tests.fake_discord import FakeDiscord, RecordedRequest, SentInteraction

# Requests that create or edit a message, and the callback types that carry one.
MESSAGE_REQUESTS = [
    ("POST", re.compile(r"/interactions/\d+/[^/]+/callback")),
    ("POST", re.compile(r"/webhooks/\d+/[^/]+")),
    ("PATCH", re.compile(r"/webhooks/\d+/[^/]+/messages/[^/]+")),
    ("POST", re.compile(r"/channels/\d+/messages")),
    ("PATCH", re.compile(r"/channels/\d+/messages/\d+")),
]
MESSAGE_CALLBACKS = {4, 7}  # a message now, or the component's message updated


def every_mention(fake: FakeDiscord) -> str:
    """A user, a nickname mention, a role, @everyone, @here, a channel, a command, a masked
    link and markdown, around a question the corpus can answer."""
    mod, role = fake.moderator["id"], fake.moderator_role_id
    return (
        f"@everyone @here <@{mod}> <@!{mod}> <@&{role}> <#{fake.channel_id}> </ask:1> "
        f"[click](https://evil.example) `x` **b** ||s|| {BROAD_QUESTION}"
    )


def answerable_mentions(fake: FakeDiscord) -> str:
    """Mentions few enough that the question is still answered (the engine counts mention
    markup as words of the question), so the answer has its buttons."""
    return f"@everyone <@{fake.moderator['id']}> {BROAD_QUESTION}"


def short_mentions(fake: FakeDiscord) -> str:
    """For options the bot echoes back in an error (it shows their first 80 characters)."""
    return f"<@{fake.moderator['id']}> <@&{fake.moderator_role_id}> @everyone @here"


def message_bodies(fake: FakeDiscord) -> Iterator[tuple[RecordedRequest, Json]]:
    for request in fake.requests:
        if not request.ok or not any(
            request.method == method and pattern.fullmatch(request.path)
            for method, pattern in MESSAGE_REQUESTS
        ):
            continue
        body: Json = request.json or {}
        if request.path.endswith("/callback"):
            if body.get("type") not in MESSAGE_CALLBACKS:
                continue  # a deferral or autocomplete choices: no message
            body = body.get("data") or {}
        yield request, body


def assert_nobody_pinged(fake: FakeDiscord) -> None:
    bodies = list(message_bodies(fake))
    assert bodies, "the bot sent no message"
    for request, body in bodies:
        allowed = body.get("allowed_mentions")
        assert allowed is not None, f"{request}: no allowed_mentions"
        if allowed.get("replied_user") is False:
            allowed = {key: value for key, value in allowed.items() if key != "replied_user"}
        assert allowed == {"parse": []}, f"{request}: {body['allowed_mentions']}"
    bot_id = fake.bot_user["id"]
    sent = [m for m in fake.messages.values() if m["author"]["id"] == bot_id]
    assert sent
    for message in sent:
        assert message["mentions"] == [], message
        assert message["mention_roles"] == [], message
        assert message["mention_everyone"] is False, message


async def settle(fake: FakeDiscord) -> None:
    """A later command as a barrier: whatever the bot sent before it has arrived."""
    await fake.response(await fake.slash("help"))


Options = Callable[[FakeDiscord], dict[str, object]]
SLASH_COMMANDS: list[tuple[str, Options]] = [
    ("ask", lambda fake: {"question": every_mention(fake)}),
    ("ask", lambda fake: {"question": "who?", "document": short_mentions(fake)}),
    ("check", lambda fake: {"text": every_mention(fake)}),
    ("rebut", lambda fake: {"argument": every_mention(fake)}),
    ("clash", lambda fake: {"topic": every_mention(fake)}),
    ("evidence", lambda fake: {"document": short_mentions(fake)}),
    ("unanswered", lambda fake: {"document": short_mentions(fake)}),
    ("quote", lambda fake: {"passage": short_mentions(fake)}),
    ("cite", lambda fake: {"passage": short_mentions(fake)}),
]


@pytest.mark.parametrize(
    ("command", "options"),
    SLASH_COMMANDS,
    ids=[
        "ask",
        "ask-unknown-document",
        "check",
        "rebut",
        "clash",
        "evidence-unknown-document",
        "unanswered-unknown-document",
        "quote",
        "cite",
    ],
)
async def test_slash_command_with_every_mention_form_pings_nobody(
    bot: DebateBot, fake: FakeDiscord, command: str, options: Options
) -> None:
    interaction = await fake.slash(command, options(fake))
    await fake.response(interaction)
    await settle(fake)
    assert_nobody_pinged(fake)


async def test_refusal_that_echoes_the_mentions_pings_nobody(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    """The refusal shows the user's words in its content, where Discord would ping."""
    interaction = await fake.slash("ask", {"question": "who?", "document": short_mentions(fake)})
    refusal = await fake.response(interaction)
    assert f"<@{fake.moderator['id']}>" in refusal["content"]
    assert "@everyone" in refusal["content"]
    assert_nobody_pinged(fake)


async def test_mention_and_reply_with_every_mention_form_ping_nobody(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    question = await fake.message(f"<@{fake.bot_id}> {every_mention(fake)}")
    answer = await fake.reply_to(question)
    follow_up = await fake.message(every_mention(fake), reply_to=answer)  # pings the bot too
    await fake.reply_to(follow_up)
    await settle(fake)
    replies = fake.requests_to("POST", rf"/channels/{fake.channel_id}/messages", ok_only=True)
    assert len(replies) == 2
    assert all(reply.json["message_reference"] for reply in replies)
    assert_nobody_pinged(fake)


@pytest.mark.parametrize("menu", ["Find sources", "Check quote", "Find counter"])
async def test_context_menu_on_a_message_with_every_mention_form_pings_nobody(
    bot: DebateBot, fake: FakeDiscord, menu: str
) -> None:
    posted = await fake.message(every_mention(fake), author=fake.moderator)
    interaction = await fake.context_menu(menu, posted)
    await fake.response(interaction)
    await settle(fake)
    assert_nobody_pinged(fake)


async def test_buttons_on_an_answer_to_every_mention_form_ping_nobody(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    ask = await fake.slash("ask", {"question": answerable_mentions(fake), "count": 1})
    answer = await fake.response(ask)
    clicks: list[SentInteraction] = []
    for action in ("more", "context", "cite", "up"):
        clicks.append(await fake.click(button(answer, f"answer:{action}:")["custom_id"], answer))
        await fake.response(clicks[-1])
    await settle(fake)
    edits = fake.requests_to("PATCH", re.escape(clicks[0].webhook_path) + "/messages/@original")
    assert edits, "More edited the answer"
    assert_nobody_pinged(fake)
