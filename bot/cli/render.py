"""Engine results -> text for the terminal: the same speaker label and attribution parts as the
Discord embeds (`bot.engine.quote`), laid out as plain lines."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from bot.engine.check import CheckResult, Verdict
from bot.engine.debate import Clash, EvidenceItem, Unanswered
from bot.engine.forms import byline_label, kind_label, participants
from bot.engine.models import Document, date_text
from bot.engine.quote import attribution_parts, speaker_label
from bot.engine.quotemarks import in_quotes
from bot.engine.rebut import Rebuttal
from bot.engine.results import Answer, Attribution, Quote

WIDTH = 88  # columns the quotes are wrapped to


def attribution_text(who: Attribution) -> str:
    """'“Title”, Publisher, 2019-12-05, ¶3': the line under a quote, after the dash."""
    parts = attribution_parts(who)
    return ", ".join(
        part
        for part in (in_quotes(parts.work), parts.publisher, parts.date, f"¶{parts.paragraph}")
        if part
    )


def quote_lines(quote: Quote) -> list[str]:
    """The quote, its footnoted sources, its attribution, link, passage id and score."""
    who = quote.attribution
    body = textwrap.fill(
        in_quotes(quote.text), width=WIDTH, initial_indent="   ", subsequent_indent="    "
    )
    lines = [body]
    lines.extend(
        textwrap.fill(
            f"[{entry.number}]{'' if f'[{entry.number}]' in quote.text else ' (next note)'}"
            f" {entry.text}",
            width=WIDTH,
            initial_indent="     ",
            subsequent_indent="         ",
        )
        for entry in quote.references
    )
    lines.append(f"   — {attribution_text(who)}")
    if quote.missing:
        lines.append(f"   (not in this passage: {', '.join(quote.missing)})")
    if who.url:
        lines.append(f"   {who.url}")
    lines.append(f"   [{quote.passage_id}]  score {quote.score:.2f}")
    return lines


def numbered_quote(number: int, quote: Quote) -> str:
    """'1. <speaker>:' then the quote's lines."""
    speaker = attribution_parts(quote.attribution).speaker
    return "\n".join([f"{number}. {speaker}:", *quote_lines(quote)])


def answer_text(answer: Answer) -> str:
    """Each quote numbered from the answer's offset, or why it abstained."""
    if answer.abstained:
        return answer.note or "Nothing in the corpus answers this."
    parts = [answer.facts.sentence()] if answer.facts is not None else []
    parts.extend(
        numbered_quote(answer.offset + i, quote) for i, quote in enumerate(answer.quotes, start=1)
    )
    return "\n\n".join(parts)


def rebuttal_text(rebuttal: Rebuttal) -> str:
    """How the argument was placed, then the counters, numbered."""
    if not rebuttal.quotes:
        return "No debate in the corpus argues this, so there is nothing to answer it with."
    found = rebuttal.found
    if found is not None and found.side is not None:
        head = rebuttal.placement(found.side.label, found.heading or "")
    else:
        head = "This argument is not in the corpus; the closest debate's answers follow."
    quotes = [numbered_quote(n, quote) for n, quote in enumerate(rebuttal.quotes, start=1)]
    return "\n\n".join([head, *quotes])


def _where(who: Attribution) -> str:
    place = f"¶{who.paragraph} [{who.doc_id}:p{who.paragraph}]"
    return (
        f"{speaker_label(who)}, {in_quotes(who.title)}, "
        f"{date_text(who.date, who.year, who.month)}, {place}"
    )


