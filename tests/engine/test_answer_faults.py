"""Faults reported of BM25 tools, each on an article written for the test (see
`../shared/bug-inputs/` for the inputs that first showed them)."""

from __future__ import annotations

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.evidence import SentenceKind, tag_sentence
from bot.engine.formats.article import read_article
from bot.engine.tuning import AnswerSettings
from tests.conftest import SHARED
from tests.conftest import written_article as article

BUG_INPUTS = SHARED / "bug-inputs"


def test_a_one_passage_corpus_answers_a_question_on_its_words() -> None:
    engine = AnswerEngine([article("ferry", "The ferry timetable changes every May.")])
    answer = engine.answer("when does the ferry timetable change?")
    assert not answer.abstained
    assert answer.quotes[0].score > 0


def test_a_word_in_half_the_passages_outranks_a_stand_in_for_it() -> None:
    body = "\n\n".join(
        [
            "The board approved the tram extension and a new depot.",
            "The treasurer opposed the tram extension but liked the depot.",
            "Riders complained about bus fares and late buses.",
            "Nothing was said about the library roof.",
        ]
    )
    engine = AnswerEngine([article("transit", body)])
    answer = engine.answer("what about the tram extension?", k=3)
    assert answer.quotes[0].passage_id in ("transit:p1", "transit:p2")
    ranked = [q.passage_id for q in answer.quotes]
    assert "transit:p3" not in ranked[:2]


def test_a_denial_of_another_documents_claim_is_not_folded_into_it() -> None:
    claim = "The water board will raise tap charges by 9 percent in June to pay for the dam."
    denial = "The water board will not raise tap charges by 9 percent in June to pay for the dam."
    op_ed = article("charges-op-ed", claim, kind="op-ed", author="Ana Reyes")
    reply = article("charges-reply", denial, kind="reply", author="Ben Ortiz")
    engine = AnswerEngine([op_ed, reply])
    answer = engine.answer("will the water board raise tap charges in june?", k=3)
    texts = [q.text for q in answer.quotes]
    assert any("will raise" in t for t in texts) and any("will not raise" in t for t in texts)
    assert all(not q.also_in for q in answer.quotes)


def test_copies_within_one_document_are_still_merged_and_say_so() -> None:
    text = "The ferry company will add a night crossing from May, the harbour office said."
    doc = article("ferry-notes", f"{text}\n\n{text}\n\nThe cafe opens at nine.")
    answer = AnswerEngine([doc]).answer("will the ferry company add a night crossing?", k=3)
    assert len(answer.quotes) == 1
    assert answer.quotes[0].also_in == ("ferry-notes:p2",)
    assert answer.to_json()["answers"][0]["also_in"] == ["ferry-notes:p2"]  # type: ignore[index]


@pytest.mark.parametrize(
    "sentence",
    ["Eighty-five teachers signed the letter.", "Two-thirds of the members voted for it."],
)
def test_numbers_in_words_are_figures(sentence: str) -> None:
    assert SentenceKind.STATISTIC in tag_sentence(sentence).kinds


def test_how_many_is_answered_by_a_number_in_words() -> None:
    body = "Eighty-five teachers signed the open letter.\n\nThe letter asked for smaller classes."
    answer = AnswerEngine([article("letter", body)]).answer("how many teachers signed?")
    assert answer.quotes and answer.quotes[0].passage_id == "letter:p1"


@pytest.mark.parametrize("hidden", ["\u00ad", "\u200b", "\u2060"])
def test_a_format_character_inside_a_question_word_is_removed(hidden: str) -> None:
    engine = AnswerEngine([article("storm", "The crossing became dangerous after the storm.")])
    plain = engine.answer("what became dangerous after the storm?")
    split = engine.answer(f"what became dan{hidden}gerous after the storm?")
    assert split.question == plain.question
    assert [q.passage_id for q in split.quotes] == [q.passage_id for q in plain.quotes]


# --- the shared inputs themselves, where they are present -------------------------------------

