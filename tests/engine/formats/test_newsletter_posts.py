"""Newsletter and blog posts saved as pages: a guest's post, its footnotes, its readers' comments.

Uploaded as a user uploads them (`Library.upload`) and asked as a user asks (`Library.ask`):
the guest is the author and the host's introduction the host's, the comments each their
commenter's, a block quote the person the paragraph before introduces, a footnoted figure shown
with its note, and "..., she said" the person named before it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import Document
from bot.engine.results import Attribution
from bot.library import Library
from tests.conftest import make_settings, written_article
from tests.engine.formats import pdfs

GUILD = "444444444444444444"

# A Substack-style post: site chrome, the host's note, the guest's article with a block quote
# and footnotes, a subscribe box, and the readers' comments (a reply nested in one).
SUBSTACK = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>The bus that no longer stops at Harrowgate Lane - by Wilhelmina Ostrander</title>
<meta property="og:site_name" content="The Brackwater Dispatch">
<meta property="og:title" content="The bus that no longer stops at Harrowgate Lane">
<meta name="author" content="Caspian Lowry">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"url":"https://brackwater.substack.com/p/the-bus-that-no-longer-stops",
"headline":"The bus that no longer stops at Harrowgate Lane",
"datePublished":"2025-03-14T07:02:11+00:00","author":[{"@type":"Person",
"name":"Wilhelmina Ostrander","url":"https://substack.com/@wostrander"},{"@type":"Person",
"name":"Caspian Lowry","url":"https://substack.com/@caspianlowry"}],"publisher":{
"@type":"Organization","name":"The Brackwater Dispatch"}}</script>
</head><body>
<div class="main-menu"><div class="topbar"><a href="/">The Brackwater Dispatch</a> <a
href="/subscribe">Subscribe</a> <a href="/signin">Sign in</a></div></div>
<div class="container"><article class="typography newsletter-post post">
<div class="post-header">
<h1 class="post-title">The bus that no longer stops at Harrowgate Lane</h1>
<h3 class="subtitle">What happens to a village when its only link to the clinic is cut</h3>
<div class="post-meta"><div class="byline-names"><a
href="https://substack.com/@wostrander">Wilhelmina Ostrander</a> and <a
href="https://substack.com/@caspianlowry">Caspian Lowry</a></div>
<div class="post-date"><time datetime="2025-03-14T07:02:11.000Z">Mar 14, 2025</time></div>
<div class="post-ufi"><a class="like-button">42</a> <a class="comment-button"
href="#comments">7</a> <a class="share">Share</a></div></div>
</div>
<div class="available-content"><div class="body markup" dir="auto">
<p><em>Caspian here. This week's post is by guest writer Wilhelmina Ostrander, who has spent the
winter riding what is left of the county's rural bus network. I asked her to write about
Harrowgate Lane because so many of you wrote in about it.</em></p>
<hr>
<p>Since the number 14 was withdrawn in October, the nearest stop to Harrowgate Lane is a
forty-minute walk along a road with no pavement. For the people who live there, most of them
over seventy, that walk is the difference between seeing a doctor and not.</p>
<p>Mrs. Elspeth Garroway has lived at the end of the lane for fifty-one years and no longer
drives. She now depends on neighbours to take her to the surgery in Corrick. "I hate asking for
favours," she said. "But there is no other way to get there now."</p>
<p>The county says the route carried too few passengers to justify its subsidy. Yet one in six
households in the parish has no car at all,<a class="footnote-anchor" id="footnote-anchor-1"
href="#footnote-1">1</a> and the clinic's own figures show missed appointments doubling since
the autumn.<a class="footnote-anchor" id="footnote-anchor-2" href="#footnote-2">2</a></p>
<p>When I asked the county about the missed appointments, the reply came from its health team,
and in a statement said Deputy Director of Public Health Ignatius Morrow-Vance:</p>
<blockquote><p>We recognise that the withdrawal of the number 14 has made it harder for some
residents to reach primary care, and we are working with the surgery on a volunteer driver
scheme that we expect to begin in the summer.</p></blockquote>
<p>A volunteer scheme is welcome, but it depends on volunteers, and the people who drive for it
are mostly retired themselves.</p>
<div class="subscription-widget-wrap"><div class="subscription-widget"><p
class="cta-caption">Thanks for reading The Brackwater Dispatch! Subscribe for free to receive
new posts and support my work.</p><form><input type="email" placeholder="Type your
email..."><button>Subscribe</button></form></div></div>
<p>The parish council meets again in April, and the bus route is on the agenda.</p>
<div class="footnote"><a id="footnote-1" href="#footnote-anchor-1"
class="footnote-number">1</a><div class="footnote-content"><p>Brackwater Parish Household Survey
2024, question 12: 61 of 368 households reported owning no car or van.</p></div></div>
<div class="footnote"><a id="footnote-2" href="#footnote-anchor-2"
class="footnote-number">2</a><div class="footnote-content"><p>Corrick Surgery patient group
minutes, 6 February 2025.</p></div></div>
</div></div>
</article>
<div class="post-footer"><a class="share">Share</a> <a href="#comments">Leave a comment</a></div>
<div id="comments" class="comments-page"><div class="comment-list-container"><h4>Discussion
about this post</h4>
<div class="comment-list">
<div class="comment-list-item"><div class="comment" id="comment-88410231">
<div class="comment-meta"><span class="commentAuthor"><a
href="https://substack.com/@dorotheapell">Dorothea Pell</a></span> <a class="comment-date"
href="#"><time datetime="2025-03-14T09:20:00.000Z">Mar 14</time></a></div>
<div class="comment-body"><p>My mother lives two doors from Mrs Garroway. Is anyone asking the
county whether the school bus could take adult passengers?</p></div>
<div class="comment-actions"><a>Like (3)</a> <a>Reply</a> <a>Share</a></div>
<div class="comment-list-item"><div class="comment" id="comment-88419904">
<div class="comment-meta"><span class="commentAuthor"><a
href="https://substack.com/@wostrander">Wilhelmina Ostrander</a></span> <a class="comment-date"
href="#"><time datetime="2025-03-14T11:05:00.000Z">Mar 14</time></a></div>
<div class="comment-body"><p>I did ask. The county told me the school contract does not allow
adult fares, but it is being retendered next year and the clause could be dropped
then.</p></div>
<div class="comment-actions"><a>Like (5)</a> <a>Reply</a> <a>Share</a></div>
</div></div>
</div></div>
<div class="comment-list-item"><div class="comment" id="comment-88432517">
<div class="comment-meta"><span class="commentAuthor"><a
href="https://substack.com/@cllrbrightwell">Cllr Tobias Brightwell</a></span> <a
class="comment-date" href="#"><time datetime="2025-03-15T18:42:00.000Z">Mar 15</time></a></div>
<div class="comment-body"><p>For what it is worth, I have put a motion to the April meeting
asking the county to fund a demand-responsive minibus for the three lane villages, costed at
about 38,000 pounds a year.</p></div>
<div class="comment-actions"><a>Like (9)</a> <a>Reply</a> <a>Share</a></div>
</div></div>
</div></div></div>
<div class="footer"><p>© 2025 Caspian Lowry</p><p><a>Privacy</a> ∙ <a>Terms</a> ∙ <a>Collection
notice</a></p><p>Substack is the home for great culture</p></div>
</div></body></html>
"""

