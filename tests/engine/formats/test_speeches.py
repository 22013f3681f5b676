"""Speeches with a head of fields and a heckler, press releases set as PDFs, summaries of
consultation responses, and titles with quotation marks of their own (trial 17's kinds)."""

from __future__ import annotations

import datetime as dt

from bot.cli.render import answer_text
from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Kind, Voice
from tests.engine.formats.pdfs import flowing


def uploaded(data: bytes, filename: str) -> Document:
    # Read in this process (as a sandbox worker would): a PDF may take longer than the limit on
    # a busy machine, and the limit is not what these tests are about.
    return document_from_upload(
        data, filename, UploadDetails(), doc_id=filename.split(".")[0], isolated=True
    ).document


# A speech transcript of our own: its head of fields, an aside, a heckler, a reply opening
# "Sir,", a stock "Thank you." to close.
SPEECH = """# "Keep the lights on": speech on the Brackwater tidal barrage

**Speaker:** Cllr Mirela Toskovic, Leader of Brackwater Borough Council
**Occasion:** Brackwater Rotary Club spring lunch, The Old Customs House
**Date:** Tuesday 14 April 2026

*Text as issued by the council press office. Check against delivery.*

Thank you, Ruth, for having me back. (Laughter)

The barrage would hold back the tide across the estuary mouth and turn it into power for
forty thousand homes. Building it would take six years.

**Heckler:** And who pays when the mudflats silt up?

(Laughter)

Sir, that is a fair question. The silt survey costs nine hundred thousand pounds, and the
developer pays for it, not the council tax payer. (Applause)

**Heckler:** You said that about the marina!

No, sir: the marina was never ours. The vote is in June.

We can wait for someone else to decide our future, or we can build it.

Thank you. (Sustained applause)
"""


def test_a_speech_head_of_fields_names_its_speaker_day_and_occasion() -> None:
    document = uploaded(SPEECH.encode(), "barrage.md")
    meta = document.meta
    assert (meta.author, meta.author_role) == (
        "Mirela Toskovic",
        "Leader of Brackwater Borough Council",
    )
    assert (meta.kind, meta.date) == (Kind.SPEECH, dt.date(2026, 4, 14))
    texts = [p.text for p in document.passages]
    assert not any(t.startswith(("Speaker:", "Date:")) or "(Laughter)" in t for t in texts)
    occasion = document.passages[0]
    assert occasion.voice is Voice.PUBLISHER and "Rotary Club spring lunch" in occasion.text
    assert document.passages[1].voice is Voice.PUBLISHER  # "Check against delivery."


def test_a_heckler_is_credited_and_thank_you_signs_nothing() -> None:
    document = uploaded(SPEECH.encode(), "barrage.md")
    speakers = {p.text: p.speaker for p in document.passages}
    assert speakers["And who pays when the mudflats silt up?"] == "Heckler"
    assert speakers["You said that about the marina!"] == "Heckler"
    after = [p for p in document.passages if p.text.startswith(("Sir,", "No, sir", "Thank you."))]
    assert len(after) == 3
    assert all(p.speaker == "Mirela Toskovic" and p.voice is Voice.AUTHOR for p in after)
    assert not any(person.name == "Thank you" for person in document.meta.mentions)
    engine = AnswerEngine([document])
    heckle = engine.answer("what did the heckler say?").quotes[0]
    assert heckle.attribution.speaker == "Heckler"
    # The heckle is a question, but it is what the question asks for: the heckler's words.
    mudflats = engine.answer("what did the heckler say about the mudflats?").quotes[0]
    assert mudflats.attribution.speaker == "Heckler" and "mudflats" in mudflats.text
    survey = engine.answer("who pays for the silt survey?").quotes[0]
    assert survey.attribution.speaker == "Mirela Toskovic"


