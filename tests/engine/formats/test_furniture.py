"""A news story pasted from its page and a newsletter exported to Markdown: the byline read
where the head sets it (under the lede, in a credit line), and the page's furniture (captions'
labels, links to other stories, subscribe boxes and buttons, sign-off, footer) no passage."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Voice
from bot.engine.voices import CAPTION


def uploaded(text: str, filename: str) -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0]
    ).document


PASTED_STORY = """Councillors have approved a new footbridge over the River Lenn at Cobham Mill, \
despite objections from anglers who use the bank.

By Amir Patel, Local Democracy Reporter
3 June 2025

Share this article

The bridge, which will cost about 2.4 million pounds, is due to open next summer.

Image caption: The old ford at Cobham Mill floods most winters

Related: Cobham Mill car park to close for three months

Anglers said the new bridge would cut them off from the best stretch of the river. "We were \
told about it after the plans were drawn up," said club secretary Ruth Obi.

Read more: Lenn valley cycle path opens

The council said it had looked at related plans for the car park before deciding.

Share this article

More from this area

Image caption: Traders gathered outside the Cobham market hall

Market hall roof repairs to start in May
"""


def test_a_byline_under_the_lede_of_a_pasted_story_is_read_and_no_passage() -> None:
    document = uploaded(PASTED_STORY, "pasted.txt")
    assert document.meta.author == "Amir Patel"
    assert document.meta.date == dt.date(2025, 6, 3)
    assert not any("Amir Patel" in p.text for p in document.passages)
    bridge = next(p for p in document.passages if "2.4 million" in p.text)
    assert bridge.speaker == "Amir Patel"


def test_a_pasted_storys_links_and_lists_are_no_passages_and_its_caption_is_one() -> None:
    document = uploaded(PASTED_STORY, "pasted.txt")
    texts = [p.text for p in document.passages]
    labels = ("Related:", "Read more:", "More from", "Image caption")
    assert not any(t.startswith(labels) for t in texts)
    assert not any("car park to close" in t or "market hall" in t for t in texts)
    caption = next(p for p in document.passages if "old ford" in p.text)
    assert caption.text == "The old ford at Cobham Mill floods most winters"
    assert (caption.heading, caption.voice) == (CAPTION, Voice.PUBLISHER)
    # The article's own sentences stay, "related plans" and all.
    own = "The council said it had looked at related plans for the car park before deciding."
    assert own in texts
    assert texts[0].startswith("Councillors have approved")
    answer = AnswerEngine([document]).answer("Why is the Cobham Mill car park closing?")
    assert not any("close for three months" in q.text for q in answer.quotes)


def test_a_line_opening_by_and_a_day_under_the_lede_is_no_byline() -> None:
    text = (
        "The ferry will stop running at night from next month, the harbour board said.\n\n"
        "By Tuesday, the board had received forty letters.\n\n"
        "It plans to review the timetable in the spring.\n"
    )
    document = uploaded(text, "ferry.txt")
    assert document.meta.author == "Unknown author"
    assert "By Tuesday, the board had received forty letters." in [
        p.text for p in document.passages
    ]
    story = uploaded(PASTED_STORY, "pasted.txt")
    assert story.meta.author == "Amir Patel"


NEWSLETTER = """# The Long Platform

## Why the branch line closed, and who still misses it

**Mara Quist** · 9 June 2025

The last train left Hollins Cross in 1964, and the station is now a tea room.

Most of the people I spoke to remember the line fondly. "It took us to school and back for \
a shilling," said Owen Hale, who is now eighty-one.

---

**Thanks for reading The Long Platform! Subscribe for free to receive new posts and support \
my work.**

[Subscribe now]

---

A campaign to reopen the line has gathered 3,000 signatures, but the county says the cost \
would be too high.

[Share]

Talk soon,

Mara

---

*The Long Platform is a reader-supported publication. To receive new posts and support my \
work, consider becoming a free or paid subscriber.*

[Unsubscribe](https://example.com/unsubscribe)

© 2025 Mara Quist
"""


def test_a_newsletters_credit_line_names_its_writer_and_is_no_passage() -> None:
    document = uploaded(NEWSLETTER, "platform.md")
    assert document.meta.author == "Mara Quist"
    assert document.meta.date == dt.date(2025, 6, 9)
    assert not any("Mara Quist" in p.text for p in document.passages)
    first = document.passages[0]
    assert first.text.startswith("The last train left")
    assert first.speaker == "Mara Quist"
    for credit in (
        "By Mara Quist | Jun 9, 2025 | 5 min read",
        "Mara Quist • 9 June 2025",
        "Mara Quist\nJun 09, 2025",
    ):
        other = uploaded(NEWSLETTER.replace("**Mara Quist** · 9 June 2025", credit), "p.md")
        assert (other.meta.author, other.meta.date) == ("Mara Quist", dt.date(2025, 6, 9))


def test_a_newsletters_subscribe_box_sign_off_and_footer_are_no_passages() -> None:
    document = uploaded(NEWSLETTER, "platform.md")
    assert [p.text.split()[0] for p in document.passages] == ["The", "Most", "A"]
    answer = AnswerEngine([document]).answer("How do I subscribe to the newsletter?")
    assert not any("Subscribe" in q.text or "subscriber" in q.text for q in answer.quotes)
    thanked = uploaded(NEWSLETTER.replace("Talk soon,", "Thanks for reading!"), "p.md")
    assert [p.text.split()[0] for p in thanked.passages] == ["The", "Most", "A"]


def test_a_copyright_line_within_the_text_stays_and_one_at_the_foot_goes() -> None:
    text = (
        "Licences in old code\n\nBy Ines Moreau, 2 May 2024\n\n"
        "The file opens with its licence, as most did then. We read it line by line.\n\n"
        "The next forty lines set up the serial port, and nothing in them is unusual. "
        "The interesting part comes after them, under the licence of the second file:\n\n"
        "Copyright (c) 2006 Harbour Software.\n\n"
        "It is still in use today.\n\nMore of this another day.\n\n"
        "It was a good week for old code.\n\n© 2024 Ines Moreau\n"
    )
    texts = [p.text for p in uploaded(text, "code.txt").passages]
    assert "Copyright (c) 2006 Harbour Software." in texts
    assert "© 2024 Ines Moreau" not in texts