# A WordPress-style post: the host's note in italics, a block quote after "He told us:",
# footnotes as paragraphs under a "Footnotes" heading, threaded comments.
WORDPRESS = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="UTF-8">
<title>Why the Fenmoor library should open on Sundays &#8211; Notes from Fenmoor</title>
<meta property="og:site_name" content="Notes from Fenmoor">
</head>
<body class="post-template-default single single-post">
<header class="site-header"><p class="site-title"><a href="/">Notes from
Fenmoor</a></p><nav><ul><li><a href="/">Home</a></li><li><a
href="/about">About</a></li></ul></nav></header>
<main id="main"><article id="post-412" class="post-412 post type-post status-publish hentry">
<header class="entry-header"><h1 class="entry-title">Why the Fenmoor library should open on
Sundays</h1>
<div class="entry-meta">Posted on <time class="entry-date published"
datetime="2025-06-02T08:00:00+01:00">2 June 2025</time> by <span class="author vcard"><a
class="url fn n" href="/author/ottoline">Ottoline Sharrock</a></span></div></header>
<div class="entry-content">
<p><em>A note from Ottoline Sharrock: today's guest post comes from Barnaby Quist, who chairs
the Friends of Fenmoor Library. I have wanted him to write here for a long time.</em></p>
<p>Every Sunday afternoon the reading room at Fenmoor stands empty while the town's children do
their homework on the steps of the bus shelter across the road, because it has the only free
wifi in the square.</p>
<p>Rosalind Achterberg, who runs the homework club, has asked the council twice for Sunday
hours. She keeps a list of the children who turn up. "Last winter we had thirty on a good week,"
she said.</p>
<p>Opening for four hours on a Sunday would cost about 9,400 pounds a year [1], less than the
council spent repainting the library's railings last spring [2].</p>
<p>The council's head of culture, Percival Okonjo-Hartley, has spent years defending the service
against cuts. He told us:</p>
<blockquote><p>Sunday opening is something I would like to see, but I cannot promise it while
the budget for next year is still being set.</p></blockquote>
<p>The Friends will be at the full council meeting in July to ask again.</p>
<h3>Footnotes</h3>
<p>[1] Fenmoor Borough Council, Library Services Review 2024, appendix B.</p>
<p>[2] Fenmoor Borough Council, spending over 500 pounds, April 2024.</p>
</div></article>
<div id="comments" class="comments-area">
<h2 class="comments-title">2 thoughts on &ldquo;Why the Fenmoor library should open on
Sundays&rdquo;</h2>
<ol class="comment-list">
<li id="comment-1021" class="comment even thread-even depth-1 parent">
<article id="div-comment-1021" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Marguerite
Ellsworth</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="#comment-1021"><time
datetime="2025-06-02T19:14:00+01:00">2 June 2025 at 7:14 pm</time></a></div></footer>
<div class="comment-content"><p>Would volunteers be allowed to staff the Sunday hours, or does
it have to be paid librarians?</p></div>
<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
</article>
<ol class="children">
<li id="comment-1024" class="comment odd alt depth-2">
<article id="div-comment-1024" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Barnaby Quist</b>
<span class="says">says:</span></div>
<div class="comment-metadata"><a href="#comment-1024"><time
datetime="2025-06-03T09:02:00+01:00">3 June 2025 at 9:02 am</time></a></div></footer>
<div class="comment-content"><p>The council's insurers require one paid member of staff on site,
so volunteers could only help alongside a librarian.</p></div>
<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
</article></li></ol></li>
</ol>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form><p>Your email address will
not be published.</p><textarea></textarea><input type="submit" value="Post
Comment"></form></div>
</div></main>
<footer class="site-footer"><p>Proudly powered by WordPress</p></footer>
</body></html>
"""


@pytest.fixture
async def posts(tmp_path: Path) -> Library:
    """A library holding the two posts, uploaded as a user uploads them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    for page, filename in ((SUBSTACK, "harrowgate.html"), (WORDPRESS, "fenmoor.html")):
        await library.upload(page.encode(), filename, GUILD, 7, UploadDetails())
    yield library  # type: ignore[misc]
    await library.close()


