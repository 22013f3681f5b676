"""Whatever the documents hold, every command and button answers, within Discord's limits.

Random documents (titles and paragraphs from one word to past the upload limits, Markdown-heavy,
in several scripts, with emoji) are uploaded to a server through `/corpus add`; then a user
tries every command, button and message action on them. The local Discord refuses anything
over a documented limit (tests/fake_discord/README.md), so the property is: no request the bot
sends is refused, and every interaction is answered (not left "thinking…"). Bounded and seeded:
the same examples every run (`derandomize`), a few seconds each.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.chat.client import DebateBot
from bot.chat.replies import scope_of
from bot.engine.models import Document
from tests.chat.e2e.helpers import LOADING, Json, is_ephemeral
from tests.chat.test_render_properties import HOSTILE_PIECES
from tests.fake_discord import FakeDiscord, SentInteraction

EXAMPLES = 12
UPLOAD_PARAGRAPH_MAX = 20_000  # the corpus format's limit (bot/engine/formats/common.py)
DEBATE_SECTION_MAX = UPLOAD_PARAGRAPH_MAX - 400  # a section counts its heading too
WORDS = (
    "harbour council ferry lighthouse budget storm keeper tide winter museum school grant mayor "
    "vote residents petition coast erosion market festival evidence security trade policy"
).split()
MARKUP = HOSTILE_PIECES  # Markdown, mentions, links, backticks, escapes (see that test)
SCRIPTS = [
    "Ελληνικά κείμενα",
    "русский текст",
    "日本語の文章です。",
    "中文句子。",
    "العربية الفصحى",
    "עברית",
    "हिन्दी पाठ",
    "ภาษาไทย",
    "한국어 문장",
    "Ünïcödé àccénts",
]
EMOJI = ["😀", "👩‍👩‍👧", "🇫🇷", "👍🏽", "❤️", "1️⃣", "🏳️‍🌈", "🧑🏿‍💻"]
KINDS = ["op-ed", "reply", "article", "speech", "report", "letter"]
STYLES = ["mla", "apa", "chicago", "card"]
piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(MARKUP),
    st.sampled_from(SCRIPTS),
    st.sampled_from(EMOJI),
)


@st.composite
def text(draw: st.DrawFn, longest: int) -> str:
    """One line: a word, then pieces repeated to a length from 1 to `longest` (the ends of the
    range drawn often), so a 20,000-character paragraph costs a few draws, not thousands."""
    pieces = [draw(st.sampled_from(WORDS)), *draw(st.lists(piece, min_size=1, max_size=16))]
    length = draw(st.one_of(st.integers(1, 80), st.integers(1, longest), st.just(longest)))
    line = " ".join(itertools.islice(itertools.cycle(pieces), length))[:length]
    return " ".join(line.split()) or pieces[0]


class Upload:
    """A document as a corpus-format file, and its paragraphs as written."""

    def __init__(self, filename: str, data: bytes, paragraphs: list[str]) -> None:
        self.filename = filename
        self.data = data
        self.paragraphs = paragraphs

    def __repr__(self) -> str:  # a failing example is reported short enough to read
        head = self.data.split(b"\n---\n")[0].decode()[:300]
        sizes = [len(paragraph) for paragraph in self.paragraphs]
        return f"Upload({self.filename!r}, {len(self.data):,} bytes, {head!r}..., {sizes})"


@st.composite
def uploads(draw: st.DrawFn, number: int) -> Upload:
    title = draw(text(2000))  # over the 300 kept at ingest, as a PDF's metadata may be
    meta = {
        "title": title,
        "author": draw(text(400)),
        "date": "2024-05-01",
        "kind": draw(st.sampled_from(KINDS)),
    }
    for key in ("publisher", "author_role", "responds_to"):
        if draw(st.booleans()):
            meta[key] = draw(text(400))
    if draw(st.booleans()):
        path = draw(st.sampled_from(["a", "(x)", "[y]", "it's", "%20", "b" * 1500]))
        meta["url"] = f"https://example.org/{path}"
    paragraphs = draw(st.lists(text(UPLOAD_PARAGRAPH_MAX), min_size=1, max_size=6))
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    body = "\n\n".join(paragraphs)
    return Upload(f"doc{number}.md", f"---\n{head}---\n\n{body}\n".encode(), paragraphs)


@st.composite
def debates(draw: st.DrawFn, number: int) -> Upload:
    """A debate in the corpus format: two points, each answered, footnotes to a bibliography
    whose entries run long."""
    sections = {
        "Introduction": draw(text(3000)),
        f"Proposition 1: {draw(text(300))}": draw(text(DEBATE_SECTION_MAX)) + " [1]",
        "Opposition answer to proposition 1": draw(text(DEBATE_SECTION_MAX)) + " [2]",
        f"Opposition 1: {draw(text(300))}": draw(text(5000)) + " [1] [2]",
        "Proposition answer to opposition 1": draw(text(5000)),
    }
    path = draw(st.sampled_from(["a", "(x)", "b" * 1500]))
    entries = [f"[1] {draw(text(1500))}, https://example.org/{path}", f"[2] {draw(text(600))}"]
    head = (
        f"---\ntitle: {draw(text(2000))}\nkind: debate\nmotion: {draw(text(400))}\n"
        f"author: {draw(text(200))}\ndate: 2024-05-01\n---\n\n"
    )
    body = "".join(f"## {heading}\n\n{section}\n\n" for heading, section in sections.items())
    body += "## Bibliography\n\n" + "\n\n".join(entries) + "\n"
    return Upload(f"doc{number}.md", (head + body).encode(), list(sections.values()))


@dataclass(frozen=True)
class Plan:
    """What the user does with the documents."""

    count: int  # /ask's count
    remove: bool  # Remove (else Keep) on /corpus remove's confirmation
    typed: str  # what the user types into autocomplete


plans = st.builds(
    Plan,
    count=st.integers(1, 5),
    remove=st.booleans(),
    typed=st.one_of(st.just(""), st.sampled_from(WORDS), st.sampled_from(SCRIPTS)),
)


class User:
    """The owner of the server (who may change its corpus) driving the bot, and the check that
    each interaction was answered."""

    def __init__(self, fake: FakeDiscord, bot: DebateBot) -> None:
        self.fake = fake
        self.bot = bot

    def refused(self, interaction: SentInteraction) -> list[str]:
        """The interaction's requests (callback, webhook) the fake refused."""
        paths = (interaction.callback_path, interaction.webhook_path)
        return [
            f"{request}: {request.response}"
            for request in self.fake.requests
            if request.path.startswith(paths) and request.status >= 400 and not request.injected
        ]

    async def answer(self, interaction: SentInteraction) -> Json:
        """What the user sees once the bot has answered: the callback's message (filled in, if
        it was "thinking…"), the message a button changed, or the private reply it sent.
        Fails at once if Discord refused a request of the interaction."""
        callback = await self.fake.journal.wait(
            lambda: (
                self.refused(interaction)
                or next(
                    iter(self.fake.requests_to("POST", re.escape(interaction.callback_path))), None
                )
            ),
            20,
            f"the callback of {interaction.id}",
        )
        assert not self.refused(interaction), self.refused(interaction)
        kind = callback.json["type"]
        if kind == 8:
            body: Json = callback.json
            return body

        def shown() -> Json | list[str] | None:
            if self.refused(interaction):
                return self.refused(interaction)
            mine = [
                message
                for message in self.fake.messages.values()
                if message.get("interaction_metadata", {}).get("id") == str(interaction.id)
            ]
            if kind in (6, 7):  # a button's message, edited (or a private reply instead)
                if mine:
                    return mine[-1]
                if kind == 6 and not self.fake.journal.edited_since(interaction):
                    return None
                return self.fake.messages.get(int(interaction.payload["message"]["id"]))
            done = [message for message in mine if not message["flags"] & LOADING]
            return done[-1] if done and len(done) == len(mine) else None

        found = await self.fake.journal.wait(shown, 20, f"the answer to {interaction.id}")
        assert isinstance(found, dict), found  # else: what Discord refused
        assert "went wrong" not in found.get("content", ""), found["content"]
        return found

    async def slash(self, name: str, options: dict[str, object]) -> Json:
        return await self.answer(await self.fake.slash(name, options, user=self.fake.owner))

    async def click(self, message: Json, prefix: str) -> Json | None:
        """Press the button whose custom_id starts with `prefix`, if there is one enabled."""
        for button in self.fake.buttons(message):
            if str(button.get("custom_id", "")).startswith(prefix) and not button.get("disabled"):
                return await self.answer(
                    await self.fake.click(button["custom_id"], message, user=self.fake.owner)
                )
        return None

    async def complete(self, name: str, option: str, typed: str) -> Json:
        return await self.answer(
            await self.fake.autocomplete(name, option, typed, user=self.fake.owner)
        )

    async def menu(self, name: str, message: Json) -> Json:
        return await self.answer(await self.fake.context_menu(name, message, user=self.fake.owner))


