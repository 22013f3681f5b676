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
