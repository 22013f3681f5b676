"""Plain text: hard-wrapped paragraphs, the title line, transcripts read from their labels."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.engine.formats.plaintext import extract_text
from bot.engine.formats.transcript import label_role

REAL = Path("../shared/data/real-articles")

WRAPPED = """Ferry service to resume after the storm

The island's ferry will run again on Monday, the harbour master said,
after divers found no damage to the pier that the storm had battered
for most of last week.

Passengers should expect delays on the first crossings, because the
channel markers are still being replaced.
"""


def test_hard_wrapped_lines_are_one_paragraph_kept_as_written() -> None:
    extracted = extract_text(WRAPPED)
    assert [p.line for p in extracted.paragraphs] == [3, 7]
    first = extracted.paragraphs[0].text
    assert first.startswith(
        "The island's ferry will run again on Monday, the harbour master said,\n"
    )
    assert first.endswith("for most of last week.")


def test_a_title_line_at_the_top_is_the_title() -> None:
    assert extract_text(WRAPPED).title == "Ferry service to resume after the storm"
    given = extract_text(WRAPPED, title_given=True)
    assert given.title is None
    assert given.paragraphs[0].text == "Ferry service to resume after the storm"


def test_a_first_sentence_is_not_taken_for_a_title() -> None:
    extracted = extract_text("The ferry runs again.\n\nIt sails at nine.")
    assert extracted.title is None
    assert len(extracted.paragraphs) == 2


def test_a_file_without_blank_lines_splits_where_a_short_line_ends_a_sentence() -> None:
    text = (
        "The island's ferry will run again on Monday, the harbour master said,\n"
        "after divers found no damage to the pier that the storm battered.\n"
        "Delays are likely.\n"
        "Passengers should expect delays on the first crossings, because the\n"
        "channel markers are still being replaced by the coastguard crews.\n"
    )
    texts = [p.text for p in extract_text(text).paragraphs]
    assert len(texts) == 2
    assert texts[1].startswith("Passengers should expect")


@pytest.mark.parametrize(
    ("first", "second", "speakers"),
    [
        ("MS. ROE", "MR. DOE", ["Ms. Roe", "Mr. Doe"]),
        ("Roe", "Doe", ["Roe", "Doe"]),
        ("Jane Q Roe", "John Doe", ["Jane Q Roe", "John Doe"]),
        ("Q", "A", ["Q", "A"]),
    ],
)
def test_labelled_paragraphs_are_a_transcript(first: str, second: str, speakers: list[str]) -> None:
    text = (
        f"{first}: Will the ferry run on Monday?\n\n{second}: It will, if the pier holds.\n\n"
        f"{first}: And the markers?\n\n{second}: They are being replaced\nthis week.\n"
    )
    extracted = extract_text(text)
    assert extracted.kind == "transcript"
    assert [p.speaker for p in extracted.paragraphs] == speakers * 2
    assert extracted.paragraphs[0].text == "Will the ferry run on Monday?"  # no label in it
    assert extracted.paragraphs[3].text == "They are being replaced\nthis week."
    assert [p.line for p in extracted.paragraphs] == [1, 3, 5, 7]


# The same four turns as transcription services export them.
TURNS = (
    "Will the ferry run on Monday?",
    "It will, if the pier holds.",
    "And the markers?",
    "They are being replaced this week.",
)


def _exported(label_and_turn: str) -> str:
    """TURNS by Jane Roe and John Doe, each written with `label_and_turn` ({name}, {stamp},
    {turn}), a blank line between turns."""
    names = ("Jane Roe", "John Doe") * 2
    return "\n\n".join(
        label_and_turn.format(name=name, stamp=f"00:0{i}:1{i}", turn=turn)
        for i, (name, turn) in enumerate(zip(names, TURNS, strict=True))
    )


@pytest.mark.parametrize(
    "label_and_turn",
    [
        "{name}: ({stamp})\n{turn}",  # the label, a timestamp, the turn below
        "{name} ({stamp}):\n{turn}",  # the timestamp inside the label
        "[{stamp}] {name}: {turn}",  # a timestamp before the label
        "{name}  {stamp}\n{turn}",  # a name and a timestamp on a line of their own
        "{name}:\n{turn}",  # the label on a line of its own
    ],
)
def test_transcription_service_exports_are_transcripts(label_and_turn: str) -> None:
    extracted = extract_text(_exported(label_and_turn))
    assert extracted.kind == "transcript"
    assert [p.speaker for p in extracted.paragraphs] == ["Jane Roe", "John Doe"] * 2
    # The quoted words are the turn's own: no label, no timestamp.
    assert [p.text for p in extracted.paragraphs] == list(TURNS)


def test_capitals_labels_on_their_own_lines_without_blank_lines_are_turns() -> None:
    text = (
        "MS. ROE:\nWill the ferry run\non Monday?\nMR. DOE:\nIt will.\n[CROSSTALK]\n"
        "MR. DOE:\nIf the pier holds.\nMS. ROE:\nAnd the markers?\n"
    )
    extracted = extract_text(text)
    assert extracted.kind == "transcript"
    assert [(p.speaker, p.text, p.line) for p in extracted.paragraphs] == [
        ("Ms. Roe", "Will the ferry run\non Monday?", 2),
        ("Mr. Doe", "It will.", 5),
        ("Mr. Doe", "If the pier holds.", 8),
        ("Ms. Roe", "And the markers?", 10),
    ]


def test_directions_and_bare_timestamps_are_no_ones_words() -> None:
    text = (
        "Roe: Will the ferry run?\n\n[APPLAUSE]\n\nDoe: It will.\n\n(LAUGHTER)\n\n"
        "00:03:10\n\nRoe: And the markers?\n\nDoe: Replaced."
    )
    extracted = extract_text(text)
    assert [p.text for p in extracted.paragraphs] == [
        "Will the ferry run?",
        "It will.",
        "And the markers?",
        "Replaced.",
    ]


def test_a_turn_that_goes_on_without_a_label_keeps_its_speaker() -> None:
    text = "ROE: One.\n\nDOE: Two.\n\nAnd three.\n\nROE: Four.\n\nDOE: Five."
    assert [p.speaker for p in extract_text(text).paragraphs] == ["Roe", "Doe", "Doe", "Roe", "Doe"]


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        (
            "Note: the figures are provisional.\n\nThe council said: we will build it.\n\n"
            "It will cost two million.\n\nWork starts in May.",
            4,
        ),
        # Times and a heading with a colon; "(1)" is kept: only a transcript drops directions.
        (
            "The council met at 10:30 on Tuesday.\n\nBackground:\nThe harbour has silted up."
            "\n\nThe vote was 5 to 2 (a clear win).\n\n(1)\n\nWork starts in May.",
            5,
        ),
    ],
)
def test_prose_with_a_colon_is_not_a_transcript(text: str, paragraphs: int) -> None:
    extracted = extract_text(text)
    assert extracted.kind is None
    assert len(extracted.paragraphs) == paragraphs
    assert all(p.speaker is None for p in extracted.paragraphs)


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real-articles is absent")
def test_real_debate_transcript_is_read_by_its_labels() -> None:
    text = (REAL / "debate-1984-10-07-reagan-mondale.said.txt").read_text()
    extracted = extract_text(text)
    assert extracted.kind == "transcript"
    assert len(extracted.paragraphs) == 134
    speakers = Counter(p.speaker for p in extracted.paragraphs)
    assert set(speakers) == {
        "Barbara Walters",
        "Ronald W Reagan",
        "Walter F Mondale",
        "James Wieghart",
        "Diane Sawyer",
        "Fred Barnes",
        "Dorothy Ridings",
    }
    said = [p for p in extracted.paragraphs if "There you go again" in p.text]
    assert said and said[0].speaker == "Ronald W Reagan"
    assert not any(p.text.startswith("Ronald W Reagan:") for p in extracted.paragraphs)


def test_words_broken_at_hard_wrapped_line_ends_are_whole_again() -> None:
    text = (
        "The study found a six percent in-\ncrease in fatal crashes, and a long-\n"
        "term rise in synchro-\nnised signals failing.\n\n"
        "The increase was worst at night; synchronised lights helped a little.\n"
    )
    first = extract_text(text).paragraphs[0].text
    # Joined where the document writes the word whole; a compound keeps its hyphen.
    assert first == (
        "The study found a six percent increase in fatal crashes, and a long-term rise in "
        "synchronised signals failing."
    )


PHONES = """# Should schools ban phones?

