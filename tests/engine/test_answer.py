from __future__ import annotations

import datetime

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.models import QuestionError, Voice
from bot.engine.text import fold
from tests.conftest import written_article

SEED = "security-first-or-america-first"


def test_reply_evidence_is_quoted_from_der_tagesspiegel_and_attributed_to_zhang_ming(
    seed_engine: AnswerEngine,
) -> None:
    answer = seed_engine.answer("what evidence does the reply cite?")
    assert not answer.abstained
    first = answer.quotes[0]
    assert first.text.startswith("Der Tagesspiegel stated in May")
    assert first.attribution.speaker == "Zhang Ming"
    assert first.attribution.voice is Voice.AUTHOR
    assert first.attribution.paragraph == 3
    assert first.passage_id == f"{SEED}:p3"


def test_the_publishers_framing_is_attributed_to_the_publisher(seed_engine: AnswerEngine) -> None:
    answer = seed_engine.answer("Which website ran Pompeo's op-ed?")
    first = answer.quotes[0]
    assert "Politico website" in first.text
    assert first.attribution.voice is Voice.PUBLISHER
    assert first.attribution.speaker.startswith("Mission of the People")
    assert first.attribution.speaker != "Zhang Ming"


def test_every_quote_is_a_verbatim_substring_of_its_passage_and_the_corpus(
    seed_engine: AnswerEngine,
) -> None:
    body = seed_engine.collection.documents[SEED].body
    for question in [
        "what did Pompeo accuse China of?",
        "how does the ambassador answer the backdoor charge?",
        "what does the ambassador say about open markets?",
        "why will decoupling not work?",
    ]:
        answer = seed_engine.answer(question, k=5)
        assert answer.quotes, question
        for quote in answer.quotes:
            assert quote.text in quote.passage
            assert quote.passage in body
            assert quote.text == quote.text.strip()


def test_attribution_carries_document_metadata(seed_engine: AnswerEngine) -> None:
    who = seed_engine.answer("decoupling 5G network").quotes[0].attribution
    assert who.title == "Security First or America First?"
    assert who.author == "Zhang Ming"
    assert who.publisher == "Mission of the People's Republic of China to the European Union"
    assert who.date.isoformat() == "2019-12-05"
    assert who.url is not None and who.url.startswith("http://eu.china-mission.gov.cn/")


def test_the_quote_is_the_best_sentence_not_the_whole_paragraph(seed_engine: AnswerEngine) -> None:
    quote = seed_engine.answer("what does the ambassador say about open markets?").quotes[0]
    assert quote.text == "Europe takes pride in multilateralism and upholds open markets."
    assert len(quote.text) < len(quote.passage)
    highlighted = {fold(quote.text[s:e]).lower() for s, e in quote.highlights}
    assert {"open", "markets"} <= highlighted


@pytest.mark.parametrize(
    "question",
    [
        "what is the capital of France?",
        "what did Pompeo say about the weather?",
        "how many goals did the team score last season?",
    ],
)
def test_questions_the_corpus_cannot_answer_abstain(
    seed_engine: AnswerEngine, question: str
) -> None:
    answer = seed_engine.answer(question)
    assert answer.abstained
    assert answer.quotes == ()
    assert answer.note


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "\x00\x07"])
def test_empty_questions_get_a_clear_error(seed_engine: AnswerEngine, question: str) -> None:
    with pytest.raises(QuestionError, match="empty"):
        seed_engine.answer(question)


def test_over_long_questions_get_a_clear_error(seed_engine: AnswerEngine) -> None:
    with pytest.raises(QuestionError, match="limit is 500"):
        seed_engine.answer("why " * 200)


def test_more_results_continue_where_the_first_page_ended(seed_engine: AnswerEngine) -> None:
    first = seed_engine.answer("Pompeo China security", k=2)
    second = seed_engine.answer("Pompeo China security", k=2, offset=2)
    assert first.total == second.total >= 3
    first_ids = [q.passage_id for q in first.quotes]
    assert not set(first_ids) & {q.passage_id for q in second.quotes}


