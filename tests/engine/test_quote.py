"""The quoting stage: the best span of a passage, and who says it."""

from __future__ import annotations

import dataclasses

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import read_article
from bot.engine.models import Role, Voice
from bot.engine.names import phrase
from bot.engine.quote import (
    attribution,
    attribution_parts,
    holds_quotation,
    speaker_label,
)
from bot.engine.rebut import rebut
from tests.conftest import BUNDLED, DEBATE_ID
from tests.conftest import written_article as article

SEED = "security-first-or-america-first"


def test_the_best_span_is_the_sentence_that_matches_not_the_paragraph(
    seed_engine: AnswerEngine,
) -> None:
    passage = seed_engine.collection.passage_by_id[f"{SEED}:p3"]
    query = seed_engine.query("der tagesspiegel")
    start, end = seed_engine.quoter.spans.best_span(passage, query)
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


REPORTED = (
    "The archive budget fell by a third this year.\n\n"
    'Mary Quill, a historian from Leeds, said: "Archives are never neutral, and closing one '
    'is a choice."\n\n'
    "Quill argued that the reading room should stay open on Saturdays for the pensioners."
)


def test_the_authors_own_words_are_credited_to_the_author() -> None:
    engine = AnswerEngine([article("archive", REPORTED, author="Jo Park", kind="report")])
    top = engine.answer("what does the report say about the archive budget?").quotes[0]
    assert (top.attribution.role, top.attribution.reporting) == (Role.AUTHOR, None)
    assert speaker_label(top.attribution) == "Jo Park"


def test_a_quotation_of_a_named_person_says_the_author_quotes_them() -> None:
    engine = AnswerEngine([article("archive", REPORTED, author="Jo Park", kind="report")])
    top = engine.answer("what did quill say about archives being neutral?").quotes[0]
    assert top.passage_id == "archive:p2"
    assert speaker_label(top.attribution) == "Jo Park, quoting Mary Quill"
    paraphrase = engine.answer("what did quill argue about the reading room?").quotes[0]
    assert paraphrase.passage_id == "archive:p3"
    assert speaker_label(paraphrase.attribution) == "Jo Park, reporting Mary Quill"


def test_an_unknown_author_quoting_someone_is_the_author() -> None:
    engine = AnswerEngine([article("archive", REPORTED, author="Unknown author", kind="report")])
    top = engine.answer("what did quill say about archives being neutral?").quotes[0]
    assert speaker_label(top.attribution) == "the author, quoting Mary Quill"


def test_a_letter_on_a_letters_page_is_a_readers_signed_letter() -> None:
    body = (
        "Readers write about the ferry timetable.\n\n"
        "The night crossing is the only way my shift workers get home.\n\n"
        "-Ruth Okafor '88, Port Ellen\n\n"
        "The fares should come down for pensioners before the timetable changes.\n\n"
        "-Tomas Brandt"
    )
    page = article("letters", body, author="Staff", kind="letter", publisher="The Courier")
    engine = AnswerEngine([page])
    top = engine.answer("what about the night crossing for shift workers?").quotes[0]
    assert top.attribution.role is Role.LETTER_WRITER
    assert speaker_label(top.attribution) == "a reader, letter to the editor, signed Ruth Okafor"
    assert attribution_parts(top.attribution).publisher == "The Courier"


def test_a_transcript_turn_names_its_speaker_and_the_debate() -> None:
    body = (
        "JANE Q ROE: Teachers' pay must rise before anything else in this budget.\n\n"
        "SAM FINCH: The budget cannot carry a pay rise and new buses as well."
    )
    debate = article(
        "mayoral-2", body, kind="transcript", title="The Second Mayoral Debate", voices="labels"
    )
    engine = AnswerEngine([debate])
    top = engine.answer("what did roe say about teachers' pay?").quotes[0]
    assert top.attribution.role is Role.SPEAKER
    assert speaker_label(top.attribution) == "Jane Q Roe, in the debate"
    untitled = dataclasses.replace(top.attribution, title="Transcript, 4 May")
    assert speaker_label(untitled) == "Jane Q Roe, in the transcript"


def test_the_publishers_introduction_is_named_as_such() -> None:
    body = (
        "The Courier invited a response from Ines Marlow, who chairs the ferry users' group; "
        "the views below are her own.\n\n"
        "I have crossed this water every day for twenty years.\n\n"
        "The tolls would hurt the people who can least afford them."
    )
    reply = article("tolls", body, author="Ines Marlow", kind="reply", publisher="The Courier")
    framing = attribution(reply.meta, reply.passages[0])
    assert framing.role is Role.PUBLISHER
    assert speaker_label(framing) == "The Courier (publisher's introduction)"
    assert attribution_parts(framing).publisher is None


def test_a_long_label_drops_the_role_before_whose_words_it_reports() -> None:
    engine = AnswerEngine([article("archive", REPORTED, author="Jo Park", kind="report")])
    who = engine.answer("what did quill say about archives being neutral?").quotes[0].attribution
    who = dataclasses.replace(who, author_role="Archivist " * 12)
    assert speaker_label(who).startswith("Jo Park, Archivist")
    short = speaker_label(who, limit=60)
    assert short == "Jo Park, quoting Mary Quill"


