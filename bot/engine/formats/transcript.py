"""Speaker labels and turns: a text whose paragraphs open with its speakers' names.

When most paragraphs open with a speaker label (`MS. ROE:`, `Roe:`, `Jane Q Roe:`, `Q:`), the
text is a transcript: each label is its turn's speaker, and the quoted text starts after it
(`speaker_turns`, for plain text and for the paragraphs of a page or a PDF). The labels of
transcription services' exports are labels too: a timestamp before or after the label
(`[00:01:15] Roe:`, `Jane Roe: (01:15)`, `Speaker 1 (01:15):`), a role after the name (`JANE ROE
(CLERK):`), the label on a line of its own (`MS. ROE:` then the turn), or a name and a timestamp
on a line of their own (`Jane Roe 1:15`, as Otter.ai writes). Timestamps are not the speaker's
words, nor is a line holding only a timestamp or a bracketed direction (`[APPLAUSE]`,
`(CROSSTALK)`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.engine.formats.casing import capitalised, in_capitals, name_case
from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.release import is_contact_line
from bot.engine.formats.rolenames import ROLES
from bot.engine.people import canonical, role_in

# A timestamp as transcription services write one: "01:15", "1:02:03", "00:00:01.000", bare
# or in brackets or parentheses.
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TIMESTAMP = rf"(?:\[{_CLOCK}\]|\({_CLOCK}\)|{_CLOCK})"
# A timestamp as a turn's time is shown: the clock, without its brackets or its fraction.
_STAMP = re.compile(r"[\[(]?(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d{1,3})?[\])]?")
# A speaker's name in a label: one to five words (names, initials, honorifics, "Speaker 1").
_NAME = r"[^\W\d_][\w.'’-]*(?:[ \t]+[\w.'’-]+){0,4}?"
# A role or an affiliation in parentheses after a label's name, not the speaker's name
# ("RAYMOND ODUYA (CITY ENGINEER):", "SEN. JANE ROE (D-Ore.):"): no colon, no sentence.
_ROLE = r"[^()\n:.!?]{1,40}?\.?"
# An office held by the speaker a label names in parentheses, as parliaments' records write
# a minister's first turn ("The Minister for School Standards (Ms Jane Roe):"): "The", then
# up to a dozen words, commas among them ("The Parliamentary Secretary, Cabinet Office").
_OFFICE = r"The[ \t]+[\w'’-]+(?:,?[ \t]+[\w'’-]+){0,11}?"
# A reporter's question at a press briefing, its asker named in parentheses with the outlet
# they write for ("Q (Jane Roe, The Harbour Gazette):", "REPORTER (Jane Roe):"): the asker's
# turn, the outlet their role. An outlet's name may be long ("The Kestrelmoor Evening
# Standard"): up to 80 characters, no colon nor parenthesis.
_ASKER = r"(?:Q|QUESTION|Question|REPORTER|Reporter)"
_OUTLET = r"[^()\n:]{1,80}?"
# What separates a label from its turn: spaces, or the end of the label's line.
_TO_TURN = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
# A speaker label, then the turn (perhaps after a timestamp): the name, perhaps a timestamp in
# parentheses, a colon, perhaps a timestamp ("Roe: text", "Speaker 1 (01:15):", "Roe: (01:15)",
# the turn on the same line or the next); or the name and a timestamp alone on their line
# ("Jane Roe  1:15").
_LABEL = re.compile(
    rf"(?:{_TIMESTAMP}{_TO_TURN})?(?:"
    rf"(?P<office>{_OFFICE})[ \t]*\((?P<holder>{_NAME})\)[ \t]*:{_TO_TURN}"
    rf"|{_ASKER}[ \t]*\((?P<reporter>{_NAME})(?:,[ \t]*(?P<outlet>{_OUTLET}))?\)[ \t]*:{_TO_TURN}"
    rf"|(?P<label>{_NAME})(?:[ \t]*\((?:{_CLOCK}|{_ROLE})\)){{0,2}}[ \t]*:{_TO_TURN}"
    rf"(?:{_TIMESTAMP}{_TO_TURN})?"
    rf"|(?P<stamped>{_NAME})[ \t]+{_TIMESTAMP}[ \t]*\n[ \t]*"
    r")(?=\S)",
    re.UNICODE,
)
# A paragraph that is only a timestamp or a bracketed direction ("[APPLAUSE]", "(CROSSTALK)").
# A parliament's record also sets the time alone on a line before a speech ("11.42 am").
NO_WORDS_SAID = re.compile(
    rf"{_TIMESTAMP}|\d{{1,2}}[.:]\d{{2}}[ \t]?(?:[ap]m|[ap]\.m\.)"
    r"|\[[^\]\n]{1,40}\]|\([^)\n]{1,40}\)",
    re.IGNORECASE,
)
_MAX_LABEL_CHARS = 40
# A parliament's record of what the House did, in its clerks' words ("Question put and agreed
# to.", "Resolved,", "The House divided:"): it ends the turn before it, and the unlabelled
# paragraphs after it (the resolution's text) are no one's.
_RECORD_NOTE = re.compile(
    r"(?:Question (?:put|accordingly agreed to|agreed to)|Resolved,|Ordered,|"
    r"The (?:House|Committee|Assembly|Senate) divided|Division No\.|Main Question|"
    r"Bill read (?:a|the) (?:first|second|third) time|Sitting suspended)\b"
)
# Share of paragraphs that must open with a label for the file to be read as a transcript, and
# the fewest turns that makes one (a letter with "Note: ..." and "P.S.: ..." is no transcript).
TRANSCRIPT_LABEL_SHARE = 0.6
MIN_TRANSCRIPT_TURNS = 3
# Words that open "label:" lines in ordinary prose, never a speaker.
_NOT_SPEAKERS = frozenset(
    "note notes update updates source sources warning caution example examples summary "
    "abstract conclusion conclusions re subject date to from cc bcc ps p.s tags keywords "
    "photo image caption correction editor's "
    # Words that say what a titled piece is ("Letter: The repair is the right choice").
    "letter letters opinion op-ed editorial commentary column analysis review "
    # Fields of a transcript's head ("Location: Stanley Road", "Recorded: 9 June 1981").
    "location venue place recorded transcribed transcriber duration "
    # A briefing's head ("Topic: Arrests after the fire": `meetinghead`).
    "topic".split()
)


def label_match(text: str) -> tuple[str, int] | None:
    """The speaker label `text` opens with and where its turn starts, or None."""
    match = _LABEL.match(text)
    if match is None:
        return None
    # An office's label is its holder's turn: "The Minister for Schools (Ms Jane Roe)" -> Ms
    # Jane Roe.
    label = (
        match.group("holder")
        or match.group("reporter")
        or match.group("label")
        or match.group("stamped")
    )
    words = label.split()
    if (match.group("holder") or match.group("reporter")) and (
        len(words) < 2 or not all(w[:1].isupper() for w in words)
    ):
        return None  # "The report (page 4): ..." is prose, not an office and its holder
    if len(label) > _MAX_LABEL_CHARS or label.casefold().rstrip(".") in _NOT_SPEAKERS:
        return None
    # A name: its words are capitalised or all in one case, and none is a sentence's word
    # ("The council said: ..." is prose).
    if not (
        label.isupper() or label.islower() or all(w[:1].isupper() or w.isdigit() for w in words)
    ):
        return None
    return label, match.end()


def opening_label(text: str) -> str | None:
    found = label_match(text)
    return found[0] if found is not None else None


def line_label(line: str) -> tuple[str, bool] | None:
    """The speaker label a line opens with ("Roe: text", "MS. ROE:", "Jane Roe  1:15"), and
    whether the line is only the label (its turn starts on the next line); None for a line
    that opens no turn."""
    stripped = line.strip()
    found = label_match(stripped + "\n.")
    return None if found is None else (found[0], found[1] > len(stripped))


def speaker_turns(
    paragraphs: Sequence[Paragraph], share: float = TRANSCRIPT_LABEL_SHARE
) -> list[Paragraph] | None:
    """The paragraphs as speaker turns, when most open with a speaker label and labels recur
    (any extraction's: a transcript may be a web page or a PDF too); else None. Each turn's
    text starts after its label (and timestamp); a paragraph without one goes on the turn
    before it. A paragraph of no words said (a timestamp, "[APPLAUSE]") is left out, and one
    that is only a label ("MS. ROE:" alone, as a page may set it) gives the next its speaker.
    A paragraph set apart (`Paragraph.aside`: wholly in italics) with no label ends the turn
    before it: it and the unlabelled paragraphs after it are no one's turn (speaker None; an
    editor's line closing an interview), nor do they count against the labelled share.
    Other fields (section, page) are kept; `line` moves to where the turn's text starts.
    `share` is the least share of labelled paragraphs (lower where the file's structure says
    which paragraphs are labels: `htmlrecord`)."""
    kept: list[Paragraph] = []
    for piece in (piece for p in paragraphs for piece in _split_at_labels(p)):
        if not NO_WORDS_SAID.fullmatch(piece.text.strip()):
            kept.append(piece)
        elif (alone := _STAMP.fullmatch(piece.text.strip())) is not None:
            # A timestamp on its own line before a turn ("[00:12:30]" over "ROE: ..."): the
            # next paragraph's, as if it opened it.
            kept.append(dataclasses.replace(piece, text="", section=alone.group("clock")))
    labels = [turn_label(p.text) for p in kept]
    labelled = [found[0] for found in labels if found is not None]
    counted = sum(
        1 for p, found in zip(kept, labels, strict=True) if found or (p.text and not p.aside)
    )
    if len(labelled) < MIN_TRANSCRIPT_TURNS or len(labelled) < share * counted:
        return None
    counts = Counter(speaker_name(label) for label in labelled)
    if counts.most_common(1)[0][1] < 2:
        return None  # every label different: headings or list items, not speakers
    turns: list[Paragraph] = []
    speaker: str | None = None
    roles: dict[str, str] = {}
    # The time the turn being read starts at, as its label or the line before it gives it.
    time: str | None = None
    pending: str | None = None
    for paragraph, found in zip(kept, labels, strict=True):
        text, line = paragraph.text, paragraph.line
        if not text:
            pending = paragraph.section  # a timestamp alone: the next turn's
            continue
        if found is not None:
            speaker = speaker_name(found[0])
            role = label_role(text) or roles.get(speaker)
            holder = role_holder(text)
            if holder is not None:
                # "AUDIENCE MEMBER (TOM VALE):": Tom Vale's turn, as the audience member.
                speaker, role = speaker_name(holder), " ".join(speaker.split()).lower()
            if role is not None:
                roles[speaker] = role
            stamp = _STAMP.search(text, 0, found[1])
            time, pending = stamp.group("clock") if stamp is not None else pending, None
            if found[1] >= len(text):
                continue  # a label alone: its turn is the next paragraph
            if line is not None:
                line += text.count("\n", 0, found[1])
            text = text[found[1] :]
        elif paragraph.aside or _RECORD_NOTE.match(text):
            speaker, time = None, None
        section = paragraph.section
        if time is not None and speaker is not None:
            # Where the turn is in the recording, to cite it by ("00:03:08"): its heading.
            section = f"{section}, {time}" if section else time
        turns.append(
            dataclasses.replace(paragraph, text=text, speaker=speaker, line=line, section=section)
        )
    if turns and turns[-1].speaker is not None:
        # The footer after the last turn ("Media enquiries: press@... | 0170 ..."), a paragraph
        # or lines of its own: no words of the last speaker's, nor anyone's.
        turns[-1:] = _without_contact_lines(turns[-1])
    named = full_names(t.speaker for t in turns if t.speaker)
    for short, full in named.items():
        if short in roles:
            roles.setdefault(full, roles[short])
    out = []
    for turn in turns:
        speaker = named.get(turn.speaker or "", turn.speaker)
        role = roles.get(speaker) if speaker is not None else None
        out.append(dataclasses.replace(turn, speaker=speaker, speaker_role=role))
    return out


def _without_contact_lines(turn: Paragraph) -> list[Paragraph]:
    """The turn without the contact lines closing it (`release.is_contact_line`); none left
    when it is only such lines."""
    lines = turn.text.split("\n")
    while lines and is_contact_line(lines[-1]):
        lines.pop()
    text = "\n".join(lines).strip()
    return [dataclasses.replace(turn, text=text)] if text else []


def label_role(text: str) -> str | None:
    """The role the speaker label `text` opens with gives its speaker (lower case, without
    "the"): an office whose holder it names ("The Minister for Schools (Ms Jane Roe):" ->
    "minister for schools"), else a job title in parentheses after the name ("MARCUS LEE
    (HOST):" -> "host"; `people.role_in`); None for none ("Ms Jane Roe (Northfield) (Lab):")."""
    match = _LABEL.match(text)
    if match is None:
        return None
    office = match.group("office")
    if office:
        return " ".join(office.split()[1:]).lower().rstrip(",")
    if match.group("reporter"):
        outlet = match.group("outlet")
        return f"reporter for {' '.join(outlet.split())}" if outlet else "reporter"
    name = match.group("label") or match.group("stamped") or ""
    written = match.group(0)[match.group(0).find(name) + len(name) :]
    for inner in re.findall(r"\(([^()]*)\)", written):
        role = role_in(inner.split())
        if role is not None:
            return role
    return None


def role_holder(text: str) -> str | None:
    """The name in parentheses after a label that is a role ("AUDIENCE MEMBER (TOM VALE):" ->
    "TOM VALE"; `rolenames.ROLES`), or None (a name's label, or no name in parentheses)."""
    match = _LABEL.match(text)
    name = match.group("label") if match is not None else None
    if match is None or name is None or " ".join(name.split()).casefold() not in ROLES:
        return None
    written = match.group(0)[match.group(0).find(name) + len(name) :]
    for inner in re.findall(r"\(([^()]*)\)", written):
        words = inner.split()
        if 2 <= len(words) <= 4 and role_in(words) is None and not re.search(r"\d", inner):
            return " ".join(words)
    return None


def full_names(speakers: Iterable[str]) -> dict[str, str]:
    """Short label -> the one full label of the same speaker: a record names a speaker in full
    at their first turn and by title and surname after it ("Ms Rosalind Achebe (Northfield)
    (Lab):", then "Ms Achebe:"; "SEN. JANE ROE:", then "ROE:"), and both are one voice. A
    short label is one surname once its honorific is gone (`people.canonical`); its full label
    is the only other label whose name, more words, ends with that surname. Labels that match
    no full one, or several, are left out."""
    labels = list(dict.fromkeys(speakers))
    names = {label: canonical(label).casefold().split() for label in labels}
    out: dict[str, str] = {}
    for label in labels:
        if len(names[label]) != 1:
            continue
        full = [
            other
            for other in labels
            if len(names[other]) > 1 and names[other][-1] == names[label][0]
        ]
        if len(full) == 1:
            out[label] = full[0]
    return out


def _split_at_labels(paragraph: Paragraph) -> list[Paragraph]:
    """A paragraph opening with a label, split where another of its lines opens a turn ("Q: ..."
    then "A: ..." on the next line, no blank line between them)."""
    lines = paragraph.text.split("\n")
    if len(lines) < 2 or label_match(paragraph.text) is None:
        return [paragraph]
    starts = [
        0,
        *(
            i
            for i in range(1, len(lines))
            if (label := line_label(lines[i])) is not None and not label[1]
        ),
    ]
    if len(starts) < 2:
        return [paragraph]
    return [
        dataclasses.replace(
            paragraph,
            text="\n".join(lines[start:end]).strip(),
            line=None if paragraph.line is None else paragraph.line + start,
        )
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)
    ]


def turn_label(text: str) -> tuple[str, int] | None:
    """The label a paragraph opens with and where its turn starts; for a paragraph that is only
    a label ("MS. ROE:", as a page may set it), the label and the paragraph's length."""
    found = label_match(text)
    if found is not None:
        return found
    alone = line_label(text)
    return (alone[0], len(text)) if alone is not None and alone[1] else None


def speaker_name(label: str) -> str:
    """A label as a name: 'MS. ROE' -> 'Ms. Roe', 'OKONKWO-HALE' -> 'Okonkwo-Hale', 'O'BRIEN'
    -> 'O'Brien', 'TOM McDONALD' -> 'Tom McDonald' (`casing.name_case`); 'Q' stays 'Q'; other
    cases as written."""
    name = " ".join(label.split())
    if in_capitals(name) and len(name) > 2:
        return name_case(name)
    if name.islower():
        return " ".join(map(capitalised, name.split()))
    return name
