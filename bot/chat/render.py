"""Answers -> Discord embeds and text, within Discord's limits.

Quotes are escaped before they are formatted, so corpus text can neither break an embed nor fake
a link; long text is cut at a sentence boundary and marked with an ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from urllib.parse import quote as percent_encode

import discord

from bot.engine.check import CheckResult, Verdict
from bot.engine.debate import Clash, EvidenceItem, Unanswered
from bot.engine.models import Answer, Document, Passage, Quote, Reference, Voice
from bot.engine.quote import attribution_parts, speaker_label
from bot.engine.rebut import Rebuttal
from bot.store import AuditEntry

MESSAGE_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_LIMIT = 1024
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
EMBED_FIELDS_MAX = 25
AUTOCOMPLETE_MAX = 25
CHOICE_NAME_LIMIT = 100
ELLIPSIS = "…"
ACCENT = discord.Colour.from_rgb(88, 101, 242)
QUIET = discord.Colour.light_grey()
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")
# A line break (any of those str.splitlines knows) with the spaces around it.
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])[ \t]*")
# Characters Discord reads as Markdown, plus the ones that start links and mentions.
_MARKDOWN = re.compile(r"([\\*_`~|>#\[\]()<@:-])")


def escape(text: str) -> str:
    """Escape Markdown so corpus text shows as written (no bold, links, headers or quotes).

    A line break inside the text (a hard-wrapped paragraph, stored as uploaded) is a space, so
    a quote stays inside its block quote.
    """
    escaped = _MARKDOWN.sub(r"\\\1", _LINE_BREAK.sub(" ", text))
    # "@everyone" cannot ping (mentions are off), but it should not look like one either.
    return escaped.replace("@", "@\u200b")


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at a sentence end if one is near, else a word."""
    if len(text) <= limit:
        return text
    room = max(0, limit - len(ELLIPSIS))
    head = text[:room]
    ends = [m.end() for m in _SENTENCE_END.finditer(head + " ")]
    cut = ends[-1] if ends and ends[-1] >= room // 2 else head.rfind(" ")
    if cut <= 0:
        cut = room
    return head[:cut].rstrip() + ELLIPSIS


def highlighted(quote: Quote, limit: int) -> str:
    """The quote, escaped, with matched words in bold, at most `limit` characters."""
    text = quote.text
    length = len(text)
    while True:
        shown = text if length >= len(text) else clip(text, length)
        rendered = _bold_spans(shown, quote.highlights)
        if len(rendered) <= limit or length <= len(ELLIPSIS):
            return rendered[:limit]
        length = int(length * 0.85)


def _bold_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    parts: list[str] = []
    position = 0
    for start, end in spans:
        if start < position or end > len(text):
            continue
        parts.append(escape(text[position:start]))
        parts.append("**" + escape(text[start:end]) + "**")
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def safe_url(url: str) -> str:
    """The URL with the characters that end a Markdown link (`<>()[]`, quotes, spaces)
    percent-encoded: the same address, but it cannot close its link and open another."""
    return re.sub(r"[<>()\[\]\"'`\s]", lambda m: f"%{ord(m.group()):02X}", url)


def fragment_link(url: str, quoted: str) -> str:
    """The source URL with a text fragment (#:~:text=) that scrolls to the quoted words."""
    url = safe_url(url)
    words = quoted.replace(ELLIPSIS, " ").split()
    if not words:
        return url

    def encode(part: Sequence[str]) -> str:
        # '-', ',' and '&' are syntax inside a text fragment, so they are encoded too.
        encoded = percent_encode(" ".join(part), safe="")
        return encoded.replace("-", "%2D").replace(",", "%2C").replace("&", "%26")

    directive = encode(words) if len(words) <= 8 else f"{encode(words[:4])},{encode(words[-4:])}"
    return f"{url}{':~:' if '#' in url else '#:~:'}text={directive}"


