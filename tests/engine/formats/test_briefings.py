"""A press briefing's transcript and a school board's minutes uploaded as text files with no
metadata (`meetinghead`, `transcript`): the head's title, date and place, reporters' labels,
the contact footer, agenda headings, who took the minutes. Fixtures written here."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.formats.meetinghead import agenda_heading, meeting_head
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import Document, Form, Kind, Voice
from bot.engine.results import Answer
from bot.library import Library
from tests.conftest import make_settings

GUILD = "444444444444444444"

BRIEFING = """KESTRELMOOR HARBOUR FERRY AUTHORITY
PRESS BRIEFING - TRANSCRIPT
Subject: Eastern crossing closure and ticket price review
Date: Wednesday, 16 April 2025
Location: KHFA Offices, Conference Room 2

HALVERSTON: Good morning, everyone. From Monday the eastern crossing will close for six weeks
while we replace the landing ramps at Brindle Quay. A replacement coach will leave every
twenty minutes from the old bus station.

Q (Tobias Wrenfield, Kestrelmoor Gazette): How many passengers does this affect each day?

HALVERSTON: Roughly four thousand on a weekday, and we are sorry for the disruption.

Oskar Lindqvist-Mare (Chief Engineer): The ramps were built in 1987 and the hinges have worn
past the point where we can keep patching them. Our inspection in February found cracks in
two of the four hinge plates.

Q (Marisol Quaintance, Harbour Radio): Are fares going up to pay for this? [crosstalk]

Meredith Halverston (Spokesperson): We are not there yet.
Q (Benedikta Oyelaran-Voss, The Kestrelmoor Evening Standard): On fares. Will you rule out a
rise before the summer timetable?
HALVERSTON: The board will review ticket prices in June, but no increase has been agreed.
Season tickets bought before the closure will be extended by six weeks at no cost.

Q (Tobias Wrenfield, Kestrelmoor Gazette): Will the coach take bicycles? [inaudible]

LINDQVIST-MARE: Each coach has a rack for four bicycles, and we are hiring a van for anything
larger.

HALVERSTON: Thank you all. We will publish a full timetable on Friday.

Media enquiries: press@khfa.example | 0160 555 0147
"""

MINUTES = """BRACKENFORD VALLEY SCHOOL DISTRICT
BOARD OF EDUCATION - REGULAR MEETING
MINUTES

Date: Tuesday, February 11, 2025
Location: District Office Boardroom, 40 Millrace Lane

Trustees present: President Aurelia Vantongeren, Trustee Desmond Okafor-Lynn, Trustee Ilse
Bramwell, Trustee Rufus Pennington, Trustee Constance Ferreira

1. CALL TO ORDER
President Vantongeren called the meeting to order at 6:32 p.m.

3. STUDENT REPRESENTATIVE REPORT
Student Representative Halloran-Quist reported that the robotics club placed second at the
county tournament and that students want longer library hours during exam weeks.

4. SUPERINTENDENT'S REPORT
Superintendent Marlowe reported that enrolment for the coming year is projected to fall by
about 140 pupils, mostly in the primary grades. He also reported that the roof repairs at
Fernside Elementary are finished and came in under budget.

5. PUBLIC COMMENT
Public comment on item 6.1:
  Wilhelmina Draycott, a parent at Fernside Elementary, asked the board to keep the late bus
  running because many families have no car.

6. ACTION ITEMS
6.1 Late bus route reduction
Moved by: Trustee Okafor-Lynn; Seconded by: Trustee Pennington; Carried 4-1 (Trustee Bramwell
opposed)
Trustee Bramwell explained her vote: she could not support cutting a service that working
parents rely on when the savings come to less than one percent of the transport budget.

6.2 Sports field lighting
No action was taken. This item will return at the March meeting with revised cost estimates.

