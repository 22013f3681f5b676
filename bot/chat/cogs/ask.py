"""Asking: /ask, mentions, replies, opted-in channels, Find sources, and the answer buttons."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.client import NO_PINGS, OnCooldown, scope_of, send_ephemeral
from bot.chat.render import (
    AUTOCOMPLETE_MAX,
    CHOICE_NAME_LIMIT,
    CitationStyle,
    answer_embed,
    citation,
    clip,
    code_block,
    context_embeds,
)
from bot.engine.models import Answer, QuestionError
from bot.engine.question import clean_question

if TYPE_CHECKING:
    from bot.chat.client import DebateBot

log = logging.getLogger(__name__)
MAX_COUNT = 5


def answer_view(answer_id: int, answer: Answer) -> discord.ui.View | None:
    """More / Context / Cite / 👍 / 👎, all persistent (matched by custom_id after restarts)."""
    if answer.abstained or not answer.quotes:
        return None
    view = discord.ui.View(timeout=None)
    has_more = answer.offset + len(answer.quotes) < answer.total
    for action in ("more", "context", "cite", "up", "down"):
        button = AnswerButton(action, answer_id)
        if action == "more" and not has_more:
            button.item.disabled = True
        view.add_item(button)
    return view


_BUTTONS: dict[str, tuple[str | None, str | None, discord.ButtonStyle]] = {
    "more": ("More", None, discord.ButtonStyle.primary),
    "context": ("Context", None, discord.ButtonStyle.secondary),
    "cite": ("Cite", None, discord.ButtonStyle.secondary),
    "up": (None, "👍", discord.ButtonStyle.secondary),
    "down": (None, "👎", discord.ButtonStyle.secondary),
}


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"answer:(?P<action>more|context|cite|up|down):(?P<id>[0-9]+)",
):
    def __init__(self, action: str, answer_id: int) -> None:
        label, emoji, style = _BUTTONS[action]
        super().__init__(
            discord.ui.Button(
                label=label, emoji=emoji, style=style, custom_id=f"answer:{action}:{answer_id}"
            )
        )
        self.action = action
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> AnswerButton:
        return cls(match["action"], int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: DebateBot = interaction.client  # type: ignore[assignment]
        cog = bot.get_cog("Ask")
        assert isinstance(cog, AskCog)
        await cog.press(interaction, self.action, self.answer_id)


class AskCog(commands.Cog, name="Ask"):
    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        self.find_sources_menu = app_commands.ContextMenu(
            name="Find sources", callback=self.find_sources
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.find_sources_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.find_sources_menu.name, type=self.find_sources_menu.type)

    # --- answering --------------------------------------------------------------------------

    def check_cooldown(self, user_id: int) -> None:
        wait = self.bot.cooldown.retry_after(user_id)
        if wait:
            raise OnCooldown(wait)

    async def answer_and_save(
        self,
        question: str,
        *,
        k: int,
        doc_id: str | None,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
        offset: int = 0,
    ) -> tuple[Answer, int | None]:
        """Answer off the event loop; remember what was shown so buttons work later."""
        answer = await self.bot.library.ask(
            question, k, offset=offset, doc_id=doc_id, scope=scope_of(guild_id)
        )
        if answer.abstained:
            return answer, None
        answer_id = await self.bot.library.store.save_answer(
            answer.question,
            k,
            doc_id,
            [q.passage_id for q in answer.quotes],
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
        )
        return answer, answer_id

    @app_commands.command(name="ask", description="Answer a question by quoting the articles.")
    @app_commands.describe(
        question="What you want to know, e.g. what evidence does the reply cite?",
        document="Only quote this document",
        count="How many quotes (1-5)",
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, 500],
        document: str | None = None,
        count: app_commands.Range[int, 1, MAX_COUNT] | None = None,
    ) -> None:
        self.check_cooldown(interaction.user.id)
        scope = scope_of(interaction.guild_id)
        if document is not None and not self.bot.library.engine.collection.is_visible(
            document, scope
        ):
            raise app_commands.CheckFailure(
                f"There is no document `{clip(document, 80)}`; pick one from the list "
                "or see /sources."
            )
        # A question that cannot be asked is refused before the public "thinking…" message, so
        # the refusal stays between the bot and the asker.
        question = clean_question(
            without_mentions(question) or question, self.bot.settings.max_question_chars
        )
        # Acknowledge at once: the answer may take longer than Discord's 3 seconds.
        await interaction.response.defer(thinking=True)
        async with self.bot.answering():
            answer, answer_id = await self.answer_and_save(
                question,
                k=count or self.bot.settings.answer_k,
                doc_id=document,
                user_id=interaction.user.id,
                guild_id=interaction.guild_id,
                channel_id=interaction.channel_id,
            )
            await self.send_followup(interaction, answer, answer_id)

    async def send_followup(
        self, interaction: discord.Interaction, answer: Answer, answer_id: int | None
    ) -> None:
        embed = answer_embed(answer)
        view = answer_view(answer_id, answer) if answer_id is not None else None
        if view is None:
            await interaction.followup.send(embed=embed, allowed_mentions=NO_PINGS)
        else:
            await interaction.followup.send(embed=embed, view=view, allowed_mentions=NO_PINGS)

    @ask.autocomplete("document")
    async def document_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return document_choices(self.bot, current, scope_of(interaction.guild_id))

    async def find_sources(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        """Right-click a message -> the passages its text comes from, or that nothing does."""
        text = message.content or " ".join(
            part for embed in message.embeds for part in (embed.title, embed.description) if part
        )
        if not text.strip():
            raise QuestionError("That message has no text to look up.")
        self.check_cooldown(interaction.user.id)
        await interaction.response.defer(thinking=True, ephemeral=True)
        async with self.bot.answering():
            answer = await self.bot.library.ask(
                clip(without_mentions(text) or text, self.bot.settings.max_question_chars),
                3,
                scope=scope_of(interaction.guild_id),
            )
            await interaction.followup.send(
                embed=answer_embed(answer), ephemeral=True, allowed_mentions=NO_PINGS
            )

    # --- messages ---------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or self.bot.closing:
            return
        question = self.question_in(message, me)
        if question is None:
            return
        if self.bot.cooldown.retry_after(message.author.id):
            return  # silently: a reply to every extra message would be noise in the channel
        async with self.bot.answering():
            try:
                answer, answer_id = await self.answer_and_save(
                    question,
                    k=self.bot.settings.answer_k,
                    doc_id=None,
                    user_id=message.author.id,
                    guild_id=message.guild.id if message.guild else None,
                    channel_id=message.channel.id,
                )
                previous = self.replied_question(message, me)
                if answer.abstained and previous:
                    # A follow-up like "and what about Germany?" leans on the question before.
                    answer, answer_id = await self.answer_and_save(
                        clip(f"{previous} {question}", self.bot.settings.max_question_chars),
                        k=self.bot.settings.answer_k,
                        doc_id=None,
                        user_id=message.author.id,
                        guild_id=message.guild.id if message.guild else None,
                        channel_id=message.channel.id,
                    )
            except QuestionError as error:
                await reply_with_retry(message, content=str(error))
                return
            view = answer_view(answer_id, answer) if answer_id is not None else None
            kwargs: dict[str, Any] = {"embed": answer_embed(answer)}
            if view is not None:
                kwargs["view"] = view
            await reply_with_retry(message, **kwargs)

    def question_in(self, message: discord.Message, me: discord.ClientUser) -> str | None:
        """The question a message asks the bot, if it asks one."""
        content = message.content or ""
        mentioned = any(user.id == me.id for user in message.mentions)
        if mentioned or self.replied_question(message, me) is not None:
            return without_mentions(content) or None
        if (
            self.bot.settings.listen_in_channels
            and message.channel.id in self.bot.listening
            and content.strip().endswith("?")
        ):
            return without_mentions(content) or None
        return None

    @staticmethod
    def replied_question(message: discord.Message, me: discord.ClientUser) -> str | None:
        """The question of the bot's answer this message replies to, if it replies to one."""
        reference = message.reference
        resolved = reference.resolved if reference else None
        if isinstance(resolved, discord.Message) and resolved.author.id == me.id:
            for embed in resolved.embeds:
                if embed.title:
                    return embed.title
            return ""
        return None

    # --- buttons ----------------------------------------------------------------------------

    async def press(self, interaction: discord.Interaction, action: str, answer_id: int) -> None:
        shown = await self.bot.library.store.answer(answer_id)
        if shown is None:
            await send_ephemeral(interaction, "That answer is too old; ask again with /ask.")
            return
        engine = self.bot.library.engine
        scope = scope_of(interaction.guild_id)
        missing = [
            pid
            for pid in shown.passage_ids
            if pid not in engine.collection.passage_by_id
            or not engine.collection.is_visible(engine.collection.passage_by_id[pid].doc_id, scope)
        ]
        if action == "more":
            await interaction.response.defer()
            async with self.bot.answering():
                answer = await self.bot.library.ask(
                    shown.question,
                    shown.k,
                    offset=shown.offset + shown.k,
                    doc_id=shown.doc_id,
                    scope=scope,
                )
                if answer.abstained or not answer.quotes:
                    await interaction.followup.send(
                        "There are no more results for this question.",
                        ephemeral=True,
                        allowed_mentions=NO_PINGS,
                    )
                    return
                await self.bot.library.store.move_answer(
                    answer_id, answer.offset, [q.passage_id for q in answer.quotes]
                )
                await interaction.edit_original_response(
                    embed=answer_embed(answer),
                    view=answer_view(answer_id, answer),
                    allowed_mentions=NO_PINGS,
                )
            return
        if missing:
            await send_ephemeral(
                interaction,
                "A passage in this answer was removed from the corpus since; ask again.",
            )
            return
        if action == "context":
            embeds = []
            for passage_id in shown.passage_ids[:3]:
                passage = engine.collection.passage_by_id[passage_id]
                document = engine.collection.documents[passage.doc_id]
                embeds.extend(
                    context_embeds(document, engine.collection.neighbours(passage_id), passage_id)
                )
            await interaction.response.send_message(
                embeds=embeds[:10], ephemeral=True, allowed_mentions=NO_PINGS
            )
        elif action == "cite":
            blocks = []
            for passage_id in shown.passage_ids:
                passage = engine.collection.passage_by_id[passage_id]
                document = engine.collection.documents[passage.doc_id]
                blocks.append(citation(document, passage, CitationStyle.MLA))
            await interaction.response.send_message(
                code_block("\n\n".join(blocks)), ephemeral=True, allowed_mentions=NO_PINGS
            )
        else:
            vote = 1 if action == "up" else -1
            top = shown.passage_ids[0]
            await self.bot.library.store.record_feedback(
                top, shown.question, vote, interaction.user.id, interaction.guild_id
            )
            await interaction.response.send_message(
                f"Thanks: recorded {'👍' if vote > 0 else '👎'} for `{top}`.",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )


