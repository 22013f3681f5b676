"""Discord's limits in one place: clipping text, embeds, components and choices to fit."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat import limits
from bot.chat.limits import ELLIPSIS, clip

LINK = "[¶3](<https://example.org/a#:~:text=the%20words>)"
MASKED_LINK = re.compile(r"\[[^\]]*\]\(<[^>]*>\)")
PIECES = [
    "word ",
    "Sentence ends. ",
    "**bold** ",
    "*it* ",
    "\\*",
    "\\",
    LINK,
    " <https://example.org/b> ",
    "<@123>",
    "👩‍👩‍👧 ",
    "🇫🇷",
    "é",
    "\u0301",
    "👍🏽",
    "日本語の文。",
    "\n",
]
markdown_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def test_text_that_fits_is_kept_as_it_is() -> None:
    assert clip("Short enough.", 13) == "Short enough."


def test_a_cut_falls_at_a_sentence_end_and_is_marked() -> None:
    text = "First sentence here. Second sentence is longer than the rest. Third."
    assert clip(text, 30) == "First sentence here.…"


def test_a_cut_inside_a_link_drops_the_link_whole() -> None:
    text = "— **Zhang Ming**, *Title*, 2019-12-05, " + LINK
    clipped = clip(text, len(text) - 10)
    assert "[¶3]" not in clipped and "](<" not in clipped
    assert clipped.endswith(ELLIPSIS)


def test_bold_left_open_by_a_cut_is_closed() -> None:
    clipped = clip("**" + "word " * 40 + "**", 50)
    assert clipped.count("**") == 2 and clipped.endswith("**" + ELLIPSIS)


def test_a_cut_never_leaves_an_escaping_backslash_last() -> None:
    clipped = clip("a" * 20 + "\\*" * 20, 30)
    assert not re.search(r"(?<!\\)(\\\\)*\\" + ELLIPSIS, clipped), clipped


def test_a_cut_never_splits_an_emoji_or_a_flag() -> None:
    family = "👩‍👩‍👧"
    assert clip(family * 10, 12, markdown=False) == family * 2 + ELLIPSIS
    assert clip(family * 10, 9, markdown=False) == family + ELLIPSIS
    flags = "🇫🇷🇩🇪🇮🇹"
    assert clip(flags, 4, markdown=False) == "🇫🇷" + ELLIPSIS


@settings(max_examples=300, deadline=None)
@given(markdown_text, st.integers(0, 400))
def test_clipped_text_fits_and_keeps_every_link_it_shows_whole(text: str, limit: int) -> None:
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    if len(text) <= limit:
        assert clipped == text
        return
    # Every "[" that opens a masked link in the clipped text opens a whole one.
    for start in (m.start() for m in re.finditer(r"\[¶", clipped)):
        assert MASKED_LINK.match(clipped, start), clipped
    assert "<https://example.org/b" not in clipped or "<https://example.org/b>" in clipped


def test_a_message_s_embeds_share_six_thousand_characters() -> None:
    embeds = [
        discord.Embed(title=f"Context {n}", description="Words in a paragraph. " * 200)
        for n in range(3)
    ]
    fitted = limits.fit_embeds(embeds)
    assert len(fitted) == 3
    assert sum(len(embed) for embed in fitted) <= limits.EMBEDS_TOTAL
    assert all(len(embed.description or "") > 1000 for embed in fitted)  # shared, not starved


def test_an_embed_keeps_at_most_twenty_five_fields_and_none_blank() -> None:
    embed = discord.Embed(title="t")
    for number in range(30):
        embed.add_field(name=" " if number == 0 else f"f{number}", value="" if number == 1 else "v")
    fitted = limits.fit_embeds([embed])[0]
    assert len(fitted.fields) == limits.FIELDS
    assert fitted.fields[0].name == limits.BLANK and fitted.fields[1].value == limits.BLANK


def test_more_than_ten_embeds_are_cut_to_ten() -> None:
    assert len(limits.fit_embeds([discord.Embed(title=str(n)) for n in range(12)])) == 10


def test_every_part_of_an_embed_is_clipped_to_its_own_limit() -> None:
    embed = discord.Embed(title="t" * 300, description="d " * 3000)
    embed.add_field(name="n" * 300, value="v " * 1000)
    embed.set_footer(text="f" * 3000)
    embed.set_author(name="a" * 300)
    fitted = limits.fit_embeds([embed])[0]
    assert len(fitted.title or "") <= limits.EMBED_TITLE
    assert len(fitted.fields[0].name or "") <= limits.FIELD_NAME
    assert len(fitted.fields[0].value or "") <= limits.FIELD_VALUE
    assert len(fitted.footer.text or "") <= limits.FOOTER
    assert len(fitted.author.name or "") <= limits.AUTHOR
    assert len(fitted) <= limits.EMBEDS_TOTAL


async def test_a_component_whose_custom_id_is_too_long_is_left_out() -> None:
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="L" * 100, custom_id="ok"))
    view.add_item(discord.ui.Button(label="x", custom_id="x" * 101))
    fitted = limits.fit_view(view)
    assert fitted is not None
    [kept] = fitted.children
    assert isinstance(kept, discord.ui.Button)
    assert kept.custom_id == "ok" and len(kept.label or "") <= limits.LABEL


def test_choices_are_at_most_twenty_five_with_names_and_values_within_limits() -> None:
    offered = [app_commands.Choice(name="name " * 40, value=f"id-{n}") for n in range(30)]
    offered.insert(0, app_commands.Choice(name="too long a value", value="v" * 101))
    fitted = limits.fit_choices(offered)
    assert len(fitted) == limits.CHOICES
    assert all(len(c.name) <= limits.CHOICE_NAME for c in fitted)
    assert fitted[0].value == "id-0"  # the one with an over-long value is left out


def test_content_over_two_thousand_characters_is_clipped() -> None:
    content = limits.fit_content("A sentence of words. " * 200)
    assert content is not None and len(content) <= limits.CONTENT
    assert limits.fit_content(None) is None