Phones are now in every pupil's pocket, and schools disagree about what to do.

## Arguments for ##

Teachers say that pupils who cannot reach their phones pay more attention.

## Against
Parents want to reach their children on the way home.

---

Against, still
--------------

The studies so far are small and mostly from one country.
"""


def test_markdown_headings_are_the_sections_of_what_follows_not_paragraphs() -> None:
    extracted = extract_text(PHONES)
    assert extracted.title == "Should schools ban phones?"
    found = [(p.section, p.text.split()[0], p.line) for p in extracted.paragraphs]
    assert found == [
        (None, "Phones", 3),
        ("Arguments for", "Teachers", 7),
        ("Against", "Parents", 10),  # the heading on the line over it, no blank line between
        ("Against, still", "The", 17),
    ]
    assert not any("#" in p.text or "---" in p.text for p in extracted.paragraphs)


def test_a_hash_that_opens_no_heading_is_text() -> None:
    text = "Campaigns\n\n#MeToo spread in a week.\n\nThe release ended:\n\n###\n"
    paragraphs = [p.text for p in extract_text(text).paragraphs]
    assert paragraphs == ["#MeToo spread in a week.", "The release ended:", "###"]


def test_a_footnote_mark_after_a_full_stop_is_dropped_but_decimals_stay() -> None:
    text = (
        "Harbour Lights Review\n\n"
        "Half the lamps on the quay failed last winter.2 The board will replace\n"
        "them by May, as Table 4.2 Shows, at a cost of £1.5 Million, using\n"
        "version 2.1 Of the lamp design and the plan in fig.3 Below.\n"
    )
    (paragraph,) = extract_text(text).paragraphs
    assert paragraph.text == (
        "Half the lamps on the quay failed last winter. The board will replace\n"
        "them by May, as Table 4.2 Shows, at a cost of £1.5 Million, using\n"
        "version 2.1 Of the lamp design and the plan in fig.3 Below."
    )


HARBOUR_PLAN = """Harbour Plan 2025

