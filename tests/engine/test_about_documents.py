"""Questions about the documents themselves: what one is about, what it is called, and which
one a kind word ("the letter") means when the scope holds several of that kind."""

from __future__ import annotations

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.intents import document_details_asked
from bot.engine.models import Document

TEMPLATE = """---
id: {id}
title: {title}
author: {author}
date: {date}
kind: {kind}
{extra}---

{body}
"""


def document(
    doc_id: str,
    title: str,
    author: str,
    kind: str,
    body: str,
    date: str = "2024-05-01",
    extra: str = "",
) -> Document:
    text = TEMPLATE.format(
        id=doc_id, title=title, author=author, kind=kind, date=date, extra=extra, body=body
    )
    return parse_article(text.encode(), f"{doc_id}.md")


BUSES = document(
    "buses-letter",
    "Letter: Keep the Night Buses",
    "Priya Nair",
    "letter",
    "By Priya Nair\n\n"
    "The council wants to cut the night buses to save money, but hundreds of nurses and "
    "cleaners ride them home after late shifts, and no other service runs after midnight.\n\n"
    "Priya Nair is a nurse at the harbour hospital.",
)
PIER = document(
    "pier-letter",
    "Letter: Light the Pier",
    "Tomas Berg",
    "letter",
    "The pier has had one lamp since the storm, and on winter evenings the anglers who use it "
    "walk home along the edge in the dark, which the harbour board has known for two years.",
    date="2024-06-02",
)
GAZETTE = document(
    "young-sailor",
    "What I Would Tell a Young Sailor",
    "Anna Holm",
    "article",
    "Dear friend, you asked what I learned at sea, and the first thing is that the harbour "
    "is never as calm as it looks from the quay, however long you have known it.",
    extra="publisher: The Harbour Gazette\n",
)
REPLY = document(
    "ferry-reply",
    "The Ferry Pays Its Way",
    "Lena Ek",
    "reply",
    'The Courier published a reply entitled "The Ferry Pays Its Way" the next week.\n\n'
    "Is the ferry paying its way? The ticket office sold more than forty thousand fares last "
    "summer, which covered the fuel and the crew with money left over for repairs.",
)
BLAZERS = document(
    "blazers",
    "Why I changed my mind about blazers",
    "Helen Marr",
    "article",
    "A blazer with a sewn badge costs a family forty pounds every September.",
    date="2025-09-14",
)


def test_what_a_document_is_about_quotes_its_opening_not_its_byline_or_bio() -> None:
    engine = AnswerEngine([BUSES, GAZETTE])
    answer = engine.answer("what is the buses letter about?")
    assert not answer.abstained
    assert answer.facts is not None and answer.facts.asked == "summary"
    assert answer.quotes[0].passage.startswith("The council wants to cut the night buses")
    assert answer.note is not None and "Letter: Keep the Night Buses" in answer.note
    assert "Priya Nair" in answer.note


def test_a_question_on_what_the_documents_say_about_a_topic_is_no_summary() -> None:
    engine = AnswerEngine([BUSES, GAZETTE])
    answer = engine.answer("what does the letter say about nurses?")
    assert answer.facts is None
    assert "nurse" in answer.quotes[0].text


def test_the_title_is_quoted_where_a_passage_gives_it_as_a_title() -> None:
    engine = AnswerEngine([REPLY, GAZETTE])
    answer = engine.answer("what is the reply called?")
    assert answer.facts is not None and answer.facts.value == "The Ferry Pays Its Way"
    assert "entitled" in answer.quotes[0].text


def test_a_kind_word_that_fits_several_documents_asks_which_one() -> None:
    engine = AnswerEngine([BUSES, PIER, GAZETTE])
    answer = engine.answer("who wrote the letter?")
    assert answer.abstained and not answer.quotes
    assert answer.note is not None
    assert "“Letter: Keep the Night Buses” (Priya Nair, 2024-05-01)" in answer.note
    assert "“Letter: Light the Pier” (Tomas Berg, 2024-06-02)" in answer.note
    one = AnswerEngine([BUSES, GAZETTE]).answer("who wrote the letter?")
    assert one.facts is not None and one.facts.value == "Priya Nair"


