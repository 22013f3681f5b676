"""HTML pages: paragraphs, sections, charsets, metadata and site furniture."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.check import Verdict, check_quote
from bot.engine.formats.article import parse_article
from bot.engine.formats.html import decode_html, extract_html
from bot.engine.formats.htmltext import states_something
from bot.engine.formats.upload import UploadDetails, document_from_extracted, document_from_upload
from bot.engine.models import CorpusError, Document, Role
from bot.engine.quote import speaker_label

REAL = Path("../shared/data/real-articles")
BUGS = Path("../shared/bug-inputs")

ARTICLE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>Harbour board votes to dredge the channel | The Quay Gazette</title>
<meta property="og:site_name" content="The Quay Gazette">
<meta property="og:title" content="Harbour board votes to dredge the channel">
<meta name="author" content="Ines Müller">
<meta name="date" content="2024-03-18">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Harbour board votes to dredge the channel</h1>
<p>The harbour board voted on Thursday to dredge the silted channel before the summer season,
a decision that ends two years of argument about who should pay for the work.</p>
<p>Chairwoman Ines Müller said the ferries could no longer risk the crossing at low tide, and
that the board would borrow the money rather than raise the mooring fees this year.</p>
<h2>Who pays</h2>
<p>The fishermen's cooperative welcomed the vote but warned that the loan would have to be
repaid, and asked for a public account of the costs before the dredgers arrive in May.</p>
<blockquote><p>"We have waited for this since the storm of 2022," said Søren Dahl, the cooperative's
secretary, who has fished the channel for thirty years.</p></blockquote>
<ul><li>The dredging starts on 2 May and takes six weeks.</li>
<li>The channel will be closed to sailing boats at night while it lasts.</li></ul>
<p>Sign up for our weekly newsletter to get the harbour news first.</p>
<p>We want to hear what you think about this article. Submit a letter to the editor.</p>
<p><a href="/a">Read: Why the channel keeps silting up</a></p>
<p>Ines Müller writes about the harbour for the Gazette.</p>
</article>
<footer>© 2024 The Quay Gazette. All rights reserved.</footer>
</body></html>
"""


def page(charset: str) -> bytes:
    return ARTICLE.format(charset=charset).encode(charset)


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "utf-8", "iso-8859-15"])
def test_page_is_decoded_by_its_declared_charset(charset: str) -> None:
    extracted = extract_html(page(charset), "quay.html")
    text = " ".join(p.text for p in extracted.paragraphs)
    assert "\ufffd" not in text
    assert "Chairwoman Ines Müller said" in text
    assert "Søren Dahl" in text
    assert extracted.author == "Ines Müller"


def test_each_block_is_a_paragraph_and_headings_are_sections() -> None:
    extracted = extract_html(page("utf-8"), "quay.html")
    texts = [p.text for p in extracted.paragraphs]
    assert texts[0].startswith("The harbour board voted on Thursday")
    assert not texts[0].startswith("Harbour board votes")  # the headline is not fused in
    assert len(texts) == 7
    assert [p.section for p in extracted.paragraphs] == [None, None] + ["Who pays"] * 4 + [
        "About the author"
    ]
    assert texts[3].startswith('"We have waited')  # the block quote
    assert texts[4] == "The dredging starts on 2 May and takes six weeks."  # a list item


def test_site_furniture_is_left_out_and_the_authors_bio_kept_last() -> None:
    paragraphs = extract_html(page("utf-8"), "quay.html").paragraphs
    text = " ".join(p.text for p in paragraphs[:-1])
    for furniture in (
        "newsletter",
        "Submit a letter",
        "Read: Why",
        "writes about the harbour",
        "All rights reserved",
        "Home",
    ):
        assert furniture not in text
    # Who wrote it and what they do, apart from the article's own text.
    assert paragraphs[-1].text == "Ines Müller writes about the harbour for the Gazette."
    assert paragraphs[-1].section == "About the author"