The board will dredge the inner basin in June and the outer channel in
September, so that the ferries can keep to their timetable through the

Harbour Plan 2025 - draft for consultation                      Page 2

winter without waiting for the tide at the harbour mouth.

Moorings for visiting yachts will be booked through the harbour office.

Harbour Plan 2025 - draft for consultation                      Page 3

Fees

The fee for a visiting yacht rises to twelve pounds a night.

- 4 -

The board will review the fees again next spring.
"""


def test_a_running_header_pasted_into_text_is_dropped_and_its_paragraph_joined() -> None:
    texts = [p.text for p in extract_text(HARBOUR_PLAN).paragraphs]
    assert texts == [
        "The board will dredge the inner basin in June and the outer channel in\n"
        "September, so that the ferries can keep to their timetable through the\n"
        "winter without waiting for the tide at the harbour mouth.",
        "Moorings for visiting yachts will be booked through the harbour office.",
        "Fees",
        "The fee for a visiting yacht rises to twelve pounds a night.",
        "The board will review the fees again next spring.",
    ]


def test_an_organisations_masthead_over_the_title_is_its_publisher_not_its_title() -> None:
    text = (
        "NORTH QUAY HARBOUR BOARD\n\nHarbour Plan 2025-2030\n\nMarch 2025\n\n"
        "The board will dredge the inner basin in June and the outer channel in September.\n"
    )
    extracted = extract_text(text)
    assert (extracted.title, extracted.publisher) == (
        "Harbour Plan 2025-2030",
        "North Quay Harbour Board",
    )
    assert "NORTH QUAY HARBOUR BOARD" not in [p.text for p in extracted.paragraphs]
    # A title in capitals, with no title under it, is still the title.
    shouted = extract_text("HARBOUR PLAN\n\nThe board will dredge the inner basin in June.\n")
    assert (shouted.title, shouted.publisher) == ("HARBOUR PLAN", None)


# A parliament's record, as such records are set out (own words, invented members).
RECORD = """HOUSE OF ASSEMBLY
Thursday 6 March 2025

[MADAM SPEAKER in the Chair]

Harbour Dredging (Funding)

2.15 pm

Mr Tobias Wren (Eastport) (Ind): I beg to move that the Assembly funds the dredging of
Eastport harbour this year.

The channel has silted so badly that the ferry now waits for the tide twice a day.

Ms Nadia Okafor (Hillside) (Green): Will the hon. Gentleman give way?

Mr Wren: I give way to the hon. Lady.

Ms Okafor: Who pays for the spoil to be carried out to sea?

Mr Wren: The port authority has offered a third of the cost.

Hon. Members: Hear, hear!

2.31 pm

The Minister for Ports and Shipping (Mrs Helen Marsh): I thank the hon. Member for Eastport.
The dredging will cost four million over two years.

Mr Wren: Will the Minister name a start date?

Mrs Marsh: Work starts in September.

Question put and agreed to.

Resolved,

