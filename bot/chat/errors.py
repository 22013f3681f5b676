"""The command tree's error handler (an extension): every failure of a slash command or message
action becomes one private, plain-language message; only the unexpected ones are logged."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.chat.options import UnknownOption
from bot.chat.replies import send_ephemeral
from bot.engine.models import QuestionError
from bot.store import Fault, StoreError

if TYPE_CHECKING:
    from bot.chat.client import DebateBot

log = logging.getLogger(__name__)


def _permission_name(permission: str) -> str:
    """Discord's own name for a permission ("manage_guild" is "Manage Server" in the app)."""
    return {"manage_guild": "Manage Server"}.get(permission, permission.replace("_", " ").title())


def storage_message(error: StoreError) -> str | None:
    """What a user hears when the database failed under their request (None: a refusal that
    is the bot's fault, to be logged)."""
    if error.fault is Fault.LOCKED:
        return (
            "The database is busy with another program's change, so nothing was changed. "
            "Try again in a moment."
        )
    if error.fatal:  # the bot is stopping; its log says why, in one line
        return (
            "My storage failed, so nothing was changed, and I am stopping to be looked at and "
            "restarted. Try again in a few minutes."
        )
    return None


def explain(error: app_commands.AppCommandError) -> str | None:
    """What to tell the user about `error`, or None when it is a fault of the bot's."""
    original = getattr(error, "original", error)
    if isinstance(original, QuestionError | UnknownOption):
        return str(original)
    if isinstance(original, StoreError):
        return storage_message(original)
    if isinstance(error, app_commands.MissingPermissions):
        needed = ", ".join(_permission_name(p) for p in error.missing_permissions)
        return f"You need the {needed} permission for this."
    if isinstance(error, app_commands.BotMissingPermissions):
        needed = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"I need the {needed} permission here."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in servers only."
    if isinstance(error, app_commands.CheckFailure):  # OnCooldown too
        return str(error) or "You cannot use this command here."
    return None


async def on_app_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    """Answer the user privately; log what they could not have caused."""
    message = explain(error)
    if message is None:
        log.error("command failed", exc_info=getattr(error, "original", error))
        message = "Something went wrong on my side; it has been logged. Try again in a moment."
    await send_ephemeral(interaction, message)


async def setup(bot: DebateBot) -> None:
    bot.tree.error(on_app_command_error)
