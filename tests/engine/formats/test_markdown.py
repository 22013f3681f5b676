"""Markdown written for a site generator: its front matter mapped, its body read as Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.engine.formats.markdown import extract_markdown, is_foreign_front_matter
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import CorpusError

REAL = Path("../shared/data/real-articles")

HUGO = """---
title: 'Op-Ed: The ferry needs a night crossing'
authors:
  - "Ines Okoro"
  - Tomas Ilves
type: post
date: 2024-11-15T20:20:39+00:00
excerpt: "The ferry crews walked out at dawn on Monday."
url: /2024/11/15/the-ferry-needs-a-night-crossing/
categories:
  - Opinion

---
**Why the strike matters**

The ferry crews walked out at dawn on Monday, and the island&#8217;s only pharmacy ran short
of insulin by Wednesday. [The operator](http://example.org/operator) cut the night crossing in
January.

<div>
  Union leaders said the <a href="http://example.org/union">walkout</a> would go on.
</div>

**What the council can do**

* Pay for one night crossing a week.
* Ask the operator to publish its costs.

<div>
  <em>Sincerely,</em>
</div>

<div>
  <em><strong>Ines Okoro</strong></em>
</div>
"""


def test_foreign_front_matter_is_mapped_and_the_body_read_as_markdown() -> None:
    extracted = extract_markdown(HUGO, "ferry.md")
    assert extracted.title == "Op-Ed: The ferry needs a night crossing"
    assert extracted.author == "Ines Okoro; Tomas Ilves"
    assert extracted.date == dt.date(2024, 11, 15)
    assert extracted.url is None  # a site-relative path is not a link
    texts = [p.text for p in extracted.paragraphs]
    assert texts[0] == (
        "The ferry crews walked out at dawn on Monday, and the island’s only pharmacy ran short "
        "of insulin by Wednesday. The operator cut the night crossing in January."
    )
    assert texts[1] == "Union leaders said the walkout would go on."
    assert texts[2:4] == [
        "Pay for one night crossing a week.",
        "Ask the operator to publish its costs.",
    ]
    assert texts[-1] == "Sincerely, Ines Okoro"  # the sign-off stays text, in one paragraph
    assert [p.section for p in extracted.paragraphs[:4]] == [
        "Why the strike matters",
        "Why the strike matters",
        "What the council can do",
        "What the council can do",
    ]


def test_an_upload_with_foreign_front_matter_is_an_article_not_an_error() -> None:
    upload = document_from_upload(HUGO.encode(), "ferry.md", UploadDetails())
    document = upload.document
    assert upload.extractor.startswith("markdown/")
    assert document.meta.title == "Op-Ed: The ferry needs a night crossing"
    assert document.meta.author == "Ines Okoro; Tomas Ilves"
    assert document.meta.date == dt.date(2024, 11, 15)
    assert upload.id_hint == "Op-Ed: The ferry needs a night crossing"  # the store names it
    assert "excerpt" not in document.body and "walked out at dawn" in document.body


def test_a_corpus_format_file_with_a_misspelt_key_keeps_its_error() -> None:
    text = "---\ntitle: Ferry\nautor: Ines Okoro\ndate: 2024-01-02\nkind: op-ed\n---\n\nText.\n"
    assert not is_foreign_front_matter(text.split("---")[1])
    with pytest.raises(CorpusError, match=r"ferry\.md, line 3: unknown key 'autor'"):
        document_from_upload(text.encode(), "ferry.md", UploadDetails())


def test_front_matter_that_is_not_yaml_is_an_error_naming_the_line() -> None:
    text = "---\ntitle: Ferry\ntags:\n  - [unclosed\n---\n\nText.\n"
    with pytest.raises(CorpusError, match=r"^ferry\.md, line \d+: the front matter cannot be"):
        document_from_upload(text.encode(), "ferry.md", UploadDetails())


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real-articles is absent")
@pytest.mark.parametrize(
    ("name", "title", "author", "date"),
    [
        (
            "oped-reedquest-2012-02-10-a-senate-divided.md",
            "Op-Ed: A Senate Divided?",
            "Kieran Hanrahan",
            dt.date(2012, 2, 10),
        ),
        (
            "letters-reedquest-2012-11-15-smoking-and-secularism.md",
            "Letters: Smoking and Secularism",
            "Staff",
            dt.date(2012, 11, 15),
        ),
    ],
)
def test_real_hugo_posts_are_read_with_their_metadata(
    name: str, title: str, author: str, date: dt.date
) -> None:
    document = document_from_upload((REAL / name).read_bytes(), name, UploadDetails()).document
    assert (document.meta.title, document.meta.author, document.meta.date) == (title, author, date)
    assert "&#8217;" not in document.body and "**" not in document.body


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real-articles is absent")
def test_a_real_letter_signed_in_two_blocks_is_its_signers() -> None:
    name = "reply-reedquest-2012-11-21-defense-of-mary-poplin.md"
    document = document_from_upload((REAL / name).read_bytes(), name, UploadDetails()).document
    # The site's byline is "Staff"; the one letter under it is its signer's, and its sign-off
    # ("Sincerely," then the name) is no passage (bot.engine.formats.letter).
    assert document.meta.author == "Alan Montecillo"
    assert document.passages[-1].text.startswith("Finally, I ask that you reconsider")
    assert not any("Sincerely" in p.text for p in document.passages)
    assert document.passages[0].text.startswith("As a student who worked hard")
    assert {p.speaker for p in document.passages} == {"Alan Montecillo"}
