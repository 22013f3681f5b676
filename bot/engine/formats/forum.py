"""A forum thread saved as HTML: each post its poster's turn, dated; a quoted earlier post credited.

A discussion thread (phpBB, vBulletin, XenForo, Discourse, a saved Reddit page, or any forum
that marks its posts up with schema.org's `DiscussionForumPosting` / `Comment` microdata) is a
run of posts by different people. trafilatura reads it as one article by whoever opened it, with
each post's profile fields ("Posts: 412", "Joined: ..."), signature and vote count among the
text. `forum_thread` reads the page's tree before trafilatura does: each post's body (only the
element holding what its poster wrote) becomes paragraphs credited to the poster's username as
written, under a heading of the post's date and time; a quotation of another post inside a
reply ("quietradical wrote:", XenForo's `data-quote`, Discourse's `data-username`) is left out
when the thread already holds it, else kept as the quoted writer's words (`Paragraph.quoted`).
The thread's title is the topic's, not the site's; its author the opening poster.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bot.engine.formats.extracted import Paragraph, parse_date
from bot.engine.formats.head import date_in
from bot.engine.formats.htmltext import blocks_to_paragraphs, comparable, element_text
from bot.engine.models import Person

# A page with fewer posts, or fewer posters, is no thread (a blog post's page marked up as one
# posting, a single question with no answer).
MIN_POSTS = 2
MIN_POSTERS = 2
# A username is a short line; a longer "author" element is a byline or a profile box.
_USERNAME_CHARS = 60
# The schema.org types of a thread's posts (microdata `itemtype`). A `Comment` alone, as a
# blog's comments are marked up, makes no thread: the opening post must be one of `_OPENING`.
_POSTING = re.compile(
    r"schema\.org/(?:DiscussionForumPosting|Comment|Answer|Question|SocialMediaPosting)\b"
)
_OPENING = re.compile(r"schema\.org/(?:DiscussionForumPosting|Question|SocialMediaPosting)\b")
# Class tokens of a post's container: phpBB's `post`, vBulletin's `postbit`/`postcontainer`,
# Discourse's `topic-post`, old Reddit's `thing` (with its `data-author`), XenForo's
# `message` (with its `data-author`).
_POST_CLASSES = frozenset({"post", "postbit", "postbitlegacy", "postcontainer", "topic-post"})
_AUTHORED_CLASSES = frozenset({"thing", "message", "message--post", "comment"})
_POST_TAGS = frozenset({"shreddit-post", "shreddit-comment"})
# Where a post's own words are, in order of preference: microdata's `text`/`articleBody`,
# vBulletin's `post_message_<n>` and `postcontent`, Discourse's `cooked`, XenForo's
# `bbWrapper`, Reddit's `md`, phpBB's `content` (last: vBulletin wraps its post in one too), a
# new Reddit page's text slots.
_BODY_PROPS = ("text", "articleBody")
_BODY_CLASSES = ("postcontent", "cooked", "bbWrapper", "md", "post-content", "content")
_BODY_SLOTS = ("text-body", "comment")
_BODY_CONVENTIONS: tuple[tuple[str, str], ...] = (
    *(("itemprop", name) for name in _BODY_PROPS),
    ("id", "post_message_"),
    *(("class", name) for name in _BODY_CLASSES),
    *(("slot", name) for name in _BODY_SLOTS),
)
_BODY_RANKS = len(_BODY_CONVENTIONS)
# Where the poster's name is: the container's own attribute, microdata's `author`, a class.
_AUTHOR_ATTRIBUTES = ("data-author", "author")
_AUTHOR_CLASSES = (
    "username",
    "username-coloured",
    "bigusername",
    "post-author",
    "author-name",
    "user-name",
    "poster",
    "creator",
    "author",
)
# Where the post's time is: microdata, a `<time datetime>`, a timestamp attribute, a class.
_DATE_PROPS = ("datePublished", "dateCreated")
_DATE_ATTRIBUTES = ("created-timestamp", "data-time", "ts")
_DATE_CLASSES = ("postdate", "post-date", "post-time", "date")
# A quotation of another post inside a post: a block quote (phpBB, Reddit, vBulletin 3),
# Discourse's `<aside class="quote">`, vBulletin 4's `bbcode_container`.
_QUOTE_CLASSES = frozenset({"quote", "bbcode_container", "bbcode_quote"})
_QUOTE_WRITER_ATTRIBUTES = ("data-author", "data-quote", "data-username")
_QUOTE_CAPTION_CLASSES = ("title", "bbcode_postedby", "bbCodeBlock-title", "quote-title")
# A quotation's caption: "Originally Posted by Jo", "Quote from Jo:", "quietradical wrote:",
# "Jo said:", Discourse's "jo:".
_WROTE = re.compile(
    r"^(?:originally posted by|quote from|quote)\s*:?\s+(?P<by>[^\s:][^:\n]{0,59}?)\s*:?\s*$"
    r"|^(?P<name>[^\s:][^:\n]{0,59}?)\s*(?:wrote|said|posted|says|writes)\b"
    r"|^(?P<bare>[^\s:]{1,40}):$",
    re.IGNORECASE,
)
# A quotation's own furniture beside its caption: XenForo's "Click to expand...".
_QUOTE_FURNITURE_CLASSES = frozenset({"bbCodeBlock-expandLink", "quoteExpand"})
# What joins the words of a username ("Marta_Lindqvist", "jo.bell").
_JOINERS = re.compile(r"[_.]+")
# The topic's title: phpBB's `topic-title`, Discourse's `fancy-title`, XenForo's
# `p-title-value`, vBulletin's `threadtitle`.
_TITLE_CLASSES = ("topic-title", "fancy-title", "p-title-value", "threadtitle", "thread-title")
# The site's name after (or before) the topic in a `<title>`: "Topic - The Commons Board".
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—·»:]\s+")


@dataclass(frozen=True, slots=True)
class Thread:
    """A forum thread read from a page: `title` the topic's (None when the page names none),
    `opener` the opening poster's username as written, `date` the opening post's day (None
    when undated), `paragraphs` each post's paragraphs in order, each its poster's turn
    (`Paragraph.speaker`) under its date (`Paragraph.section`)."""

    title: str | None
    opener: str
    date: dt.date | None
    paragraphs: tuple[Paragraph, ...]

    def people(self) -> tuple[Person, ...]:
        """The posters whose usernames join words ("Marta_Lindqvist", "jo.bell"), each with
        the name a question writes them by ("Marta Lindqvist")."""
        posters = dict.fromkeys(p.speaker for p in self.paragraphs if p.speaker)
        return tuple(
            Person(name=poster, aliases=(spaced,))
            for poster in posters
            if (spaced := " ".join(_JOINERS.split(poster)).strip()) != poster and spaced
        )


@dataclass(frozen=True, slots=True)
class _Post:
    author: str
    stamp: str | None
    day: dt.date | None
    body: Any


def forum_thread(tree: Any) -> Thread | None:
    """The thread a page holds (an lxml tree, read before trafilatura prunes it; unchanged), or
    None when it is no forum thread: fewer than `MIN_POSTS` posts whose poster and words are
    found, fewer than `MIN_POSTERS` posters, or only comments (a blog's) and no opening post."""
    posts = list(_posts(tree))
    if len(posts) < MIN_POSTS or len({post.author for post in posts}) < MIN_POSTERS:
        return None
    paragraphs: list[Paragraph] = []
    earlier: dict[str, str] = {}  # each poster's words so far, everyone's under ""
    for post in posts:
        body = copy.deepcopy(post.body)
        quoted = [_quotation(quote) for quote in _quotations(body)]
        own = blocks_to_paragraphs(body, None, None)
        for writer, text in quoted:
            if text and not _held(writer, text, earlier):
                paragraphs.append(
                    Paragraph(
                        text, section=post.stamp, speaker=writer or post.author, quoted=bool(writer)
                    )
                )
        paragraphs.extend(Paragraph(p.text, section=post.stamp, speaker=post.author) for p in own)
        said = comparable(" ".join(p.text for p in own)) + "\n"
        earlier[post.author] = earlier.get(post.author, "") + said
        earlier[""] = earlier.get("", "") + said
    if not any(p.speaker == posts[0].author and not p.quoted for p in paragraphs):
        return None
    return Thread(
        title=_topic_title(tree),
        opener=posts[0].author,
        date=posts[0].day,
        paragraphs=tuple(paragraphs),
    )


def _posts(tree: Any) -> Iterator[_Post]:
    """The page's posts in document order, each with its poster and its words found; a page
    whose posts are only microdata `Comment`s (a blog's readers') gives none."""
    containers = [element for element in tree.iter() if _is_post(element)]
    if (
        containers
        and all(_POSTING.search(element.get("itemtype") or "") for element in containers)
        and not any(_OPENING.search(element.get("itemtype") or "") for element in containers)
    ):
        return
    for container in containers:
        body = _first_own(container, _is_body)
        author = poster(container)
        if body is None or author is None:
            continue
        stamp, day = post_time(container, body)
        yield _Post(author=author, stamp=stamp, day=day, body=body)


def _is_post(element: Any) -> bool:
    """Whether an element is a post's container by any forum's markup (see `_POST_CLASSES`)."""
    if not isinstance(element.tag, str):
        return False
    if element.tag in _POST_TAGS or _POSTING.search(element.get("itemtype") or ""):
        return True
    if element.get("itemprop") in _BODY_PROPS:
        return False  # Discourse's `<div class="post" itemprop="text">`: a post's words
    classes = set((element.get("class") or "").split())
    if classes & _POST_CLASSES:
        return True
    return bool(classes & _AUTHORED_CLASSES) and bool(element.get("data-author"))


def own_elements(container: Any, nested: Callable[[Any], bool] | None = None) -> Iterator[Any]:
    """The elements under a post's container that are its own, in document order, not a post
    nested in it (`nested`, by default any forum's post: a reply under a Reddit comment, a
    Discourse topic's comments under its opening posting). Walked without recursion: a page
    nested deeply is no error."""
    is_nested = nested or _is_post
    stack = [child for child in reversed(container) if isinstance(child.tag, str)]
    while stack:
        element = stack.pop()
        if is_nested(element):
            continue
        yield element
        stack.extend(child for child in reversed(element) if isinstance(child.tag, str))


def _first_own(container: Any, wanted: Any) -> Any:
    """The first own element of a post (`own_elements`) that `wanted` accepts, trying each of its
    ranked conventions in turn (`wanted(element, rank)`); None when none does."""
    elements = list(own_elements(container))
    for rank in range(_BODY_RANKS):
        for element in elements:
            if wanted(element, rank):
                return element
    return None


def _is_body(element: Any, rank: int) -> bool:
    """Whether an element holds a post's words by the convention ranked `rank`."""
    if rank >= _BODY_RANKS:
        return False
    attribute, name = _BODY_CONVENTIONS[rank]
    value = element.get(attribute) or ""
    if attribute == "id":
        return bool(value.startswith(name))
    if attribute == "class":
        return name in value.split()
    return bool(value == name)


def poster(
    container: Any,
    nested: Callable[[Any], bool] | None = None,
    classes: Sequence[str] = _AUTHOR_CLASSES,
) -> str | None:
    """A post's poster, as the forum writes the username: the container's `data-author`, its
    microdata `author` (the `name` under it), or the first element of a username's class (one
    of `classes`, in order), among the container's own elements (`own_elements` with
    `nested`); None when none gives one."""
    for attribute in _AUTHOR_ATTRIBUTES:
        if name := _username(container.get(attribute)):
            return name
    for element in own_elements(container, nested):
        if element.get("itemprop") == "author":
            named = [e for e in element.iter() if e.get("itemprop") == "name"]
            source = named[0] if named else element
            if name := _username(source.get("content") or element_text(source)):
                return name
    for token in classes:
        for element in own_elements(container, nested):
            if token in (element.get("class") or "").split():
                strong = element.find(".//strong")
                source = strong if strong is not None and token == "author" else element
                if name := _username(element_text(source)):
                    return name
    return None


def _username(value: str | None) -> str | None:
    """A username cleaned ("by quietradical" -> "quietradical"); None when empty or too long
    to be one."""
    name = " ".join((value or "").split())
    name = re.sub(r"^(?:by|posted by)\s+", "", name, flags=re.IGNORECASE).strip(" »·-–|")
    return name if 0 < len(name) <= _USERNAME_CHARS else None


def post_time(
    container: Any, body: Any, nested: Callable[[Any], bool] | None = None
) -> tuple[str | None, dt.date | None]:
    """When a post was made, as a heading ("11 April 2026, 19:22", from a machine-readable
    time; else the forum's own words) and its day; (None, None) when the post is undated. Read
    outside its words (`body`) and any post `nested` in it first: a quoted post's time inside
    them is not its own."""
    inside = set(body.iter())  # the elements themselves: an id() of lxml's proxy is reused
    elements = [e for e in own_elements(container, nested) if e not in inside]
    for element in elements:
        value = None
        if element.get("itemprop") in _DATE_PROPS:
            value = element.get("content") or element.get("datetime")
        elif element.tag == "time":
            value = element.get("datetime")
        if value is None:
            value = next((element.get(a) for a in _DATE_ATTRIBUTES if element.get(a)), None)
        if value and (stamped := _stamp(value)) is not None:
            return stamped
    for attribute in _DATE_ATTRIBUTES:
        if (value := container.get(attribute)) and (stamped := _stamp(value)) is not None:
            return stamped
    for token in _DATE_CLASSES:
        for element in elements:
            if token in (element.get("class") or "").split():
                text = " ".join(element_text(element).split())
                if text and len(text) <= _USERNAME_CHARS:
                    return text, date_in(text)
    # Older phpBB writes the time only in its author line: "by jo » Sat Apr 11, 2026 7:22 pm".
    for element in elements:
        if "author" in (element.get("class") or "").split():
            text = " ".join(element_text(element).split()).rpartition("»")[2].strip()
            if text and len(text) <= _USERNAME_CHARS and (day := date_in(text)) is not None:
                return text, day
    return None, None


def _stamp(value: str) -> tuple[str, dt.date | None] | None:
    """A machine-readable time ("2026-04-11T19:22:00+00:00") as a heading and its day."""
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        day = parse_date(value)
        return (f"{day.day} {day:%B %Y}", day) if day is not None else None
    label = f"{moment.day} {moment:%B %Y}, {moment:%H:%M}"
    return label, moment.date()


def _quotations(body: Any) -> list[Any]:
    """The quotations of other posts inside a post's words (outermost only), taken out of
    `body` (a copy: changed in place), the text after each kept."""
    found: list[Any] = []
    for element in body.iterdescendants():
        if not isinstance(element.tag, str) or any(
            ancestor in found for ancestor in element.iterancestors()
        ):
            continue
        classes = set((element.get("class") or "").split())
        if any(_is_body(element, rank) for rank in range(_BODY_RANKS)):
            continue  # vBulletin's `<blockquote class="postcontent">`: the post's own words
        if element.tag == "blockquote" or (
            element.tag in ("aside", "div") and classes & _QUOTE_CLASSES
        ):
            found.append(element)
    for element in found:
        element.drop_tree()  # lxml.html's: the text after it kept
    return found


def _quotation(quote: Any) -> tuple[str | None, str]:
    """Who a quotation is of (None when it does not say) and its words, its caption ("Jo
    wrote:") left out."""
    writer = next(
        (name for a in _QUOTE_WRITER_ATTRIBUTES if (name := _username(quote.get(a)))), None
    )
    captions = [
        e
        for e in quote.iterdescendants()
        if e.tag == "cite" or set((e.get("class") or "").split()) & set(_QUOTE_CAPTION_CLASSES)
    ]
    for caption in captions[:1]:
        said = _WROTE.match(" ".join(element_text(caption).split()))
        if said is not None and writer is None:
            writer = _username(said.group("by") or said.group("name") or said.group("bare"))
    furniture = [
        e
        for e in quote.iterdescendants()
        if set((e.get("class") or "").split()) & _QUOTE_FURNITURE_CLASSES
    ]
    for element in captions[:1] + furniture:
        if element.getparent() is not None:
            element.drop_tree()
    return writer, " ".join(element_text(quote).split())


def _held(writer: str | None, text: str, earlier: dict[str, str]) -> bool:
    """Whether the thread already holds a quotation's words: in an earlier post (its
    writer's, when the quotation says whose). `earlier` is each poster's words so far, and
    every poster's under "" (comparable, each post on a line of its own)."""
    words = comparable(text)
    return bool(words) and words in earlier.get(writer if writer is not None else "", "")


def _topic_title(tree: Any) -> str | None:
    """The thread's title: the topic's heading by its class, its microdata `headline`, a
    Reddit post's title, else the `<title>`'s longest part (the site's name is the other)."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        classes = set((element.get("class") or "").split())
        if classes & set(_TITLE_CLASSES) or element.get("itemprop") == "headline":
            title = " ".join((element.get("content") or element_text(element)).split())
            if title:
                return title
        if element.tag == "shreddit-post" and element.get("post-title"):
            return " ".join(element.get("post-title").split())
    for element in tree.iter("title"):
        parts = _TITLE_SEPARATOR.split(" ".join(element_text(element).split()))
        longest = max(parts, key=len) if parts else ""
        if longest:
            return longest
    return None
