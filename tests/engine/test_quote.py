"""The quoting stage: the best span of a passage, and who says it."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import read_article
from bot.engine.models import Voice
from bot.engine.quote import attribution, attribution_parts, speaker_label
from bot.engine.rebut import rebut
from tests.conftest import BUNDLED, DEBATE_ID

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


def test_the_speaker_label_names_role_framing_and_reported_words(
    seed_engine: AnswerEngine,
) -> None:
    author = seed_engine.answer("what evidence does the reply cite?").quotes[0].attribution
    framing = seed_engine.answer("Which website ran Pompeo's op-ed?").quotes[0].attribution
    assert speaker_label(author) == "Zhang Ming, Ambassador, Head of the Chinese Mission to the EU"
    assert speaker_label(framing).startswith(
        "Mission of the People's Republic of China to the European Union (publisher's introduction)"
    )
    assert speaker_label(framing).endswith(", reporting Mike Pompeo")
    parts = attribution_parts(framing)
    assert parts.publisher is None  # the publisher speaks: named once, as the speaker
    assert (parts.work, parts.date, parts.paragraph) == (
        "Security First or America First?",
        "2019-12-05",
        1,
    )
    assert attribution_parts(author).publisher == framing.publisher


def test_a_debate_passage_is_named_by_its_point_and_motion() -> None:
    debate = AnswerEngine([read_article(BUNDLED / f"{DEBATE_ID}.md")])
    rebuttal = rebut(debate, "States cannot afford to guarantee a connection to everyone", 1)
    who = rebuttal.quotes[0].attribution
    parts = attribution_parts(who)
    assert parts.speaker == who.part and parts.speaker.startswith(who.speaker)
    assert parts.work == who.motion
