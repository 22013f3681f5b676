"""A letters page saved as a web page: each reader's letter its signer's, the editor's note the
paper's.

A letters page sets each letter under its own headline and closes it with the writer's name
and town in a line of their own ("Gwen Albright, Tollcross"; "Dr Jo Kim, retired GP,
Brindle"), with no salutation ("Sir,") for `letter.letters_within` to find. trafilatura gives
each letter's paragraphs under its headline; `signed_letters` makes each run of paragraphs
under one heading that ends with such a signature its signer's letter (`Paragraph.letter`, the
town `Paragraph.place`, what the signature says they are `Paragraph.speaker_role`), the
signature no paragraph. The editor's note closing the page ("Editor's note" over the paper's
poll and how to write in), which trafilatura drops as a side box, is read from the tree
(`page_editors_note`) and kept last as the publisher's (`voices.PUBLISHERS_NOTE_PART`), its
sign-off line ("— Ruth Penhale, letters editor") no passage.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.htmltext import element_text, squashed_text
from bot.engine.formats.letter import SIGNATURE_END, is_place
from bot.engine.voices import PUBLISHERS_NOTE_PART, SIGNATURE_LINE_CHARS, signature, signer

# Fewest signed letters that make a page a letters page (one signed piece is a column).
MIN_LETTERS = 2
# An editor's note set apart: its container's class or id ("editors-note", "editorNote"), or
# its heading ("Editor's note").
_NOTE_CLASS = re.compile(r"editor'?s?[-_ ]?note", re.IGNORECASE)
_NOTE_HEADING = re.compile(r"editor['\u2019]?s\s+note\W*$", re.IGNORECASE)
_NOTE_HEADING_TAGS = frozenset("h2 h3 h4 h5 h6 p strong b".split())
_NOTE_TAGS = ("aside", "div", "section", "footer")


def signed_letters(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """The paragraphs with each letter of a letters page its signer's (see the module's
    docstring); as given when fewer than `MIN_LETTERS` letters are signed, or a letter is
    already read (`Paragraph.letter`, a speaker). A letter runs from its heading, or from the
    signature closing the letter before it under the same heading (letters with no headline
    each), to its own signature."""
    if any(p.letter or p.speaker for p in paragraphs):
        return list(paragraphs)
    out: list[Paragraph] = []
    number = 0
    start = 0  # the first paragraph of the letter being read
    for at, paragraph in enumerate(paragraphs):
        if paragraph.section != paragraphs[start].section:
            out.extend(paragraphs[start:at])
            start = at
        signed = _signature(paragraph) if at > start and paragraph.section else None
        if signed is None:
            continue
        name, role, place, credit = signed
        number += 1
        out.extend(
            dataclasses.replace(
                p, speaker=name, letter=number, place=place, speaker_role=role, credit=credit
            )
            for p in paragraphs[start:at]
        )
        start = at + 1
    out.extend(paragraphs[start:])
    return out if number >= MIN_LETTERS else list(paragraphs)


# What a signature says of its signer in brackets after the name ("Hester Vane (harbour
# trustee), Pellam").
_BRACKETED = re.compile(r"^\s*\((?P<role>[^()]{1,60})\)")


def _signature(
    paragraph: Paragraph,
) -> tuple[str, str | None, str | None, str | None] | None:
    """The signer a paragraph alone signs a letter as ("Dr Jo Kim, retired GP, Brindle"): the
    name, what they are (lower case: "retired gp"), their town (the first of the places ending
    the line: "Westhaven" of "Westhaven, Lorne County") and all the line says after the name,
    as written ("retired GP, Brindle"), each None when not given; None when the paragraph is no
    signature."""
    line = paragraph.text.strip()
    if "\n" in line or len(line) > SIGNATURE_LINE_CHARS or SIGNATURE_END.search(line):
        return None
    name = signature([line])
    if name is None:
        return None
    after = line[line.find(name) + len(name) :] if name in line else ""
    bracketed = _BRACKETED.match(after)
    parts = [part.strip() for part in after[bracketed.end() if bracketed else 0 :].split(",")]
    parts = [part for part in parts if part]
    roles = [bracketed.group("role").strip()] if bracketed else []
    places: list[str] = []
    while parts and is_place(parts[-1]):
        places.insert(0, parts.pop())
    roles.extend(parts)
    role = ", ".join(roles).lower() if roles else None
    credit = ", ".join([*roles, *places]) or None
    return name, role, places[0] if places else None, credit


def page_editors_note(tree: Any) -> list[Paragraph]:
    """The paragraphs of the editor's note a page sets apart (see the module's docstring),
    under `voices.PUBLISHERS_NOTE_PART`, its heading and sign-off left out; [] for none."""
    for element in tree.iter(*_NOTE_TAGS):
        marked = _NOTE_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}")
        # Its heading is its first element ("<h3>Editor's note</h3>"): no search of the subtree
        # under every element of the page.
        first = next((child for child in element if isinstance(child.tag, str)), None)
        headed = (
            first is not None
            and first.tag in _NOTE_HEADING_TAGS
            and _NOTE_HEADING.match(" ".join(element_text(first).split()))
        )
        if not (marked or headed):
            continue
        texts = [" ".join(element_text(p).split()) for p in element.iter("p")]
        return [
            Paragraph(text=text, section=PUBLISHERS_NOTE_PART)
            for text in texts
            if text and signer(text) is None and not _NOTE_HEADING.match(text)
        ]
    return []


def with_editors_note(paragraphs: list[Paragraph], note: list[Paragraph]) -> list[Paragraph]:
    """A letters page's paragraphs (some a letter's: `Paragraph.letter`) with its editor's
    note last, where the text does not hold it already; others as given."""
    if not note or not any(p.letter for p in paragraphs):
        return paragraphs
    held = {squashed_text(p.text) for p in paragraphs}
    return [*paragraphs, *(p for p in note if squashed_text(p.text) not in held)]
