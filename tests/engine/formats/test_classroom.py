"""Files as a media-literacy class saves and writes them (the trial's leftovers): a saved page
whose figures carry captions and whose pull quotes repeat its text, a press release, and an
interview closed by a line in italics."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Kind, Voice
from bot.engine.quote import attribution_parts


def uploaded(text: str, filename: str) -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0], isolated=True
    ).document


FLOOD_PAGE = """<html><head><title>Flood barrier opens on the Wend | Valley Post</title>
<meta property="og:site_name" content="Valley Post"><meta name="author" content="Nia Holt">
<meta property="article:published_time" content="2025-02-11"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
<h1>Flood barrier opens on the Wend</h1>
<figure class="lead"><img src="gates.jpg" alt="">
<figcaption>Workers lower the last of the barrier's six gates into place in February.
<span class="credit">Photo: Ines Faro</span></figcaption></figure>
<p>The new flood barrier on the river Wend opened on Monday after three years of building work
and many delays.</p>
<figure><img src="barrier.jpg" alt="The barrier">
<figcaption>The barrier's steel gates can rise two metres in under an hour.</figcaption>
</figure>
<p>"We will sleep better this winter," said Omar Selby, who chairs the residents' group in the
lower town.</p>
<blockquote class="pullquote"><p>"We will sleep better this winter"</p></blockquote>
<p>The council says the barrier cost 14 million pounds and should protect 900 homes from a
flood of the kind seen in 2019.</p>
<aside class="pull-quote"><p>The barrier cost 14 million pounds and should protect 900
homes</p></aside>
<figure><img src="map.png" alt="">
<figcaption class="credit">Valley Post graphics</figcaption></figure>
<p>Engineers will test the gates every month, the council said, and publish the results online
for residents of the valley.</p>
</article>
<aside class="related"><h3>More from the valley</h3>
<figure><img src="fair.jpg" alt=""><figcaption>The summer fair returns to Wendham green this
weekend with forty stalls.</figcaption></figure></aside>
</body></html>
"""


def test_a_figure_caption_is_the_publishers_and_stands_where_the_figure_does() -> None:
    document = uploaded(FLOOD_PAGE, "flood.html")
    texts = [p.text for p in document.passages]
    gates = texts.index("The barrier's steel gates can rise two metres in under an hour.")
    assert texts[gates - 1].startswith("The new flood barrier")
    assert texts[gates + 1].startswith('"We will sleep better')
    # The lead picture's caption comes first, less its photographer's credit.
    assert texts[0] == "Workers lower the last of the barrier's six gates into place in February."
    caption = document.passages[gates]
    assert caption.voice is Voice.PUBLISHER and caption.speaker == "Valley Post"
    # A credit alone is no caption; a figure in the page's related-stories box is not the
    # article's.
    assert not any("graphics" in text or "summer fair" in text for text in texts)
    body = document.passages[gates + 1]
    assert body.voice is Voice.AUTHOR and body.speaker == "Nia Holt"


def test_a_caption_is_quoted_as_the_publishers_caption() -> None:
    engine = AnswerEngine([uploaded(FLOOD_PAGE, "flood.html")])
    first = engine.answer("how fast can the barrier's steel gates rise?").quotes[0]
    assert first.text.startswith("The barrier's steel gates can rise two metres")
    assert attribution_parts(first.attribution).speaker == "Valley Post (caption)"


def test_a_pull_quote_is_no_second_passage_and_its_line_stays_the_speakers() -> None:
    document = uploaded(FLOOD_PAGE, "flood.html")
    sleep = [p for p in document.passages if "sleep better this winter" in p.text]
    assert len(sleep) == 1
    cost = [p for p in document.passages if "14 million pounds" in p.text]
    assert len(cost) == 1 and cost[0].text.startswith("The council says")
    engine = AnswerEngine([document])
    quotes = engine.answer("what did Omar Selby say about sleeping this winter?").quotes
    assert [q.passage_id for q in quotes].count(sleep[0].id) == 1
    first = quotes[0]
    assert first.passage_id == sleep[0].id
    assert first.attribution.reporting == "Omar Selby"
    assert attribution_parts(first.attribution).speaker == "Nia Holt, quoting Omar Selby"


FERRY_INTERVIEW = """# "The winter ferry is the only way out": skipper Rosa Ruiz

**By Tom Keel | The Harbour Gazette | May 2, 2024**

Rosa Ruiz has run the island ferry for eleven years. She spoke to the Gazette at the quay.

**Gazette:** Why does the winter timetable matter so much?

**Ruiz:** Because in January the winter ferry is the only way to the hospital on the mainland.

**Gazette:** What would you change first?

**Ruiz:** A second crossing on Sundays. People miss appointments every week without it.

*This interview has been edited for length and clarity.*

