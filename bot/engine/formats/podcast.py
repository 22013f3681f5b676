"""A podcast's or a show's transcript head: the show, the episode, its hosts and its guests.

A podcast's transcript, pasted as text, opens with lines about the episode before its first
turn: the show ("THE DIVISION BELL – a podcast about how Britain is governed"), the episode
("Episode 47: "Should voting be compulsory?""), when it was released, and who hosts it and who
is on it ("Hosts: Priya Okonkwo-Hale and Tom Brannigan", "Guest: Dr Elin Vasquez-Moore, senior
lecturer ..."). A user calls the document by its show and episode ("The Division Bell, episode
47: Should voting be compulsory?"), the show is its publisher and the hosts its authors (as a
column's writer is its author and the paper its publisher); the guest is "the guest". Where the
file has a title already ("# The Misinformation Hour — Episode 47: Deepfakes"), the show is the
title's words before the episode, and the hosts the speakers whose labels say so ("MARCUS
DELANEY (HOST):").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.casing import title_case
from bot.engine.formats.extracted import Paragraph, clean_field
from bot.engine.models import Form
from bot.engine.people import canonical

# An episode's number: "Episode 47", "Ep. 12", "episode #3", "S2E5".
_EPISODE_NUMBER = r"(?:\b(?:episode|ep\.?)[ \t]*#?|\bS\d{1,3}[ \t]*E)(?P<number>\d{1,4})\b"
# An episode: its number, perhaps its season before it ("Season 2, Episode 5"), then perhaps its
# title after a colon or a dash.
_EPISODE = re.compile(
    r"(?:\b(?:series|season)[ \t]*\d{1,3}[ \t]*,?[ \t]*)?"
    + _EPISODE_NUMBER
    + r"[ \t]*(?:[:.–—|-][ \t]*)?(?P<title>.*)$",
    re.IGNORECASE,
)
# A title naming a podcast or one of a show's episodes ("The Misinformation Hour, episode 47").
_SHOW_TITLE = re.compile(rf"\bpodcast\b|{_EPISODE_NUMBER}", re.IGNORECASE)
# What separates a show's name from what it says of itself ("THE DIVISION BELL – a podcast
# about ...", "Policy Weekly | The podcast of ...").
_SHOW_END = re.compile(r"[ \t]+[–—|-][ \t]+|:[ \t]+|,[ \t]+")
# A head's field naming the show's people: "Hosts: A and B", "Presented by A", "Guest: B, ...".
_PEOPLE_FIELD = re.compile(
    r"^(?:(?P<hosts>hosts?|presenters?|co-hosts?|hosted[ \t]+by|presented[ \t]+by)"
    r"|(?P<guests>guests?|with|featuring|panel|panellists?))\b[ \t]*:?[ \t]*(?P<names>\S.*)$",
    re.IGNORECASE,
)
# What parts a list of people: commas, semicolons, "and", "&".
_NAME_SEPARATOR = re.compile(r"[ \t]*(?:[,;&]|\band\b)[ \t]*")
# Head lines are few and short; a longer opening is the text itself.
_MAX_HEAD_LINES = 10
_MAX_HEAD_LINE_CHARS = 150
# Roles a transcript's speaker labels give a show's hosts ("MARCUS DELANEY (HOST):").
_HOST_ROLES = frozenset({"host", "co-host", "presenter"})
# Quotation marks around an episode's title ('Episode 47: "Should voting be compulsory?"').
_QUOTES = "\"'“”‘’"


@dataclass(frozen=True, slots=True)
class ShowHead:
    """What a transcript's head says of its show: `title` the show and the episode ("The
    Division Bell, episode 47: Should voting be compulsory?"; None when the head names no
    episode or the file gives its own title), `show` the show's name (the publisher), `hosts`
    and `guests` the speakers (as their turns name them) the head calls so."""

    title: str | None
    show: str | None
    hosts: tuple[str, ...]
    guests: tuple[str, ...]

    def roles(self) -> dict[str, str]:
        """Speaker -> the role the head gives them ("host", "guest")."""
        return {
            **{guest: "guest" for guest in self.guests},
            **{host: "host" for host in self.hosts},
        }

    def authors(self) -> str | None:
        """The hosts as the document's authors ("A", "A and B", "A, B and C"), or None."""
        if not self.hosts:
            return None
        *rest, last = self.hosts
        return f"{', '.join(rest)} and {last}" if rest else last


def podcast_form(title: str, *, transcript: bool) -> Form | None:
    """`Form.PODCAST` for a transcript (of any format: `transcript` says it is one) whose title
    names a podcast or an episode ("The Division Bell, episode 47: ...", "Policy Weekly
    podcast"); None otherwise."""
    return Form.PODCAST if transcript and _SHOW_TITLE.search(title) else None


