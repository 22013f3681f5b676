"""Markdown written for a site generator: its front matter mapped, its body read as Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.markdown import extract_markdown, is_foreign_front_matter
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import CorpusError, Document

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


def uploaded(text: str, filename: str) -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0]
    ).document


# An essay of our own with numbered notes listed at its end, as a history essay sets them.
TIDE_MILLS = """# Tide Mills of the Northern Coast

*By Orla Finch*

Tide mills once stood at the mouth of nearly every sheltered creek on the northern coast,
grinding grain with water held back at high tide.[1] Most had gone quiet long before the
railway reached the harbour towns.

The last working mill on the Saltreach estuary ground its final sack of barley in a hard
winter, when the miller could no longer find anyone to mend the sluice gates.[2] Its timbers
were sold for firewood the following spring.

## Notes

[1] Harrow, P. "Water Held Back: Coastal Milling Before Steam." Estuary Press, 1987.
[2] Quayle, M. "The Saltreach Mill Ledgers." Northern Coast Historical Journal, 2004.
"""


def test_a_markdown_essays_notes_are_its_bibliography_not_its_text() -> None:
    document = uploaded(TIDE_MILLS, "tide-mills.md")
    entries = document.meta.bibliography
    assert [(entry.number, entry.author, entry.title, entry.date) for entry in entries] == [
        (1, "Harrow, P", "Water Held Back: Coastal Milling Before Steam", "1987"),
        (2, "Quayle, M", "The Saltreach Mill Ledgers", "2004"),
    ]
    assert len(document.passages) == 2
    assert not any("Estuary Press" in passage.text for passage in document.passages)


def test_a_quote_holding_a_markdown_note_mark_carries_the_note() -> None:
    engine = AnswerEngine([uploaded(TIDE_MILLS, "tide-mills.md")])
    quote = engine.answer("why did the last mill on the Saltreach estuary stop?").quotes[0]
    assert "[2]" in quote.text and "sluice gates" in quote.text
    assert [entry.number for entry in quote.references] == [2]
    assert "The Saltreach Mill Ledgers" in quote.references[0].text


# Footnotes in GitHub's and Pandoc's syntax: "[^1]" marks, "[^1]: ..." definitions (a note's
# second line indented), and a "[1]: url" line that defines a link, no note.
LIGHTHOUSE = """# Keeping the Light

The keepers logged every ship that passed the point, in fair weather and foul.[^1] The
log books were kept in a locked chest under the lamp room.

When the light was automated, the keepers' cottages were let to [summer visitors][1].[^2]

[^1]: Brennan, T. "Logs of the Point Light." Coastal Archive Papers, 1999.
[^2]: Letting records of the Harbour Board,
    held at the county record office.

[1]: https://example.org/cottages
"""


def test_markdown_footnote_definitions_are_linked_to_their_marks() -> None:
    document = uploaded(LIGHTHOUSE, "light.md")
    assert [(entry.number, entry.text) for entry in document.meta.bibliography] == [
        (1, 'Brennan, T. "Logs of the Point Light." Coastal Archive Papers, 1999.'),
        (2, "Letting records of the Harbour Board, held at the county record office."),
    ]
    texts = [passage.text for passage in document.passages]
    assert len(texts) == 2
    assert "in fair weather and foul.[1] The" in " ".join(texts[0].split())
    # The link keeps its definition: its text, not "[summer visitors][1]".
    assert texts[1].endswith("let to summer visitors.[2]")
    engine = AnswerEngine([document])
    quote = engine.answer("who were the keepers' cottages let to?").quotes[0]
    assert [entry.number for entry in quote.references] == [2]


def test_a_numbered_list_closing_markdown_that_nothing_cites_stays_text() -> None:
    text = """# Packing for the Ridge

Take only what you will carry the whole way.

## Sources

