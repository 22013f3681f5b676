"""PDFs: paragraphs from the layout, line-end hyphens, running heads, encryption, metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.pdf import extract_pdf
from bot.engine.formats.upload import UploadDetails, document_from_extracted, document_from_upload
from bot.engine.models import CorpusError, Kind
from tests.engine.formats import pdfs

REAL = Path("../shared/data/real-articles")
BUGS = Path("../shared/bug-inputs")

PAGE_ONE = [
    [
        "The pilots said the channel had become too dan-",
        "gerous for the night ferries after the storm, and",
        "the harbour board agreed to close it until spring.",
    ],
    [
        "The board set out a long-",
        "term plan for the channel: it will dredge in June,",
        "mark the shoals again and reopen it to the ferries",
    ],
]
PAGE_TWO = [
    [
        "in July, once the coastguard has surveyed it.",
    ],
    [
        "Fishermen asked the board to publish the costs of",
        "the work before the dredgers arrive in the harbour.",
    ],
]


def channel_report() -> bytes:
    return pdfs.report([PAGE_ONE, PAGE_TWO], continued={2})


def test_paragraphs_come_from_the_layout_across_pages() -> None:
    texts = [p.text for p in extract_pdf(channel_report(), "report.pdf").paragraphs]
    assert len(texts) == 3
    assert texts[1].endswith(
        "reopen it to the ferries in July, once the coastguard has surveyed it."
    )
    assert [p.page for p in extract_pdf(channel_report(), "report.pdf").paragraphs] == [1, 1, 2]


def test_line_end_hyphens_are_joined_and_compounds_keep_theirs() -> None:
    texts = [p.text for p in extract_pdf(channel_report(), "report.pdf").paragraphs]
    assert "too dangerous for the night ferries" in texts[0]
    assert "a long-term plan" in texts[1]


def test_running_header_and_page_numbers_are_dropped() -> None:
    text = " ".join(p.text for p in extract_pdf(channel_report(), "report.pdf").paragraphs)
    assert "Quay Gazette" not in text
    assert not any(p.text.strip().isdigit() for p in extract_pdf(channel_report(), "r").paragraphs)


def test_metadata_is_read_and_cleaned_of_control_characters() -> None:
    data = pdfs.with_metadata(
        channel_report(), Title="Channel report\x00", Author="Ines\x07 Muller"
    )
    extracted = extract_pdf(data, "report.pdf")
    assert extracted.title == "Channel report"
    assert extracted.author == "Ines Muller"
    # It prints no date: the day the file was made is kept apart, for want of a better one.
    assert extracted.date is None and isinstance(extracted.created, dt.date)


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_encrypted_pdf_that_opens_without_a_password_is_read(algorithm: str) -> None:
    data = pdfs.encrypted(channel_report(), algorithm)
    texts = [p.text for p in extract_pdf(data, "locked.pdf").paragraphs]
    assert "too dangerous" in texts[0]


def test_password_protected_pdf_is_a_clear_error() -> None:
    data = pdfs.encrypted(channel_report(), "AES-256", password="secret")
    with pytest.raises(CorpusError, match=r"locked\.pdf: the PDF is protected by a password"):
        extract_pdf(data, "locked.pdf")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog",
        b"not a pdf at all",
        b"%PDF-1.4\n" + bytes(range(256)),
    ],
)
def test_damaged_pdf_is_one_error_naming_the_file(data: bytes) -> None:
    with pytest.raises(CorpusError, match=r"^broken\.pdf: "):
        extract_pdf(data, "broken.pdf")


def test_too_many_pages_are_refused_before_reading_them() -> None:
    with pytest.raises(CorpusError, match="10,000 pages"):
        extract_pdf(pdfs.shared_stream_pages(10_000), "many.pdf")


def test_deep_page_tree_is_an_error_not_a_crash() -> None:
    with pytest.raises(CorpusError, match=r"^deep\.pdf: "):
        extract_pdf(pdfs.deep_page_tree(5000), "deep.pdf")


DREDGING = [
    [
        "The port authority will dredge the north channel in",
        "June, after the pilots reported shoals at its mouth.",
    ],
    [
        "Comments on the work may be sent to the authority",
        "until the end of April.",
    ],
] + [
    [
        f"The plan's part on {subject} sets out what the authority",
        f"will do about {subject} while the dredgers work.",
    ]
    for subject in (
        "sand barges, night work, noise, the ferries, the pilots, moorings, the fish market, "
        "the lifeboat, the beach, the lighthouse, buoys, the marina, kayaks, the ferry ramp, "
        "the slipway, divers, the sewer outfall, seals, the harbour wall, the fuel berth"
    ).split(", ")
]
FEES = [
    [
        "Mooring fees for small boats rise by four per cent",
        "from the first of January.",
    ],
]


def test_a_masthead_is_not_the_title_and_the_first_prominent_block_is() -> None:
    extracted = extract_pdf(pdfs.gazette([("Dredging of the North Channel", DREDGING)]), "g.pdf")
    assert extracted.title == "Dredging of the North Channel"  # not "Notices", set larger
    texts = [p.text for p in extracted.paragraphs]
    assert texts[0].startswith("The port authority will dredge the north channel in June")


def test_a_second_document_in_the_pdf_is_cut_off() -> None:
    data = pdfs.gazette(
        [("Dredging of the North Channel", DREDGING), ("Mooring Fees for 2025", FEES)]
    )
    extracted = extract_pdf(data, "gazette.pdf")
    joined = " ".join(p.text for p in extracted.paragraphs)
    assert "until the end of April." in joined
    assert "Mooring fees" not in joined and "Mooring Fees" not in joined
    assert extracted.title == "Dredging of the North Channel"


@pytest.mark.skipif(not BUGS.is_dir(), reason="../shared/bug-inputs is absent")
def test_bug_input_pdfs() -> None:
    hyphen = extract_pdf((BUGS / "pdf-line-end-hyphen.pdf").read_bytes(), "hyphen.pdf")
    assert "too dangerous for the night ferries" in hyphen.paragraphs[0].text
    aes = extract_pdf((BUGS / "pypdf-encryption-r6-empty-password.pdf").read_bytes(), "aes.pdf")
    assert aes.paragraphs
    nul = extract_pdf((BUGS / "pypdf-imagemagick-images.pdf").read_bytes(), "images.pdf")
    assert nul.title == "imagemagick-images"


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real-articles is absent")
def test_real_three_column_notice_keeps_paragraphs_and_drops_running_heads() -> None:
    data = (REAL / "report-federal-register-737max-2020.pdf").read_bytes()
    paragraphs = extract_pdf(data, "notice.pdf").paragraphs
    texts = [p.text for p in paragraphs]
    assert len(texts) > 100
    joined = " ".join(texts)
    assert "Federal Register / Vol. 85" not in joined
    assert "VerDate" not in joined
    assert "non-normal" in joined and "non- normal" not in joined
    assert any(p.section == "Background" for p in paragraphs)
    assert max(len(t) for t in texts) < 5000
    # Its /Title is missing and the first page's largest line is the masthead "Proposed Rules";
    # the notice after the signature (a Pilatus PC-12 directive) is another document.
    assert extract_pdf(data, "notice.pdf").title == (
        "Airworthiness Directives; The Boeing Company Airplanes"
    )
    assert "Pilatus" not in joined
    assert texts[-1].startswith("15 ")  # the last footnote of the Boeing notice


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real-articles is absent")
def test_real_two_column_paper_loses_its_margin_stamp_and_finds_its_title() -> None:
    data = (REAL / "paper-thoma-creativity-ml-2016.pdf").read_bytes()
    extracted = extract_pdf(data, "paper.pdf")
    assert extracted.title == "Creativity in Machine Learning"
    joined = " ".join(p.text for p in extracted.paragraphs)
    assert "1601.03642" not in joined  # the margin stamp, a character a line
    assert "\n" not in joined
    assert "modified to produce creative results" in joined


# Prose enough that the page's left edge is where most lines start, so an indent opens a paragraph.
PROSE = [
    "The harbour board met on Tuesday to hear how the new",
    "software for the pilots had done in its first winter,",
    "and the engineers showed what it had written when it",
    "was asked to talk like the people of the harbour, as",
    "the minutes of the meeting record below:",
]


def test_a_speaker_label_alone_on_its_line_is_one_turn_with_its_words() -> None:
    page = [
        PROSE,
        ["HARBOURMASTER:"],
        [
            "The tide is turned and all the boats are in,",
            "so let the lanterns burn until the dawn.",
        ],
    ]
    texts = [p.text for p in extract_pdf(pdfs.report([page]), "scene.pdf").paragraphs]
    assert texts[1] == (
        "HARBOURMASTER: The tide is turned and all the boats are in, so let the lanterns burn "
        "until the dawn."
    )


def test_an_exchange_of_short_labelled_lines_is_one_passage() -> None:
    # Quoted in prose, as the arXiv paper quotes its chatbot: most paragraphs are no turn (a
    # page that is mostly turns is a transcript, `tests/test_uploads.py`).
    page = [
        PROSE,
        ["Tester: where do the ferries sleep ?"],
        ["Bot: in the harbour at night ."],
        ["Tester: and in the storm ?"],
        ["Bot: under the breakwater ."],
        PROSE,
        PROSE,
        PROSE,
    ]
    texts = [p.text for p in extract_pdf(pdfs.report([page]), "chat.pdf").paragraphs]
    assert texts[1] == (
        "Tester: where do the ferries sleep ? Bot: in the harbour at night . "
        "Tester: and in the storm ? Bot: under the breakwater ."
    )


def test_a_notice_header_of_labelled_fields_stays_apart() -> None:
    page = [
        PROSE,
        ["AGENCY: Maritime Safety Office (MSO)."],
        ["ACTION: Notice of proposed rulemaking."],
        ["SUMMARY: The office proposes a second light on every long pier."],
    ]
    texts = [p.text for p in extract_pdf(pdfs.report([page]), "notice.pdf").paragraphs]
    assert texts[1:4] == [
        "AGENCY: Maritime Safety Office (MSO).",
        "ACTION: Notice of proposed rulemaking.",
        "SUMMARY: The office proposes a second light on every long pier.",
    ]


# --- policy papers (the eleventh session's trial of consultation responses and reports) -------


def _answers(number: int) -> list[tuple[str, str]]:
    return [
        ("subheading", f"Review Question {number}"),
        ("body", f"Should the berth fee for boats under {number + 5} metres rise in April?"),
        (
            "body",
            f"Our answer to question {number} is no: the forum's members sail small boats "
            "and a rise in April would fall on them before the season has earned them "
            "anything. We would rather see the fee rise in stages over three years.",
        ),
    ]


def test_headings_repeated_with_another_number_do_not_end_the_document() -> None:
    blocks = [
        ("masthead", "Harbour Users Forum"),
        ("title", "Response to the Marina Fee Review"),
        ("subheading", "Who we are"),
        ("body", "The forum speaks for the owners of the small boats moored in the harbour."),
        *_answers(1),
        *_answers(2),
        ("page", ""),
        *_answers(3),
        ("subheading", "Case study 1"),
        ("body", "A member who keeps a dinghy on the north pontoon pays more than she did."),
        ("subheading", "Case study 2"),
        ("body", "A member who keeps a yacht on the south wall pays less than he did."),
        ("subheading", "Annex A"),
        ("body", "The figures in this response come from our survey of members in May."),
        ("subheading", "Annex B"),
        ("body", "The survey asked about the fees each member paid last year."),
    ]
    extracted = extract_pdf(pdfs.flowing(blocks), "response.pdf")
    joined = " ".join(p.text for p in extracted.paragraphs)
    for number in (1, 2, 3):
        assert f"Our answer to question {number} is no" in joined
    assert "pays less than he did." in joined
    assert "asked about the fees each member paid" in joined
    assert extracted.notes == ()


def test_a_second_document_cut_off_is_reported_with_what_was_left_out() -> None:
    data = pdfs.gazette(
        [("Dredging of the North Channel", DREDGING), ("Mooring Fees for 2025", FEES)]
    )
    (note,) = extract_pdf(data, "gazette.pdf").notes
    assert "left out" in note and "page 2" in note and "1 paragraph" in note
    assert "DEPARTMENT OF HARBOURS" in note


LONG_TITLE = "Keeping the Lights On: A Plan for the Harbour's Street Lamps to 2030"
SURVEY = (
    "The survey counted every street lamp on the harbour front and found that one in four "
    "had failed at least once over the winter, most of them on the exposed east quay."
)


def _title_page(*over_title: tuple[str, str]) -> list[tuple[str, str]]:
    """A report's blocks: a title page (the blocks `over_title`, the title, a byline and a
    date), then a page of text."""
    return [
        *over_title,
        ("title", LONG_TITLE),
        ("body", "Dr. Ines Varga and Paul Okafor"),
        ("body", "9 January 2024"),
        ("page", ""),
        ("heading", "Summary"),
        ("body", SURVEY),
    ]


def test_the_title_pages_byline_and_date_win_over_the_files_own() -> None:
    blocks = _title_page(("body", "Lamp Paper No. 4"))
    extracted = extract_pdf(pdfs.flowing(blocks, created="D:20251103120000"), "lamps.pdf")
    assert extracted.title == LONG_TITLE  # set over two lines
    assert extracted.author == "Dr. Ines Varga and Paul Okafor"
    assert extracted.date == dt.date(2024, 1, 9)  # not the day the file was made
    texts = [p.text for p in extracted.paragraphs]
    assert "9 January 2024" not in texts and "Dr. Ines Varga and Paul Okafor" not in texts


def test_a_prepared_by_line_names_the_author_and_a_month_alone_is_no_creation_day() -> None:
    blocks = [
        ("title", "Street Lamps on the East Quay"),
        ("body", "Prepared for the Harbour Board by Nadia Feld, Lighting Officer. 4 March 2024."),
        ("heading", "Findings"),
        ("body", SURVEY),
    ]
    extracted = extract_pdf(pdfs.flowing(blocks, created="D:20251103120000"), "quay.pdf")
    assert (extracted.author, extracted.date) == ("Nadia Feld", dt.date(2024, 3, 4))
    assert extracted.paragraphs[0].text == SURVEY
    monthly = [("title", "Street Lamps on the East Quay"), ("body", "June 2023"), *blocks[2:]]
    extracted = extract_pdf(pdfs.flowing(monthly, created="D:20251103120000"), "quay.pdf")
    # Its day is unknown, and the day the file was made is not its date.
    assert extracted.date is None
    assert [p.text for p in extracted.paragraphs] == [SURVEY]


def test_a_letter_set_as_a_pdf_is_its_signers_letter() -> None:
    blocks = [
        ("masthead", "Office of the Harbour Master"),
        ("body", "From Captain Rhona Steele<br/>Harbour Master"),
        ("body", "Ms. Dana Kerr<br/>Secretary, Quay Traders Association"),
        ("body", "12 February 2024"),
        ("body", "Dear Ms. Kerr,"),
        ("body", "Thank you for the traders' letter about the lamps on the east quay."),
        ("body", "The board has agreed to replace every failed lamp before Easter."),
        ("body", "Yours sincerely,"),
        ("body", "Rhona Steele"),
        ("body", "Harbour Master"),
    ]
    extracted = extract_pdf(pdfs.flowing(blocks, created="D:20251103120000"), "reply.pdf")
    assert (extracted.kind, extracted.author) == ("letter", "Rhona Steele")
    assert extracted.title == "Letter from Rhona Steele"  # not the letterhead
    assert extracted.publisher == "Office of the Harbour Master"
    assert extracted.date == dt.date(2024, 2, 12)
    assert [p.text for p in extracted.paragraphs] == [
        "Thank you for the traders' letter about the lamps on the east quay.",
        "The board has agreed to replace every failed lamp before Easter.",
    ]


def _lamp_paragraph(topic: str) -> str:
    return (
        f"The board's note on {topic} says what the harbour has done about {topic} since the "
        f"storm, what {topic} will cost the board next year, and who will answer for {topic} "
        "when the traders ask again at the spring meeting of the harbour users."
    )


def test_a_two_column_page_is_read_down_the_left_column_then_the_right() -> None:
    topics = ["lamps", "bollards", "railings", "drains", "benches", "signs", "bins"]
    blocks = [
        ("subheading", "Harbour Board Notes"),
        ("heading", "What the Board Did This Winter"),
        *[("body", _lamp_paragraph(topic)) for topic in topics],
    ]
    texts = [p.text for p in extract_pdf(pdfs.flowing(blocks, columns=2), "notes.pdf").paragraphs]
    assert texts == [_lamp_paragraph(topic) for topic in topics]


def test_a_paragraph_running_from_the_left_column_into_the_right_goes_on() -> None:
    long = " ".join(_lamp_paragraph(topic) for topic in ("lamps", "ropes", "cranes", "locks"))
    blocks = [
        ("heading", "Part One"),
        ("body", _lamp_paragraph("buoys")),
        ("page", ""),
        ("heading", "Part Two"),
        *[("body", _lamp_paragraph(topic)) for topic in ("sheds", "gates", "nets", "pumps")],
        ("body", long),
        ("body", _lamp_paragraph("slipways")),
    ]
    texts = [p.text for p in extract_pdf(pdfs.flowing(blocks, columns=2), "parts.pdf").paragraphs]
    assert long in texts  # whole, across the column break
    assert texts[0] == _lamp_paragraph("buoys")  # nothing of page 2 glued to page 1


def test_footnote_markers_are_not_glued_to_the_words_they_follow() -> None:
    berths = (
        "Berths on the west quay fell by 12 per cent between 2015 and 2023, as silt from the "
        "river built up against the old wall and the board closed the shallow end."
    )
    dredging = (
        "Dredging the basin each spring costs the board £2.4 million a year, and the contract "
        "with the dredging firm runs until the autumn of 2026."
    )
    crowding = (
        "The harbour master calls the summer moorings overcrowded and wants a waiting list "
        "for visiting yachts, kept by the office on the east quay."
    )
    blocks = [
        ("title", "Tides and Moorings"),
        ("page", ""),
        ("body", berths.replace("2023,", "2023,<super>1</super>")),
        ("body", dredging.replace("year,", "year,<super>2</super>")),
        ("body", crowding.replace("quay.", "quay.<super>3</super>")),
    ]
    notes = {2: ["<super>1</super> Harbour Board berth count, 2023, Table 3.1."]}
    texts = [p.text for p in extract_pdf(pdfs.flowing(blocks, footnotes=notes), "t.pdf").paragraphs]
    assert texts == [
        # A marker whose note is read is written "[1]" after its word; the others (no note of
        # theirs on any page) are dropped.
        berths.replace("2023,", "2023,[1]"),
        dredging,
        crowding,
        "1 Harbour Board berth count, 2023, Table 3.1.",  # the note keeps its number
    ]


def test_a_one_page_pdfs_header_and_footer_are_no_passages() -> None:
    paragraphs = [_lamp_paragraph(topic) for topic in ("lamps", "bollards", "railings")]
    blocks = [("title", "Quay Lighting Note"), *[("body", text) for text in paragraphs]]
    extracted = extract_pdf(
        pdfs.flowing(
            blocks,
            header="RESTRICTED - Harbour Users Forum, 3 April 2024",
            footer="Harbour Board | Engineering Office note",
            footnotes={1: ["1 Lamp survey of the east quay, February 2024."]},
        ),
        "note.pdf",
    )
    assert extracted.title == "Quay Lighting Note"
    texts = [p.text for p in extracted.paragraphs]
    assert texts == [*paragraphs, "1 Lamp survey of the east quay, February 2024."]


def test_a_one_page_pdf_without_a_header_keeps_its_first_lines() -> None:
    paragraphs = [_lamp_paragraph(topic) for topic in ("drains", "benches")]
    untitled = [("body", text) for text in paragraphs]
    texts = [p.text for p in extract_pdf(pdfs.flowing(untitled), "n.pdf").paragraphs]
    assert texts == paragraphs
    titled = [("title", "Drains and Benches"), *untitled]
    assert extract_pdf(pdfs.flowing(titled), "n.pdf").title == "Drains and Benches"


def test_bullets_the_font_cannot_name_are_dropped_and_each_item_is_a_passage() -> None:
    items = [
        "Four lamps on the east quay were replaced in March.",
        "The slipway lights now switch off at midnight.",
        "Two bollards were painted white for the ferry crews.",
    ]
    blocks = [
        ("title", "Quay Works"),
        ("page", ""),
        ("heading", "Done this spring"),
        ("body", f"\u2022 {items[0]}"),
        ("body", "<br/>".join(f"\u2022 {item}" for item in items[1:])),  # no space between
        ("body", _lamp_paragraph("lamps")),
    ]
    texts = [p.text for p in extract_pdf(pdfs.flowing(blocks), "works.pdf").paragraphs]
    assert texts == [*items, _lamp_paragraph("lamps")]


def test_an_organisations_masthead_over_the_title_is_its_publisher() -> None:
    blocks = _title_page(("masthead", "HARBOUR USERS TRUST"), ("body", "Harbour Paper No. 2"))
    extracted = extract_pdf(pdfs.flowing(blocks), "trust.pdf")
    assert (extracted.title, extracted.publisher) == (LONG_TITLE, "Harbour Users Trust")
    assert extracted.author == "Dr. Ines Varga and Paul Okafor"
    assert all(p.section != "HARBOUR USERS TRUST" for p in extracted.paragraphs)
    assert "HARBOUR USERS TRUST" not in [p.text for p in extracted.paragraphs]


def test_a_ruled_table_is_a_passage_of_its_rows_each_its_cells() -> None:
    blocks = [
        ("title", "Harbour Accounts"),
        ("page", ""),
        ("heading", "Costs and income"),
        ("body", _lamp_paragraph("accounts")),
        ("subheading", "Table 3: Costs and income of the harbour, 2024-2030"),
        (
            "table",
            "Item|Six-year cost|Six-year income\n"
            "New pontoons|£4.1m|-\n"
            "Lamp repairs|£0.6m|-\n"
            "Berth fees|-|£2.3m\n"
            "Visiting yachts|-|£0.9m",
        ),
        ("body", _lamp_paragraph("pontoons")),
    ]
    texts = [p.text for p in extract_pdf(pdfs.flowing(blocks), "accounts.pdf").paragraphs]
    assert texts == [
        _lamp_paragraph("accounts"),
        "Item | Six-year cost | Six-year income\n"
        "New pontoons | £4.1m | -\n"
        "Lamp repairs | £0.6m | -\n"
        "Berth fees | - | £2.3m\n"
        "Visiting yachts | - | £0.9m",
        _lamp_paragraph("pontoons"),
    ]


# A press release as a charity's word processor sets it: the mark over the headline, a
# standfirst, the dateline opening the next paragraph, notes to editors and a media contact.
RELEASE = [
    ("small", "NEWS RELEASE \u2014 FOR IMMEDIATE RELEASE"),
    ("title", "Calder Orchard Society plants 5,000 heritage apple trees"),
    ("body", "<i>Schools in twelve villages will each look after an orchard of their own</i>"),
    (
        "body",
        "<b>LEEDS, 12 May 2025 \u2014</b> The Calder Orchard Society today began planting "
        "5,000 apple trees of old local varieties in twelve villages of the Calder valley, "
        "each orchard looked after by the village school.",
    ),
    (
        "body",
        "Rosalind Achterberg, the Society's orchard keeper, said: \"Half of these varieties "
        'grew nowhere but in this valley. Now the children will pick them again."',
    ),
    ("body", "ENDS"),
    ("subheading", "Notes to editors"),
    ("body", "1. The Calder Orchard Society is a charity founded in 1987."),
    ("body", "2. The trees were grafted at the Society's nursery in Hebden Ford."),
    ("subheading", "Media contact"),
    (
        "body",
        "Priya Vance, Press Officer<br/>Telephone: 0113 496 0712<br/>"
        "Email: press@calderorchard.example",
    ),
]


def test_a_press_release_pdf_is_dated_by_its_dateline_not_by_the_day_it_was_made() -> None:
    from bot.engine.formats.upload import UploadDetails, document_from_upload

    data = pdfs.flowing(RELEASE, created="D:20261201120000")
    document = document_from_upload(data, "orchards.pdf", UploadDetails(), isolated=True).document
    meta = document.meta
    assert meta.title == "Calder Orchard Society plants 5,000 heritage apple trees"
    assert meta.kind.value == "press-release"
    assert meta.date == dt.date(2025, 5, 12)  # the dateline's, not /CreationDate's
    texts = [p.text for p in document.passages]
    # The mark, the dateline's place and date and the end mark are nobody's words ...
    assert not any("RELEASE" in t or "LEEDS" in t or t == "ENDS" for t in texts)
    assert any(t.startswith("The Calder Orchard Society today began planting") for t in texts)
    # ... but the notes to editors and the contact block are there to find and quote.
    notes = [p for p in document.passages if p.heading == "Notes to editors"]
    assert [p.text[:2] for p in notes] == ["1.", "2."]
    assert any("0113 496 0712" in t and "Priya Vance" in t for t in texts)


def test_a_pdf_dated_only_by_the_day_it_was_made_keeps_that_day() -> None:
    from bot.engine.formats.upload import UploadDetails, document_from_upload

    blocks = [("title", "Drains on the East Quay"), ("body", SURVEY)]
    data = pdfs.flowing(blocks, created="D:20251103120000")
    document = document_from_upload(data, "drains.pdf", UploadDetails(), isolated=True).document
    assert document.meta.date == dt.date(2025, 11, 3)


def test_a_heading_wrapped_over_two_lines_is_one_heading() -> None:
    # Minutes' items under headings long enough to wrap, the first line ending with a comma.
    blocks = [
        ("title", "Harbour Committee minutes"),
        ("heading", "1. Attendance"),
        ("body", "Present: the chair and four members of the committee."),
        (
            "heading",
            "2. Application 24/00311/FUL - Extension of the north pontoon and chandlery, "
            "Eastport Marina",
        ),
        ("body", "2.1 The officer introduced the report on the pontoon and its moorings."),
        ("body", "RESOLVED: That the application be deferred for a survey of the seabed."),
        ("heading", "3. Date of next meeting"),
        ("body", "3.1 The committee will next meet on the first Tuesday in June."),
    ]
    extracted = extract_pdf(pdfs.flowing(blocks), "minutes.pdf")
    texts = [p.text for p in extracted.paragraphs]
    heading = (
        "2. Application 24/00311/FUL - Extension of the north pontoon and chandlery, "
        "Eastport Marina"
    )
    # The heading's first line is no paragraph, and the item's paragraphs are under it whole.
    assert not any(text.startswith("2. Application") for text in texts)
    assert {p.section for p in extracted.paragraphs if p.text.startswith(("2.1", "RESOLVED"))} == {
        heading
    }
    assert extracted.paragraphs[-1].section == "3. Date of next meeting"


def test_a_report_cover_gives_title_authors_organisation_and_year() -> None:
    blocks = [
        ("title", "Harbour Futures"),
        ("heading", "Dredging and the North Quay"),
        ("subheading", "Eastport Harbour Trust"),
        ("subheading", "Dr Ines Vale and Tom Roe"),
        ("subheading", "June 2024"),
        ("page", ""),
        ("heading", "Summary"),
        ("body", "The north quay silts up faster each year, and the ferry now waits for the tide."),
        ("body", "We recommend dredging the channel every spring, at a cost the trust can carry."),
        ("page", ""),
        ("heading", "1. The channel"),
        ("body", "Soundings taken in March found the channel a metre shallower than in 2019."),
    ]
    # The running head repeats the title, as reports' heads do; the file states its title and
    # its organisation as author, and was made long after the cover's month.
    data = pdfs.with_metadata(
        pdfs.flowing(blocks, header="Eastport Harbour Trust | Harbour Futures"),
        Title="Harbour Futures",
        Author="Eastport Harbour Trust",
        CreationDate="D:20261101120000",
    )
    extracted = extract_pdf(data, "futures.pdf")
    assert extracted.title == "Harbour Futures"
    assert extracted.author == "Dr Ines Vale and Tom Roe"
    assert extracted.publisher == "Eastport Harbour Trust"
    assert extracted.titles == ("Dredging and the North Quay",)
    assert extracted.year == 2024 and extracted.date is None
    document = document_from_extracted(extracted, data, "futures.pdf", UploadDetails())
    # Dated by the cover's year, not by the day the file was made.
    assert (document.meta.date, document.meta.year) == (None, 2024)
    assert document.passages[0].text.startswith("The north quay silts up")


def test_a_report_that_says_so_is_a_report_its_publisher_and_month_asked_together() -> None:
    blocks = [
        ("title", "Ferries on the Edge"),
        ("heading", "Island Crossings Since 2010"),
        ("subheading", "Westmarch Policy Unit"),
        ("subheading", "Dr Ruth Kell and Amos Penn"),
        ("subheading", "March 2025"),
        ("page", ""),
        ("heading", "Executive summary"),
        ("body", "This report sets out how island ferry crossings have fallen since 2010."),
        ("body", "Two of the five routes now sail only between May and September."),
    ]
    data = pdfs.with_metadata(pdfs.flowing(blocks), Title="Ferries on the Edge")
    document = document_from_extracted(
        extract_pdf(data, "ferries.pdf"), data, "ferries.pdf", UploadDetails()
    )
    assert document.meta.kind is Kind.REPORT
    engine = AnswerEngine([document])
    answer = engine.answer("Who published the report on island ferries, and when?")
    assert answer.note is not None
    assert answer.note.startswith("Published by: Westmarch Policy Unit; Published: March 2025")


def test_an_article_about_someone_else_s_report_stays_an_article() -> None:
    text = (
        "Harbour ferry fares to rise\n\n"
        "By Owen Pike\n\n"
        "A report by council officers recommended that ferry fares rise by ten per cent, and "
        "councillors agreed on Tuesday.\n\n"
        "The report says the crossing lost money in each of the last three years.\n"
    )
    upload = document_from_upload(text.encode(), "fares.txt", UploadDetails())
    assert upload.document.meta.kind is Kind.ARTICLE