def first_sentence(paragraph: str, longest: int) -> str:
    found = re.match(r".+?[.!?。](?=\s|$)", paragraph)
    return (found.group(0) if found else paragraph)[:longest].strip() or paragraph[:longest]


async def try_everything(user: User, document: Document, plan: Plan) -> None:
    """Every command, button and message action on one uploaded document."""
    fake, doc_id = user.fake, document.id
    paragraph = document.passages[0].text
    question = " ".join(paragraph.split())[:500] or "what does it say?"

    await user.slash("corpus list", {})
    await user.slash("corpus show", {"document": doc_id})
    await user.slash("corpus history", {})
    await user.slash("corpus reindex", {})
    await user.slash("sources", {})
    await user.complete("ask", "document", plan.typed)
    await user.complete("quote", "passage", plan.typed)
    await user.complete("corpus remove", "document", plan.typed)

    answer = await user.slash("ask", {"question": question, "count": plan.count})
    most = await user.slash("ask", {"question": question, "document": doc_id, "count": 5})
    for prefix in ("answer:more:", "answer:context:", "answer:cite:", "answer:up:"):
        await user.click(answer, prefix)
    for prefix in ("answer:context:", "answer:cite:", "answer:down:", "answer:more:"):
        await user.click(most, prefix)

    passage = document.passages[-1].id
    quoted = await user.slash("quote", {"passage": passage})
    for prefix in ("para:prev:", "para:next:"):
        await user.click(quoted, prefix)
    for style in STYLES:
        await user.slash("cite", {"passage": passage, "style": style})

    sentence = first_sentence(paragraph, 1000)
    await user.slash("check", {"text": sentence})
    await user.slash("check", {"text": sentence[::-1][:1000] or "x"})
    await user.slash("evidence", {"document": doc_id})
    await user.slash("clash", {"topic": question[:300]})
    await user.slash("rebut", {"argument": question[:1500], "count": plan.count})
    if len(document.passages) > 1:  # a debate's point is found, and its answer comes first
        point = " ".join(document.passages[1].text.split())[:1500]
        await user.slash("rebut", {"argument": point or "x"})
    await user.slash("unanswered", {"document": doc_id})

    posted = await fake.message(" ".join(paragraph.split())[:2000], author=fake.owner)
    for name in ("Find sources", "Check quote", "Find counter"):
        await user.menu(name, posted)
    await user.menu("Find sources", answer)
    mention = await fake.message(f"<@{fake.bot_id}> {question[:400]}", author=fake.owner)
    await fake.reply_to(mention, timeout=20)


