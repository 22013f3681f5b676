"""Saved HTML pages of three kinds: a page in a legacy charset that declares none, a council's FAQ,
a news site's live blog; and a column's pull quote set as a paragraph."""

from __future__ import annotations

from bot.engine.formats.html import decode_html, extract_html
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document

COLUMN = """<!DOCTYPE html>
<html>
<head>
<title>Closing the Tillbrook library is a false economy – Fenland Echo</title>
<meta name="author" content="Rosalind Achebe">
<meta property="article:published_time" content="2025-03-11T07:00:00+00:00">
</head>
<body>
<header><a href="/">Fenland Echo</a> <nav><a href="/news">News</a> | <a href="/opinion">Opinion</a>
</nav></header>
<article>
<h1>Closing the Tillbrook library is a false economy</h1>
<p class="standfirst">The borough’s plan saves a little now – and costs far more later</p>
<p class="byline">By Rosalind Achebe · 11 March 2025</p>
<p>The borough says closing the Tillbrook branch will save £380,000 a year. It won’t. The
building is owned outright, and the staff would be moved, not let go.</p>
<p class="pullquote">“A library is the only warm room in town that asks nothing of you.”</p>
<p>Ask the pensioners who read the papers there each morning why they come. A library is the
only warm room in town that asks nothing of you. Take it away and the cost turns up elsewhere –
in the surgery’s waiting room, in the “welcome spaces” the council funds every winter.</p>
<p>The council’s own figures show visits up 14% since 2022. That is not a service in decline.</p>
</article>
</body>
</html>
"""


def _column(encoding: str) -> bytes:
    return COLUMN.encode(encoding)


def test_an_undeclared_windows_1252_page_reads_its_pound_signs_quotes_and_dashes() -> None:
    extracted = extract_html(_column("cp1252"), "column.html")
    texts = [p.text for p in extracted.paragraphs]
    assert extracted.title == "Closing the Tillbrook library is a false economy"
    assert extracted.publisher == "Fenland Echo"
    assert any("save £380,000 a year. It won’t." in text for text in texts)
    assert any("costs far more later" in text and "–" in text for text in texts)
    assert any("the “welcome spaces” the council" in text for text in texts)


# The same few sentences in other languages, each in the encoding its pages were saved in.
PAGES = {
    "cs": (
        "cp1250",
        "Městská rada v Brně schválila zvýšení jízdného – podle starosty „nezbytné“ kvůli ztrátám"
        " dopravního podniku. Občané jsou nespokojení.",
    ),
    "pl": (
        "iso8859_2",
        "Rada miasta zdecydowała, że bilety tramwajowe zdrożeją od przyszłego roku.",
    ),
    "ru": ("koi8_r", "Городской совет принял решение повысить стоимость проезда в автобусах."),
    "fr": ("cp1252", "L’été dernier, la mairie a décidé de réduire les tarifs – « très coûteux »."),
    "de": ("latin-1", "Die Straßenbahn fährt künftig öfter, sagte der Bürgermeister."),
    "el": ("cp1253", "Το δημοτικό συμβούλιο αποφάσισε να αυξήσει τα εισιτήρια των λεωφορείων."),
}


def test_undeclared_pages_in_other_charsets_read_right_with_or_without_their_language() -> None:
    for language, (encoding, sentence) in PAGES.items():
        for root in (f'<html lang="{language}">', "<html>"):
            page = f"{root}<body><p>{sentence}</p><p>{sentence}</p></body></html>"
            assert sentence in decode_html(page.encode(encoding)), (language, root)
    utf8 = "<html><body><p>It won’t. – £380,000</p></body></html>"
    assert "It won’t. – £380,000" in decode_html(utf8.encode())


def test_a_pull_quote_set_as_a_paragraph_is_not_stored_twice() -> None:
    texts = [p.text for p in extract_html(_column("utf-8"), "column.html").paragraphs]
    assert not any(text.startswith("“A library is the only warm room") for text in texts)
    assert sum("only warm room in town" in text for text in texts) == 1