AUTHOR_BOX = """<html><head><title>Night ferries return | The Quay Gazette</title>
<meta name="author" content="Tomas Berg"></head><body>
<article><h1>Night ferries return</h1>
<p>The night ferries return to the channel on Monday after the dredging, the harbour board said,
with the first crossing at eleven and the last at two in the morning.</p>
<p>Crews will be paid the winter rate until the timetable settles, the board added.</p>
</article>
<aside class="related"><p>Tomas Berg also wrote about the lighthouse keepers.</p></aside>
<address itemprop="author" itemscope itemtype="https://schema.org/Person">
<div class="c-writer__bio" itemprop="description"><a href="/author/tomas-berg">Tomas Berg</a>
covers transport for the Gazette and was a ferry deckhand for six years.</div></address>
<div class="bio-box"><p>Our newsletter: every harbour story, every Friday.</p></div>
</body></html>"""


def test_the_authors_bio_is_read_from_the_pages_author_box() -> None:
    paragraphs = extract_html(AUTHOR_BOX.encode(), "ferries.html").paragraphs
    assert paragraphs[-1].section == "About the author"
    assert paragraphs[-1].text == (
        "Tomas Berg covers transport for the Gazette and was a ferry deckhand for six years."
    )
    # A box that is called a bio but does not name the author is not taken.
    assert not any("newsletter" in p.text for p in paragraphs)


def test_a_page_without_an_authors_bio_gets_none() -> None:
    without = AUTHOR_BOX.split("<address")[0] + "</body></html>"
    paragraphs = extract_html(without.encode(), "ferries.html").paragraphs
    assert all(p.section != "About the author" for p in paragraphs)


def test_title_without_the_site_name_and_the_site_as_publisher() -> None:
    extracted = extract_html(page("utf-8"), "quay.html")
    assert extracted.title == "Harbour board votes to dredge the channel"
    assert extracted.publisher == "The Quay Gazette"
    assert extracted.date == dt.date(2024, 3, 18)
    assert extracted.extractor.startswith("html/")


def test_a_page_s_other_titles_are_names_of_its_document() -> None:
    # The <title> and the sharing title say what the headline does not; the site name is cut
    # from each, and one that only repeats (part of) the headline is no other title.
    other = (
        ARTICLE.replace(
            "<title>Harbour board votes to dredge the channel | The Quay Gazette</title>",
            "<title>Stranded Yachts Float Free Again | The Quay Gazette</title>",
        )
        .replace(
            '<meta property="og:title" content="Harbour board votes to dredge the channel">',
            '<meta property="og:title" content="Harbour board votes to dredge the channel">\n'
            '<meta name="twitter:title" content="Harbour board votes to dredge">',
        )
        .format(charset="utf-8")
        .encode()
    )
    extracted = extract_html(other, "quay.html")
    assert extracted.title == "Harbour board votes to dredge the channel"
    assert extracted.titles == ("Stranded Yachts Float Free Again",)
    document = document_from_extracted(extracted, other, "quay.html", UploadDetails())
    assert document.meta.aliases == ("Stranded Yachts Float Free Again",)
    # "The article" fits two documents; the words of its other title, which its text does not
    # use, say which is meant.
    second = parse_article(
        b"---\nid: pier\ntitle: The pier reopens\nauthor: Ana Ruiz\ndate: 2024-02-01\n"
        b"kind: article\n---\n\nThe pier reopened on Saturday after a winter of repairs.\n",
        "pier.md",
    )
    engine = AnswerEngine([document, second])
    answer = engine.answer("when was the article about stranded yachts published?")
    assert answer.facts is not None and answer.facts.doc_id == document.meta.id
    without = Document(
        meta=document.meta.model_copy(update={"aliases": ()}),
        body=document.body,
        content_hash=document.content_hash,
        source=document.source,
        passages=document.passages,
    )
    unnamed = AnswerEngine([without, second]).answer(
        "when was the article about stranded yachts published?"
    )
    assert unnamed.facts is None or unnamed.facts.doc_id != document.meta.id
    assert extract_html(page("utf-8"), "quay.html").titles == ()