def test_restricting_to_a_document_only_quotes_that_document(full_engine: AnswerEngine) -> None:
    other_ids = [doc_id for doc_id in full_engine.collection.documents if doc_id != SEED]
    assert other_ids, "the test articles are missing"
    answer = full_engine.answer("security", k=5, doc_id=SEED)
    assert answer.quotes
    assert {q.attribution.doc_id for q in answer.quotes} == {SEED}


def test_json_shape_is_stable(seed_engine: AnswerEngine) -> None:
    payload = seed_engine.answer("what evidence does the reply cite?", k=1).to_json()
    assert set(payload) == {"question", "abstained", "answers", "document"}
    (item,) = payload["answers"]  # type: ignore[misc]
    assert set(item) == {
        "passage_id",
        "doc_id",
        "title",
        "speaker",
        "voice",
        "role",
        "reporting",
        "quoting",
        "author",
        "publisher",
        "date",
        "year",
        "paragraph",
        "url",
        "quote",
        "passage",
        "score",
        # debates (null / empty for articles)
        "side",
        "motion",
        "part",
        "references",
        "also_in",
        "missing",
    }
    assert item["side"] is None and item["references"] == []
    assert item["date"] == "2019-12-05"
    assert item["year"] == 2019
    assert isinstance(item["score"], float)


@pytest.mark.parametrize(
    "question",
    [
        "what evidence does the reply cite?",
        "what did Pompeo accuse China of?",
        "how does the ambassador answer the backdoor charge?",
        "which agency in Germany checked Huawei?",
    ],
)
def test_highlights_lie_inside_the_quote_and_mark_query_words(
    seed_engine: AnswerEngine, question: str
) -> None:
    wanted = set(seed_engine.query(question).terms)  # the question's words and their stand-ins
    for quote in seed_engine.answer(question, k=5).quotes:
        for start, end in quote.highlights:
            assert 0 <= start < end <= len(quote.text)
            assert set(seed_engine.analyser.terms(quote.text[start:end])) <= wanted


def test_a_reply_to_a_named_op_ed_is_the_reply_not_the_op_ed(full_engine: AnswerEngine) -> None:
    # "the reply" names two documents here; "the councillor" says which one is meant.
    answer = full_engine.answer("what does the reply say councillor whitlock claims")
    top = answer.quotes[0]
    assert top.attribution.doc_id == "car-free-centre-reply"
    assert top.attribution.speaker == "Gwen Pellow"
    assert "Councillor Whitlock claims" in top.text


def test_who_wrote_a_document_is_answered_from_its_introduction(full_engine: AnswerEngine) -> None:
    top = full_engine.answer("who wrote the reply to the councillor?").quotes[0]
    assert top.passage_id == "car-free-centre-reply:p1"
    assert top.attribution.speaker == "Marlow Bay Evening Post"
    assert "Gwen Pellow" in top.text


def test_a_named_document_bounds_the_answer(full_engine: AnswerEngine) -> None:
    answer = full_engine.answer("what proof does the ambassador actually offer?", k=5)
    assert {q.attribution.doc_id for q in answer.quotes} == {"security-first-or-america-first"}
    assert any("Der Tagesspiegel" in q.text or "PRISM" in q.text for q in answer.quotes)
    assert full_engine.answer("does the ambassador say anything about tiktok").abstained


def test_how_many_wants_a_figure_of_what_it_counts(full_engine: AnswerEngine) -> None:
    counted = full_engine.answer("how many shops closed in brackford?").quotes[0]
    assert any(char.isdigit() for char in counted.text)
    # Harbour Street's daily count is of vehicles; nothing counts cyclists.
    assert full_engine.answer("how many cyclists use harbour street each day").abstained


def test_a_named_transcript_speaker_is_preferred(full_engine: AnswerEngine) -> None:
    answer = full_engine.answer("does price think the halden study is wrong")
    assert answer.quotes[0].attribution.speaker == "Gareth Price"
    # The moderator's question names Price too, but it is not Price's view.
    assert answer.quotes[0].attribution.speaker != "Moderator"


def test_a_speaker_label_is_not_mistaken_for_a_cited_source(full_engine: AnswerEngine) -> None:
    top = full_engine.answer("which study does dr oyelaran cite").quotes[0]
    assert "Halden Institute" in top.text
    assert not top.text.startswith("DR. MIRIAM OYELARAN:")


