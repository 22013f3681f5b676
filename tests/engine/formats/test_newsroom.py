"""Newsroom files as a class uploads them: a meeting transcript whose labels carry roles, an
interview and an op-ed written in Markdown, a story whose head sets the publication between
its byline and its date, a letter signed with a name alone, and the publication's own notes."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Kind, Voice
from bot.engine.quote import attribution_parts


def uploaded(text: str, filename: str) -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0]
    ).document


MEETING = """Harbourside Parish Council, extraordinary meeting

CHAIR OKAFOR: Item two is the sea wall. Ms. Lindqvist, the survey please.

PETRA LINDQVIST (HARBOUR ENGINEER): The survey found cracks along forty metres of the wall.

COUNCILLOR MARR: Were we warned before?

PETRA LINDQVIST (HARBOUR ENGINEER): Yes, in my report of last spring.

CHAIR OKAFOR: Thank you. We move to a vote.
"""


def test_a_transcript_label_may_carry_a_role_in_parentheses() -> None:
    document = uploaded(MEETING, "meeting.txt")
    assert document.meta.kind is Kind.TRANSCRIPT
    warned = next(p for p in document.passages if "report of last spring" in p.text)
    assert warned.voice is Voice.SPEAKER and warned.speaker == "Petra Lindqvist"
    assert warned.text.startswith("Yes, in my report")  # the label is not the words
    survey = next(p for p in document.passages if "forty metres" in p.text)
    assert survey.speaker == "Petra Lindqvist"


INTERVIEW = """# "The ferry is the town's lifeline": a conversation with skipper Ana Ruiz

**By Tom Keel | The Harbour Gazette | May 2, 2024**

Ana Ruiz has run the island ferry for eleven years. She spoke to the Gazette at the quay.

**Gazette:** Why does the winter timetable matter so much?

**Ruiz:** Because in January the winter ferry is the only way to the hospital on the mainland.

**Gazette:** What would you change first?

**Ruiz:** A second crossing on Sundays. People miss appointments every week without it.
"""


def test_markdown_without_front_matter_is_read_as_markdown() -> None:
    document = uploaded(INTERVIEW, "ferry.md")
    meta = document.meta
    assert meta.title == '"The ferry is the town\'s lifeline": a conversation with skipper Ana Ruiz'
    assert meta.author == "Tom Keel" and meta.date == dt.date(2024, 5, 2)
    assert not any("*" in p.text or "By Tom Keel" in p.text for p in document.passages)
    sunday = next(p for p in document.passages if "Sundays" in p.text)
    assert sunday.voice is Voice.SPEAKER and sunday.speaker == "Ruiz"
    assert sunday.text.startswith("A second crossing")


OP_ED = """# Opinion: The harbour needs a new wall, not a patch

*By Marta Quill*

*Marta Quill is a retired surveyor. Published in The Harbour Gazette, June 3, 2024.*

A patch on a cracked wall buys one winter. The next storm finds the same cracks.

The council should borrow now and build once, while rates are low.

*Editor's note: The Gazette's owner sits on the harbour board.*
"""


def test_an_op_ed_in_markdown_has_its_byline_its_date_and_the_editors_note() -> None:
    document = uploaded(OP_ED, "wall.md")
    meta = document.meta
    assert meta.author == "Marta Quill" and meta.kind is Kind.OP_ED
    assert meta.date == dt.date(2024, 6, 3)  # from the bio's "Published in ..."
    note = next(p for p in document.passages if "harbour board" in p.text)
    assert note.voice is Voice.PUBLISHER  # the publication's note, not the author's words
    patch = next(p for p in document.passages if "buys one winter" in p.text)
    assert patch.voice is Voice.AUTHOR and patch.speaker == "Marta Quill"


STORY = """Sea wall cracks found along forty metres

By Jon Ferris, Staff Reporter
The Harbour Gazette
Published May 9, 2024

HARBOURSIDE — Engineers found cracks along forty metres of the sea wall on Tuesday.

The wall carries about 3,000 vehicles a day on the coast road.

