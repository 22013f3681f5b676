"""Which document a reply answers: its stated `responds_to`, or the title its own title or
opening quotes (found with one Aho-Corasick automaton of every title, `pyahocorasick`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import ahocorasick

from bot.engine.models import Document, Kind, opening_texts
from bot.engine.names import phrase, title_phrase

# How much of a reply's opening (its title and first two passages) is searched for the title it
# answers.
_OPENING_CHARS = 1500
# A title that says its document answers another, whatever kind it was uploaded as ("Op-Ed: A
# response to 'A Senate Divided?'"): an upload's kind is "article" unless the uploader says.
_RESPONSE_TITLE = re.compile(
    r"\b(?:response|reply|rebuttal|answer|responding|replying|responds|replies) to\b"
)


def responses(
    documents: Sequence[Document], openings: dict[str, tuple[Document, str]] | None = None
) -> dict[str, str]:
    """Which document each reply answers (a reply or letter, or any document whose title says it
    is a response to something): its `responds_to`, or else the document whose title
    (at least two words) its own title or opening quotes ("A response to 'A Senate Divided?'",
    "a letter in reply to 'Poplin: Secularism an Obstacle'").

    `openings` (reply id -> the document and its opening as scanned), when given, is read and
    filled: a reply that is the same object as the one there is not decompressed and folded
    again (0.1-0.2 s at 100k passages, for each corpus change; 2.5 MB held).
    """
    answered: dict[str, str] = {}
    # Every title of two words or more, padded with spaces, in one automaton: a reply's opening
    # is scanned once, not searched for each title (1,667 replies x 5,000 titles took 8 s at
    # 100k passages).
    targets: dict[str, list[str]] = {}
    for doc in documents:
        title = title_phrase(doc.meta.title)
        if doc.meta.kind is not Kind.DEBATE and len(title.split()) >= 2:
            targets.setdefault(f" {title} ", []).append(doc.id)
    automaton: ahocorasick.Automaton | None = None
    for doc in documents:
        if doc.meta.responds_to:
            answered[doc.id] = doc.meta.responds_to
            continue
        if doc.meta.kind not in (Kind.REPLY, Kind.LETTER) and not _RESPONSE_TITLE.search(
            phrase(doc.meta.title)
        ):
            continue
        if not targets:
            continue
        if automaton is None:
            automaton = _title_automaton(targets)
        # Not through `phrase`'s cache: 3,334 openings and the text they were made from held
        # there were 4 MB at 100k passages; `openings` holds the scanned openings only.
        held = openings.get(doc.id) if openings is not None else None
        if held is not None and held[0] is doc:
            opening = held[1]
        else:
            # Cut at 1,500 characters: no passage past that is read, nor the rest of the
            # compressed body (`opening_texts`).
            opening = phrase.__wrapped__(
                " ".join([doc.meta.title, *opening_texts(doc.passages[:2], _OPENING_CHARS)])[
                    :_OPENING_CHARS
                ]
            )
            if openings is not None:
                openings[doc.id] = (doc, opening)
        found = [
            (len(padded) - 2, target)
            for _, (padded, ids) in automaton.iter(f" {opening} ")
            for target in ids
            if target != doc.id
        ]
        if found:
            answered[doc.id] = max(found)[1]
    return answered


def _title_automaton(targets: dict[str, list[str]]) -> ahocorasick.Automaton:
    """An automaton of padded titles, each with (the title, the ids of its documents)."""
    automaton = ahocorasick.Automaton()
    for padded, ids in targets.items():
        automaton.add_word(padded, (padded, ids))
    automaton.make_automaton()
    return automaton