async def exercise(fake: FakeDiscord, bot: DebateBot, files: list[Upload], plan: Plan) -> None:
    user = User(fake, bot)
    first_request, first_interaction = len(fake.requests), len(fake.interactions)
    for upload in files:
        added = await user.slash(
            "corpus add", {"file": fake.attachment(upload.filename, upload.data)}
        )
        assert is_ephemeral(added)
        assert added["content"].startswith(("Added", "Replaced")), added["content"]
    documents = bot.library.own_documents(scope_of(fake.guild_id))
    for document in documents:
        await try_everything(user, document, plan)
    for document in documents:
        asked = await user.slash("corpus remove", {"document": document.id})
        label = "Remove" if plan.remove else "Keep"
        [button] = [b for b in fake.buttons(asked) if b.get("label") == label]
        await user.answer(await fake.click(button["custom_id"], asked, user=fake.owner))
        if not plan.remove:
            await bot.library.remove(document.id, scope_of(fake.guild_id))

    refused = [
        f"{request}: {request.response}"
        for request in fake.requests[first_request:]
        if request.status >= 400 and not request.injected
    ]
    assert not refused, "\n".join(refused)
    unanswered = [
        interaction.id
        for interaction in fake.interactions[first_interaction:]
        if not fake.requests_to("POST", re.escape(interaction.callback_path), ok_only=True)
    ]
    assert not unanswered


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples every run
    database=None,
    # No shrinking: a failing example takes minutes to shrink through Discord; it is reported
    # as found (short, see Upload.__repr__) and found again at every run.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(
    files=st.lists(st.integers(1, 2), min_size=1, max_size=2, unique=True).flatmap(
        lambda numbers: st.tuples(*(st.one_of(uploads(n), debates(n)) for n in numbers))
    ),
    plan=plans,
)
async def test_every_command_answers_within_discords_limits_whatever_the_documents(
    bot: DebateBot, fake: FakeDiscord, files: tuple[Upload, ...], plan: Plan
) -> None:
    await exercise(fake, bot, list(files), plan)
