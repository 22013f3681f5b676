"""Typed hearing transcripts (an inquiry's day, a court's examination): margin line numbers and
page headers dropped, "Q." and "A." lines the examining counsel's and the sworn witness's, the
chair's turns the chair's, the head's title and date the document's."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Kind, Voice


def uploaded(text: str, filename: str = "day3.txt") -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0]
    ).document


def transcript_speakers(text: str, filename: str, date: dt.date) -> dict[str, str | None]:
    """Each passage's text -> its speaker, of a file that must read as a transcript dated
    `date`."""
    document = uploaded(text, filename)
    assert document.meta.kind is Kind.TRANSCRIPT
    assert document.meta.date == date
    return {p.text: p.speaker for p in document.passages}


def _page(number: int, lines: list[str]) -> str:
    """A transcript's page as services type it: its header, then its lines numbered 1-25."""
    numbered = [f"{n:>2}  {line}".rstrip() for n, line in enumerate(lines, start=1)]
    return f"{'':>50}Page {number}\n" + "\n".join(numbered) + "\n\n"


# Our own inquiry day: two pages of 25 numbered lines, a witness affirmed and examined, a
# sentence running over the page break, the chair intervening, a second counsel's questions.
DAY = _page(
    7,
    [
        "               THE ASHGROVE LEVEL CROSSING INQUIRY",
        "                  Day 3 — 11 June 2024",
        "          Held at: Ashgrove Town Hall",
        "          Before: Dame Ruth Calloway (Chair)",
        "(9.30 am)",
        "THE CHAIR: Good morning. Mr Okoro, your witness, I think.",
        "MR OKORO KC: Yes, madam. I call Mrs Nanda.",
        "MRS PRIYA NANDA (affirmed)",
        "Examination by MR OKORO KC",
        "Q. Mrs Nanda, you were the signal technician on duty on",
        "      the night of the collision?",
        "A. I was. I had been on the night rota for two years.",
        "Q. When did you first see the fault on the barrier?",
        "A. At about ten past eleven. The amber lights came on but",
        "      the barrier arms stayed up, and the panel showed no",
        "      alarm at all.",
        "Q. What did you do?",
        "A. I rang the control room straight away and asked them to",
        "      stop the trains on both lines.",
        'Q. Your report of 3 May says, "The barrier motor had been',
        '      flagged twice before". Who flagged it?',
        "A. My colleague on the day shift. I understood the part",
        "      had been ordered in March but it had not arrived, and",
        "      nobody told the night shift that the crossing was",
        "      running on a temporary",
    ],
) + _page(
    8,
    [
        "      repair.",
        "THE CHAIR: Mrs Nanda, was that temporary repair ever",
        "written down anywhere?",
        "THE WITNESS: Only in the day shift's handover book, madam.",
        "MR OKORO KC: Thank you. Madam, those are my questions.",
        "THE CHAIR: Thank you. Ms Varga?",
        "MS VARGA: A few, madam, for the families.",
        "Examination by MS VARGA",
        "Q. Mrs Nanda, how long would a new barrier motor take to",
        "      fit?",
        "A. Half a shift, if the part is there.",
        "(11.05 am)",
        "(A short break)",
    ],
)


def test_a_hearings_line_numbers_and_page_headers_are_not_its_words() -> None:
    document = uploaded(DAY)
    texts = [p.text for p in document.passages]
    assert not any("Page 7" in t or "Page 8" in t for t in texts)
    # The sentence running over the page break is whole, its wrapped lines joined.
    assert (
        "nobody told the night shift that the crossing was running on a temporary repair."
        in " ".join(texts)
    )
    assert not any(t[:2].strip().isdigit() for t in texts)
    assert not any(" 25 " in t or " 1 " in t for t in texts)


def test_a_running_header_over_each_page_is_not_its_words() -> None:
    headed = DAY
    for page in (7, 8):
        headed = headed.replace(
            f"{'':>50}Page {page}", f"Level Crossing Inquiry      11 June 2024      Page {page}"
        )
    texts = [p.text for p in uploaded(headed).passages[1:]]  # the head's passage aside
    assert not any("Level Crossing Inquiry" in t or "Page" in t for t in texts)
    assert any(t.endswith("running on a temporary repair.") for t in texts)


def test_examination_lines_are_the_counsels_and_the_witnesss_turns() -> None:
    document = uploaded(DAY)
    assert document.meta.kind is Kind.TRANSCRIPT
    by_text = {p.text: p for p in document.passages}
    answer = next(p for t, p in by_text.items() if t.startswith("At about ten past eleven"))
    assert answer.voice is Voice.SPEAKER and answer.speaker == "Mrs Priya Nanda"
    asked = next(p for t, p in by_text.items() if t.startswith("When did you first see"))
    assert asked.speaker == "Mr Okoro KC"
    # "THE CHAIR:" is the person the head sets over the hearing; "THE WITNESS:" the witness.
    chair = next(p for t, p in by_text.items() if "ever written down" in t)
    assert chair.speaker == "Dame Ruth Calloway"
    handover = next(p for t, p in by_text.items() if "handover book" in t)
    assert handover.speaker == "Mrs Priya Nanda"
    # A second counsel's examination: her "Q." lines are hers.
    motor = next(p for t, p in by_text.items() if t.startswith("Mrs Nanda, how long"))
    assert motor.speaker == "Ms Varga"


