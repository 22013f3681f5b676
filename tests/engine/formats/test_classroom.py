"""Files as a media-literacy class saves and writes them (the trial's leftovers): a saved page
whose figures carry captions and whose pull quotes repeat its text, a press release, and an
interview closed by a line in italics."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Voice
from bot.engine.quote import attribution_parts


def uploaded(text: str, filename: str) -> Document:
    return document_from_upload(
        text.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0], isolated=True
    ).document


FLOOD_PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<title>Flood barrier opens on the Wend | Valley Post</title>
<meta property="og:site_name" content="Valley Post">
<meta name="author" content="Nia Holt">
<meta property="article:published_time" content="2025-02-11">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
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
