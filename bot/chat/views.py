"""The buttons on the bot's messages, as `DynamicItem`s: each parses its own custom_id and does
its one action in `callback`, so buttons work on messages posted before a restart.

The custom_ids are those of the messages already posted, and must stay so:

    answer:more:<answer id>       the next page of the answer
    answer:context:<answer id>    the paragraphs around each quote
    answer:cite:<answer id>       an MLA citation of each quote
    answer:up:<answer id>         👍 on the first quote (answer:down: 👎)
    para:prev:<passage id>        the paragraph before (para:next: the one after)

Answer ids are rows of the store (see `Library.remember`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, Self

import discord

from bot.chat import limits
from bot.chat.limits import clip
from bot.chat.render import (
    CitationStyle,
    answer_embed,
    citation,
    code_block,
    context_embed,
    passage_embed,
)
from bot.chat.replies import answer, scope_of, send_ephemeral, update
from bot.engine.models import Document, Passage
from bot.engine.results import Answer
from bot.store import ShownAnswer

if TYPE_CHECKING:
    from bot.chat.client import DebateBot

CONTEXT_QUOTES_MAX = 3  # quotes whose surroundings the Context button shows


# An answer as shown, with each quoted passage and its document, in the order shown.
Quoted = tuple[ShownAnswer, list[tuple[Document, Passage]]]


def _bot(interaction: discord.Interaction) -> DebateBot:
    bot: DebateBot = interaction.client  # type: ignore[assignment]
    return bot


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"answer:(?P<action>[a-z]+):(?P<id>[0-9]+)",
):
    """What the buttons on an answer share: the answer they belong to, as it was shown. Each
    subclass is one action, with its own template, look and `callback`."""

    LABEL: ClassVar[str | None] = None
    EMOJIS: ClassVar[dict[str, str]] = {}  # action -> emoji
    STYLE: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary

    def __init__(self, answer_id: int, action: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=self.LABEL,
                emoji=self.EMOJIS.get(action),
                style=self.STYLE,
                custom_id=f"answer:{action}:{answer_id}",
            )
        )
        self.action = action
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(int(match["id"]), match["action"])

    async def shown(self, interaction: discord.Interaction) -> ShownAnswer | None:
        """The answer as shown, or None (and the user told) when it is too old to be kept."""
        shown = await _bot(interaction).library.remembered(self.answer_id)
        if shown is None:
            await send_ephemeral(interaction, "That answer is too old; ask again with /ask.")
        return shown

    async def quoted(self, interaction: discord.Interaction) -> Quoted | None:
        """The answer as shown with each quoted passage and its document; None (and the user
        told) when the answer is too old, or a passage in it was removed since."""
        shown = await self.shown(interaction)
        if shown is None:
            return None
        library, scope = _bot(interaction).library, scope_of(interaction.guild_id)
        passages = [library.passage(passage_id, scope) for passage_id in shown.passage_ids]
        if any(passage is None for passage in passages):
            await send_ephemeral(
                interaction,
                "A passage in this answer was removed from the corpus since; ask again.",
            )
            return None
        found = [passage for passage in passages if passage is not None]
        return shown, [(library.document_of(passage), passage) for passage in found]


class MoreButton(AnswerButton, template=r"answer:(?P<action>more):(?P<id>[0-9]+)"):
    """The next page of results, in place of this one."""

    LABEL = "More"
    STYLE = discord.ButtonStyle.primary

    async def callback(self, interaction: discord.Interaction) -> None:
        shown = await self.shown(interaction)
        if shown is None:
            return
        bot = _bot(interaction)
        await interaction.response.defer()
        async with bot.answering():
            page = await bot.library.ask(
                shown.question,
                shown.k,
                offset=shown.offset + shown.k,
                doc_id=shown.doc_id,
                scope=scope_of(interaction.guild_id),
            )
            if page.abstained or not page.quotes:
                await send_ephemeral(interaction, "There are no more results for this question.")
                return
            await bot.library.turn_page(self.answer_id, page)
            await update(
                interaction, embeds=[answer_embed(page)], view=answer_view(self.answer_id, page)
            )


class ContextButton(AnswerButton, template=r"answer:(?P<action>context):(?P<id>[0-9]+)"):
    """The paragraphs around each quote, privately."""

    LABEL = "Context"

    async def callback(self, interaction: discord.Interaction) -> None:
        quoted = await self.quoted(interaction)
        if quoted is None:
            return
        library = _bot(interaction).library
        shown = quoted[1][:CONTEXT_QUOTES_MAX]
        # The embeds of one message share Discord's 6,000 characters.
        budget = limits.EMBEDS_TOTAL // len(shown)
        embeds = [
            context_embed(document, library.context(passage.id), passage.id, budget)
            for document, passage in shown
        ]
        await answer(interaction, embeds=embeds, ephemeral=True)


class CiteButton(AnswerButton, template=r"answer:(?P<action>cite):(?P<id>[0-9]+)"):
    """An MLA citation of each quoted passage, privately."""

    LABEL = "Cite"

    async def callback(self, interaction: discord.Interaction) -> None:
        quoted = await self.quoted(interaction)
        if quoted is None:
            return
        # Each citation has an equal share of the message, so a long one cannot push out the rest.
        share = (limits.CONTENT - 10) // len(quoted[1]) - 2
        blocks = [
            clip(citation(document, passage, CitationStyle.MLA), share, markdown=False)
            for document, passage in quoted[1]
        ]
        await answer(interaction, content=code_block("\n\n".join(blocks)), ephemeral=True)


class VoteButton(AnswerButton, template=r"answer:(?P<action>up|down):(?P<id>[0-9]+)"):
    """👍 ("up") or 👎 ("down") on the answer's first quote, stored as feedback."""

    EMOJIS: ClassVar[dict[str, str]] = {"up": "👍", "down": "👎"}

    async def callback(self, interaction: discord.Interaction) -> None:
        quoted = await self.quoted(interaction)
        if quoted is None:
            return
        shown = quoted[0]
        top = shown.passage_ids[0]
        vote = 1 if self.action == "up" else -1
        await _bot(interaction).library.feedback(
            top, shown.question, vote, interaction.user.id, interaction.guild_id
        )
        await answer(
            interaction,
            content=f"Thanks: recorded {self.EMOJIS[self.action]} for `{top}`.",
            ephemeral=True,
        )


