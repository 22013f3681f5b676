"""Answers -> Discord embeds and text, within Discord's limits.

Quotes are escaped before they are formatted, so corpus text can neither break an embed nor fake
a link. Each part has its own budget (a quote, its attribution, a title), so whatever the corpus
holds every answer keeps its shape; the limits and the clipping are `limits`', and `replies` fits
every message again as it sends it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from enum import StrEnum
from urllib.parse import quote as percent_encode

import discord

from bot.chat import limits
from bot.chat.limits import ELLIPSIS, clip
from bot.engine.check import CheckResult, Verdict
from bot.engine.debate import Clash, EvidenceItem, Unanswered
from bot.engine.forms import kind_label, others_label, participants
from bot.engine.models import Document, Passage, Reference, Voice, date_text
from bot.engine.quote import attribution_parts, debate_part, publisher_part, speaker_label
from bot.engine.quotemarks import in_quotes
from bot.engine.rebut import Rebuttal
from bot.engine.results import Answer, Attribution, Quote
from bot.store import AuditEntry

ACCENT = discord.Colour.from_rgb(88, 101, 242)
QUIET = discord.Colour.light_grey()
# The parts of an attribution line, in characters before escaping: a long title or name is
# shortened so the line leaves room for the quote (a speaker's role goes first, so whose words
# a quote reports stays in the line).
SPEAKER_SHOWN = 120
WORK_SHOWN = 150
PUBLISHER_SHOWN = 100
REFERENCE_SHOWN = 300
# A source link longer than this (a very long URL) loses its text fragment, then its link.
LINK_SHOWN = 600
# Left free in an embed of fields for a title or a footer set after the fields.
FIELDS_RESERVE = 100
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


def highlighted(quote: Quote, limit: int) -> str:
    """The quote, escaped, with matched words in bold, at most `limit` characters."""
    text = quote.text
    length = len(text)
    while True:
        shown = text if length >= len(text) else clip(text, length, markdown=False)
        rendered = _bold_spans(shown, quote.highlights)
        if len(rendered) <= limit or length <= len(ELLIPSIS):
            return clip(rendered, limit)
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
    linked = f"{url}{':~:' if '#' in url else '#:~:'}text={directive}"
    return linked if len(linked) <= LINK_SHOWN else url


def paragraph_link(url: str | None, paragraph: int, quoted: str) -> str:
    """'[¶3](<url#:~:text=...>)', or '¶3' when there is no URL or it is too long to show."""
    label = f"¶{paragraph}"
    if not url:
        return label
    link = fragment_link(url, quoted)
    return f"[{label}](<{link}>)" if len(link) <= LINK_SHOWN else label


def attribution_line(quote: Quote) -> str:
    """'— **Zhang Ming**, *Title*, Publisher, 2019-12-05, [¶3](url#:~:text=...)'.

    A debate's line names the side and its point, then the motion; the bibliography entries
    the quote's footnotes cite follow, one a line.
    """
    who = quote.attribution
    line = attribution_parts(who, SPEAKER_SHOWN)
    parts = [
        f"**{escape(clip(line.speaker, SPEAKER_SHOWN, markdown=False))}**",
        f"*{escape(clip(line.work, WORK_SHOWN, markdown=False))}*",
    ]
    if line.publisher:
        parts.append(escape(clip(line.publisher, PUBLISHER_SHOWN, markdown=False)))
    parts.append(line.date)
    parts.append(paragraph_link(who.url, line.paragraph, quote.text))
    lines = ["— " + ", ".join(parts)]
    lines.extend(
        reference_line(entry, after=f"[{entry.number}]" not in quote.text)
        for entry in quote.references
    )
    if quote.missing:
        lines.append(missing_line(quote.missing))
    return "\n".join(lines)


# How many of the question's words a quote leaves out are named, and the most of each shown.
MISSING_SHOWN = 5
MISSING_WORD_SHOWN = 30


def missing_line(missing: Sequence[str]) -> str:
    """'-# Not in this passage: ~~old~~, ~~salary~~': the question's words the quoted passage
    does not hold (`Quote.missing`), struck through as a search engine shows them; at most
    MISSING_SHOWN, each cut to MISSING_WORD_SHOWN characters."""
    shown = [
        f"~~{escape(clip(word, MISSING_WORD_SHOWN, markdown=False))}~~"
        for word in missing[:MISSING_SHOWN]
    ]
    more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
    return f"-# Not in this passage: {', '.join(shown)}{more}"


def reference_line(entry: Reference, *, after: bool = False) -> str:
    """'-# [4] ITU, ‘Connecting Humanity’, 2020, <url>': a footnote's bibliography entry;
    '-# [4] (next note) ...' when the mark is not in the quote but follows it (`after`:
    `quote.cited_notes`)."""
    described = ", ".join(
        escape(part)
        for part in (entry.author, f"‘{entry.title}’" if entry.title else None, entry.date)
        if part
    ) or escape(clip(entry.text, REFERENCE_SHOWN, markdown=False))
    url = safe_url(entry.url) if entry.url else ""
    link = f" <{url}>" if url and len(url) <= LINK_SHOWN else ""
    mark = f"[{entry.number}] (next note)" if after else f"[{entry.number}]"
    return f"-# {mark} {clip(described, REFERENCE_SHOWN)}{link}"


def answer_embed(answer: Answer) -> discord.Embed:
    """One embed: each quote as a block quote, then who said it; passage ids in the footer.

    Each quote has an equal share of the description; its attribution line takes at most half
    of that share, and the quote the rest, so no quote's source is ever cut off. A question about
    the document itself opens with its details (`answer.facts`)."""
    title = clip(answer.question, limits.EMBED_TITLE, markdown=False)
    facts = escape(clip(answer.facts.sentence(), 1000, markdown=False)) if answer.facts else None
    if facts is not None and not answer.quotes:
        return discord.Embed(title=title, description=facts, colour=ACCENT)
    if answer.abstained or not answer.quotes:
        return discord.Embed(
            title=title,
            description=clip(escape(answer.note or "Nothing in the corpus answers this."), 1000),
            colour=QUIET,
        )
    room = limits.EMBED_DESCRIPTION - (len(facts) + 2 if facts is not None else 0)
    share = (room - 2 * (len(answer.quotes) - 1)) // len(answer.quotes)
    blocks = [] if facts is None else [facts]
    for quote in answer.quotes:
        line = clip(attribution_line(quote), share // 2)
        blocks.append(f"> {highlighted(quote, share - len(line) - 3)}\n{line}")
    description = clip("\n\n".join(blocks), limits.EMBED_DESCRIPTION)
    embed = discord.Embed(title=title, description=description, colour=ACCENT)
    first = answer.offset + 1
    last = answer.offset + len(answer.quotes)
    ids = " · ".join(q.passage_id for q in answer.quotes)
    footer = (
        f"{first}–{last} of {answer.total} · {ids}"
        if last > first
        else f"{first} of {answer.total} · {ids}"
    )
    embed.set_footer(text=clip(footer, limits.FOOTER, markdown=False))
    return embed


def _embed_url(url: str | None) -> str | None:
    """A document's URL as an embed's link, when it is short enough to be one."""
    return url if url and len(url) <= LINK_SHOWN else None


def _titled(head: str, title: str, tail: str = "") -> str:
    """'head + title + tail' within an embed title: the document's title is what gets cut."""
    room = limits.EMBED_TITLE - len(head) - len(tail)
    return head + clip(" ".join(title.split()), room, markdown=False) + tail


