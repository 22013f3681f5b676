"""The quoted span: which sentences of a passage answer the question (`bot.engine.span`)."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from tests.conftest import written_article as article

FERRY = (
    "The ferry company will cut the winter timetable from four sailings a day to two, it "
    "confirmed on Monday. Speaking at a meeting in the village hall, harbourmaster Idris "
    "Penrose said the islanders had not been asked. "
    '"Half the island heard about it from a poster on the quay," he said. '
    '"That is not asking anyone, it is telling them."'
)


def test_a_sentence_introducing_someones_words_brings_the_words_along() -> None:
    engine = AnswerEngine([article("ferry", FERRY, author="Jo Park")])
    quote = engine.answer("What did the harbourmaster say?").quotes[0]
    assert quote.text.startswith("Speaking at a meeting in the village hall")
    assert "Half the island heard about it from a poster" in quote.text
    assert quote.attribution.reporting == "Idris Penrose"


def test_words_introduced_without_a_reporting_verb_come_along_too() -> None:
    body = (
        "The ferry office on the quay closed in March after forty years. Maud Ellery, who ran "
        "the ferry office for twenty years, put it plainly when we spoke on the slipway. "
        '"When the office was open, someone answered the phone," she said. '
        "The company says bookings have moved online."
    )
    engine = AnswerEngine([article("office", body, author="Jo Park")])
    quote = engine.answer("What did the woman who used to run the ferry office say?").quotes[0]
    assert "someone answered the phone" in quote.text
    assert "bookings have moved online" not in quote.text


def test_a_sentence_going_on_about_the_same_person_comes_along_with_the_word_asked() -> None:
    body = (
        "Counting finished just after two in the morning. The Green candidate Osric Vale has "
        'told reporters his party expects to come fourth. He blamed what he called "a squeeze '
        'on the small parties" by the two largest. The turnout was 41 per cent.'
    )
    engine = AnswerEngine([article("count", body, author="Jo Park")])
    quote = engine.answer("What did the Green candidate blame for coming fourth?").quotes[0]
    assert "a squeeze on the small parties" in quote.text
    assert "turnout" not in quote.text


def test_someone_elses_words_after_a_report_stay_out_of_the_quote() -> None:
    body = (
        "The ferry company will cut the winter timetable. Harbourmaster Idris Penrose said the "
        "islanders had not been asked by the ferry company. "
        '"We consulted every household for six weeks," the company\'s director, Rhona Tay, '
        "replied."
    )
    engine = AnswerEngine([article("reply", body, author="Jo Park")])
    quote = engine.answer("What did the harbourmaster say?").quotes[0]
    assert "had not been asked" in quote.text
    assert "We consulted" not in quote.text


def test_a_cost_question_quotes_the_sum_given_without_its_currency() -> None:
    body = (
        "Defending the village costs more each decade. A sea wall like this needs work every "
        "few years, because winter storms loosen the top course. Nobody argues about that "
        "part. The county's own figure for upkeep is around 300,000 a year, before the next "
        "big storm."
    )
    engine = AnswerEngine([article("wall", body, author="Jo Park")])
    # "maintain" is in no passage: "upkeep" stands in for it (`synonyms`), and the sum, though
    # no currency names it, is what "how much does it cost" asks for.
    answer = engine.answer("how much does the sea wall cost to maintain each year?", k=1)
    assert not answer.abstained
    assert answer.quotes[0].text.startswith("The county's own figure for upkeep")


def test_a_how_often_question_quotes_the_sentence_giving_the_frequency() -> None:
    body = (
        "The mobile library van was bought in 2015 with lottery money and still carries 3,000 "
        "books to the villages. After the spring cuts it stops in Tarnby and Wellow every "
        "fortnight, on Tuesdays."
    )
    engine = AnswerEngine([article("van", body, author="Jo Park")])
    answer = engine.answer("how often does the mobile library van come to the villages?", k=1)
    assert not answer.abstained
    assert "every fortnight" in answer.quotes[0].text
