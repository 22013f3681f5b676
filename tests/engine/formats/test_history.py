"""Sources as a history class gathers them: a meeting's transcript and an oral history whose
head lines carry colons, a diary of dated entries, a soldier's letter saved in a museum's page,
and an essay with numbered notes."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Kind, Voice


def uploaded(text: str, filename: str) -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0], isolated=True
    ).document


DATED_TITLE_MEETING = """Riverton Parish Assembly: 2 March 1961

CLERK: The minutes of the last assembly are taken as read.

VICAR DOWNES: I would ask that the lych gate be added to the agenda.

CLERK: It is added. Mr Fenn has the floor on the drains.

ALBERT FENN: The drains behind the school flood every spring and nobody mends them.

VICAR DOWNES: Then let us write to the county engineer this week.
"""

TOPIC_TITLE_MEETING = """Harbour Board Meeting: The Lighthouse Lease

Record of an open meeting in the Customs House, Portlow, on the afternoon of Friday \
19 August 1949, kept by the board's secretary.

CHAIRMAN: We meet to settle the lease of the old lighthouse keeper's cottage.

MRS QUAYLE: The cottage should go to a fishing family, not to summer visitors.

CHAIRMAN: The board will vote on it after the tea interval.

MRS QUAYLE: Then I ask that my objection be written down.
"""

ORAL_HISTORY = """Oral history: Mrs Ada Penrose on the mill strike

Interviewed by Owen Hale

Date: 9 June 1981

Location: Stanley Road, Riverton

Q: Where were you when the mill gates were locked?

A: I was on the early shift. We came up the hill and found a chain on the gates and a notice \
nailed to the post.

Q: What did the strikers eat that winter?

A: Soup from the chapel kitchen, mostly. The baker gave us yesterday's bread for nothing.
"""


def test_a_transcripts_title_with_a_colon_is_its_title_and_its_date_the_documents() -> None:
    document = uploaded(DATED_TITLE_MEETING, "assembly.txt")
    assert document.meta.title == "Riverton Parish Assembly"
    assert document.meta.date == dt.date(1961, 3, 2)
    assert document.meta.kind is Kind.TRANSCRIPT
    assert [p.speaker for p in document.passages][:2] == ["Clerk", "Vicar Downes"]
    assert not any("Assembly" in person.name for person in document.meta.mentions)


def test_a_transcripts_opening_paragraph_is_its_head_not_the_titles_turn() -> None:
    document = uploaded(TOPIC_TITLE_MEETING, "harbour.txt")
    assert document.meta.title == "Harbour Board Meeting: The Lighthouse Lease"
    assert document.meta.date == dt.date(1949, 8, 19)
    record = document.passages[0]
    assert record.text.startswith("Record of an open meeting")
    assert record.voice is not Voice.SPEAKER
    assert {p.speaker for p in document.passages[1:]} == {"Chairman", "Mrs Quayle"}


def test_an_oral_historys_head_fields_are_no_turns_and_q_and_a_are_its_people() -> None:
    document = uploaded(ORAL_HISTORY, "penrose.txt")
    assert document.meta.title == "Oral history: Mrs Ada Penrose on the mill strike"
    assert document.meta.date == dt.date(1981, 6, 9)
    texts = [p.text for p in document.passages]
    assert not any(t.startswith(("Interviewed by", "Date:")) for t in texts)
    # Where it was recorded is kept to quote, but as no one's turn.
    assert texts[0] == "Location: Stanley Road, Riverton"
    assert document.passages[0].voice is not Voice.SPEAKER
    assert [p.speaker for p in document.passages if p.voice is Voice.SPEAKER] == [
        "Owen Hale",
        "Ada Penrose",
        "Owen Hale",
        "Ada Penrose",
    ]
    assert not any("History" in person.name for person in document.meta.mentions)


def test_an_oral_history_naming_no_one_keeps_the_interviews_roles() -> None:
    text = ORAL_HISTORY.replace("Oral history: Mrs Ada Penrose on the mill strike", "The strike")
    text = text.replace("Interviewed by Owen Hale\n\n", "")
    turns = [p for p in uploaded(text, "strike.txt").passages if p.voice is Voice.SPEAKER]
    speakers = {p.speaker for p in turns}
    assert speakers == {"Interviewer", "Interviewee"}


DIARY = """The Notebook of Lilian Marsh, Portlow, August 1944

