"""The Discord client: intents, no pings, persistent buttons, command sync, graceful shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import AsyncIterator

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.chat.connection import Refused, stay_connected
from bot.engine.models import QuestionError
from bot.library import Library
from bot.settings import Settings
from bot.store import Fault, StoreError

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
SHUTDOWN_GRACE_SECONDS = 8.0


class OnCooldown(app_commands.CheckFailure):
    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"Slow down: you can ask again in {retry_after:.1f} s.")


class UserCooldown:
    """One question per user every `seconds`; buttons on an answer are not counted."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last: dict[int, float] = {}

    def retry_after(self, user_id: int) -> float:
        """0 and the question counts, or how long the user must wait."""
        now = time.monotonic()
        last = self._last.get(user_id)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        self._last[user_id] = now
        if len(self._last) > 10_000:  # bounded: forget users whose cooldown is long over
            cutoff = now - self.seconds
            self._last = {user: t for user, t in self._last.items() if t >= cutoff}
        return 0.0


def _permission_name(permission: str) -> str:
    """Discord's own name for a permission ("manage_guild" is "Manage Server" in the app)."""
    return {"manage_guild": "Manage Server"}.get(permission, permission.replace("_", " ").title())


def scope_of(guild_id: int | None) -> str:
    """The corpus a place sees: a server's id (the shared documents and its own), or "" in
    direct messages (the shared documents only)."""
    return str(guild_id) if guild_id else ""


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


class DebateBot(commands.Bot):
    def __init__(self, settings: Settings, library: Library) -> None:
        super().__init__(
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
        self._set_up = False

    async def setup_hook(self) -> None:
        """Cogs, buttons and the error handler once; the command sync on every login (a login
        that failed half way, Discord unreachable, is tried again: see `stay_connected`)."""
        if not self._set_up:
            from bot.chat.cogs import admin, ask, corpus, debate, server_corpus

            await self.add_cog(ask.AskCog(self))
            await self.add_cog(corpus.CorpusCog(self))
            await self.add_cog(debate.DebateCog(self))
            await self.add_cog(admin.AdminCog(self))
            await self.add_cog(server_corpus.ServerCorpusCog(self))
            # Buttons are matched by custom_id pattern, so they work on messages sent before a
            # restart.
            self.add_dynamic_items(ask.AnswerButton, corpus.ParagraphButton)
            self.tree.error(self.on_app_command_error)
            self.listening = await self.library.store.listening_channels()
            self._set_up = True
        await self.sync_commands()

    async def sync_commands(self) -> list[app_commands.AppCommand]:
        guild_id = self.settings.dev_guild_id
        if guild_id:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %d", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))
        return synced

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
        if not self.closing:
            self.closing = True
            log.info("shutting down: waiting for %d answer(s) in flight", self._in_flight)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), SHUTDOWN_GRACE_SECONDS)
        await super().close()

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Every failure of a slash command becomes one ephemeral, plain-language message."""
        original = getattr(error, "original", error)
        if isinstance(original, QuestionError):
            message = str(original)
        elif isinstance(original, StoreError):
            message = storage_message(original)
        elif isinstance(error, OnCooldown):
            message = str(error)
        elif isinstance(error, app_commands.MissingPermissions):
            needed = ", ".join(_permission_name(p) for p in error.missing_permissions)
            message = f"You need the {needed} permission for this."
        elif isinstance(error, app_commands.BotMissingPermissions):
            needed = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
            message = f"I need the {needed} permission here."
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = "This command works in servers only."
        elif isinstance(error, app_commands.CheckFailure):
            message = str(error) or "You cannot use this command here."
        else:
            log.error("command failed", exc_info=original)
            message = "Something went wrong on my side; it has been logged. Try again in a moment."
        await send_ephemeral(interaction, message)


def storage_message(error: StoreError) -> str:
    """What a user hears when the database failed under their request."""
    if error.fault is Fault.LOCKED:
        return (
            "The database is busy with another program's change, so nothing was changed. "
            "Try again in a moment."
        )
    if error.fatal:
        return (
            "My storage failed, so nothing was changed, and I am stopping to be looked at and "
            "restarted. Try again in a few minutes."
        )
    log.error("a database write was refused: %s", error)
    return "Something went wrong on my side; it has been logged. Try again in a moment."


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """An ephemeral reply, whether or not the interaction was answered (deferred) already."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(
                message, ephemeral=True, allowed_mentions=NO_PINGS
            )
    except discord.HTTPException:
        log.warning("could not deliver an error message", exc_info=True)


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


async def serve(settings: Settings) -> int:
    """Run the bot until SIGTERM/SIGINT (answers in flight finish, then the database closes)
    or a storage fault; returns the exit status (EXIT_STOPPED or EXIT_STORAGE_FAULT). Raises
    StoreError when the database cannot be opened, and `Refused` (the database closed) when
    Discord refuses the bot for good."""
    assert settings.discord_token is not None
    point_at_discord(settings)
    library = await Library.open(settings)
    bot = DebateBot(settings, library)
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
    try:
        async with bot:
            token = settings.discord_token.get_secret_value()
            runner = asyncio.create_task(stay_connected(bot, token))
            done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stopper in done:
                await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
    finally:
        stopper.cancel()
        watcher.cancel()
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
    """Register the slash commands (dev guild or global) and exit, without connecting."""
    assert settings.discord_token is not None
    point_at_discord(settings)
    library = await Library.open(settings, sync_corpus=False)
    bot = DebateBot(settings, library)
    try:
        async with bot:
            await bot.login(settings.discord_token.get_secret_value())
            # login() ran setup_hook, which synced.
            return len(bot.tree.get_commands())
    finally:
        await library.close()
