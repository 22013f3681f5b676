"""Properties of rendering: no text from a user or the corpus can fake a link or a mention.

Discord renders Markdown (masked links, mentions, bare URLs) in an embed's description and
field values; titles, field names and footers show no links or mentions. So every embed the
bot builds is rendered from hostile text (mentions of every form, masked links, bare URLs,
backticks, Markdown), and what Discord would read in those parts is checked: the only links are
the source's own, and no mention survives unescaped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import discord
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.chat.render import (
    answer_embed,
    check_embed,
    clash_embed,
    code_block,
    context_embed,
    escape,
    evidence_embed,
    passage_embed,
    rebuttal_embed,
    sources_embed,
    unanswered_embed,
)
from bot.engine.check import CheckResult, Verdict
from bot.engine.debate import Clash, EvidenceItem, Side, Unanswered
from bot.engine.evidence import SentenceKind
from bot.engine.models import Document, DocumentMeta, Kind, Passage, Reference, Voice
from bot.engine.models import Side as DebateSide
from bot.engine.rebut import Rebuttal
from bot.engine.results import Answer, Attribution, Quote

SOURCE_URL = "https://example.org/article"
REFERENCE_URL = "https://ref.example/source"
TRUSTED = (SOURCE_URL, REFERENCE_URL)
HOSTILE_PIECES = [
    "@everyone",
    "@here",
    "<@123>",
    "<@!123>",
    "<@&456>",
    "<#789>",
    "</ask:1>",
    "[x](http://evil.example)",
    "[x](<https://evil.example/a>)",
    "https://evil.example/p",
    "<https://evil.example/q>",
    "`",
    "```",
    "**",
    "__",
    "~~",
    "||",
    "> ",
    ">>> ",
    "# ",
    "-# ",
    "\\",
    "\n",
    ":",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "@",
    "\u200b",
    " ",
    ". ",
    "word",
]
hostile = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=6)), min_size=1, max_size=24
).map("".join)
# Discord (simple-markdown) reads a backslash before any character that is not a letter, a
# digit or white space as an escape.
ESCAPED = re.compile(r"\\([^0-9A-Za-z\s])")
MASKED_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?([^)\s>]*)")
BARE_URL = re.compile(r"https?://\S*")
MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|</[^<>]+:\d+>|@everyone|@here")


def as_read(text: str) -> str:
    """The text with every escaped character replaced by a placeholder: what is left is the
    Markdown Discord acts on."""
    return ESCAPED.sub("\x00", text)


def rendered_markdown(embed: discord.Embed) -> Iterator[str]:
    """The parts of an embed where Discord renders links and mentions."""
    if embed.description:
        yield embed.description
    for field in embed.fields:
        if field.value:
            yield field.value


def assert_no_fake_links_or_mentions(*embeds: discord.Embed) -> None:
    for embed in embeds:
        for text in rendered_markdown(embed):
            if text.startswith("```"):
                # A code block shows its text literally, if the text cannot close it early.
                assert text.count("```") == 2 and text.endswith("```"), text
                continue
            read = as_read(text)
            for label, url in MASKED_LINK.findall(read):
                assert url.startswith(TRUSTED) and re.fullmatch(r"¶\d+", label), (label, url)
            for url in BARE_URL.findall(read):
                assert url.startswith(TRUSTED), url
            assert not MENTION.search(read), MENTION.search(read)


# --- building blocks from hostile text ---------------------------------------------------------


@st.composite
def attributions(draw: st.DrawFn) -> Attribution:
    return Attribution(
        speaker=draw(hostile),
        voice=draw(st.sampled_from(Voice)),
        doc_id="doc",
        title=draw(hostile),
        author=draw(hostile),
        author_role=draw(st.none() | hostile),
        publisher=draw(st.none() | hostile),
        date=dt.date(2024, 1, 2),
        paragraph=draw(st.integers(1, 99)),
        url=draw(st.sampled_from([SOURCE_URL, None])),
        kind="op-ed",
        reporting=draw(st.none() | hostile),
        side=None,
        motion=draw(st.none() | hostile),
        part=draw(st.none() | hostile),
    )


@st.composite
def references(draw: st.DrawFn) -> Reference:
    return Reference(
        number=draw(st.integers(1, 999)),
        text=draw(hostile),
        author=draw(st.none() | hostile),
        title=draw(st.none() | hostile),
        date=draw(st.none() | hostile),
        url=draw(st.sampled_from([REFERENCE_URL, None])),
    )


@st.composite
def quotes(draw: st.DrawFn) -> Quote:
    text = draw(hostile)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    highlights = tuple(
        (start, end) for start, end in zip(cuts[::2], cuts[1::2], strict=False) if start < end
    )
    return Quote(
        passage_id="doc:p1",
        passage=text,
        quote_start=0,
        quote_end=len(text),
        score=1.0,
        attribution=draw(attributions()),
        highlights=highlights,
        references=tuple(draw(st.lists(references(), max_size=2))),
    )


@st.composite
def passages(draw: st.DrawFn, number: int = 1) -> Passage:
    text = draw(hostile)
    return Passage(
        id=f"doc:p{number}",
        doc_id="doc",
        number=number,
        start=0,
        end=len(text),
        text=text,
        voice=draw(st.sampled_from(Voice)),
        speaker=draw(hostile),
        sentences=(),
        side=draw(st.none() | st.sampled_from(DebateSide)),
        heading=draw(st.none() | hostile),
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    meta = DocumentMeta(
        id="doc",
        title=draw(hostile),
        author=draw(hostile),
        author_role=draw(st.none() | hostile),
        publisher=draw(st.none() | hostile),
        date=dt.date(2024, 1, 2),
        url=draw(st.sampled_from([SOURCE_URL, None])),
        kind=draw(st.sampled_from(Kind)),
        responds_to=draw(st.none() | hostile),
    )
    paragraphs = tuple(draw(passages(number)) for number in (1, 2, 3))
    return Document(meta, "", "hash", "doc.md", paragraphs)


def plain_attribution(url: str | None) -> Attribution:
    return Attribution(
        speaker="A",
        voice=Voice.AUTHOR,
        doc_id="doc",
        title="T",
        author="A",
        author_role=None,
        publisher=None,
        date=dt.date(2024, 1, 2),
        paragraph=1,
        url=url,
        kind="op-ed",
    )


# --- properties -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_escaped_text_reads_as_written_with_no_markdown_left(text: str) -> None:
    escaped = escape(text)
    read = as_read(escaped)
    assert not re.search(r"[\\*_`~|>#\[\]()<@:-]", read), read
    # What Discord shows: the text as written, with a zero-width space after each "@" and each
    # line break (with the spaces around it) a space, so a quote stays in its block quote.
    flowed = re.sub(r"[ \t]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])[ \t]*", " ", text)
    assert ESCAPED.sub(r"\1", escaped) == flowed.replace("@", "@\u200b")


@settings(max_examples=60, deadline=None)
@given(hostile, st.lists(quotes(), min_size=1, max_size=3), st.booleans(), st.none() | hostile)
def test_answer_embed_links_only_to_the_sources(
    question: str, quoted: list[Quote], abstained: bool, note: str | None
) -> None:
    answer = Answer(question, tuple(quoted), abstained, total=len(quoted), note=note)
    assert_no_fake_links_or_mentions(answer_embed(answer))


@settings(max_examples=40, deadline=None)
@given(documents(), st.integers(0, 2))
def test_passage_context_sources_and_unanswered_embeds_link_only_to_the_sources(
    document: Document, focus: int
) -> None:
    passage = document.passages[focus]
    assert_no_fake_links_or_mentions(
        passage_embed(document, passage),
        context_embed(document, document.passages, passage.id),
        sources_embed([document]),
        unanswered_embed(document, [Unanswered(p, None, 0.1) for p in document.passages]),
    )


@settings(max_examples=60, deadline=None)
@given(
    hostile,
    st.sampled_from(Verdict),
    st.none() | attributions(),
    st.none() | hostile,
    st.none() | hostile,
)
def test_check_embed_links_only_to_the_sources(
    text: str,
    verdict: Verdict,
    who: Attribution | None,
    true_wording: str | None,
    diff: str | None,
) -> None:
    result = CheckResult(text, verdict, "doc:p1", true_wording, 0.8, diff, who)
    assert_no_fake_links_or_mentions(check_embed(result))


@settings(max_examples=50, deadline=None)
@given(
    hostile,
    st.none() | passages(),
    st.lists(quotes(), max_size=3),
    st.integers(0, 3),
    hostile,
    hostile,
)
def test_debate_embeds_link_only_to_the_sources(
    argument: str,
    found: Passage | None,
    quoted: list[Quote],
    linked: int,
    topic: str,
    label: str,
) -> None:
    rebuttal = Rebuttal(argument, found, DebateSide.PROPOSITION, tuple(quoted), linked)
    first, second = Side(label, "op-ed", "doc"), Side(topic, "reply", "doc")
    clashes = [Clash(first, second, q, None) for q in quoted]
    items = [
        EvidenceItem("doc:p1", q.text, (SentenceKind.SOURCE,), (label, topic), label, Voice.AUTHOR)
        for q in quoted
    ]
    assert_no_fake_links_or_mentions(
        rebuttal_embed(rebuttal), clash_embed(topic, clashes), evidence_embed(items, topic)
    )


CODE_BLOCK_BUG = (
    "render.code_block replaces each ``` once, so four backticks (````) leave ``` behind, "
    "which closes the block early: the rest renders as Markdown (links too)"
)


@settings(max_examples=100, deadline=None)
@given(hostile)
@example("````")
def test_code_block_cannot_be_closed_by_its_text(text: str) -> None:
    block = code_block(text)
    assert block.startswith("```\n") and block.endswith("\n```")
    assert block.count("```") == 2


def test_a_pasted_quote_cannot_put_a_link_in_the_difference() -> None:
    """/check and Apps → Check quote show the user's words in the difference field: the
    words below, pasted into /check, make this diff (from the bundled article)."""
    diff = "the European Commission all [-````[found](https://evil.example)-] {+failed to find+}"
    who = plain_attribution(SOURCE_URL)
    result = CheckResult("pasted", Verdict.NEARLY, "doc:p1", "true words", 0.9, diff, who)
    field = check_embed(result).fields[-1]
    assert field.value is not None and "```" not in field.value[3:-3], field.value


# --- a source URL from an article's metadata ------------------------------------------------------


def test_a_source_url_cannot_smuggle_a_second_link() -> None:
    url = "https://example.org/a>)[Log in](https://evil.example/login"
    quote = Quote("doc:p1", "Plain words.", 0, 12, 1.0, plain_attribution(url))
    description = answer_embed(Answer("q", (quote,), False, total=1)).description or ""
    links = MASKED_LINK.findall(as_read(description))
    # One link, to the article's own host; the rest of its url is percent-encoded path.
    assert [label for label, _ in links] == ["¶1"], description
    assert all(url.startswith("https://example.org/") for _, url in links), description
