"""Who says what, found in the text: framing, letters, reported people, names for documents."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article, read_article
from bot.engine.models import Voice
from bot.engine.people import aliases, reported_names
from bot.engine.voices import signer
from tests.conftest import BUNDLED, SEED_ID
from tests.conftest import written_article as article

LETTERS = """Readers write about the ferry timetable.

**Night crossings matter**

The night crossing is the only way my shift workers get home, and cutting it strands forty people.

-Ruth Okafor '88, Port Ellen

**Fares first**

Before anyone talks about timetables, the fares should come down for pensioners.

-Tomas Brandt
"""


def test_each_letter_on_a_letters_page_is_its_signers() -> None:
    page = article("letters", LETTERS, author="Staff", kind="letter")
    speakers = [(p.voice, p.speaker) for p in page.passages]
    assert speakers[1:4] == [(Voice.SPEAKER, "Ruth Okafor")] * 3
    assert speakers[4:] == [(Voice.SPEAKER, "Tomas Brandt")] * 3
    engine = AnswerEngine([page])
    top = engine.answer("what did ruth okafor say about the night crossing?").quotes[0]
    assert top.attribution.speaker == "Ruth Okafor"


def test_a_letter_signed_by_its_own_author_is_not_a_letters_page() -> None:
    body = "Friend,\n\nYou will lose more often than you win.\n\nDo it anyway.\n\n—Warmly, Michael"
    letter = article("open-letter", body, author="Michael Ignatieff", kind="letter")
    assert all(p.voice is Voice.AUTHOR for p in letter.passages)


def test_sign_offs_are_read_with_their_names_only() -> None:
    assert signer("-Ruth Okafor '88, Port Ellen") == "Ruth Okafor"
    assert signer("Sincerely, Alan Mendez") == "Alan Mendez"
    assert signer("- and then the vote was taken") is None
    assert signer("The end.") is None


def test_an_opening_that_introduces_the_author_is_the_publishers() -> None:
    body = (
        "Last week the Harbour Gazette ran an op-ed on tolls. The Courier invited a response "
        "from Ines Marlow, who chairs the ferry users' group; the views below are her own.\n\n"
        "I have crossed this water every day for twenty years.\n\n"
        "The tolls would hurt the people who can least afford them."
    )
    reply = article(
        "tolls-reply", body, author="Ines Marlow", kind="reply", publisher="The Courier"
    )
    voices = [p.voice for p in reply.passages]
    assert voices == [Voice.PUBLISHER, Voice.AUTHOR, Voice.AUTHOR]
    assert reply.passages[0].speaker == "The Courier"


def test_people_whose_words_are_reported_are_found_with_their_surnames() -> None:
    texts = [
        "The lecture drew a full hall, said Mary Quill, a historian from Leeds.",
        "Quill argued that archives are never neutral.",
        "The Leeds City Council did not comment.",
    ]
    assert reported_names(texts) == ["Mary Quill"]
    assert "Quill" in aliases("Mary Quill") and "Ms. Quill" in aliases("Mary Quill")


def test_a_reported_person_is_asked_about_without_a_mention_line() -> None:
    body = (
        "The lecture drew a full hall.\n\n"
        "Archives are never neutral, said Mary Quill, a historian from Leeds.\n\n"
        "The council's archive budget fell by a third."
    )
    engine = AnswerEngine([article("lecture", body, author="Jo Park", kind="report")])
    top = engine.answer("what did quill say about archives?").quotes[0]
    assert top.passage_id == "lecture:p2"
    assert top.attribution.reporting == "Mary Quill"


def test_documents_are_named_by_kind_title_author_and_publisher() -> None:
    op_ed = article(
        "tolls-op-ed",
        "Tolls will pay for the new pier.",
        kind="op-ed",
        title="Toll the Bridge",
        author="Ana Reyes",
        publisher="The Harbour Gazette",
    )
    reply = article(
        "tolls-reply",
        "Tolls will hurt commuters.",
        kind="reply",
        title="Don't Toll the Bridge",
        author="Ben Ortiz",
    )
    engine = AnswerEngine([op_ed, reply])
    assert engine.reader.focus("what does the reply say about tolls?").doc_ids == {"tolls-reply"}
    assert engine.reader.focus("what does the gazette op-ed say?").doc_ids == {"tolls-op-ed"}
    assert engine.reader.focus("what does 'Toll the bridge' argue").doc_ids == {"tolls-op-ed"}
    assert engine.reader.focus("what does ana reyes say?").doc_ids == {"tolls-op-ed"}


def test_the_bundled_article_keeps_its_voices_without_the_hand_written_metadata() -> None:
    text = (BUNDLED / f"{SEED_ID}.md").read_text(encoding="utf-8")
    kept = [
        line
        for line in text.splitlines()
        if not line.startswith(
            ("voices:", "mention:", "aliases:", "author_aliases:", "publisher_aliases:")
        )
    ]
    bare = parse_article("\n".join(kept).encode(), "bare.md")
    full = read_article(BUNDLED / f"{SEED_ID}.md")
    assert [p.voice for p in bare.passages] == [p.voice for p in full.passages]
    assert bare.passages[0].voice is Voice.PUBLISHER
    engine = AnswerEngine([bare])
    answer = engine.answer("what did pompeo claim about huawei?")
    assert any(q.attribution.reporting == "Mike Pompeo" for q in answer.quotes)
    framing = engine.answer("which website ran pompeo's op-ed?").quotes[0]
    assert framing.attribution.voice is Voice.PUBLISHER


def test_who_is_someone_is_answered_where_the_text_introduces_them() -> None:
    body = (
        "The vote was close.\n\n"
        "Nadia Ferreira, who chairs the harbour users' group, asked for a recount.\n\n"
        "Ferreira said the recount would show the tolls had lost. Nadia Ferreira later wrote "
        "to the council about the tolls and the recount and the harbour."
    )
    engine = AnswerEngine([article("vote", body, author="Jo Park", kind="report")])
    top = engine.answer("who is nadia ferreira?").quotes[0]
    assert top.passage_id == "vote:p2"


def test_a_reply_that_quotes_its_op_eds_title_is_the_reply_to_it() -> None:
    op_ed = article(
        "senate-op-ed",
        "The senate should not raise the wages.",
        kind="op-ed",
        title="A Senate Divided?",
        author="Kim Hale",
    )
    reply = article(
        "senate-reply",
        "The wages are too low for anyone to take the job.",
        kind="reply",
        title="A response to 'A Senate Divided?'",
        author="Lee Dunn",
    )
    other = article("other-reply", "The wages are fine.", kind="reply", title="On parking")
    engine = AnswerEngine([op_ed, reply, other])
    focus = engine.reader.focus("what does the reply to 'a senate divided?' say about wages?")
    assert focus.doc_ids == {"senate-reply"}


PRONOUNS = (
    "The harbour board met on Tuesday.\n\n"
    "Mary Quill, who chairs the ferry users' group, spoke first. She argued that the night "
    "crossing must stay in the timetable.\n\n"
    "Tomas Brandt runs the ferry company. He said the night crossing loses money every week."
)


def test_a_pronoun_reporting_clause_is_credited_to_the_person_named_before_it() -> None:
    assert reported_names(PRONOUNS.split("\n\n")) == ["Mary Quill", "Tomas Brandt"]
    engine = AnswerEngine([article("harbour", PRONOUNS, author="Jo Park", kind="report")])
    quill = engine.answer("what did quill argue about the night crossing?").quotes[0]
    assert (quill.passage_id, quill.attribution.reporting) == ("harbour:p2", "Mary Quill")
    assert "She argued that the night crossing" in quill.text
    brandt = engine.answer("what did brandt say about the night crossing?").quotes[0]
    assert (brandt.passage_id, brandt.attribution.reporting) == ("harbour:p3", "Tomas Brandt")


def test_a_pronoun_after_two_people_are_named_is_not_guessed() -> None:
    body = (
        "Mary Quill said the crossing matters. Tomas Brandt said it loses money. Quill met "
        "Brandt at the pier. She argued for a subsidy."
    )
    document = article("pier", body, author="Jo Park", kind="report")
    engine = AnswerEngine([document])
    tags = engine.collection.sentence_tags(document.passages[0])
    assert [tag.reports for tag in tags] == ["Mary Quill", "Tomas Brandt", None, None]


def test_a_speaker_also_named_in_a_report_is_still_asked_for_their_own_turns() -> None:
    debate = article(
        "debate",
        "RONALD W REAGAN: Taxes must fall.\n\n"
        "WALTER F MONDALE: The deficit is the problem.\n\n"
        "RONALD W REAGAN: He once said he wished the deficit could be doubled.",
        kind="transcript",
        voices="labels",
    )
    report = article(
        "report", "The deficit is too high, said Republican Ronald Reagan on Monday.", kind="report"
    )
    engine = AnswerEngine([debate, report])
    question = "what does reagan say mondale once said about the deficit"
    assert engine.reader.focus(question).speaker == "Ronald W Reagan"
    top = engine.answer(question).quotes[0]
    assert (top.passage_id, top.attribution.speaker) == ("debate:p3", "Ronald W Reagan")


def test_an_upload_titled_as_a_response_is_the_reply_to_what_it_names() -> None:
    op_ed = article(
        "senate-op-ed", "The senate should not raise the wages.", title="A Senate Divided?"
    )
    reply = article(
        "senate-response",
        "The wages are too low for anyone to take the job.",
        title="Op-Ed: A response to 'A Senate Divided?'",
    )
    unrelated = article("parking", "The wages of parking staff.", title="A Senate Parking Plan")
    engine = AnswerEngine([op_ed, reply, unrelated])
    focus = engine.reader.focus("what does the reply to 'a senate divided?' say about wages?")
    assert focus.doc_ids == {"senate-response"}
    top = engine.answer("what does the reply to 'a senate divided?' say about wages?").quotes[0]
    assert top.passage_id == "senate-response:p1"


def test_who_said_a_quoted_phrase_is_whoever_uses_it_in_their_own_words() -> None:
    page = article(
        "letters",
        "Readers write.\n\n"
        "Calling her “Lazy Larkin Lark” is beneath us.\n\n"
        "-Tomas Brandt\n\n"
        "The board met for three hours on Tuesday and the minutes ran to forty pages, most of "
        "them on parking. Lazy Larkin Lark should resign from the board before the next "
        "meeting, and the college should say why it kept her on for so long.\n\n"
        "-Ruth Okafor",
        kind="letter",
    )
    engine = AnswerEngine([page])
    query = engine.reader.query("who called her 'lazy larkin lark'?")
    assert query.sourced == ("lazy larkin lark",)
    top = engine.answer("who called her 'lazy larkin lark'?").quotes[0]
    assert top.attribution.speaker == "Ruth Okafor"


def test_a_quoted_title_in_a_who_question_is_a_name_not_a_phrase_to_source() -> None:
    op_ed = article("op-ed", "The senate should not raise the wages.", title="A Senate Divided?")
    engine = AnswerEngine([op_ed])
    assert engine.reader.query("who wrote 'a senate divided?'").sourced == ()


def test_a_wholly_quoted_paragraph_in_an_interview_is_the_interviewees() -> None:
    body = (
        "Every spring we talk to a maintainer about their work.\n\n"
        "“The best part of the job is watching a newcomer land their first patch.”\n\n"
        "Nadia Kowalczyk said she started by fixing typos in the documentation.\n\n"
        "I learned Rust on weekends while my son napped, and my first patch took a month."
    )
    profile = article("profile", body, title="Maintainer spotlight: Nadia Kowalczyk")
    voices = [(p.voice, p.speaker) for p in profile.passages]
    assert voices[1] == voices[3] == (Voice.SPEAKER, "Nadia Kowalczyk")
    assert voices[0][0] is Voice.AUTHOR and voices[2][0] is Voice.AUTHOR
    learned = AnswerEngine([profile]).answer("how did kowalczyk learn rust?").quotes[0]
    assert learned.attribution.speaker == "Nadia Kowalczyk"
    top = AnswerEngine([profile]).answer("what is the best part of the job?").quotes[0]
    assert top.attribution.speaker == "Nadia Kowalczyk"


def test_a_quoted_paragraph_is_the_authors_when_the_title_names_no_one_else() -> None:
    body = "Some intro here.\n\n“A paragraph that is all one quotation, from nobody named.”"
    plain = article("plain", body, title="Notes on open source")
    assert all(p.voice is Voice.AUTHOR for p in plain.passages)


def test_a_quoted_paragraph_is_no_place_s_a_title_names_like_a_person() -> None:
    body = (
        "Two hundred people marched through Marrow Fen on Sunday.\n\n"
        "“When they drill, the windows shake,” Tom Hesketh said. “Enough is enough.\n\n"
        "“I am not against the pier. My father worked there.”"
    )
    story = article("march", body, title="Pier row: protest at Marrow Fen as drilling starts")
    assert all(p.voice is Voice.AUTHOR for p in story.passages)
    # The quotation's next paragraph goes on with the man it quotes.
    quote = AnswerEngine([story]).answer("is he against the pier?").quotes[0]
    assert quote.attribution.speaker == "Someone"
    assert quote.attribution.reporting == "Tom Hesketh"


FERRY_LETTER = (
    "As a commuter who campaigned to keep the night crossing, I was dismayed by the plan.\n\n"
    "The night boat carries forty shift workers home and costs less than the bus would.\n\n"
    "Sincerely, Ruth Okafor"
)


def test_a_document_is_named_by_its_title_in_other_words() -> None:
    letter = article("defence", FERRY_LETTER, title="Letter: A Defence of the Night Ferry")
    other = article("timetable", "The new timetable starts in May.", title="Ferry Timetable News")
    engine = AnswerEngine([letter, other])
    focus = engine.reader.focus("what does the night ferry defender say about the bus?")
    assert focus.doc_ids == {"defence"}
    top = engine.answer("what does the letter defending the night ferry say about the bus?")
    assert top.quotes[0].attribution.speaker == "Ruth Okafor"


def test_a_title_named_only_by_a_persons_name_is_not_a_reworded_title() -> None:
    profile = article("p", "Nadia Kowalczyk said hello.", title="Nadia Kowalczyk Speaks")
    engine = AnswerEngine([profile])
    assert engine.reader.focus("what did nadia kowalczyk say?").doc_ids == frozenset()


def test_a_single_signed_letter_under_a_staff_byline_is_by_its_signer() -> None:
    letter = article("defence", FERRY_LETTER, title="Letter: Keep the boat", author="Staff")
    assert letter.meta.author == "Ruth Okafor"
    answer = AnswerEngine([letter]).answer("who wrote the letter keeping the boat?")
    assert answer.facts is not None and answer.facts.value == "Ruth Okafor"


def test_a_title_of_the_names_of_its_speakers_is_not_named_by_asking_about_them() -> None:
    body = "Nadia Kowalczyk said fares must fall.\n\nTomas Brandt said the timetable comes first."
    forum = article("forum", body, title="forum 2024 kowalczyk brandt")
    engine = AnswerEngine([forum])
    focus = engine.reader.focus("what did kowalczyk and brandt say about fares?")
    assert focus.doc_ids == frozenset()


def test_who_said_a_quoted_phrase_finds_the_report_that_quotes_it() -> None:
    """Quoting the phrase in the question ("who said 'we had to ...'?") must not send the
    passage holding it in quotation marks below passages that do not hold it at all: in a news
    report that passage is where the text says who said it."""
    report = article(
        "march-report",
        "The march drew young organisers from three states.\n\n"
        "“We had to push our way onto the stage,” said Lena Ortiz, an organiser from Dayton.\n\n"
        "Several speakers said the stage was crowded and the sound was poor.\n\n"
        "Organisers said the next march would push for a bigger stage.",
        author="Sam Reed",
    )
    engine = AnswerEngine([report])
    for question in (
        "who said we had to push our way onto the stage?",
        "who said 'we had to push our way onto the stage'?",
        'who said "we had to push our way onto the stage"?',
    ):
        top = engine.answer(question).quotes[0]
        assert top.passage_id == "march-report:p2", question


def test_a_title_quoted_whole_names_its_document_not_the_reply_quoting_it() -> None:
    op_ed = article(
        "senate-op-ed",
        "The senate should not raise the wages.",
        title="Op-Ed: A Senate Divided?",
        author="Kim Hale",
        kind="op-ed",
    )
    reply = article(
        "senate-response",
        "The wages are too low for anyone to take the job.",
        title="Op-Ed: A response to 'A Senate Divided?'",
        author="Lee Park",
        kind="reply",
    )
    engine = AnswerEngine([op_ed, reply])
    assert engine.reader.focus("who wrote 'a senate divided?'").doc_ids == {"senate-op-ed"}
    author = engine.answer("who wrote 'a senate divided?'").facts
    assert author is not None and author.value == "Kim Hale"
    # The reply's own title still names the reply, and "the reply to" it still does.
    reply_title = "when was 'a response to a senate divided?' published?"
    assert engine.reader.focus(reply_title).doc_ids == {"senate-response"}
    about = "what does the reply to 'a senate divided?' say about wages?"
    assert engine.reader.focus(about).doc_ids == {"senate-response"}


def test_who_said_a_phrase_of_common_words_finds_it_unquoted() -> None:
    """ "Who said there you go again?": every word but "go" is a stop word, so the words alone
    cannot find the line; the phrase is looked for as if it were quoted."""
    council = article(
        "council",
        "We will go back there again next spring, the mayor said of the harbour trip.\n\n"
        "There you go again, the treasurer replied when the mayor raised the fees.\n\n"
        "The clerk read the minutes of the last meeting aloud.",
    )
    engine = AnswerEngine([council])
    for question in ("who said there you go again?", "who said 'there you go again'?"):
        assert engine.answer(question).quotes[0].passage_id == "council:p2", question
