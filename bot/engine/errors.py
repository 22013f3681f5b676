"""The engine's errors: what it cannot read and what it cannot answer, each with a message fit
to show the user (re-exported by `bot.engine.models`, where most code imports them from)."""

from __future__ import annotations


class CorpusError(ValueError):
    """An article that cannot be read; the message names the file and line and is fit to show."""

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


class QuestionError(ValueError):
    """A question the engine cannot take; the message is fit to show the user."""