def test_a_kind_word_with_a_topic_names_the_document_on_that_topic() -> None:
    # Neither title holds "anglers" nor "dark": the letters' own words say which one is meant.
    engine = AnswerEngine([BUSES, PIER, GAZETTE])
    answer = engine.answer("who wrote the letter about anglers walking home in the dark?")
    assert not answer.abstained
    assert answer.facts is not None and answer.facts.doc_id == "pier-letter"
    assert answer.facts.value == "Tomas Berg"
    dated = engine.answer("when was the letter about late shifts published?")
    assert dated.facts is not None and dated.facts.doc_id == "buses-letter"
    assert dated.facts.asked == "date"


def test_a_topic_in_none_or_several_documents_of_the_kind_still_asks_which_one() -> None:
    engine = AnswerEngine([BUSES, PIER, GAZETTE])
    none = engine.answer("who wrote the letter about the moon landing?")
    assert none.abstained and none.facts is None and none.note is not None
    assert none.note.startswith("None of the 2 documents of that kind holds")
    assert "Letter: Light the Pier" in none.note and "Letter: Keep the Night Buses" in none.note
    # Both letters say how people get home, as much one as the other: both are listed.
    both = engine.answer("who wrote the letter about going home?")
    assert both.abstained and both.note is not None
    assert both.note.startswith("2 documents fit that description")
    # No other words than the kind's: the letters are listed as before.
    bare = engine.answer("who wrote the letter?")
    assert bare.note is not None and bare.note.startswith("2 documents fit that description")


def test_the_words_that_describe_a_document_win_over_a_kind_word() -> None:
    # "the letter" names the two letters, the publisher's initials the Gazette's piece.
    engine = AnswerEngine([BUSES, PIER, GAZETTE])
    answer = engine.answer("when did the harbour gazette publish the letter to a young sailor?")
    assert answer.facts is not None
    assert answer.facts.doc_id == "young-sailor"
    assert answer.facts.asked == "date"


def test_letters_to_the_editor_name_letters_not_an_editor() -> None:
    framed = document(
        "framed",
        "Night Shifts",
        "Sam Roe",
        "article",
        "The editor notes that this piece first ran in the spring edition of the paper.",
        extra="publisher: The Courier\npublisher_aliases: the editor\n",
    )
    answer = AnswerEngine([framed, BUSES, PIER]).answer("who wrote the letters to the editor?")
    assert answer.abstained
    assert answer.note is not None and "Priya Nair" in answer.note and "Sam Roe" not in answer.note


def test_the_about_stage_reads_a_kind_word_once_for_both_answer_paths() -> None:
    # DocumentQuestions.reading: what "the letter" means, given the question's other words.
    engine = AnswerEngine([BUSES, PIER, GAZETTE])
    about = engine.about

    def reading(question: str) -> tuple[str | None, bool] | None:
        found = about.reading(question, engine.query(question), None)
        if found is None:
            return None
        return (found.described.id if found.described else None, found.settled)

    # Words beyond the kind word describe one document: that one, settled.
    assert reading("what does the letter to a young sailor say about the quay?") == (
        "young-sailor",
        True,
    )
    # Nothing beyond the kind word: not settled (the caller lists the letters).
    assert reading("what does the letter say?") == (None, False)
    # A title names its document outright: no kind reading at all.
    assert reading("what does keep the night buses say about nurses?") is None
    # Asked within one document: the document is given.
    question = "what does the letter say?"
    assert about.reading(question, engine.query(question), "pier-letter") is None


def test_a_description_picks_the_document_its_words_name() -> None:
    engine = AnswerEngine([BUSES, PIER, GAZETTE])
    # The author's surname describes one document (the question names none outright); one
    # title word alone describes none.
    by_author = engine.about.described(engine.query("when did berg publish?"))
    assert by_author is not None and by_author.id == "pier-letter"
    assert engine.about.described(engine.query("when was the light published?")) is None


