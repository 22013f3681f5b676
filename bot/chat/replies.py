"""What every reply of the bot shares: no pings, private replies, the corpus a place sees
(`scope_of`, the Library's), and the per-user cooldown on questions."""

from __future__ import annotations

import logging
import time
from typing import Protocol, cast

import aiohttp
import discord
from discord import app_commands

from bot.library import scope_of

__all__ = ["NO_PINGS", "OnCooldown", "UserCooldown", "scope_of", "send_ephemeral"]

log = logging.getLogger(__name__)

# Set on the client too; passed on every send as well, so no reply depends on the default.
NO_PINGS = discord.AllowedMentions.none()
# Bounded memory: past this many users, those whose cooldown is long over are forgotten.
COOLDOWN_USERS_KEPT = 10_000


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """An ephemeral reply, whether or not the interaction was answered (deferred) already; a
    failure to deliver it is logged, not raised."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(
                message, ephemeral=True, allowed_mentions=NO_PINGS
            )
    except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
        # Discord refused it or cannot be reached (the bot may be closing): one line, no trace.
        log.warning("could not deliver a private reply: %s: %s", type(error).__name__, error)


class OnCooldown(app_commands.CheckFailure):
    """A user asked again before their cooldown was over."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"Slow down: you can ask again in {retry_after:.1f} s.")


class UserCooldown:
    """One question per user every `seconds`; buttons on an answer are not counted."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last: dict[int, float] = {}

    def retry_after(self, user_id: int) -> float:
        """0 and the question counts, or how long (seconds) the user must wait."""
        now = time.monotonic()
        last = self._last.get(user_id)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        self._last[user_id] = now
        if len(self._last) > COOLDOWN_USERS_KEPT:
            cutoff = now - self.seconds
            self._last = {user: t for user, t in self._last.items() if t >= cutoff}
        return 0.0

    def check(self, user_id: int) -> None:
        """Count a question; raises OnCooldown when the user must wait."""
        wait = self.retry_after(user_id)
        if wait:
            raise OnCooldown(wait)


class _WithCooldown(Protocol):
    cooldown: UserCooldown


def _count_question(interaction: discord.Interaction) -> bool:
    cast(_WithCooldown, interaction.client).cooldown.check(interaction.user.id)
    return True


# A check for commands that ask a question: it runs before the options are read (see
# options.py), so a user on cooldown hears that first.
counts_as_question = app_commands.check(_count_question)
