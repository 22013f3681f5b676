"""Reading the corpus: /quote with paragraph navigation, /sources and /cite."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import NO_PINGS, scope_of, send_ephemeral
from bot.chat.render import (
    AUTOCOMPLETE_MAX,
    CHOICE_NAME_LIMIT,
    CitationStyle,
    citation,
    clip,
    code_block,
    passage_embed,
    sources_embed,
)
from bot.engine.models import Passage

if TYPE_CHECKING:
    from bot.chat.client import DebateBot


def paragraph_view(passage: Passage, count: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    previous = ParagraphButton("prev", passage.id)
    following = ParagraphButton("next", passage.id)
    previous.item.disabled = passage.number <= 1
    following.item.disabled = passage.number >= count
    view.add_item(previous)
    view.add_item(following)
    return view


class ParagraphButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"para:(?P<direction>prev|next):(?P<passage>.+)",
):
    def __init__(self, direction: str, passage_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                emoji="◀" if direction == "prev" else "▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"para:{direction}:{passage_id}",
            )
        )
        self.direction = direction
        self.passage_id = passage_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ParagraphButton:
        return cls(match["direction"], match["passage"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: DebateBot = interaction.client  # type: ignore[assignment]
        engine = bot.library.engine
        passage = engine.collection.passage_by_id.get(self.passage_id)
        if passage is None or not engine.collection.is_visible(
            passage.doc_id, scope_of(interaction.guild_id)
        ):
            await send_ephemeral(interaction, "That paragraph was removed from the corpus.")
            return
        document = engine.collection.documents[passage.doc_id]
        index = passage.number - 1 + (-1 if self.direction == "prev" else 1)
        index = min(max(index, 0), len(document.passages) - 1)
        target = document.passages[index]
        await interaction.response.edit_message(
            embed=passage_embed(document, target),
            view=paragraph_view(target, len(document.passages)),
            allowed_mentions=NO_PINGS,
        )


class CorpusCog(commands.Cog, name="Corpus"):
    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot

    def passage_or_error(self, passage_id: str, guild_id: int | None) -> Passage:
        engine = self.bot.library.engine
        passage = engine.collection.passage_by_id.get(passage_id.strip())
        if passage is None or not engine.collection.is_visible(passage.doc_id, scope_of(guild_id)):
            raise app_commands.CheckFailure(
                f"There is no passage `{clip(passage_id, 80)}`; pick one from the list."
            )
        return passage

    @app_commands.command(name="quote", description="Show one paragraph exactly as written.")
    @app_commands.describe(passage="A passage id such as doc-id:p3, or words to find one")
    async def quote(self, interaction: discord.Interaction, passage: str) -> None:
        found = self.passage_or_error(passage, interaction.guild_id)
        document = self.bot.library.engine.collection.documents[found.doc_id]
        await interaction.response.send_message(
            embed=passage_embed(document, found),
            view=paragraph_view(found, len(document.passages)),
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="sources", description="List the documents I can quote.")
    async def sources(self, interaction: discord.Interaction) -> None:
        documents = sorted(
            self.bot.library.engine.collection.visible_documents(scope_of(interaction.guild_id)),
            key=lambda d: (d.meta.date, d.id),
        )
        await interaction.response.send_message(
            embed=sources_embed(documents), allowed_mentions=NO_PINGS
        )

    @app_commands.command(name="cite", description="A copy-ready citation of a passage.")
    @app_commands.describe(passage="A passage id such as doc-id:p3", style="Citation style")
    @app_commands.choices(
        style=[
            app_commands.Choice(name="MLA", value="mla"),
            app_commands.Choice(name="APA", value="apa"),
            app_commands.Choice(name="Chicago", value="chicago"),
            app_commands.Choice(name="Debate card", value="card"),
        ]
    )
    async def cite(
        self, interaction: discord.Interaction, passage: str, style: str = "mla"
    ) -> None:
        found = self.passage_or_error(passage, interaction.guild_id)
        document = self.bot.library.engine.collection.documents[found.doc_id]
        text = citation(document, found, CitationStyle(style))
        await interaction.response.send_message(
            code_block(text), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @quote.autocomplete("passage")
    @cite.autocomplete("passage")
    async def passage_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return passage_choices(self.bot, current, scope_of(interaction.guild_id))


def passage_choices(
    bot: DebateBot, current: str, scope: str = ""
) -> list[app_commands.Choice[str]]:
    """Passages whose id starts with what was typed, else the best BM25 matches; at most 25,
    and only of the documents the place may see."""
    engine = bot.library.engine
    mask = engine.collection.visible_mask(scope)
    visible = [p for p, shown in zip(engine.collection.passages, mask, strict=True) if shown]
    needle = current.strip()
    passages: list[Passage]
    if not needle:
        passages = visible[:AUTOCOMPLETE_MAX]
    elif ":" in needle or any(p.id.startswith(needle) for p in visible):
        passages = [p for p in visible if p.id.startswith(needle)]
    else:
        passages = []
    if needle and not passages:
        terms = engine.analyser.terms(needle)
        passages = [
            engine.collection.passages[hit.position]
            for hit in engine.collection.index.search(
                terms, mask, limit=AUTOCOMPLETE_MAX, statistics=engine.collection.statistics(scope)
            )
        ]
        if not passages:
            folded = needle.casefold()
            passages = [p for p in visible if p.doc_id.startswith(folded)]
    choices = []
    for passage in passages[:AUTOCOMPLETE_MAX]:
        label = f"{passage.id} · {passage.speaker}: {passage.text}"
        choices.append(app_commands.Choice(name=clip(label, CHOICE_NAME_LIMIT), value=passage.id))
    return choices
