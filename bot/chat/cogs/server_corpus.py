"""/corpus: each server's own documents beside the shared corpus.

Everyone can list, show and read the history; adding, removing and reindexing need the Manage
Server permission, checked here in code (a server's admins can change a command's default
permissions, so those alone prove nothing).
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.errors import storage_message
from bot.chat.limits import clip
from bot.chat.options import AnsweredDocument, OwnDocument, ShownDocument
from bot.chat.render import escape, history_embed, sources_embed
from bot.chat.replies import answer, scope_of, send_ephemeral, think, update
from bot.engine.formats.common import MAX_FILE_BYTES
from bot.engine.formats.upload import UploadDetails, unsupported
from bot.engine.models import CorpusError, Kind, date_order
from bot.store import StoreError
from bot.uploads import Uploaded

if TYPE_CHECKING:
    from bot.chat.client import DebateBot

log = logging.getLogger(__name__)
EXPIRED = "This confirmation expired; run /corpus remove again."
UPLOAD_SERVERS_KEPT = 10_000  # servers whose last upload time is kept (bounded memory)
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


@dataclass(slots=True)
class PendingRemoval:
    """A /corpus remove waiting for its Remove or Keep: what, who asked, and the interaction
    whose reply holds the buttons (to disable them when time is up)."""

    doc_id: str
    title: str
    user_id: int
    asked: discord.Interaction
    expiry: asyncio.TimerHandle | None = None


class Confirmations:
    """The removals waiting for an answer, by a random key their buttons carry. Each waits
    `seconds` (CONFIRM_SECONDS), then its buttons are disabled in the message; a restart
    forgets them all, so a button pressed later (or on a message the bot could not edit) finds
    nothing and the admin is told the confirmation expired."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._pending: dict[str, PendingRemoval] = {}
        self._expiring: set[asyncio.Task[None]] = set()

    def open(self, pending: PendingRemoval) -> str:
        """Keep `pending` until it is answered or expires; its key."""
        key = secrets.token_hex(6)
        loop = asyncio.get_running_loop()
        pending.expiry = loop.call_later(self.seconds, self._start_expiry, key)
        self._pending[key] = pending
        return key

    def get(self, key: str) -> PendingRemoval | None:
        return self._pending.get(key)

    def close(self, key: str) -> None:
        """The removal was answered: it no longer expires."""
        pending = self._pending.pop(key, None)
        if pending is not None and pending.expiry is not None:
            pending.expiry.cancel()

    def _start_expiry(self, key: str) -> None:
        task = asyncio.get_running_loop().create_task(self._expire(key))
        self._expiring.add(task)
        task.add_done_callback(self._expiring.discard)

    async def _expire(self, key: str) -> None:
        pending = self._pending.pop(key, None)
        if pending is None:
            return
        try:
            await pending.asked.edit_original_response(
                content=EXPIRED, view=confirmation_view(key, disabled=True)
            )
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
            # The buttons stay; pressed, they find nothing and say the confirmation expired.
            log.warning("could not disable an expired confirmation: %s", error)


class RemovalButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"corpus:(?P<action>remove|keep):(?P<key>[0-9a-f]{12})",
):
    """Remove or Keep under a /corpus remove question, for the admin who asked only."""

    def __init__(self, action: str, key: str, *, disabled: bool = False) -> None:
        remove = action == "remove"
        super().__init__(
            discord.ui.Button(
                label="Remove" if remove else "Keep",
                style=discord.ButtonStyle.danger if remove else discord.ButtonStyle.secondary,
                custom_id=f"corpus:{action}:{key}",
                disabled=disabled,
            )
        )
        self.action = action
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RemovalButton:
        return cls(match["action"], match["key"])

    async def callback(self, interaction: discord.Interaction) -> None:
        cog = interaction.client.get_cog(ServerCorpusCog.__cog_name__)  # type: ignore[attr-defined]
        pending = cog.confirmations.get(self.key) if isinstance(cog, ServerCorpusCog) else None
        if pending is None:
            await update(
                interaction, content=EXPIRED, view=confirmation_view(self.key, disabled=True)
            )
            return
        if interaction.user.id != pending.user_id:
            await send_ephemeral(interaction, "Only the admin who asked can confirm this.")
            return
        if self.action == "keep":
            cog.confirmations.close(self.key)
            await update(interaction, content=f"Kept {shown_title(pending.title)}.")
            return
        if not has_manage_server(interaction):
            # An error raised in a button is only logged: the admin must hear why.
            await send_ephemeral(interaction, "You need the Manage Server permission for this.")
            return
        cog.confirmations.close(self.key)
        library = cog.bot.library
        try:
            removed = await library.remove(
                pending.doc_id, scope_of(interaction.guild_id), interaction.user.id
            )
        except StoreError as error:
            await send_ephemeral(interaction, storage_message(error) or str(error))
            return
        message = (
            f"Removed {shown_title(pending.title)} (`{pending.doc_id}`): it no longer answers, "
            "and buttons on old answers that quote it say so."
            if removed
            else f"`{pending.doc_id}` was already gone."
        )
        await update(interaction, content=message)


def confirmation_view(key: str, *, disabled: bool = False) -> discord.ui.View:
    """Remove / Keep for the pending removal `key` (greyed out once it expired)."""
    view = discord.ui.View(timeout=None)
    view.add_item(RemovalButton("remove", key, disabled=disabled))
    view.add_item(RemovalButton("keep", key, disabled=disabled))
    return view


