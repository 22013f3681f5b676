"""Encyclopedia pages and footnoted HTML: the contents box and "[edit]" links are no text, the
notes list is the page's bibliography, the site is the publisher, a "last edited" line no date."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document

# A saved encyclopedia page of our own, marked up as MediaWiki sets one: a sidebar, an infobox,
# a contents box, "[edit]" links, citation marks linked to a references list (the first entry
# linking back to its mark, "^"), and the footer's "last edited" line.
LIGHTHOUSE_WIKI = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Gullstone Lighthouse - Openpedia, the community encyclopedia</title></head>
<body>
<div id="mw-panel"><ul><li><a href="/wiki/Main">Main page</a></li>
<li><a href="/wiki/Contents">Contents</a></li><li><a href="/wiki/Give">Give to Openpedia</a></li>
</ul></div>
<div id="content" class="mw-body">
<h1 id="firstHeading">Gullstone Lighthouse</h1>
<div id="siteSub">From Openpedia, the community encyclopedia</div>
<table class="infobox"><tr><th colspan="2">Gullstone Lighthouse</th></tr>
<tr><th>Location</th><td>Gullstone Point, Marrowby</td></tr>
<tr><th>First lit</th><td>1871</td></tr></table>
<p><b>Gullstone Lighthouse</b> is a disused lighthouse on the headland north of Marrowby.
It was first lit in 1871 and guided colliers into the Marrow estuary for a century.<sup
id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup></p>
<div id="toc" class="toc" role="navigation"><div class="toctitle"><h2>Contents</h2></div>
<ul><li class="toclevel-1"><a href="#History"><span class="tocnumber">1</span>
<span class="toctext">History</span></a><ul><li class="toclevel-2"><a href="#Keepers">
<span class="tocnumber">1.1</span> <span class="toctext">Keepers</span></a></li></ul></li>
<li class="toclevel-1"><a href="#Closure"><span class="tocnumber">2</span>
<span class="toctext">Closure</span></a></li>
<li class="toclevel-1"><a href="#References"><span class="tocnumber">3</span>
<span class="toctext">References</span></a></li></ul></div>
<h2><span class="mw-headline" id="History">History</span><span class="mw-editsection">
<span class="mw-editsection-bracket">[</span><a href="/edit/1">edit</a><span
class="mw-editsection-bracket">]</span></span></h2>
<h3><span class="mw-headline" id="Keepers">Keepers</span><span class="mw-editsection">[<a
href="/edit/2">edit</a>]</span></h3>
<p>Three keepers lived at the station with their families. The principal keeper from 1902 to
1931, Walter Ockenden, kept a weather diary that the county archive still holds.<sup
id="cite_ref-2" class="reference"><a href="#cite_note-2">[2]</a></sup></p>
<h2><span class="mw-headline" id="Closure">Closure</span><span class="mw-editsection">[<a
href="/edit/3">edit</a>]</span></h2>
<p>The light was switched off in 1974, when a buoyed channel made it unnecessary. The
harbour trust sold the tower to a preservation society in 1988 for one pound.<sup
id="cite_ref-3" class="reference"><a href="#cite_note-3">[3]</a></sup></p>
<h2><span class="mw-headline" id="References">References</span><span class="mw-editsection">
[<a href="/edit/4">edit</a>]</span></h2>
<div class="reflist"><div class="mw-references-wrap"><ol class="references">
<li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span>
<span class="reference-text">Pellow, Dora (1999). "Lights of the Marrow Coast". <i>Coastal
Review</i>. pp. 4-9.</span></li>
<li id="cite_note-2"><span class="reference-text">Ockenden family papers. Marrowby County
Archive.</span></li>
<li id="cite_note-3"><span class="reference-text">"<a class="external text"
href="https://mercury.example/1988/05/lighthouse">Lighthouse sold for a pound</a>".
<i>Marrowby Mercury</i>. 9 May 1988.</span></li>
</ol></div></div>
</div>
<div id="footer"><ul>
<li id="footer-info-lastmod">This page was last edited on 3 March 2023, at 08:15 (UTC).</li>
<li>Text is available under an open licence.</li></ul></div>
</body></html>
"""


def uploaded(html: str, filename: str) -> Document:
    return document_from_upload(
        html.encode(), filename, UploadDetails(), doc_id=filename.split(".")[0]
    ).document


def test_an_encyclopedia_pages_contents_and_references_are_not_its_text() -> None:
    document = uploaded(LIGHTHOUSE_WIKI, "gullstone.html")
    texts = [passage.text for passage in document.passages]
    assert not any("Pellow" in text or "Ockenden family papers" in text for text in texts)
    assert not any(text.startswith(("1 History", "1.1", "3 References")) for text in texts)
    assert texts[-1].startswith("The light was switched off in 1974")
    # The infobox's rows stay, its header (the headline again) does not.
    assert texts[0] == "Location | Gullstone Point, Marrowby"
    assert {passage.heading for passage in document.passages} == {None, "Keepers", "Closure"}


