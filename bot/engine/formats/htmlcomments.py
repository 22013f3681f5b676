"""Readers' comments under a blog post or a newsletter's post: each its commenter's words.

A blog post or a newsletter's post saved as a page (WordPress, Substack, Ghost, Blogger, Disqus)
ends in its readers' comments, each a name, a time and a few paragraphs, replies nested under
the comment they answer; the post's writer and the people it is about often answer there.
trafilatura drops them all (`include_comments=False` is right for the article: comments are no
words of its author). `page_comments` reads them from the page's tree before trafilatura does
(and takes them out of it, so no copy reaches the article): each comment's words are
paragraphs credited to the commenter as the page writes the name (`Paragraph.speaker`, marked
`quoted`: someone's words among the document's, not a transcript's turn), under a heading of
the comment's time. A comment is found by its markup, as a forum's post is (`forum`, whose
readers of a post's name and time it shares): an element of class "comment" (or "comment-item",
"single-comment"), an id "comment-<n>", or schema.org's `Comment` microdata, with a commenter
and words found in it.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.forum import own_elements, post_time, poster
from bot.engine.formats.htmltext import blocks_to_paragraphs

# The heading of a comment's paragraphs, before its time ("Comment, 14 March 2025, 09:20").
COMMENT_SECTION = "Comment"
# Class tokens of a comment's container (WordPress's `<li class="comment">`, Substack's
# `<div class="comment">`), and its id (WordPress's and Substack's "comment-88410231").
_COMMENT_CLASSES = frozenset({"comment", "comment-item", "single-comment", "comment-thread-item"})
_COMMENT_ID = re.compile(r"^comment-\d+$")
_COMMENT_TYPE = re.compile(r"schema\.org/Comment\b")
_LINKS = frozenset({"a", "button"})
# Where a commenter's name is, in order: WordPress's `<cite class="fn">` (its "comment-author"
# adds "says:"), Substack's `commentAuthor`, Disqus's `author`, then a forum's classes.
_COMMENTER_CLASSES = (
    "fn",
    "commentAuthor",
    "comment-author-name",
    "comment-author",
    "commenter",
    "comment-name",
    "author-name",
    "username",
    "user-name",
    "author",
    "name",
)
# Where a comment's words are, in order (WordPress's "comment-content" inside its
# "comment-body"; Substack's "comment-body" inside its "comment-content"): the first that does
# not hold the commenter's name is taken.
_BODY_CLASSES = (
    "comment-body",
    "comment-content",
    "comment-text",
    "commentBody",
    "comment__body",
    "comment-message",
    "post-message",
)
_BODY_PROPS = frozenset({"text", "articleBody", "comment"})
# A commenter's name is a short line; a WordPress's "Name says:" is written without "says:".
_SAYS = re.compile(r"\s+(?:says|said|wrote|writes)\s*:?\s*$", re.IGNORECASE)


def is_comment(element: Any) -> bool:
    """Whether an lxml element is a reader's comment's container (see the module's docstring)."""
    if not isinstance(element.tag, str) or element.tag in _LINKS:
        return False
    if _COMMENT_TYPE.search(element.get("itemtype") or ""):
        return True
    if set((element.get("class") or "").split()) & _COMMENT_CLASSES:
        return True
    return bool(_COMMENT_ID.match(element.get("id") or ""))


def page_comments(tree: Any) -> list[Paragraph]:
    """The readers' comments of a page (an lxml tree, read before trafilatura), in the page's
    order, a reply after the comment it answers: each comment's paragraphs credited to its
    commenter (`speaker`, `quoted`), under `COMMENT_SECTION` and its time. The comments are
    taken out of `tree` (changed in place). Empty, the tree unchanged, when the page has no
    comment whose commenter and words are found."""
    paragraphs: list[Paragraph] = []
    found = [element for element in tree.iter() if is_comment(element)]
    read: list[Any] = []
    for comment in found:
        commenter = poster(comment, is_comment, _COMMENTER_CLASSES)
        body = _body(comment)
        if commenter is None or body is None:
            continue
        commenter = _SAYS.sub("", commenter)
        stamp, _ = post_time(comment, body, is_comment)
        section = f"{COMMENT_SECTION}, {stamp}" if stamp else COMMENT_SECTION
        said = blocks_to_paragraphs(_unclassed(body), None, None)
        paragraphs += [
            Paragraph(p.text, section=section, speaker=commenter, quoted=True) for p in said
        ]
        read.append(comment)
    for comment in read:
        if comment.getparent() is not None and not any(a in read for a in comment.iterancestors()):
            comment.drop_tree()
    return paragraphs


def _body(comment: Any) -> Any | None:
    """The element holding a comment's own words: the first of its own elements (not a reply
    nested in it) of a comment body's class or microdata, in `_BODY_CLASSES`' order, that holds
    no commenter's name; None when none does."""
    elements = list(own_elements(comment, is_comment))
    for name in _BODY_CLASSES:
        for element in elements:
            if name in (element.get("class") or "").split() and not _names_commenter(element):
                return element
    for element in elements:
        if element.get("itemprop") in _BODY_PROPS and not _names_commenter(element):
            return element
    return None


def _unclassed(body: Any) -> Any:
    """A copy of a comment's words without their classes, which name comments ("comment-body")
    as the page furniture `htmltext` leaves out does."""
    unclassed = copy.deepcopy(body)
    for element in unclassed.iter():
        if isinstance(element.tag, str):
            element.attrib.pop("class", None)
    return unclassed


def _names_commenter(element: Any) -> bool:
    """Whether an element holds a commenter's name (an element of a commenter's class or
    microdata `author`), as a comment's whole card does and its words do not."""
    return any(
        e.get("itemprop") == "author"
        or set((e.get("class") or "").split()) & set(_COMMENTER_CLASSES[:5])
        for e in element.iter()
        if isinstance(e.tag, str)
    )
