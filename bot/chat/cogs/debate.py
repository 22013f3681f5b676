"""Debate tools: /evidence, /clash, /unanswered, /check, /rebut (its argument autocompleted with
the debates' points) and the Check quote and Find counter message actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat import limits
from bot.chat.limits import clip
from bot.chat.options import AnyDocument
from bot.chat.render import (
    check_embed,
    clash_embed,
    evidence_embed,
    rebuttal_embed,
    unanswered_embed,
)
from bot.chat.replies import answer, choices, scope_of, think
from bot.engine.check import MAX_CHECK_CHARS
from bot.engine.evidence import SentenceKind
from bot.engine.models import QuestionError
from bot.engine.rebut import MAX_ARGUMENT_CHARS

if TYPE_CHECKING:
    from bot.chat.client import DebateBot

MOTION_SHOWN = 40  # characters of a debate's motion in an argument's autocomplete choice

EVIDENCE_TYPES = [
    app_commands.Choice(name="Named sources", value="source"),
    app_commands.Choice(name="Numbers and statistics", value="statistic"),
    app_commands.Choice(name="Dated events", value="event"),
    app_commands.Choice(name="Studies and experts", value="study"),
    app_commands.Choice(name="Examples", value="example"),
]


class DebateCog(commands.Cog, name="Debate"):
    """/evidence, /clash, /unanswered, /rebut, /check and their message actions."""

    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        self.check_menu = app_commands.ContextMenu(name="Check quote", callback=self.check_message)
        self.counter_menu = app_commands.ContextMenu(
            name="Find counter", callback=self.counter_message
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.check_menu)
        self.bot.tree.add_command(self.counter_menu)

    async def cog_unload(self) -> None:
        for menu in (self.check_menu, self.counter_menu):
            self.bot.tree.remove_command(menu.name, type=menu.type)

    @app_commands.command(name="evidence", description="The evidence a document cites.")
    @app_commands.describe(document="Only this document", type="Only this kind of evidence")
    @app_commands.choices(type=EVIDENCE_TYPES)
    async def evidence(
        self,
        interaction: discord.Interaction,
        document: AnyDocument | None = None,
        type: str | None = None,
    ) -> None:
        items = await self.bot.library.evidence(
            document.id if document else None,
            SentenceKind(type) if type else None,
            scope_of(interaction.guild_id),
        )
        title = "Evidence" + (f" in {document.id}" if document else "")
        await answer(interaction, embeds=[evidence_embed(items, title)])

    @app_commands.command(name="clash", description="Each side's best passage on a topic.")
    @app_commands.describe(topic="What the sides disagree about, e.g. Huawei security")
    async def clash(
        self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 300]
    ) -> None:
        await think(interaction)
        async with self.bot.answering():
            clashes = await self.bot.library.clash(topic, scope_of(interaction.guild_id))
            await answer(interaction, embeds=[clash_embed(topic, clashes)])

    @app_commands.command(
        name="unanswered", description="The points of an op-ed that no reply engages."
    )
    @app_commands.describe(document="The op-ed")
    async def unanswered(self, interaction: discord.Interaction, document: AnyDocument) -> None:
        try:
            items = await self.bot.library.unanswered(document.id, scope_of(interaction.guild_id))
        except LookupError:
            raise app_commands.CheckFailure(
                "No document in the corpus replies to that one, so nothing can be unanswered."
            ) from None
        await answer(interaction, embeds=[unanswered_embed(document, items)])

    @app_commands.command(name="rebut", description="The debate passages that answer an argument.")
    @app_commands.describe(
        argument="The argument to answer, typed or pasted", count="How many answers (1-5)"
    )
    async def rebut(
        self,
        interaction: discord.Interaction,
        argument: app_commands.Range[str, 1, 1500],
        count: app_commands.Range[int, 1, 5] | None = None,
    ) -> None:
        await self.reply_with_rebuttal(interaction, argument, count or 3, ephemeral=False)

    @rebut.autocomplete("argument")
    async def argument_choices(
        self, interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        """The debate points that match what is being typed, each as 'Side · motion: title';
        picking one sends the point's title (its first 100 characters), which `rebut` finds
        as that point. What is typed may still be sent as it is."""
        scope = scope_of(interaction.guild_id)
        offered = []
        for point in await self.bot.library.point_choices(typed, scope):
            heading = " ".join((point.heading or "").split())
            debate = self.bot.library.document(point.doc_id, scope)
            motion = debate.meta.title if debate is not None else ""
            side = point.side.label if point.side is not None else ""
            name = f"{side} · {clip(motion, MOTION_SHOWN, markdown=False)}: {heading}"
            # A prefix of the title is in the point's text: `rebut` finds it all the same.
            value = heading[: limits.CHOICE_VALUE].rstrip()
            offered.append(app_commands.Choice(name=name, value=value))
        return choices(offered)

    async def counter_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        if not message.content.strip():
            raise QuestionError("That message has no text to answer.")
        await self.reply_with_rebuttal(
            interaction,
            clip(message.content, MAX_ARGUMENT_CHARS, markdown=False),
            3,
            ephemeral=True,
        )

    async def reply_with_rebuttal(
        self, interaction: discord.Interaction, argument: str, k: int, *, ephemeral: bool
    ) -> None:
        asked = self.bot.library.argument(argument)  # refused before "thinking…"
        await think(interaction, ephemeral=ephemeral)
        async with self.bot.answering():
            rebuttal = await self.bot.library.rebut(asked, k, scope_of(interaction.guild_id))
            await answer(interaction, embeds=[rebuttal_embed(rebuttal)], ephemeral=ephemeral)

    @app_commands.command(name="check", description="Is this quote in the corpus, word for word?")
    @app_commands.describe(text="The words someone attributes to a source")
    async def check(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, 1000]
    ) -> None:
        await self.reply_with_check(interaction, text, ephemeral=False)

    async def check_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        if not message.content.strip():
            raise QuestionError("That message has no text to check.")
        await self.reply_with_check(
            interaction, clip(message.content, MAX_CHECK_CHARS, markdown=False), ephemeral=True
        )

    async def reply_with_check(
        self, interaction: discord.Interaction, text: str, *, ephemeral: bool
    ) -> None:
        asked = self.bot.library.quotation(text)  # refused before the public "thinking…"
        await think(interaction, ephemeral=ephemeral)
        async with self.bot.answering():
            result = await self.bot.library.check(asked, scope_of(interaction.guild_id))
            await answer(interaction, embeds=[check_embed(result)], ephemeral=ephemeral)


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(DebateCog(bot))
