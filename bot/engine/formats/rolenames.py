"""A transcript's role labels ("PRESENTER:", "AUDIENCE MEMBER:") credited to whom they name.

A broadcast's or a meeting's transcript labels some turns by a role, not a name, and says who
holds it elsewhere: a head field ("Presenter: Nadia Kurt"), a line of its head ("with ... and
an audience member, Tom Vale"), the presenter's own introduction ("I'm Nadia Kurt"), a turn
bringing a questioner in ("Our next question is from Tom Vale"), or the label itself in
parentheses ("AUDIENCE MEMBER (TOM VALE):", read by `transcript`). `named_roles` gives those
turns to that person, the role their `speaker_role` ("Nadia Kurt", "presenter"), so a question
about "the presenter" still finds them. A head field naming no speaker's role ("Panel: ...")
is the head's text, no one's turn.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from itertools import takewhile

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import date_in

# Roles one person holds through a transcript, and roles a different person may hold at each
# turn (the audience's questioners: each is brought in by name before speaking).
_HOST_ROLES = frozenset(
    "presenter host co-host anchor moderator chair chairman chairwoman chairperson "
    "interviewer compere narrator".split()
)
_QUESTIONER_ROLES = frozenset(
    {"audience member", "member of the audience", "questioner", "caller", "audience question"}
)
ROLES = _HOST_ROLES | _QUESTIONER_ROLES
# Fields of a head listing its other people, not a role any turn is labelled with.
_PEOPLE_FIELDS = frozenset(
    "panel panellists panelists guests guest with featuring speakers contributors".split()
)
# Fields of a broadcast's head saying what it is and when and where it went out ("PROGRAMME:
# The Harbour Hour", "BROADCAST: Radio Corrin, 12 March 2026"): no one's words.
PROGRAMME_FIELDS = frozenset({"programme", "program", "show", "series", "title"})
BROADCAST_FIELDS = frozenset(
    "broadcast broadcaster station channel network aired transmitted transmission".split()
)
_OTHER_FIELDS = frozenset(
    {"date", "recorded", "episode", "producer", "editor", "location", "venue", "duration"}
)
HEAD_FIELDS = PROGRAMME_FIELDS | BROADCAST_FIELDS | _OTHER_FIELDS
# A person's name as a transcript writes it: an honorific perhaps, then two to four
# capitalised words ("Dr Amina Shaw", "Tom O'Neill", "Nadia Kurt").
_HONORIFIC = r"(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof|Professor|Cllr|Councillor|Sir|Dame|Rev)\.?[ \t]+)?"
_WORD = r"[A-Z][\w'’-]+"
_NAME = rf"{_HONORIFIC}{_WORD}(?:[ \t]+{_WORD}){{1,3}}"
_ONLY_NAME = re.compile(rf"(?P<name>{_NAME})(?:[ \t]*,[ \t]*[^.!?]*)?")
# A head's line naming a role's holder: "Presenter: Nadia Kurt", "presenter Nadia Kurt", "an
# audience member, Tom Vale".
_ROLE_NAMED = re.compile(
    r"\b(?i:(?P<role>" + "|".join(sorted(map(re.escape, ROLES), key=len, reverse=True)) + r"))"
    rf"(?:[ \t]*[:,][ \t]*|[ \t]+)(?P<name>{_NAME})\b"
)
# A host saying who they are ("I'm Nadia Kurt", "my name is Nadia Kurt").
_INTRODUCES_SELF = re.compile(rf"\b(?:I'm|I’m|I am|[Mm]y name is)[ \t]+(?P<name>{_NAME})\b")
# A host bringing a questioner in: "our first question is from Tom Vale", "a question from Tom
# Vale", "we have a call from Tom Vale".
_BRINGS_IN = re.compile(
    r"\b(?:question|questions|call|comment|point)[ \t]+(?:is[ \t]+|comes[ \t]+)?from[ \t]+"
    rf"(?P<name>{_NAME})\b"
)
# A head field's line: short, and no sentence ("Julian Rooke", "Dr A, economist; B, chair").
_MAX_FIELD_CHARS = 300


def named_roles(turns: Sequence[Paragraph]) -> list[Paragraph]:
    """The turns (`transcript.speaker_turns`'s, head paragraphs first), each labelled by a role
    (`ROLES`: "Presenter", "Audience Member") whose holder the transcript names given to that
    person, the role its `speaker_role`; head fields labelled as turns ("Presenter: Nadia
    Kurt", "Panel: ...", "Programme: ...") made the head's lines (speaker None); a host's turns
    under their name ("NADIA KURT:") their role too. Turns whose role no one is named
    for keep their label."""
    turns = _head_fields(turns)
    holders: dict[str, str] = {}
    head = takewhile(lambda turn: not turn.speaker, turns)  # the paragraphs before the turns
    for line in (line for t in head for line in t.text.split("\n")):
        for found in _ROLE_NAMED.finditer(line):
            holders.setdefault(" ".join(found.group("role").casefold().split()), found["name"])
    for turn in turns:
        role = _role_of(turn.speaker)
        if role in _HOST_ROLES and role not in holders:
            introduced = _INTRODUCES_SELF.search(turn.text)
            if introduced is not None:
                holders[role] = introduced.group("name")
    # A host labelled by name ("NADIA KURT:") under a head naming them ("PRESENTER: Nadia
    # Kurt") holds the role in their own turns too.
    held = {_folded(name): role for role, name in holders.items() if role in _HOST_ROLES}
    out: list[Paragraph] = []
    asked: str | None = None  # the questioner a host last brought in
    for turn in turns:
        role = _role_of(turn.speaker)
        if role in _QUESTIONER_ROLES:
            holder = asked or holders.get(role)
        else:
            holder = holders.get(role) if role is not None else None
            brought = _BRINGS_IN.search(turn.text) if turn.speaker else None
            asked = brought.group("name") if brought is not None else asked
        if holder is None or role is None:
            own = held.get(_folded(turn.speaker or "")) if turn.speaker_role is None else None
            out.append(dataclasses.replace(turn, speaker_role=own) if own else turn)
            continue
        out.append(dataclasses.replace(turn, speaker=holder, speaker_role=role))
    return out


def _folded(name: str) -> str:
    """A name as compared with another: honorifics' full stops and case ignored."""
    return " ".join(name.replace(".", " ").split()).casefold()


def _role_of(speaker: str | None) -> str | None:
    """The role a speaker's label is (lower case), or None for a name."""
    role = " ".join((speaker or "").split()).casefold()
    return role if role in ROLES else None


def _head_fields(turns: Sequence[Paragraph]) -> list[Paragraph]:
    """The turns, the ones before the first turn of words said that are a head's fields (a role
    or a list of people as the label, a name or a list as the text, no sentence) made the head's
    lines again ("Presenter: Julian Rooke"), speaker None."""
    out = list(turns)
    for index, turn in enumerate(turns):
        if not turn.speaker:
            continue
        label = " ".join(turn.speaker.split())
        text = turn.text.strip()
        field = label.casefold() in _PEOPLE_FIELDS | HEAD_FIELDS or (
            _role_of(label) is not None and _ONLY_NAME.fullmatch(text) is not None
        )
        if not field or len(text) > _MAX_FIELD_CHARS or text[-1:] in ".!?" or "\n" in text:
            break
        out[index] = dataclasses.replace(
            turn, text=f"{label}: {text}", speaker=None, speaker_role=None
        )
    return out


# A head's field line as `_head_fields` writes it again ("Programme: The Harbour Hour").
_FIELD = re.compile(r"^\s*(?P<label>[A-Za-z][\w ]{0,30}?)\s*:\s*(?P<value>\S.*?)\s*$")


@dataclasses.dataclass(frozen=True, slots=True)
class BroadcastHead:
    """What a broadcast transcript's head fields say of it (`broadcast_head`): the programme's
    name, the broadcaster and the day it went out, each None where no field says; the turns
    without the fields read."""

    programme: str | None
    broadcaster: str | None
    date: dt.date | None
    turns: tuple[Paragraph, ...]


def broadcast_head(turns: Sequence[Paragraph]) -> BroadcastHead:
    """The fields of the head over a transcript's first turn (`named_roles`'s turns): a
    programme's name ("Programme: The Harbour Hour"), the broadcaster and day ("Broadcast:
    Radio Corrin, 12 March 2026": the parts that are no date, and the date) and a role's holder
    who speaks ("Presenter: Nadia Kurt", their turns that role's: `named_roles`), each line
    left out of the paragraphs; a head paragraph left with no line is left out. Other lines are
    kept as they are."""
    speakers = {_folded(t.speaker) for t in turns if t.speaker}
    programme = broadcaster = None
    date: dt.date | None = None
    out: list[Paragraph] = []
    for index, turn in enumerate(turns):
        if turn.speaker:
            out.extend(turns[index:])
            break
        kept = []
        for line in turn.text.split("\n"):
            field = _FIELD.match(line)
            label = " ".join(field.group("label").split()).casefold() if field else ""
            value = field.group("value") if field else ""
            if label in PROGRAMME_FIELDS and programme is None:
                programme = value
            elif label in BROADCAST_FIELDS and broadcaster is None and date is None:
                date = date_in(value)
                parts = [part.strip() for part in value.split(",")]
                broadcaster = ", ".join(p for p in parts if p and date_in(p) is None) or None
            elif not (label in _HOST_ROLES and _folded(value) in speakers):
                kept.append(line)
        if text := "\n".join(kept).strip():
            out.append(dataclasses.replace(turn, text=text))
    return BroadcastHead(programme, broadcaster, date, tuple(out))
