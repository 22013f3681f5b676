"""Typed options: a document or passage id typed (or picked) in a command becomes the `Document`
or `Passage` itself, or the command is refused before it runs; the same classes offer the
autocomplete choices. Commands never check "is there such a thing" themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.chat.limits import CHOICE_NAME, clip
from bot.chat.replies import choices, scope_of
from bot.engine.models import UNKNOWN_DATE, Document, Passage

if TYPE_CHECKING:
    from bot.library import Library

TYPED_SHOWN_CHARS = 80  # of what the user typed, quoted back in a refusal


class UnknownOption(app_commands.AppCommandError):
    """An option names nothing the place can see; the message says so, fit to show the user."""


def _library(interaction: discord.Interaction) -> Library:
    library: Library = interaction.client.library  # type: ignore[attr-defined]
    return library


def _refuse(refusal: str, typed: str) -> UnknownOption:
    return UnknownOption(refusal.format(typed=clip(typed, TYPED_SHOWN_CHARS, markdown=False)))


def document_choice(document: Document) -> app_commands.Choice[str]:
    """'Title (Author, 2019)' for the document's id."""
    meta = document.meta
    year = meta.date.year if meta.date else meta.year or UNKNOWN_DATE
    name = clip(f"{meta.title} ({meta.author}, {year})", CHOICE_NAME, markdown=False)
    return app_commands.Choice(name=name, value=meta.id)


class DocumentOption(app_commands.Transformer):
    """A document id -> the `Document`, if the place sees it; `own`: only the server's uploads.

    `refusal` is the message for an id that names none, with `{typed}` for what was typed.
    """

    def __init__(
        self,
        refusal: str = "There is no document `{typed}`; pick one from the list.",
        *,
        own: bool = False,
    ) -> None:
        self.refusal = refusal
        self.own = own

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> Document:
        library, scope = _library(interaction), scope_of(interaction.guild_id)
        if self.own:
            found = next((d for d in library.own_documents(scope) if d.id == value), None)
        else:
            found = library.document(str(value), scope)
        if found is None:
            raise _refuse(self.refusal, str(value))
        return found

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str, /
    ) -> list[app_commands.Choice[str]]:
        """The documents whose title or id contains what was typed, by title."""
        library, scope = _library(interaction), scope_of(interaction.guild_id)
        documents = library.document_choices(value, scope, own=self.own)
        if not self.own:
            return choices([document_choice(document) for document in documents])
        return choices(
            [
                app_commands.Choice(
                    name=clip(f"{d.meta.title} ({d.id})", CHOICE_NAME, markdown=False), value=d.id
                )
                for d in documents
            ]
        )


class PassageOption(app_commands.Transformer):
    """A passage id (`doc-id:p3`) -> the `Passage`, if the place sees its document."""

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> Passage:
        found = _library(interaction).passage(str(value).strip(), scope_of(interaction.guild_id))
        if found is None:
            raise _refuse("There is no passage `{typed}`; pick one from the list.", str(value))
        return found

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str, /
    ) -> list[app_commands.Choice[str]]:
        """Passages whose id starts with what was typed, else those its words find best."""
        passages = await _library(interaction).passage_choices(
            value, scope_of(interaction.guild_id)
        )
        return choices(
            [
                app_commands.Choice(
                    name=clip(f"{p.id} · {p.speaker}: {p.text}", CHOICE_NAME, markdown=False),
                    value=p.id,
                )
                for p in passages
            ]
        )


# The options as the commands use them, each with its own refusal.
AnyDocument = app_commands.Transform[Document, DocumentOption]
AskedDocument = app_commands.Transform[
    Document,
    DocumentOption("There is no document `{typed}`; pick one from the list or see /sources."),
]
ShownDocument = app_commands.Transform[
    Document, DocumentOption("There is no document `{typed}` here.")
]
OwnDocument = app_commands.Transform[
    Document,
    DocumentOption("This server has no document `{typed}`; see /corpus list.", own=True),
]
AnyPassage = app_commands.Transform[Passage, PassageOption]
# A document a new upload answers: any the server sees, shared or its own.
AnsweredDocument = app_commands.Transform[
    Document,
    DocumentOption(
        "There is no document `{typed}` in this server's corpus to answer; pick one from the list."
    ),
]