def test_a_hearings_head_titles_and_dates_it_and_procedure_is_no_ones_words() -> None:
    document = uploaded(DAY)
    assert document.meta.title == "The Ashgrove Level Crossing Inquiry — Day 3"
    assert document.meta.date == dt.date(2024, 6, 11)
    texts = " ".join(p.text for p in document.passages)
    for line in ("(affirmed)", "Examination by", "(A short break)", "(9.30 am)", "Q. ", "A. "):
        assert line not in texts


def test_a_witness_is_asked_about_by_name_and_the_chair_by_role() -> None:
    engine = AnswerEngine([uploaded(DAY)])
    first = engine.answer("What did Mrs Nanda say about the barrier fault?").quotes[0]
    assert first.attribution.speaker == "Mrs Priya Nanda"
    assert "amber lights" in first.text
    chair = engine.answer("What did the chair ask about the temporary repair?").quotes[0]
    assert chair.attribution.speaker == "Dame Ruth Calloway"
    # Her report's words, as counsel read them out, are counsel's turn, not her own answers.
    report = engine.answer("What did Mrs Nanda's report of 3 May say?").quotes[0]
    assert "flagged twice before" in report.text
    assert report.attribution.speaker == "Mr Okoro KC"


# A court's examination typed without line numbers, as an American transcript sets it.
COURT = """STATE v. HOLLOWAY
March 3, 2023

JAMES REYES, having been duly sworn, testified as follows:

DIRECT EXAMINATION

BY MS. CARTER:

Q. Mr. Reyes, where were you on the evening of the fire?

A. I was closing up the hardware store across the street.

Q. What did you see?

A. Smoke coming out of the back window of the bakery, and a man
running toward the parking lot.

MR. DUNN: Objection, Your Honor.

THE COURT: Overruled.

BY MS. CARTER:

Q. Did you recognize the man?

A. No. It was too dark to see his face.
"""


def test_a_courts_examination_without_line_numbers_is_read_as_turns() -> None:
    speakers = transcript_speakers(COURT, "holloway.txt", dt.date(2023, 3, 3))
    smoke = next(t for t in speakers if t.startswith("Smoke coming out"))
    assert smoke.endswith("running toward the parking lot.")  # its wrapped line joined
    assert speakers[smoke] == "James Reyes"
    assert "DIRECT EXAMINATION" not in speakers  # a heading naming no one
    assert speakers["Did you recognize the man?"] == "Ms. Carter"
    assert speakers["Overruled."] == "The Court"
    assert speakers["Objection, Your Honor."] == "Mr. Dunn"


def test_a_numbered_list_is_no_hearing() -> None:
    text = "Ten rules for the allotment\n\n" + "\n".join(
        f"{n} Keep the paths clear of tools and hoses." for n in range(1, 12)
    )
    document = uploaded(text, "rules.txt")
    assert document.meta.kind is Kind.ARTICLE
    assert document.passages[0].text.startswith("1 Keep the paths")


# A select committee's oral evidence: each question numbered before the member's label, the
# witnesses speaking by name, the chair among the members present.
COMMITTEE = """Oral evidence: Rural bus services, HC 412

Wednesday 9 October 2024

Members present: Gareth Penhale (Chair); Lucy Amis; Tom Wragg.

Questions 1-3

Witnesses: Helen Drury, Director, Moorside Buses; and Sam Oduya, Harrowdale Rider Forum.

Q1 Chair: Good morning. Ms Drury, why were the Sunday services cut?

Helen Drury: Because the council's subsidy ended in April and fares alone cover a third of the
cost of a Sunday bus.

Q2 Lucy Amis: Mr Oduya, what did the cut mean for your members?

Sam Oduya: People without cars lost the only way to the hospital on a Sunday.

Q3 Chair: Ms Drury, would you restore the services if the subsidy came back?

Helen Drury: Yes, within a month.
"""


def test_a_committees_numbered_questions_are_its_members_turns() -> None:
    speakers = transcript_speakers(COMMITTEE, "buses.txt", dt.date(2024, 10, 9))
    sunday = next(t for t in speakers if t.startswith("Good morning."))
    assert speakers[sunday] == "Gareth Penhale"  # "Chair" is the member in the chair
    subsidy = next(t for t in speakers if t.startswith("Because the council's subsidy"))
    assert speakers[subsidy] == "Helen Drury"
    assert subsidy.endswith("cost of a Sunday bus.")
    assert speakers["Yes, within a month."] == "Helen Drury"
    members = next(t for t in speakers if t.startswith("Mr Oduya, what did"))
    assert speakers[members] == "Lucy Amis"
    assert speakers["People without cars lost the only way to the hospital on a Sunday."] == (
        "Sam Oduya"
    )


def test_a_witnesss_paper_read_out_is_found_though_the_passage_does_not_name_her() -> None:
    # "Mrs Nanda's report" is a paper of hers that counsel reads out ("Your report of 3 May
    # says ..."): not her own turns, and the passage reading it need not hold her name.
    engine = AnswerEngine([uploaded(DAY)])
    quote = engine.answer("what did Mrs Nanda's report say about the barrier motor?").quotes[0]
    assert "flagged twice before" in quote.text