def test_an_encyclopedia_pages_references_are_its_bibliography() -> None:
    document = uploaded(LIGHTHOUSE_WIKI, "gullstone.html")
    assert [(e.number, e.text) for e in document.meta.bibliography] == [
        (1, 'Pellow, Dora (1999). "Lights of the Marrow Coast". Coastal Review. pp. 4-9.'),
        (2, "Ockenden family papers. Marrowby County Archive."),
        (3, '"Lighthouse sold for a pound". Marrowby Mercury. 9 May 1988.'),
    ]
    quote = (
        AnswerEngine([document]).answer("who was the lighthouse tower sold to in 1988?").quotes[0]
    )
    assert "sold the tower to a preservation society" in quote.text
    assert [entry.number for entry in quote.references] == [3]
    assert "Lighthouse sold for a pound" in quote.references[0].text
    # The source's link, which the entry's text does not spell out, is the entry's url.
    assert quote.references[0].url == "https://mercury.example/1988/05/lighthouse"


def test_a_reference_entry_is_never_quoted_as_the_pages_words() -> None:
    engine = AnswerEngine([uploaded(LIGHTHOUSE_WIKI, "gullstone.html")])
    answer = engine.answer("What did Dora Pellow write about the Marrow coast?")
    assert not any("Pellow" in quote.text for quote in answer.quotes)


def test_an_encyclopedias_name_is_the_publisher_and_its_last_edit_no_date() -> None:
    meta = uploaded(LIGHTHOUSE_WIKI, "gullstone.html").meta
    assert meta.title == "Gullstone Lighthouse"
    assert meta.publisher == "Openpedia"
    assert meta.date is None


def test_a_contents_heading_over_the_pages_section_names_is_no_text() -> None:
    # A numbered list under "Sources" that no mark cites stays text, as in Markdown.
    html = """<html><head><title>Rope walks of Tanner's Quay</title></head><body><article>
<h1>Rope walks of Tanner's Quay</h1>
<p>Rope was spun along the quay for two hundred years, in sheds a quarter of a mile long.</p>
<p><strong>Contents</strong></p>
<ol><li>The sheds</li><li>The spinners</li></ol>
<h2>The sheds</h2>
<p>The longest shed ran from the chapel to the tide mill, and its roof leaked every winter.</p>
<h2>The spinners</h2>
<p>Spinners walked backwards down the shed, paying out hemp from a bundle at the waist.</p>
<h2>Sources</h2>
<ol><li>The quay museum keeps a spinner's wheel.</li>
<li>The parish records name the spinners.</li></ol>
</article></body></html>"""
    texts = [passage.text for passage in uploaded(html, "ropewalks.html").passages]
    assert texts == [
        "Rope was spun along the quay for two hundred years, in sheds a quarter of a mile long.",
        "The longest shed ran from the chapel to the tide mill, and its roof leaked every winter.",
        "Spinners walked backwards down the shed, paying out hemp from a bundle at the waist.",
        "The quay museum keeps a spinner's wheel.",
        "The parish records name the spinners.",
    ]


# An essay exported by Pandoc: a footnote's mark a linked superscript number, the notes a list
# closing the page with links back ("↩︎").
PANDOC_ESSAY = """<html><head><title>The Cart Tax of 1784</title>
<meta name="author" content="Ines Okafor"></head><body><main>
<h1>The Cart Tax of 1784</h1>
<p>The cart tax fell hardest on the carriers who worked the hill villages, whose carts were
light and many.<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup>
</a> It was repealed within two years, after petitions from nine counties.<a href="#fn2"
class="footnote-ref" id="fnref2" role="doc-noteref"><sup>2</sup></a></p>
<p>Carriers who kept paying the tax passed it on to the farmers whose grain they moved to the
coast, so bread rose in price in the markets of the south-west.</p>
<section class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr />
<ol><li id="fn1"><p>Ashdown, R. <em>Roads and Rates</em>. Downland Press, 1962.<a
href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Journal of the House, vol. 41, 1786.<a href="#fnref2" class="footnote-back"
role="doc-backlink">↩︎</a></p></li></ol></section>
</main></body></html>"""


def test_linked_footnote_marks_are_numbered_and_carry_their_note() -> None:
    document = uploaded(PANDOC_ESSAY, "cart-tax.html")
    assert [(e.number, e.text) for e in document.meta.bibliography] == [
        (1, "Ashdown, R. Roads and Rates. Downland Press, 1962."),
        (2, "Journal of the House, vol. 41, 1786."),
    ]
    assert len(document.passages) == 2
    assert "within two years, after petitions from nine counties.[2]" in document.passages[0].text
    quote = (
        AnswerEngine([document])
        .answer("was the tax repealed after petitions from the counties?")
        .quotes[0]
    )
    assert "nine counties.[2]" in quote.text
    assert quote.references[-1].text == "Journal of the House, vol. 41, 1786."
