"""Staying connected to Discord: logging in and opening the gateway, again and again with
exponential backoff and jitter for as long as Discord cannot be reached, and telling a fault
that passes from a refusal that will not (a bad token, intents the bot may not have).

discord.py reconnects by itself once it has been connected; what it does not survive is a
first connection that fails (its retry reads the websocket it never had: an AttributeError) or
a login whose REST calls cannot get through. Those are retried here, one log line an attempt.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, field

import aiohttp
import discord
from discord.ext import commands

log = logging.getLogger(__name__)

# The first retry comes after about a second; each doubles up to a minute, the longest a bot
# stays away once Discord is back (Discord's own clients cap theirs near there).
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_LONGEST_SECONDS = 60.0

# Close codes after which connecting again cannot help, and what the operator must do.
# https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-close-event-codes
REFUSALS = {
    4004: "Discord refused the token (4004 authentication failed): check DISCORD_TOKEN in .env",
    4010: "Discord refused the shard (4010 invalid shard)",
    4011: "Discord requires sharding for this bot (4011)",
    4012: "Discord refused the gateway version (4012 invalid API version): upgrade discord.py",
    4013: "Discord refused the intents (4013 invalid intents)",
    4014: (
        "Discord refused the intents (4014 disallowed intents): LISTEN_IN_CHANNELS needs the "
        "Message Content intent; switch it on for the bot in the Discord developer portal, or "
        "set LISTEN_IN_CHANNELS=false"
    ),
}

# What a connection attempt raises while Discord cannot be reached or answers with an error.
_TRANSIENT = (
    OSError,
    aiohttp.ClientError,
    asyncio.TimeoutError,
    discord.GatewayNotFound,
    discord.DiscordServerError,
    discord.ConnectionClosed,
)


# The bot is an AutoShardedBot (bot.chat.client); a plain Bot works here too.
AnyBot = commands.Bot | commands.AutoShardedBot


def _was_connected(bot: AnyBot) -> bool:
    """Whether the bot has had a gateway connection: a sharded bot keeps no `ws` of its own,
    its shards are made once their first connection opened."""
    if isinstance(bot, commands.AutoShardedBot):
        return bool(bot.shards)
    return bot.ws is not None


class Refused(Exception):
    """Discord refused the bot for good; the message says why and what to change."""


@dataclass(slots=True)
class Backoff:
    """Exponential backoff with jitter: the n-th delay is drawn from the upper half of
    min(longest, first * 2**n) seconds, so retries neither hammer nor march in step."""

    first: float = BACKOFF_FIRST_SECONDS
    longest: float = BACKOFF_LONGEST_SECONDS
    attempts: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self) -> float:
        """The next delay in seconds (and one attempt more)."""
        ceiling = min(self.longest, self.first * 2.0**self.attempts)
        self.attempts += 1
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    def reset(self) -> None:
        self.attempts = 0


def refusal(error: BaseException) -> str | None:
    """Why Discord refused the bot for good, if `error` says it did; None for a fault that
    may pass."""
    if isinstance(error, discord.LoginFailure):
        return REFUSALS[4004]
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return REFUSALS[4014]
    if isinstance(error, discord.ConnectionClosed) and error.code in REFUSALS:
        return REFUSALS[error.code]
    return None


def describe(error: BaseException) -> str:
    """One line on a connection failure: its kind and message, no traceback."""
    if isinstance(error, discord.ConnectionClosed):
        return f"the gateway closed the connection (code {error.code})"
    if isinstance(error, discord.HTTPException):
        return f"the REST API answered {error.status}"
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _cause(error: BaseException, bot: AnyBot) -> BaseException | None:
    """The connection failure behind `error`, or None if `error` is not one. discord.py's own
    retry of a first connection fails on the websocket it never had (an AttributeError);
    the failure it was handling is the context."""
    if isinstance(error, _TRANSIENT):
        return error
    if isinstance(error, AttributeError) and not _was_connected(bot):
        context = error.__context__
        if isinstance(context, _TRANSIENT):
            return context
    return None


async def stay_connected(bot: AnyBot, token: str, backoff: Backoff | None = None) -> None:
    """Log in and keep the gateway open until the bot is closed.

    Every attempt that fails because Discord cannot be reached (refused connections, timeouts,
    5xx answers, a closed gateway) is logged in one line and retried after `backoff`'s delay,
    for as long as that lasts. Raises `Refused` when Discord refuses the bot for good (see
    `REFUSALS`); any other error is raised as it is.
    """
    backoff = backoff or Backoff()
    logged_in = False
    quiet = _FirstConnectionRetries(bot)
    logging.getLogger("discord.client").addFilter(quiet)
    try:
        while not bot.is_closed():
            started = time.monotonic()
            try:
                if not logged_in:
                    await bot.login(token)
                    logged_in = True
                await bot.connect(reconnect=True)
                return
            except Exception as error:  # sorted: refused (raised), passing (retried), or not ours
                failure = _failure(error, bot)
            if bot.is_closed():
                return
            if not logged_in:
                await _fresh_http(bot)
            if _was_connected(bot):  # it was connected: this is a new fault, not the same one
                backoff.reset()
            delay = backoff.delay()
            log.warning(
                "Discord cannot be reached (%s); attempt %d failed, trying again in %.1f s",
                describe(failure),
                backoff.attempts,
                delay,
            )
            # discord.py may have waited already (its retry of a first connection sleeps
            # before it fails): the attempts are `delay` apart, not more.
            await asyncio.sleep(max(0.0, delay - (time.monotonic() - started)))
    finally:
        logging.getLogger("discord.client").removeFilter(quiet)


class _FirstConnectionRetries(logging.Filter):
    """Drops discord.py's "Attempting a reconnect" while the bot has never been connected: that
    retry fails on the websocket it never had, and `stay_connected` logs and retries instead."""

    def __init__(self, bot: AnyBot) -> None:
        super().__init__()
        self.bot = bot

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            not _was_connected(self.bot) and str(record.msg).startswith("Attempting a reconnect")
        )


def _failure(error: Exception, bot: AnyBot) -> BaseException:
    """The connection failure `error` stands for, to retry; raises `Refused` for a refusal and
    `error` itself when it is no connection failure."""
    reason = refusal(error)
    if reason is not None:
        raise Refused(reason) from None
    cause = _cause(error, bot)
    if cause is None:
        raise error
    reason = refusal(cause)
    if reason is not None:
        raise Refused(reason) from None
    return cause


async def _fresh_http(bot: AnyBot) -> None:
    """Close the REST session of a failed login, so the next login opens a new one instead of
    leaving it unclosed."""
    await bot.http.close()
    bot.http.connector = discord.utils.MISSING