def _document(library: Library, source: str) -> Document:
    """The uploaded document read from the file named `source`."""
    return next(d for d in library.own_documents(GUILD) if d.source == source)


async def _first(posts: Library, question: str, holding: str) -> Attribution:
    """The attribution of the first quote answering `question`, which must hold `holding`."""
    answer = await posts.ask(question, 1, scope=GUILD)
    assert answer.quotes and holding in answer.quotes[0].text
    return answer.quotes[0].attribution


async def test_a_guest_post_is_the_guests_and_its_introduction_the_hosts(posts: Library) -> None:
    assert _document(posts, "harrowgate.html").meta.author == "Wilhelmina Ostrander"
    assert _document(posts, "fenmoor.html").meta.author == "Barnaby Quist"
    intro = await posts.ask("who is the guest writer riding the rural bus network?", 1, scope=GUILD)
    assert intro.quotes[0].attribution.speaker == "Caspian Lowry"
    article = await _first(posts, "how far is the walk to the nearest stop?", "forty-minute walk")
    assert article.speaker == "Wilhelmina Ostrander"


async def test_readers_comments_are_each_commenters_words(posts: Library) -> None:
    councillor = await _first(
        posts, "what did Tobias Brightwell propose for the villages?", "demand-responsive minibus"
    )
    assert councillor.speaker == "Cllr Tobias Brightwell"
    reply = await _first(posts, "could the school bus take adult fares?", "retendered")
    assert reply.speaker == "Wilhelmina Ostrander"
    nested = await _first(
        posts, "could volunteers staff the library on Sundays?", "insurers require one paid member"
    )
    assert nested.speaker == "Barnaby Quist"
    # The comment buttons and the reply form are no one's words.
    found = await posts.ask("Leave a Reply", 3, scope=GUILD)
    assert all("Post Comment" not in quote.text for quote in found.quotes)