def test_the_json_answer_carries_voice_role_and_quoted_person() -> None:
    engine = AnswerEngine([article("archive", REPORTED, author="Jo Park", kind="report")])
    item = engine.answer("what did quill say about archives being neutral?").quotes[0].to_json()
    assert (item["speaker"], item["voice"], item["role"]) == ("Jo Park", "author", "author")
    assert (item["reporting"], item["quoting"]) == ("Mary Quill", True)


def test_a_quoted_title_is_a_name_not_someones_words() -> None:
    titles = frozenset({phrase("Security First or America First?")})
    sentence = 'The Mission published "Security First or America First?", a reply to Mike Pompeo.'
    assert not holds_quotation(sentence, titles)
    assert holds_quotation('Pompeo said "the risk is real", in a reply.', titles)
    assert holds_quotation(sentence)  # without the titles, any quoted span counts


def test_a_how_many_quote_holds_what_is_counted_not_any_figure() -> None:
    """ "How many children come?": a sentence with a figure about something else, not next to one
    about children, is not the quote; the one about children is, figure or not."""
    clinic = article(
        "clinic",
        "The clinic's budget fell by 52 million dollars over the year. The bus route was cut "
        "in March. Nurses say fewer children come to the Tuesday check-ups.\n\n"
        "The council will review the bus route in spring.",
    )
    answer = AnswerEngine([clinic]).answer("how many children come to the check-ups?")
    assert not answer.abstained
    assert "children" in answer.quotes[0].text
    assert "52 million" not in answer.quotes[0].text


def test_a_figure_beside_the_sentence_naming_what_it_counts_is_quoted_with_it() -> None:
    fleet = article(
        "fleet",
        "The harbour board asked how many ferries still sail in winter. We have 7 at present, "
        "the board's engineer said. The timetable changes in May.\n\n"
        "Fares rose again this year.",
    )
    quote = AnswerEngine([fleet]).answer("how many ferries sail in winter?").quotes[0].text
    assert "We have 7 at present" in quote and "ferries" in quote


def test_what_a_person_said_about_a_topic_quotes_the_sentence_on_the_topic() -> None:
    body = (
        "The harbour board voted on Tuesday to dredge the channel once a year.\n\n"
        "Dr Lena Vogt, a port engineer at the Eastport institute, said the plan was sound but "
        'late. "The silt has been building for a decade," she said. "Choosing the cheapest '
        'contractor and calling it a strategy is cherry-picking, plain and simple."\n\n'
        "The board will publish its tender in March."
    )
    engine = AnswerEngine([article("harbour", body, author="Jo Park")])
    answer = engine.answer("what did Lena Vogt say about cherry picking?")
    # Her name is in the sentence that introduces her; what she said on the topic is later.
    assert "cherry-picking" in answer.quotes[0].text
    assert answer.quotes[0].attribution.reporting == "Lena Vogt"
    # Asked who used a phrase that holds a name, the phrase is still matched whole.
    named = engine.answer("who called it 'cherry-picking, plain and simple'?")
    assert "cherry-picking" in named.quotes[0].text


def test_of_two_sentences_holding_the_same_words_the_one_with_a_figure_is_quoted() -> None:
    body = (
        "The minister told the chamber that she would now answer the question about cost "
        "directly and without notes. Then she spoke of the harbour, the ferry and the pier. "
        "The department expects the scheme to cost 385 million pounds a year, she said."
    )
    engine = AnswerEngine([article("meals", body, author="Jo Park")])
    passage = engine.collection.documents["meals"].passages[0]
    start, end = engine.quoter.spans.best_span(passage, engine.query("what about the cost?"))
    assert "385 million" in passage.text[start:end]


def test_a_question_the_writer_put_is_quoted_with_the_answer_after_it() -> None:
    body = (
        "A group of former fishermen, led by the harbour's last ferryman, Tilda Marsh, "
        "are "
        "trying to reopen the old cafe on the quay with money from a community trust. They are "
        "aiming for 300 members by the spring. "
        "I asked Tilda, who has worked on the quay for thirty "
        "years, what would count as success. "
        '"If the boats still tie up here in ten years, we\'ll have done our job," she said.'
    )
    engine = AnswerEngine([article("cafe", body)])
    quote = engine.answer("What would Tilda Marsh count as success?").quotes[0]
    assert quote.text.startswith("I asked Tilda, who has worked on the quay")
    assert quote.text.endswith("we'll have done our job,\" she said.")


def test_a_turn_of_a_forum_thread_or_a_podcast_says_where_it_was_said() -> None:
    body = (
        "JANE Q ROE: Teachers' pay must rise before anything else in this budget.\n\n"
        "SAM FINCH: The budget cannot carry a pay rise and new buses as well."
    )
    turns = article("board-7", body, kind="transcript", title="Budget talk", voices="labels")
    top = AnswerEngine([turns]).answer("what did roe say about teachers' pay?").quotes[0]
    assert speaker_label(top.attribution) == "Jane Q Roe, in the transcript"
    posted = dataclasses.replace(top.attribution, form="forum thread")
    assert speaker_label(posted) == "Jane Q Roe, in the forum thread"
    aired = dataclasses.replace(top.attribution, form="podcast")
    assert speaker_label(aired) == "Jane Q Roe, in the podcast"
