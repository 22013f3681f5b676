"""Forum threads saved as HTML (phpBB, Discourse's microdata, XenForo, old Reddit): each post
its poster's, dated, a quoted post credited or left out; and magazine Q&A interviews whose
standfirst alone names the interviewee."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.interview import interview_pair
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Form, Voice


def uploaded(page: str, filename: str) -> Document:
    # Read in this process (`isolated`): the worker's time limit is for users' files, not for
    # a test run on a loaded machine.
    return document_from_upload(page.encode(), filename, UploadDetails(), isolated=True).document


def _phpbb_post(number: int, user: str, when: str, shown: str, body: str, extra: str) -> str:
    return f"""
<div id="p{number}" class="post has-profile bg2"><div class="inner">
<dl class="postprofile"><dt><a href="./memberlist.php?u={number}" class="username">{user}</a></dt>
<dd class="profile-rank">Member</dd><dd><strong>Posts:</strong> 2{number}</dd>
<dd><strong>Joined:</strong> Tue Jan 05, 2021</dd></dl>
<div class="postbody">
<p class="author">by <strong>{user}</strong> &raquo; <time datetime="{when}">{shown}</time></p>
<div class="content">{body}</div>
<div class="post-votes"><span class="vote-count">+{number}</span></div>
<div class="signature">{extra}</div>
</div></div></div>"""


PHPBB = f"""<!DOCTYPE html><html lang="en-gb"><head><meta charset="utf-8">
<title>Should our town close the school street to cars? - Wheelhouse Forum</title></head>
<body id="phpbb" class="section-viewtopic">
<div id="page-header"><h1>Wheelhouse Forum</h1><p>Two wheels, one argument.</p>
<ul class="nav-main"><li><a href="/faq.php">FAQ</a></li>
<li><a href="/ucp.php">Login</a></li></ul></div>
<div id="page-body">
<h2 class="topic-title"><a href="./viewtopic.php?t=12">Should our town close the school street to
cars?</a></h2>
<div class="pagination">4 posts &bull; Page 1 of 1</div>
{
    _phpbb_post(
        1,
        "harbour_gull",
        "2025-09-02T18:05:00+00:00",
        "Tue Sep 02, 2025 6:05 pm",
        "The council wants to shut Mill Lane to cars at school times. I have to argue "
        "against it on Friday. Is there any evidence the closures just push traffic "
        "onto the next road?",
        "Devil's advocate by appointment.",
    )
}
{
    _phpbb_post(
        2,
        "Tamsin_Reeve",
        "2025-09-02T19:40:00+00:00",
        "Tue Sep 02, 2025 7:40 pm",
        "Some, but less than people fear. In the Carnford scheme the traffic on the "
        "boundary roads rose by about 6 per cent in the first term and then fell back. "
        "Most of the school-run trips simply vanished.",
        "Views my own.",
    )
}
{
    _phpbb_post(
        3,
        "cogwright",
        "2025-09-03T07:12:00+00:00",
        "Wed Sep 03, 2025 7:12 am",
        "<blockquote><cite>Tamsin_Reeve wrote:</cite>Most of the school-run trips simply "
        "vanished.</blockquote>They did not vanish, they moved to 8.20 instead of 8.40. "
        "The opposition case is about the parents who work shifts and now cannot drop "
        "their children at all.",
        "",
    )
}
{
    _phpbb_post(
        4,
        "harbour_gull",
        "2025-09-03T21:30:00+00:00",
        "Wed Sep 03, 2025 9:30 pm",
        "That shift-work point is the one I will lead with. Thank you both.",
        "Devil's advocate by appointment.",
    )
}
</div>
<div class="stat-block online-list"><h3>Who is online</h3>
<p>Users browsing this forum: 3 guests</p></div>
<div class="copyright">Powered by phpBB&reg; Forum Software &copy; phpBB Limited</div>
</body></html>"""


def test_each_post_of_a_phpbb_thread_is_its_posters_under_its_date() -> None:
    document = uploaded(PHPBB, "school-street-thread.html")
    by = {p.text.split(".")[0]: (p.speaker, p.heading) for p in document.passages}
    assert by["Some, but less than people fear"] == ("Tamsin_Reeve", "2 September 2025, 19:40")
    assert by["They did not vanish, they moved to 8"] == ("cogwright", "3 September 2025, 07:12")
    assert by["That shift-work point is the one I will lead with"][0] == "harbour_gull"
    assert all(p.voice is Voice.SPEAKER for p in document.passages)
    # The thread's own title, its opening poster as written, the site its publisher.
    assert document.meta.title == "Should our town close the school street to cars?"
    assert document.meta.author == "harbour_gull"
    assert document.meta.publisher == "Wheelhouse Forum"
    assert document.meta.date == dt.date(2025, 9, 2)
    assert document.meta.form is Form.FORUM


def test_a_threads_profile_fields_signatures_and_votes_are_no_passages() -> None:
    texts = [p.text for p in uploaded(PHPBB, "school-street-thread.html").passages]
    for furniture in (
        "Posts:",
        "Joined:",
        "Member",
        "Devil's advocate",
        "Views my own",
        "+3",
        "Who is online",
        "guests",
        "wrote:",
        "Powered by",
    ):
        assert not any(furniture in text for text in texts), furniture
    # The quoted sentence is already the second post's: not stored again inside the reply.
    assert sum("simply vanished" in text for text in texts) == 1
    assert len(texts) == 4


def test_a_question_about_a_reply_is_answered_in_its_posters_name() -> None:
    engine = AnswerEngine([uploaded(PHPBB, "school-street-thread.html")])
    answer = engine.answer("what happened to traffic on the boundary roads in Carnford?")
    assert answer.quotes[0].attribution.speaker == "Tamsin_Reeve"
    assert "6 per cent" in answer.quotes[0].text
    answer = engine.answer("what did cogwright say about parents who work shifts?")
    assert answer.quotes[0].attribution.speaker == "cogwright"


def test_a_username_joining_words_is_asked_for_as_the_words() -> None:
    engine = AnswerEngine([uploaded(PHPBB, "school-street-thread.html")])
    answer = engine.answer("what did Tamsin Reeve say about the school-run trips?")
    assert not answer.abstained
    assert answer.quotes[0].attribution.speaker == "Tamsin_Reeve"


def test_an_older_phpbb_threads_posts_are_dated_by_their_author_lines() -> None:
    # phpBB 3.0 writes the time only as words after the username, no `<time>` element.
    legacy = re.sub(r'<time datetime="[^"]+">([^<]+)</time>', r"\1", PHPBB)
    document = uploaded(legacy, "school-street-thread.html")
    assert document.meta.date == dt.date(2025, 9, 2)
    reply = next(p for p in document.passages if p.text.startswith("Some, but less"))
    assert (reply.speaker, reply.heading) == ("Tamsin_Reeve", "Tue Sep 02, 2025 7:40 pm")


DISCOURSE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Is a four-day week fair on shift workers? - Civic Commons</title></head><body>
<header><a class="logo" href="/">Civic Commons</a></header>
<div id="main-outlet">
<div itemscope itemtype="http://schema.org/DiscussionForumPosting">
<meta itemprop="headline" content="Is a four-day week fair on shift workers?">
<h1><a href="/t/four-day-week/88">Is a four-day week fair on shift workers?</a></h1>
<div class="topic-body crawler-post">
 <div class="crawler-post-meta"><span class="creator" itemprop="author" itemscope
  itemtype="http://schema.org/Person"><a itemprop="url" href="/u/Odile_K"><span
  itemprop="name">Odile_K</span></a></span>
 <time itemprop="datePublished" datetime="2025-11-20T09:15:00Z" class="post-time">Nov 20</time>
 </div>
 <div class="post" itemprop="text"><p>Office staff get a day off. Nurses and bus drivers
 get nothing, because a ward cannot close on Fridays. Is that fair?</p></div>
 <div class="crawler-post-infos"><span itemprop="interactionStatistic">12 Likes</span></div>
</div>
<div id="post_2" itemprop="comment" itemscope itemtype="http://schema.org/Comment"
 class="topic-body crawler-post">
 <div class="crawler-post-meta"><span class="creator" itemprop="author" itemscope
  itemtype="http://schema.org/Person"><span itemprop="name">pvanterpool</span></span>
 <time itemprop="datePublished" datetime="2025-11-20T11:02:00Z" class="post-time">Nov 20</time>
 </div>
 <div class="post" itemprop="text">
 <aside class="quote" data-username="Odile_K" data-post="1"><div class="title">Odile_K:</div>
 <blockquote><p>a ward cannot close on Fridays</p></blockquote></aside>
 <p>The Lisbrook trial gave ward staff a rota of four longer shifts instead, and sickness
 absence on those wards fell by a fifth.</p></div>
</div>
<div id="post_3" itemprop="comment" itemscope itemtype="http://schema.org/Comment"
 class="topic-body crawler-post">
 <div class="crawler-post-meta"><span class="creator" itemprop="author" itemscope
  itemtype="http://schema.org/Person"><span itemprop="name">marguerite.f</span></span>
 <time itemprop="datePublished" datetime="2025-11-21T08:30:00Z" class="post-time">Nov 21</time>
 </div>
 <div class="post" itemprop="text">
 <aside class="quote" data-username="HelenaDrax"><div class="title">HelenaDrax:</div>
 <blockquote><p>Longer shifts mean more mistakes after the tenth hour.</p></blockquote></aside>
 <p>That was said in the earlier thread, and nobody has answered it yet.</p></div>
</div>
</div></div></body></html>"""


