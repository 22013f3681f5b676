"""Letters uploaded as files: the sign-off names the author, and neither the salutation nor the
sign-off is a passage (`bot.engine.formats.letter`), with fixtures written here."""

from __future__ import annotations

import pytest

from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Kind

CLOSING = (
    "The council plans to close the central library on Sundays to save money. That would shut "
    "out the students who have nowhere else quiet to work."
)
COST = (
    "A Sunday opening costs less than one councillor's travel budget. The savings are trivial "
    "and the harm is real."
)
LETTER = (
    f"Keep the library open on Sundays\n\nDear Editor,\n\n{CLOSING}\n\n{COST}\n\n"
    "Sincerely,\nJane Roe\nSpringfield\n"
)


def upload(text: str, **details: str) -> Document:
    return document_from_upload(text.encode(), "letter.txt", UploadDetails(**details)).document


def test_a_signed_letter_is_by_its_signer_and_quotes_only_its_body() -> None:
    document = upload(LETTER)
    assert document.meta.author == "Jane Roe"
    assert document.meta.kind is Kind.LETTER
    assert [p.text for p in document.passages] == [CLOSING, COST]
    assert {p.speaker for p in document.passages} == {"Jane Roe"}
    assert "Dear Editor" not in document.body and "Springfield" not in document.body


@pytest.mark.parametrize(
    "text",
    [
        # The salutation on the first line of the letter's first paragraph.
        f"Keep the library open\n\nDear Editor,\n{CLOSING}\n\n{COST}\n\nSincerely,\nJane Roe\n",
        # The close in a paragraph of its own, the name and place in the next.
        f"Keep the library open\n\nTo the Editor:\n\n{CLOSING}\n\n{COST}\n\nYours faithfully,"
        "\n\nJane Roe, Springfield\n",
        # The close on the line after the letter's last sentence.
        f"Keep the library open\n\nDear Sir or Madam,\n\n{CLOSING}\n\n{COST}\nBest regards,\n"
        "Jane Roe\nChair, Friends of the Library\n",
    ],
)
def test_a_letter_s_salutation_and_sign_off_are_left_out_however_they_are_set(text: str) -> None:
    document = upload(text)
    assert document.meta.author == "Jane Roe"
    assert [p.text for p in document.passages] == [CLOSING, COST]


def test_a_dash_sign_off_names_the_author_and_is_no_passage() -> None:
    document = upload(f"Keep the library open\n\n{CLOSING}\n\n{COST}\n\n-- Jane Roe, Springfield\n")
    assert document.meta.author == "Jane Roe"
    assert [p.text for p in document.passages] == [CLOSING, COST]


def test_a_signer_s_accented_name_is_kept_as_written() -> None:
    document = upload(f"Keep it open\n\nDear Editor,\n\n{CLOSING}\n\nSincerely,\nBjörn Åkesson\n")
    assert document.meta.author == "Björn Åkesson"


def test_an_author_given_at_upload_wins_over_the_sign_off() -> None:
    assert upload(LETTER, author="Ines Muller").meta.author == "Ines Muller"


def test_a_letter_under_another_person_s_byline_stays_its_signer_s_words() -> None:
    document = upload(
        f"Keep it open\nBy Tom Smith\n\nDear Editor,\n\n{CLOSING}\n\n{COST}\n\n"
        "Sincerely,\nJane Roe\n"
    )
    assert document.meta.author == "Tom Smith"
    assert not any(p.text.startswith("Dear Editor") for p in document.passages)
    assert {p.speaker for p in document.passages} == {"Jane Roe"}


def test_a_page_of_letters_is_each_letter_its_signer_s() -> None:
    document = upload(
        f"Letters\n\n{CLOSING}\n\nSincerely,\nJane Roe\n\n{COST}\n\nSincerely,\nMark Poe\n"
    )
    assert document.meta.author == "Unknown author"
    speakers = {p.text: p.speaker for p in document.passages}
    assert (speakers[CLOSING], speakers[COST]) == ("Jane Roe", "Mark Poe")


def test_a_company_s_sign_off_is_no_author() -> None:
    document = upload(f"Opening hours\n\n{CLOSING}\n\nRegards,\nAcme Library Services Ltd\n")
    assert document.meta.author == "Unknown author"
    assert document.meta.kind is Kind.ARTICLE


def test_a_salutation_with_an_honorific_is_no_passage() -> None:
    document = upload(LETTER.replace("Dear Editor,", "Dear Ms. Kerr,"))
    assert document.meta.author == "Jane Roe"
    assert [p.text for p in document.passages] == [CLOSING, COST]


# A letters page, in my own words: a headline over each letter, each opening "Sir," and signed
# with the writer's name and town on a line of its own, the second answering the first.
FERRY = (
    "Sir, the council wants to cut the winter ferry to two crossings a day. I run the bakery on "
    "the island and my flour comes over on the first boat.\n\n"
    "Two crossings would leave us without bread by noon. Keep the timetable as it is."
)
FARES = (
    "Sir, Agnes Pellworth says the ferry timetable must stay. She does not say who pays for "
    "empty boats in January.\n\n"
    "The fares have not risen in six years. Raise them before cutting crossings."
)
LETTERS_PAGE = (
    "Harbour Herald letters\n\nReaders wrote to us about the ferry timetable.\n\n"
    f"DO NOT CUT THE FERRY\n\n{FERRY}\n\nAgnes Pellworth, Little Skerry\n\n"
    f"A REPLY TO MRS PELLWORTH\n\n{FARES}\n\nDouglas Vane, Port Anstey\n\n"
    "Write to the Herald at the harbour office.\n"
)


