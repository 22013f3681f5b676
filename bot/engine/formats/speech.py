"""A speech's text: whose it is, from the line heading it, and its audience's reactions.

A speech saved as text opens with a line saying what it is and who gave it: "Speech by the
Mayor of Aldermoor, Councillor Jane Roe, to the Business Forum", "Remarks by Dr Jane Roe,
President, at the launch of ...", "Keynote address by Jane Roe". That line names the speaker
(the author of the text, the role beside the name hers) and makes the upload a speech
(`speech_by`). A transcript of it notes the audience's reactions and what could not be heard,
"(Applause)", "(Laughter)", "[inaudible]": no words of the speaker's (`without_directions`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.extracted import Paragraph

# "Speech by", "Remarks by", "Keynote address by", "The text of the speech delivered by": what
# the line says the text is, then "by" and who gave it, and perhaps where ("to the Forum",
# "at the launch", "on 3 May 2024").
_SPEECH_LINE = re.compile(
    r"^\s*(?:(?:the\s+)?(?:full\s+)?(?:text|transcript)\s+of\s+(?:a|an|the)\s+)?"
    r"(?:(?:keynote|opening|closing|inaugural|commencement|farewell|welcome|budget)\s+)?"
    r"(?:speech|remarks|address|keynote|lecture|sermon|eulogy|oration)"
    r"(?:\s+(?:as\s+)?(?:delivered|given|made|prepared\s+for\s+delivery))?\s+by\s+"
    r"(?P<who>[^\n]+?)\s*\.?\s*$",
    re.IGNORECASE,
)
# Where the speaker's part of the line ends: the occasion or the day ("..., to the Aldermoor
# Business Forum", " at the launch", " on 3 May 2024"); "of" and "for" stay ("the Mayor of
# Aldermoor", "the Minister for Schools").
_OCCASION = re.compile(r",?\s+(?:to|at|before|during|on|in)\s+(?=\S)")
# A part of the line that is a role beside the name ("the Mayor of Aldermoor", "President"):
# at most this many words, no figures.
_ROLE_WORDS = 6
# What an audience did, or what the transcriber could not hear, in brackets or parentheses:
# "(Applause)", "(Sustained applause)", "[inaudible]", "(Laughter)", "[END OF TRANSCRIPT]".
_REACTION = (
    r"(?:(?:sustained|loud|prolonged|long|some|more|brief|scattered|warm)\s+)?"
    r"(?:applause|laughter|laughs|cheers|cheering|boos|booing|groans|heckling|inaudible|"
    r"unintelligible|indistinct|crosstalk|pause|silence|interruption|standing\s+ovation|"
    r"end\s+of\s+(?:transcript|speech|remarks)|ends)"
)
_DIRECTION = re.compile(rf"[ \t]*(?:\(\s*{_REACTION}\s*\)|\[\s*{_REACTION}\s*\])", re.IGNORECASE)
# A paragraph wholly in square brackets: the transcriber's note on the text ("[Transcript
# prepared by the Mayor's Office.]"), not the speaker's words.
_BRACKETED_NOTE = re.compile(r"^\s*\[[^\[\]]+\]\s*$")


@dataclass(frozen=True, slots=True)
class SpeechBy:
    """Who a speech's heading line says gave it: `name` ("Jane Roe", honorifics left out) and
    `role` (as written, without "the": "Mayor of Aldermoor"; None when the line gives none)."""

    name: str
    role: str | None


def speech_by(line: str) -> SpeechBy | None:
    """Who gave the speech a line heads ("Speech by the Mayor of Aldermoor, Councillor Jane Roe,
    to the Forum": Jane Roe, "Mayor of Aldermoor"); None when the line is no such heading or
    names no person (`people.is_person_name`)."""
    from bot.engine.people import canonical, is_person_name

    found = _SPEECH_LINE.match(" ".join(line.split()))
    if found is None:
        return None
    who = _OCCASION.split(found.group("who"), maxsplit=1)[0]
    parts = [part.strip(" ,.;:") for part in who.split(",")]
    names = [part for part in parts if is_person_name(part)]
    if len(names) != 1:
        return None
    roles = [
        re.sub(r"^the\s+", "", part, flags=re.IGNORECASE)
        for part in parts
        if part
        and part != names[0]
        and len(part.split()) <= _ROLE_WORDS
        and not re.search(r"\d", part)
    ]
    return SpeechBy(canonical(names[0]), ", ".join(roles) or None)


def without_directions(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """A speech's paragraphs without what its transcript notes of the audience or of what could
    not be heard ("(Applause)", "[inaudible] ..."): cut from the paragraphs, a paragraph of
    nothing else left out; a paragraph wholly in square brackets (the transcriber's note)
    becomes the publisher's (section `voices.PUBLISHERS_NOTE_PART`)."""
    from bot.engine.voices import PUBLISHERS_NOTE_PART

    kept: list[Paragraph] = []
    for paragraph in paragraphs:
        text = _DIRECTION.sub("", paragraph.text).strip()
        if not text:
            continue
        if _BRACKETED_NOTE.match(text) and not paragraph.speaker:
            kept.append(dataclasses.replace(paragraph, section=PUBLISHERS_NOTE_PART))
            continue
        kept.append(
            dataclasses.replace(paragraph, text=text) if text != paragraph.text else paragraph
        )
    return tuple(kept)