def test_the_describing_index_holds_each_document_s_names_and_title_words() -> None:
    engine = AnswerEngine([BUSES, PIER, GAZETTE])
    index = engine.about.describing_index()
    terms = engine.analyser.terms
    # Author, publisher and its initials, title words: each leads to its document only.
    assert index[terms("Berg")[0]] == ("pier-letter",)
    assert index[terms("Gazette")[0]] == ("young-sailor",)
    assert "young-sailor" in index["thg"]  # The Harbour Gazette
    assert set(index[terms("night")[0]]) == {"buses-letter"}
    # A word of no document's names or titles leads nowhere.
    assert terms("anglers")[0] not in index


def test_the_describing_index_keeps_no_document_s_terms_beside_it() -> None:
    # Every document read at once for the index is not every document kept: the terms kept
    # (4.9 MB at 100k passages) are those of documents questions ask about.
    from bot.engine import about

    engine = AnswerEngine([BUSES, PIER, GAZETTE])
    about._describing_terms.cache_clear()
    engine.about.describing_index()
    assert about._describing_terms.cache_info().currsize == 0
    assert engine.about.described(engine.query("when did berg publish?")) is not None
    assert 0 < about._describing_terms.cache_info().currsize <= about.DESCRIBING_TERMS_KEPT


def test_when_a_speech_was_given_and_who_interviewed_are_its_details() -> None:
    speech = document(
        "slipway-speech",
        "Remarks at the slipway reopening",
        "Ines Halloran",
        "speech",
        "Friends, the slipway is open again. The lifeboat launches from it tonight.",
        date="2024-06-14",
    )
    interview = document(
        "kiln-interview",
        "Nadia Corr on closing the kiln",
        "Pavel Stroud",
        "article",
        "Nadia Corr ran the kiln for thirty years. We met her at the pottery.\n\n"
        "I kept the fire going through two floods.",
    )
    engine = AnswerEngine([speech, interview])
    given = engine.answer("when was the speech given?")
    assert given.facts is not None and given.facts.date is not None
    assert given.facts.date.isoformat() == "2024-06-14"
    asked = engine.answer("who interviewed nadia corr?")
    assert asked.facts is not None and asked.facts.value == "Pavel Stroud"
    gave = engine.answer("who gave the speech?")
    assert gave.facts is not None and gave.facts.value == "Ines Halloran"


def test_her_speech_is_the_speech_of_the_person_the_question_names() -> None:
    # Speeches uploaded as text: the heading names the speaker and her office ("the
    # harbourmaster" names her, as an author's name does).
    slipway = document_from_upload(
        b"Speech by the Harbourmaster of Port Anstey, Captain Ines Halloran, to the Harbour "
        b"Society\n\nDate: Friday 14 June 2024\n\nFriends, the slipway is open again. The "
        b"lifeboat launches from it tonight.\n\nThe crews trained all spring for this.\n",
        "slipway.txt",
        UploadDetails(),
        doc_id="slipway",
    ).document
    lighthouse = document(
        "lighthouse-speech",
        "Remarks at the lighthouse",
        "Colm Reddy",
        "speech",
        "The lamp has been lit every night for a hundred years, and it will be lit tonight.",
        date="2024-07-01",
    )
    # Another page on speeches, so that "speech" as a word would find it.
    notes = document(
        "speech-notes",
        "Notes on public speaking",
        "Tam Lowry",
        "article",
        "A good speech is short, and a speech given at a harbour should be shorter still.",
        date="2024-08-09",
    )
    engine = AnswerEngine([slipway, lighthouse, notes])
    for question, day in (
        ("when did the harbourmaster give her speech?", "2024-06-14"),
        ("when did Colm Reddy give his speech?", "2024-07-01"),
    ):
        given = engine.answer(question)
        assert given.facts is not None and given.facts.date is not None, question
        assert given.facts.date.isoformat() == day, question
    said = engine.answer("what did the harbourmaster say in her speech about the crews?")
    assert said.quotes[0].passage.startswith("The crews trained")


