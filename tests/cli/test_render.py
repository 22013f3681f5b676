"""The terminal renderer (bot/cli/render.py) names speakers and sources in the same words as the
Discord embeds: both format from the engine's quote stage."""

from __future__ import annotations

from bot.chat.render import attribution_line, escape
from bot.cli.render import answer_text, numbered_quote, rebuttal_text
from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import read_article
from bot.engine.models import Document
from bot.engine.quote import attribution_parts
from bot.engine.rebut import Rebuttal, rebut
from bot.engine.tuning import AnswerSettings
from tests.conftest import BUNDLED, DEBATE_ID


def test_the_terminal_and_discord_give_the_same_speaker_and_source(
    seed_engine: AnswerEngine,
) -> None:
    for question in ("what evidence does the reply cite?", "Which website ran Pompeo's op-ed?"):
        quote = seed_engine.answer(question).quotes[0]
        parts = attribution_parts(quote.attribution)
        terminal = numbered_quote(1, quote)
        on_discord = attribution_line(quote)
        assert terminal.startswith(f"1. {parts.speaker}:\n")
        assert on_discord.startswith(f"— **{escape(parts.speaker)}**, *{escape(parts.work)}*")
        source = [f"“{parts.work}”", parts.date, f"¶{parts.paragraph}"]
        if parts.publisher:
            source.insert(1, parts.publisher)
            assert escape(parts.publisher) in on_discord
        assert f"   — {', '.join(source)}" in terminal


def test_an_answer_is_numbered_from_its_offset(seed_document: Document) -> None:
    # Every passage that matched is shown (no share of the first's score cuts the page short).
    engine = AnswerEngine([seed_document], settings=AnswerSettings(secondary_min_share=0))
    answer = engine.answer("what does the ambassador say about 5G security?", 2, offset=2)
    text = answer_text(answer)
    assert text.startswith("3. ") and "\n\n4. " in text


def test_an_argument_no_debate_makes_gets_one_line() -> None:
    empty = Rebuttal("the moon is cheese", None, None, (), 0)
    assert rebuttal_text(empty) == (
        "No debate in the corpus argues this, so there is nothing to answer it with."
    )


def test_a_reworded_argument_says_which_point_it_was_taken_for() -> None:
    engine = AnswerEngine([read_article(BUNDLED / f"{DEBATE_ID}.md")])
    rebuttal = rebut(engine, "states could never deliver what a right to access promises")
    assert rebuttal.reworded and rebuttal.found is not None
    head = rebuttal_text(rebuttal).split("\n\n")[0]
    assert head == (
        f"The closest point is the Opposition's point “{rebuttal.found.heading}” (its title says "
        "this in other words); the other side's answer to it comes first."
    )
    pasted = rebut(engine, rebuttal.found.heading or "")
    assert rebuttal_text(pasted).startswith("This is the Opposition's point")


def test_a_note_after_the_quote_is_shown_as_the_next_note() -> None:
    from bot.chat.render import attribution_line

    engine = AnswerEngine([read_article(BUNDLED / f"{DEBATE_ID}.md")])
    quote = engine.answer("why would building networks to remote villages cost so much?").quotes[0]
    (entry,) = quote.references
    assert f"[{entry.number}]" not in quote.text  # the paragraph's note comes after the quote
    assert f"[{entry.number}] (next note) " in "\n".join(numbered_quote(1, quote).splitlines())
    assert f"-# [{entry.number}] (next note) " in attribution_line(quote)


def test_a_page_whose_author_is_its_publisher_names_it_once_in_sources() -> None:
    from bot.cli.render import sources_text
    from bot.engine.formats.upload import UploadDetails, document_from_upload

    page = (
        "<html><head><title>Parking permits: your questions | Rowanford Borough Council</title>"
        '<meta property="og:site_name" content="Rowanford Borough Council"></head><body>'
        "<article><h1>Parking permits: your questions</h1><h2>Who can get a permit?</h2>"
        "<p>Any resident of a permit zone can apply for up to two permits for their household."
        "</p><p>Visitor permits are sold in books of ten and are valid for one day each.</p>"
        "</article></body></html>"
    )
    document = document_from_upload(
        page.encode(), "permits.html", UploadDetails(), isolated=True
    ).document
    assert document.meta.author == document.meta.publisher == "Rowanford Borough Council"
    line = sources_text([document]).splitlines()[1]
    assert line.endswith("by Rowanford Borough Council")