async def test_a_block_quote_is_the_person_the_paragraph_before_introduces(posts: Library) -> None:
    statement = await _first(
        posts, "what is the volunteer driver scheme?", "volunteer driver scheme"
    )
    assert statement.speaker == "Ignatius Morrow-Vance"
    told = await _first(
        posts, "what did Percival Okonjo-Hartley say about Sunday opening?", "cannot promise it"
    )
    assert told.speaker == "Percival Okonjo-Hartley"


async def test_a_quotation_after_sentences_about_her_is_the_person_named(posts: Library) -> None:
    favours = await _first(
        posts,
        "what did Elspeth Garroway say about asking for favours?",
        "I hate asking for favours",
    )
    assert favours.reporting == "Elspeth Garroway"
    club = await _first(posts, "what did Rosalind Achterberg say?", "thirty on a good week")
    assert club.reporting == "Rosalind Achterberg"


async def test_a_footnoted_figure_is_quoted_with_its_note(posts: Library) -> None:
    cars = await posts.ask("how many households in the parish have no car?", 1, scope=GUILD)
    quote = cars.quotes[0]
    assert "one in six households" in quote.text and "[1]" in quote.text
    assert any("Household Survey 2024" in note.text for note in quote.references)
    sunday = await posts.ask("how much would Sunday opening cost a year?", 1, scope=GUILD)
    assert "9,400 pounds" in sunday.quotes[0].text
    assert any("Library Services Review" in note.text for note in sunday.quotes[0].references)
    # The notes are the bibliography, not the article's paragraphs.
    texts = [p.text for p in _document(posts, "fenmoor.html").passages]
    assert not any(text.startswith(("[1]", "Fenmoor Borough Council")) for text in texts)
    assert "Footnotes" not in texts


async def test_an_indented_quotation_in_a_pdf_after_she_told_us_reports_her(posts: Library) -> None:
    brief = pdfs.flowing(
        [
            ("title", "Keeping Estuary Towns Dry"),
            ("heading", "What the evidence says"),
            (
                "body",
                "Tidal flooding in the estuary towns has become more frequent since 2010, and the "
                "cost of repairs now falls mostly on households.",
            ),
            (
                "body",
                "Professor Hollis Mbeki-Strand has measured the river's surge heights at Pellow "
                "Quay for twenty years and advised two councils on their defences. She told us:",
            ),
            (
                "quote",
                "The walls were built for the tides of the last century. Unless the councils stop "
                "approving homes below the surge line, every pound spent on defences will be spent "
                "again within a decade.",
            ),
            (
                "body",
                "The institute recommends that councils publish a surge map before any new housing "
                "is approved on low ground.",
            ),
        ]
    )
    await posts.upload(brief, "estuary-brief.pdf", GUILD, 7, UploadDetails())
    walls = await _first(
        posts,
        "who said the walls were built for the tides of the last century?",
        "built for the tides of the last century",
    )
    assert walls.reporting == "Hollis Mbeki-Strand"
    after = await posts.ask("what does the institute recommend about a surge map?", 1, scope=GUILD)
    assert after.quotes[0].attribution.reporting is None


def test_a_notes_mark_after_the_colon_still_introduces_the_quotation() -> None:
    # The PDF reader keeps a note's mark where the body cites it ("She told us:[3]").
    body = (
        "Tidal flooding in the estuary towns has become more frequent since 2010.\n\n"
        "Professor Hollis Mbeki-Strand has measured the surge heights at Pellow Quay for twenty "
        "years. She told us:[3]\n\n"
        "The walls were built for the tides of the last century, and every pound spent on them "
        "will be spent again within a decade.\n\n"
        "The institute recommends a surge map before new housing is approved."
    )
    engine = AnswerEngine([written_article("estuary", body, author="Harbour Institute")])
    answer = engine.answer("what did Mbeki-Strand say about the walls?", k=1)
    assert not answer.abstained
    assert answer.quotes[0].text.startswith("The walls were built")
    assert answer.quotes[0].attribution.reporting == "Hollis Mbeki-Strand"
