"""A hearing's typed transcript (an inquiry, a court, a committee): its pages' line numbers, its
examination's "Q." and "A." lines, and who is sworn, asks and answers.

Transcription services set a hearing's words on numbered pages: "Page 45" (or "45") over each,
the lines numbered 1 to 25 in the left margin, a speech's wrapped lines indented under it. The
numbers and headers are no one's words (`unnumbered`): a speech runs on across them, its
wrapped lines joined. A witness is sworn in a line of its own ("MR DAVID ORME (sworn)"), then
examined ("Examination by MS HALE KC", "BY MR. SMITH:"): each "Q." line is the examining
counsel's (the one named there, or the last counsel who spoke by label), each "A." line the
witness's, as "THE WITNESS:" is; the chair's turns ("THE CHAIR:") are the person the head
names "Before: Sir Alan Pryce (Chair)". The head over the first speech gives the title ("THE
KESTRELMOUTH FLOOD DEFENCES INQUIRY", with "Day 12") and the date ("Day 12 — 4 March 2025");
the procedural lines ("(sworn)", "(11.12 am)", "(Short adjournment)", "Examination by ...")
are no passages. A select committee's "Q12 Chair:" is the chair's turn, its number dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.engine.formats.casing import HONORIFICS, POST_NOMINALS, name_case, title_case
from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import date_in
from bot.engine.formats.hyphens import broken_word, joined_lines, written_words
from bot.engine.formats.transcript import label_match, line_label

# A margin line number: one or two digits at the start of a line, then spaces or the line's
# end. Pages of 25 lines are the UK's and the US's courts' and inquiries' form; some services
# number up to 28 or 30 (`_MAX_MARGIN` allows for them).
_MARGIN = re.compile(r"^[ \t]*(?P<n>\d{1,2})(?=[ \t]|$)[ \t]*")
_MAX_MARGIN = 30
# A file is margin-numbered when at least this many of its lines are, this share of its
# filled lines are, and this share of the numbered lines follow the one before (or restart a
# page at 1). Set on the trial's inquiry day (4 pages, 101 of 106 filled lines numbered, every
# one in sequence) and on prose with numbered lists, which fails the sequence.
_MIN_NUMBERED_LINES = 10
_NUMBERED_SHARE = 0.8
_IN_SEQUENCE_SHARE = 0.9
# A page's header or footer: "Page 45", "45", "- 45 -".
_PAGE_MARK = re.compile(r"(?:page[ \t]+)?\d{1,4}|[-–—][ \t]*\d{1,4}[ \t]*[-–—]", re.I)
_RUNNING_PAGE = re.compile(r"\S[ \t]{3,}page[ \t]+\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?[ \t]*$", re.I)
# An index's entry ("MR DAVID ORME (sworn) .......... 1") and its heading ("INDEX", "I N D E X").
_INDEX_LINE = re.compile(r".*(?:\.[ \t]?){4,}[ \t]*\d{1,4}|I[ \t]?N[ \t]?D[ \t]?E[ \t]?X|PAGE")
# An examination's lines: "Q." / "A." (or "Q:" / "A:") then the words.
_QUESTION = re.compile(r"Q[.:][ \t]+")
_ANSWER = re.compile(r"A[.:][ \t]+")
# A witness called: "MR DAVID ORME (sworn)", "DR JANE ROE (affirmed)", "MS ROE (recalled)",
# "JANE ROE, having been duly sworn, testified as follows:".
_SWORN = re.compile(
    r"(?P<name>[^()\n:]{2,60}?)[ \t]*(?:\((?:sworn|affirmed|re-?sworn|recalled|further "
    r"sworn|on former oath|continued)\)|,[ \t]+(?:having[ \t]+been[ \t]+)?(?:duly[ \t]+)?"
    r"(?:sworn|affirmed)\b.*)",
    re.I,
)
# Who examines: "Examination by MS HALE KC", "Cross-examined by Mr Bassey", "Questioned by THE
# CHAIR", "Further re-examination by ...", "DIRECT EXAMINATION BY MR. SMITH:", "BY MR. SMITH:";
# and who speaks next, unlabelled: "Opening statement by MS HALE KC".
_EXAMINER = re.compile(
    r"(?:(?P<what>[A-Za-z][A-Za-z -]{0,40}?)[ \t]+)?(?:by|from)[ \t]+(?P<name>[^:()\n]{2,60}?)"
    r"[ \t]*(?:\(continued\))?[ \t]*:?",
    re.I,
)
_EXAMINATION = re.compile(
    r"(?:(?:further|direct|redirect|recross|re|cross)[- ]?)*"
    r"(?:examination|examined|questioning|questioned|questions|opening statement|closing "
    r"statement|statement|opening submissions|closing submissions|submissions)"
    r"(?: of the witness)?",
    re.I,
)
# A line of no words said: a time ("(11.12 am)", "10.00 am"), a note of what happened ("(The
# witness withdrew)", "(Short adjournment)", "[Pause]").
_PROCEDURAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\d{1,2}[.:]\d{2}[ \t]*(?:[ap]\.?m\.?)?", re.I)
# A select committee's question number before the label ("Q12 Chair:").
_QUESTION_NUMBER = re.compile(r"Q\d{1,4}[ \t]+(?=\S)")
# The fewest numbered questions that make a committee's oral evidence of a labelled text.
_MIN_NUMBERED_QUESTIONS = 2
# A mixed-case label must open like a speaker's ("Chair:", "Mr Smith:"), not like a sentence's
# clause ("Held at:"); labels in capitals ("MS HALE KC:") are speakers.
_SPEAKER_WORD = re.compile(
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Baroness|Professor|Prof|Judge|Justice|Chair"
    r"|Chairman|Chairwoman|Chairperson|The|Councillor|Cllr)\b\.?"
)
# Labels that are the chair, the witness or the bench, not a person's name.
_CHAIR_LABELS = frozenset("the chair|the chairman|the chairwoman|the chairperson|chair".split("|"))
_BENCH_LABELS = frozenset("the court|the judge|the coroner|the president".split("|"))
_WITNESS_LABELS = frozenset(("the witness", "witness", "a"))
# "Before: Sir Alan Pryce (Chair)": who presides.
_BEFORE = re.compile(
    r"before[ \t]*:?[ \t]+(?P<name>[^()\n]{3,80}?)[ \t]*(?:\((?P<role>[^)]*)\))?", re.I
)
# Who is in the chair, as a head's "Before:" or "Members present:" line says: "Sir Alan Pryce
# (Chair)".
_PRESIDING = re.compile(
    r"(?P<name>(?:[A-Z][\w.'’-]*[ \t]+){0,4}[A-Z][\w.'’-]*)[ \t]*"
    r"\((?i:in the chair|chair|chairman|chairwoman|chairperson|presiding)\)"
)
# The hearing's day in its head ("Day 12 — 4 March 2025"): part of its title.
_MAX_TITLE_CHARS = 150
_DAY = re.compile(r"\bDay[ \t]+(?P<day>\d{1,3})\b", re.I)


@dataclass(frozen=True, slots=True)
class Hearing:
    """A hearing's transcript as read: its turns (`Paragraph.speaker` each, the head's own
    lines none), the title and the date its head gives (None where it gives none)."""

    paragraphs: tuple[Paragraph, ...]
    title: str | None
    date: dt.date | None


@dataclass(slots=True)
class _Turn:
    speaker: str | None
    role: str | None
    line: int
    lines: list[str]


def read_hearing(text: str) -> Hearing | None:
    """`text` (with '\\n' line ends) read as a hearing's transcript, or None when it is none: a
    transcript margin-numbered (`unnumbered`) with speeches by label or "Q." and "A." lines,
    or one unnumbered whose witness is sworn or examined and answers in "A." lines. Never
    raises."""
    lines = text.split("\n")
    numbered = unnumbered(lines)
    body = numbered if numbered is not None else [(i, line) for i, line in enumerate(lines)]
    numbered_questions = sum(1 for _, line in body if _QUESTION_NUMBER.match(line.strip()))
    # A committee's witnesses may speak once, in no capitals ("Sam Oduya:").
    least = 1 if numbered_questions >= _MIN_NUMBERED_QUESTIONS else 2
    speakers = _recurring_labels((line.strip() for _, line in body), least)
    kinds = _open_notes(
        [line for _, line in body], [_kind(line.strip(), speakers) for _, line in body]
    )
    examined = kinds.count("Q") >= 2 and kinds.count("A") >= 2
    if numbered is None:
        committee = numbered_questions >= _MIN_NUMBERED_QUESTIONS and kinds.count("label") >= 3
        if not committee and not (examined and {"sworn", "examiner", "witness"} & set(kinds)):
            return None
    elif not (examined or kinds.count("label") >= 3):
        return None
    first = next((i for i, kind in enumerate(kinds) if kind not in ("text", "blank")), 0)
    head = [(n, line.strip()) for n, line in body[:first] if line.strip()]
    title, date, chair = _head(head)
    turns = _turns(body[first:], kinds[first:], chair, speakers, blank_ends=numbered is None)
    vocabulary = written_words(line for _, line in body)
    # The head as the transcript sets it (the inquiry's name, the day, where and before whom):
    # a passage too, as a cover page is.
    paragraphs = (
        [Paragraph(text="\n".join(line for _, line in head), line=head[0][0] + 1)] if head else []
    )
    paragraphs += [
        Paragraph(
            text=_joined(turn.lines, vocabulary),
            speaker=turn.speaker,
            line=turn.line + 1,
            speaker_role=turn.role,
        )
        for turn in turns
        if any(line.strip() for line in turn.lines)
    ]
    return Hearing(tuple(_one_name_each(paragraphs)), title, date)


def unnumbered(lines: Sequence[str]) -> list[tuple[int, str]] | None:
    """The lines of a margin-numbered transcript without their numbers, each with its index in
    `lines` (blank lines kept as ""; page headers and footers, "Page 45", left out), or None
    when `lines` are not numbered so (see `_MIN_NUMBERED_LINES`)."""
    numbers: list[int | None] = []
    for line in lines:
        match = _MARGIN.match(line)
        number = int(match.group("n")) if match else None
        numbers.append(number if number is not None and 0 < number <= _MAX_MARGIN else None)
    found = [n for n in numbers if n is not None]
    filled = sum(1 for line in lines if line.strip())
    marks = sum(1 for line in lines if _PAGE_MARK.fullmatch(line.strip()))
    in_sequence = sum(1 for a, b in itertools.pairwise(found) if b in (a + 1, 1))
    if (
        len(found) < _MIN_NUMBERED_LINES
        or len(found) < _NUMBERED_SHARE * (filled - marks)
        or in_sequence < _IN_SEQUENCE_SHARE * (len(found) - 1)
    ):
        return None
    # A running header or footer: an unnumbered line whose shape recurs ("Kestrelmouth Inquiry
    # 4 March 2025   Page 46"), or that ends with its page's number.
    shapes = Counter(
        _shape(line) for line, n in zip(lines, numbers, strict=True) if n is None and line.strip()
    )
    out: list[tuple[int, str]] = []
    for index, (line, number) in enumerate(zip(lines, numbers, strict=True)):
        if number is not None:
            out.append((index, _MARGIN.sub("", line, count=1)))
        elif (
            not line.strip()
            or _PAGE_MARK.fullmatch(line.strip())
            or _RUNNING_PAGE.search(line)
            or shapes[_shape(line)] > 1
        ):
            out.append((index, ""))
        else:
            out.append((index, line))  # an unnumbered line of words: kept as written
    return out


def _shape(line: str) -> str:
    """A line with its numbers as "#" and its white space single: a running header's shape."""
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _kind(line: str, speakers: frozenset[str]) -> str:
    """What a transcript's line (stripped) is: "blank", "Q", "A", "label", "sworn",
    "examiner", "witness" (a "THE WITNESS:" label), "procedural", "index" or "text"."""
    if not line:
        return "blank"
    if _INDEX_LINE.fullmatch(line):
        return "index"
    if _QUESTION.match(line):
        return "Q"
    if _ANSWER.match(line):
        return "A"
    if _PROCEDURAL.fullmatch(line) or (
        line.isupper() and _EXAMINATION.fullmatch(line.rstrip(": \t"))
    ):
        return "procedural"  # a time, a note, or a heading naming no one ("CROSS-EXAMINATION")
    if _sworn(line) is not None:
        return "sworn"
    if _examiner(line) is not None:
        return "examiner"
    label = _label(line, speakers)
    if label is not None:
        return "witness" if label[0].casefold() in _WITNESS_LABELS else "label"
    return "text"