def answer_view(answer_id: int, answer: Answer) -> discord.ui.View | None:
    """More / Context / Cite / 👍 / 👎 under an answer (More disabled on the last page); None
    for an answer without quotes."""
    if answer.abstained or not answer.quotes:
        return None
    view = discord.ui.View(timeout=None)
    more = MoreButton(answer_id, "more")
    more.item.disabled = answer.offset + len(answer.quotes) >= answer.total
    for button in (
        more,
        ContextButton(answer_id, "context"),
        CiteButton(answer_id, "cite"),
        VoteButton(answer_id, "up"),
        VoteButton(answer_id, "down"),
    ):
        view.add_item(button)
    return view


class ParagraphButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"para:(?P<direction>prev|next):(?P<passage>.+)",
):
    """◀ / ▶ under a paragraph: the one before or after it, in place of it."""

    def __init__(self, direction: str, passage_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                emoji="◀" if direction == "prev" else "▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"para:{direction}:{passage_id}",
            )
        )
        self.step = -1 if direction == "prev" else 1
        self.passage_id = passage_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ParagraphButton:
        return cls(match["direction"], match["passage"])

    async def callback(self, interaction: discord.Interaction) -> None:
        library = _bot(interaction).library
        passage = library.passage(self.passage_id, scope_of(interaction.guild_id))
        if passage is None:
            await send_ephemeral(interaction, "That paragraph was removed from the corpus.")
            return
        target = library.step(passage, self.step)
        document = library.document_of(target)
        await update(
            interaction,
            embeds=[passage_embed(document, target)],
            view=paragraph_view(target, len(document.passages)),
        )


def paragraph_view(passage: Passage, count: int) -> discord.ui.View:
    """◀ ▶ under paragraph `passage` of a document of `count` paragraphs (disabled at the ends)."""
    view = discord.ui.View(timeout=None)
    previous = ParagraphButton("prev", passage.id)
    following = ParagraphButton("next", passage.id)
    previous.item.disabled = passage.number <= 1
    following.item.disabled = passage.number >= count
    view.add_item(previous)
    view.add_item(following)
    return view


# Registered with the client (see the cogs' setup), matched by custom_id after restarts too.
DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    MoreButton,
    ContextButton,
    CiteButton,
    VoteButton,
    ParagraphButton,
)