def passage_embed(document: Document, passage: Passage, *, focus: bool = True) -> discord.Embed:
    """One paragraph exactly as written, with its attribution."""
    meta = document.meta
    speaker = passage.speaker + (
        f" ({publisher_part(debate_part(passage))})" if passage.voice is Voice.PUBLISHER else ""
    )
    embed = discord.Embed(
        title=_titled("", meta.title, f" — ¶{passage.cited_paragraph} of {len(document.passages)}"),
        description=clip(escape(passage.text), limits.EMBED_DESCRIPTION),
        colour=ACCENT if focus else QUIET,
        url=_embed_url(meta.url),
    )
    embed.add_field(name="Speaker", value=clip(escape(speaker), limits.FIELD_VALUE), inline=True)
    embed.add_field(name="Date", value=date_text(meta.date, meta.year, meta.month), inline=True)
    if meta.publisher:
        embed.add_field(name="Publisher", value=clip(escape(meta.publisher), limits.FIELD_VALUE))
    embed.set_footer(text=passage.id)
    return embed


def context_embed(
    document: Document,
    passages: Sequence[Passage],
    focus_id: str,
    budget: int = limits.EMBEDS_TOTAL,
) -> discord.Embed:
    """The paragraphs around a quote, the quoted one marked, in at most `budget` characters
    (Context shows up to three in one message, which share Discord's 6,000)."""
    title = _titled("Context: ", document.meta.title)
    room = min(limits.EMBED_DESCRIPTION, budget - len(title) - len(focus_id))
    blocks: list[str] = []
    for passage in passages:
        marker = "▶ " if passage.id == focus_id else ""
        speaker = escape(clip(passage.speaker, SPEAKER_SHOWN, markdown=False))
        blocks.append(f"**{marker}¶{passage.cited_paragraph} · {speaker}**\n{escape(passage.text)}")
    per_block = (room - 2 * (len(blocks) - 1)) // max(1, len(blocks))
    description = "\n\n".join(clip(block, per_block) for block in blocks)
    embed = discord.Embed(
        title=title,
        description=clip(description, room),
        colour=QUIET,
        url=_embed_url(document.meta.url),
    )
    embed.set_footer(text=focus_id)
    return embed


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
    # A work dated by its year alone (`DocumentMeta.year`) is cited by the year, as all three
    # styles cite a book; by its month too where it states one ("March 2026" on a paper).
    year = str(meta.year) if meta.year else None
    month = calendar.month_name[meta.month] if year and meta.month else None
    publisher = f"{meta.publisher}, " if meta.publisher else ""
    if style is CitationStyle.MLA:
        # MLA leaves an undated work's date out; APA and Chicago write "n.d." (no date).
        text = f'{meta.author}. "{_closed(meta.title)}" {publisher}'
        text += (
            f"{date.day} {date.strftime('%b')}. {date.year}"
            if date
            else f"{month[:3]}. {year}"
            if month
            else year or ""
        )
        text = text.rstrip(", ")
        text += f", {meta.url}." if meta.url else "" if text.endswith('"') else "."
        return f"{text} Para. {passage.cited_paragraph}."
    if style is CitationStyle.APA:
        when = (
            f"{date.year}, {date.strftime('%B')} {date.day}"
            if date
            else f"{year}, {month}"
            if month
            else year or "n.d."
        )
        text = f"{meta.author}. ({when}). {_closed(meta.title)}"
        text += f" {meta.publisher}." if meta.publisher else ""
        return text + (f" {meta.url}" if meta.url else "")
    if style is CitationStyle.CHICAGO:
        when = (
            f"{date.strftime('%B')} {date.day}, {date.year}"
            if date
            else f"{month} {year}"
            if month
            else year or "n.d."
        )
        text = f'{meta.author}. "{_closed(meta.title)}" {publisher}{when}.'
        return text + (f" {meta.url}." if meta.url else "")
    role = f" ({meta.author_role})" if meta.author_role else ""
    speaker = passage.speaker if passage.voice is not Voice.AUTHOR else f"{meta.author}{role}"
    head = f"{speaker}, {date_text(date, meta.year, meta.month)}, {in_quotes(meta.title)}"
    head += f", {meta.publisher}" if meta.publisher else ""
    head += f", {meta.url}" if meta.url else ""
    body = passage.text if quote is None else quote
    return f"{head}, ¶{passage.cited_paragraph}\n\n{body}"


