"""What every reply of the bot shares: every message fitted within Discord's limits
(`limits`) and sent with no pings; answers that fill in the "thinking…" message they deferred
(`think`, then `answer`); private replies and errors; the corpus a place sees (`scope_of`, the
Library's); and the per-user cooldown on questions.

Cogs and views send through these functions only, so no message can skip the limits."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any, Protocol, cast

import aiohttp
import discord
from discord import app_commands

from bot.chat import limits
from bot.library import scope_of

__all__ = [
    "NO_PINGS",
    "OnCooldown",
    "UserCooldown",
    "answer",
    "choices",
    "may_reply",
    "reply_to",
    "scope_of",
    "send_ephemeral",
    "think",
    "update",
]

log = logging.getLogger(__name__)

# Set on the client too; passed on every send as well, so no reply depends on the default.
NO_PINGS = discord.AllowedMentions.none()
# Bounded memory: past this many users, those whose cooldown is long over are forgotten.
COOLDOWN_USERS_KEPT = 10_000
# What an interaction remembers (in `Interaction.extras`) about its "thinking…" message: "public"
# or "private" while it waits to be filled in, "answered" once it is.
_THINKING = "debate-bot:thinking"


async def think(interaction: discord.Interaction, *, ephemeral: bool = False) -> None:
    """Acknowledge at once with a "thinking…" message (public, or private with `ephemeral`),
    which `answer` then fills in: for answers that may take longer than Discord's 3 seconds."""
    await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    interaction.extras[_THINKING] = "private" if ephemeral else "public"


def _waiting(interaction: discord.Interaction) -> str | None:
    """ "public" or "private" while a "thinking…" message waits to be filled in, else None."""
    state = interaction.extras.get(_THINKING)
    return state if state in ("public", "private") else None


async def answer(
    interaction: discord.Interaction,
    *,
    content: str | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
) -> None:
    """The answer to an interaction, fitted within Discord's limits: the response itself, or the
    "thinking…" message filled in (`edit_original_response`; it keeps the visibility `think`
    gave it), or else a follow-up."""
    fitted = limits.fit_message(content, embeds, view)
    extra: dict[str, Any] = {} if fitted.view is None else {"view": fitted.view}
    if not interaction.response.is_done():
        await interaction.response.send_message(
            fitted.content,
            embeds=fitted.embeds,
            ephemeral=ephemeral,
            allowed_mentions=NO_PINGS,
            **extra,
        )
    elif _waiting(interaction):
        await _edit_original(interaction, fitted)
        interaction.extras[_THINKING] = "answered"
    else:
        await interaction.followup.send(
            fitted.content or discord.utils.MISSING,
            embeds=fitted.embeds,
            ephemeral=ephemeral,
            allowed_mentions=NO_PINGS,
            **extra,
        )


async def update(
    interaction: discord.Interaction,
    *,
    content: str | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
) -> None:
    """Replace the message a button is on (content, embeds and components all), fitted within
    Discord's limits; after `interaction.response.defer()`, through the interaction's webhook."""
    fitted = limits.fit_message(content, embeds, view)
    if not interaction.response.is_done():
        await interaction.response.edit_message(
            content=fitted.content,
            embeds=fitted.embeds,
            view=fitted.view,
            allowed_mentions=NO_PINGS,
        )
    else:
        await _edit_original(interaction, fitted)


async def _edit_original(interaction: discord.Interaction, fitted: limits.Fitted) -> None:
    """Replace the interaction's original message (its response, or the message a deferred
    button is on) with `fitted`, all of it: content, embeds and components."""
    await interaction.edit_original_response(
        content=fitted.content, embeds=fitted.embeds, view=fitted.view, allowed_mentions=NO_PINGS
    )


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """A private reply, whether or not the interaction was acknowledged already; a failure to
    deliver it is logged, not raised.

    A public "thinking…" message still waiting is deleted first, so that the message (an error,
    often) is not shown to the whole channel in its place; a private one is filled in with it."""
    content = limits.fit_content(message)
    try:
        waiting = _waiting(interaction)
        if not interaction.response.is_done():
            await interaction.response.send_message(
                content, ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        if waiting == "private":
            await interaction.edit_original_response(content=content, allowed_mentions=NO_PINGS)
            interaction.extras[_THINKING] = "answered"
            return
        if waiting == "public":
            await interaction.delete_original_response()
            interaction.extras[_THINKING] = "answered"
        await interaction.followup.send(
            content or limits.ELLIPSIS, ephemeral=True, allowed_mentions=NO_PINGS
        )
    except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
        # Discord refused it or cannot be reached (the bot may be closing): one line, no trace.
        log.warning("could not deliver a private reply: %s: %s", type(error).__name__, error)


def choices(
    offered: Sequence[app_commands.Choice[str]],
) -> list[app_commands.Choice[str]]:
    """Autocomplete choices within Discord's limits (see `limits.fit_choices`)."""
    return limits.fit_choices(offered)


async def reply_to(
    message: discord.Message,
    *,
    content: str | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
) -> bool:
    """Reply to a channel message without pinging anyone, fitted within Discord's limits; False
    (and nothing sent) where the bot may not send messages or read the history it replies to."""
    if not may_reply(message):
        log.info("no permission to reply in channel %s", message.channel.id)
        return False
    fitted = limits.fit_message(content, embeds, view)
    extra: dict[str, Any] = {} if fitted.view is None else {"view": fitted.view}
    await message.reply(
        fitted.content,
        embeds=fitted.embeds,
        mention_author=False,
        allowed_mentions=NO_PINGS,
        **extra,
    )
    return True


def may_reply(message: discord.Message) -> bool:
    """Whether the bot may reply in the message's channel: send messages there (in a thread, in
    threads) and read its history; always in a DM."""
    guild = message.guild
    if guild is None:
        return True
    me = guild.me
    channel = message.channel
    if me is None or not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
        return True
    permissions = channel.permissions_for(me)
    sends = (
        permissions.send_messages_in_threads
        if isinstance(channel, discord.Thread)
        else permissions.send_messages
    )
    return sends and permissions.read_message_history


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