def test_a_title_with_quotation_marks_is_not_wrapped_in_a_second_pair() -> None:
    engine = AnswerEngine([uploaded(SPEECH.encode(), "barrage.md")])
    shown = answer_text(engine.answer("who pays for the silt survey?"))
    assert "“‘Keep the lights on’: speech on the Brackwater tidal barrage”" in shown
    assert '“"' not in shown and "““" not in shown


# A press release set as a PDF: the mark a heading over it, an embargo line, a dateline, a
# spokesperson's "said:" over her quotation, notes to editors with the contact line among them.
def release_pdf() -> bytes:
    return flowing(
        [
            ("heading", "FOR IMMEDIATE RELEASE"),
            ("body", "Embargoed until 00:01, Monday 2 March 2026"),
            ("title", "Ferry fares frozen for island residents"),
            (
                "body",
                "PORTHALLOW, 2 March 2026 – Island residents will pay the same ferry fares for "
                "a third year, the Skerrivale Ferry Trust announced today after its board met.",
            ),
            (
                "body",
                "Dr Nerys Abernethy, Director of Services at the Skerrivale Ferry Trust, said:",
            ),
            (
                "body",
                "“Nobody on the islands should have to choose between a hospital visit and the "
                "weekly shop. Freezing fares costs us eighty thousand pounds a year.”",
            ),
            ("body", "The freeze will be reviewed in the autumn."),
            ("heading", "Notes to editors"),
            (
                "body",
                "1. The Skerrivale Ferry Trust is a charity that runs four routes between the "
                "mainland and the outer islands.",
            ),
            ("body", "2. Fares were last raised in 2023, by four per cent."),
            ("body", "3. Media contact: Owen Prys, 01632 960 118, press@skerrivale.example"),
        ]
    )


def test_a_pdf_press_release_is_read_as_one() -> None:
    document = uploaded(release_pdf(), "ferry-fares.pdf")
    meta = document.meta
    assert meta.kind is Kind.PRESS_RELEASE and meta.date == dt.date(2026, 3, 2)
    assert meta.publisher == "The Skerrivale Ferry Trust"
    texts = [p.text for p in document.passages]
    assert not any("Embargoed" in t or "Media contact" in t or "01632" in t for t in texts)
    assert any(t.startswith("2. Fares were last raised") for t in texts)
    said = next(t for t in texts if t.startswith("Dr Nerys Abernethy"))
    assert said.endswith("eighty thousand pounds a year.”")
    first = AnswerEngine([document]).answer("what does freezing fares cost?").quotes[0]
    assert first.attribution.reporting == "Nerys Abernethy"


# A summary of consultation responses: what named bodies said, in the third person.
CONSULTATION = """# Harbour Mooring Charge: Summary of Consultation Responses

Published by the Department for Coastal Affairs, 3 September 2026

1. Introduction

1.1 The department consulted on a charge for moorings in the three public harbours.

2. Views of organisations

2.1 The Harbour Users' Association opposed the charge, which it said would drive small
boats to private marinas.

2.2 The Coastal Small Boat Forum argued that the charge should be waived for boats under six
metres long.

2.3 Dr Tomasz Wyrwicz of the Institute for Harbour Economics, writing in a personal capacity,
argued that a flat charge would fall hardest on fishing crews.
"""


def test_a_consultation_summary_credits_the_bodies_whose_views_it_reports() -> None:
    document = uploaded(CONSULTATION.encode(), "moorings.md")
    assert document.meta.kind is Kind.REPORT
    engine = AnswerEngine([document])
    waived = engine.answer("which boats should the charge be waived for?").quotes[0]
    assert waived.attribution.reporting == "Coastal Small Boat Forum"
    opposed = engine.answer("who opposed the mooring charge?").quotes[0]
    assert opposed.attribution.reporting == "Harbour Users' Association"
    crews = engine.answer("what did Dr Wyrwicz argue about fishing crews?").quotes[0]
    assert crews.attribution.reporting == "Tomasz Wyrwicz"