def test_a_letters_page_s_letters_opening_sir_are_each_their_signer_s() -> None:
    document = upload(LETTERS_PAGE)
    assert document.meta.author == "Unknown author"
    assert document.meta.kind is Kind.LETTER  # a page of letters: "the letters page" names it
    speakers = {p.text: p.speaker for p in document.passages}
    for letter, signer in ((FERRY, "Agnes Pellworth"), (FARES, "Douglas Vane")):
        for paragraph in letter.split("\n\n"):
            assert speakers[paragraph] == signer
    # The signature lines and the headlines are no passages: the headline heads its letter.
    assert not any("Little Skerry" in p.text or "Port Anstey" in p.text for p in document.passages)
    assert not any(p.text.startswith(("DO NOT", "A REPLY")) for p in document.passages)
    assert {p.heading for p in document.passages if p.speaker == "Douglas Vane"} == {
        "A REPLY TO MRS PELLWORTH"
    }
    # The page's own words stay its own.
    assert speakers["Readers wrote to us about the ferry timetable."] == "Unknown author"


def test_a_letters_page_s_signers_are_known_by_their_towns() -> None:
    people = {p.name: p.aliases for p in upload(LETTERS_PAGE).meta.mentions}
    assert "writer from Little Skerry" in people["Agnes Pellworth"]
    assert "letter writer from Port Anstey" in people["Douglas Vane"]


@pytest.mark.parametrize("name", ["letters.md", "letters.html"])
def test_a_letters_page_in_markdown_or_html_is_read_alike(name: str) -> None:
    blocks = LETTERS_PAGE.strip().split("\n\n")
    if name.endswith(".md"):
        text = "# " + "\n\n".join(blocks) + "\n"
    else:
        body = "".join(f"<p>{b}</p>" for b in blocks[1:])
        text = (
            f"<html><head><title>{blocks[0]}</title></head><body><article>"
            f"<h1>{blocks[0]}</h1>{body}</article></body></html>"
        )
    document = document_from_upload(text.encode(), name, UploadDetails(), isolated=True).document
    speakers = {p.text: p.speaker for p in document.passages}
    assert speakers[FARES.split("\n\n")[1]] == "Douglas Vane"
    assert speakers[FERRY.split("\n\n")[0]] == "Agnes Pellworth"
    assert not any(p.text.startswith("Douglas Vane") for p in document.passages)
    assert document.meta.kind is Kind.LETTER


def test_one_letter_opening_sir_and_signed_with_a_town_is_by_its_signer() -> None:
    document = upload(f"Save the ferry\n\n{FERRY}\n\nAgnes Pellworth, Little Skerry\n")
    assert document.meta.author == "Agnes Pellworth"
    assert [p.text for p in document.passages] == FERRY.split("\n\n")
    assert {p.speaker for p in document.passages} == {"Agnes Pellworth"}


@pytest.mark.parametrize(
    ("heading", "title", "publisher"),
    [
        ("HARBOUR HERALD - LETTERS TO THE EDITOR", "Letters to the Editor", "Harbour Herald"),
        (
            "Letters to the Editor | The Harbour Herald",
            "Letters to the Editor",
            "The Harbour Herald",
        ),
        # No paper named beside the page's name: the title as it is, no publisher.
        ("Harbour Herald letters", "Harbour Herald letters", None),
        ("Letters: the ferry timetable", "Letters: the ferry timetable", None),
    ],
)
def test_a_letters_page_titled_by_its_paper_is_published_by_it(
    heading: str, title: str, publisher: str | None
) -> None:
    document = upload(LETTERS_PAGE.replace("Harbour Herald letters", heading))
    assert (document.meta.title, document.meta.publisher) == (title, publisher)
    assert document.meta.author == "Unknown author"  # the paper wrote none of the letters


def test_who_wrote_a_letters_page_is_answered_by_its_signers() -> None:
    from bot.engine.answer import AnswerEngine

    engine = AnswerEngine([upload(LETTERS_PAGE)])
    answer = engine.answer("who wrote the letters page?")
    assert answer.facts is not None
    assert answer.facts.value == "Agnes Pellworth and Douglas Vane"
    assert answer.note is not None and "signatures" in answer.note
    # Other details are the page's own.
    titled = engine.answer("what is the letters page called?")
    assert titled.facts is not None and titled.facts.value == "Harbour Herald letters"


def test_a_signers_letter_named_by_the_signer_is_their_letter() -> None:
    from bot.engine.answer import AnswerEngine

    engine = AnswerEngine([upload(LETTERS_PAGE)])
    answer = engine.answer("how does Douglas Vane's letter answer Mrs Pellworth about the ferry?")
    assert answer.quotes[0].attribution.speaker == "Douglas Vane"