def check_text(result: CheckResult) -> str:
    """Verbatim (where, and the other places that hold the words, "quoted" where they are in
    quotation marks), nearly (the true wording and the word difference), or not at all."""
    who = result.attribution
    if result.verdict is Verdict.VERBATIM and who is not None:
        # "quoted Jo Park, quoting a spokesperson" says it twice: who is quoted is named.
        said = "quoted" if result.quoted and not who.reporting else "in"
        lines = [f"Verbatim, {said} {_where(who)}:\n  “{result.true_wording}”"]
        lines += [
            f"  Also {'quoted' if other.quoted else 'in'} {_where(other.attribution)}"
            for other in result.also
        ]
        return "\n".join(lines)
    if who is None:
        return "Not in the corpus: no passage is close to these words."
    head = (
        f"Nearly ({result.ratio:.0%} of the words match), in {_where(who)}."
        if result.verdict is Verdict.NEARLY
        else f"Not in the corpus. The closest passage ({result.ratio:.0%} of the words) is "
        f"in {_where(who)}."
    )
    return (
        f"{head}\n  The text says: “{result.true_wording}”\n"
        f"  Difference ([-yours-] {{+the text+}}): {result.diff}"
    )


def evidence_text(items: Sequence[EvidenceItem]) -> str:
    """Each evidence sentence with its passage, speaker, kinds and sources."""
    if not items:
        return "No evidence sentences found."
    blocks = []
    for item in items:
        kinds = ", ".join(k.value for k in item.kinds)
        lines = [
            f"[{item.passage_id}] {item.speaker} ({kinds})",
            textwrap.fill(item.sentence, WIDTH, initial_indent="   “", subsequent_indent="    ")
            + "”",
        ]
        if item.sources:
            lines.append(f"   sources: {'; '.join(item.sources)}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def clash_text(clashes: Sequence[Clash]) -> str:
    """Each exchange: one side's best passage on the topic, then the other's."""
    if not clashes:
        return "Neither side of any exchange in the corpus speaks to this."
    blocks = []
    for item in clashes:
        lines = []
        for side, quote in ((item.first, item.first_quote), (item.second, item.second_quote)):
            lines.append(f"{side.label}:")
            lines.extend(quote_lines(quote) if quote else ["   (nothing on this)"])
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def unanswered_text(items: Sequence[Unanswered]) -> str:
    """The paragraphs no reply engages, with the best reply's coverage."""
    if not items:
        return "The replies engage every paragraph."
    blocks = []
    for item in items:
        coverage = f"best reply coverage {item.coverage:.0%}"
        text = textwrap.fill(
            item.passage.text, WIDTH, initial_indent="   ", subsequent_indent="   "
        )
        blocks.append(f"[{item.passage.id}] {item.passage.speaker} ({coverage})\n{text}")
    return "\n".join(blocks)


def sources_text(documents: Sequence[Document], bundled: AbstractSet[str] = frozenset()) -> str:
    """Each document: id, kind (its form where one was recognised: `forms.kind_label`), date,
    paragraphs, "(bundled)" for those of `bundled` (ids of the documents that come with the
    bot, listed among a server's own); title and whose it is (`forms.byline_label`); where a
    speech was given; when a consultation closed; what it responds to; link."""
    if not documents:
        return "The corpus is empty: `debate-bot ingest PATH` adds articles."
    lines = []
    for document in documents:
        m = document.meta
        when = date_text(m.date, m.year, m.month)
        mark = " (bundled)" if m.id in bundled else ""
        lines.append(f"{m.id}  [{kind_label(m)}, {when}, {len(document.passages)} ¶]{mark}")
        # A council's own page is its author and its publisher: named once.
        publisher = m.publisher if m.publisher and m.publisher != m.author else None
        lines.append(
            f"    {in_quotes(m.title)}{',' if m.interviewee else ''} "
            + byline_label(m, [name for name in participants(document) if name != m.author])
            + (f", {publisher}" if publisher else "")
        )
        if m.occasion:
            lines.append(f"    given at: {m.occasion}")
        if m.closed:
            lines.append(f"    consultation closed: {m.closed.isoformat()}")
        if m.responds_to:
            lines.append(f"    responds to: {m.responds_to}")
        if m.url:
            lines.append(f"    {m.url}")
    return "\n".join(lines)