def code_block(text: str, limit: int = limits.CONTENT) -> str:
    """Text in a code block that cannot be closed early by the text itself."""
    safe = text
    while "```" in safe:  # "````" still holds three together after one pass
        safe = safe.replace("```", "`\u200b``")
    return f"```\n{clip(safe, limit - 8, markdown=False)}\n```"


def _add_fields(embed: discord.Embed, fields: Iterable[tuple[str, str]]) -> int:
    """Add (name, value) fields, each clipped to its limit, while they fit in one embed (25
    fields, 6,000 characters less `FIELDS_RESERVE`); returns how many were added."""
    added = 0
    for name, value in fields:
        name = clip(name.strip() or limits.BLANK, limits.FIELD_NAME, markdown=False)
        value = clip(value.strip() or limits.BLANK, limits.FIELD_VALUE)
        too_long = len(embed) + len(name) + len(value) > limits.EMBEDS_TOTAL - FIELDS_RESERVE
        if len(embed.fields) == limits.FIELDS or too_long:
            break
        embed.add_field(name=name, value=value, inline=False)
        added += 1
    return added


def sources_embed(
    documents: Sequence[Document], bundled: AbstractSet[str] = frozenset()
) -> discord.Embed:
    """The documents with their metadata, as many as fit; the footer says when some do not.
    Those of `bundled` (ids of the documents that come with the bot, listed among a server's
    own) are marked "(bundled)"."""
    embed = discord.Embed(title="Sources", colour=ACCENT)
    if not documents:
        embed.description = "The corpus is empty."
        return embed
    shown = _add_fields(
        embed, (_source_field(document, document.id in bundled) for document in documents)
    )
    if shown < len(documents):
        embed.set_footer(text=f"{shown} of {len(documents)} documents shown")
    return embed


