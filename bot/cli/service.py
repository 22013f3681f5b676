"""Running debate-bot: the Discord bot (`run` with a token, `sync`), or questions answered in
the terminal (`run` without one)."""

from __future__ import annotations

import asyncio
import logging

import click

from bot.cli.app import with_library
from bot.cli.render import answer_text
from bot.engine.models import QuestionError
from bot.library import Library
from bot.settings import Settings
from bot.store import StoreError


def _has_token(settings: Settings) -> bool:
    return settings.discord_token is not None and bool(settings.discord_token.get_secret_value())


@click.command()
@click.pass_obj
def run(settings: Settings) -> None:
    """Run the Discord bot, or answer in the terminal when no DISCORD_TOKEN is set."""
    if not _has_token(settings):
        click.echo(
            "No DISCORD_TOKEN set: answering in the terminal. To run the Discord bot, put "
            "DISCORD_TOKEN=... in .env (see .env.example).",
            err=True,
        )
        with_library(settings, terminal_session, warm=True)  # a session of questions
        return
    # The service logs at LOG_LEVEL (its operators read the log); the rest of the command
    # line logs warnings only, unless asked (-v).
    logging.getLogger().setLevel(settings.log_level.upper())
    from bot.chat.client import run_bot  # imported here so the terminal mode needs no discord

    status = run_bot(settings)  # 0 stopped, 1 a storage fault, 78 refused by Discord for good
    if status:
        raise click.exceptions.Exit(status)


async def terminal_session(library: Library) -> None:
    """Questions from stdin, one a line, until an empty line or end of input."""
    count = len(library.documents())
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
            answer = await library.ask(line)
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