That the Assembly funds the dredging of Eastport harbour this year.
"""


def test_a_parliaments_record_is_a_transcript_of_its_members() -> None:
    extracted = extract_text(RECORD)
    assert extracted.kind == "transcript"
    turns = [(p.speaker, p.text) for p in extracted.paragraphs if p.speaker]
    # Seat and party after the name are no part of it; the same member's short label ("Mr
    # Wren:") is their full one; an office's label ("The Minister for ... (Mrs Helen Marsh):")
    # is its holder's turn.
    assert Counter(speaker for speaker, _ in turns) == {
        "Mr Tobias Wren": 5,
        "Ms Nadia Okafor": 2,
        "Mrs Helen Marsh": 2,
        "Hon. Members": 1,
    }
    assert ("Mrs Helen Marsh", "Work starts in September.") in turns
    assert turns[0] == (
        "Mr Tobias Wren",
        "I beg to move that the Assembly funds the dredging of\nEastport harbour this year.",
    )
    # The record's own lines, and the resolution after them, are no member's.
    assert [p.speaker for p in extracted.paragraphs[-3:]] == [None, None, None]
    assert extracted.paragraphs[-1].text.startswith("That the Assembly funds")
    # The times alone on their lines and the chair's direction are nobody's words.
    assert not any(p.text in {"2.15 pm", "2.31 pm"} for p in extracted.paragraphs)


@pytest.mark.parametrize(
    "text",
    [
        # An office with a lower-case or one-word "holder" is prose, not a label.
        "The report (page 4): the harbour has silted.\n\nThe plan (draft): dredge it.\n\n"
        "The cost (estimate): four million.\n\nWork starts in May.",
    ],
)
def test_an_office_label_needs_a_name_in_its_parentheses(text: str) -> None:
    extracted = extract_text(text)
    assert extracted.kind is None
    assert all(p.speaker is None for p in extracted.paragraphs)


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("NINA FALK (HOST): Welcome back.", "host"),
        ("RAYMOND ODUYA (CITY ENGINEER): Yes.", "city engineer"),
        (
            "The Minister for Ports and Shipping (Mrs Helen Marsh): I thank him.",
            "minister for ports and shipping",
        ),
        # A seat and a party are no role.
        ("Mr Tobias Wren (Eastport) (Ind): I beg to move.", None),
        ("Roe: Yes.", None),
    ],
)
def test_a_labels_role_is_read(label: str, role: str | None) -> None:
    assert label_role(label) == role


def test_a_turns_role_is_its_speakers_at_every_turn() -> None:
    roles = {p.speaker: p.speaker_role for p in extract_text(RECORD).paragraphs if p.speaker}
    assert roles["Mrs Helen Marsh"] == "minister for ports and shipping"
    assert roles["Mr Tobias Wren"] is None


def test_a_parliaments_record_is_titled_by_its_business_and_published_by_its_chamber() -> None:
    extracted = extract_text(RECORD)
    # The heading over the first speech says what was debated; the chamber publishes it.
    assert (extracted.title, extracted.publisher) == (
        "Harbour Dredging (Funding)",
        "House of Assembly",
    )
    assert "Harbour Dredging (Funding)" not in [p.text for p in extracted.paragraphs]
    # No heading over the first speech (a procedural sentence there): the chamber stays the
    # title.
    plain = RECORD.replace("Harbour Dredging (Funding)", "The Assembly met at two o'clock")
    unheaded = extract_text(plain)
    assert (unheaded.title, unheaded.publisher) == ("HOUSE OF ASSEMBLY", None)


PODCAST = """Tide Tables — Episode 12: The Harbour Wall

NINA FALK (HOST): Welcome back to the show about the coast and the people on it. I'm Nina Falk.

OMAR BELL: Thanks for having me, Nina.

NINA FALK (HOST): Omar, how long has the wall been cracked?

OMAR BELL: Since the storm in February. The crack runs the whole length of the east arm.

NINA FALK (HOST): And who pays to mend it?

OMAR BELL: The harbour board, and it has not set aside a penny.
"""


@pytest.mark.parametrize(
    "question",
    ["who hosts Tide Tables?", "who is the host of Tide Tables?", "who hosted Tide Tables?"],
)
def test_who_hosts_a_show_is_asked_as_who_its_host_is(question: str) -> None:
    from bot.engine.answer import AnswerEngine
    from bot.engine.formats.upload import UploadDetails, document_from_upload

    upload = document_from_upload(PODCAST.encode(), "tide.txt", UploadDetails(), doc_id="tide")
    answer = AnswerEngine([upload.document]).answer(question)
    assert not answer.abstained, question
    assert answer.quotes[0].attribution.speaker == "Nina Falk", question
