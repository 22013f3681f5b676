"""Reading the corpus: /quote with paragraph navigation, /sources and /cite."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.options import AnyPassage
from bot.chat.render import CitationStyle, citation, code_block, passage_embed, sources_embed
from bot.chat.replies import answer, scope_of
from bot.chat.views import paragraph_view

if TYPE_CHECKING:
    from bot.chat.client import DebateBot


class CorpusCog(commands.Cog, name="Corpus"):
    """/quote, /sources and /cite: reading the corpus as written."""

    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot

    @app_commands.command(name="quote", description="Show one paragraph exactly as written.")
    @app_commands.describe(passage="A passage id such as doc-id:p3, or words to find one")
    async def quote(self, interaction: discord.Interaction, passage: AnyPassage) -> None:
        document = self.bot.library.document_of(passage)
        await answer(
            interaction,
            embeds=[passage_embed(document, passage)],
            view=paragraph_view(passage, len(document.passages)),
        )

    @app_commands.command(name="sources", description="List the documents I can quote.")
    async def sources(self, interaction: discord.Interaction) -> None:
        scope = scope_of(interaction.guild_id)
        documents = self.bot.library.documents(scope)
        # In a server, the documents that come with the bot are marked among its own.
        own = {d.id for d in self.bot.library.own_documents(scope)}
        bundled = {d.id for d in documents} - own if scope else set()
        await answer(interaction, embeds=[sources_embed(documents, bundled)])

    @app_commands.command(name="cite", description="A copy-ready citation of a passage.")
    @app_commands.describe(passage="A passage id such as doc-id:p3", style="Citation style")
    @app_commands.choices(
        style=[
            app_commands.Choice(name="MLA", value="mla"),
            app_commands.Choice(name="APA", value="apa"),
            app_commands.Choice(name="Chicago", value="chicago"),
            app_commands.Choice(name="Debate card", value="card"),
        ]
    )
    async def cite(
        self, interaction: discord.Interaction, passage: AnyPassage, style: str = "mla"
    ) -> None:
        document = self.bot.library.document_of(passage)
        text = citation(document, passage, CitationStyle(style))
        await answer(interaction, content=code_block(text), ephemeral=True)


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(CorpusCog(bot))