def test_undeclared_utf8_page_is_sniffed() -> None:
    data = ARTICLE.replace(
        '<meta http-equiv="Content-Type" content="text/html; charset={charset}">', ""
    ).encode("utf-8")
    assert "Müller" in decode_html(data)


def test_a_wrong_declaration_is_passed_over_not_replaced() -> None:
    data = page("utf-8").replace(b"charset=utf-8", b"charset=us-ascii")
    text = decode_html(data)
    assert "Müller" in text and "\ufffd" not in text


def test_server_declared_charset_wins_over_detection() -> None:
    body = "<html><body><p>Привет, мир. Совет собрался в четверг.</p></body></html>"
    assert "Привет" in decode_html(body.encode("koi8-r"), "koi8-r")


def test_a_page_without_article_text_is_an_error_naming_the_file() -> None:
    with pytest.raises(CorpusError, match=r"empty\.html"):
        extract_html(b"<html><body><nav>Home</nav></body></html>", "empty.html")


def test_pull_quote_repeating_the_text_is_dropped() -> None:
    html = (
        "<html><head><title>On politics</title></head><body><article>"
        + "<p>Politics asks a lot of those who go into it, and gives little back to most.</p>" * 3
        + "<blockquote>It is something to be disabused about motive and still come to work."
        "</blockquote><p>As I learned, it is something in life to be utterly disabused about "
        "human motive and yet still come to work every day, trying to get things done.</p>"
        "</article></body></html>"
    )
    texts = [p.text for p in extract_html(html.encode(), "letter.html").paragraphs]
    assert not any(text.startswith("It is something") for text in texts)


@pytest.mark.skipif(not BUGS.is_dir(), reason="../shared/bug-inputs is absent")
def test_bug_inputs_latin1_and_three_paragraphs() -> None:
    latin = extract_html((BUGS / "html-latin1-charset.html").read_bytes(), "latin.html")
    assert all("\ufffd" not in p.text for p in latin.paragraphs)
    assert latin.title == "Gemeinderat beschließt neue Brücke"
    three = extract_html((BUGS / "html-three-paragraphs.html").read_bytes(), "three.html")
    assert len(three.paragraphs) == 3


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real-articles is absent")
def test_real_oped_keeps_its_paragraphs_and_drops_the_letters_box_and_links() -> None:
    data = (REAL / "oped-atlantic-stokes-2020.html").read_bytes()
    extracted = extract_html(data, "oped.html")
    texts = [p.text for p in extracted.paragraphs]
    assert len(texts) > 15
    assert texts[0].startswith("When I moved to California five years ago")
    joined = " ".join(texts[:-1])
    assert "happening in California has a name: climate change" in joined
    for gone in (
        "Annie Lowrey: California",
        "Read: Two disasters",
        "letters@theatlantic.com",
        "assistant professor",
    ):
        assert gone not in joined
    # The author's bio, from the page's author box, whole (links' words and spaces kept).
    assert extracted.paragraphs[-1].section == "About the author"
    assert texts[-1].startswith("Leah C. Stokes is an assistant professor of political science")
    assert "Short Circuiting Policy" in texts[-1]
    assert extracted.publisher == "The Atlantic"
    assert extracted.date == dt.date(2020, 8, 23)