def test_a_discourse_threads_posts_are_read_from_its_microdata() -> None:
    document = uploaded(DISCOURSE, "four-day-week-thread.html")
    assert document.meta.title == "Is a four-day week fair on shift workers?"
    assert document.meta.author == "Odile_K"
    speakers = [(p.speaker, p.text[:24]) for p in document.passages]
    assert speakers == [
        ("Odile_K", "Office staff get a day o"),
        ("pvanterpool", "The Lisbrook trial gave "),
        # A quotation of a post the thread does not hold stays, its writer's words.
        ("HelenaDrax", "Longer shifts mean more "),
        ("marguerite.f", "That was said in the ear"),
    ]
    engine = AnswerEngine([document])
    answer = engine.answer("what happened to sickness absence in the Lisbrook trial?")
    assert answer.quotes[0].attribution.speaker == "pvanterpool"


XENFORO = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Rent controls: do they cut supply? | Debate Hall</title></head><body>
<div class="p-title"><h1 class="p-title-value">Rent controls: do they cut supply?</h1></div>
<article class="message message--post" data-author="Quill and Gavel">
 <div class="message-userDetails"><h4 class="message-name">Quill and Gavel</h4>
 <dl class="pairs"><dt>Messages</dt><dd>1,204</dd></dl></div>
 <div class="message-attribution">
 <time class="u-dt" datetime="2024-02-10T14:00:00+0000">Feb 10, 2024</time></div>
 <article class="message-body"><div class="bbWrapper">Every economist I have read says a hard
 cap shrinks the number of homes to let within a decade.</div></article>
 <aside class="message-signature">Prop, always prop.</aside>
