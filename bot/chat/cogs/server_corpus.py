"""/corpus: each server's own documents beside the shared corpus.

Everyone can list, show and read the history; adding, removing and reindexing need the Manage
Server permission, checked here in code (a server's admins can change a command's default
permissions, so those alone prove nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.limits import clip
from bot.chat.options import AnsweredDocument, OwnDocument, ShownDocument
from bot.chat.render import escape, history_embed, sources_embed
from bot.chat.replies import answer, scope_of, send_ephemeral, think, update
from bot.engine.formats.common import MAX_FILE_BYTES
from bot.engine.formats.upload import UPLOAD_SUFFIXES, UploadDetails
from bot.engine.models import CorpusError, Document, Kind

if TYPE_CHECKING:
    from bot.chat.client import DebateBot

log = logging.getLogger(__name__)
CONFIRM_SECONDS = 60.0
TITLE_SHOWN = 200  # characters of a document's title in a sentence
KIND_CHOICES = [
    app_commands.Choice(name=k.value, value=k.value) for k in Kind if k is not Kind.DEBATE
]


def has_manage_server(interaction: discord.Interaction) -> bool:
    permissions = interaction.permissions
    return bool(permissions.manage_guild or permissions.administrator)


def shown_title(title: str) -> str:
    """A document's title as it appears in a sentence: shortened, escaped, in bold."""
    return f"**{escape(clip(title, TITLE_SHOWN, markdown=False))}**"


def _require_manage_server(interaction: discord.Interaction) -> bool:
    if not has_manage_server(interaction):
        raise app_commands.MissingPermissions(["manage_guild"])
    return True


# Checked in code on every use (a server's admins can change a command's default permissions),
# before the options are read: a member without it hears that, whatever they typed.
needs_manage_server = app_commands.check(_require_manage_server)


class ConfirmRemoval(discord.ui.View):
    """Remove / Keep, for the admin who asked only; gone after a minute."""

    def __init__(self, cog: ServerCorpusCog, doc_id: str, title: str, user_id: int) -> None:
        super().__init__(timeout=CONFIRM_SECONDS)
        self.cog = cog
        self.doc_id = doc_id
        self.title = title
        self.user_id = user_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.user_id:
            await send_ephemeral(interaction, "Only the admin who asked can confirm this.")
            return False
        return True

    @discord.ui.button(label="Remove", style=discord.ButtonStyle.danger)
    async def remove(
        self, interaction: discord.Interaction, _: discord.ui.Button[ConfirmRemoval]
    ) -> None:
        if not has_manage_server(interaction):
            # An error raised in a button is only logged: the admin must hear why.
            await send_ephemeral(interaction, "You need the Manage Server permission for this.")
            return
        self.stop()
        scope = scope_of(interaction.guild_id)
        removed = await self.cog.bot.library.remove(self.doc_id, scope, interaction.user.id)
        message = (
            f"Removed {shown_title(self.title)} (`{self.doc_id}`): it no longer answers, and "
            "buttons on old answers that quote it say so."
            if removed
            else f"`{self.doc_id}` was already gone."
        )
        await update(interaction, content=message)

    @discord.ui.button(label="Keep", style=discord.ButtonStyle.secondary)
    async def keep(
        self, interaction: discord.Interaction, _: discord.ui.Button[ConfirmRemoval]
    ) -> None:
        self.stop()
        await update(interaction, content=f"Kept {shown_title(self.title)}.")


