"""Running debate-bot: the Discord bot (`run` with a token, `sync`), or questions answered in
the terminal (`run` without one)."""

from __future__ import annotations

import asyncio
import functools
import logging

import click

from bot.cli.app import GUILD_OPTION, with_library
from bot.cli.render import answer_text
from bot.engine.models import QuestionError
from bot.library import Library, scope_of
from bot.settings import Settings
from bot.store import StoreError


def _has_token(settings: Settings) -> bool:
    return settings.discord_token is not None and bool(settings.discord_token.get_secret_value())


@click.command()
@GUILD_OPTION
@click.pass_obj
def run(settings: Settings, guild_id: int | None) -> None:
    """Run the Discord bot, or answer in the terminal when no DISCORD_TOKEN is set (with
    --guild, as that server sees the corpus: its uploads besides the shared documents)."""
    if not _has_token(settings):
        click.echo(
            "No DISCORD_TOKEN set: answering in the terminal. To run the Discord bot, put "
            "DISCORD_TOKEN=... in .env (see .env.example).",
            err=True,
        )
        session = functools.partial(terminal_session, scope=scope_of(guild_id))
        with_library(settings, session, warm=True)  # a session of questions
        return
    if guild_id is not None:
        raise click.UsageError("--guild is for the terminal mode (no DISCORD_TOKEN set)")
    # The service logs at LOG_LEVEL (its operators read the log); the rest of the command
    # line logs warnings only, unless asked (-v).
    logging.getLogger().setLevel(settings.log_level.upper())
    from bot.chat.client import run_bot  # imported here so the terminal mode needs no discord

    status = run_bot(settings)  # 0 stopped, 1 a storage fault, 78 refused by Discord for good
    if status:
        raise click.exceptions.Exit(status)


async def terminal_session(library: Library, scope: str = "") -> None:
    """Questions from stdin, one a line, until an empty line or end of input, answered as
    `scope` (a server's id; "" the shared documents) sees the corpus."""
    count = len(library.documents(scope))
    click.echo(f"{count} documents loaded. Ask a question (an empty line or Ctrl-D quits).")
    while True:
        try:
            line = await asyncio.to_thread(input, "? ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if not line.strip():
            return
        try:
            # What other processes (the CLI, other bots) changed since the last question.
            await library.catch_up()
        except StoreError as error:
            click.echo(f"the corpus could not be brought up to date: {error}")
        try:
            answer = await library.ask(line, scope=scope)
        except QuestionError as error:
            click.echo(str(error))
            continue
        click.echo(answer_text(answer) + "\n")


@click.command()
@click.pass_obj
def sync(settings: Settings) -> None:
    """Register the slash commands with Discord (DEV_GUILD_ID if set, else globally)."""
    if not _has_token(settings):
        raise click.ClickException("DISCORD_TOKEN is not set (see .env.example).")
    from bot.chat.client import sync_only

    try:
        count = asyncio.run(sync_only(settings))
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    where = f"guild {settings.dev_guild_id}" if settings.dev_guild_id else "all servers (global)"
    click.echo(f"synced {count} commands to {where}")