Wednesday 2 August 1944.

The convoy lorries went through the square all morning and the windows shook in their frames.

Friday 4 August 1944.

Aunt May came for tea with a tin of peaches she had kept since Christmas. We opened it at last.

Sunday 6 August 1944.

Chapel in the morning, then a walk along the sea wall. The barbed wire is rusting already.
"""


def test_a_dated_line_heads_the_diary_entry_under_it_and_is_no_passage() -> None:
    document = uploaded(DIARY, "notebook.txt")
    texts = [p.text for p in document.passages]
    assert len(texts) == 3
    assert not any(t.endswith("1944.") and len(t) < 30 for t in texts)
    assert [p.heading for p in document.passages] == [
        "Wednesday 2 August 1944",
        "Friday 4 August 1944",
        "Sunday 6 August 1944",
    ]
    # An entry's date is not the day the notebook was published.
    assert document.meta.date is None


def test_a_diary_entry_is_found_by_its_date() -> None:
    engine = AnswerEngine([uploaded(DIARY, "notebook.txt")])
    for question in (
        "what happened on 4 August according to the notebook?",
        "what did Lilian write on August 4th, 1944?",
    ):
        first = engine.answer(question).quotes[0]
        assert first.text.startswith("Aunt May came for tea"), question


VERSE_PAGE = """<html><head><title>The Ferryman's Song | Portlow Archive</title></head><body>
<article><h1>The Ferryman's Song</h1>
<p>This song was collected from a ferryman at Portlow in the spring of 1921, who had it from
his grandfather and sang it at the oars.</p>
<p>The tide came in at noon,<br>and the boats were gone,<br/>and the gulls sang on.</p>
<p>The archive holds two other versions of the song, both shorter, and both from the far side
of the river.</p>
</article></body></html>
"""


def test_a_line_break_inside_a_paragraph_parts_its_words() -> None:
    document = uploaded(VERSE_PAGE, "song.html")
    assert "The tide came in at noon, and the boats were gone, and the gulls sang on." in [
        p.text for p in document.passages
    ]


ARCHIVE_PAGE = """<html><head><title>A letter home from Gunner Harry Bell | Portlow Archive</title>
<meta property="og:site_name" content="Portlow Archive"></head><body>
<nav><a href="/">Home</a> <a href="/items">Items</a></nav><article>
<h1>A letter home from Gunner Harry Bell</h1>
<p>Gunner Harry Bell of the Portlow Battery wrote this letter to his mother in the spring of
1915. His family gave it to the archive along with his cap badge and two photographs.</p>
<h2>Keeper's note</h2>
<p><em>The letter is written in ink on two sheets, and the second sheet is torn at the fold.
Gunner Bell came home in 1919 and kept the Ship Inn until his death. R. Calloway, Keeper,
May 2021.</em></p>
<h2>The letter</h2>
<p>Camp near Ypres, 14th May 1915</p>
<p>Dear Mother,</p>
<p>We are well dug in here and the guns have been quiet for two days, which is a mercy. The
tins of toffee came safe and were shared out round the whole section before dark.</p>
<p>Tell Father the horses are better fed than we are, and that I have not forgotten how to
shoe one.</p>
<p>Your affectionate son,<br>Harry</p>
</article></body></html>
"""


def test_a_letter_set_in_a_page_is_its_signers_and_the_page_around_it_the_publishers() -> None:
    document = uploaded(ARCHIVE_PAGE, "bell.html")
    by_text = {p.text[:20]: p for p in document.passages}
    letter = [p for p in document.passages if p.voice is Voice.SPEAKER]
    assert letter[0].text == "Camp near Ypres, 14th May 1915"
    assert letter[-1].text == "Your affectionate son, Harry"
    assert {p.speaker for p in letter} == {"Harry"}
    assert len(letter) == 5
    for opening in ("Gunner Harry Bell of", "The letter is writte"):
        assert by_text[opening].voice is not Voice.SPEAKER
        assert by_text[opening].speaker == "Portlow Archive"


def test_a_month_in_a_pages_note_does_not_date_the_page() -> None:
    assert uploaded(ARCHIVE_PAGE, "bell.html").meta.date is None
