"""The quoting stage: the best span of a passage, and who says it."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.models import Voice
from bot.engine.quote import attribution

SEED = "security-first-or-america-first"


def test_the_best_span_is_the_sentence_that_matches_not_the_paragraph(
    seed_engine: AnswerEngine,
) -> None:
    passage = seed_engine.collection.passage_by_id[f"{SEED}:p3"]
    query = seed_engine.query("der tagesspiegel")
    start, end = seed_engine.quoter.best_span(passage, query)
    assert (start, end) in passage.sentences or end - start < len(passage.text)
    assert passage.text[start:end].startswith("Der Tagesspiegel stated in May")


def test_a_quote_is_a_span_of_its_passage_with_highlights_inside(
    seed_engine: AnswerEngine,
) -> None:
    passage = seed_engine.collection.passage_by_id[f"{SEED}:p3"]
    quote = seed_engine.quote_passage(passage, seed_engine.query("backdoor in huawei"), 1.0)
    assert passage.text[quote.quote_start : quote.quote_end] == quote.text
    assert quote.highlights
    for start, end in quote.highlights:
        assert 0 <= start < end <= len(quote.text)
        assert quote.text[start:end].lower() in {"backdoor", "huawei"}


def test_the_attribution_names_the_voice_of_the_paragraph(seed_engine: AnswerEngine) -> None:
    document = seed_engine.collection.documents[SEED]
    introduction, reply = document.passages[0], document.passages[2]
    framing = attribution(document.meta, introduction)
    assert framing.voice is Voice.PUBLISHER
    assert framing.speaker == document.meta.publisher
    own = attribution(document.meta, reply)
    assert (own.voice, own.speaker, own.paragraph) == (Voice.AUTHOR, "Zhang Ming", 3)
    assert own.date == document.meta.date and own.url == document.meta.url


def test_a_quote_that_reports_someone_says_whom(seed_engine: AnswerEngine) -> None:
    answer = seed_engine.answer("what did pompeo claim about huawei?")
    assert any(q.attribution.reporting == "Mike Pompeo" for q in answer.quotes)
