"""Web pages of many voices: a newspaper's letters page and a parliament's record, each
contribution credited to whoever wrote or spoke it, not to the page's byline."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import AnswerEngine
from bot.engine.formats.htmlrecord import record_publisher
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Kind, Role, Voice

LETTERS = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Your letters: The ring road can wait | The Selbury Post</title>
<meta name="author" content="Amos Trent">
<meta property="article:published_time" content="2025-05-02T07:00:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/opinion">Opinion</a></nav>
<article>
<h1>Your letters: The ring road can wait</h1>
<p class="byline">Edited by Amos Trent</p>
<div class="letter">
<h3>Fix the potholes first</h3>
<p>Every morning I cycle along Gosling Street and every morning I count the craters. There were
nineteen between the station and the bakery on Tuesday, and one of them has been coned off
since February.</p>
<p>The council wants forty million pounds for a ring road while the roads we already have fall
apart. I would rather see a tenth of that spent on resurfacing.</p>
<p class="sig"><b>Nadia Oduya</b>, Selbury</p>
</div>
<div class="letter">
<h3>Lorries need somewhere to go</h3>
<p>I have driven a delivery lorry through the middle of this town for twenty-two years. The
market square was never built for vehicles of our size, and the bollards outside the chemist
have been flattened three times.</p>
<p>A ring road would take about three hundred heavy vehicles a day off the high street. That is
not a luxury.</p>
<p class="sig"><b>Colin Haverford</b>, Marsh Ditton</p>
</div>
<div class="letter">
<h3>Think of the water meadows</h3>
<p>The preferred route crosses the water meadows below Hob Hill, where otters were seen again
last summer for the first time in forty years.</p>
<p class="sig"><b>Prof Ellen Marwood</b>, retired ecologist, Hob End</p>
</div>
<aside class="editor-note"><h4>Editor's note</h4>
<p>The council's consultation on the ring road closes on 30 May. Letters of up to 300 words may
be sent to the address below and may be shortened.</p>
<p>&mdash; Amos Trent, letters editor</p>
</aside>
</article>
<footer><p>&copy; 2025 Selbury Post Ltd</p></footer>
</body></html>
"""