DIV_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>The ferry strike, a week on | The Quay Gazette</title>
<meta name="author" content="Tomas Ilves"></head><body><article>
<h1>The ferry strike, a week on</h1>
<div class="body">
<div>The crews have been out for a week, and <a href="/strike">the strike</a> has emptied the
island's shop shelves; the pharmacy <em>ran short of insulin</em> on Wednesday, its owner
said.</div>
<div>Union leaders said the walkout would go on until the operator restored the night crossing,
which it cut in January to save <strong>fuel</strong> money.</div>
<div><em>Where to find help: if the strike leaves you without medicine, call the </em><a href="/a">
<em>Island Health Line for strike emergencies</em></a><em> at 0800 123 456. The </em><a href="/b">
<em>Red Cross ferry desk on the quay</em></a><em> can also arrange a crossing.</em></div>
<div>The operator said it had offered the crews a four per cent rise and would not go further
this year, whatever the union said at the quay on Friday.</div>
</div></article></body></html>"""


def test_text_set_in_divs_with_links_and_emphasis_is_whole_paragraphs() -> None:
    texts = [p.text for p in extract_html(DIV_PAGE.encode(), "strike.html").paragraphs]
    assert texts[0] == (
        "The crews have been out for a week, and the strike has emptied the island's shop "
        "shelves; the pharmacy ran short of insulin on Wednesday, its owner said."
    )
    assert texts[1].endswith("which it cut in January to save fuel money.")
    assert texts[-1].startswith("The operator said it had offered")


def test_a_help_line_box_linking_out_is_left_out() -> None:
    text = " ".join(p.text for p in extract_html(DIV_PAGE.encode(), "strike.html").paragraphs)
    assert "Where to find help" not in text and "Health Line" not in text


def test_a_binary_file_named_html_is_told_apart_from_an_unknown_charset() -> None:
    program = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4
    with pytest.raises(CorpusError, match=r"program\.html: the file is binary"):
        extract_html(program, "program.html")


def test_an_uploaded_pages_bio_is_the_publishers_about_the_author_without_follow_lines() -> None:
    social = AUTHOR_BOX.replace(
        "six years.</div>", "six years. Follow him on Twitter. Like the Gazette on Facebook.</div>"
    )
    data = social.encode()
    document = document_from_extracted(
        extract_html(data, "ferries.html"), data, "ferries.html", UploadDetails()
    )
    bio = document.passages[-1]
    assert bio.text == (
        "Tomas Berg covers transport for the Gazette and was a ferry deckhand for six years."
    )
    engine = AnswerEngine([document])
    answer = engine.answer("what did tomas berg do before he covered transport?")
    assert answer.quotes[0].passage_id == bio.id
    # The page's words about its author, not the author's own.
    assert speaker_label(answer.quotes[0].attribution).endswith("(about the author)")
    assert answer.quotes[0].attribution.role is Role.PUBLISHER


TABLE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Where the candidates stand</title></head><body><article><h1>Where the candidates stand</h1>
<p>We asked the three candidates for harbour master the same two questions about the port.</p>
<table><tr><th>Candidate</th><th>Dredge the channel?</th><th>Fee rise</th></tr>
<tr><td>Ruth Adebayo</td><td>Yes</td><td>None before 2027</td></tr>
<tr><td>Paul Kessler</td><td>No</td><td>Five percent</td></tr></table>
<p>Kessler was the only candidate to oppose dredging, which he called a waste of money.</p>
</article></body></html>"""


def test_a_tables_rows_are_paragraphs_of_their_cells() -> None:
    texts = [p.text for p in extract_html(TABLE_PAGE.encode(), "table.html").paragraphs]
    assert "Ruth Adebayo | Yes | None before 2027" in texts
    assert texts.index("Paul Kessler | No | Five percent") < texts.index(
        "Kessler was the only candidate to oppose dredging, which he called a waste of money."
    )


