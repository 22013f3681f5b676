"""Asking: /ask, mentions, replies, opted-in channels, Find sources, and the answer buttons."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.limits import clip
from bot.chat.options import AskedDocument
from bot.chat.render import answer_embed
from bot.chat.replies import (
    answer,
    counts_as_question,
    may_reply,
    reply_to,
    scope_of,
    think,
)
from bot.chat.views import DYNAMIC_ITEMS, answer_view
from bot.engine.cleaning import MAX_QUESTION_CHARS, Question
from bot.engine.models import QuestionError
from bot.engine.results import Answer

if TYPE_CHECKING:
    from bot.chat.client import DebateBot

log = logging.getLogger(__name__)
MAX_COUNT = 5


class AskCog(commands.Cog, name="Ask"):
    """/ask, questions in messages (mentions, replies, opted-in channels) and Find sources."""

    def __init__(self, bot: DebateBot) -> None:
        self.bot = bot
        # /ask's question is as long as the setting allows (Discord's client enforces it). The
        # cog's copy of the command gets its own parameter, so two bots never share one.
        params = self.ask._params
        params["question"] = dataclasses.replace(
            params["question"], max_value=bot.settings.max_question_chars
        )
        self.find_sources_menu = app_commands.ContextMenu(
            name="Find sources", callback=self.find_sources
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.find_sources_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.find_sources_menu.name, type=self.find_sources_menu.type)

    # --- answering --------------------------------------------------------------------------

    async def answer_and_save(
        self,
        question: str | Question,
        *,
        k: int,
        doc_id: str | None,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
        offset: int = 0,
    ) -> tuple[Answer, int | None]:
        """Answer off the event loop; remember what was shown so buttons work later."""
        library = self.bot.library
        answer = await library.ask(
            question, k, offset=offset, doc_id=doc_id, scope=scope_of(guild_id)
        )
        answer_id = await library.remember(
            answer, k, doc_id, user_id=user_id, guild_id=guild_id, channel_id=channel_id
        )
        return answer, answer_id

    @app_commands.command(name="ask", description="Answer a question by quoting the articles.")
    @app_commands.describe(
        question="What you want to know, e.g. what evidence does the reply cite?",
        document="Only quote this document",
        count="How many quotes (1-5)",
    )
    @counts_as_question
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],  # see __init__
        document: AskedDocument | None = None,
        count: app_commands.Range[int, 1, MAX_COUNT] | None = None,
    ) -> None:
        # A question that cannot be asked is refused before the public "thinking…" message, so
        # the refusal stays between the bot and the asker.
        asked = self.bot.library.question(without_mentions(question) or question)
        # Acknowledge at once: the answer may take longer than Discord's 3 seconds.
        await think(interaction)
        async with self.bot.answering():
            shown, answer_id = await self.answer_and_save(
                asked,
                k=count or self.bot.settings.answer.k,
                doc_id=document.id if document else None,
                user_id=interaction.user.id,
                guild_id=interaction.guild_id,
                channel_id=interaction.channel_id,
            )
            view = answer_view(answer_id, shown) if answer_id is not None else None
            await answer(interaction, embeds=[answer_embed(shown)], view=view)

    async def find_sources(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        """Right-click a message -> the passages its text comes from, or that nothing does."""
        text = message.content or " ".join(
            part for embed in message.embeds for part in (embed.title, embed.description) if part
        )
        if not text.strip():
            raise QuestionError("That message has no text to look up.")
        self.bot.cooldown.check(interaction.user.id)
        await think(interaction, ephemeral=True)
        async with self.bot.answering():
            found = await self.bot.library.ask(
                clip(
                    without_mentions(text) or text,
                    self.bot.settings.max_question_chars,
                    markdown=False,
                ),
                3,
                scope=scope_of(interaction.guild_id),
            )
            await answer(interaction, embeds=[answer_embed(found)], ephemeral=True)

    # --- messages ---------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or self.bot.closing:
            return
        question = self.question_in(message, me)
        if question is None:
            return
        if not may_reply(message):
            return  # no answer it could not send (Discord would refuse it: 403)
        if self.bot.cooldown.retry_after(message.author.id):
            return  # silently: a reply to every extra message would be noise in the channel
        async with self.bot.answering():
            try:
                shown, answer_id = await self.answer_and_save(
                    question,
                    k=self.bot.settings.answer.k,
                    doc_id=None,
                    user_id=message.author.id,
                    guild_id=message.guild.id if message.guild else None,
                    channel_id=message.channel.id,
                )
                previous = self.replied_question(message, me)
                if shown.abstained and previous:
                    # A follow-up like "and what about Germany?" leans on the question before.
                    shown, answer_id = await self.answer_and_save(
                        clip(
                            f"{previous} {question}",
                            self.bot.settings.max_question_chars,
                            markdown=False,
                        ),
                        k=self.bot.settings.answer.k,
                        doc_id=None,
                        user_id=message.author.id,
                        guild_id=message.guild.id if message.guild else None,
                        channel_id=message.channel.id,
                    )
            except QuestionError as error:
                await reply_with_retry(message, content=str(error))
                return
            view = answer_view(answer_id, shown) if answer_id is not None else None
            await reply_with_retry(message, embeds=[answer_embed(shown)], view=view)

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
            await reply_to(message, **kwargs)
            return
        except discord.DiscordServerError:
            if attempt == REPLY_ATTEMPTS:
                log.warning("Discord kept failing; the reply to message %s is lost", message.id)
                return
            await asyncio.sleep(attempt)


async def setup(bot: DebateBot) -> None:
    await bot.add_cog(AskCog(bot))
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