# Mention markup is addressing, not the question: <@id>, <@!id>, <@&role>, <#channel>,
# </command:id>, @everyone and @here.
_MENTION = re.compile(r"</?[@#&!]*[\w: -]*?\d+>|(?<!\w)@(?:everyone|here)\b")
REPLY_ATTEMPTS = 3


def without_mentions(text: str) -> str:
    return " ".join(_MENTION.sub(" ", text).split())


async def reply_with_retry(message: discord.Message, **kwargs: Any) -> None:
    """Reply without pinging; a 5xx that discord.py does not retry itself (503) is retried."""
    for attempt in range(1, REPLY_ATTEMPTS + 1):
        try:
            await message.reply(mention_author=False, allowed_mentions=NO_PINGS, **kwargs)
            return
        except discord.DiscordServerError:
            if attempt == REPLY_ATTEMPTS:
                log.warning("Discord kept failing; the reply to message %s is lost", message.id)
                return
            await asyncio.sleep(attempt)


def document_choices(
    bot: DebateBot, current: str, scope: str = ""
) -> list[app_commands.Choice[str]]:
    """Documents the place may see whose id or title contains what the user typed, at most 25."""
    needle = current.casefold().strip()
    choices = []
    visible = bot.library.engine.collection.visible_documents(scope)
    for document in sorted(visible, key=lambda d: d.meta.title):
        meta = document.meta
        if needle and needle not in meta.title.casefold() and needle not in meta.id:
            continue
        name = clip(f"{meta.title} ({meta.author}, {meta.date.year})", CHOICE_NAME_LIMIT)
        choices.append(app_commands.Choice(name=name, value=meta.id))
        if len(choices) == AUTOCOMPLETE_MAX:
            break
    return choices