Correction: An earlier version of this article said the wall carried 30,000 vehicles a day. The
correct figure is about 3,000.
"""


def test_a_head_may_set_the_publication_between_the_byline_and_the_date() -> None:
    document = uploaded(STORY, "wall.txt")
    assert document.meta.author == "Jon Ferris"
    assert document.meta.date == dt.date(2024, 5, 9)
    assert not any("Staff Reporter" in p.text for p in document.passages)


def test_a_correction_is_the_publishers_and_is_quoted_whole() -> None:
    document = uploaded(STORY, "wall.txt")
    correction = next(p for p in document.passages if p.text.startswith("Correction:"))
    assert correction.voice is Voice.PUBLISHER
    engine = AnswerEngine([document])
    quote = next(
        q
        for q in engine.answer("what did the correction change about the vehicles a day?").quotes
        if q.text.startswith("Correction:")
    )
    assert quote.text.endswith("The\ncorrect figure is about 3,000.")  # not the error alone


LETTER = """Letter: Keep the Sunday ferry

To the editor:

Your story on the ferry timetable left out the patients who cross on Sundays for dialysis.

Without the Sunday crossing they will have to stay on the mainland every weekend.

Ines Alder
Chair, Island Patients' Group
Harbourside

Published in The Harbour Gazette, Letters, May 12, 2024
"""


def test_a_letter_signed_with_a_name_alone_is_its_signers() -> None:
    document = uploaded(LETTER, "ferry-letter.txt")
    meta = document.meta
    assert meta.title == "Letter: Keep the Sunday ferry"
    assert meta.kind is Kind.LETTER and meta.author == "Ines Alder"
    assert meta.date == dt.date(2024, 5, 12)
    texts = [p.text for p in document.passages]
    assert texts[0].startswith("Your story") and texts[-1].startswith("Without the Sunday")


def test_the_editors_note_is_asked_for_by_name(seed_document: Document) -> None:
    # The bundled article's publisher is also called "the editor": "the editor's note" names
    # a publisher's note on a piece, not that publisher, nor the op-ed's own author.
    op_ed = uploaded(OP_ED, "wall.md")
    engine = AnswerEngine([seed_document, op_ed])
    for question in (
        "what does the editor's note say?",
        "what does the op-ed's editor's note say?",
    ):
        answer = engine.answer(question)
        assert not answer.abstained, question
        first = answer.quotes[0]
        assert "harbour board" in first.text
        assert first.attribution.voice is Voice.PUBLISHER
    label = attribution_parts(
        engine.answer("what does the editor's note say?").quotes[0].attribution
    )
    assert label.speaker.endswith("(publisher's note)")  # once, not the part again


def test_a_title_before_a_named_person_is_not_searched() -> None:
    meeting = MEETING.replace(
        "CHAIR OKAFOR: Thank you. We move to a vote.",
        "CHAIR OKAFOR: Is there a second? Councillor Marr seconds. I was never warned about "
        "the wall.",
    )
    engine = AnswerEngine([uploaded(meeting, "meeting.txt")])
    first = engine.answer("what did Councillor Okafor say about warnings?").quotes[0]
    assert first.attribution.speaker == "Chair Okafor"
    assert first.text == "I was never warned about the wall."  # not "Councillor Marr seconds."


def test_a_role_that_names_someone_is_not_a_name_after_a_title(
    fixture_documents: list[Document],
) -> None:
    # "expert" is among nameparser's titles, and "the councillor" names the op-ed's author: the
    # expert is what is asked about, not a title of the councillor's.
    engine = AnswerEngine(fixture_documents)
    answer = engine.answer("who is the expert the councillor quotes")
    assert not answer.abstained
    assert "expert" in engine.query("who is the expert the councillor quotes").terms


def test_the_answer_to_an_interviewers_question_comes_before_the_question() -> None:
    engine = AnswerEngine([uploaded(INTERVIEW, "ferry.md")])
    first = engine.answer("why does the winter timetable matter so much?").quotes[0]
    assert first.attribution.speaker == "Ruiz" and "hospital" in first.text
    # Asked what was asked, the question itself.
    asked = engine.answer("what did the Gazette ask about the winter timetable?").quotes[0]
    assert asked.attribution.speaker == "Gazette"


# An op-ed whose editor's note (a disclosure) stands between its title and its byline, and
# whose head says where it appeared.
NOTED_OP_ED = """# Bus lanes are not the enemy of the high street

*Editor's note: The author chairs the Fernby Cycling Forum, which campaigned for the new lanes.*

By Tamsin Oyelaran-Hart

Published in the Fernby Gazette, 4 November 2024

Every shopkeeper on Mill Street fears that fewer parking spaces mean fewer customers.

The council's counts say otherwise. Footfall rose by a tenth where the lanes went in.