needs_inputs = pytest.mark.skipif(not BUG_INPUTS.is_dir(), reason="../shared/bug-inputs absent")


@needs_inputs
def test_shared_half_corpus_input_answers_with_the_tram_paragraph() -> None:
    engine = AnswerEngine([read_article(BUG_INPUTS / "bm25-half-corpus.md")])
    first = engine.answer("what about the tram extension?", k=1).quotes[0]
    assert "tram extension" in first.text


@needs_inputs
def test_shared_negation_inputs_quote_both_sides() -> None:
    documents = [
        read_article(BUG_INPUTS / name)
        for name in ("dedup-negation-op-ed.md", "dedup-negation-reply.md")
    ]
    engine = AnswerEngine(documents)
    assert not engine.answer("mooring fees").abstained
    texts = [
        q.text for q in engine.answer("will the harbour board raise mooring fees in May?", 3).quotes
    ]
    assert any("will raise" in t for t in texts) and any("will not raise" in t for t in texts)


# --- questions about a document itself --------------------------------------------------------


def two_articles() -> AnswerEngine:
    op_ed = article(
        "pier-op-ed",
        "The pier needs a toll, and the Harbour Gazette agrees.\n\nTolls pay for repairs.",
        kind="op-ed",
        title="Toll the Pier",
        author="Ana Reyes",
        publisher="The Harbour Gazette",
        date="2025-03-04",
    )
    reply = article(
        "pier-reply",
        "On March 4, 2025 the Gazette ran Ana Reyes's op-ed. Ben Ortiz wrote this reply.\n\n"
        "A toll would empty the pier.",
        kind="reply",
        title="Leave the Pier Free",
        author="Ben Ortiz",
        date="2025-03-09",
    )
    return AnswerEngine([op_ed, reply])


def test_when_a_named_document_appeared_is_answered_from_its_details() -> None:
    answer = two_articles().answer("when was the reply published?")
    assert not answer.abstained and answer.facts is not None
    assert answer.facts.doc_id == "pier-reply" and answer.facts.value == "2025-03-09"
    assert answer.to_json()["document"]["value"] == "2025-03-09"  # type: ignore[index]


def test_a_documents_details_come_with_the_passage_that_states_them() -> None:
    engine = two_articles()
    title = engine.answer("what is the op-ed called?")
    assert title.facts is not None and title.facts.value == "Toll the Pier"
    venue = engine.answer("where did the op-ed appear?")
    assert venue.facts is not None and venue.facts.value == "The Harbour Gazette"
    assert venue.quotes and "Harbour Gazette" in venue.quotes[0].text
    author = engine.answer("who wrote the reply?")
    assert author.facts is not None and author.facts.value == "Ben Ortiz"
    assert author.quotes and "Ben Ortiz" in author.quotes[0].text


def test_a_question_about_an_unnamed_document_among_several_is_answered_as_usual() -> None:
    answer = two_articles().answer("when was the toll published?")
    assert answer.facts is None


def harbour_press(scopes: dict[str, str] | None = None) -> AnswerEngine:
    """Three articles from different outlets, none of which a question below names in full
    (`scopes`: a server's id for a document that is that server's upload)."""
    fares = article(
        "fares-op-ed",
        "Ferry fares rose again this spring.\n\nCommuters now pay more than drivers.",
        kind="op-ed",
        title="Ferry Fares Rise Again",
        author="Ana Reyes",
        publisher="The Harbour Gazette",
        date="2025-04-02",
    )
    lights = article(
        "lights-report",
        "The council voted to light the pier at night.\n\nThe lamps will be solar.",
        kind="report",
        title="Council Votes On Pier Lights",
        author="North Coast Radio",
        publisher="Coastal Media Group",
        date="2025-05-17",
    )
    gulls = article(
        "gulls-letter",
        "The gulls on the pier are bolder every year.\n\nPlease stop feeding them.",
        kind="letter",
        title="Mind the Gulls",
        author="Ruth Obi",
        date="2025-06-30",
    )
    return AnswerEngine([fares, lights, gulls], scopes=scopes)


