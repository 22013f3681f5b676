"""The database's own care: `backup PATH` (a consistent copy while the bot runs) and
`check-db` (a full integrity check); both leave the database as it is."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from bot.maintenance import backup_database, check_database
from bot.settings import Settings
from bot.store import DatabaseCheck, StoreError


def _holds(check: DatabaseCheck) -> str:
    return (
        f"{check.documents:,} documents, {check.passages:,} passages, {check.servers:,} "
        f"servers with documents of their own, schema version {check.schema_version}"
    )


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(settings: Settings, path: Path) -> None:
    """Copy the database to PATH (a new file), safely while the bot runs, and check the copy.

    To restore it, stop the bot and put the copy in place of DATABASE_PATH.
    """
    try:
        made = asyncio.run(backup_database(settings, path))
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"backed up {settings.database_path} to {made.path} ({made.size:,} bytes)")
    click.echo(f"the copy is whole: {_holds(made.check)}")


@click.command(name="check-db")
@click.pass_obj
def check_db(settings: Settings) -> None:
    """Check the whole database (every page, index and reference); exit 1 if it is damaged."""
    try:
        check = asyncio.run(check_database(settings))
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    if check.ok:
        click.echo(f"{check.path} is whole: {_holds(check)}")
        return
    click.echo(f"{check.path} is damaged:", err=True)
    for problem in check.problems:
        click.echo(f"  {problem}", err=True)
    click.echo(
        "Restore a backup (debate-bot backup makes one), or move the file away to start empty.",
        err=True,
    )
    raise click.exceptions.Exit(1)
