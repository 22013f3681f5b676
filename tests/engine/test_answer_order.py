"""The order of an answer's quotes over several documents and voices: the passage that answers
far better comes first, whoever's words the question names and whichever corpus holds it."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from tests.conftest import written_article as article

# An interview page: a photo caption in the magazine's voice, then questions and answers.
BOATYARD = article(
    "boatyard-interview",
    "Ines Morales in her boatyard at Kelvin Quay, where her crew has restored 38 old boats "
    "since 2015. Photograph: Lars Dunne for The Quay Review\n\n"
    "How did you come to the work?\n\n"
    "My father kept a boat at the quay. About 70 per cent of the boats there were built before "
    "1960, and I spent every summer on his.\n\n"
    "Is there money in it?\n\n"
    "Not much. A boat builder here earns 40 per cent less than one in the city.\n\n"
    "What comes next?\n\n"
    "A school for young builders, if the council gives us the old net loft for 10 years.",
    title="Ines Morales: 'Every hull has a story'",
    author="Jo Park",
    publisher="The Quay Review",
    voices="1 = publisher; 2 = Jo Park; 3 = Ines Morales; 4 = Jo Park; 5 = Ines Morales; "
    "6 = Jo Park; 7 = Ines Morales",
)


def test_a_caption_answering_far_better_comes_before_the_named_speakers_weaker_turns() -> None:
    engine = AnswerEngine([BOATYARD])
    question = "how many boats has morales's crew restored?"
    assert engine.reader.focus(question).speaker == "Ines Morales"
    first = engine.answer(question, k=3).quotes[0]
    assert "restored 38 old boats" in first.text
    assert first.attribution.voice == "publisher"
    # A question for the named speaker's words or view still has their turns first.
    for asking in (
        "what did morales say about the crew and the boats?",
        "how does morales explain the boats her crew restored?",
    ):
        said = engine.answer(asking, k=3).quotes[0]
        assert said.attribution.speaker == "Ines Morales", asking


# A practice debate every server sees, and a server's own upload sharing its words.
FERRY_DEBATE = article(
    "ferry-debate",
    "## Introduction\n\n"
    "Island councils pay for their ferries in very different ways.\n\n"
    "## Opposition 1: A subsidy rewards the operator, not the islanders\n\n"
    "Every pound of subsidy has gone to the operator, and the cost of a crossing for island "
    "residents has doubled since the subsidy began.\n\n"
    "## Proposition answer to opposition 1\n\n"
    "Without the subsidy there would be no winter crossing at all.",
    title="This house would subsidise island ferries",
    kind="debate",
    motion="This house would subsidise island ferries",
    author="Practice Pack",
)
FERRY_CONSULTATION = article(
    "ferry-consultation",
    "1.1 The council asked residents about the timetable and the fares of the Skerra ferry.\n\n"
    "3.2 Many residents wrote that a return crossing now costs twice what it did in 2020.\n\n"
    "3.3 Hauliers asked for an earlier first sailing.",
    title="Skerra Ferry: Summary of Responses",
    kind="report",
    author="Skerra Council",
)
SERVER = "7"


def ferry_engine() -> AnswerEngine:
    return AnswerEngine(
        [FERRY_DEBATE, FERRY_CONSULTATION],
        scopes={"ferry-debate": "", "ferry-consultation": SERVER},
    )


def test_the_shared_debate_is_no_padding_after_an_answer_from_the_servers_own_upload() -> None:
    engine = ferry_engine()
    question = "what happened to the cost of a crossing for residents?"
    answer = engine.answer(question, k=3, scope=SERVER)
    assert [q.passage_id for q in answer.quotes] == ["ferry-consultation:p2"]
    assert answer.total == 1
    # A question about a debate, or one the debate answers first, still has its passages.
    for about_debate in (
        "what does the opposition say about the cost of a crossing?",
        "in the ferries debate, what happened to the cost of a crossing for residents?",
        "has the cost of a crossing for island residents gone up?",
    ):
        quotes = engine.answer(about_debate, k=3, scope=SERVER).quotes
        assert any(q.attribution.doc_id == "ferry-debate" for q in quotes), about_debate