def test_the_blog_post_is_an_article_named_by_its_kind_and_its_topic() -> None:
    trams = document(
        "trams",
        "The tramway at ten",
        "Owen Pike",
        "article",
        "The trams have run every seven minutes since the line opened.",
        date="2021-09-09",
    )
    engine = AnswerEngine([BLAZERS, trams])
    answer = engine.answer("who wrote the blog post about blazers?")
    assert answer.facts is not None and answer.facts.value == "Helen Marr"
    dated = engine.answer("when was the blog post about the trams published?")
    assert dated.facts is not None and dated.facts.date is not None
    assert dated.facts.date.isoformat() == "2021-09-09"


def test_a_question_asking_two_details_gets_both_in_its_order() -> None:
    ferries = document(
        "ferry-study",
        "Ferries on the Edge: island crossings since 2010",
        "Dr Ruth Kell and Amos Penn",
        "report",
        "Island ferry crossings have fallen by a third since 2010, and two routes now sail "
        "only in summer.",
        date="2025-03-01",
        extra="publisher: Westmarch Policy Unit\n",
    )
    engine = AnswerEngine([ferries, BLAZERS])
    published = engine.answer("Who published the report on island ferries, and when?")
    assert published.facts is not None and published.facts.doc_id == "ferry-study"
    assert published.note is not None
    assert published.note.startswith("Published by: Westmarch Policy Unit; Published: ")
    assert "2025" in published.note
    details = published.to_json()["document"]
    assert isinstance(details, dict) and list(details["details"]) == ["venue", "date"]
    named = engine.answer("What is the blog post about blazers called, and who wrote it?")
    assert named.note is not None
    assert named.note.startswith("Title: Why I changed my mind about blazers; By: Helen Marr")
    alone = engine.answer("who wrote the blog post about blazers?")
    assert alone.note is not None and alone.note.startswith("By: Helen Marr (from")
    assert alone.to_json()["document"]["details"] is None  # type: ignore[index]


@pytest.mark.parametrize(
    ("question", "details"),
    [
        ("who published the report on ferries, and when?", ("venue", "date")),
        ("who wrote this column, for which paper, and when?", ("author", "venue", "date")),
        ("which judge decided the case and when was the judgment given?", ("author", "date")),
        ("when and where was it published?", ("venue", "date")),
        ("what is the newsletter called and who wrote it?", ("title", "author")),
        ("who wrote it and where did it appear?", ("author", "venue")),
        ("what is the encyclopedia article about the harbour ferry called?", ("title",)),
        ("when was the reply published?", ("date",)),
        ("what did the author say about when the ferry sails?", ()),
        ("what is the reply about?", ("summary",)),
        ("who gave the speech and when?", ("author", "date")),
        ("who started the email thread?", ("author",)),
        ("who started this forum thread?", ("author",)),
        ("who issued the press release, and when?", ("author", "date")),
        ("who sent the first email?", ("author",)),
        ("who gave the ferry a new engine?", ()),
    ],
)
def test_the_details_a_question_asks_are_read_in_its_order(
    question: str, details: tuple[str, ...]
) -> None:
    assert document_details_asked(question) == details


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("who started the thread?", ("author",)),
        ("so who gave the speech?", ("author",)),
        ("what debate is the person who started the thread preparing for?", ()),
        ("what did the reader who wrote the first letter say about buses?", ()),
        ("is there anyone who wrote about the ferry?", ()),
    ],
)
def test_who_opening_a_relative_clause_asks_nothing_about_the_document(
    question: str, asked: tuple[str, ...]
) -> None:
    # "The person who started the thread" names someone whose words are asked for: the
    # question is about what they said, not who wrote the document.
    assert document_details_asked(question) == asked


def test_where_beside_who_gave_a_speech_asks_where_it_was_given() -> None:
    # "Where" of a speech is its occasion, not its publisher, however the question is built.
    assert document_details_asked("who gave the speech, where and when?") == (
        "author",
        "date",
        "place",
    )
    assert document_details_asked("who wrote the op-ed, and where?") == ("author", "venue")
