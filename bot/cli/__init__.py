"""The command line: `debate-bot ...` or `python -m bot ...` (click).

    app.py       the group (settings, logging, -v) and what the commands share
    service.py   run (Discord, or the terminal without a token), sync
    answers.py   ask, rebut, check, evidence, clash, unanswered
    corpus.py    ingest, import-debates, sources
    database.py  backup, check-db
    render.py    results as terminal text (the same words as Discord's embeds)

Every command goes through `bot.library.Library`.
"""

from __future__ import annotations

from bot.cli import answers, corpus, database, service
from bot.cli.app import cli

for command in (
    service.run,
    service.sync,
    answers.ask,
    answers.rebut,
    answers.check,
    answers.evidence,
    answers.clash,
    answers.unanswered,
    corpus.ingest,
    corpus.import_debates,
    corpus.sources,
    corpus.remove,
    database.backup,
    database.check_db,
):
    cli.add_command(command)


def main() -> None:
    """The `debate-bot` entry point."""
    cli(prog_name="debate-bot")


__all__ = ["cli", "main"]
