"""Rendering answers for Discord: limits, escaping, links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.limits import EMBED_DESCRIPTION, EMBEDS_TOTAL, clip
from bot.chat.render import (
    CitationStyle,
    answer_embed,
    attribution_line,
    check_embed,
    citation,
    escape,
    fragment_link,
)
from bot.engine.answer import AnswerEngine
from bot.engine.check import CheckResult, Occurrence, Verdict
from bot.engine.models import Document, Role, Voice
from bot.engine.results import Answer, Attribution, Quote


def quote_of(text: str, highlights: tuple[tuple[int, int], ...] = ()) -> Quote:
    who = Attribution(
        speaker="A. Speaker",
        voice=Voice.AUTHOR,
        doc_id="doc",
        title="[Title](https://evil.example)",
        author="A. Speaker",
        author_role=None,
        publisher="P",
        date=dt.date(2024, 1, 2),
        paragraph=1,
        url="https://example.org/a",
        kind="op-ed",
    )
    return Quote("doc:p1", text, 0, len(text), 1.0, who, highlights)


def test_clip_cuts_at_a_sentence_end_and_marks_the_cut() -> None:
    text = "First sentence here. Second sentence is longer than the rest. Third."
    assert clip(text, 30) == "First sentence here.…"
    assert clip(text, 200) == text
    assert len(clip("word " * 100, 50)) <= 50


def test_markdown_and_mentions_in_corpus_text_are_neutralised() -> None:
    rendered = escape("**bold** [click](https://evil.example) @everyone <@123> > quote")
    assert "**bold**" not in rendered
    assert "](" not in rendered
    assert "@everyone" not in rendered
    assert "<@123>" not in rendered


def test_a_quote_cannot_fake_a_link_in_the_embed() -> None:
    answer = Answer("q", (quote_of("See [proof](https://evil.example) now."),), False, total=1)
    description = answer_embed(answer).description or ""
    # The only link is the attribution's own, to the source URL.
    links = re.findall(r"\]\(<?(https?://[^)>]+)", description)
    assert links and all(link.startswith("https://example.org/a") for link in links)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=3000), st.integers(1, 5))
def test_answer_embeds_fit_discords_limits(text: str, count: int) -> None:
    text = text.strip() or "x"
    quotes = tuple(quote_of(text * 3, ((0, min(3, len(text))),)) for _ in range(count))
    embed = answer_embed(Answer("q" * 400, quotes, False, total=count))
    assert len(embed.description or "") <= EMBED_DESCRIPTION
    assert len(embed.title or "") <= 256
    assert len(embed) <= EMBEDS_TOTAL


def test_matched_words_are_bold(seed_engine: AnswerEngine) -> None:
    answer = seed_engine.answer("what does the ambassador say about open markets?", k=1)
    description = answer_embed(answer).description or ""
    assert "**open** **markets**" in description


def test_fragment_links_scroll_to_the_quote_and_encode_fragment_syntax() -> None:
    link = fragment_link("https://example.org/a", "cold-war mentality, in Europe & beyond")
    assert link == (
        "https://example.org/a#:~:text=cold%2Dwar%20mentality%2C%20in%20Europe%20%26%20beyond"
    )
    long = fragment_link("https://example.org/a#top", " ".join(f"w{i}" for i in range(20)))
    assert long == "https://example.org/a#top:~:text=w0%20w1%20w2%20w3,w16%20w17%20w18%20w19"


def test_citations_carry_author_title_date_and_url(seed_document: Document) -> None:
    passage = seed_document.passages[2]
    mla = citation(seed_document, passage, CitationStyle.MLA)
    assert mla.startswith('Zhang Ming. "Security First or America First?" Mission of')
    assert "5 Dec. 2019" in mla and "Para. 3." in mla
    apa = citation(seed_document, passage, CitationStyle.APA)
    assert "(2019, December 5)" in apa
    card = citation(seed_document, passage, CitationStyle.CARD)
    assert card.startswith(
        "Zhang Ming (Ambassador, Head of the Chinese Mission to the EU), 2019-12-05"
    )
    assert passage.text in card


def test_a_document_of_unknown_date_is_cited_without_one(seed_document: Document) -> None:
    undated = seed_document.replaced(meta=seed_document.meta.model_copy(update={"date": None}))
    passage = undated.passages[2]
    mla = citation(undated, passage, CitationStyle.MLA)
    assert "Dec. 2019" not in mla and "None" not in mla and ", ," not in mla
    assert mla.endswith("Para. 3.")
    assert "(n.d.)." in citation(undated, passage, CitationStyle.APA)
    assert " n.d." in citation(undated, passage, CitationStyle.CHICAGO)
    assert "date unknown" in citation(undated, passage, CitationStyle.CARD)
    who = dataclasses.replace(quote_of("The words.").attribution, date=None)
    line = attribution_line(dataclasses.replace(quote_of("The words."), attribution=who))
    assert "date unknown" in line and "None" not in line


def test_a_document_dated_by_its_year_alone_is_cited_by_the_year(seed_document: Document) -> None:
    meta = seed_document.meta.model_copy(update={"date": None, "year": 1998})
    dated = seed_document.replaced(meta=meta)
    passage = dated.passages[2]
    mla = citation(dated, passage, CitationStyle.MLA)
    assert "1998" in mla and "None" not in mla and mla.endswith("Para. 3.")
    assert "(1998)." in citation(dated, passage, CitationStyle.APA)
    assert " 1998." in citation(dated, passage, CitationStyle.CHICAGO)
    assert ", 1998, “" in citation(dated, passage, CitationStyle.CARD)
    who = dataclasses.replace(quote_of("The words.").attribution, date=None, year=1998)
    line = attribution_line(dataclasses.replace(quote_of("The words."), attribution=who))
    assert ", 1998, " in line and "date unknown" not in line


def test_a_hard_wrapped_quote_stays_inside_its_block_quote() -> None:
    text = "The crews walked out at dawn, and the pharmacy ran short\nof insulin by Wednesday."
    start = text.index("pharmacy")
    answer = Answer("q", (quote_of(text, ((start, start + 8),)),), False, total=1)
    description = answer_embed(answer).description or ""
    quoted = description.split("\n")[0]
    assert quoted.startswith("> ") and "short of insulin by Wednesday" in quoted
    assert "**pharmacy**" in quoted

    checked = check_embed(
        CheckResult(
            "ran short of insulin",
            Verdict.NEARLY,
            "doc:p1",
            "ran short\nof insulin",
            0.9,
            None,
            quote_of(text).attribution,
        )
    )
    field = checked.fields[0].value or ""
    assert field.startswith("> ran short of insulin\n— ")


def test_the_attribution_line_says_whose_words_and_keeps_the_quoted_person_when_long() -> None:
    who = dataclasses.replace(
        quote_of("Archives are never neutral.").attribution,
        speaker="Jo Park",
        author="Jo Park",
        author_role="Keeper of the Municipal Records " * 6,
        reporting="Mary Quill",
        quoting=True,
    )
    quote = Quote("doc:p2", "Archives are never neutral.", 0, 27, 1.0, who)
    line = attribution_line(quote)
    assert line.startswith("— **Jo Park, quoting Mary Quill**")
    letter = dataclasses.replace(who, speaker="Ruth Okafor", role=Role.LETTER_WRITER)
    line = attribution_line(dataclasses.replace(quote, attribution=letter))
    assert "a reader, letter to the editor, signed Ruth Okafor, quoting Mary Quill" in line


def test_the_question_s_words_a_quote_leaves_out_are_shown_struck_and_escaped() -> None:
    quote = dataclasses.replace(
        quote_of("The mayor died in 2010."), missing=("old", "**x**", *"abcdef")
    )
    description = answer_embed(Answer("how old was she?", (quote,), False, total=1)).description
    assert description is not None
    line = next(line for line in description.splitlines() if "Not in this passage" in line)
    assert line.startswith("-# Not in this passage: ~~old~~")
    assert "**x**" not in line  # a word of the question is text, not markup
    assert line.endswith("and 3 more")
    whole = answer_embed(Answer("q", (quote_of("All here."),), False, total=1)).description
    assert whole is not None and "Not in this passage" not in whole


def test_a_verbatim_check_lists_the_other_places_and_marks_quoted_ones() -> None:
    who = quote_of("the town would never again be caught unprepared").attribution
    checked = check_embed(
        CheckResult(
            "would never again be caught unprepared",
            Verdict.VERBATIM,
            "doc:p1",
            "would never again be caught unprepared",
            1.0,
            None,
            who,
            also=(Occurrence("essay:p4", who, True),),
        )
    )
    assert checked.description is not None and not checked.description.endswith("(quoted)")
    assert [field.name for field in checked.fields] == ["Also in"]
    assert (checked.fields[0].value or "").endswith("(quoted)")
