"""Who is speaking and what kind of document it is, as users see it: a turn's label searched,
a speech's occasion, an interview's interviewee, each document's own kind (trial 17's faults)."""

from __future__ import annotations

from bot.cli.render import answer_text, sources_text
from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Form


def uploaded(data: str, filename: str) -> Document:
    return document_from_upload(
        data.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0], isolated=True
    ).document


# A speech of our own: a head of fields with its occasion, two heckles.
SPEECH = """# "Bridges, not barriers": speech on the Harrowgate crossing

**Speaker:** Cllr Idris Pennock, Leader of Harrowgate Borough Council
**Occasion:** Harrowgate Traders' Guild winter supper, The Assembly Rooms, Harrowgate
**Date:** Thursday 4 December 2025

Thank you all for coming out on such a cold night.

The new crossing would take lorries off the high street and cut the journey to the ring road
by eleven minutes.

**Heckler:** What about the ferry workers?

The ferry crews will be offered jobs on the crossing first, every one of them.

**Heckler:** Nobody believes you!

The vote is in February, and the figures will be published before it.
"""

# A magazine's Q&A of our own: bold questions over plain answers in the first person, a
# standfirst saying who talks to whom.
INTERVIEW = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>"Rivers need room" – Dr Senna Okafor on floodplains | The Lowland Quarterly</title>
<meta name="author" content="Gil Ashworth">
<meta property="og:site_name" content="The Lowland Quarterly"></head>
<body><article>
<h1>"Rivers need room"</h1>
<p class="standfirst">Dr Senna Okafor, a hydrologist at Fenmouth University, has mapped every
floodplain in the county. She tells Gil Ashworth why she wants the embankments moved back.</p>
<div class="byline">By Gil Ashworth · 2 February 2026</div>
<p><strong>Why move the embankments at all?</strong></p>
<p>Because I have seen what happens when a river has nowhere to go. In 2024 the water came over
the walls in three towns in one night.</p>
<p><strong>What would it cost?</strong></p>
<p>I estimate forty million pounds over ten years, most of it buying farmland back.</p>
<p><strong>Would farmers agree?</strong></p>
<p>Many already have. I have spoken to sixty of them and most would sell at a fair price.</p>
<p><strong>What worries you most?</strong></p>
<p>I worry that we will wait for the next flood before we decide anything.</p>
</article></body></html>
"""

# An email thread of our own: two messages, two senders.
THREAD = """From: Nadia Perrin <n.perrin@oakfield.example>
Sent: Tuesday, 10 February 2026 09:15
To: Owen Blake <o.blake@oakfield.example>
Subject: RE: Library opening hours

Owen,

I agree the Saturday hours matter most. The survey had 312 replies and two thirds asked for
Saturday afternoons.

Nadia

> From: Owen Blake <o.blake@oakfield.example>
> Sent: Monday, 9 February 2026 16:40
> To: Nadia Perrin <n.perrin@oakfield.example>
> Subject: Library opening hours
>
> Nadia,
>
> I'd like to propose we close the library on Monday mornings and open on Saturday
> afternoons instead. The Monday footfall is the lowest of the week.
>
> Owen
"""


def test_what_the_heckler_shouted_is_answered_with_their_words_not_their_label() -> None:
    engine = AnswerEngine([uploaded(SPEECH, "crossing.md")])
    answer = engine.answer("what did the heckler shout?")
    assert not answer.abstained
    assert answer.quotes[0].text == "What about the ferry workers?"
    assert answer.quotes[0].attribution.speaker == "Heckler"


def test_a_speech_is_asked_where_it_was_given_and_answers_from_its_occasion() -> None:
    speech = uploaded(SPEECH, "crossing.md")
    assert speech.meta.occasion == (
        "Harrowgate Traders' Guild winter supper, The Assembly Rooms, Harrowgate"
    )
    engine = AnswerEngine([speech])
    answer = engine.answer("Where was the speech given?")
    assert answer.facts is not None
    shown = answer_text(answer)
    assert "Given at: Harrowgate Traders' Guild winter supper, The Assembly Rooms" in shown
    assert "Published by" not in shown
    both = answer_text(engine.answer("Where and when was the speech given?"))
    assert "Given at: Harrowgate Traders' Guild" in both and "Published by" not in both
    assert "Given on: 2025-12-04" in both  # a speech's day is when it was given
    assert "given at: Harrowgate Traders' Guild winter supper" in sources_text([speech])


def test_an_interview_is_listed_as_one_with_its_interviewee() -> None:
    interview = uploaded(INTERVIEW, "floodplains.html")
    assert (interview.meta.form, interview.meta.interviewee) == (Form.INTERVIEW, "Dr Senna Okafor")
    listed = sources_text([interview])
    assert "[interview," in listed
    assert "interview of Dr Senna Okafor by Gil Ashworth" in listed
    engine = AnswerEngine([interview])
    said = answer_text(engine.answer("What did Senna Okafor say about the cost?"))
    assert "Dr Senna Okafor, in the interview" in said


def test_an_interview_is_asked_who_was_interviewed_by_whom_and_where() -> None:
    engine = AnswerEngine(
        [uploaded(INTERVIEW, "floodplains.html"), uploaded(SPEECH, "crossing.md")]
    )
    answer = engine.answer("Who was interviewed, by whom, and where was it published?")
    assert answer.facts is not None
    note = answer.facts.sentence()
    assert "Interviewee: Dr Senna Okafor" in note
    assert "By: Gil Ashworth" in note
    assert "Published by: The Lowland Quarterly" in note


def test_an_email_thread_is_listed_as_one_and_asked_who_started_it() -> None:
    thread = uploaded(THREAD, "library-hours.txt")
    assert "[email thread," in sources_text([thread])
    engine = AnswerEngine([thread, uploaded(SPEECH, "crossing.md")])
    answer = engine.answer("Who started the thread and when?")
    assert answer.facts is not None
    assert answer.facts.sentence().startswith("By: Owen Blake; Published: 2026-02-09")


def test_bundled_documents_are_marked_among_a_servers_own() -> None:
    speech = uploaded(SPEECH, "crossing.md")
    thread = uploaded(THREAD, "library-hours.txt")
    lines = sources_text([speech, thread], bundled={thread.id}).splitlines()
    assert lines[0].endswith("¶]")
    assert any(line.startswith("library-hours ") and line.endswith("(bundled)") for line in lines)


# A consultation summary of our own: its period in its head, an issuing department.
CONSULTATION = """# Harbour Parking Charges: Summary of Consultation Responses

Published by the Department for Coastal Towns, 2 June 2026

Consultation period: 12 January 2026 to 6 March 2026

## 1. Introduction

1.1 The Department consulted on new evening charges for the three harbour car parks. It
received 418 responses, 61 of them from businesses.

## 2. Responses

2.1 The Harbour Traders' Association opposed the evening charge. It argued that evening
trade would fall in the quiet months.

2.2 The Seafront Residents' Forum supported the charge, which it said would free spaces for
residents after six.
"""


def test_a_consultation_summary_says_who_published_it_and_when_it_closed() -> None:
    summary = uploaded(CONSULTATION, "harbour-parking.md")
    listed = sources_text([summary])
    assert "[consultation summary," in listed
    assert "consultation closed: 2026-03-06" in listed
    engine = AnswerEngine([summary, uploaded(SPEECH, "crossing.md")])
    answer = engine.answer("Who published the consultation and when did it close?")
    assert answer.facts is not None
    assert answer.facts.sentence().startswith(
        "Published by: Department for Coastal Towns; Closed: 2026-03-06"
    )
