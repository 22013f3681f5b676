"""A live blog's page: every writer its byline names, the outlet's name, its last update."""

from __future__ import annotations

import datetime as dt

from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import DocumentMeta

_ENTRIES = (
    (
        "2026-03-05T00:20:00Z",
        "00:20",
        "Leader keeps her seat",
        "The council leader, Mair Ostrowska, held Eastgate by 212 votes.",
    ),
    (
        "2026-03-04T23:05:00Z",
        "23:05",
        "First results in",
        "Labour gained Riverside ward from the independents, the first result of the night.",
    ),
    (
        "2026-03-04T22:00:00Z",
        "22:00",
        "Polls close",
        "Counting begins at the leisure centre. I'm Tobias Renfrew, with you until midnight.",
    ),
)

LIVE_BLOG = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Wexbridge council election count – live | The Wexbridge Echo</title>
<meta property="article:published_time" content="2026-03-04T22:00:00Z">
<meta property="article:modified_time" content="2026-03-05T00:31:00Z">
<meta name="author" content="Ffion Ashdown">
<link rel="canonical" href="https://www.wexbridgeecho.example/news/live/2026/mar/04/count">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"LiveBlogPosting",
"headline":"Wexbridge council election count – live","author":{{"@type":"Person",
"name":"Ffion Ashdown"}}}}</script>
</head><body>
<header class="masthead"><a class="site-logo" href="/">The Wexbridge Echo</a></header>
<main><article class="liveblog">
<h1>Wexbridge council election count – live</h1>
<p class="byline">By <a href="/profile/ffion-ashdown" rel="author">Ffion Ashdown</a> (now) and
<a href="/profile/tobias-renfrew">Tobias Renfrew</a> (earlier)</p>
{
    "".join(
        f'<div class="entry"><p class="entry-time"><time datetime="{when}">{clock}</time></p>'
        f"<h3>{heading}</h3><p>{text}</p></div>"
        for when, clock, heading, text in _ENTRIES
    )
}
</article></main></body></html>
"""


def _meta(page: str) -> DocumentMeta:
    return document_from_upload(
        page.encode(), "count.html", UploadDetails(), doc_id="count", isolated=True
    ).document.meta


def test_a_live_blogs_second_writer_is_an_author_too() -> None:
    assert _meta(LIVE_BLOG).author == "Ffion Ashdown and Tobias Renfrew"


def test_the_outlet_is_named_not_its_web_domain() -> None:
    assert _meta(LIVE_BLOG).publisher == "The Wexbridge Echo"
    # With no <title> naming it, the masthead's logo does.
    untitled = LIVE_BLOG.replace(" | The Wexbridge Echo</title>", "</title>")
    assert _meta(untitled).publisher == "The Wexbridge Echo"


def test_a_live_blog_is_dated_by_its_last_update() -> None:
    assert _meta(LIVE_BLOG).date == dt.date(2026, 3, 5)
    # Without a modified time, its latest entry's day.
    bare = LIVE_BLOG.replace('content="2026-03-05T00:31:00Z"', 'content=""')
    assert _meta(bare).date == dt.date(2026, 3, 5)
