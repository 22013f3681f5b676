"""The Discord client: intents, no pings, extensions loaded by name, command sync (only when the
commands changed: Discord allows 200 creates a day a guild), graceful shutdown; and running it
as a service."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import signal
from collections.abc import AsyncIterator

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.chat.connection import Refused, stay_connected
from bot.chat.replies import NO_PINGS, UserCooldown
from bot.library import Library
from bot.settings import Settings
from bot.store import StoreError

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 8.0
# Discord's answer when the day's 200 command creates in a guild are spent.
DAILY_COMMAND_CREATES_SPENT = 30034
# Loaded by name in this order; each module has `async def setup(bot)` and imports this one,
# never the other way round.
EXTENSIONS = (
    "bot.chat.errors",
    "bot.chat.cogs.ask",
    "bot.chat.cogs.corpus",
    "bot.chat.cogs.debate",
    "bot.chat.cogs.admin",
    "bot.chat.cogs.server_corpus",
)


def intents_for(settings: Settings) -> discord.Intents:
    """The fewest intents that work: guild and DM messages (for mentions and replies).

    Message content is privileged; it is asked for only when plain questions in opted-in
    channels are switched on. Mentions of the bot and replies to it carry content anyway.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.listen_in_channels
    return intents


def shard_options(settings: Settings) -> dict[str, object]:
    """discord.py's `shard_count` and `shard_ids` from SHARD_COUNT and SHARD_IDS (for
    `ShardedDebateBot`); none when SHARD_COUNT is unset (one connection, `DebateBot`)."""
    shards = settings.shards
    if shards is None:
        return {}
    return {"shard_count": shards.count, "shard_ids": shards.sorted_ids()}


class DebateBot(commands.Bot):
    """The bot, over one gateway connection (no SHARD_COUNT: Discord's single shard);
    `ShardedDebateBot` runs the shards of SHARD_COUNT / SHARD_IDS. Make either with
    `DebateBot.made_for(settings, library)`. `force_sync`: register the slash commands at login
    even if they are the ones registered last time (`debate-bot sync`)."""

    @staticmethod
    def made_for(settings: Settings, library: Library, *, force_sync: bool = False) -> DebateBot:
        """The bot the settings ask for: sharded when SHARD_COUNT is set, else one connection
        (whose connection failures `stay_connected` retries with backoff)."""
        kind = ShardedDebateBot if settings.shards is not None else DebateBot
        return kind(settings, library, force_sync=force_sync)

    def __init__(self, settings: Settings, library: Library, *, force_sync: bool = False) -> None:
        super().__init__(
            **shard_options(settings),  # type: ignore[arg-type]
            command_prefix=commands.when_mentioned,
            intents=intents_for(settings),
            allowed_mentions=NO_PINGS,
            help_command=None,
        )
        self.settings = settings
        self.library = library
        self.cooldown = UserCooldown(settings.user_cooldown_seconds)
        self.listening: set[int] = set()
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.closing = False
        self.force_sync = force_sync
        self._set_up = False

    async def setup_hook(self) -> None:
        """Extensions once; the command sync on every login (a login that failed half way,
        Discord unreachable, is tried again: see `stay_connected`)."""
        if not self._set_up:
            for extension in EXTENSIONS:
                await self.load_extension(extension)
            self.listening = await self.library.listening_channels()
            self._set_up = True
        await self.sync_commands()

    async def sync_commands(self) -> bool:
        """Register the slash commands (in DEV_GUILD_ID, else globally) when their definition
        differs from the one registered last (a hash of its JSON, kept in the database), or
        when `force_sync`; True if they were registered now."""
        guild_id = self.settings.dev_guild_id
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        where = f"{self.application_id}:" + (f"guild:{guild_id}" if guild_id else "global")
        digest = commands_digest(self.tree, guild)
        if not self.force_sync and await self.library.synced_commands(where) == digest:
            log.info("commands unchanged since they were registered (%s): not registering", where)
            return False
        try:
            synced = await self.tree.sync(guild=guild)
        except discord.HTTPException as error:
            if error.code != DAILY_COMMAND_CREATES_SPENT:
                raise
            log.warning(
                "Discord's daily quota of command creates is spent: the commands stay as "
                "registered before; they are registered at the next start"
            )
            return False
        await self.library.record_synced_commands(where, digest)
        log.info("registered %d commands (%s)", len(synced), where)
        return True

    async def on_message(self, message: discord.Message, /) -> None:
        """No text commands: mentions are questions, answered by the ask cog's listener (the
        default handler would also parse them as prefix commands and log CommandNotFound)."""

    async def on_ready(self) -> None:
        log.info("connected as %s (%s)", self.user, self.user.id if self.user else "?")

    @contextlib.asynccontextmanager
    async def answering(self) -> AsyncIterator[None]:
        """Marks an answer in flight, so shutdown lets it finish."""
        self._in_flight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    async def close(self) -> None:
        """Stop: uploads being read are abandoned at once (their uploaders told), answers in
        flight get up to SHUTDOWN_GRACE_SECONDS to be delivered, then the gateway closes."""
        if not self.closing:
            self.closing = True
            self.library.abandon_uploads()
            log.info("shutting down: waiting for %d answer(s) in flight", self._in_flight)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), SHUTDOWN_GRACE_SECONDS)
        await super().close()