@app_commands.guild_only()
class ServerCorpusCog(
    commands.GroupCog, group_name="corpus", group_description="This server's own documents"
):
    """/corpus add, list, show, remove, reindex, history: a server's own documents."""

    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="add", description="Add a document: a file (.md, .txt, .html, .pdf) or a link."
    )
    @app_commands.describe(
        file="The file (up to 2 MB)",
        title="Its title (when the file has none)",
        author="Who wrote it",
        date="When it was published, YYYY-MM-DD",
        url="Without a file: the page to add. With one: where it was published",
        kind="What it is",
        responds_to="The document it answers (its reply, letter or rebuttal to)",
    )
    @app_commands.choices(kind=KIND_CHOICES)
    @needs_manage_server
    async def add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        title: app_commands.Range[str, 1, 200] | None = None,
        author: app_commands.Range[str, 1, 120] | None = None,
        date: app_commands.Range[str, 10, 10] | None = None,
        url: app_commands.Range[str, 8, 500] | None = None,
        kind: str | None = None,
        responds_to: AnsweredDocument | None = None,
    ) -> None:
        answered = responds_to.id if responds_to is not None else None
        if file is None:
            if url is None:
                raise app_commands.CheckFailure("Attach a file, or give the page's link as `url`.")
            await self._add_link(
                interaction, url, UploadDetails(title, author, date, None, kind, answered)
            )
            return
        if file.size > MAX_FILE_BYTES:
            raise app_commands.CheckFailure(
                f"`{clip(file.filename, 80, markdown=False)}` is {file.size:,} bytes; the limit is "
                f"{MAX_FILE_BYTES:,} bytes."
            )
        if not file.filename.lower().endswith(UPLOAD_SUFFIXES):
            raise app_commands.CheckFailure(
                f"`{clip(file.filename, 80, markdown=False)}` is not a file I can read: upload "
                + ", ".join(UPLOAD_SUFFIXES)
                + "."
            )
        await think(interaction, ephemeral=True)
        async with self.bot.answering():
            try:
                data = await file.read()
            except discord.HTTPException:
                await send_ephemeral(interaction, "I could not download the file; try again.")
                return
            details = UploadDetails(
                title=title, author=author, date=date, url=url, kind=kind, responds_to=answered
            )
            await self._report(
                interaction,
                self.bot.library.upload(
                    data,
                    file.filename,
                    scope_of(interaction.guild_id),
                    interaction.user.id,
                    details,
                ),
            )

    async def _add_link(
        self, interaction: discord.Interaction, link: str, details: UploadDetails
    ) -> None:
        """/corpus add url: without a file: the page is fetched and added as a file would be."""
        await think(interaction, ephemeral=True)
        async with self.bot.answering():
            await self._report(
                interaction,
                self.bot.library.upload_link(
                    link, scope_of(interaction.guild_id), interaction.user.id, details
                ),
            )

    async def _report(
        self, interaction: discord.Interaction, adding: Awaitable[tuple[Document, bool]]
    ) -> None:
        """Wait for an upload and tell the uploader what came of it (privately)."""
        try:
            document, replaced = await adding
        except CorpusError as error:
            await send_ephemeral(interaction, f"Nothing was added. {clip(str(error), 1800)}")
            return
        verb = "Replaced" if replaced else "Added"
        await answer(
            interaction,
            content=f"{verb} {shown_title(document.meta.title)} (`{document.id}`, "
            f"{len(document.passages)} paragraphs). It answers questions in this server now.",
            ephemeral=True,
        )

    @app_commands.command(name="list", description="This server's own documents.")
    async def list_documents(self, interaction: discord.Interaction) -> None:
        scope = scope_of(interaction.guild_id)
        own = sorted(self.bot.library.own_documents(scope), key=lambda d: (d.meta.date, d.id))
        embed = sources_embed(own)
        embed.title = (
            f"This server's documents ({len(own)} of {self.bot.settings.max_server_documents})"
        )
        if not own:
            embed.description = "None yet: an admin can add one with /corpus add."
        await answer(interaction, embeds=[embed])

    @app_commands.command(name="show", description="One document's details.")
    @app_commands.describe(document="The document")
    async def show(self, interaction: discord.Interaction, document: ShownDocument) -> None:
        await answer(interaction, embeds=[sources_embed([document])])

    @app_commands.command(name="remove", description="Remove one of this server's documents.")
    @app_commands.describe(document="The document to remove")
    @needs_manage_server
    async def remove(self, interaction: discord.Interaction, document: OwnDocument) -> None:
        title = document.meta.title
        await answer(
            interaction,
            content=f"Remove {shown_title(title)} (`{document.id}`) from this server's corpus?",
            view=ConfirmRemoval(self, document.id, title, interaction.user.id),
            ephemeral=True,
        )

    @app_commands.command(
        name="reindex", description="Read this server's uploads again with today's extraction."
    )
    @needs_manage_server
    async def reindex(self, interaction: discord.Interaction) -> None:
        await think(interaction, ephemeral=True)
        async with self.bot.answering():
            done = await self.bot.library.reindex(
                scope_of(interaction.guild_id), interaction.user.id
            )
        count = done.documents
        message = f"Reindexed {count} document{'s' if count != 1 else ''}"
        if done.extracted:
            message += f", {done.extracted} read again from the uploaded files"
        message += "."
        for failure in done.failures[:5]:
            message += f"\nKept as it was: {clip(failure, 300, markdown=False)}"
        await answer(
            interaction,
            content=message,
            ephemeral=True,
        )

    @app_commands.command(name="history", description="Who changed this server's corpus, and when.")
    async def history(self, interaction: discord.Interaction) -> None:
        entries = await self.bot.library.history(scope_of(interaction.guild_id))
        await answer(interaction, embeds=[history_embed(entries)])


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(ServerCorpusCog(bot))
