"""Word documents (.docx): paragraphs, headings, lists, tables, the file's properties, turns,
and the files refused with what to do. Each fixture is built here with python-docx."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest

from bot.engine.formats.upload import UploadDetails, document_from_upload, extractor_for
from bot.engine.formats.word import MAX_UNZIPPED_BYTES, extract_docx
from bot.engine.models import CorpusError, Document


def case_file(*, title: str | None = "Tolls on the Skerrow crossing") -> bytes:
    """A debate club's case file: a heading, a paragraph, a list and a table."""
    word = docx.Document()
    properties = word.core_properties
    properties.title = title or ""
    properties.author = "Mirela Vantongeren"
    properties.created = dt.datetime(2024, 3, 9, 10, 0)
    word.add_heading("Why the tolls stay", level=2)
    word.add_paragraph(
        "Tolls on the Skerrow crossing pay for the lifeboat station, which brought eleven "
        "crews home last winter."
    )
    word.add_paragraph("Keep the tolls for visitors", style="List Bullet")
    word.add_paragraph("Let residents cross free", style="List Bullet")
    word.add_heading("What the figures show", level=2)
    table = word.add_table(rows=2, cols=3)
    rows = (("Year", "Tolls", "Rescues"), ("2023", "41,000", "11"))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    return _saved(word)


def speech_transcript() -> bytes:
    """A club debate typed up in Word: a title paragraph, then "NAME:" turns."""
    word = docx.Document()
    word.add_paragraph("Skerrow ferry debate", style="Title")
    for turn in (
        "ODILE FENWICK: Free ferries would empty the harbour fund within two years.",
        "TOMAS REYNE: The harbour fund is full; the council said so in March.",
        "ODILE FENWICK: The council counted the dredging money twice.",
        "TOMAS REYNE: Then count it once and the ferries are still affordable.",
    ):
        word.add_paragraph(turn)
    return _saved(word)


def _saved(word: object) -> bytes:
    out = io.BytesIO()
    word.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def _read(data: bytes, name: str = "case.docx") -> Document:
    return document_from_upload(data, name, UploadDetails(), isolated=True).document


def test_headings_are_sections_and_list_items_and_table_rows_are_passages() -> None:
    document = _read(case_file())
    passages = [(p.heading, p.text) for p in document.passages]
    assert passages == [
        (
            "Why the tolls stay",
            "Tolls on the Skerrow crossing pay for the lifeboat station, which brought eleven "
            "crews home last winter.",
        ),
        ("Why the tolls stay", "Keep the tolls for visitors"),
        ("Why the tolls stay", "Let residents cross free"),
        ("What the figures show", "Year | Tolls | Rescues"),
        ("What the figures show", "2023 | 41,000 | 11"),
    ]


def test_the_files_properties_give_title_author_and_the_day_it_was_made() -> None:
    meta = _read(case_file()).meta
    assert (meta.title, meta.author) == ("Tolls on the Skerrow crossing", "Mirela Vantongeren")
    assert meta.date == dt.date(2024, 3, 9)
    assert extractor_for(case_file(), "case.docx").startswith("docx/1 python-docx ")


def test_a_date_the_text_states_wins_over_the_day_the_file_was_made() -> None:
    word = docx.Document(io.BytesIO(case_file()))
    word.paragraphs[0].insert_paragraph_before("Published 14 May 2025")
    assert _read(_saved(word)).meta.date == dt.date(2025, 5, 14)


def test_without_a_title_property_the_opening_title_paragraph_is_the_title() -> None:
    document = _read(speech_transcript(), "debate.docx")
    assert document.meta.title == "Skerrow ferry debate"
    # python-docx's own template names "python-docx" as author and a day in 2013: neither kept.
    assert document.meta.author == "Unknown author" and document.meta.date is None


def test_speaker_turns_in_a_word_transcript_are_their_speakers() -> None:
    document = _read(speech_transcript(), "debate.docx")
    assert document.meta.kind.value == "transcript"
    turns = [(p.speaker, p.text.split()[0]) for p in document.passages]
    assert turns == [
        ("Odile Fenwick", "Free"),
        ("Tomas Reyne", "The"),
        ("Odile Fenwick", "The"),
        ("Tomas Reyne", "Then"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, r"old Word .*save it as"),
        # An old .doc renamed .docx is the same old container.
        ("renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, r"\.doc\), which"),
        (
            "locked.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            r"password-protected.*remove the password",
        ),
        ("cut.docx", case_file()[:900], r"not a Word document I can read.*\.docx"),
        ("photo.docx", b"\x89PNG\r\n\x1a\n a picture", r"not a Word document I can read"),
    ],
)
def test_a_file_word_cannot_give_says_what_it_is_and_what_to_do(
    name: str, data: bytes, problem: str
) -> None:
    with pytest.raises(CorpusError, match=problem) as caught:
        _read(data, name)
    assert caught.value.source == name


def test_a_zip_that_is_no_word_document_and_an_empty_one_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("notes.txt", "not a document")
    with pytest.raises(CorpusError, match="not a Word document I can read"):
        extract_docx(out.getvalue(), "notes.docx")
    with pytest.raises(CorpusError, match="no text was found in the Word document"):
        extract_docx(_saved(docx.Document()), "blank.docx")


def test_a_docx_that_unzips_past_the_limit_is_refused_before_it_is_read() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/filler.bin", b"\0" * (MAX_UNZIPPED_BYTES + 1))
    with pytest.raises(CorpusError, match=r"unzips to 100,000,001 bytes"):
        extract_docx(out.getvalue(), "bomb.docx")