def _others(document: Document) -> str:
    """Who writes in a thread besides its starter (`forms.others_label`), clipped as a speaker
    is; "" for any other document."""
    others = [name for name in participants(document) if name != document.meta.author]
    return escape(clip(others_label(others), SPEAKER_SHOWN, markdown=False))


def _source_field(document: Document, bundled: bool = False) -> tuple[str, str]:
    meta = document.meta
    role = f" ({meta.author_role})" if meta.author_role else ""
    when = date_text(meta.date, meta.year, meta.month)
    # An interview's interviewee first: who says most of what is quoted from it.
    of = (
        f"interview of **{escape(clip(meta.interviewee, SPEAKER_SHOWN, markdown=False))}** "
        if meta.interviewee
        else ""
    )
    lines = [
        f"{of}by **{escape(clip(meta.author, SPEAKER_SHOWN, markdown=False))}**"
        + escape(clip(role, SPEAKER_SHOWN, markdown=False))
        + _others(document),
        f"{kind_label(meta)}, {when}, {len(document.passages)} paragraphs"
        + (" (bundled)" if bundled else ""),
    ]
    if meta.occasion:
        lines.append(f"given at: {escape(clip(meta.occasion, PUBLISHER_SHOWN, markdown=False))}")
    if meta.closed:
        lines.append(f"consultation closed: {meta.closed.isoformat()}")
    if meta.publisher and meta.publisher != meta.author:  # a council's page: named once
        lines.append(escape(clip(meta.publisher, PUBLISHER_SHOWN, markdown=False)))
    if meta.responds_to:
        lines.append(f"responds to: {escape(clip(meta.responds_to, WORK_SHOWN, markdown=False))}")
    if meta.url and len(meta.url) <= LINK_SHOWN:
        lines.append(f"<{safe_url(meta.url)}>")
    lines.append(f"`{meta.id}`")
    return meta.title, "\n".join(lines)


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
        detail = (
            f" — {escape(clip(entry.detail, WORK_SHOWN, markdown=False))}" if entry.detail else ""
        )
        lines.append(
            f"{entry.created_at[:16].replace('T', ' ')} · {who} · {entry.action} {what}{detail}"
        )
    embed.description = clip("\n".join(lines), limits.EMBED_DESCRIPTION)
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


def _source_of(who: Attribution, *, paragraph: bool = False) -> str:
    """'— Speaker, *Title*' (with ', ¶3'), names and title shortened to leave room."""
    speaker = escape(clip(speaker_label(who, SPEAKER_SHOWN), SPEAKER_SHOWN, markdown=False))
    title = escape(clip(who.title, WORK_SHOWN, markdown=False))
    return f"— {speaker}, *{title}*" + (f", ¶{who.paragraph}" if paragraph else "")