RECORD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Rural Post Offices - Hansard - UK Parliament</title>
</head><body>
<nav class="crumbs"><a href="/">Hansard</a> <a href="/Commons">Commons</a></nav>
<main>
<h1>Rural Post Offices</h1>
<div class="meta"><span>Volume 760: debated on Tuesday 4 February 2025</span>
<div class="links"><a href="#">Share</a> <a href="#">Print</a></div></div>
<div class="debate">
<div class="col">Column 201</div>
<div class="time">2.31 pm</div>
<div class="item">
<div class="primary-info"><a href="/member/11">Dafydd Prothero</a></div>
<div class="secondary-info">(Glasmoor) (PC)</div>
<p>Eleven post offices have closed in my constituency since 2019. For the farmers on the upper
slopes the nearest counter is now a forty-minute drive away.</p>
</div>
<div class="item">
<div class="primary-info"><a href="/member/12">Lorna Kibble</a></div>
<div class="secondary-info">(Ambridge Vale) (Con)</div>
<p>Will the hon. Gentleman give way?</p>
</div>
<div class="item">
<div class="primary-info">Dafydd Prothero</div>
<p>I will give way to the hon. Lady.</p>
</div>
<div class="item">
<div class="primary-info">Lorna Kibble</div>
<p>Does he accept that the mobile van now calls at nine villages in his constituency each
week?</p>
</div>
<div class="col">Column 202</div>
<div class="item">
<div class="primary-info">Dafydd Prothero</div>
<p>The van calls for one hour on a Wednesday. That is no substitute for a counter.</p>
</div>
<div class="time">2.49 pm</div>
<div class="item">
<h3><a href="/member/13">The Parliamentary Under-Secretary for Postal Affairs
(Owen Trelawny)</a></h3>
<p>The Government have committed a further &pound;6 million to keep rural branches open until
2027, and I will meet the hon. Member for Glasmoor to discuss the counters he has lost.</p>
</div>
<div class="item">
<div class="primary-info">Dafydd Prothero</div>
<p>I thank the Minister for that.</p>
</div>
<div class="col">Column 203</div>
<p class="procedural">The House divided: Ayes 212, Noes 198.</p>
<h4>Ayes</h4>
<ul><li>Amberley, Ms Clare</li><li>Prothero, Dafydd</li><li>Quayle, Harriet</li></ul>
<h4>Noes</h4>
<ul><li>Kibble, Lorna</li><li>Venn, Sir Arthur</li></ul>
</div>
</main>
<aside><h3>Speakers</h3><ul><li>Dafydd Prothero</li><li>Lorna Kibble</li>
<li>Owen Trelawny</li></ul></aside>
</body></html>
"""


def uploaded(page: str, filename: str) -> Document:
    # Read in this process (`isolated`): the worker's time limit is for users' files.
    return document_from_upload(page.encode(), filename, UploadDetails(), isolated=True).document


def _passage(document: Document, words: str) -> tuple[Voice, str, str | None]:
    found = next(p for p in document.passages if words in p.text)
    return found.voice, found.speaker, found.heading


def test_each_letter_on_a_letters_page_is_its_signers_under_its_headline() -> None:
    document = uploaded(LETTERS, "letters.html")
    assert document.meta.kind is Kind.LETTER
    assert _passage(document, "count the craters") == (
        Voice.SPEAKER,
        "Nadia Oduya",
        "Fix the potholes first",
    )
    assert _passage(document, "three hundred heavy vehicles")[1] == "Colin Haverford"
    assert _passage(document, "otters were seen")[1] == "Prof Ellen Marwood"
    texts = [p.text for p in document.passages]
    assert not any(text.startswith(("Nadia Oduya,", "Colin Haverford,")) for text in texts)


def test_a_letters_pages_editors_note_is_the_papers_not_a_readers() -> None:
    document = uploaded(LETTERS, "letters.html")
    voice, speaker, _ = _passage(document, "consultation on the ring road closes")
    assert voice is Voice.PUBLISHER
    assert speaker == "The Selbury Post"
    assert not any("letters editor" in p.text for p in document.passages)


def test_a_question_naming_a_letter_writer_finds_their_letter() -> None:
    engine = AnswerEngine([uploaded(LETTERS, "letters.html")])
    answer = engine.answer("what did Colin Haverford write about lorries?")
    assert answer.quotes[0].attribution.speaker == "Colin Haverford"
    assert answer.quotes[0].attribution.role is Role.LETTER_WRITER
    answer = engine.answer("what did the letter writer from Selbury say about resurfacing?")
    assert answer.quotes[0].attribution.speaker == "Nadia Oduya"


def test_each_contribution_to_a_parliaments_record_is_its_members_turn() -> None:
    document = uploaded(RECORD, "post-offices.html")
    assert document.meta.kind is Kind.TRANSCRIPT
    assert document.meta.title == "Rural Post Offices"
    assert document.meta.date == dt.date(2025, 2, 4)
    assert _passage(document, "Eleven post offices")[:2] == (Voice.SPEAKER, "Dafydd Prothero")
    assert _passage(document, "Will the hon. Gentleman")[1] == "Lorna Kibble"
    assert _passage(document, "mobile van")[1] == "Lorna Kibble"
    assert _passage(document, "further £6 million")[1] == "Owen Trelawny"
    texts = " ".join(p.text for p in document.passages)
    assert "Column 20" not in texts and "2.31 pm" not in texts


def test_a_question_naming_the_minister_or_a_members_seat_finds_their_words() -> None:
    engine = AnswerEngine([uploaded(RECORD, "post-offices.html")])
    answer = engine.answer("what did the minister say about money for rural branches?")
    assert answer.quotes[0].attribution.speaker == "Owen Trelawny"
    answer = engine.answer("what did the Member for Ambridge Vale ask about the mobile van?")
    assert answer.quotes[0].attribution.speaker == "Lorna Kibble"


UNHEADED = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Letters | Wyvern Valley Times</title>
<meta name="author" content="Desk Staff"></head><body>
<article>
<h1>Letters to the editor</h1>
<h2>This week's letters</h2>
<p>Since the library closed its Saturday opening I have had nowhere to take my grandchildren
on a wet weekend. The council says it saves eighty thousand pounds a year.</p>
<p>That is a poor bargain for a town of our size.</p>
<p class="signoff">Meera Castell, Upper Wyvern</p>
<p>The new bus timetable leaves a gap of two hours in the middle of the day, just when the
surgery holds its clinics.</p>
<p class="signoff">Tobias Renn, Fallowfield</p>
</article></body></html>
"""


