"""A speech's text: whose it is, from the line heading it, and its audience's reactions.

A speech saved as text opens with a line saying what it is and who gave it: "Speech by the
Mayor of Aldermoor, Councillor Jane Roe, to the Business Forum", "Remarks by Dr Jane Roe,
President, at the launch of ...", "Keynote address by Jane Roe". That line names the speaker
(the author of the text, the role beside the name hers) and makes the upload a speech
(`speech_by`). Or its head gives fields ("Speaker: Cllr Jane Roe, Leader of Aldermoor Council",
"Occasion: ...", "Date: 6 May 2025"): the speaker, the day and where (`speech_head`). A
transcript of it notes the audience's reactions and what could not be heard, "(Applause)",
"(Laughter)", "[inaudible]": no words of the speaker's (`without_directions`); and what someone
in the audience called out, labelled "Heckler:", "Audience member:", "A voice:": their words,
not the speaker's (`interjections`). An italic line of a transcript's own ("*Check against
delivery.*") is its publisher's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
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
    """Who a speech's heading line says gave it: `name` ("Jane Roe", honorifics left out),
    `role` (as written, without "the": "Mayor of Aldermoor"; None when the line gives none) and
    `occasion`, where or to whom it was given as the line says it after the name ("the
    Aldermoor Business Forum annual dinner" of "..., to the Aldermoor Business Forum annual
    dinner"; None when it says neither)."""

    name: str
    role: str | None
    occasion: str | None = None


def speech_by(line: str) -> SpeechBy | None:
    """Who gave the speech a line heads ("Speech by the Mayor of Aldermoor, Councillor Jane Roe,
    to the Forum": Jane Roe, "Mayor of Aldermoor"); None when the line is no such heading or
    names no person (`people.is_person_name`)."""
    from bot.engine.people import canonical, is_person_name

    found = _SPEECH_LINE.match(" ".join(line.split()))
    if found is None:
        return None
    line_rest = found.group("who")
    cut = _OCCASION.search(line_rest)
    who = line_rest[: cut.start()] if cut is not None else line_rest
    # "... to the Forum", "... at the launch": where; "... on 3 May", "... on the economy": not.
    after = line_rest[cut.end() :] if cut is not None and "on" not in cut.group().split() else ""
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
    occasion = _AT_WHEN.split(after, maxsplit=1)[0].strip(" ,.;:")
    return SpeechBy(canonical(names[0]), ", ".join(roles) or None, occasion or None)


# Where the occasion a speech's line names ends: at its day ("..., to the Forum on 3 May 2024",
# "..., at the launch, Friday 6 May"). A line whose occasion opens with a day names none.
_AT_WHEN = re.compile(
    r",?\s*\b(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{4}-\d{2}-\d{2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}\b)",
    re.IGNORECASE,
)


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


# A field of a speech's head, alone on its line: "Speaker: Cllr Jane Roe, Leader of Aldermoor
# Council", "Occasion: The Chamber of Commerce Annual Dinner", "Date: Friday 6 May 2025".
_HEAD_FIELD = re.compile(
    r"^\s*[*_]*(?P<label>speaker|speech\s+by|delivered\s+by|given\s+by|remarks\s+by|"
    r"occasion|event|venue|location|place|date|delivered\s+on|audience)[*_]*\s*:[*_]*\s*"
    r"(?P<value>\S.*?)\s*$",
    re.IGNORECASE,
)
_SPEAKER_FIELDS = frozenset({"speaker", "speech by", "delivered by", "given by", "remarks by"})
_DATE_FIELDS = frozenset({"date", "delivered on"})
# The fields saying where and at what it was given (the speech's `occasion`).
_PLACE_FIELDS = frozenset({"occasion", "event", "venue", "location", "place"})
# How far down a speech's head may start (under its title, a standfirst or a kicker).
_HEAD_PARAGRAPHS = 3


@dataclass(frozen=True, slots=True)
class SpeechHead:
    """What a speech's head fields say (`speech_head`): who gave it, the day (None when no
    field gives one), where and at what (`occasion`: the occasion, event, venue, location and
    place fields' values, in order, joined by ", "; None when there are none) and the
    paragraphs without the head, its where-and-to-whom lines kept as a paragraph of the
    publisher's (section `voices.PUBLISHERS_NOTE_PART`)."""

    by: SpeechBy
    date: dt.date | None
    paragraphs: tuple[Paragraph, ...]
    occasion: str | None = None


def speech_head(paragraphs: Sequence[Paragraph]) -> SpeechHead | None:
    """The head of fields a speech's transcript opens with (in one of its first
    _HEAD_PARAGRAPHS paragraphs, every line of it, and of the paragraphs right after it, a
    field): a speaker field naming a person ("Speaker: Cllr Jane Roe, Leader of Aldermoor
    Council": Jane Roe, "Leader of Aldermoor Council", as `speech_by` reads the line) and one
    field more. None when the paragraphs open with no such head."""
    from bot.engine.formats.head import date_in
    from bot.engine.voices import PUBLISHERS_NOTE_PART

    start = next(
        (i for i, p in enumerate(paragraphs[:_HEAD_PARAGRAPHS]) if _all_fields(p.text)), None
    )
    if start is None:
        return None
    end = start
    while end < len(paragraphs) and _all_fields(paragraphs[end].text):
        end += 1
    fields = [
        found
        for p in paragraphs[start:end]
        for line in _field_lines(p.text)
        if (found := _HEAD_FIELD.match(line)) is not None
    ]
    labels = [" ".join(found.group("label").lower().split()) for found in fields]
    by = next(
        (
            given
            for found, label in zip(fields, labels, strict=True)
            if label in _SPEAKER_FIELDS
            and (given := speech_by(f"Speech by {found.group('value').strip('*_ ')}"))
        ),
        None,
    )
    if by is None or len(fields) < 2 or end == len(paragraphs):
        return None
    date = next(
        (
            when
            for found, label in zip(fields, labels, strict=True)
            if label in _DATE_FIELDS and (when := date_in(found.group("value")))
        ),
        None,
    )
    where = "\n".join(
        found.group(0).strip().replace("*", "").replace("__", "")
        for found, label in zip(fields, labels, strict=True)
        if label not in _SPEAKER_FIELDS and label not in _DATE_FIELDS
    )
    occasion = ", ".join(
        dict.fromkeys(
            value
            for found, label in zip(fields, labels, strict=True)
            if label in _PLACE_FIELDS and (value := found.group("value").strip("*_ ").strip())
        )
    )
    kept = list(paragraphs[:start])
    if where:
        kept.append(
            dataclasses.replace(paragraphs[start], text=where, section=PUBLISHERS_NOTE_PART)
        )
    return SpeechHead(by, date, (*kept, *paragraphs[end:]), occasion or None)


def _all_fields(text: str) -> bool:
    lines = _field_lines(text)
    return bool(lines) and all(_HEAD_FIELD.match(line) for line in lines)


# Where a field starts within a line: Markdown joins the head's lines with spaces
# ("**Speaker:** Jane Roe **Occasion:** ..."), so a capitalised label opens a field anywhere.
_FIELD_START = re.compile(
    r"\s+(?=[*_]*(?-i:Speaker|Speech by|Delivered by|Given by|Remarks by|Occasion|Event|Venue|"
    r"Location|Place|Date|Delivered on|Audience)[*_]*\s*:)"
)


def _field_lines(text: str) -> list[str]:
    """The text's lines, a line holding several fields split before each field's label."""
    return [part for line in text.split("\n") for part in _FIELD_START.split(line) if part.strip()]


# A label of someone in the audience, opening a paragraph of what they called out:
# "Heckler:", "A heckler:", "Audience member:", "Member of the audience:", "A voice from the
# floor:", "Protester:", "Voices:".
_AUDIENCE_LABEL = re.compile(
    r"^\s*[*_]*(?P<label>(?:an?\s+|the\s+)?(?:heckler|audience\s+member|member\s+of\s+the\s+"
    r"(?:audience|public)|voices?(?:\s+(?:from|in)\s+the\s+(?:floor|audience|crowd|back|hall))?"
    r"|protester|protestor|interjection|shout(?:\s+from\s+the\s+floor)?|audience|crowd))"
    r"[*_]*\s*:[*_]*\s+(?=\S)",
    re.IGNORECASE,
)


def interjections(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """A speech's paragraphs, each one opening with an audience member's label ("Heckler: And
    what about the floods?") that person's turn: the label, as written without an article
    ("Heckler"), its speaker and, lower case, its `speaker_role` ("the heckler" names them), its
    text after the label. A paragraph that already has a speaker is left as it is."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        found = _AUDIENCE_LABEL.match(paragraph.text)
        if found is None or paragraph.speaker:
            out.append(paragraph)
            continue
        label = re.sub(r"^(?:an?|the)\s+", "", " ".join(found.group("label").split()), flags=re.I)
        out.append(
            dataclasses.replace(
                paragraph,
                text=paragraph.text[found.end() :],
                speaker=label[:1].upper() + label[1:],
                speaker_role=label.lower(),
            )
        )
    return tuple(out)


def notes_of_transcriber(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """A speech's paragraphs, each that is wholly in italics (`Paragraph.aside`) and no one's
    turn made the publisher's (section `voices.PUBLISHERS_NOTE_PART`): "*Transcript as
    delivered. Check against delivery.*" is not the speaker's."""
    from bot.engine.voices import PUBLISHERS_NOTE_PART

    return tuple(
        dataclasses.replace(p, section=PUBLISHERS_NOTE_PART) if p.aside and not p.speaker else p
        for p in paragraphs
    )