def check_embed(result: CheckResult) -> discord.Embed:
    """Verbatim / nearly / not found, with the true wording and the difference."""
    claimed = clip(escape(result.text), 1000)
    who = result.attribution
    if result.verdict is Verdict.VERBATIM and who is not None:
        embed = discord.Embed(
            title="Verbatim: these are the corpus's words", colour=discord.Colour.green()
        )
        embed.description = f"> {claimed}\n{_source_of(who)}" + (
            " (quoted)" if result.quoted else ""
        )
        if result.also:
            others = "\n".join(
                _source_of(other.attribution) + (" (quoted)" if other.quoted else "")
                for other in result.also
            )
            _add_fields(embed, [("Also in", clip(others, limits.FIELD_VALUE))])
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
        source = _source_of(who, paragraph=True)
        wording = clip(escape(result.true_wording or ""), limits.FIELD_VALUE - len(source) - 3)
        fields = [("The text says", f"> {wording}\n{source}")]
        if result.diff:
            fields.append(
                (
                    "Difference ([-yours-] {+the text+})",
                    code_block(result.diff, limits.FIELD_VALUE),
                )
            )
        _add_fields(embed, fields)
    if result.passage_id:
        embed.set_footer(text=clip(result.passage_id, limits.FOOTER, markdown=False))
    return embed


def evidence_embed(items: Sequence[EvidenceItem], title: str) -> discord.Embed:
    """Evidence sentences, one field each, as many as fit; the footer says when some do not."""
    embed = discord.Embed(title=clip(title, limits.EMBED_TITLE, markdown=False), colour=ACCENT)
    if not items:
        embed.description = "No evidence sentences found."
        return embed

    def field(item: EvidenceItem) -> tuple[str, str]:
        kinds = ", ".join(k.value for k in item.kinds)
        value = f"> {clip(escape(item.sentence), 700)}"
        if item.sources:
            value += "\n**Sources:** " + clip(escape("; ".join(item.sources)), 300)
        return f"{item.passage_id} · {item.speaker} · {kinds}", value

    shown = _add_fields(embed, (field(item) for item in items))
    if shown < len(items):
        embed.set_footer(text=f"{shown} of {len(items)} shown")
    return embed


def _quoted_field(quote: Quote, quote_room: int) -> str:
    """A field value: the quote as a block quote, then its attribution, within a field."""
    line = clip(attribution_line(quote), limits.FIELD_VALUE // 2)
    room = min(quote_room, limits.FIELD_VALUE - len(line) - 3)
    return f"> {highlighted(quote, room)}\n{line}"


def clash_embed(topic: str, clashes: Sequence[Clash]) -> discord.Embed:
    embed = discord.Embed(title=_titled("Clash: ", topic), colour=ACCENT)
    if not clashes:
        embed.description = "Neither side of any exchange in the corpus speaks to this."
        return embed
    fields = [
        (side.label, "*(says nothing on this)*" if quote is None else _quoted_field(quote, 700))
        for item in clashes[:4]
        for side, quote in ((item.first, item.first_quote), (item.second, item.second_quote))
    ]
    _add_fields(embed, fields)
    return embed


def rebuttal_embed(rebuttal: Rebuttal) -> discord.Embed:
    """The best counters to an argument: how the argument was placed, then one field a quote."""
    embed = discord.Embed(title=_titled("Counters to: ", rebuttal.argument), colour=ACCENT)
    if not rebuttal.quotes:
        embed.colour = QUIET
        embed.description = (
            "No debate in the corpus argues this, so there is nothing to answer it with."
        )
        return embed
    found = rebuttal.found
    if found is not None and found.side is not None:
        heading = escape(clip(found.heading or "", WORK_SHOWN, markdown=False))
        embed.description = rebuttal.placement(found.side.value, heading)
    else:
        embed.description = "This argument is not in the corpus; the closest debate's answers."
    fields = [
        (quote.attribution.part or quote.attribution.speaker, _quoted_field(quote, 600))
        for quote in rebuttal.quotes
    ]
    _add_fields(embed, fields)
    ids = " · ".join(q.passage_id for q in rebuttal.quotes)
    embed.set_footer(text=clip(ids, limits.FOOTER, markdown=False))
    return embed


def unanswered_embed(document: Document, items: Sequence[Unanswered]) -> discord.Embed:
    embed = discord.Embed(title=_titled("Unanswered in ", document.meta.title), colour=ACCENT)
    if not items:
        embed.description = "The replies in the corpus engage every paragraph."
        return embed
    fields = [
        (
            f"¶{item.passage.cited_paragraph} · {item.passage.speaker} · best reply "
            f"covers {item.coverage:.0%}",
            f"> {escape(item.passage.text)}",
        )
        for item in items
    ]
    shown = _add_fields(embed, fields)
    if shown < len(items):
        embed.set_footer(text=f"{shown} of {len(items)} shown")
    return embed