Minutes respectfully submitted by Henrietta Solberg, Recording Secretary
"""


@pytest.fixture
async def library(tmp_path: Path) -> AsyncIterator[Library]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    opened = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    await opened.upload(BRIEFING.encode(), "transit press briefing.txt", GUILD, 7, UploadDetails())
    await opened.upload(MINUTES.encode(), "school board minutes.txt", GUILD, 7, UploadDetails())
    yield opened
    await opened.close()


async def _document(library: Library, words: str) -> Document:
    answer = await library.ask(words, scope=GUILD)
    assert answer.quotes, words
    return library.engine.collection.documents[answer.quotes[0].attribution.doc_id]


async def _ask(library: Library, question: str) -> Answer:
    answer = await library.ask(question, scope=GUILD)
    assert not answer.abstained and answer.quotes, question
    return answer


async def test_a_reporters_label_names_the_reporter_not_q(library: Library) -> None:
    answer = await _ask(library, "What did Benedikta Oyelaran-Voss ask about fares?")
    first = answer.quotes[0].to_json()
    assert first["speaker"] == "Benedikta Oyelaran-Voss"
    assert str(first["passage"]).startswith("On fares. Will you rule out")
    document = await _document(library, "hinges worn past patching")
    speakers = {p.speaker for p in document.passages if p.voice is Voice.SPEAKER}
    assert {"Tobias Wrenfield", "Marisol Quaintance", "Meredith Halverston"} <= speakers
    assert "Q" not in speakers
    # Every label starts its own turn: none is left inside another speaker's words.
    assert not any("Q (" in p.text or "HALVERSTON:" in p.text for p in document.passages)
    outlets = {m.name: m.aliases for m in document.meta.mentions}
    assert "the reporter for kestrelmoor gazette" in {
        a.lower() for a in outlets["Tobias Wrenfield"]
    }


async def test_a_contact_line_after_the_last_turn_is_no_ones_words(library: Library) -> None:
    document = await _document(library, "hinges worn past patching")
    assert not any("press@" in p.text or "enquiries" in p.text for p in document.passages)
    assert document.passages[-1].text.startswith("Thank you all.")


async def test_the_head_block_titles_dates_and_places_the_briefing(library: Library) -> None:
    meta = (await _document(library, "hinges worn past patching")).meta
    assert meta.title == "Press briefing: Eastern crossing closure and ticket price review"
    assert meta.date == dt.date(2025, 4, 16)
    assert meta.occasion == "KHFA Offices, Conference Room 2"
    assert meta.publisher == "Kestrelmoor Harbour Ferry Authority"
    assert meta.kind is Kind.TRANSCRIPT and meta.form is Form.BRIEFING


async def test_the_head_and_the_closing_line_describe_the_minutes(library: Library) -> None:
    meta = (await _document(library, "robotics club county tournament")).meta
    assert meta.title == (
        "Board of Education - Regular Meeting Minutes, Brackenford Valley School District"
    )
    assert meta.date == dt.date(2025, 2, 11)
    assert meta.occasion == "District Office Boardroom, 40 Millrace Lane"
    assert meta.author == "Henrietta Solberg" and meta.author_role == "recording secretary"
    assert meta.kind is Kind.REPORT and meta.form is Form.MINUTES


async def test_when_and_where_the_briefing_was_held_is_its_heads(library: Library) -> None:
    answer = await _ask(library, "When and where was the briefing held?")
    facts = answer.to_json()["document"]
    assert isinstance(facts, dict)
    assert facts["details"] == {"date": "2025-04-16", "place": "KHFA Offices, Conference Room 2"}
    assert "Location: KHFA Offices" in answer.quotes[0].passage


async def test_who_took_the_minutes_is_their_closing_lines_signer(library: Library) -> None:
    answer = await _ask(library, "Who took the minutes?")
    facts = answer.to_json()["document"]
    assert isinstance(facts, dict) and facts["value"] == "Henrietta Solberg"
    assert answer.quotes[0].passage.startswith("Minutes respectfully submitted by")


async def test_reported_that_reports_the_officer_named(library: Library) -> None:
    answer = await _ask(library, "What did Superintendent Marlowe report about enrolment?")
    first = answer.quotes[0].to_json()
    assert first["reporting"] == "Superintendent Marlowe"
    assert "140 pupils" in str(first["quote"])
    answer = await _ask(library, "Were the roof repairs at Fernside finished?")
    first = answer.quotes[0].to_json()
    assert str(first["quote"]).startswith("He also reported that the roof repairs")
    assert first["reporting"] == "Superintendent Marlowe"
    answer = await _ask(library, "Why did Trustee Bramwell vote against the late bus?")
    assert answer.quotes[0].to_json()["reporting"] == "Trustee Bramwell"


async def test_agenda_headings_are_sections_not_quoted_words(library: Library) -> None:
    answer = await _ask(library, "What did the robotics club achieve at the county tournament?")
    passage = answer.quotes[0].passage
    assert passage.startswith("Student Representative Halloran-Quist reported")
    document = await _document(library, "robotics club county tournament")
    comment = next(p for p in document.passages if "late bus" in p.text and "parent" in p.text)
    assert comment.text.startswith("Wilhelmina Draycott")
    assert comment.heading == "Public comment on item 6.1:"
    assert not any(agenda_heading(p.text.split("\n")[0]) for p in document.passages)


NEWS_CONFERENCE = """NORTHBRIDGE CITY POLICE
NEWS CONFERENCE
Topic: Arrests after the Canal Street warehouse fire
Date: 2 June 2024
Venue: Northbridge Police Headquarters