def _sworn(line: str) -> str | None:
    """The witness a line swears in ("MR DAVID ORME (sworn)"), as written; None for none."""
    match = _SWORN.fullmatch(line)
    if match is None:
        return None
    name = match.group("name").strip()
    return name if all(word[:1].isupper() for word in name.split()) else None


def _examiner(line: str) -> str | None:
    """Who a heading says examines (or speaks next): "Examination by MS HALE KC", "BY MR.
    SMITH:" (in capitals); None for a line of words that holds "by"."""
    match = _EXAMINER.fullmatch(line)
    if match is None:
        return None
    what, name = match.group("what"), match.group("name")
    if what is None:
        return name if line.isupper() else None
    return name if _EXAMINATION.fullmatch(what.strip()) else None


def _recurring_labels(lines: Iterable[str], least: int) -> frozenset[str]:
    """The speaker labels (`transcript.label_match`) that open `least` lines or more: a
    committee's witnesses ("Jane Smith:"), whose labels are in no capitals."""
    found = Counter(
        label[0]
        for line in lines
        if (label := label_match(_QUESTION_NUMBER.sub("", line, count=1))) is not None
    )
    return frozenset(label for label, count in found.items() if count >= least)


def _label(line: str, speakers: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """The speaker label a line opens with and the words after it ("" for a label alone), a
    select committee's question number dropped ("Q12 Chair:"); None for none. A label not in
    capitals nor after a question's number must open as a speaker's does ("Mr Smith:",
    "Chair:") or be among `speakers`, the labels that recur."""
    numbered = _QUESTION_NUMBER.match(line) is not None
    if numbered:
        line = _QUESTION_NUMBER.sub("", line, count=1)
    found = label_match(line)
    if found is not None:
        label, rest = found[0], line[found[1] :]
    elif (alone := line_label(line)) is not None and alone[1]:
        label, rest = alone[0], ""
    else:
        return None
    if not (numbered or label.isupper() or _SPEAKER_WORD.match(label) or label in speakers):
        return None
    return label, rest.strip()


def _open_notes(lines: Sequence[str], kinds: list[str]) -> list[str]:
    """`kinds`, a procedural note over two lines or more ("(The hearing adjourned until" over
    "10.00 am tomorrow)") procedural to the line that closes it."""
    out = list(kinds)
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if out[index] == "text" and line.startswith("(") and ")" not in line:
            end = next(
                (i for i in range(index + 1, min(index + 4, len(lines))) if ")" in lines[i]),
                None,
            )
            if end is not None and lines[end].strip().endswith(")"):
                for i in range(index, end + 1):
                    out[i] = "procedural"
                index = end
        index += 1
    return out


def _head(head: Sequence[tuple[int, str]]) -> tuple[str | None, dt.date | None, str | None]:
    """A head's title (its first line, with the day's number: "... Inquiry — Day 12"), date
    ("Day 12 — 4 March 2025") and the chair it names ("Before: Sir Alan Pryce (Chair)")."""
    title: str | None = None
    date: dt.date | None = None
    day: str | None = None
    chair: str | None = None
    for index, (_, line) in enumerate(head):
        found = date_in(line)
        if found is not None and date is None and len(line) <= _MAX_TITLE_CHARS:
            date = found
            day_match = _DAY.search(line)
            day = day_match.group("day") if day_match else None
        elif index == 0 and len(line) <= _MAX_TITLE_CHARS and not line.endswith("."):
            title = title_case(line)
        before = _BEFORE.fullmatch(line)
        presiding = _PRESIDING.search(line)
        if presiding is not None:
            chair = name_case(presiding.group("name"))
        elif before is not None and before.group("role") is None:
            chair = name_case(before.group("name"))
    if title is not None and day is not None:
        title = f"{title} — Day {day}"
    return title, date, chair


def _turns(
    body: Sequence[tuple[int, str]],
    kinds: Sequence[str],
    chair: str | None,
    speakers: frozenset[str],
    *,
    blank_ends: bool,
) -> list[_Turn]:
    """The body's lines as turns: each "Q." the examiner's, each "A." the witness's, each label
    its speaker's; a line of words goes on the turn before it (after a blank line, in a
    transcript without numbers, as a paragraph of its own, the same speaker's), or, after a
    heading naming who speaks ("Opening statement by ..."), opens that speaker's turn."""
    turns: list[_Turn] = []
    witness: str | None = None
    examiner: str | None = None
    examiners: set[str] = set()
    pending: str | None = None  # the speaker a heading named, until a turn starts
    paused = False  # a blank line: the next words are a new paragraph (unnumbered files)

    def start(speaker: str | None, role: str | None, n: int, words: str) -> None:
        turns.append(_Turn(speaker, role, n, [words] if words else []))

    for (n, line), kind in zip(body, kinds, strict=True):
        stripped = line.strip()
        if kind == "blank":
            paused = blank_ends and bool(turns)
            continue
        if kind in ("procedural", "index"):
            continue
        if kind == "sworn":
            witness = name_case(_sworn(stripped) or "") or witness
        elif kind == "examiner":
            examiner = pending = _speaker(_examiner(stripped) or "", chair, witness)
        elif kind == "Q":
            examiners.add(examiner or "Counsel")
            asker_role = "chair" if examiner is not None and examiner == chair else "counsel"
            start(examiner or "Counsel", asker_role, n, _QUESTION.sub("", stripped, count=1))
        elif kind == "A":
            start(witness or "Witness", "witness", n, _ANSWER.sub("", stripped, count=1))
        elif kind in ("label", "witness"):
            label = _label(stripped, speakers) or ("", "")
            speaker = _speaker(label[0], chair, witness)
            role = _role_of(label[0], speaker, chair, witness)
            if role is None:
                examiner = speaker  # counsel speaking by label asks the next questions
            start(speaker, role, n, label[1])
        elif pending is not None:
            start(pending, "chair" if pending == chair else None, n, stripped)
        elif turns and not paused:
            turns[-1].lines.append(stripped)
        else:
            last = turns[-1] if turns else None
            start(last.speaker if last else None, last.role if last else None, n, stripped)
        paused = False
        if kind != "examiner":
            pending = None
    for turn in turns:
        if turn.role is None and turn.speaker in examiners:
            turn.role = "counsel"
    return turns


def _speaker(label: str, chair: str | None, witness: str | None) -> str:
    """Who a label ("THE CHAIR", "THE WITNESS", "MS HALE KC") or an examiner's name names."""
    folded = " ".join(label.casefold().split())
    if folded in _CHAIR_LABELS:
        return chair or "The Chair"
    if folded in _WITNESS_LABELS:
        return witness or "Witness"
    if folded in _BENCH_LABELS:
        return title_case(label)
    return name_case(label)


def _role_of(label: str, speaker: str, chair: str | None, witness: str | None) -> str | None:
    """The role a label's speaker has in the hearing: "chair", "witness", or None (counsel or
    another party's representative)."""
    folded = " ".join(label.casefold().split())
    if folded in _CHAIR_LABELS or (chair is not None and speaker == chair):
        return "chair"
    if folded in _WITNESS_LABELS or (witness is not None and speaker == witness):
        return "witness"
    if folded in _BENCH_LABELS:
        return folded.split()[-1]
    return None


def _joined(lines: Sequence[str], vocabulary: set[str]) -> str:
    """A speech's lines as one paragraph: a word broken at a line's end whole again, the lines
    joined by a space."""
    out: list[str] = []
    for line in lines:
        if out and broken_word(out[-1], line) is not None:
            out[-1] = joined_lines(out[-1], line, vocabulary).replace("\n", " ")
        else:
            out.append(line)
    return " ".join(" ".join(out).split())


def _one_name_each(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """The turns, a speaker called by a shorter name ("Mr Orme", "Ms Hale") named as in full
    where one other name has the same surname and holds all its words but honorifics ("Mr David
    Orme", "Ms Hale KC")."""
    names = list(dict.fromkeys(p.speaker for p in paragraphs if p.speaker))
    keys = {name: _name_words(name) for name in names}
    full: dict[str, str] = {}
    for name in names:
        longer = [
            other
            for other in names
            if other != name
            and keys[name]
            and keys[other][-1:] == keys[name][-1:]
            and set(keys[name]) <= set(keys[other])
            and len(other.split()) > len(name.split())
        ]
        if len(longer) == 1:
            full[name] = longer[0]
    return [
        dataclasses.replace(p, speaker=full.get(p.speaker, p.speaker)) if p.speaker else p
        for p in paragraphs
    ]


def _name_words(name: str) -> list[str]:
    """A name's words, without honorifics and letters after it, case-folded."""
    words = [w.casefold().strip(".") for w in name.split()]
    return [w for w in words if w not in HONORIFICS and w not in POST_NOMINALS]
