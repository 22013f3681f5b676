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