class UploadGate:
    """One upload of a server at a time, and the next no sooner than `seconds` after the last
    one started (UPLOAD_COOLDOWN_SECONDS): a server sending file after file waits its turn and
    cannot keep the upload workers to itself."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._started: dict[str, float] = {}
        self._reading: set[str] = set()

    def refusal(self, scope: str) -> str | None:
        """Why this server may not upload now, or None (and its upload counts as started)."""
        if scope in self._reading:
            return "This server's last upload is still being read; wait for it to finish."
        now = time.monotonic()
        wait = self._started.get(scope, -math.inf) + self.seconds - now
        if wait > 0:
            return f"This server uploaded a file moments ago; the next may start in {wait:.0f} s."
        self._started[scope] = now
        self._reading.add(scope)
        if len(self._started) > UPLOAD_SERVERS_KEPT:  # bounded: forget cooldowns long over
            self._started = {s: t for s, t in self._started.items() if now - t < self.seconds}
        return None

    def done(self, scope: str) -> None:
        self._reading.discard(scope)


def upload_message(uploaded: Uploaded) -> str:
    """What an upload did, for the uploader: added or which document it replaced, and, when
    its title's id was taken, by what (and how to update that one instead); then what the
    reading of the file left out (`Uploaded.notes`)."""
    document, replaced, taken = uploaded.document, uploaded.replaced, uploaded.id_taken_by
    size = f"{len(document.passages)} paragraphs"
    if replaced is not None:
        head = (
            f"Replaced {shown_title(replaced.title)} (`{document.id}`, uploaded from "
            f"`{clip(replaced.source, 80, markdown=False)}`) with "
            f"{shown_title(document.meta.title)} ({size})."
        )
    else:
        head = f"Added {shown_title(document.meta.title)} as `{document.id}` ({size})."
        if taken is not None:
            head += (
                f" `{taken.id}` is another document ({shown_title(taken.title)}, from "
                f"`{clip(taken.source, 80, markdown=False)}`); to update that one instead, "
                "remove this one and upload again with `replace:`."
            )
    notes = "".join(f"\n{clip(note, 400, markdown=False)}" for note in uploaded.notes)
    return head + " It answers questions in this server now." + notes


@app_commands.guild_only()
class ServerCorpusCog(
    commands.GroupCog, group_name="corpus", group_description="This server's own documents"
):
    """/corpus add, list, show, remove, reindex, history: a server's own documents."""

    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        self.confirmations = Confirmations(bot.settings.confirm_seconds)
        self.gate = UploadGate(bot.settings.upload_cooldown_seconds)
        super().__init__()

    @app_commands.command(
        name="add",
        description="Add a document: a file (.md, .txt, .html, .pdf, .docx, .vtt, .srt) or a link.",
    )
    @app_commands.describe(
        file="The file (up to 2 MB)",
        title="Its title (when the file has none)",
        author="Who wrote it",
        date="When it was published, YYYY-MM-DD",
        url="Without a file: the page to add. With one: where it was published",
        kind="What it is",
        responds_to="The document it answers (its reply, letter or rebuttal to)",
        replace="The document of this server it replaces (a file of the same name replaces "
        "its earlier upload anyway)",
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
        replace: OwnDocument | None = None,
    ) -> None:
        if file is None and url is None:
            raise app_commands.CheckFailure("Attach a file, or give the page's link as `url`.")
        if file is not None and file.size > MAX_FILE_BYTES:
            raise app_commands.CheckFailure(
                f"`{clip(file.filename, 80, markdown=False)}` is {file.size:,} bytes; the limit is "
                f"{MAX_FILE_BYTES:,} bytes."
            )
        refusal = unsupported(file.filename) if file is not None else None
        if file is not None and refusal is not None:
            raise app_commands.CheckFailure(
                f"`{clip(file.filename, 80, markdown=False)}`: {refusal}."
            )
        scope = scope_of(interaction.guild_id)
        refusal = self.gate.refusal(scope)
        if refusal is not None:
            raise app_commands.CheckFailure(refusal)
        answered = responds_to.id if responds_to is not None else None
        replacing = replace.id if replace is not None else None
        try:
            await think(interaction, ephemeral=True)
            async with self.bot.answering():
                if file is None:
                    assert url is not None
                    details = UploadDetails(title, author, date, None, kind, answered)
                    adding = self.bot.library.upload_link(
                        url, scope, interaction.user.id, details, replace=replacing
                    )
                else:
                    try:
                        data = await file.read()
                    except discord.HTTPException:
                        await send_ephemeral(
                            interaction, "I could not download the file; try again."
                        )
                        return
                    details = UploadDetails(title, author, date, url, kind, answered)
                    adding = self.bot.library.upload(
                        data, file.filename, scope, interaction.user.id, details, replace=replacing
                    )
                await self._report(interaction, adding, lambda: self.gate.done(scope))
        finally:
            self.gate.done(scope)

    async def _report(
        self,
        interaction: discord.Interaction,
        adding: Awaitable[Uploaded],
        finished: Callable[[], None],
    ) -> None:
        """Wait for an upload and tell the uploader what came of it (privately); a storage
        fault is told here, while the bot still counts the upload as in flight. `finished` is
        called once the upload is over, before the uploader is told: told, they may send the
        next file at once."""
        try:
            uploaded = await adding
        except CorpusError as error:
            finished()
            await send_ephemeral(interaction, f"Nothing was added. {clip(str(error), 1800)}")
            return
        except StoreError as error:
            explained = storage_message(error)
            if explained is None:
                raise
            finished()
            await send_ephemeral(interaction, explained)
            return
        finished()
        await answer(interaction, content=upload_message(uploaded), ephemeral=True)

    @app_commands.command(name="list", description="This server's own documents.")
    async def list_documents(self, interaction: discord.Interaction) -> None:
        scope = scope_of(interaction.guild_id)
        own = sorted(
            self.bot.library.own_documents(scope), key=lambda d: (date_order(d.meta.date), d.id)
        )
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
        key = self.confirmations.open(
            PendingRemoval(document.id, title, interaction.user.id, interaction)
        )
        await answer(
            interaction,
            content=f"Remove {shown_title(title)} (`{document.id}`) from this server's corpus?",
            view=confirmation_view(key),
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
    bot.add_dynamic_items(RemovalButton)
