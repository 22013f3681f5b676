"""Discord's documented limits, and fitting everything the bot sends within them.

Every message, embed, component and autocomplete choice the bot builds passes through here (see
`replies`, which sends them): text is clipped at a sentence or word boundary and marked with an
ellipsis, a Markdown link is kept whole or dropped (never cut), bold and italics are closed, and
no emoji or accented letter is split. Discord counts characters as code points, as Python's
`len` does (discord/discord-api-docs#1315).

Sources (github.com/discord/discord-api-docs): docs/resources/message.md (content, embed
limits), docs/components/reference.mdx (custom_id, labels, select options),
docs/interactions/application-commands.mdx (choices).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import discord
from discord import app_commands

log = logging.getLogger(__name__)

CONTENT = 2000  # message content
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
FIELDS = 25  # fields in one embed
EMBEDS = 10  # embeds in one message
EMBEDS_TOTAL = 6000  # characters across all of a message's embeds
CUSTOM_ID = 100
LABEL = 80  # a button's label
SELECT_OPTION = 100  # a select option's label, value and description
SELECT_OPTIONS = 25
CHOICE_NAME = 100  # an autocomplete or option choice's name
CHOICE_VALUE = 100  # ... and its value, when a string
CHOICES = 25

ELLIPSIS = "…"
# Shown for a field whose name or value would be blank: Discord refuses blank ones.
BLANK = "\u200b"
# A part this short is not clipped further to fit the 6,000 total; fields and embeds go instead.
_SHORTEST_CLIPPED = 40

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s|[。！？]")
# What must stay whole: masked links "[label](url)" or "[label](<url>)", and "<...>" (an
# autolink, a mention, a custom emoji); a cut inside one drops it.
_ATOM = re.compile(r"\[[^\[\]\n]*\]\((?:<[^<>\s]*>|[^()\s]*)\)|<[^<>\s]{1,300}>")
_STARS = re.compile(r"(?<!\\)(?:\\\\)*(\*+)")
_ZWJ = "\u200d"


def clip(text: str, limit: int, *, markdown: bool = True) -> str:
    """`text` in at most `limit` characters: whole if it fits, else cut at a sentence end if one
    is in the second half, else at a space, and ended with an ellipsis.

    With `markdown` (the default) the text is read as Discord Markdown: a link or `<...>` the cut
    would split is dropped whole, `**` and `*` left open are closed, and an escaping backslash is
    never left last. A cut never splits an emoji sequence or a letter from its accents.
    """
    if len(text) <= limit:
        return text
    # Room for the ellipsis, and for closing "**" and "*" in Markdown.
    room = limit - len(ELLIPSIS) - (3 if markdown else 0)
    if room <= 0:
        return ELLIPSIS[: max(0, limit)]
    cut = _cut_point(text, room)
    if markdown:
        cut = _outside_atoms(text, cut)
    cut = _between_graphemes(text, cut)
    head = text[:cut].rstrip()
    if markdown:
        head = _closed(_without_dangling_escape(head))
    return head + ELLIPSIS


def _cut_point(text: str, room: int) -> int:
    head = text[:room]
    ends = [match.end() for match in _SENTENCE_END.finditer(text, 0, room + 1)]
    ends = [end for end in ends if end <= room]
    if ends and ends[-1] >= room // 2:
        return ends[-1]
    space = max(head.rfind(" "), head.rfind("\n"))
    return space if space > room // 4 else room


def _outside_atoms(text: str, cut: int) -> int:
    for atom in _ATOM.finditer(text, max(0, cut - 2200), min(len(text), cut + 2200)):
        if atom.start() < cut < atom.end():
            return atom.start()
    return cut


def _between_graphemes(text: str, cut: int) -> int:
    """`cut` moved back so it does not split a character from what joins or modifies it."""
    while 0 < cut < len(text):
        after, before = text[cut], text[cut - 1]
        if (
            before == _ZWJ
            or after == _ZWJ
            or unicodedata.category(after) in ("Mn", "Me", "Mc")
            or "\ufe00" <= after <= "\ufe0f"  # variation selectors (emoji presentation)
            or "\U0001f3fb" <= after <= "\U0001f3ff"  # skin tones
            or "\U000e0020" <= after <= "\U000e007f"  # tag sequences (subdivision flags)
            or _splits_flag(text, cut)
        ):
            cut -= 1
            continue
        break
    return cut


def _is_regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _splits_flag(text: str, cut: int) -> bool:
    """A flag is two regional indicators: is `cut` between the two of one?"""
    if not _is_regional(text[cut]):
        return False
    run = 0
    while cut - run - 1 >= 0 and _is_regional(text[cut - run - 1]):
        run += 1
    return run % 2 == 1


def _without_dangling_escape(head: str) -> str:
    """A backslash left last would escape the ellipsis: drop it."""
    run = len(head) - len(head.rstrip("\\"))
    return head[:-1] if run % 2 else head


def _closed(head: str) -> str:
    """`head` with the bold (`**`) and italics (`*`) it leaves open closed again."""
    bold = italic = False
    for match in _STARS.finditer(head):
        stars = len(match.group(1))
        if stars >= 2:
            bold = not bold
            stars -= 2
        if stars % 2:
            italic = not italic
    closing = ("*" if italic else "") + ("**" if bold else "")
    return head.rstrip() + closing if closing else head


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """The embed with each part within its own limit (fields past 25 dropped, blank field
    names and values filled); changed in place and returned."""
    if embed.title:
        embed.title = clip(embed.title, EMBED_TITLE)
    if embed.description:
        embed.description = clip(embed.description, EMBED_DESCRIPTION)
    for _ in range(len(embed.fields) - FIELDS):
        embed.remove_field(FIELDS)
    for index, field in enumerate(embed.fields):
        embed.set_field_at(
            index,
            name=clip((field.name or "").strip() or BLANK, FIELD_NAME),
            value=clip((field.value or "").strip() or BLANK, FIELD_VALUE),
            inline=bool(field.inline),
        )
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    if embed.author.name:
        embed.set_author(
            name=clip(embed.author.name, AUTHOR),
            url=embed.author.url,
            icon_url=embed.author.icon_url,
        )
    return embed


def fit_embeds(embeds: Iterable[discord.Embed]) -> list[discord.Embed]:
    """At most 10 embeds, each within its limits, with at most 6,000 characters between them:
    the longest descriptions and field values are clipped first (none by more than half at a
    time), then trailing fields, then trailing embeds, go."""
    fitted = [fit_embed(embed) for embed in list(embeds)[:EMBEDS]]
    while (excess := sum(len(embed) for embed in fitted) - EMBEDS_TOTAL) > 0:
        if not _shorten_longest(fitted, excess):
            break
    while sum(len(embed) for embed in fitted) > EMBEDS_TOTAL and fitted:
        last = fitted[-1]
        if last.fields:
            last.remove_field(len(last.fields) - 1)
        else:
            fitted.pop()
    return fitted


def _shorten_longest(embeds: Sequence[discord.Embed], excess: int) -> bool:
    """Clip the longest description or field value by `excess` (at most half of it); False
    when every part is already short."""
    parts: list[tuple[int, discord.Embed, int | None]] = []  # (length, embed, field or None)
    for embed in embeds:
        if embed.description:
            parts.append((len(embed.description), embed, None))
        for number, field in enumerate(embed.fields):
            parts.append((len(field.value or ""), embed, number))
    if not parts:
        return False
    length, longest, index = max(parts, key=lambda part: part[0])
    if length <= _SHORTEST_CLIPPED:
        return False
    target = max(length - excess, length // 2)
    embed = longest
    if index is None:
        embed.description = clip(embed.description or "", target)
    else:
        field = embed.fields[index]
        value = clip(field.value or "", target).strip() or BLANK
        embed.set_field_at(index, name=field.name, value=value, inline=bool(field.inline))
    return True


def fit_content(content: str | None) -> str | None:
    """Message content within 2,000 characters (None stays None)."""
    return None if content is None else clip(content, CONTENT)


def fit_view(view: discord.ui.View | None) -> discord.ui.View | None:
    """The view with labels clipped and any component whose custom_id is over 100 characters
    taken out (a custom_id carries data, so it cannot be clipped); changed in place."""
    if view is None:
        return None
    for item in list(view.children):
        custom_id = getattr(item, "custom_id", None)
        if isinstance(custom_id, str) and len(custom_id) > CUSTOM_ID:
            log.warning("a component's custom_id is %d characters; it is left out", len(custom_id))
            view.remove_item(item)
            continue
        inner = item.item if isinstance(item, discord.ui.DynamicItem) else item
        if isinstance(inner, discord.ui.Button) and inner.label:
            inner.label = clip(inner.label, LABEL, markdown=False)
        if isinstance(inner, discord.ui.Select):
            _fit_select(inner)
    return view


def _fit_select(select: discord.ui.Select[Any]) -> None:
    options = [o for o in select.options if len(o.value) <= SELECT_OPTION][:SELECT_OPTIONS]
    for option in options:
        option.label = clip(option.label, SELECT_OPTION, markdown=False)
        if option.description:
            option.description = clip(option.description, SELECT_OPTION, markdown=False)
    select.options = options


ChoiceValue = TypeVar("ChoiceValue", str, int, float)


def fit_choices(
    choices: Iterable[app_commands.Choice[ChoiceValue]],
) -> list[app_commands.Choice[ChoiceValue]]:
    """At most 25 autocomplete choices, names clipped to 100 characters; a choice whose string
    value is over 100 characters is left out (the value is what the command receives)."""
    fitted: list[app_commands.Choice[ChoiceValue]] = []
    for choice in choices:
        if isinstance(choice.value, str) and not 0 < len(choice.value) <= CHOICE_VALUE:
            continue
        name = clip(" ".join(choice.name.split()), CHOICE_NAME, markdown=False) or ELLIPSIS
        fitted.append(app_commands.Choice(name=name, value=choice.value))
        if len(fitted) == CHOICES:
            break
    return fitted


@dataclass(frozen=True, slots=True)
class Fitted:
    """A message within every limit: what `replies` hands to discord.py."""

    content: str | None
    embeds: list[discord.Embed]
    view: discord.ui.View | None


def fit_message(
    content: str | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
) -> Fitted:
    """Content, embeds and components, each fitted (see `fit_content`, `fit_embeds`,
    `fit_view`)."""
    return Fitted(fit_content(content), fit_embeds(embeds), fit_view(view))