CREDITED = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Is the ferry really carrying twice as many people?</title>
<meta name="author" content="Nell Okafor"></head><body><article>
<h1>Is the ferry really carrying twice as many people?</h1>
<p>The island ferry's crossings were counted by the port for the whole of last year, and the
count is published every spring with the harbour accounts and the timetable for summer.</p>
{quote}
<p>The port's own count shows about a fifth more passengers than the year before, which is a
rise, though a long way short of the doubling that was claimed at the meeting in March.</p>
</article></body></html>"""
CLAIM = (
    "<p>&ldquo;The ferry carries twice the people it did, and the fares have not gone up."
    "&rdquo;</p>"
)
CREDIT = "Marta Quilley, harbour master, at the council meeting"


@pytest.mark.parametrize(
    "quote",
    [
        f"<blockquote>{CLAIM}<footer>&mdash; {CREDIT}</footer></blockquote>",
        f"<blockquote>{CLAIM}<footer>&mdash; <cite>Marta Quilley</cite>, harbour master, at the "
        "council meeting</footer></blockquote>",
        f"<blockquote>{CLAIM}<cite>{CREDIT}</cite></blockquote>",
        f'<blockquote>{CLAIM}<p class="attribution">{CREDIT}</p></blockquote>',
        f'<blockquote>{CLAIM}</blockquote><p class="quote-attribution">{CREDIT}</p>',
        f"<blockquote>{CLAIM}</blockquote><p>&mdash; {CREDIT}</p>",
    ],
    ids=["footer", "cite-in-footer", "cite", "attribution-class", "class-after", "dash-after"],
)
def test_a_block_quotes_credit_is_kept_and_the_quote_is_the_credited_persons(quote: str) -> None:
    data = CREDITED.format(quote=quote).encode()
    extracted = extract_html(data, "ferry.html")
    texts = [p.text for p in extracted.paragraphs]
    claim = "“The ferry carries twice the people it did, and the fares have not gone up.”"
    at = texts.index(claim)
    assert CREDIT in texts[at + 1]  # the credit, under the quote it credits, nothing lost
    assert extracted.paragraphs[at].speaker == "Marta Quilley"
    document = document_from_extracted(extracted, data, "ferry.html", UploadDetails())
    engine = AnswerEngine([document])
    quote = engine.answer("who said the ferry carries twice the people?").quotes[0]
    assert quote.passage.startswith(claim)
    assert quote.attribution.speaker == "Marta Quilley"
    assert quote.attribution.role is Role.SPEAKER
    # The page's own words, the credit's line among them, stay its author's.
    assert [p.speaker for p in document.passages] == [
        "Nell Okafor",
        "Marta Quilley",
        "Nell Okafor",
        "Nell Okafor",
    ]
    assert check_quote(engine, CREDIT).verdict is Verdict.VERBATIM


def test_a_block_quote_without_a_credit_stays_the_authors() -> None:
    data = CREDITED.format(quote=f"<blockquote>{CLAIM}</blockquote>").encode()
    extracted = extract_html(data, "ferry.html")
    assert [p.speaker for p in extracted.paragraphs] == [None, None, None]
    # A paragraph going on after the quote is the article's, not a credit, dash or not.
    going_on = (
        "<p>&mdash; and that, the port says, is the count it stands by for every crossing.</p>"
    )
    longer = CREDITED.format(quote=f"<blockquote>{CLAIM}</blockquote>{going_on * 4}").encode()
    assert all(p.speaker is None for p in extract_html(longer, "ferry.html").paragraphs)


VERDICT = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Did the ferry double its passengers?</title>
<meta name="author" content="Nell Okafor"></head><body><article>
<h1>Did the ferry double its passengers?</h1>
<p>The harbour master told the council in March that the island ferry now carries twice the
people it did, and that fares have stayed the same for three years.</p>
<h2>Our verdict: Mostly false</h2>
<p>The port's own count shows about a fifth more passengers than the year before, a real rise
but a long way short of double.</p>
<h2>What the count shows</h2>
<p>The port counts every ticket sold at the quay and on board, and publishes the totals each
spring with the harbour accounts.</p>
</article></body></html>"""