</article>
<article class="message message--post" data-author="renter_rob">
 <div class="message-attribution">
 <time class="u-dt" datetime="2024-02-10T16:45:00+0000">Feb 10, 2024</time></div>
 <article class="message-body"><div class="bbWrapper">
 <blockquote class="bbCodeBlock bbCodeBlock--quote" data-quote="Quill and Gavel">
 <div class="bbCodeBlock-title">Quill and Gavel said:</div>
 <div class="bbCodeBlock-content">a hard cap shrinks the number of homes to let</div>
 <div class="bbCodeBlock-expandLink">Click to expand...</div></blockquote>
 A cap on increases within a tenancy is not a hard cap. Brenvale capped rises at 3 per cent a
 year and its stock of rented homes kept growing.</div></article>
</article>
</body></html>"""


def test_a_xenforo_reply_is_its_writers_and_its_quote_left_out() -> None:
    document = uploaded(XENFORO, "rent-thread.html")
    assert document.meta.title == "Rent controls: do they cut supply?"
    assert [(p.speaker, p.text[:20]) for p in document.passages] == [
        ("Quill and Gavel", "Every economist I ha"),
        ("renter_rob", "A cap on increases w"),
    ]
    assert document.passages[1].heading == "10 February 2024, 16:45"


OLD_REDDIT = """<html><head><title>Is compulsory voting undemocratic? : debatecircle</title></head>
<body><div class="content" role="main">
<div class="thing link" data-author="fen_lark" data-fullname="t3_ab12">
 <p class="title"><a class="title" href="/r/debatecircle/comments/ab12/">Is compulsory voting
 undemocratic?</a></p>
 <p class="tagline">submitted <time datetime="2025-05-04T10:00:00+00:00">3 days ago</time> by
 <a class="author">fen_lark</a></p>
 <div class="usertext-body"><div class="md"><p>Arguing prop tomorrow. What is the best case that
 forcing people to vote is itself undemocratic?</p></div></div>
