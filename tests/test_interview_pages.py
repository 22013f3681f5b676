"""A magazine's Q&A interview saved from the web, uploaded with no metadata: whom it is with
(named only by its title and introduction), who asked, and which turn answers a question."""

from __future__ import annotations

import pytest

from bot.engine.formats.head import is_series_kicker
from bot.engine.formats.htmlasides import is_photo_label
from bot.engine.formats.interview import title_interviewee
from bot.engine.formats.upload import UploadDetails
from bot.engine.intents import asks_about_document
from bot.engine.voices import interviewees
from bot.library import Library

GUILD = "444444444444444444"

# The page as a magazine's site sets it: its menu, a series label over the headline, the
# headline "<topic words>: <name> on <subject>", a standfirst, a byline, an introduction naming
# the interviewee, bold "Q:" questions (some stating a premise before they ask), plain answers,
# a photo labelled with who and where, a pull quote repeating an answer, related links.
FEN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Wetlands, Weirs and Patience: Ottilie Marchbank on Rewilding the Brannock Fen \
| The Tidewater Review</title>
<meta name="author" content="Cosima Threlkeld">
<meta property="og:site_name" content="The Tidewater Review">
<meta property="article:published_time" content="2025-06-14T08:00:00Z">
</head><body>
<header class="site-header"><a href="/">The Tidewater Review</a><nav><ul>
<li><a href="/news">News</a></li><li><a href="/interviews">Interviews</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article class="post">
<p class="kicker">THE TIDEWATER INTERVIEW</p>
<h1 class="entry-title">Wetlands, Weirs and Patience: Ottilie Marchbank on Rewilding the \
Brannock Fen</h1>
<p class="standfirst">The ecologist who talked a drainage board into flooding its own fields
explains why the fen needs another decade.</p>
<div class="byline">By <a href="/authors/cosima-threlkeld" rel="author">Cosima Threlkeld</a>
· 14 June 2025</div>
<div class="entry-content">
<p>Ottilie Marchbank runs the Brannock Fen Restoration Trust from a converted pumping station at
the edge of Holmsby. Over eleven years the trust has raised the water table across four hundred
hectares of former wheat fields. I met her on a grey morning beside the old sluice.</p>
<p><strong>Q: Most people assume rewilding means leaving land alone. Is that what happened
here?</strong></p>
<p>Not remotely. We spent the first three years doing heavy engineering. We blocked twenty-two
drains, rebuilt the sluice and cut new meres with excavators. Leaving a drained fen alone just
gives you a dry field full of nettles.</p>
<p><strong>Q: You fell out badly with the Holmsby drainage board at the start. What
changed?</strong></p>
<p>The winter of 2019 changed it. The board's pumps failed during the January storms and the
village flooded anyway. After that, storing water on our land upstream looked like a service
rather than a threat.</p>
<figure><img src="/img/sluice.jpg" alt=""><figcaption>Marchbank at the restored Brannock
sluice gate.</figcaption></figure>
<p><strong>Q: You have been openly critical of Alder Pennick, the board's chairman, in the
past. Has your view of him changed?</strong></p>
<p>Completely. Pennick came out to the fen twice that winter and walked every bank with me. I
misjudged him at the start; he cares more about the village than about his pumps.</p>
<blockquote class="pullquote"><p>Leaving a drained fen alone just gives you a dry field full of
nettles.</p></blockquote>
<p><strong>Q: How much has the restoration cost so far?</strong></p>
<p>About 6.4 million pounds over eleven years, most of it lottery money. That sounds like a lot
until you price the flood defences we would otherwise have needed downstream.</p>
<p><strong>Q: What would you do differently?</strong></p>
<p>I would have talked to the drainage board before buying a single field. I lost two years
being right in the wrong way.</p>
</div>
<aside class="related"><h3>Related</h3><ul><li><a href="/a/otters">The otters come back to the
Lune</a></li><li><a href="/a/peat">Why peat matters more than trees</a></li></ul></aside>
</article></main>
<footer><p>© 2025 The Tidewater Review. All rights reserved.</p></footer>
</body></html>
"""

# Another magazine's shape: the title "<topic>: In conversation with <name>", only the label
# "Q:" in bold, the question's words plain.
FERRY_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Crossings: In conversation with Bryony Tallis-Reed</title>
<meta name="author" content="Hamish Odegaard"></head><body>
<nav><a href="/">Home</a> <a href="/archive">Archive</a></nav>
<article><h1>Crossings: In conversation with Bryony Tallis-Reed</h1>
<p>Bryony Tallis-Reed has skippered the Skerra night ferry for nineteen years. We talked in the
wheelhouse between sailings.</p>
<p><strong>Q:</strong> The council says the night crossing loses money. Should it be cut?</p>
<p>No. I carry nurses, bakers and the post on that boat. If the night crossing goes, my
island loses its doctor within a year, I am certain of it.</p>
<p><strong>Q:</strong> What is the worst weather you have sailed in?</p>
<p>A January gale in 2018. I had waves over the bridge and I kept my passengers below for the
whole crossing.</p>
<p><strong>Q:</strong> Will you retire soon?</p>
<p>Not while my knees hold. My daughter is training as a mate, and I want to see her take the
wheel first.</p>
</article></body></html>
"""


