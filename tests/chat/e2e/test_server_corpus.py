"""Each server's own corpus through Discord: /corpus add, list, show, remove, reindex, history.

Two guilds share one bot: what guild A uploads answers in A at once and is invisible in B (and
in direct messages), whatever the command. Only members with Manage Server change a corpus.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.chat.client import DebateBot
from bot.settings import Settings
from tests.chat.e2e.harness import running_bot, settings_for
from tests.chat.e2e.helpers import Json, button, embed_text, footer, is_ephemeral, plain
from tests.fake_discord import FakeDiscord, FakeGuild
from tests.fake_discord.payloads import EVERYONE_PERMISSIONS, Permission
from tests.test_server_corpus import HTML, LIGHTHOUSE, minimal_pdf

TITLE = "Gull Point lighthouse"
QUESTION = "how much will the lighthouse restoration cost?"
COST = "140,000 pounds"
FIRST_SENTENCE = "The harbour trust voted on Tuesday to restore the old lighthouse at Gull Point."
REFUSAL = "You need the Manage Server permission for this."


@pytest.fixture
def club_b(fake: FakeDiscord) -> FakeGuild:
    """A second guild with the same bot and users (added before the bot connects)."""
    return fake.add_guild("Chess club", "general")


@pytest.fixture
def bot_settings(
    tmp_path: Path, fake: FakeDiscord, corpus_dir: Path, club_b: FakeGuild
) -> Settings:
    # Global commands (no dev guild): Discord offers them in every guild the bot is in, and the
    # guild-agnostic ones in DMs, so the fake need not pretend guild A's commands exist in B.
    # Links may reach 127.0.0.1 here: the page server of `site` is there.
    return settings_for(fake, tmp_path, corpus_dir, dev_guild_id=None, fetch_allow_private=True)


@pytest.fixture
async def site() -> AsyncIterator[str]:
    """A web site on 127.0.0.1 with one article page, /gull-point (and nothing else)."""

    async def article(request: web.Request) -> web.Response:
        return web.Response(body=HTML, content_type="text/html", charset="utf-8")

    app = web.Application()
    app.add_routes([web.get("/gull-point", article)])
    runner = web.AppRunner(app)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


@pytest.fixture
def admin(fake: FakeDiscord) -> Json:
    """A member of guild A whose role has Manage Server (and nothing else special)."""
    role = fake.add_role("Admins", EVERYONE_PERMISSIONS | Permission.MANAGE_GUILD)
    return fake.add_user("ada", roles=[role])


async def add_file(
    fake: FakeDiscord,
    filename: str,
    data: bytes,
    *,
    user: Json,
    guild: int | None = None,
    **details: str,
) -> Json:
    """/corpus add with `data` attached as `filename`; the message the uploader sees."""
    add = await fake.slash(
        "corpus add", {"file": fake.attachment(filename, data), **details}, user=user, guild=guild
    )
    return await fake.response(add)


def added_id(reply: Json) -> str:
    """The document id in an "Added **title** as `id` (n paragraphs)" reply."""
    found = re.search(r"`([^`]+)`", reply["content"])
    assert found, reply["content"]
    return found.group(1)


async def upload_lighthouse(fake: FakeDiscord, admin: Json) -> str:
    reply = await add_file(fake, "harbour.txt", LIGHTHOUSE.encode(), user=admin, title=TITLE)
    assert reply["content"].startswith(f"Added **{TITLE}**"), reply["content"]
    return added_id(reply)


async def ask(fake: FakeDiscord, question: str, *, guild: int | None = None) -> Json:
    return await fake.response(await fake.slash("ask", {"question": question}, guild=guild))


async def answer_of(fake: FakeDiscord, name: str, options: Json, guild: int | None = None) -> Json:
    return await fake.response(await fake.slash(name, options, guild=guild))


async def choice_values(
    fake: FakeDiscord, name: str, option: str, typed: str, *, guild: int | None = None
) -> list[str]:
    interaction = await fake.autocomplete(name, option, typed, guild=guild)
    callback = await fake.callback(interaction)
    assert callback["type"] == 8
    return [choice["value"] for choice in callback["data"]["choices"]]


async def ask_to_remove(fake: FakeDiscord, doc_id: str, admin: Json) -> Json:
    """/corpus remove: the private question with its Remove and Keep buttons."""
    asked = await fake.response(await fake.slash("corpus remove", {"document": doc_id}, user=admin))
    assert is_ephemeral(asked)
    assert asked["content"].startswith(f"Remove **{TITLE}** (`{doc_id}`)")
    assert set(labels_of(asked)) == {"Remove", "Keep"}
    return asked


def labels_of(message: Json) -> dict[str, str]:
    """Button label -> custom_id."""
    return {b["label"]: b["custom_id"] for b in FakeDiscord.buttons(message)}


async def press(fake: FakeDiscord, asked: Json, label: str, admin: Json) -> Json:
    """The admin presses Remove or Keep; the question as edited in place."""
    click = await fake.click(labels_of(asked)[label], asked, user=admin)
    assert (await fake.callback(click))["type"] == 7
    edited = await fake.response(click)
    assert edited["id"] == asked["id"]
    assert edited["components"] == []
    return edited


async def test_upload_answers_in_its_server_and_nowhere_else(
    bot: DebateBot, fake: FakeDiscord, club_b: FakeGuild, admin: Json
) -> None:
    add = await fake.slash(
        "corpus add",
        {"file": fake.attachment("harbour.txt", LIGHTHOUSE.encode()), "title": TITLE},
        user=admin,
    )
    callback = await fake.callback(add)
    assert callback["type"] == 5 and is_ephemeral(callback["data"])  # privately "thinking…"
    reply = await fake.response(add)
    assert is_ephemeral(reply)
    assert reply["content"].startswith(f"Added **{TITLE}**")
    assert "answers questions in this server now" in reply["content"]
    assert len(fake.downloads) == 1 and "/harbour.txt" in fake.downloads[0]
    doc_id = added_id(reply)
    assert doc_id.startswith(f"g{fake.guild_id}-")
    b = club_b.id

    # Guild A: quoted at once, no restart.
    in_a = await ask(fake, QUESTION)
    assert COST in plain(embed_text(in_a))
    assert doc_id in footer(in_a)
    # Guild B: the same question finds nothing of it.
    in_b = await ask(fake, QUESTION, guild=b)
    assert in_b["channel_id"] == str(club_b.channel_id)
    assert COST not in plain(embed_text(in_b))
    assert doc_id not in footer(in_b)
    assert "Nothing in the corpus answers this." in embed_text(in_b)  # the seed article cannot

    assert doc_id in embed_text(await answer_of(fake, "sources", {}))
    assert doc_id not in embed_text(await answer_of(fake, "sources", {}, guild=b))
    assert doc_id in embed_text(await answer_of(fake, "corpus list", {}))
    listed_b = await answer_of(fake, "corpus list", {}, guild=b)
    assert doc_id not in embed_text(listed_b)
    assert "None yet" in embed_text(listed_b)

    assert doc_id in await choice_values(fake, "ask", "document", "")
    assert doc_id not in await choice_values(fake, "ask", "document", "", guild=b)
    assert await choice_values(fake, "ask", "document", "gull", guild=b) == []
    for typed in ("", "lighthouse", f"{doc_id}:"):
        offered = await choice_values(fake, "quote", "passage", typed, guild=b)
        assert not any(value.startswith(doc_id) for value in offered), (typed, offered)
    offered_a = await choice_values(fake, "quote", "passage", "lighthouse")
    assert any(value.startswith(f"{doc_id}:") for value in offered_a)

    refused = await answer_of(fake, "quote", {"passage": f"{doc_id}:p1"}, guild=b)
    assert is_ephemeral(refused)
    assert "There is no passage" in refused["content"]
    shown = await answer_of(fake, "quote", {"passage": f"{doc_id}:p1"})
    assert FIRST_SENTENCE in plain(embed_text(shown))

    checked_a = await answer_of(fake, "check", {"text": FIRST_SENTENCE})
    assert checked_a["embeds"][0]["title"].startswith("Verbatim")
    checked_b = await answer_of(fake, "check", {"text": FIRST_SENTENCE}, guild=b)
    assert checked_b["embeds"][0]["title"] == "Not in the corpus"
    assert TITLE not in embed_text(checked_b)

    evidence_a = await answer_of(fake, "evidence", {"document": doc_id})
    assert COST in plain(embed_text(evidence_a))
    assert doc_id not in embed_text(await answer_of(fake, "evidence", {}, guild=b))
    evidence_b = await answer_of(fake, "evidence", {"document": doc_id}, guild=b)
    assert is_ephemeral(evidence_b)
    assert "There is no document" in evidence_b["content"]


async def test_only_manage_server_changes_the_corpus(
    bot: DebateBot, fake: FakeDiscord, admin: Json
) -> None:
    doc_id = await upload_lighthouse(fake, admin)
    downloads = len(fake.downloads)
    member = fake.user  # @everyone's permissions only
    moderator = fake.moderator  # Manage Channels, not Manage Server
    assert not fake.permissions_of(int(member["id"])) & Permission.MANAGE_GUILD
    attempts: list[tuple[str, Json]] = [
        ("corpus add", {"file": fake.attachment("more.txt", LIGHTHOUSE.encode()), "title": "X"}),
        ("corpus remove", {"document": doc_id}),
        ("corpus reindex", {}),
    ]
    for user in (member, moderator):
        for name, options in attempts:
            interaction = await fake.slash(name, options, user=user)
            callback = await fake.callback(interaction)
            assert callback["type"] == 4, name  # refused at once, before any "thinking…"
            refusal = await fake.response(interaction)
            assert is_ephemeral(refusal), name
            assert refusal["content"] == REFUSAL, name
            assert not refusal.get("components") and not refusal.get("embeds")
    assert len(fake.downloads) == downloads  # the refused upload was never fetched
    assert [d.id for d in bot.library.own_documents(str(fake.guild_id))] == [doc_id]

    # Reading is for everyone, in public.
    listed = await answer_of(fake, "corpus list", {})
    assert not is_ephemeral(listed)
    assert doc_id in embed_text(listed)
    shown = await answer_of(fake, "corpus show", {"document": doc_id})
    assert not is_ephemeral(shown)
    assert TITLE in plain(embed_text(shown))
    history = await answer_of(fake, "corpus history", {})
    assert not is_ephemeral(history)
    lines = history["embeds"][0]["description"].splitlines()
    assert len(lines) == 1 and f"add `{doc_id}`" in lines[0]


@pytest.mark.parametrize(
    ("filename", "data", "problem", "fetched"),
    [
        # Refused by its name, before downloading: an old Word file told what to do.
        ("notes.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", "save it as .docx", False),
        ("notes.odt", b"PK\x03\x04 a document", "unsupported file type '.odt'", False),
        ("notes.docx", b"PK\x03\x04 a word document", "not a Word document I can read", True),
        # A PDF renamed .txt (a Latin-1 text file is read in its charset).
        ("renamed.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\n", "is a PDF", True),
        ("empty.txt", b"", "the file is empty", True),
        # Refused by the size Discord reports, before downloading 2 MB.
        ("big.txt", b"word " * 400_001, "the limit is 2,000,000 bytes", False),
    ],
    ids=["doc", "odt", "broken-docx", "renamed-pdf", "empty", "over-2MB"],
)
async def test_bad_upload_is_refused_and_adds_nothing(
    bot: DebateBot,
    fake: FakeDiscord,
    admin: Json,
    filename: str,
    data: bytes,
    problem: str,
    fetched: bool,
) -> None:
    reply = await add_file(fake, filename, data, user=admin, title=TITLE)
    assert is_ephemeral(reply)
    assert problem in reply["content"], reply["content"]
    assert filename in reply["content"]
    assert "Added" not in reply["content"]
    assert len(fake.downloads) == int(fetched)
    assert bot.library.own_documents(str(fake.guild_id)) == []
    assert "None yet" in embed_text(await answer_of(fake, "corpus list", {}))
    history = await answer_of(fake, "corpus history", {})
    assert history["embeds"][0]["description"] == "No changes yet."


async def test_remove_asks_first_then_old_buttons_say_it_is_gone(
    bot: DebateBot, fake: FakeDiscord, admin: Json
) -> None:
    doc_id = await upload_lighthouse(fake, admin)
    old = await ask(fake, QUESTION)
    assert doc_id in footer(old)
    assert doc_id in await choice_values(fake, "corpus remove", "document", "gull")

    asked = await ask_to_remove(fake, doc_id, admin)
    stranger = await fake.click(labels_of(asked)["Remove"], asked, user=fake.owner)
    assert "Only the admin who asked" in (await fake.response(stranger))["content"]

    kept = await press(fake, asked, "Keep", admin)
    assert kept["content"] == f"Kept **{TITLE}**."
    assert doc_id in footer(await ask(fake, QUESTION))

    removed = await press(fake, await ask_to_remove(fake, doc_id, admin), "Remove", admin)
    assert removed["content"].startswith(f"Removed **{TITLE}** (`{doc_id}`)")
    assert bot.library.own_documents(str(fake.guild_id)) == []

    for action in ("context", "cite"):
        click = await fake.click(button(old, f"answer:{action}:")["custom_id"], old)
        said = await fake.response(click)
        assert is_ephemeral(said)
        assert "removed from the corpus" in said["content"], action
    again = await ask(fake, QUESTION)
    assert COST not in plain(embed_text(again))
    assert doc_id not in footer(again)


async def test_remove_pressed_after_losing_manage_server_is_refused(
    bot: DebateBot, fake: FakeDiscord, admin: Json
) -> None:
    doc_id = await upload_lighthouse(fake, admin)
    asked = await ask_to_remove(fake, doc_id, admin)
    fake.member_roles[int(admin["id"])] = []  # the Admins role is taken away meanwhile
    click = await fake.click(labels_of(asked)["Remove"], asked, user=admin)
    refusal = await fake.response(click, timeout=2.0)  # the bot answers at once, or never
    assert is_ephemeral(refusal)
    assert refusal["content"] == REFUSAL
    assert [d.id for d in bot.library.own_documents(str(fake.guild_id))] == [doc_id]


async def test_history_names_who_added_and_removed_without_pinging(
    bot: DebateBot, fake: FakeDiscord, club_b: FakeGuild, admin: Json
) -> None:
    doc_id = await upload_lighthouse(fake, admin)
    await press(fake, await ask_to_remove(fake, doc_id, admin), "Remove", admin)

    interaction = await fake.slash("corpus history", {})
    history = await fake.response(interaction)
    sent = (await fake.callback(interaction))["data"]
    assert sent["allowed_mentions"]["parse"] == []
    lines = history["embeds"][0]["description"].splitlines()
    mention = f"<@{admin['id']}>"
    assert any(mention in line and f"add `{doc_id}`" in line for line in lines), lines
    assert any(mention in line and f"remove `{doc_id}`" in line for line in lines), lines
    assert "harbour.txt" in history["embeds"][0]["description"]
    assert history["mentions"] == []  # a mention in an embed, and no ping

    elsewhere = await answer_of(fake, "corpus history", {}, guild=club_b.id)
    assert elsewhere["embeds"][0]["description"] == "No changes yet."


async def test_html_and_pdf_uploads_answer_questions(
    bot: DebateBot, fake: FakeDiscord, admin: Json
) -> None:
    page = await add_file(fake, "gull-point.html", HTML, user=admin)
    assert page["content"].startswith("Added **Gull Point light to shine again**"), page
    page_id = added_id(page)
    fishermen = await ask(fake, "what did the fishermen say about a working light?")
    assert "Fishermen who still sail from the point" in plain(embed_text(fishermen))
    assert page_id in footer(fishermen)
    assert "Gazette" not in plain(embed_text(fishermen))  # the page's footer was left out

    pdf = minimal_pdf(
        [
            "The trust secretary read the minutes of the March meeting.",
            "The ferry timetable will change in May because the pier needs repairs.",
        ]
    )
    minutes = await add_file(fake, "minutes.pdf", pdf, user=admin)
    assert minutes["content"].startswith("Added **Minutes of the harbour trust**"), minutes
    minutes_id = added_id(minutes)
    ferry = await ask(fake, "why will the ferry timetable change?")
    assert "pier needs repairs" in plain(embed_text(ferry))
    assert minutes_id in footer(ferry)


async def test_direct_messages_see_the_shared_corpus_only(
    bot: DebateBot, fake: FakeDiscord, admin: Json
) -> None:
    doc_id = await upload_lighthouse(fake, admin)
    in_dm = await fake.response(await fake.slash("ask", {"question": QUESTION}, dm=True))
    assert in_dm["channel_id"] == fake.dm_channel(fake.user)["id"]
    assert "guild_id" not in in_dm
    assert COST not in plain(embed_text(in_dm))
    sources = await fake.response(await fake.slash("sources", {}, dm=True))
    assert doc_id not in embed_text(sources)
    assert embed_text(sources)  # the shared documents are there
    with pytest.raises(PermissionError):
        await fake.slash("corpus list", {}, dm=True)  # guild-only: not offered in DMs


async def test_fake_plays_two_guilds_and_keeps_dev_guild_commands_in_theirs(
    fake: FakeDiscord, club_b: FakeGuild, tmp_path: Path, corpus_dir: Path, health: None
) -> None:
    """The fake itself: GUILD_CREATE for both guilds at READY, and commands synced to the dev
    guild (the default settings) are offered there only, as Discord does."""
    async with running_bot(fake, settings_for(fake, tmp_path, corpus_dir)) as running:
        created = [f.payload["d"]["id"] for f in fake.frames if f.event == "GUILD_CREATE"]
        assert created == [str(fake.guild_id), str(club_b.id)]
        assert {g.id for g in running.guilds} == {fake.guild_id, club_b.id}
        with pytest.raises(LookupError):
            await fake.slash("sources", {}, guild=club_b.id)
        with pytest.raises(LookupError):
            await fake.slash("sources", {}, dm=True)
        listed = await answer_of(fake, "sources", {})
        assert listed["guild_id"] == str(fake.guild_id)


async def add_link(fake: FakeDiscord, link: str, admin: Json) -> Json:
    """/corpus add url: with no file; the private reply the admin sees."""
    reply = await fake.response(await fake.slash("corpus add", {"url": link}, user=admin))
    assert is_ephemeral(reply)
    return reply


async def test_a_link_is_fetched_added_and_answers(
    bot: DebateBot, fake: FakeDiscord, admin: Json, site: str
) -> None:
    added = await add_link(fake, f"{site}/gull-point", admin)
    assert added["content"].startswith("Added **Gull Point light to shine again**"), added
    fishermen = await ask(fake, "what did the fishermen say about a working light?")
    assert "Fishermen who still sail from the point" in plain(embed_text(fishermen))
    assert added_id(added) in footer(fishermen)


async def test_a_link_that_cannot_be_fetched_or_no_file_at_all_adds_nothing(
    bot: DebateBot, fake: FakeDiscord, admin: Json, site: str
) -> None:
    missing = await add_link(fake, f"{site}/no-such-page", admin)
    assert missing["content"].startswith(f"Nothing was added. {site}/no-such-page: "), missing
    assert "404" in missing["content"]
    nothing = await fake.response(await fake.slash("corpus add", {}, user=admin))
    assert is_ephemeral(nothing)
    assert "Attach a file, or give the page's link as `url`." in nothing["content"]


# --- confirmations expire visibly -------------------------------------------------------------


async def stored_once(fake: FakeDiscord, message: Json, predicate: Any) -> Json:
    """The message as the fake stores it, once `predicate` holds of it (within 5 s)."""
    for _ in range(500):
        stored = fake.messages[int(message["id"])]
        if predicate(stored):
            return stored
        await asyncio.sleep(0.01)
    raise AssertionError(f"the message never changed so: {fake.messages[int(message['id'])]}")


def all_disabled(message: Json) -> bool:
    buttons = FakeDiscord.buttons(message)
    return bool(buttons) and all(b.get("disabled") for b in buttons)


async def test_a_confirmation_left_unanswered_is_disabled_in_its_message(
    fake: FakeDiscord, bot_settings: Settings, admin: Json, health: None
) -> None:
    quick = bot_settings.model_copy(update={"confirm_seconds": 0.3})
    async with running_bot(fake, quick) as bot:
        doc_id = await upload_lighthouse(fake, admin)
        asked = await ask_to_remove(fake, doc_id, admin)
        expired = await stored_once(fake, asked, all_disabled)
        assert expired["content"] == "This confirmation expired; run /corpus remove again."
        assert set(labels_of(expired)) == {"Remove", "Keep"}
        assert [d.id for d in bot.library.own_documents(str(fake.guild_id))] == [doc_id]


async def test_a_confirmation_pressed_after_its_time_or_a_restart_says_it_expired(
    fake: FakeDiscord, bot_settings: Settings, admin: Json, health: None
) -> None:
    async with running_bot(fake, bot_settings):
        doc_id = await upload_lighthouse(fake, admin)
        asked = await ask_to_remove(fake, doc_id, admin)
    # A new process: it never saw this confirmation.
    quick = bot_settings.model_copy(update={"confirm_seconds": 0.3})
    async with running_bot(fake, quick) as restarted:
        for label in ("Remove", "Keep"):
            stored = fake.messages[int(asked["id"])]
            if all_disabled(stored):
                break
            click = await fake.click(labels_of(stored)[label], asked, user=admin)
            assert (await fake.callback(click))["type"] == 7  # the message, edited in place
            said = await fake.response(click)
            assert said["content"] == "This confirmation expired; run /corpus remove again."
            assert all_disabled(said)
        assert [d.id for d in restarted.library.own_documents(str(fake.guild_id))] == [doc_id]
        # Its time ran out while Discord refused the edit: the buttons stay, and say so.
        fake.fail_next("PATCH", r"/webhooks/\d+/[^/]+/messages/@original", status=500, times=20)
        late = await ask_to_remove(fake, doc_id, admin)
        await asyncio.sleep(1.5)
        assert not all_disabled(fake.messages[int(late["id"])])
        click = await fake.click(labels_of(late)["Remove"], late, user=admin)
        said = await fake.response(click)
        assert said["content"] == "This confirmation expired; run /corpus remove again."
        assert [d.id for d in restarted.library.own_documents(str(fake.guild_id))] == [doc_id]


async def test_an_upload_says_what_it_added_or_replaced(
    bot: DebateBot, fake: FakeDiscord, admin: Json
) -> None:
    first = await upload_lighthouse(fake, admin)
    other = await add_file(fake, "notice.txt", LIGHTHOUSE.encode(), user=admin, title=TITLE)
    second = added_id(other)
    assert second != first and second.startswith(f"{first}-")
    assert f"`{first}` is another document (**{TITLE}**, from `harbour.txt`)" in other["content"]
    again = await add_file(fake, "harbour.txt", b"The lamp is lit.\n", user=admin, title="Lit")
    assert again["content"].startswith(
        f"Replaced **{TITLE}** (`{first}`, uploaded from `harbour.txt`) with **Lit**"
    )
    asked = await add_file(
        fake, "new.txt", b"The lamp is out.\n", user=admin, title="Out", replace=second
    )
    assert asked["content"].startswith(f"Replaced **{TITLE}** (`{second}`, uploaded from")
    assert sorted(d.meta.title for d in bot.library.own_documents(str(fake.guild_id))) == [
        "Lit",
        "Out",
    ]
    refused = await add_file(
        fake, "x.txt", b"Text.\n", user=admin, title="X", replace="security-first-or-america-first"
    )
    assert "This server has no document" in refused["content"]


async def test_a_server_waits_its_turn_between_uploads_and_others_do_not(
    fake: FakeDiscord, bot_settings: Settings, admin: Json, club_b: FakeGuild, health: None
) -> None:
    paced = bot_settings.model_copy(update={"upload_cooldown_seconds": 60.0})
    async with running_bot(fake, paced) as bot:
        assert (await upload_lighthouse(fake, admin)).startswith(f"g{fake.guild_id}-")
        again = await add_file(fake, "second.txt", LIGHTHOUSE.encode(), user=admin, title="Two")
        assert is_ephemeral(again)
        assert re.fullmatch(
            r"This server uploaded a file moments ago; the next may start in \d+ s\.",
            again["content"],
        ), again["content"]
        elsewhere = await add_file(
            fake, "b.txt", LIGHTHOUSE.encode(), user=fake.owner, guild=club_b.id, title="B"
        )
        assert elsewhere["content"].startswith("Added **B**")
        assert len(bot.library.own_documents(str(fake.guild_id))) == 1