@pytest.mark.parametrize(
    ("question", "doc_id", "value"),
    [
        # The publisher's initials.
        ("when did thg publish the op-ed?", "fares-op-ed", "2025-04-02"),
        # A word of the publisher's name.
        ("when was the radio report published?", "lights-report", "2025-05-17"),
        # Two words of the title, no name at all.
        ("when was the report on the pier lights published?", "lights-report", "2025-05-17"),
        # The author's name, without the document's kind.
        ("who wrote the piece by reyes on ferries?", "fares-op-ed", "Ana Reyes"),
        # The author's initials (an organisation's, as "FAA").
        ("when did the ncr report come out?", "lights-report", "2025-05-17"),
    ],
)
def test_a_document_described_but_not_named_is_answered_from_its_details(
    question: str, doc_id: str, value: str
) -> None:
    answer = harbour_press().answer(question)
    assert not answer.abstained and answer.facts is not None
    assert (answer.facts.doc_id, answer.facts.value) == (doc_id, value)


def test_one_title_word_among_others_does_not_describe_a_document() -> None:
    """ "gulls" is a word of one title, but the question asks about more than that title says:
    it is answered from the passages, not from a document's details."""
    engine = harbour_press()
    unnamed = engine.answer("when was the piece about gulls at the lighthouse published?")
    assert unnamed.facts is None
    # A question whose words are all its title's describes it ("the sharpton article").
    only = engine.answer("when was the gulls piece published?")
    assert only.facts is not None and only.facts.doc_id == "gulls-letter"


def test_a_described_document_must_be_one_the_scope_sees() -> None:
    engine = harbour_press(scopes={"lights-report": "server-a"})
    mine = engine.answer("when was the radio report published?", scope="server-a")
    assert mine.facts is not None and mine.facts.doc_id == "lights-report"
    theirs = engine.answer("when was the radio report published?", scope="server-b")
    assert theirs.facts is None or theirs.facts.doc_id != "lights-report"
    assert all(not q.passage_id.startswith("lights-report") for q in theirs.quotes)


def test_a_request_for_advice_is_not_answered_by_a_passage_sharing_its_topic_word() -> None:
    """ "Which phone should I buy?" over an article on phone bans: "phone" matches, nothing
    advises; the answer abstains and says why."""
    engine = AnswerEngine(
        [
            article(
                "phones",
                "The school banned phones in lessons last spring.\n\n"
                "Teachers say pupils talk more at lunch since the ban.\n\n"
                "Parents asked for a landline at the front office.\n\n"
                "The head teacher will review the rule in June.",
            )
        ]
    )
    answer = engine.answer("which phone should I buy?")
    assert answer.abstained and answer.quotes == ()
    assert answer.note is not None and "advice" in answer.note
    # The same words asked about the text are answered.
    assert not engine.answer("why did the school ban phones?").abstained


def test_a_request_for_advice_the_corpus_does_give_is_answered() -> None:
    engine = AnswerEngine(
        [
            article(
                "buying-guide",
                "Most readers should buy a phone with a long warranty rather than the newest "
                "model.\n\nBatteries fade after two years of daily charging.",
            )
        ]
    )
    answer = engine.answer("which phone should I buy?")
    assert not answer.abstained
    assert "long warranty" in answer.quotes[0].text


def test_a_typed_question_s_weak_answers_after_the_first_are_left_out() -> None:
    council = article(
        "council",
        "Opposition councillors led by Hugh Marsh warned that the running costs of the new "
        "ferry had been underestimated and that the council would cover any shortfall.\n\n"
        "The ferry began sailing in May with two crossings a day.",
    )
    inquiry = article(
        "inquiry",
        "Several residents told the inquiry they were never warned about the sea wall.\n\n"
        "The inquiry will sit again in June to hear from the engineers.",
    )
    engine = AnswerEngine([council, inquiry])
    answer = engine.answer("What did Hugh Marsh warn about?", k=3)
    assert [q.passage_id for q in answer.quotes] == ["council:p1"]
    assert answer.total == 1
    # With the share at 0, every passage that matched is shown, as before.
    every = AnswerEngine([council, inquiry], settings=AnswerSettings(secondary_min_share=0))
    padded = every.answer("What did Hugh Marsh warn about?", k=3)
    assert [q.passage_id for q in padded.quotes][:2] == ["council:p1", "inquiry:p1"]