def test_a_heading_that_states_something_is_text_a_check_and_a_question_find() -> None:
    data = VERDICT.encode()
    extracted = extract_html(data, "verdict.html")
    texts = [p.text for p in extracted.paragraphs]
    # The verdict heading is a paragraph, first under itself; a topic heading stays a section.
    at = texts.index("Our verdict: Mostly false")
    assert extracted.paragraphs[at].section == "Our verdict: Mostly false"
    assert texts[at + 1].startswith("The port's own count shows")
    assert extracted.paragraphs[at + 1].section == "Our verdict: Mostly false"
    assert "What the count shows" not in texts
    assert extracted.paragraphs[-1].section == "What the count shows"
    document = document_from_extracted(extracted, data, "verdict.html", UploadDetails())
    engine = AnswerEngine([document])
    assert check_quote(engine, "Our verdict: Mostly false").verdict is Verdict.VERBATIM
    answer = engine.answer("what is the fact-checker's verdict?")
    assert answer.quotes and "Mostly false" in answer.quotes[0].passage
    assert answer.quotes[0].attribution.speaker == "Nell Okafor"


@pytest.mark.parametrize(
    ("heading", "states"),
    [
        ("Our verdict: Mostly false", True),
        ("Claim: Fares were halved", True),
        ("The minister's figure is wrong.", True),
        ("What the figures show", False),
        ("Sources", False),
        ("Why this matters", False),
        ("Did ridership double?", False),
    ],
)
def test_which_headings_state_something(heading: str, states: bool) -> None:
    assert states_something(heading) is states


def test_whether_the_credited_person_replied_is_asked_of_the_page_not_of_their_words() -> None:
    # The harbour master is a speaker of the page (her credited quote); "did Quilley reply?"
    # asks whether she replied, which only the fact-checker's words say.
    closing = (
        "<p>We asked Ms Quilley's office whether she would correct the figure; by the time "
        "this was published she had not replied.</p></article>"
    )
    data = (
        CREDITED.format(quote=f"<blockquote>{CLAIM}<footer>&mdash; {CREDIT}</footer></blockquote>")
        .replace("</article>", closing)
        .encode()
    )
    document = document_from_extracted(
        extract_html(data, "ferry.html"), data, "ferry.html", UploadDetails()
    )
    engine = AnswerEngine([document])
    for question in ("did Quilley reply?", "has Marta Quilley replied?"):
        answer = engine.answer(question)
        assert not answer.abstained, question
        assert "had not replied" in answer.quotes[0].passage, question


def _kiln_page() -> bytes:
    """The Markdown tests' interview as a web page: bold questions, plain answers."""
    from tests.engine.formats.test_markdown import KILN_INTERVIEW

    title, *blocks = [block.strip() for block in KILN_INTERVIEW.strip().split("\n\n")]
    body = "".join(
        f"<p><strong>{block.strip('*')}</strong></p>"
        if block.startswith("**")
        else f"<p><em>{block.strip('*')}</em></p>"
        if block.startswith("*")
        else f"<p>{block}</p>"
        for block in blocks
    )
    heading = title.lstrip("# ")
    return (
        f"<html><head><title>{heading}</title></head><body><article><h1>{heading}</h1>{body}"
        "</article></body></html>"
    ).encode()


def test_a_pages_bold_questions_over_first_person_answers_are_an_interview() -> None:
    from tests.engine.formats.test_markdown import KILN_INTERVIEW, uploaded

    document = document_from_upload(_kiln_page(), "kiln.html", UploadDetails()).document
    # Read as the Markdown interview is: the questions the interviewer's, the answers hers.
    markdown = uploaded(KILN_INTERVIEW, "kiln.md")
    assert [(p.speaker, p.text) for p in document.passages] == [
        (p.speaker, p.text) for p in markdown.passages
    ]
    assert {p.speaker for p in document.passages[1:7]} == {"Pavel Stroud", "Nadia Corr"}
    answer = AnswerEngine([document]).answer("what did Nadia Corr say about the gas bill?")
    assert answer.quotes[0].attribution.speaker == "Nadia Corr"