async def test_an_interview_titled_topic_name_on_subject_credits_the_named_interviewee(
    library: Library,
) -> None:
    document = (
        await library.upload(FEN_PAGE.encode(), "fen.html", GUILD, 7, UploadDetails())
    ).document
    assert document.meta.interviewee == "Ottilie Marchbank"
    assert document.meta.author == "Cosima Threlkeld"
    speakers = {p.speaker for p in document.passages}
    assert "Interviewee" not in speakers
    # The series label and the photo's label are no passages; the answers are hers.
    texts = [p.text for p in document.passages]
    assert not any("TIDEWATER INTERVIEW" in t or t.startswith("Marchbank at") for t in texts)
    answer = await library.ask(
        "what did Ottilie Marchbank say about the farmers' fields?", 1, scope=GUILD
    )
    said = await library.ask("what did Marchbank say about the cost?", 1, scope=GUILD)
    assert said.quotes[0].attribution.speaker == "Ottilie Marchbank"
    assert "6.4 million pounds" in said.quotes[0].passage
    assert not answer.quotes or answer.quotes[0].attribution.speaker == "Ottilie Marchbank"
    sluice = await library.ask("what happened at the sluice?", 1, scope=GUILD)
    assert sluice.quotes[0].attribution.speaker == "Ottilie Marchbank"


async def test_a_question_turn_stating_a_premise_yields_to_the_answer_after_it(
    library: Library,
) -> None:
    await library.upload(FEN_PAGE.encode(), "fen.html", GUILD, 7, UploadDetails())
    for question in (
        "has her view of Alder Pennick changed?",
        "was Marchbank critical of Alder Pennick?",
        "what did Ottilie Marchbank say about Alder Pennick?",
    ):
        answer = await library.ask(question, 2, scope=GUILD)
        first = answer.quotes[0]
        assert first.attribution.speaker == "Ottilie Marchbank", question
        assert "Pennick came out to the fen" in first.passage, question
    # Asked what the interviewer asked, the question turn is the answer.
    asked = await library.ask("what did the interviewer ask about Alder Pennick?", 1, scope=GUILD)
    assert asked.quotes[0].attribution.speaker == "Cosima Threlkeld"
    assert asked.quotes[0].passage.startswith("Q: You have been openly critical")


async def test_who_interviewed_her_is_the_interviews_author(library: Library) -> None:
    await library.upload(FERRY_PAGE.encode(), "ferry.html", GUILD, 7, UploadDetails())
    for question in ("who interviewed her?", "who did the interview?", "who was the interviewer?"):
        answer = await library.ask(question, 1, scope=GUILD)
        assert answer.facts is not None and answer.facts.asked == "author", question
        assert answer.facts.author == "Hamish Odegaard", question
    interviewed = await library.ask("who was interviewed?", 1, scope=GUILD)
    assert interviewed.facts is not None and interviewed.facts.interviewee == "Bryony Tallis-Reed"
    # The questions under a bold "Q:" label are the interviewer's, the answers hers.
    night = await library.ask("should the night crossing be cut?", 1, scope=GUILD)
    assert night.quotes[0].attribution.speaker == "Bryony Tallis-Reed"
    assert night.quotes[0].passage.startswith("No. I carry nurses")


@pytest.mark.parametrize(
    ("title", "introduction", "expected"),
    [
        ("Salt and Silt: Perpetua Olawale on Saving the Marsh", "", "Perpetua Olawale"),
        ("Tidal Power: In conversation with Ruben Szekely", "", "Ruben Szekely"),
        ("Harbour Days: Ruben Szekely talks about the ferry strike", "", "Ruben Szekely"),
        # No part says whose views follow: the name the introduction writes in full.
        (
            "Ruben Szekely, Tidal Power and the Long Wait",
            "Ruben Szekely has argued for a barrage across the Wend for thirty years.",
            "Ruben Szekely",
        ),
        # Of two names the introduction writes, the one it opens with.
        (
            "Saving the Wend Estuary with Ruben Szekely",
            "Ruben Szekely runs the Wend Estuary Field Station.",
            "Ruben Szekely",
        ),
        ("Tidal Power, Port Renfrew and the Barrage Years", "The barrage was never built.", None),
    ],
)
def test_the_interviewee_is_the_person_the_title_names_as_whose_views_follow(
    title: str, introduction: str, expected: str | None
) -> None:
    named = interviewees(title, "Jo Park")
    assert title_interviewee(title, named, [introduction]) == expected


def test_an_interview_series_label_and_a_photos_label_say_nothing() -> None:
    assert is_series_kicker("THE HARBOURLINE INTERVIEW")
    assert is_series_kicker("The Big Interview")
    assert not is_series_kicker("Interview with Jane Roe on the harbour")
    assert not is_series_kicker("Oral history interview")
    assert is_photo_label("Olawale at the Fennick estuary monitoring site.")
    assert is_photo_label("Ruben Szekely, left, with volunteers on the dunes")
    # A caption stating something is kept.
    assert not is_photo_label("The old ford at Cobham Mill floods most winters")
    assert not is_photo_label("Olawale in her boatyard, where her crew has restored 38 boats.")


def test_who_did_the_interview_asks_for_the_interviewer_not_the_interviewee() -> None:
    assert asks_about_document("who did the interview?") == "author"
    assert asks_about_document("who was the interviewer?") == "author"
    assert asks_about_document("who did the magazine interview?") == "interviewee"
