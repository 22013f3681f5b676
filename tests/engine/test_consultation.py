"""A consultation response and a reply to a committee: each restates what it answers (the
consultation's question, the committee's recommendation) before answering it, and the answer
is what a reader asks for."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article
from tests.conftest import written_article

RESPONSE = written_article(
    "ferry-response",
    "Response of the Harbour Traders' Guild to the consultation on ferry fares\n\n"
    "Consultation question 1\n\n"
    "Do you agree that the peak ferry fare should rise to four pounds from next April?\n\n"
    "No. Our members accept that fares must rise, but a rise of a third in one step would "
    "empty the morning boats; we propose three pounds next April and four a year later.\n\n"
    "Consultation question 2\n\n"
    "Should season tickets be sold by the month as well as by the year?\n\n"
    "Yes, and at no more than a tenth of the yearly price.",
)

REPLY = parse_article(
    b"---\nid: minister-reply\ntitle: Reply to the Transport Committee\nauthor: Ines Varga\n"
    b"date: 2024-06-21\nkind: letter\n---\n\n"
    b"Thank you for your Committee's report on the harbour ferries.\n\n"
    b"Your Committee recommended that the ferry subsidy be doubled from next year, so that the "
    b"morning and evening crossings can run every half hour through the winter months. I have "
    b"considered this carefully, but it will stay as it is until the new boats are in service. "
    b"The Department will review it in 2026.\n",
    "minister-reply.md",
)


def test_the_paragraph_after_a_consultation_question_answers_it() -> None:
    engine = AnswerEngine([RESPONSE])
    answer = engine.answer("how do the traders respond to the rise in the peak ferry fare?")
    assert answer.quotes[0].passage.startswith("No. Our members accept that fares must rise")
    # The question paragraph only asks: it answers nothing, so it is not quoted.
    assert not any(q.text.startswith("Do you agree that the peak") for q in answer.quotes)


def test_a_question_asking_what_was_asked_still_gets_the_question() -> None:
    engine = AnswerEngine([RESPONSE])
    answer = engine.answer("what did the consultation ask about the peak ferry fare?")
    assert answer.quotes[0].text.startswith("Do you agree that the peak ferry fare")


def test_a_restated_recommendation_is_quoted_with_the_sentence_that_answers_it() -> None:
    engine = AnswerEngine([REPLY])
    answer = engine.answer("will the ferry subsidy be doubled as the committee recommended?")
    quoted = answer.quotes[0].text
    assert quoted.startswith("Your Committee recommended that the ferry subsidy be doubled")
    assert quoted.endswith("until the new boats are in service.")


STORY = written_article(
    "quay-story",
    "The council will rebuild the quay wall this summer, at a cost of two million pounds.\n\n"
    '"The wall has been crumbling for a decade, and the fishing boats cannot wait another '
    'winter," said Dr. Ama Mensah, the harbour engineer.\n\n'
    "Traders on the quay asked for the market to stay open during the works.",
)


def test_a_person_reported_but_not_on_the_topic_asked_is_said_so() -> None:
    engine = AnswerEngine([STORY])
    silent = engine.answer("what did Ama Mensah say about the market?")
    assert silent.abstained and not silent.quotes
    assert silent.note is not None
    assert silent.note.startswith("Ama Mensah is reported in the corpus, but not on the market")
    said = engine.answer("what did Ama Mensah say about the fishing boats?")
    assert not said.abstained
    assert said.quotes[0].attribution.reporting == "Ama Mensah"
    # "The cost of the wall": its structure names the cost, but the wall is asked about too,
    # and she speaks of the wall.
    wall = engine.answer("what did Ama Mensah say about the cost of the wall?")
    assert wall.note is None or "is reported in the corpus" not in wall.note