_Rosa Ruiz is a nurse's daughter from Leeds who moved to the island in 2009._
"""

FERRY_PAGE = """<html><head><title>Skipper Rosa Ruiz on the winter ferry</title>
<meta property="og:site_name" content="The Harbour Gazette">
<meta name="author" content="Tom Keel">
<meta property="article:published_time" content="2024-05-02"></head><body><article>
<h1>Skipper Rosa Ruiz on the winter ferry</h1>
<p>Rosa Ruiz has run the island ferry for eleven years. She spoke to the Gazette at the quay
about the timetable.</p>
<p><strong>Gazette:</strong> Why does the winter timetable matter so much to the island?</p>
<p><strong>Ruiz:</strong> Because in January the winter ferry is the only way to the hospital
on the mainland.</p>
<p><strong>Gazette:</strong> What would you change first if the council asked you?</p>
<p><strong>Ruiz:</strong> A second crossing on Sundays. People miss appointments every week
without it.</p>
<p><em>This interview has been edited for length and clarity.</em></p>
<p><i>Rosa Ruiz is a nurse's daughter from Leeds who moved to the island in 2009.</i></p>
</article></body></html>
"""


def test_an_italic_line_after_an_interviews_last_answer_is_the_publishers() -> None:
    for text, filename in ((FERRY_INTERVIEW, "ferry.md"), (FERRY_PAGE, "ferry.html")):
        document = uploaded(text, filename)
        sunday = next(p for p in document.passages if "Sundays" in p.text)
        assert sunday.voice is Voice.SPEAKER and sunday.speaker == "Ruiz", filename
        assert sunday.text.endswith("without it."), filename  # the aside is not its turn's
        for words in ("edited for length", "moved to the island"):
            aside = next(p for p in document.passages if words in p.text)
            assert aside.voice is Voice.PUBLISHER, (filename, words)
        engine = AnswerEngine([document])
        first = engine.answer("was the interview edited?").quotes[0]
        assert first.text == "This interview has been edited for length and clarity."
        assert attribution_parts(first.attribution).speaker.endswith("(publisher's note)")


RELEASE = """FOR IMMEDIATE RELEASE

Riverbend Food Bank opens a second warehouse in the east end

EASTON, Ore., March 3, 2025 — The Riverbend Food Bank will open a second warehouse on Mill
Street in April, doubling the fresh food it can store for the county's pantries.

"Families in the east end have told us for years that the drive to our old site was too far,"
said Carla Mendes, executive director of the Riverbend Food Bank. "This warehouse puts food
within a short bus ride."

The warehouse was paid for by a state grant of $2.1 million and by gifts from 340 local donors.

"We expect to hand out 40 percent more fresh produce next winter," said Tomas Wirth, the food
bank's operations manager.

About Riverbend Food Bank

Riverbend Food Bank is a nonprofit that has supplied food pantries in Easton County since 1987.
It distributes about nine million meals a year.

Media contact:
Lena Ortiz, communications officer
press@riverbendfood.example
(541) 555-0142

###
"""

RELEASE_PAGE = """<html><head><title>Hollin Valley Library extends its opening hours</title>
</head><body><main>
<p><strong>NEWS RELEASE</strong></p>
<h1>Hollin Valley Library extends its opening hours</h1>
<p>HOLLIN, Vt., Oct. 14, 2024 -- The Hollin Valley Library will open on Sunday afternoons from
November, the first change to its hours in twelve years.</p>
<p>"Sunday is the only free day for many of the families we serve," said Priya Natarajan, the
library's director. "We heard that in every survey we ran."</p>
<p>The library expects the longer hours to cost about $18,000 a year, paid from its reserve.</p>
<h2>About Hollin Valley Library</h2>
<p>Hollin Valley Library is a public library serving four towns in the Hollin valley, with a
collection of 60,000 books and a mobile library van.</p>
<p>Contact: Mark Dube, mark.dube@hollinlibrary.example, 802-555-0199</p>
<p>-30-</p>
</main></body></html>
"""


def test_a_press_release_is_its_issuers_dated_by_its_dateline() -> None:
    for text, filename, issuer, date in (
        (RELEASE, "warehouse.txt", "Riverbend Food Bank", dt.date(2025, 3, 3)),
        (RELEASE_PAGE, "library.html", "Hollin Valley Library", dt.date(2024, 10, 14)),
    ):
        document = uploaded(text, filename)
        meta = document.meta
        assert meta.kind is Kind.PRESS_RELEASE, filename
        assert meta.publisher == issuer and meta.author == issuer, filename
        assert meta.date == date, filename
        texts = [p.text for p in document.passages]
        # The dateline is the release's place and date, not its first sentence's words, and
        # neither the release mark, the contact block nor the end mark is a passage.
        assert texts[0].startswith("The "), filename
        assert not any(
            mark in t
            for t in texts
            for mark in ("RELEASE", "contact", "Contact", "555-01", "###", "-30-")
        ), filename
        about = document.passages[-1]
        assert about.text.startswith(issuer + " is a"), filename
        assert about.voice is Voice.PUBLISHER and about.speaker == issuer, filename
        assert not any(person.name in ("Easton", "Hollin") for person in meta.mentions)


def test_a_press_releases_quoted_people_speak_their_quotes() -> None:
    engine = AnswerEngine([uploaded(RELEASE, "warehouse.txt")])
    first = engine.answer("what did Carla Mendes say about the drive to the old site?").quotes[0]
    assert "drive to our old site was too far" in first.text
    assert first.attribution.reporting == "Carla Mendes"
    assert attribution_parts(first.attribution).speaker == (
        "Riverbend Food Bank, quoting Carla Mendes"
    )
    about = engine.answer("how many meals does the food bank distribute a year?").quotes[0]
    assert attribution_parts(about.attribution).speaker == (
        "Riverbend Food Bank (about the organisation)"
    )


def test_a_news_story_with_a_dateline_is_no_press_release() -> None:
    story = """Library to open on Sundays

By Dana Reyes

HOLLIN, Vt., Oct. 14, 2024 -- The Hollin Valley Library will open on Sunday afternoons from
November, its director said on Monday.

"Sunday is the only free day for many families," said Priya Natarajan, the director.

About the author: Dana Reyes covers the valley's towns for the Hollin Record.
"""
    document = uploaded(story, "library-story.txt")
    assert document.meta.kind is Kind.ARTICLE
    assert document.meta.author == "Dana Reyes" and document.meta.publisher is None
    assert document.passages[0].text.startswith("HOLLIN, Vt., Oct. 14, 2024 -- The Hollin")