1. The warden's hut sells maps.
2. Water is found at the second cairn.
"""
    document = uploaded(text, "ridge.md")
    assert document.meta.bibliography == ()
    assert [passage.text for passage in document.passages][-1] == (
        "Water is found at the second cairn."
    )


def test_markdown_notes_may_come_before_the_authors_note() -> None:
    text = TIDE_MILLS + "\n## About the author\n\nOrla Finch restores mill machinery.\n"
    document = uploaded(text, "tide-mills.md")
    assert [entry.number for entry in document.meta.bibliography] == [1, 2]
    assert document.passages[-1].text == "Orla Finch restores mill machinery."
    assert not any("Estuary Press" in passage.text for passage in document.passages)


# An interview written up by hand, of our own: the questions in bold, the answers plain under
# them, the interviewer named in an italic line of the head.
KILN_INTERVIEW = """# Nadia Corr on closing the pottery after forty years

*Westmoor Review, Sunday 2 June 2024. Interview by Pavel Stroud.*

Nadia Corr opened the Old Kiln pottery in 1984. Last month she fired its last batch of mugs.

**Why close now?**

Because the gas bill tripled and I am tired. I could keep going another year, but I would be
working for the supplier, not for the pots.

**Will anyone take over the kiln?**

I hope so. Two of my students have asked about renting the kiln, and I would like it to stay warm.

**Do you regret anything?**

Only that I never learned to glaze properly in blue. My blues always came out grey.

*Nadia Corr was speaking to Pavel Stroud.*
"""

# An explainer of our own whose bold sub-heads ask, answered in the third person: no interview.
EXPLAINER = """# The new parking zone

**What is changing?**

From March the zone covers the whole of Mill Street, and permits cost thirty pounds a year.

**Who can apply?**

Residents of the street and their carers can apply, one permit to a household.

**When does it start?**

The council says the signs go up on the first of March and fines follow a week later.
"""


def test_bold_questions_over_first_person_answers_are_an_interview() -> None:
    document = uploaded(KILN_INTERVIEW, "kiln.md")
    turns = [(p.speaker, p.text.split()[0]) for p in document.passages]
    assert turns == [
        ("Pavel Stroud", "Nadia"),  # the introduction: the author's
        ("Pavel Stroud", "Why"),
        ("Nadia Corr", "Because"),
        ("Pavel Stroud", "Will"),
        ("Nadia Corr", "I"),
        ("Pavel Stroud", "Do"),
        ("Nadia Corr", "Only"),
        ("Westmoor Review", "Nadia"),  # the closing note: the publication's
    ]
    assert (document.meta.author, document.meta.date) == ("Pavel Stroud", dt.date(2024, 6, 2))
    assert document.meta.publisher == "Westmoor Review"
    engine = AnswerEngine([document])
    answer = engine.answer("what did Nadia Corr say about the gas bill?")
    assert answer.quotes[0].passage.startswith("Because the gas bill tripled")
    assert answer.quotes[0].attribution.speaker == "Nadia Corr"


def test_an_interview_without_a_byline_is_named_by_its_closing_note() -> None:
    text = KILN_INTERVIEW.replace(" Interview by Pavel Stroud.", "").replace(
        "# Nadia Corr on closing the pottery after forty years", "# Closing the Old Kiln"
    )
    said = {p.text.split()[0]: p.speaker for p in uploaded(text, "kiln.md").passages}
    assert (said["Why"], said["Because"]) == ("Pavel Stroud", "Nadia Corr")


def test_bold_questions_answered_in_the_third_person_stay_sub_heads() -> None:
    document = uploaded(EXPLAINER, "parking.md")
    assert [p.heading for p in document.passages] == [
        "What is changing?",
        "Who can apply?",
        "When does it start?",
    ]
    assert all(p.voice.value == "author" for p in document.passages)


@pytest.mark.parametrize(
    "question", ["why did Nadia Corr close?", "why did Corr decide to close now?"]
)
def test_the_answer_to_the_interviewers_question_is_quoted_though_its_words_are_its_own(
    question: str,
) -> None:
    # The question turn ("Why close now?") holds the question's words; the answer under it
    # ("Because the gas bill tripled ...") holds none of them, but it is the turn of the one
    # the question names.
    engine = AnswerEngine([uploaded(KILN_INTERVIEW, "kiln.md")])
    quotes = engine.answer(question).quotes
    assert quotes[0].passage.startswith("Because the gas bill tripled")
    assert quotes[0].attribution.speaker == "Nadia Corr"
    # The question turn only asks: it answers nothing, so it is not quoted.
    assert "Why close now?" not in [quote.passage for quote in quotes]