def test_letters_with_no_headline_each_are_told_apart_by_their_signatures() -> None:
    document = uploaded(UNHEADED, "letters.html")
    assert _passage(document, "wet weekend")[1] == "Meera Castell"
    assert _passage(document, "poor bargain")[1] == "Meera Castell"
    assert _passage(document, "gap of two hours")[1] == "Tobias Renn"


def test_a_division_list_is_the_records_under_its_lobby_no_speakers_words() -> None:
    document = uploaded(RECORD, "post-offices.html")
    assert _passage(document, "The House divided")[0] is Voice.AUTHOR
    voice, _, heading = _passage(document, "Kibble, Lorna")
    assert (voice, heading) == (Voice.AUTHOR, "Noes")
    assert _passage(document, "Amberley, Ms Clare; Prothero, Dafydd; Quayle, Harriet")[2] == "Ayes"


# The names in a link around two elements, an office over its holder in the second.
LINKED = """<html><head><title>Harbour Dredging - Hansard - UK Parliament</title></head><body>
<div class="debate-header"><h1>Harbour Dredging</h1>
<div>Volume 702: debated on Thursday 12 June 2025</div></div>
<div class="items">
<div class="item"><a href="/m/7"><div class="primary-text">Rhoda Linnell</div>
<div class="secondary-text">(Saltmarsh) (LD)</div></a>
<p>The harbour mouth has silted up so badly that the lifeboat cannot launch at low tide.</p></div>
<div class="item"><a href="/m/8"><div class="primary-text">The Minister for Maritime Affairs</div>
<div class="secondary-text">(Piers Gallant)</div></a>
<p>The dredging contract for Saltmarsh will be let before the autumn.</p></div>
<div class="item"><a href="/m/7"><div class="primary-text">Rhoda Linnell</div></a>
<p>Autumn is too late for the fishing fleet.</p></div>
<div class="item"><a href="/m/8"><div class="primary-text">Piers Gallant</div></a>
<p>I will ask the harbour authority to bring the work forward.</p></div>
</div></body></html>
"""


def test_an_office_set_over_its_holder_in_a_link_speaks_as_the_holder() -> None:
    document = uploaded(LINKED, "dredging.html")
    assert _passage(document, "contract for Saltmarsh")[1] == "Piers Gallant"
    assert _passage(document, "lifeboat cannot launch")[1] == "Rhoda Linnell"
    assert _passage(document, "bring the work forward")[1] == "Piers Gallant"
    assert not any(p.text.startswith("The Minister for") for p in document.passages)


def test_names_set_with_a_colon_in_elements_of_their_own_are_labels_too() -> None:
    coloned = (
        RECORD.replace("Prothero</a></div>", "Prothero:</a></div>")
        .replace("Kibble</div>", "Kibble:</div>")
        .replace("(PC)</div>", "(PC):</div>")
        .replace("(Owen Trelawny)</a>", "(Owen Trelawny):</a>")
    )
    document = uploaded(coloned, "post-offices.html")
    assert _passage(document, "Eleven post offices")[1] == "Dafydd Prothero"
    assert _passage(document, "mobile van")[1] == "Lorna Kibble"
    assert _passage(document, "further £6 million")[1] == "Owen Trelawny"


def test_a_records_publisher_is_the_parliament_not_the_records_own_name() -> None:
    assert record_publisher("Hansard - UK Parliament") == "UK Parliament"
    assert record_publisher("Official Report | Scottish Parliament") == "Scottish Parliament"
    # A site's name with no record's name in it is kept whole.
    assert record_publisher("Tynemouth Council - Minutes") == "Tynemouth Council - Minutes"
    assert record_publisher(None) is None