def attribution_line(quote: Quote) -> str:
    """'— **Zhang Ming**, *Title*, Publisher, 2019-12-05, [¶3](url#:~:text=...)'.

    A debate's line names the side and its point, then the motion; the bibliography entries
    the quote's footnotes cite follow, one a line.
    """
    who = quote.attribution
    line = attribution_parts(who)
    parts = [f"**{escape(clip(line.speaker, 200))}**", f"*{escape(line.work)}*"]
    if line.publisher:
        parts.append(escape(line.publisher))
    parts.append(line.date)
    paragraph = f"¶{line.paragraph}"
    if who.url:
        paragraph = f"[{paragraph}](<{fragment_link(who.url, quote.text)}>)"
    parts.append(paragraph)
    lines = ["— " + ", ".join(parts)]
    lines.extend(reference_line(entry) for entry in quote.references)
    return "\n".join(lines)


def reference_line(entry: Reference) -> str:
    """'-# [4] ITU, ‘Connecting Humanity’, 2020, <url>': a footnote's bibliography entry."""
    described = ", ".join(
        escape(part)
        for part in (entry.author, f"‘{entry.title}’" if entry.title else None, entry.date)
        if part
    ) or escape(clip(entry.text, 300))
    link = f" <{safe_url(entry.url)}>" if entry.url else ""
    return f"-# [{entry.number}] {clip(described, 300)}{link}"