</div>
<div class="commentarea">
<div class="thing comment" data-author="Ostrander_J" data-fullname="t1_cc1">
 <div class="entry"><p class="tagline"><a class="author">Ostrander_J</a>
 <span class="score">112 points</span>
 <time datetime="2025-05-04T11:20:00+00:00">3 days ago</time></p>
 <div class="usertext-body"><div class="md"><p>Belmora fines non-voters about 20 dollars and
 turnout has sat above 90 per cent for forty years.</p></div></div>
 <ul class="flat-list buttons"><li>permalink</li><li>reply</li></ul></div>
 <div class="child">
 <div class="thing comment" data-author="wren_at_law" data-fullname="t1_cc2">
  <div class="entry"><p class="tagline"><a class="author">wren_at_law</a>
  <time datetime="2025-05-04T12:05:00+00:00">3 days ago</time></p>
  <div class="usertext-body"><div class="md"><blockquote><p>turnout has sat above 90 per cent
  for forty years</p></blockquote><p>High turnout is not the same as free choice: a spoiled
  ballot is the only protest left.</p></div></div></div>
 </div></div>
</div></div></div></body></html>"""


def test_an_old_reddit_pages_comments_are_their_writers_nested_replies_too() -> None:
    document = uploaded(OLD_REDDIT, "compulsory-voting.html")
    assert document.meta.author == "fen_lark"
    assert document.meta.title == "Is compulsory voting undemocratic?"
    assert [(p.speaker, p.text[:12]) for p in document.passages] == [
        ("fen_lark", "Arguing prop"),
        ("Ostrander_J", "Belmora fine"),
        ("wren_at_law", "High turnout"),
    ]


VBULLETIN = """<html><head><title>Is nuclear power green? - Speakers Hall</title></head><body>
<h1><span class="threadtitle"><a href="#">Is nuclear power green?</a></span></h1>
<ol id="posts">
<li class="postbitlegacy postcontainer" id="post_1">
 <div class="posthead">
 <span class="date">04-11-2026, <span class="time">07:22 PM</span></span></div>
 <div class="userinfo"><a class="username offline" href="#"><strong>Atomic Annie</strong></a>
 <dl class="userinfo_extra"><dt>Join Date</dt><dd>Jan 2020</dd><dt>Posts</dt><dd>1,032</dd></dl>
 </div>
 <div class="postbody"><div class="content"><div id="post_message_1">
 <blockquote class="postcontent restore">A reactor emits less carbon per unit of power than a
 solar farm over its whole life.</blockquote></div></div></div>
 <div class="signature">Fission is the mission</div>
</li>
<li class="postbitlegacy postcontainer" id="post_2">
 <div class="posthead">
 <span class="date">04-12-2026, <span class="time">08:00 AM</span></span></div>
 <div class="userinfo"><a class="username" href="#"><strong>greenwave</strong></a></div>
 <div class="postbody"><div class="content"><div id="post_message_2">
 <blockquote class="postcontent restore"><div class="bbcode_container"><div class="bbcode_quote">
 <div class="bbcode_postedby">Originally Posted by <strong>Atomic Annie</strong></div>
 <div class="message">A reactor emits less carbon per unit of power than a solar farm over its
 whole life.</div></div></div>But its waste stays dangerous for ten thousand years.
 </blockquote></div></div></div>