def commands_digest(tree: app_commands.CommandTree[DebateBot], guild: discord.Object | None) -> str:
    """A hash of the commands' JSON as `tree.sync(guild=guild)` would send it."""
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class ShardedDebateBot(DebateBot, commands.AutoShardedBot):
    """The bot running the shards of SHARD_COUNT / SHARD_IDS (discord.py's `AutoShardedBot`),
    one gateway connection each; a process holds only those shards' servers' uploads."""


def point_at_discord(settings: Settings) -> None:
    """Use another Discord endpoint when the settings name one (see Settings)."""
    if settings.discord_api_base:
        discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
        log.info("Discord REST API at %s", discord.http.Route.BASE)
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
        log.info("Discord gateway at %s", settings.discord_gateway_url)


# Exit statuses of `debate-bot run`: a signal (0), a storage fault (1: systemd restarts it and
# the log says what to fix), Discord refusing the bot for good (78, EX_CONFIG: the unit's
# RestartPreventExitStatus, so a bad token does not spend Discord's 1,000 identifies a day).
EXIT_STOPPED = 0
EXIT_STORAGE_FAULT = 1
EXIT_REFUSED = 78
# How often the database file is checked to still be the one opened (a stat call).
STORAGE_CHECK_SECONDS = 5.0
# After a storage fault, how long the request that met it has to tell its user before the bot
# closes (a reply takes milliseconds; a slow Discord, a second).
FAULT_REPLY_SECONDS = 1.0


async def serve(settings: Settings) -> int:
    """Run the bot until SIGTERM/SIGINT (answers in flight finish, then the database closes)
    or a storage fault; returns the exit status (EXIT_STOPPED or EXIT_STORAGE_FAULT). Raises
    StoreError when the database cannot be opened, and `Refused` (the database closed) when
    Discord refuses the bot for good."""
    assert settings.discord_token is not None
    point_at_discord(settings)
    library = await Library.open(settings)
    bot = DebateBot.made_for(settings, library)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    status = EXIT_STOPPED

    def stop_with(code: int, reason: str) -> None:
        nonlocal status
        if not stop.is_set():
            status = code
            (log.error if code else log.info)("%s", reason)
            stop.set()

    library.on_storage_fault(
        lambda error: stop_with(EXIT_STORAGE_FAULT, f"stopping: the storage failed: {error}")
    )
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop_with, EXIT_STOPPED, "signal received")
    stopper = asyncio.create_task(stop.wait())
    watcher = asyncio.create_task(library.watch_storage(STORAGE_CHECK_SECONDS))
    follower = asyncio.create_task(library.follow_changes(settings.corpus_poll_seconds))
    try:
        async with bot:
            token = settings.discord_token.get_secret_value()
            runner = asyncio.create_task(stay_connected(bot, token))
            done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stopper in done:
                if status == EXIT_STORAGE_FAULT:
                    # The request that met the fault is still telling its user so.
                    await asyncio.sleep(FAULT_REPLY_SECONDS)
                await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
    finally:
        stopper.cancel()
        watcher.cancel()
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(signum)
        await library.close()
        log.info("stopped")
    return status


def run_bot(settings: Settings) -> int:
    """Run the bot (see `serve`); its exit status. A database that cannot be opened is one
    plain line and EXIT_STORAGE_FAULT; Discord's refusal one plain line and EXIT_REFUSED."""
    try:
        return asyncio.run(serve(settings))
    except StoreError as error:
        log.error("cannot start: %s", error)
        return EXIT_STORAGE_FAULT
    except Refused as refused:
        log.error("%s", refused)
        return EXIT_REFUSED


async def sync_only(settings: Settings) -> int:
    """Register the slash commands (dev guild or global), changed or not, and exit without
    connecting."""
    assert settings.discord_token is not None
    point_at_discord(settings)
    library = await Library.open(settings, sync_corpus=False, warm=False)  # no question
    bot = DebateBot.made_for(settings, library, force_sync=True)
    try:
        async with bot:
            await bot.login(settings.discord_token.get_secret_value())
            # login() ran setup_hook, which synced.
            return len(bot.tree.get_commands())
    finally:
        await library.close()
