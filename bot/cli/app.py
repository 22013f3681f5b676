"""The `debate-bot` command group and what its commands share: settings, logging, a Library for
the length of one command, the --guild option, and the errors they turn into one line."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import click
from click.decorators import FC
from pydantic import ValidationError

from bot.engine.models import Document, QuestionError
from bot.library import Library
from bot.logs import configure_logging
from bot.settings import Settings
from bot.shards import shard_of
from bot.store import StoreError

T = TypeVar("T")
# -v, -vv: the command line prints results; its log lines go to stderr from this level on.
VERBOSITY = (logging.WARNING, logging.INFO, logging.DEBUG)


def load_settings() -> Settings:
    """The settings, or one line naming each bad one (ClickException)."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            # A check of several settings together (SHARD_IDS with SHARD_COUNT) has no one name.
            (f"{'__'.join(str(part) for part in item['loc']).upper()}: " if item["loc"] else "")
            + str(item["msg"]).removeprefix("Value error, ")
            for item in error.errors()
        )
        raise click.ClickException(f"bad setting in the environment or .env: {problems}") from None


def with_library(
    settings: Settings, work: Callable[[Library], Awaitable[T]], *, warm: bool = False
) -> T:
    """Open the Library (syncing the bundled corpus), run `work` on it, close it. The engine is
    warmed (see `Library.open`) only with `warm`: a one-shot command asks one question at
    most, which would only share the cores with the warming."""

    async def main() -> T:
        library = await Library.open(settings, warm=warm)
        try:
            return await work(library)
        finally:
            await library.close()

    try:
        return asyncio.run(main())
    except StoreError as error:
        raise click.ClickException(str(error)) from None


@contextlib.contextmanager
def refusing_questions() -> Iterator[None]:
    """An empty or over-long question (QuestionError) ends the command with its message."""
    try:
        yield
    except QuestionError as error:
        raise click.ClickException(str(error)) from None


def print_result(settings: Settings, work: Callable[[Library], Awaitable[str]]) -> None:
    """Run `work` on a Library and print the text it returns; a question it refuses ends the
    command with the refusal."""
    with refusing_questions():
        click.echo(with_library(settings, work))


def known_document(library: Library, doc_id: str, scope: str = "") -> Document:
    """The document, or the one message for an id the place cannot see (ClickException)."""
    document = library.document(doc_id, scope)
    if document is None:
        raise click.ClickException(f"no document with id {doc_id!r}; see `debate-bot sources`")
    return document


def _owned_guild(context: click.Context, _: click.Parameter, value: int | None) -> int | None:
    """A --guild this process's shards hold (SHARD_COUNT/SHARD_IDS), else a usage error: a
    process holds only its shards' servers' uploads, so it would answer without them."""
    settings = context.find_object(Settings)
    shards = settings.shards if settings is not None else None
    if value is not None and shards is not None and not shards.owns(str(value)):
        raise click.BadParameter(
            f"server {value} is on shard {shard_of(value, shards.count)} of {shards.count}; "
            f"this process runs shards {','.join(map(str, shards.sorted_ids()))} "
            "(unset SHARD_IDS, or set it to that shard)"
        )
    return value


def guild_option(help_text: str) -> Callable[[FC], FC]:
    """The --guild option (a server id, at least 1, held by this process's shards) with its
    help text; every command that takes a server uses it, so each makes the same shard check."""
    return click.option(
        "--guild",
        "guild_id",
        type=click.IntRange(min=1),
        default=None,
        callback=_owned_guild,
        help=help_text,
    )


GUILD_OPTION = guild_option(
    "As this Discord server sees it: the shared documents and the server's own."
)


@click.group(invoke_without_command=True)
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Also log progress (INFO; -vv: DEBUG) to stderr. The Discord bot logs at LOG_LEVEL.",
)
@click.pass_context
def cli(context: click.Context, verbose: int) -> None:
    """debate-bot: answers questions about articles by quoting them, with attribution."""
    settings = load_settings()
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    configure_logging(VERBOSITY[min(verbose, len(VERBOSITY) - 1)], secrets=[token])
    context.obj = settings
    if context.invoked_subcommand is None:
        run = cli.get_command(context, "run")
        assert run is not None
        context.invoke(run)
