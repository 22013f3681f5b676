"""Uploads as documents: who a document is by when the file names no author."""

from __future__ import annotations

import pytest

from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import CorpusError

NOTICE = """Proposed rules for harbour lights

Vol. 12, No. 3

AGENCY: Maritime Safety Office (MSO), Department of Harbours.

ACTION: Notice of proposed rulemaking.

SUMMARY: The office proposes to require a second light on every pier longer than forty metres.
"""


def test_a_government_notice_is_by_the_agency_its_header_names() -> None:
    upload = document_from_upload(NOTICE.encode(), "notice.txt", UploadDetails())
    assert upload.document.meta.author == "Maritime Safety Office"
    summary = next(p for p in upload.document.passages if "second light" in p.text)
    assert summary.speaker == "Maritime Safety Office"


def test_an_author_given_at_upload_is_kept_over_the_agency_header() -> None:
    details = UploadDetails(author="Ines Muller")
    upload = document_from_upload(NOTICE.encode(), "notice.txt", details)
    assert upload.document.meta.author == "Ines Muller"


def test_a_text_without_an_agency_header_keeps_no_author() -> None:
    text = "Harbour lights\n\nThe agency: nobody said which one ran the pier lights.\n"
    upload = document_from_upload(text.encode(), "note.txt", UploadDetails())
    assert upload.document.meta.author == "Unknown author"


def test_a_utf16_text_file_with_its_byte_order_mark_is_read() -> None:
    text = "Harbour lights\n\nThe pier lights stay on until midnight, says the harbour office.\n"
    for encoded in (text.encode("utf-16"), text.encode("utf-16-be"), text.encode("utf-16-le")):
        if not encoded.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoded = (b"\xfe\xff" if encoded[0] == 0 else b"\xff\xfe") + encoded
        upload = document_from_upload(encoded, "note.txt", UploadDetails())
        assert any("until midnight" in p.text for p in upload.document.passages)


def test_a_file_of_only_punctuation_is_refused_with_the_reason() -> None:
    with pytest.raises(CorpusError, match="no words were found"):
        document_from_upload(b"!!!\n\n?? ...\n", "marks.txt", UploadDetails())


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Letter: Keep the night buses running", "letter"),
        ("Letters to the editor: the pier lights", "letter"),
        ("An open letter to the harbour board", "letter"),
        ("Op-Ed: The pier needs a second light", "op-ed"),
        ("Opinion | Why the ferry should run at night", "op-ed"),
        ("Lettering the harbour signs by hand", "article"),
        ("Opinions on the pier differ", "article"),
    ],
)
def test_an_upload_whose_title_labels_its_kind_is_of_that_kind(title: str, kind: str) -> None:
    text = f"# {title}\n\nThe harbour board met on Tuesday to talk about the pier lights.\n"
    upload = document_from_upload(text.encode(), "page.md", UploadDetails())
    assert upload.document.meta.title == title
    assert upload.document.meta.kind.value == kind


def test_a_kind_given_at_upload_is_kept_over_the_title() -> None:
    text = "Letter: Keep the night buses running\n\nThe buses stop at midnight.\n"
    details = UploadDetails(kind="report")
    upload = document_from_upload(text.encode(), "page.txt", details)
    assert upload.document.meta.kind.value == "report"


def test_page_furniture_and_a_kicker_are_not_passages() -> None:
    text = (
        "OPINION\n\nFour-day school weeks shortchange our pupils\n\n"
        "A shorter week saves the district money and costs the children their lessons.\n\n"
        "Advertisement\n\n"
        "Parents who work five days must pay for a sixth day of care.\n\n"
        "Topics: Schools, Budgets\n\nMost popular\n\n###\n"
    )
    document = document_from_upload(text.encode(), "oped.txt", UploadDetails()).document
    assert [p.text.split()[0] for p in document.passages] == ["A", "Parents"]
    assert document.meta.kind.value == "op-ed"  # the kicker says so


def test_a_press_releases_mark_is_not_its_title() -> None:
    text = (
        "FOR IMMEDIATE RELEASE\n\nGreenfield Robotics opens a free coding school\n\n"
        "The company will teach forty pupils a term, starting in September.\n"
    )
    document = document_from_upload(text.encode(), "release.txt", UploadDetails()).document
    assert document.meta.title == "Greenfield Robotics opens a free coding school"


def test_an_uploaded_markdown_file_s_headings_label_its_passages_and_are_none() -> None:
    text = (
        "# Should schools ban phones?\n\nSchools disagree about phones in class.\n\n"
        "## For\n\nPupils without phones pay more attention.\n\n"
        "## Against\n\nParents want to reach their children on the way home.\n"
    )
    document = document_from_upload(text.encode(), "phones.md", UploadDetails()).document
    assert document.meta.title == "Should schools ban phones?"
    assert [(p.heading, p.text.split()[0]) for p in document.passages] == [
        (None, "Schools"),
        ("For", "Pupils"),
        ("Against", "Parents"),
    ]
    assert "#" not in document.body


PASTED = (
    "The harbour board has agreed to rebuild the north breakwater after two winters of storms "
    "left a gap wide enough for a fishing boat to pass through it at high tide.\n\n"
    "Work starts in April and will cost the board most of its reserves.\n"
)


@pytest.mark.parametrize("filename", ["message.txt", "pasted_news (2).txt", "Untitled.txt"])
def test_a_paste_named_by_nothing_is_titled_by_its_opening_sentence(filename: str) -> None:
    title = document_from_upload(PASTED.encode(), filename, UploadDetails()).document.meta.title
    assert title.startswith("The harbour board has agreed to rebuild the north breakwater")
    assert title.endswith("…") and len(title) <= 91


def test_a_file_named_for_its_subject_keeps_that_name_as_its_title() -> None:
    upload = document_from_upload(PASTED.encode(), "breakwater-plan.txt", UploadDetails())
    assert upload.document.meta.title == "breakwater plan"
