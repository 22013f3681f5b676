"""What an HTML page's markup says of who made it and when, beside trafilatura's reading: every
name in its byline, the outlet's name when trafilatura only finds the web domain, and a live
blog's last update.

trafilatura takes one author (the `<meta name="author">`), the web domain as the site when the
page gives no `og:site_name`, and the page's first date. A news site's byline names each writer
("By Harriet Quayle (now) and Dev Pillai (earlier)", each linked to a profile), its schema.org
data (`<script type="application/ld+json">`) its publisher, authors and `dateModified`, and its
masthead (the logo's text or `alt`) its name; a live blog (schema.org `LiveBlogPosting`, or
entries under time stamps) is the state of the coverage at its last update, the date a reader
cites it by ("last updated 20 Nov 03:41"). All of it is read from the tree before trafilatura,
which prunes it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.engine.formats.extracted import clean_field, parse_date
from bot.engine.formats.htmltext import element_text
from bot.engine.voices import same_person

# A person's name as a byline links it: two to four capitalised words ("Dev Pillai", "Mary-Jo
# O'Neill", "Jean de la Tour"), no digits.
_NAME = re.compile(
    r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|da|van|von|der|la|le|du|bin|al)\s+)*[A-Z][\w'’.-]*){1,3}"
)
# An element that is a byline by its class or its schema.org property.
_BYLINE_CLASS = re.compile(r"(?:^|[-_])(?:byline|by-line|authors?|contributors?)(?:$|[-_])", re.I)
# A web domain standing where a site's name should ("midlandherald.example", "www.x.co.uk").
_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
# The schema.org types of a live blog.
_LIVE_TYPES = frozenset({"LiveBlogPosting"})
# The meta properties giving a page's last change.
_MODIFIED = (
    'meta[@property="article:modified_time"]',
    'meta[@property="og:updated_time"]',
    'meta[@name="last-modified"]',
    'meta[@itemprop="dateModified"]',
)
# The longest masthead name read from a logo, in words.
_MASTHEAD_WORDS = 6


@dataclass(frozen=True, slots=True)
class Masthead:
    """What a page's markup says of its makers and its last change: `people` the byline's
    names in order (empty when it links none; else the schema.org authors), `publisher` the
    outlet's name its schema.org data or `og:site_name` gives, `logo` the one its masthead's
    logo gives (each None when not given), `updated` the day of its last
    change (`dateModified`, `article:modified_time`), `live` whether it calls itself a live
    blog (schema.org `LiveBlogPosting`)."""

    people: tuple[str, ...] = ()
    publisher: str | None = None
    logo: str | None = None
    updated: dt.date | None = None
    live: bool = False


def page_masthead(tree: Any) -> Masthead:
    """A page's `Masthead` (an lxml tree, before trafilatura prunes it; not changed)."""
    data = list(_linked_data(tree))
    people: list[str] = []
    for element in tree.iter():
        if isinstance(element.tag, str) and _is_byline(element):
            for link in element.iter("a"):
                people += _names(element_text(link))
            break
    if len(people) < 2:
        people = [name for item in data for name in _ld_names(item.get("author"))] or people
    publisher = next(
        (name for item in data for name in _ld_names(item.get("publisher"))), None
    ) or _first_meta(tree, ('meta[@property="og:site_name"]',))
    modified = [parse_date(_first_meta(tree, _MODIFIED))]
    modified += [parse_date(str(item.get("dateModified") or "")) for item in data]
    return Masthead(
        people=tuple(dict.fromkeys(people)),
        publisher=publisher,
        logo=_logo(tree),
        updated=max((day for day in modified if day is not None), default=None),
        live=any(_types(item) & _LIVE_TYPES for item in data),
    )


def is_domain(site: str | None) -> bool:
    """Whether a site's name is only a web domain ("midlandherald.example")."""
    return site is not None and _DOMAIN.fullmatch(site.strip()) is not None


def byline_people(author: str | None, masthead: Masthead) -> str | None:
    """The byline's people as `Extracted.author` holds them ("; "-separated): trafilatura's
    `author` with the other names the page's byline links ("Harriet Quayle; Dev Pillai"),
    when that byline holds `author` (or `author` is None); else `author` as it is."""
    given = [name.strip() for name in (author or "").split(";") if name.strip()]
    linked = list(masthead.people)
    if len(linked) < 2 or (given and not any(same_person(a, b) for a in given for b in linked)):
        return author
    names = given + [b for b in linked if not any(same_person(a, b) for a in given)]
    return "; ".join(names)


def written_names(author: str) -> str:
    """`;`-separated names as a byline writes them: "A and B", "A, B and C"."""
    *rest, last = [name.strip() for name in author.split(";") if name.strip()] or [author]
    return f"{', '.join(rest)} and {last}" if rest else last


def _is_byline(element: Any) -> bool:
    tokens = str(element.get("class") or "").split()
    if element.tag in ("meta", "script", "link", "header", "body", "html", "article"):
        return False
    return element.get("itemprop") == "author" or any(_BYLINE_CLASS.search(t) for t in tokens)


def _names(text: str) -> list[str]:
    text = " ".join(text.split())
    return [text] if _NAME.fullmatch(text) else []


def _first_meta(tree: Any, paths: tuple[str, ...]) -> str | None:
    for path in paths:
        for value in tree.xpath(f"//{path}/@content"):
            if clean_field(str(value)):
                return clean_field(str(value))
    return None


def _logo(tree: Any) -> str | None:
    """The outlet's name its masthead's logo gives: the logo link's text, or its image's
    `alt`, in the page's `<header>`; None when there is none of a few words."""
    for header in tree.iter("header"):
        for element in header.iter():
            tokens = str(element.get("class") or "").split() if isinstance(element.tag, str) else []
            if not any("logo" in token.lower() for token in tokens):
                continue
            texts = [" ".join(element_text(element).split())]
            texts += [str(alt) for alt in element.xpath(".//img/@alt | @alt")]
            for text in texts:
                name = clean_field(text)
                if name and len(name.split()) <= _MASTHEAD_WORDS and not is_domain(name):
                    return name
        break
    return None


def _linked_data(tree: Any) -> Iterator[dict[str, Any]]:
    """The schema.org objects of the page's JSON-LD scripts, `@graph` members included; a
    script that is not JSON is skipped."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            loaded = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [loaded]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(item.get("@graph") or [])


def _ld_names(value: object) -> list[str]:
    """The names a schema.org `author` or `publisher` gives: a string, an object's `name`, or a
    list of them."""
    if isinstance(value, str):
        name = clean_field(value)
        return [name] if name else []
    if isinstance(value, dict):
        return _ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item)]
    return []


def _types(item: dict[str, Any]) -> set[str]:
    found = item.get("@type")
    return {str(t) for t in found} if isinstance(found, list) else {str(found)}