</li></ol></body></html>"""


def test_a_vbulletin_reply_is_its_writers_not_the_quoted_posters() -> None:
    document = uploaded(VBULLETIN, "nuclear-thread.html")
    assert [(p.speaker, p.text[:16], p.heading) for p in document.passages] == [
        ("Atomic Annie", "A reactor emits ", "04-11-2026, 07:22 PM"),
        ("greenwave", "But its waste st", "04-12-2026, 08:00 AM"),
    ]


INTERVIEW = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>"Rivers have rights too" – Maren Osei on legal personhood | The Long Read Quarterly</title>
<meta name="author" content="Callum Breck">
<meta property="article:published_time" content="2025-06-01T08:00:00Z">
</head><body><article>
<h1>"Rivers have rights too"</h1>
<p class="standfirst">Maren Osei, an environmental lawyer who drafted the Tallow river charter,
has spent a decade in court on behalf of waterways. She tells Callum Breck why a river should be
able to sue.</p>
<div class="byline">By <a rel="author" href="/authors/callum-breck">Callum Breck</a></div>
<div class="article-body">
<p><strong>How did a river end up with legal rights?</strong></p>
<p>I drafted the charter after the third poisoning of the Tallow in five years. We had tried
fines, and I watched the same firms pay them as a cost of business.</p>
<p><strong>What can the river do now that it could not do before?</strong></p>
<p>It can bring a case in its own name. Its guardians sued the tannery upstream last spring and
won an order to stop discharging within ninety days.</p>
<p><strong>Does this not clog up the courts?</strong></p>
<p>I hear that a lot. In four years there have been two cases, and I think that is the point: a
river that can sue is rarely poisoned twice.</p>
</div></article></body></html>"""


def test_an_interviews_answers_are_credited_to_the_person_its_standfirst_names() -> None:
    document = uploaded(INTERVIEW, "rivers-interview.html")
    answers = [p for p in document.passages if "I drafted" in p.text or "own name" in p.text]
    assert {p.speaker for p in answers} == {"Maren Osei"}
    questions = [p for p in document.passages if p.text.endswith("?")]
    assert {p.speaker for p in questions} == {"Callum Breck"}
    engine = AnswerEngine([document])
    answer = engine.answer("what did Maren Osei say about the tannery?")
    assert answer.quotes[0].attribution.speaker == "Maren Osei"
    assert "ninety days" in answer.quotes[0].text


def test_an_interview_page_naming_no_one_in_its_text_is_with_the_person_its_title_names() -> None:
    start, end = INTERVIEW.index('<p class="standfirst">'), INTERVIEW.index('<div class="byline')
    document = uploaded(INTERVIEW[:start] + INTERVIEW[end:], "rivers-interview.html")
    answers = [p for p in document.passages if "I drafted" in p.text or "own name" in p.text]
    assert {p.speaker for p in answers} == {"Maren Osei"}
    questions = [p for p in document.passages if p.text.endswith("?")]
    assert {p.speaker for p in questions} == {"Callum Breck"}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Ada Brennan, who chairs the regional assembly, has led it for six years. She tells "
            "Jo Bell why she is stepping down.",
            ("Jo Bell", "Ada Brennan"),
        ),
        ("Sam Okafor tells Jo Bell why the city must ban cars.", ("Jo Bell", "Sam Okafor")),
        (
            "Jo Bell meets Sam Okafor, the mayor who closed the ring road.",
            ("Jo Bell", "Sam Okafor"),
        ),
        ("In conversation with Ada Brennan, the novelist, on exile.", (None, "Ada Brennan")),
    ],
)
def test_who_asked_and_who_answered_as_a_standfirst_says(
    text: str, pair: tuple[str | None, str | None]
) -> None:
    assert interview_pair([text]) == pair
