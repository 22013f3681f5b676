"""An HTML page's metadata beside trafilatura's: its headline and other titles, the site, its
byline's people, its author's bio box, and the dates that are no publication's.

The headline loses the site's name around it ("Headline | Site"), the page's `<title>` and
sharing titles that say more are kept as other names of the document, a site named only in
the `<title>` beside the headline is the publisher, a byline that is the site's name is no
person, the author's bio is read from the page's own box (before trafilatura prunes the tree)
less its calls to follow on social media, and a wiki's "This page was last edited on ..." line
dates a revision, not the text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.engine.formats.extracted import clean_field
from bot.engine.formats.head import date_in
from bot.engine.formats.htmltext import comparable, element_text, squashed_text

# The longest author's bio taken from the page around the article, and the section the bio is
# kept under, last: what the page says of its author, in the publisher's voice (`voices`).
_BIO_CHARS = 700
# A class token that names an author's bio box ("author-bio", "c-article-writer__bio", "bio").
_BIO_CLASS = re.compile(r"(?:^|[-_])bio(?:$|[-_])", re.IGNORECASE)


# "Follow him on Twitter.", "Like The Root on Facebook.": a bio's calls to follow, not about
# the author.
_FOLLOW = re.compile(
    r"\s*\b(?:Follow|Like)\b[^.!?]{0,60}\bon (?:Twitter|Facebook|Instagram|LinkedIn|X|"
    r"Threads|Bluesky|Mastodon|TikTok|YouTube)\b[^.!?]*[.!?]?"
)


def without_follow(bio: str) -> str:
    """A bio without its calls to follow the author or the site on social media (the bio
    itself when nothing else would be left)."""
    return _FOLLOW.sub("", bio).strip() or bio


def page_bio(tree: Any) -> list[str]:
    """The texts of a page's author boxes (an lxml tree, before trafilatura prunes it), in the
    order they are tried: the schema.org description of the page's author (`itemprop="author"`
    ... `itemprop="description"`), then the elements whose class names a bio ("author-bio",
    "c-article-writer__bio"); each of 20 to `_BIO_CHARS` characters, its white space runs one
    space."""
    found = tree.xpath('//*[@itemprop="author"]//*[@itemprop="description"]') + [
        element
        for element in tree.xpath("//*[@class]")
        if any(_BIO_CLASS.search(token) for token in str(element.get("class")).split())
    ]
    texts = (" ".join(element_text(element).split()) for element in found)
    return [text for text in texts if 20 <= len(text) <= _BIO_CHARS]


def page_titles(tree: Any) -> list[str]:
    """The titles a page gives itself besides its headline (an lxml tree, before trafilatura
    prunes it): its `<title>`, and the `og:title` and `twitter:title` it gives for sharing,
    in that order, as written."""
    found = [tree.findtext(".//title") or ""]
    found += tree.xpath('//meta[@property="og:title" or @name="twitter:title"]/@content')
    return [str(text) for text in found if str(text).strip()]


def other_titles(
    found: list[str], title: str | None, publisher: str | None, hostname: str | None
) -> tuple[str, ...]:
    """Of `found` (`page_titles`), each less the site's name (`title_without_site`), those
    that say more than the headline `title`: not the same words, nor a part of it.
    A page whose `<title>` is
    "Canada's Former Liberal Party Leader Offers Advice to Young Liberals | The New Republic"
    over the headline "I Wish Someone Had Told Me This Before I Became a Politician" is known
    by both."""
    headline = comparable(title or "")
    others: dict[str, str] = {}
    for text in found:
        other = title_without_site(clean_field(text), publisher, hostname)
        compared = comparable(other or "")
        if other and compared and compared not in headline and compared not in others:
            others[compared] = other
    return tuple(others.values())


def names_author(text: str, author: str | None) -> bool:
    """Whether `text` holds the surname of one of the `;`-separated authors."""
    surnames = {name.split()[-1].lower() for name in (author or "").split(";") if name.split()}
    return any(surname in text.lower() for surname in surnames)


_TITLE_SEPARATOR = re.compile(r"\s+[|–—·:»-]\s+")


def title_without_site(
    title: str | None, publisher: str | None, hostname: str | None
) -> str | None:
    """The headline without the site's name before or after it ("Headline | Site")."""
    if not title:
        return None
    names = {squashed_text(name) for name in (publisher, hostname) if name}
    host = squashed_text(hostname or "")
    separators = [match.span() for match in _TITLE_SEPARATOR.finditer(title)]
    start, end = 0, len(title)
    while separators and _is_site(title[separators[-1][1] : end], names, host):
        end = separators.pop()[0]
    while separators and _is_site(title[start : separators[0][0]], names, host):
        start = separators.pop(0)[1]
    return title[start:end].strip() or title


def _is_site(part: str, names: set[str], host: str) -> bool:
    squashed = squashed_text(part)
    return bool(squashed) and (squashed in names or (len(squashed) > 3 and squashed in host))


def byline_author(author: str | None, publisher: str | None) -> str | None:
    """The byline's people; the site's name (or a mangled form starting with it, such as
    "CBS News February") is not a person. A byline that is only the site gives the site."""
    if not author:
        return None
    site = squashed_text(publisher or "")
    people = [
        name.strip()
        for name in author.split(";")
        if name.strip() and not (site and squashed_text(name).startswith(site))
    ]
    if not people:
        return publisher
    return "; ".join(people)


# A tagline after a site's name ("Freepedia, the open encyclopedia"): no part of the name.
_TAGLINE = re.compile(r",\s+(?:the|a|an|your)\s.*$", re.IGNORECASE)
# The longest site's name read from a `<title>`, in words.
_SITE_WORDS = 6


def title_site(page_title: str | None, headline: str | None) -> str | None:
    """The site a page's `<title>` names beside its headline, less its tagline: "Brackenford
    Tramway - Freepedia, the open encyclopedia" over the headline "Brackenford Tramway" gives
    "Freepedia". None when the `<title>` is not the headline and one other part."""
    if not page_title or not headline:
        return None
    wanted = comparable(headline)
    for match in _TITLE_SEPARATOR.finditer(page_title):
        before, after = page_title[: match.start()], page_title[match.end() :]
        site = after if comparable(before) == wanted else None
        if site is None and comparable(after) == wanted:
            site = before
        if site is not None:
            name = _TAGLINE.sub("", site).strip()
            return name if name and len(name.split()) <= _SITE_WORDS else None
    return None


# A wiki's line saying when its page was last changed ("This page was last edited on 17
# February 2024, at 10:42"; MediaWiki's `id="footer-info-lastmod"`): a revision, not the day
# the text appeared. A news page's "This article was last updated on ..." is not read here: its
# story may have no other date.
_REVISED = re.compile(r"\bthis (?:page|entry) was last (?:edited|modified)\b", re.IGNORECASE)
_REVISION_LINES = ("li", "p", "div", "span", "footer")


def revision_dates(tree: Any) -> set[dt.date]:
    """The dates of a page's "This page was last edited on ..." lines (an lxml tree): when a
    wiki's page was last changed, which htmldate reads from the footer as its date."""
    found: set[dt.date] = set()
    for element in tree.iter(*_REVISION_LINES):
        text = " ".join(element_text(element).split())
        if element.get("id") == "footer-info-lastmod" or (
            len(text) <= _REVISION_CHARS and _REVISED.search(text)
        ):
            date = date_in(text)
            if date is not None:
                found.add(date)
    return found


_REVISION_CHARS = 200