*Tamsin Oyelaran-Hart runs a bakery on Mill Street.*
"""


@pytest.mark.parametrize("filename", ["lanes.md", "lanes.txt"])
def test_a_byline_under_an_editors_note_is_still_the_byline(filename: str) -> None:
    document = uploaded(NOTED_OP_ED, filename)
    meta = document.meta
    assert meta.title == "Bus lanes are not the enemy of the high street"
    assert meta.author == "Tamsin Oyelaran-Hart"
    assert meta.date == dt.date(2024, 11, 4)
    assert meta.publisher == "Fernby Gazette"  # "in the Fernby Gazette": no "the"
    note = next(p for p in document.passages if "Cycling Forum" in p.text)
    assert note.voice is Voice.PUBLISHER and note.speaker == "Fernby Gazette"
    # The byline and the publication line are metadata, not passages.
    assert not any("By Tamsin" in p.text or "Published in" in p.text for p in document.passages)
    footfall = next(p for p in document.passages if "Footfall rose" in p.text)
    assert footfall.voice is Voice.AUTHOR and footfall.speaker == "Tamsin Oyelaran-Hart"


def test_a_colophon_names_where_a_piece_appeared_but_not_who_wrote_it() -> None:
    text = NOTED_OP_ED.replace("By Tamsin Oyelaran-Hart\n\n", "").replace(
        "\n*Tamsin Oyelaran-Hart runs a bakery on Mill Street.*\n", ""
    )
    meta = uploaded(text, "lanes.md").meta
    assert meta.publisher == "Fernby Gazette" and meta.date == dt.date(2024, 11, 4)
    assert meta.author == "Unknown author"


RELEASE_TEXT = """PRESS RELEASE \u2014 FOR IMMEDIATE RELEASE

Fernby library opens on Sundays from June

Readers asked for it in the spring survey; the council found the money in the summer budget.

FERNBY, 9 April 2025 \u2014 Fernby Library will open from 10am to 4pm every Sunday from 1 June.

"Sunday is the day families can come together," said Amara Quist, the head librarian.

ENDS
"""


def test_a_text_press_release_with_two_marks_and_a_dateline_under_its_standfirst() -> None:
    document = uploaded(RELEASE_TEXT, "library.txt")
    meta = document.meta
    assert meta.kind is Kind.PRESS_RELEASE and meta.date == dt.date(2025, 4, 9)
    assert meta.title == "Fernby library opens on Sundays from June"
    texts = [p.text for p in document.passages]
    assert texts[1].startswith("Fernby Library will open")  # the dateline is no one's words
    assert not any("RELEASE" in t or t == "ENDS" for t in texts)


# A speech's transcript of our own: a heading line naming the speaker and her office, the day
# and the venue under it, and the audience's reactions noted in brackets.
SPEECH = """Remarks by the Chair of Westmoor Harbour Board, Dr Ines Halloran, at the slipway
Date: Thursday 6 June 2024
Venue: The Boathouse, Westmoor

[Transcript issued by the Harbour Board office.]

Good afternoon. It has taken nine years to get here, and most of you have asked me about it
at least twice. (Laughter)

The slipway will let the lifeboat launch at any state of the tide. That matters more than
anything else we built this decade. (Applause)

We will keep the old ramp for the sailing club. [inaudible] ... the club agreed in May.

(Sustained applause)
"""


def test_a_speech_heading_line_names_its_speaker_and_makes_a_speech() -> None:
    document = uploaded(SPEECH, "slipway.txt")
    meta = document.meta
    assert meta.title.startswith("Remarks by the Chair of Westmoor Harbour Board")
    assert (meta.author, meta.author_role) == ("Ines Halloran", "Chair of Westmoor Harbour Board")
    assert (meta.date, meta.kind) == (dt.date(2024, 6, 6), Kind.SPEECH)
    texts = [p.text for p in document.passages]
    # Neither the head's lines nor the audience's reactions are her words.
    assert not any(t.startswith(("Date:", "Venue:", "Remarks by")) for t in texts)
    assert not any("(Laughter)" in t or "(Applause)" in t or "[inaudible]" in t for t in texts)
    assert texts[1].endswith("at least twice.")
    assert "May." in texts[3] and texts[3].startswith("We will keep the old ramp")
    said = [p for p in document.passages if p.speaker == "Ines Halloran"]
    assert len(said) == 3
    note = document.passages[0]
    assert note.voice is Voice.PUBLISHER and note.text.startswith("[Transcript issued")
    assert "the chair of westmoor harbour board" in meta.mentions[0].aliases