def test_the_sources_the_reply_cites_are_named(seed_engine: AnswerEngine) -> None:
    from bot.engine.debate import list_evidence
    from bot.engine.evidence import SentenceKind

    items = list_evidence(seed_engine, "security-first-or-america-first")
    sources = {name for item in items for name in item.sources}
    assert {
        "Der Tagesspiegel",
        "UK government",
        "Germany's Federal Office for Information Security",
        "European Commission",
        "PRISM",
    } <= sources
    # The people the article is about are not its sources.
    assert not sources & {"Pompeo", "Mike Pompeo", "Zhang Ming"}
    assert all(item.voice.value == "author" for item in items if "PRISM" in item.sources)
    assert any(SentenceKind.SOURCE in item.kinds for item in items)


@pytest.mark.parametrize(
    ("question", "asked", "value"),
    [
        ("who wrote the op-ed the reply answers?", "author", "Mike Pompeo"),
        ("when was the op-ed published?", "date", "2019-12-02"),
        ("where did the op-ed appear?", "venue", "Politico"),
        ("what is the op-ed called?", "title", "Europe must put security first with 5G"),
    ],
)
def test_questions_about_the_work_a_reply_answers_are_answered_from_its_responds_to(
    seed_engine: AnswerEngine, question: str, asked: str, value: str
) -> None:
    answer = seed_engine.answer(question)
    assert answer.facts is not None
    assert (answer.facts.asked, answer.facts.value) == (asked, value)
    assert answer.facts.via is not None and "responds to" in answer.facts.via
    # The reply's own author is still the answer about the reply.
    reply = seed_engine.answer("who wrote the reply?").facts
    assert reply is not None and reply.value == "Zhang Ming" and reply.via is None


def test_the_work_a_reply_answers_is_read_from_responds_to_only_in_its_own_form() -> None:
    from bot.engine.results import answered_work

    assert answered_work('Jo Park, "Close the Quay", Harbour Times, 2024-03-01') == (
        "Jo Park",
        "Close the Quay",
        "Harbour Times",
        datetime.date(2024, 3, 1),
    )
    assert answered_work("car-free-centre-op-ed") is None  # a document id
    assert answered_work('Jo Park, "Close the Quay", 2024-13-40') is None  # no such date


@pytest.mark.parametrize(
    ("question", "author"),
    [
        ("who wrote the op-ed the reply answers?", "Dara Whitlock"),
        ("who wrote the reply to the op-ed?", "Gwen Pellow"),
        ("who wrote the reply that responds to the councillor", "Gwen Pellow"),
    ],
)
def test_the_document_a_question_names_first_is_the_one_asked_about(
    full_engine: AnswerEngine, question: str, author: str
) -> None:
    # The op-ed the traders' reply answers is in this corpus: its own details answer.
    facts = full_engine.answer(question).facts
    assert facts is not None and facts.value == author and facts.via is None


def test_a_question_of_punctuation_is_told_it_has_no_words(seed_engine: AnswerEngine) -> None:
    answer = seed_engine.answer("?!?")
    assert answer.abstained and answer.note is not None
    assert "no words to search for" in answer.note and "names of documents" not in answer.note


def test_an_empty_corpus_says_so_rather_than_that_nothing_answers() -> None:
    answer = AnswerEngine([]).answer("what did the ambassador say about huawei?")
    assert answer.abstained and answer.note is not None and "corpus is empty" in answer.note


def test_a_question_about_the_author_of_a_named_document_looks_where_the_author_is_named() -> None:
    article = written_article(
        "night-ferries",
        "The night ferries return on Monday, the harbour board said.\n\n"
        "The ferry school teaches deckhands to tie knots, and teaches them again every spring.\n\n"
        "Tomas Berg teaches maritime law at the Harbour College.",
        title="Night ferries return",
        author="Tomas Berg",
    )
    engine = AnswerEngine([article])
    answer = engine.answer("where does the author of 'night ferries return' teach?")
    assert answer.quotes[0].text == "Tomas Berg teaches maritime law at the Harbour College."