def answer_embed(answer: Answer) -> discord.Embed:
    """One embed: each quote as a block quote, then who said it; passage ids in the footer."""
    title = clip(answer.question, EMBED_TITLE_LIMIT)
    if answer.facts is not None and not answer.quotes:
        return discord.Embed(
            title=title, description=escape(answer.facts.sentence()), colour=ACCENT
        )
    if answer.abstained or not answer.quotes:
        return discord.Embed(
            title=title,
            description=escape(answer.note or "Nothing in the corpus answers this."),
            colour=QUIET,
        )
    lines = [attribution_line(q) for q in answer.quotes]
    overhead = sum(len(line) + 6 for line in lines) + 8 * len(lines)
    budget = max(80, (EMBED_DESCRIPTION_LIMIT - 200 - overhead) // len(answer.quotes))
    blocks = [
        f"> {highlighted(q, budget)}\n{line}" for q, line in zip(answer.quotes, lines, strict=True)
    ]
    if answer.facts is not None:
        blocks.insert(0, escape(answer.facts.sentence()))
    description = clip("\n\n".join(blocks), EMBED_DESCRIPTION_LIMIT)
    embed = discord.Embed(title=title, description=description, colour=ACCENT)
    first = answer.offset + 1
    last = answer.offset + len(answer.quotes)
    ids = " · ".join(q.passage_id for q in answer.quotes)
    footer = (
        f"{first}–{last} of {answer.total} · {ids}"
        if last > first
        else f"{first} of {answer.total} · {ids}"
    )
    embed.set_footer(text=clip(footer, EMBED_FOOTER_LIMIT))
    return embed


def passage_embed(document: Document, passage: Passage, *, focus: bool = True) -> discord.Embed:
    """One paragraph exactly as written, with its attribution."""
    meta = document.meta
    speaker = passage.speaker + (
        " (publisher's introduction)" if passage.voice is Voice.PUBLISHER else ""
    )
    embed = discord.Embed(
        title=clip(
            f"{meta.title} — ¶{passage.cited_paragraph} of {len(document.passages)}",
            EMBED_TITLE_LIMIT,
        ),
        description=clip(escape(passage.text), EMBED_DESCRIPTION_LIMIT),
        colour=ACCENT if focus else QUIET,
        url=meta.url,
    )
    embed.add_field(name="Speaker", value=clip(escape(speaker), EMBED_FIELD_LIMIT), inline=True)
    embed.add_field(name="Date", value=meta.date.isoformat(), inline=True)
    if meta.publisher:
        embed.add_field(name="Publisher", value=clip(escape(meta.publisher), EMBED_FIELD_LIMIT))
    embed.set_footer(text=passage.id)
    return embed


def context_embeds(
    document: Document, passages: Sequence[Passage], focus_id: str
) -> list[discord.Embed]:
    """The paragraphs around a quote, the quoted one marked, within the total embed size."""
    blocks: list[str] = []
    for passage in passages:
        marker = "▶ " if passage.id == focus_id else ""
        speaker = escape(passage.speaker)
        blocks.append(f"**{marker}¶{passage.cited_paragraph} · {speaker}**\n{escape(passage.text)}")
    per_block = (EMBED_DESCRIPTION_LIMIT - 100) // max(1, len(blocks))
    description = "\n\n".join(clip(block, per_block) for block in blocks)
    embed = discord.Embed(
        title=clip(f"Context: {document.meta.title}", EMBED_TITLE_LIMIT),
        description=clip(description, EMBED_DESCRIPTION_LIMIT),
        colour=QUIET,
        url=document.meta.url,
    )
    embed.set_footer(text=focus_id)
    return [embed]


class CitationStyle(StrEnum):
    MLA = "mla"
    APA = "apa"
    CHICAGO = "chicago"
    CARD = "card"


def _closed(title: str) -> str:
    """A title that ends a sentence: "Title." but "Title?" as it is."""
    return title if title[-1:] in ".?!" else title + "."


def citation(
    document: Document, passage: Passage, style: CitationStyle, quote: str | None = None
) -> str:
    """A copy-ready citation of a passage (names are given as the metadata writes them)."""
    meta = document.meta
    date = meta.date
    month = date.strftime("%B")
    publisher = f"{meta.publisher}, " if meta.publisher else ""
    if style is CitationStyle.MLA:
        text = f'{meta.author}. "{_closed(meta.title)}" {publisher}'
        text += f"{date.day} {date.strftime('%b')}. {date.year}"
        text += f", {meta.url}." if meta.url else "."
        return f"{text} Para. {passage.cited_paragraph}."
    if style is CitationStyle.APA:
        text = f"{meta.author}. ({date.year}, {month} {date.day}). {_closed(meta.title)}"
        text += f" {meta.publisher}." if meta.publisher else ""
        return text + (f" {meta.url}" if meta.url else "")
    if style is CitationStyle.CHICAGO:
        text = f'{meta.author}. "{_closed(meta.title)}" {publisher}{month} {date.day}, {date.year}.'
        return text + (f" {meta.url}." if meta.url else "")
    role = f" ({meta.author_role})" if meta.author_role else ""
    speaker = passage.speaker if passage.voice is not Voice.AUTHOR else f"{meta.author}{role}"
    head = f"{speaker}, {date.isoformat()}, “{meta.title}”"
    head += f", {meta.publisher}" if meta.publisher else ""
    head += f", {meta.url}" if meta.url else ""
    body = passage.text if quote is None else quote
    return f"{head}, ¶{passage.cited_paragraph}\n\n{body}"


def code_block(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Text in a code block that cannot be closed early by the text itself."""
    safe = text
    while "```" in safe:  # "````" still holds three together after one pass
        safe = safe.replace("```", "`\u200b``")
    return f"```\n{clip(safe, limit - 8)}\n```"


def sources_embed(documents: Sequence[Document]) -> discord.Embed:
    embed = discord.Embed(title="Sources", colour=ACCENT)
    if not documents:
        embed.description = "The corpus is empty."
        return embed
    shown = documents[:EMBED_FIELDS_MAX]
    for document in shown:
        meta = document.meta
        role = f" ({meta.author_role})" if meta.author_role else ""
        lines = [
            f"by **{escape(meta.author)}**{escape(role)}",
            f"{meta.kind.value}, {meta.date.isoformat()}, {len(document.passages)} paragraphs",
        ]
        if meta.publisher:
            lines.append(escape(meta.publisher))
        if meta.responds_to:
            lines.append(f"responds to: {escape(meta.responds_to)}")
        if meta.url:
            lines.append(f"<{safe_url(meta.url)}>")
        lines.append(f"`{meta.id}`")
        embed.add_field(
            name=clip(meta.title, EMBED_TITLE_LIMIT),
            value=clip("\n".join(lines), EMBED_FIELD_LIMIT),
            inline=False,
        )
    if len(documents) > len(shown):
        embed.set_footer(text=f"{len(shown)} of {len(documents)} documents shown")
    return fit_embed(embed)


def history_embed(entries: Sequence[AuditEntry]) -> discord.Embed:
    """A server's latest corpus changes: when, who (as a mention that cannot ping), what."""
    embed = discord.Embed(title="Corpus history", colour=ACCENT)
    if not entries:
        embed.description = "No changes yet."
        return embed
    lines = []
    for entry in entries:
        who = f"<@{entry.user_id}>" if entry.user_id and entry.user_id.isdigit() else "the CLI"
        what = f"`{entry.doc_id}`" if entry.doc_id else ""
        detail = f" — {escape(entry.detail)}" if entry.detail else ""
        lines.append(
            f"{entry.created_at[:16].replace('T', ' ')} · {who} · {entry.action} {what}{detail}"
        )
    embed.description = clip("\n".join(lines), EMBED_DESCRIPTION_LIMIT)
    return embed


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Drop trailing fields until the embed fits Discord's 6,000-character total."""
    while len(embed) > EMBED_TOTAL_LIMIT and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    return embed


def help_embed() -> discord.Embed:
    embed = discord.Embed(
        title="debate-bot",
        description=(
            "I answer questions about the articles in my corpus by quoting them word for word, "
            "with who said it, where and when. If nothing in the corpus answers, I say so."
        ),
        colour=ACCENT,
    )
    embed.add_field(
        name="Ask",
        value=(
            "`/ask question:` — quotes that answer it (optionally one `document:`, `count:` 1–5)\n"
            "Mention me with a question, or reply to one of my answers with a follow-up.\n"
            "Right-click a message → **Apps → Find sources** to check where it comes from."
        ),
        inline=False,
    )
    embed.add_field(
        name="Read and cite",
        value=(
            "`/quote passage:` — one paragraph exactly, with ◀ ▶ to its neighbours\n"
            "`/cite passage: style:` — MLA, APA, Chicago or a debate card\n"
            "`/sources` — the documents and their metadata"
        ),
        inline=False,
    )
    embed.add_field(
        name="Debate",
        value=(
            "`/evidence [document:] [type:]` — the sources, numbers and dates a side cites\n"
            "`/clash topic:` — each side's best passage on a topic\n"
            "`/rebut argument:` or **Apps → Find counter** — the debate passages that answer "
            "an argument, the linked answer first when it is a point in the corpus\n"
            "`/corpus add|list|show|remove|reindex|history` — this server's own documents "
            "(changing them needs Manage Server)\n"
            "`/unanswered document:` — an op-ed's points the reply never engages\n"
            "`/check text:` or **Apps → Check quote** — verbatim, nearly (with the true "
            "wording), or not in the corpus"
        ),
        inline=False,
    )
    embed.add_field(
        name="Buttons on an answer",
        value=(
            "**More** next results · **Context** the paragraphs around · **Cite** · "
            "👍 / 👎 feedback"
        ),
        inline=False,
    )
    return embed


def check_embed(result: CheckResult) -> discord.Embed:
    """Verbatim / nearly / not found, with the true wording and the difference."""
    claimed = clip(escape(result.text), 1000)
    who = result.attribution
    if result.verdict is Verdict.VERBATIM and who is not None:
        embed = discord.Embed(
            title="Verbatim: these are the corpus's words", colour=discord.Colour.green()
        )
        embed.description = f"> {claimed}\n— {escape(speaker_label(who))}, *{escape(who.title)}*"
    elif who is None:
        embed = discord.Embed(title="Not in the corpus", colour=discord.Colour.red())
        embed.description = f"> {claimed}\n\nNo passage is close to these words."
    else:
        nearly = result.verdict is Verdict.NEARLY
        embed = discord.Embed(
            title=(
                f"Nearly: {result.ratio:.0%} of the words match"
                if nearly
                else "Not in the corpus: the closest passage says otherwise"
            ),
            colour=discord.Colour.gold() if nearly else discord.Colour.red(),
        )
        embed.description = f"**You pasted**\n> {claimed}"
        embed.add_field(
            name="The text says",
            value=clip(
                f"> {escape(result.true_wording or '')}\n— {escape(speaker_label(who))}, "
                f"*{escape(who.title)}*, ¶{who.paragraph}",
                EMBED_FIELD_LIMIT,
            ),
            inline=False,
        )
        if result.diff:
            embed.add_field(
                name="Difference ([-yours-] {+the text+})",
                value=code_block(result.diff, EMBED_FIELD_LIMIT),
                inline=False,
            )
    if result.passage_id:
        embed.set_footer(text=result.passage_id)
    return fit_embed(embed)


def evidence_embed(items: Sequence[EvidenceItem], title: str) -> discord.Embed:
    embed = discord.Embed(title=clip(title, EMBED_TITLE_LIMIT), colour=ACCENT)
    if not items:
        embed.description = "No evidence sentences found."
        return embed
    for item in items[:EMBED_FIELDS_MAX]:
        kinds = ", ".join(k.value for k in item.kinds)
        value = f"> {clip(escape(item.sentence), 700)}"
        if item.sources:
            value += "\n**Sources:** " + escape("; ".join(item.sources))
        embed.add_field(
            name=clip(f"{item.passage_id} · {item.speaker} · {kinds}", EMBED_TITLE_LIMIT),
            value=clip(value, EMBED_FIELD_LIMIT),
            inline=False,
        )
    if len(items) > EMBED_FIELDS_MAX:
        embed.set_footer(text=f"{EMBED_FIELDS_MAX} of {len(items)} shown")
    return fit_embed(embed)


def clash_embed(topic: str, clashes: Sequence[Clash]) -> discord.Embed:
    embed = discord.Embed(title=clip(f"Clash: {topic}", EMBED_TITLE_LIMIT), colour=ACCENT)
    if not clashes:
        embed.description = "Neither side of any exchange in the corpus speaks to this."
        return embed
    for item in clashes[:4]:
        for side, quote in ((item.first, item.first_quote), (item.second, item.second_quote)):
            if quote is None:
                value = "*(says nothing on this)*"
            else:
                value = f"> {highlighted(quote, 700)}\n{attribution_line(quote)}"
            embed.add_field(
                name=clip(side.label, EMBED_TITLE_LIMIT),
                value=clip(value, EMBED_FIELD_LIMIT),
                inline=False,
            )
    return fit_embed(embed)


def rebuttal_embed(rebuttal: Rebuttal) -> discord.Embed:
    """The best counters to an argument: how the argument was placed, then one field a quote."""
    embed = discord.Embed(
        title=clip(f"Counters to: {rebuttal.argument}", EMBED_TITLE_LIMIT), colour=ACCENT
    )
    if not rebuttal.quotes:
        embed.colour = QUIET
        embed.description = (
            "No debate in the corpus argues this, so there is nothing to answer it with."
        )
        return embed
    found = rebuttal.found
    if found is not None and found.side is not None:
        where = f"the {found.side.value}'s point “{escape(found.heading or '')}”"
        embed.description = (
            f"This is {where}; the other side's answer to it comes first."
            if rebuttal.linked
            else f"This is {where}; the other side's answers follow."
        )
    else:
        embed.description = "This argument is not in the corpus; the closest debate's answers."
    for quote in rebuttal.quotes[:EMBED_FIELDS_MAX]:
        who = quote.attribution
        embed.add_field(
            name=clip(who.part or who.speaker, EMBED_TITLE_LIMIT),
            value=clip(
                f"> {highlighted(quote, 600)}\n{attribution_line(quote)}", EMBED_FIELD_LIMIT
            ),
            inline=False,
        )
    embed.set_footer(text=clip(" · ".join(q.passage_id for q in rebuttal.quotes), 2048))
    return fit_embed(embed)


def unanswered_embed(document: Document, items: Sequence[Unanswered]) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"Unanswered in {document.meta.title}", EMBED_TITLE_LIMIT), colour=ACCENT
    )
    if not items:
        embed.description = "The replies in the corpus engage every paragraph."
        return embed
    for item in items[:EMBED_FIELDS_MAX]:
        embed.add_field(
            name=clip(
                f"¶{item.passage.cited_paragraph} · {item.passage.speaker} · best reply "
                f"covers {item.coverage:.0%}",
                EMBED_TITLE_LIMIT,
            ),
            value=clip(f"> {escape(item.passage.text)}", EMBED_FIELD_LIMIT),
            inline=False,
        )
    return fit_embed(embed)
