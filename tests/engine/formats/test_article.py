from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.formats.article import parse_article, read_article
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import CorpusError, Document, Voice

GOOD = """---
title: A Test Op-Ed
author: Ada Writer
date: 2024-03-01
kind: op-ed
voices: 1 = publisher; 3 = Guest Voice
publisher: The Test Times
---

The editor introduces the piece.

Ada argues her case. She cites the U.S. census.

A guest adds a word.

Ada concludes.
"""


def parse(text: str, name: str = "test-article.md") -> Document:
    return parse_article(text.encode("utf-8"), name)


def error_of(text: str) -> CorpusError:
    with pytest.raises(CorpusError) as caught:
        parse(text)
    return caught.value


def test_bundled_article_has_the_publishers_framing_then_the_ambassadors_reply(
    seed_document: Document,
) -> None:
    meta = seed_document.meta
    assert meta.title == "Security First or America First?"
    assert meta.author == "Zhang Ming"
    assert meta.kind.value == "reply"
    assert meta.date.isoformat() == "2019-12-05"
    first, *rest = seed_document.passages
    assert first.voice is Voice.PUBLISHER
    assert first.text.startswith("On December 2, US Secretary of State Mike Pompeo contributed")
    assert {p.voice for p in rest} == {Voice.AUTHOR}
    assert {p.speaker for p in rest} == {"Zhang Ming"}
    assert [p.id for p in seed_document.passages] == [
        f"security-first-or-america-first:p{n}" for n in range(1, 7)
    ]


def test_passage_and_sentence_offsets_point_into_the_body(seed_document: Document) -> None:
    for passage in seed_document.passages:
        assert seed_document.body[passage.start : passage.end] == passage.text
        for start, end in passage.sentences:
            assert (
                seed_document.body[passage.start + start : passage.start + end]
                == (passage.text[start:end])
            )
    third = seed_document.passages[2]
    assert third.sentence_texts()[2].startswith("Der Tagesspiegel stated in May")
    assert third.sentence_texts()[2].endswith("failed to find any backdoor in Huawei.")


def test_voices_name_speakers_by_paragraph_range() -> None:
    document = parse(GOOD)
    assert [(p.voice, p.speaker) for p in document.passages] == [
        (Voice.PUBLISHER, "The Test Times"),
        (Voice.AUTHOR, "Ada Writer"),
        (Voice.SPEAKER, "Guest Voice"),
        (Voice.AUTHOR, "Ada Writer"),
    ]
    assert document.id == "test-article"


def test_transcript_labels_set_the_speaker_until_the_next_label() -> None:
    text = GOOD.replace("voices: 1 = publisher; 3 = Guest Voice", "voices: labels").replace(
        "kind: op-ed", "kind: transcript"
    )
    text = text.replace("Ada argues", "DR. ADA WRITER: Ada argues").replace(
        "A guest adds", "MODERATOR: A guest adds"
    )
    speakers = [p.speaker for p in parse(text).passages]
    assert speakers == ["Ada Writer", "Dr. Ada Writer", "Moderator", "Moderator"]


def test_byte_order_mark_and_windows_newlines_are_accepted() -> None:
    data = ("\ufeff" + GOOD).replace("\n", "\r\n").encode("utf-8")
    document = parse_article(data, "bom.md")
    assert len(document.passages) == 4
    assert "\r" not in document.body


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("title: A Test Op-Ed\n", ""), 1, "missing required key(s): title"),
        (("date: 2024-03-01", "date: 1 March 2024"), 4, "date must be YYYY-MM-DD"),
        (("kind: op-ed", "kind: poem"), 5, "kind must be one of"),
        (("publisher: The Test Times", "publisher The Test Times"), 7, "expected 'key: value'"),
        (("publisher: The Test Times", "colour: blue"), 7, "unknown key 'colour'"),
        (("voices: 1 = publisher; 3 = Guest Voice", "voices: 9 = publisher"), 6, "paragraph 9"),
        (("voices: 1 = publisher; 3 = Guest Voice", "voices: one = x"), 6, "voices: expected"),
        (("author: Ada Writer", "author: Ada Writer\nauthor: Bob"), 4, "given twice"),
    ],
)
def test_malformed_metadata_names_the_file_and_line(
    change: tuple[str, str], line: int, words: str
) -> None:
    error = error_of(GOOD.replace(*change))
    assert error.source == "test-article.md"
    assert error.line == line
    assert words in str(error)
    assert str(error).startswith(f"test-article.md, line {line}: ")


def test_missing_or_unclosed_metadata_block_is_reported() -> None:
    assert "expected '---'" in str(error_of("Just some text.\n"))
    assert "never closed" in str(error_of("---\ntitle: x\n"))
    assert "empty" in str(error_of("\n\n"))


def test_an_article_without_text_is_rejected() -> None:
    text = GOOD.split("---\n\n")[0] + "---\n\n\n"
    assert "no text after the metadata" in str(error_of(text))


def test_binary_and_non_utf8_files_are_rejected_with_the_reason() -> None:
    with pytest.raises(CorpusError, match="binary"):
        parse_article(b"\x00\x01\x02", "x.md")
    with pytest.raises(CorpusError, match="not UTF-8"):
        parse_article(GOOD.encode("utf-8") + b"\xff\xfe caf\xe9", "x.md")


def test_a_huge_paragraph_is_rejected_with_its_line() -> None:
    text = GOOD + "\n" + ("word " * 5000) + "\n"
    error = error_of(text)
    assert "paragraph is" in str(error)
    assert error.line == 18


def test_unsupported_file_types_and_missing_files_are_clear(tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(CorpusError, match=r"unsupported file type '\.pdf'"):
        read_article(pdf)


def test_content_hash_changes_with_the_text_only() -> None:
    assert parse(GOOD).content_hash == parse(GOOD).content_hash
    assert (
        parse(GOOD).content_hash != parse(GOOD.replace("Ada concludes.", "Ada ends.")).content_hash
    )


def test_a_title_over_three_hundred_characters_is_shortened_with_a_note() -> None:
    long_title = "A title that goes on " * 90  # 1,890 characters, as a PDF's metadata may hold
    document = parse(GOOD.replace("A Test Op-Ed", long_title).replace("Ada Writer", "W " * 400))
    title = document.meta.title
    assert len(title) <= 300 and title.endswith("… (title shortened)")
    assert title.startswith("A title that goes on A title")
    assert len(document.meta.author) <= 200 and document.meta.author.endswith("…")
    assert parse(GOOD).meta.title == "A Test Op-Ed"  # a title that fits is kept as written


def test_an_upload_s_title_from_its_html_is_capped_at_ingest_too() -> None:
    page = (
        f"<html><head><title>{'Headline words ' * 130}</title></head><body>"
        + ("<article><p>" + "A paragraph of the article's own text, long enough to keep. " * 8)
        + "</p></article></body></html>"
    )
    document = document_from_upload(page.encode(), "page.html", UploadDetails()).document
    assert len(document.meta.title) <= 300
    assert document.meta.title.endswith("(title shortened)")
