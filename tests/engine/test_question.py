"""The question stage: what a question names, asks for and searches."""

from __future__ import annotations

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.cleaning import Question, clean_question, question_text
from bot.engine.evidence import SentenceKind
from bot.engine.models import QuestionError, Voice

SEED = "security-first-or-america-first"
REPLY = "car-free-centre-reply"
OP_ED = "car-free-centre-op-ed"


def test_a_named_document_bounds_the_query_and_is_not_searched(seed_engine: AnswerEngine) -> None:
    query = seed_engine.query("what does the ambassador say about open markets?")
    assert query.focus.doc_ids == {SEED}
    assert query.focus.voice is Voice.AUTHOR
    stems = set(query.terms)
    assert "ambassador" not in stems and {"open", "market"} <= stems


def test_framing_words_rank_but_need_not_be_covered(seed_engine: AnswerEngine) -> None:
    query = seed_engine.query("what does zhang claim about cybersecurity?")
    assert "claim" in query.terms
    assert all("claim" not in group for group in query.content)


def test_a_reply_named_by_what_it_answers_is_that_reply(full_engine: AnswerEngine) -> None:
    focus = full_engine.reader.focus("what does the reply to the councillor say about vans?")
    assert focus.doc_ids == {REPLY}


def test_asking_what_a_reported_person_said_names_that_person(seed_engine: AnswerEngine) -> None:
    assert seed_engine.query("what did pompeo claim about huawei?").focus.person == "Mike Pompeo"
    # A bare mention asks about the topic, not about the person's words.
    assert seed_engine.query("pompeo huawei").focus.person is None


def test_how_many_needs_a_figure_of_what_it_counts(full_engine: AnswerEngine) -> None:
    query = full_engine.query("how many cyclists were hurt?")
    assert query.required == {SentenceKind.STATISTIC}
    assert any("cyclist" in group for group in query.must)
    assert "mani" not in query.terms and "how" not in query.terms


def test_evidence_questions_want_evidence_sentences(seed_engine: AnswerEngine) -> None:
    query = seed_engine.query("which newspaper does the reply rely on?")
    assert query.wants_evidence
    assert SentenceKind.SOURCE in query.wants


def test_a_word_no_passage_uses_is_searched_through_its_stand_ins(
    seed_engine: AnswerEngine,
) -> None:
    query = seed_engine.query("what does he say about spying?")
    assert "spi" not in seed_engine.collection.index.term_numbers()
    group = next(g for g in query.content if "spi" in g)
    assert group - {"spi"}, "no stand-in was found for an unseen word"
    assert set(query.terms) & (group - {"spi"})


def test_without_understanding_a_question_is_its_words(seed_document: object) -> None:
    from bot.engine.tuning import AnswerSettings

    engine = AnswerEngine([seed_document], AnswerSettings(understanding=False))  # type: ignore[list-item]
    query = engine.query("what does the ambassador say about markets?")
    assert "ambassador" in query.terms
    assert not query.focus.doc_ids


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01", "\u200b"])
def test_empty_questions_are_refused_with_a_clear_message(question: str) -> None:
    with pytest.raises(QuestionError, match="empty"):
        clean_question(question)


def test_long_questions_are_refused_with_the_limit() -> None:
    with pytest.raises(QuestionError, match="limit is 30"):
        clean_question("why " * 20, 30)
    assert clean_question("  what\tabout\n  it? ") == "what about it?"


@pytest.mark.parametrize(
    "question",
    [
        "what about the tram?",
        "  café  naïve\tcost ",
        "soft\u00adhyphen and zero\u200bwidth",
        "bell\x07 and\u00a0no-break space",
        "private \ue000 use",
        "« ünïcödé » — “quoted” ¶",
    ],
)
def test_a_question_is_cleaned_character_by_character(question: str) -> None:
    """Format characters go, other control (and private, unassigned) characters become spaces,
    white space folds: the same whether or not the text is all printable (which is not read
    character by character)."""
    import unicodedata

    by_character = "".join(
        "" if unicodedata.category(c) == "Cf" else " " if unicodedata.category(c)[0] == "C" else c
        for c in question
    )
    assert clean_question(question) == " ".join(by_character.split())


def test_a_question_cleaned_once_is_taken_as_it_is(seed_engine: AnswerEngine) -> None:
    asked = Question.of("  what evidence\tdoes the reply   cite? ")
    assert asked.text == "what evidence does the reply cite?"
    assert question_text(asked, 10) == asked.text  # not cleaned (nor measured) again
    assert seed_engine.answer(asked).question == asked.text
    with pytest.raises(QuestionError, match="limit is 10"):
        question_text(asked.text, 10)