FAQ = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Garden waste collections: questions and answers | Rowanford Borough Council</title>
<meta property="og:site_name" content="Rowanford Borough Council">
</head><body>
<nav><a href="/">Home</a> <a href="/bins">Bins and recycling</a></nav>
<main><article>
<h1>Garden waste collections: questions and answers</h1>
<h2>How much does the brown bin cost?</h2>
<p>A year's subscription to the garden waste service is £52 for the first bin and £35 for each
extra bin. Residents who receive council tax support pay half.</p>
<h2>When are brown bins emptied?</h2>
<p>Every other week from March to November, on the same day as your recycling. There are no
collections in December, January or February.</p>
<p class="updated">Last updated: 2 February 2025</p>
<div class="feedback"><p>Was this page helpful?</p><button>Yes</button> <button>No</button></div>
</article></main>
<footer><p>© Rowanford Borough Council 2025</p></footer>
</body></html>
"""


def test_a_faq_answer_keeps_its_question_and_drops_the_feedback_box() -> None:
    paragraphs = extract_html(FAQ.encode(), "garden-waste.html").paragraphs
    answer = next(p for p in paragraphs if "£52 for the first bin" in p.text)
    assert answer.section == "How much does the brown bin cost?"
    assert not any("helpful" in p.text for p in paragraphs)


LIVE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Harlowe Vale council election count – live | The Eastern Ledger</title>
<meta name="author" content="Owen Trask">
<meta property="article:published_time" content="2025-05-01T22:00:00Z">
</head><body>
<main><article class="liveblog">
<span class="live-badge">LIVE</span>
<h1>Harlowe Vale council election count – live</h1>
<p class="standfirst">Results from the count at Harlowe Leisure Centre as they come in</p>
<div class="liveblog-body">
<div class="block">
  <p class="block-time"><time datetime="2025-05-02T01:18:00Z">01:18</time></p>
  <h3>Independents take Marsh Lane</h3>
  <p>The independent candidate Priya Castellano has taken the Marsh Lane ward from the Liberal
  Democrats by 212 votes.</p>
  <p>Speaking on the stage, Castellano told supporters:</p>
  <blockquote><p>"This ward has been taken for granted for twenty years. Tomorrow we start on
  the flooding at Mill Cut, and we do not stop until it is fixed."</p></blockquote>
</div>
<div class="block">
  <p class="block-time"><time datetime="2025-05-02T00:41:00Z">00:41</time></p>
  <p>Turnout across the borough is 31.7%, according to the returning officer.</p>
</div>
<div class="block">
  <p class="block-time"><time datetime="2025-05-01T23:05:00Z">23:05</time></p>
  <h3>Verification under way</h3>
  <p>Counting staff are verifying the ballot paper totals from all fourteen wards.</p>
</div>
</div>
</article></main>
</body></html>
"""


def _live() -> Document:
    return document_from_upload(
        LIVE.encode(), "harlowe-vale-live.html", UploadDetails(), isolated=True
    ).document


def test_a_live_blog_entry_keeps_its_time_and_day_as_its_heading() -> None:
    passages = _live().passages
    won = next(p for p in passages if "Marsh Lane ward" in p.text)
    assert won.heading == "2 May 2025, 01:18 Independents take Marsh Lane"
    turnout = next(p for p in passages if "Turnout across the borough" in p.text)
    assert turnout.heading == "2 May 2025, 00:41"
    counting = next(p for p in passages if "verifying the ballot" in p.text)
    assert counting.heading == "1 May 2025, 23:05 Verification under way"
    assert not any(p.text == "LIVE" for p in passages)


def test_a_block_quote_introduced_as_someones_words_is_theirs_not_the_bloggers() -> None:
    passages = _live().passages
    quoted = next(p for p in passages if "taken for granted" in p.text)
    assert quoted.speaker == "Priya Castellano"
    introduction = next(p for p in passages if p.text.startswith("Speaking on the stage"))
    assert introduction.speaker == "Owen Trask"
    # A line naming no one leaves the quotation the blogger's.
    page = LIVE.replace("Speaking on the stage, Castellano told supporters:", "A voice shouted:")
    document = document_from_upload(
        page.encode(), "harlowe-vale-live.html", UploadDetails(), isolated=True
    ).document
    quoted = next(p for p in document.passages if "taken for granted" in p.text)
    assert quoted.speaker == "Owen Trask"