CHIEF INSPECTOR OYELOWO: Good afternoon. Overnight officers arrested two men in connection
with the warehouse fire on Canal Street.
QUESTION (Harriet Vell, Northbridge Echo): Were any firefighters hurt?
CHIEF INSPECTOR OYELOWO: One firefighter was treated for smoke inhalation and has gone home.
QUESTION (Dev Rastogi, Radio Northbridge): Was the fire started deliberately?
CHIEF INSPECTOR OYELOWO: We are treating it as arson, yes.
For further information contact the press office: media@northbridge.example or 0161 555 0100
"""


async def test_a_news_conference_run_together_is_read_the_same_way(library: Library) -> None:
    await library.upload(NEWS_CONFERENCE.encode(), "fire.txt", GUILD, 7, UploadDetails())
    answer = await _ask(library, "What did Dev Rastogi ask about the fire?")
    assert answer.quotes[0].to_json()["speaker"] == "Dev Rastogi"
    document = await _document(library, "treating it as arson")
    assert document.meta.title == "News conference: Arrests after the Canal Street warehouse fire"
    assert document.meta.occasion == "Northbridge Police Headquarters"
    # The head's fields are no one's turn; the contact line closing the last turn is cut.
    assert all(p.speaker != "Topic" for p in document.passages)
    assert document.passages[-1].text == "We are treating it as arson, yes."


def test_a_head_without_a_briefing_or_minutes_is_no_meeting_head() -> None:
    assert (
        meeting_head(["EASTVALE WATER AUTHORITY\nDate: 3 May 2025", "The reservoir is low."])
        is None
    )
    assert meeting_head(["CITY COUNCIL MINUTES", "Members present: Jo Roe"]) is not None


def test_an_agenda_heading_is_a_numbered_name_not_a_numbered_sentence() -> None:
    assert agenda_heading("5. STUDENT REPRESENTATIVE REPORT")
    assert agenda_heading("6.1 Late bus route reduction")
    assert agenda_heading("Public comment on item 7.1:")
    assert not agenda_heading("2. The board approved the budget.")
    assert not agenda_heading("Moved by: Trustee Bramwell; Seconded by: Trustee Ferreira")


RAMPS = """KESTRELMOOR HARBOUR FERRY AUTHORITY
PRESS BRIEFING - TRANSCRIPT
Subject: Brindle Quay landing ramps
Date: Thursday, 17 April 2025

HALVERSTON: Good morning. The engineer will take your questions on the ramps.

Q (Tobias Wrenfield, Kestrelmoor Gazette): The ramps at Saltmere quay were built the same
year, by the same firm, with the same hinge plates. Are the Saltmere ramps at risk too?

LINDQVIST-MARE: No. Those were rebuilt in 2019 after a survey, and they passed their last
inspection in March without a single finding.

HALVERSTON: Thank you all.
"""


async def test_a_reporters_question_yields_to_the_answer_after_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    try:
        await library.upload(RAMPS.encode(), "ramps briefing.txt", GUILD, 7, UploadDetails())
        answer = await _ask(library, "are the saltmere ramps at risk?")
        assert answer.quotes[0].passage.startswith("No. Those were rebuilt in 2019")
        # Asked what was asked, the reporter's question is the answer.
        asked = await _ask(library, "what did the reporter ask about the saltmere ramps?")
        assert asked.quotes[0].passage.startswith("The ramps at Saltmere quay")
    finally:
        await library.close()
