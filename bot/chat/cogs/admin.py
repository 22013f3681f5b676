"""Help and channel settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.render import help_embed
from bot.chat.replies import answer

if TYPE_CHECKING:
    from bot.chat.client import DebateBot


class AdminCog(commands.Cog, name="Admin"):
    """/help and /listen."""

    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What I can do and how to ask.")
    async def help(self, interaction: discord.Interaction) -> None:
        await answer(interaction, embeds=[help_embed()], ephemeral=True)

    @app_commands.command(
        name="listen", description="Answer plain questions ending in '?' in this channel."
    )
    @app_commands.describe(enabled="On to answer every question in this channel, off to stop")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_channels=True)
    @app_commands.checks.has_permissions(manage_channels=True)
    async def listen(self, interaction: discord.Interaction, enabled: bool) -> None:
        channel_id = interaction.channel_id
        assert channel_id is not None
        if enabled and not self.bot.settings.listen_in_channels:
            await answer(
                interaction,
                content="Listening to plain questions is switched off for this bot (it needs the "
                "Message Content intent): mention me instead, or ask the bot's owner to set "
                "LISTEN_IN_CHANNELS=true.",
                ephemeral=True,
            )
            return
        await self.bot.library.set_listening(channel_id, interaction.guild_id, enabled)
        if enabled:
            self.bot.listening.add(channel_id)
        else:
            self.bot.listening.discard(channel_id)
        state = "now answer" if enabled else "no longer answer"
        await answer(
            interaction,
            content=f"I will {state} plain questions ending in '?' in this channel.",
            ephemeral=True,
        )


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(AdminCog(bot))
