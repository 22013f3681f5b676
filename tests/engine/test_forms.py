"""Documents named by their form ("the newsletter", "the wiki page", "the blog post"): what the
upload's reader recognised a file as, and the names that then pick it out of a scope."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Form

WIKI = b"""<!DOCTYPE html><html><head><title>Harbour Lighthouse - Openpedia, the free
encyclopedia</title></head><body>
<h1 id="firstHeading">Harbour Lighthouse</h1>
<div id="siteSub">From Openpedia, the free encyclopedia</div>
<div id="content"><p>The Harbour Lighthouse is a disused lighthouse on the north mole of
Eastport, built in 1871 and lit until the harbour board closed it in 1994.</p>
<h2>History<span class="mw-editsection">[edit]</span></h2>
<p>The tower was built of local granite to a design by the engineer Amos Rudd, and its lamp
could be seen eighteen miles out to sea on a clear night.</p>
<p>After it closed, the tower stood empty until a trust bought it and opened it to visitors in
2003, charging a small fee to climb the stairs.</p></div></body></html>"""

BLOG = b"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Why our school dropped homework | Notes from a Classroom</title>
<meta name="author" content="Ines Carver"></head><body>
<article class="post"><h1>Why our school dropped homework</h1>
<p>By Ines Carver, 3 March 2025</p>
<p>Last autumn our school stopped setting homework for the two youngest years, and the
reading scores of those pupils rose by the summer rather than fell.</p>
<p>The teachers used the hours they had spent marking to plan lessons instead, and parents
told us that evenings at home were calmer.</p></article>
<section id="comments" class="comments-area"><h2>3 comments</h2>
<ol class="comment-list"><li class="comment"><p>Great post, thank you.</p></li></ol>
</section></body></html>"""

NEWS = b"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Council approves harbour wall repairs | Eastport Courier</title></head><body>
<article class="story"><h1>Council approves harbour wall repairs</h1>
<p>By Tom Pell, 9 June 2025</p>
<p>Councillors voted on Tuesday to spend four million pounds repairing the harbour wall,
which was damaged in the January storms.</p>
<p>The work will start in September and should take eighteen months to finish.</p></article>
<section id="comments" class="comments-area"><ol class="comment-list">
<li class="comment"><p>About time.</p></li></ol></section></body></html>"""

NEWSLETTER = """# The Low Tide Letter

**Mara Quill** · 12 May 2025

The ferry timetable changed again this week, and for the third time this year nobody told the
island's school until the morning the first boat failed to turn up.

I spoke to the harbour master, who said the new times were agreed in March but only posted
online, where few islanders look.

Thanks for reading The Low Tide Letter! Subscribe for free to receive new posts and support my
work.
"""

PASTED_NEWS = """Ferry times change again

Islanders say they were not told about the new ferry timetable, which began on Monday.

The harbour master said the times had been posted online in March.

Sign up to our newsletter for the latest island news.
"""


def upload(data: bytes, filename: str) -> Document:
    doc_id = filename.rsplit(".", 1)[0]
    return document_from_upload(
        data, filename, UploadDetails(), isolated=True, doc_id=doc_id
    ).document


def test_a_wiki_page_a_blog_post_and_a_newsletter_are_recognised_as_such() -> None:
    assert upload(WIKI, "lighthouse.html").meta.form is Form.ENCYCLOPEDIA
    assert upload(BLOG, "homework.html").meta.form is Form.BLOG
    assert upload(NEWSLETTER.encode(), "low-tide.md").meta.form is Form.NEWSLETTER


def test_a_news_page_with_comments_or_a_sign_up_box_is_no_blog_or_newsletter() -> None:
    assert upload(NEWS, "harbour-wall.html").meta.form is None
    assert upload(PASTED_NEWS.encode(), "ferry.txt").meta.form is None


def test_a_form_s_name_picks_out_its_document_among_other_articles() -> None:
    engine = AnswerEngine(
        [
            upload(WIKI, "lighthouse.html"),
            upload(BLOG, "homework.html"),
            upload(NEWS, "harbour-wall.html"),
            upload(NEWSLETTER.encode(), "low-tide.md"),
        ]
    )
    newsletter = engine.answer("What is the newsletter called and who wrote it?")
    assert newsletter.note is not None
    assert newsletter.note.startswith("Title: The Low Tide Letter; By: Mara Quill")
    blog = engine.answer("who wrote this blog post?")
    assert blog.facts is not None and blog.facts.author == "Ines Carver"
    wiki = engine.answer("What does the wiki page say about when the tower was built?")
    assert wiki.quotes and wiki.quotes[0].passage_id.startswith("lighthouse:")
    # The article kind's own name still names every article.
    listed = engine.answer("who wrote the article?")
    assert listed.abstained and listed.note is not None and "4 documents" in listed.note


def test_a_form_no_document_has_names_the_documents_of_its_kind() -> None:
    engine = AnswerEngine([upload(NEWS, "harbour-wall.html"), upload(WIKI, "lighthouse.html")])
    # No blog post: "the blog post about the harbour wall" is the article on it.
    answer = engine.answer("who wrote the blog post about the harbour wall?")
    assert answer.facts is not None and answer.facts.author == "Tom Pell"


PAPER = """Ferry Fares and Island Schooling

Abstract. Do cheaper ferry fares keep island pupils in school after sixteen? We compare three
islands before and after a fare cut in 2019 and find staying-on rates rose by six points.

1. Introduction

Island pupils who stay on after sixteen must cross to the mainland each day.
"""

LIVE = """Harbour council election results - live

Polls closed at ten, and the count at the leisure centre is expected to finish after two.

The first ward to declare is North Quay, where turnout was 31 per cent.
"""


def test_a_paper_and_a_live_blog_are_recognised_and_named() -> None:
    paper = upload(PAPER.encode(), "ferry-fares.txt")
    live = upload(LIVE.encode(), "count.txt")
    assert (paper.meta.form, live.meta.form) == (Form.PAPER, Form.LIVE_BLOG)
    engine = AnswerEngine([paper, live, upload(NEWS, "harbour-wall.html")])
    assert engine.answer("what is the title of the paper?").note == (
        "Title: Ferry Fares and Island Schooling (from the document's details: “Ferry Fares "
        "and Island Schooling”)"
    )
    dated = engine.answer("what is this live blog called?")
    assert dated.facts is not None and dated.facts.doc_id == "count"


def test_the_paper_with_no_paper_in_the_scope_is_no_name_of_a_report() -> None:
    report = upload(
        b"This report sets out how ferry fares have risen since 2019 on every island route.\n\n"
        b"Fares rose fastest on the northern routes, by a third in five years.\n",
        "ferry-fares-review.txt",
    )
    column = upload(
        b"The Harbour Courier closed in March after ninety years.\n\n"
        b"Its last editor, Ruth Penrose, said the paper had kept the council honest for a "
        b"century.\n",
        "courier.txt",
    )
    assert report.meta.kind.value == "report"
    answer = AnswerEngine([report, column]).answer("What did the last editor say about the paper?")
    assert answer.quotes and answer.quotes[0].passage_id.startswith("courier:")