def test_answers_close_to_the_first_are_all_kept() -> None:
    body = (
        "The harbour board raised mooring fees by ten per cent in April.\n\n"
        "Mooring fees at the marina were also raised, by eight per cent, in May."
    )
    answer = AnswerEngine([article("fees", body)]).answer("were mooring fees raised?", k=3)
    assert len(answer.quotes) == 2


def test_a_role_several_people_have_is_no_one_of_them() -> None:
    fares = article(
        "fares",
        "Councillor Owen Pask, cabinet member for transport, said the parking charge for the "
        "environment fund would stay until the spring.\n\nThe councillor added that buses "
        "were fuller.",
    )
    zone = article(
        "zone",
        "Councillor Rhian Doe, cabinet member for the environment, said the court ruling on "
        "the harbour zone was a setback but the council would consult again.\n\n"
        "The councillor said the zone would stay.",
    )
    answer = AnswerEngine([fares, zone]).answer(
        "What did the councillor in charge of the environment say about the court ruling?"
    )
    assert not answer.abstained, answer.note
    assert answer.quotes[0].passage_id == "zone:p1"


SHOW = (
    "The Harbour Hour, episode 12: should ferries be free?\n\n"
    "ANNA LOWE: Welcome back. With me is the transport researcher Dr Kit Amsel.\n\n"
    "ANNA LOWE: Do free ferries change whether islanders stay in school? Because that's what "
    "the council will want to know.\n\n"
    "KIT AMSEL: Less than people hope. The studies I trust find rates rise by a point or two, "
    "mostly among pupils from the poorest families.\n\n"
    "ANNA LOWE: And the fares on the mainland buses, what are they?\n\n"
    "KIT AMSEL: I don't have those figures with me.\n\n"
    "ANNA LOWE: And what's the fare on the island ferry? Because I hear it's enormous.\n\n"
    "KIT AMSEL: It's not. For an adult it's four pounds a crossing if you book ahead. That's "
    "less than a taxi. The point isn't really the money. People sail because they must, and "
    "the fare is just the price of living on the island.\n"
)


def transcript_engine() -> AnswerEngine:
    from bot.engine.formats.upload import UploadDetails, document_from_upload

    upload = document_from_upload(SHOW.encode(), "show.txt", UploadDetails(), doc_id="show")
    return AnswerEngine([upload.document])


def test_a_host_s_question_turn_gives_way_to_the_answer_after_it() -> None:
    answer = transcript_engine().answer("Do free ferries change whether islanders stay in school?")
    quote = answer.quotes[0]
    assert quote.attribution.speaker == "Kit Amsel"
    # No word of the question in it: its opening two sentences are quoted.
    assert quote.text.startswith("Less than people hope. The studies I trust find rates rise")


def test_a_turn_that_only_asks_is_no_answer() -> None:
    answer = transcript_engine().answer("what are the fares on the mainland buses?")
    assert all(not q.text.rstrip().endswith("?") for q in answer.quotes)
    asked = transcript_engine().answer("what did the host ask about the mainland buses?")
    assert asked.quotes and asked.quotes[0].text.endswith("what are they?")


def test_a_figure_question_quotes_the_answering_turn_s_figure() -> None:
    answer = transcript_engine().answer("How big is the fare on the island ferry?")
    assert answer.quotes[0].attribution.speaker == "Kit Amsel"
    assert answer.quotes[0].text == "For an adult it's four pounds a crossing if you book ahead."