def show_head(turns: Sequence[Paragraph], title: str | None) -> ShowHead | None:
    """What the head of a transcript (`turns`, its paragraphs as speaker turns: the head the
    ones before the first turn) says of its show and episode, with `title` the file's own title
    (None when it gives none); None when it names no episode, no show and no host or guest."""
    speakers = list(dict.fromkeys(t.speaker for t in turns if t.speaker))
    head_lines = [
        line.strip()
        for paragraph in _head(turns)
        for line in paragraph.text.split("\n")
        if line.strip() and len(line.strip()) <= _MAX_HEAD_LINE_CHARS
    ][:_MAX_HEAD_LINES]
    hosts: list[str] = []
    guests: list[str] = []
    show: str | None = None
    episode: re.Match[str] | None = None
    for index, line in enumerate(head_lines):
        field = _PEOPLE_FIELD.match(line)
        if field is not None:
            found = _speakers_named(field.group("names"), speakers)
            (hosts if field.group("hosts") else guests).extend(found)
            continue
        found_episode = _EPISODE.search(line)
        if found_episode is not None and episode is None:
            episode = found_episode
            show = show or _show_name(line[: found_episode.start()])
        elif index == 0:
            show = _show_name(line)
    in_title = _EPISODE.search(title) if title is not None else None
    if title is not None and in_title is not None:
        # The file's own title names the episode: the show is its words before it.
        show = _show_name(title[: in_title.start()])
    if episode is None and in_title is None:
        if not (hosts or guests):
            return None  # no episode, no "Hosts:" or "Guest:" line: no show's head
        show = None  # a meeting's or an interview's head names its people, not a show
    else:
        hosts.extend(t.speaker for t in turns if t.speaker and t.speaker_role in _HOST_ROLES)
    written = " ".join(t.text for t in turns)
    show = _as_written(show, written) if show else None
    hosts = list(dict.fromkeys(hosts))
    return ShowHead(
        title=_episode_title(show, episode) if title is None and episode is not None else None,
        show=show,
        hosts=tuple(hosts),
        guests=tuple(g for g in dict.fromkeys(guests) if g not in hosts),
    )


def _head(turns: Sequence[Paragraph]) -> list[Paragraph]:
    """The paragraphs before the first speaker's turn."""
    head: list[Paragraph] = []
    for paragraph in turns:
        if paragraph.speaker:
            break
        head.append(paragraph)
    return head


def _show_name(text: str) -> str | None:
    """A show's name from the words before its episode or from its head's first line: the
    words before what it says of itself ("THE DIVISION BELL – a podcast about ..." -> "THE
    DIVISION BELL"), without the separator before the episode ("The Misinformation Hour — ")."""
    text = text.strip(" \t–—|:,.-#")
    if not text:
        return None
    name = _SHOW_END.split(text, maxsplit=1)[0].strip()
    return clean_field(name) if name and name[0].isupper() else None


def _as_written(name: str, text: str) -> str:
    """A show's name in capitals ("THE DIVISION BELL") as its transcript writes it ("welcome
    to The Division Bell"), else in a title's capitals (`casing.title_case`); any other name as
    given."""
    if not name.isupper():
        return name
    words = r"[ \t\n]+".join(map(re.escape, name.split()))
    for found in re.finditer(rf"\b{words}\b", text, re.IGNORECASE):
        if not found.group(0).isupper():
            return " ".join(found.group(0).split())
    return title_case(name)


def _episode_title(show: str | None, episode: re.Match[str]) -> str:
    """The document's title: the show, the episode's number and its title ("The Division
    Bell, episode 47: Should voting be compulsory?")."""
    named = episode.group("title").strip().strip(_QUOTES).strip()
    number = f"episode {episode.group('number')}"
    called = f"{show}, {number}" if show else number.capitalize()
    return f"{called}: {named}" if named else called


def _speakers_named(names: str, speakers: Sequence[str]) -> list[str]:
    """The speakers a head's list of people names ("Priya Okonkwo-Hale and Tom Brannigan",
    "Dr Elin Vasquez-Moore, senior lecturer ..."), as their turns name them: each part of the
    list whose name (without an honorific) is a speaker's full name or surname."""
    found: list[str] = []
    for part in _NAME_SEPARATOR.split(names):
        words = canonical(part).casefold().split()
        if not words:
            continue
        for speaker in speakers:
            known = canonical(speaker).casefold().split()
            if known and (known == words or (len(known) == 1 and known[-1] == words[-1])):
                found.append(speaker)
                break
    return found