def test_a_pasted_passage_is_not_narrowed_by_a_name_it_happens_to_hold(
    full_engine: AnswerEngine,
) -> None:
    transcript = full_engine.collection.documents["school-phones-debate-transcript"]
    pasted = next(p.text for p in transcript.passages if len(p.text.split()) > 40)
    query = full_engine.query(pasted)
    assert not query.focus.doc_ids and query.focus.speaker is None
    # A short question naming the same person is about them.
    assert full_engine.query("what does price think of the ban?").focus.speaker == "Gareth Price"


def _op_eds_and_a_magazine_piece() -> AnswerEngine:
    """Two student-paper op-eds, one answering the other, and a magazine's piece: the kind of
    uploads that come with titles, authors and a site name but no kind."""
    from tests.conftest import written_article

    return AnswerEngine(
        [
            written_article(
                "first",
                "The student senate wasted an hour on a pay rise for the honour board.",
                title="Op-Ed: A Senate Divided?",
                author="Kit Marlowe",
            ),
            written_article(
                "second",
                "The honour board hears cases every week and its pay has not moved in years.",
                title="Op-Ed: A response to “A Senate Divided?”",
                author="Ada Byron",
            ),
            written_article(
                "magazine",
                "A clean grid could remove most of the state's carbon emissions within a decade.",
                title="How Can We Plan for Tomorrow?",
                author="Lee Stone",
                publisher="The Monthly Review",
            ),
        ]
    )


def test_phrases_naming_different_documents_choose_the_most_specific() -> None:
    engine = _op_eds_and_a_magazine_piece()
    # "op-ed" names both op-eds (by their titles), "monthly review" the magazine's piece only.
    focus = engine.reader.focus(
        "what share of emissions could a clean grid remove, per the monthly review op-ed"
    )
    assert focus.doc_ids == {"magazine"}


def test_one_word_naming_an_op_ed_and_its_reply_keeps_both() -> None:
    engine = _op_eds_and_a_magazine_piece()
    # One phrase that names both does not say the reply is meant.
    assert engine.reader.focus("what does the op-ed say about the honour board").doc_ids == {
        "first",
        "second",
    }


def test_the_reply_names_an_uploaded_document_that_answers_another() -> None:
    engine = _op_eds_and_a_magazine_piece()
    # The second op-ed was uploaded as an article; its title says it responds to the first.
    focus = engine.reader.focus("what does the reply to 'a senate divided?' say about pay")
    assert focus.doc_ids == {"second"}


def test_a_hyphenated_name_counts_as_one_word_but_is_not_required() -> None:
    from tests.conftest import written_article

    engine = AnswerEngine(
        [
            written_article(
                "hall",
                "The Smith-Jones debate opened with a question on the bridge tolls.\n\n"
                "The final debate will be held in the Dunmore town hall next spring.",
            ),
            written_article("other", "Smith argued for the ferry; Jones for the tunnel."),
        ]
    )
    answer = engine.answer("where will the final smith-jones debate be held?", 1)
    # The paragraph that answers names neither candidate: the pair says which debate, and a
    # passage need not repeat it.
    assert "Dunmore town hall" in answer.quotes[0].text


def test_a_kind_of_evidence_is_wanted_only_where_it_is_asked_for(
    seed_engine: AnswerEngine,
) -> None:
    assert SentenceKind.STUDY in seed_engine.query("which study does the ambassador cite").wants
    assert SentenceKind.STUDY in seed_engine.query("does he mention any reports").wants
    # The reports are what speaks here, not what is asked for.
    asked = seed_engine.query("what do the investigation reports say the network did")
    assert SentenceKind.STUDY not in asked.wants


def test_people_named_by_a_word_with_an_evidence_stem_are_what_the_question_counts() -> None:
    from tests.conftest import written_article

    engine = AnswerEngine(
        [
            written_article(
                "club",
                "The rowing club has a new boathouse. It hopes to sign 240 paying supporters "
                "by the spring, and the council has offered a small grant.",
                title="A new boathouse",
                author="Nell Carr",
            ),
            written_article(
                "quay",
                "The quay will be repaired this summer, a report to the harbour board says.",
                title="Quay repairs",
                author="Nell Carr",
            ),
        ]
    )
    # "supporters" stems to "support", an evidence word ("what supports the claim?"), but
    # here it is what is counted.
    query = engine.query("how many supporters does the rowing club want?")
    assert any("support" in group for group in query.content)
    assert not query.wants_evidence
    answer = engine.answer("how many supporters does the rowing club want?")
    assert not answer.abstained
    assert "240 paying supporters" in answer.quotes[0].text
