"""A newsletter's or a blog's guest post: the guest its author, the host's introduction the host's.

A newsletter that hands an issue to a guest opens with a line or two of its host's ("Caspian
here. This week's post is by guest writer Wilhelmina Ostrander, who ...", "Today's guest post
comes from ..."), and the page's byline names both (Substack's "Wilhelmina Ostrander and
Caspian Lowry"). The article is the guest's: a reader asking who wrote it means the guest, and
the introduction is the host's words about the guest, not the guest's own. `guest_post` reads
the introduction among the opening paragraphs and gives the guest as the author and the
introduction credited to the host (`Paragraph.speaker`, marked `quoted`: the host's words
among the document's, as a credited quotation is).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.extracted import Paragraph
from bot.engine.people import candidate_names
from bot.engine.voices import same_person

# How many opening paragraphs an introduction may take: a host's note is a line or two.
INTRO_PARAGRAPHS = 3
# The words saying a post is a guest's: "guest writer", "guest post", "guest essay" (the name
# after them, "by" or "from" between).
_GUEST = re.compile(
    r"\bguest[ -](?:writer|author|contributor|columnist|post|essay|piece|column|blogger)s?\b",
    re.IGNORECASE,
)
# The host's opening ("Caspian here.", "Hi all, Caspian Lowry here:").
_HERE = re.compile(r"(?:^|[.!,:]\s+)(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+here\b")


@dataclass(frozen=True, slots=True)
class GuestPost:
    """A guest post's reading: `author` the guest (as `Extracted.author` holds names),
    `paragraphs` the post's, its host's introduction credited to `host`."""

    author: str
    host: str
    paragraphs: tuple[Paragraph, ...]


def guest_post(paragraphs: Sequence[Paragraph], author: str | None) -> GuestPost | None:
    """The guest post `paragraphs` open (see the module's docstring), whose byline `author`
    ("; "-separated names) holds the host: the guest the introduction names (a byline name
    after the guest words, else its one full name there) and the host the byline's other name
    (the one the introduction's "X here" names, when it names one). None when no opening
    paragraph says the post is a guest's, or the guest or the host cannot be told."""
    names = [name.strip() for name in (author or "").split(";") if name.strip()]
    for index, paragraph in enumerate(paragraphs[:INTRO_PARAGRAPHS]):
        if paragraph.speaker or _GUEST.search(paragraph.text) is None:
            continue
        guest = _guest(paragraph.text, names)
        if guest is None:
            return None
        hosts = [name for name in names if not same_person(name, guest)]
        here = _HERE.search(paragraph.text) or _HERE.search(paragraphs[0].text)
        if here is not None:
            hosts = [
                name for name in hosts if here.group("name").split()[0] == name.split()[0]
            ] or ([here.group("name")] if len(here.group("name").split()) > 1 else [])
        if len(hosts) != 1:
            return None
        end = index + 1
        while end < min(len(paragraphs), INTRO_PARAGRAPHS) and paragraphs[end].aside:
            end += 1  # the rest of a note set in italics
        intro = [
            dataclasses.replace(p, speaker=hosts[0], quoted=True) if not p.speaker else p
            for p in paragraphs[:end]
        ]
        return GuestPost(guest, hosts[0], (*intro, *paragraphs[end:]))
    return None


def _guest(text: str, names: Sequence[str]) -> str | None:
    """The guest a paragraph's guest words name: the byline's name (of `names`) nearest after
    them, else the one full name after them in the paragraph; None when there is none."""
    after = text[_GUEST.search(text).end() :]  # type: ignore[union-attr]
    placed = sorted((after.find(name), name) for name in names if name in after)
    if placed:
        return placed[0][1]
    found = candidate_names([after[:120]])
    return found[0] if len(found) >= 1 and len(found[0].split()) > 1 else None
