"""The numbered parts of a document a question names: "recommendation 3", "table 1",
"section 2.1", "annex B", "question 2", "footnote 5"; a diary's day, a recording's time.

A policy report, a consultation or a debate pack numbers its parts, and readers ask for them by
number ("what does recommendation 3 say?"). BM25 weighs the number as one word among others, so
"Recommendation 5" of a document whose other words match better came first. A question that
names a numbered part is answered from the passages that are that part, when the scope has any
(`labelled_positions`): a passage opening with the label ("Recommendation 3: ...", "Table 1 -
..."), one under a heading opening with it ("2.1 Background" for section 2.1, "Annex B"), an
item of a numbered list under a heading of that kind ("3. ..." under "Recommendations"), or a
note opening with its number ("5 Department for Transport, ...") for a footnote. Rules written
from how reports set their parts; no model.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.engine.models import Passage
from bot.engine.text import Analyser

# Each kind of numbered part, by the word a question uses (singular and plural forms); "fig."
# is a figure.
_KINDS: dict[str, str] = {
    "recommendation": "recommendations?",
    "table": "tables?",
    "figure": "figures?|fig\\.?",
    "section": "sections?",
    "chapter": "chapters?",
    "annex": "annex(?:es)?",
    "appendix": "appendix|appendices",
    "question": "questions?",
    "point": "points?",
    "clause": "clauses?",
    "article": "articles?",
    "part": "parts?",
    "step": "steps?",
    "principle": "principles?",
    "option": "options?",
    "proposal": "proposals?",
    "finding": "findings?",
    "case study": "case stud(?:y|ies)",
    "footnote": "footnotes?|endnotes?|notes?",
    # A judgment's or a report's own numbered paragraph ("para 12", "paragraph 12"; "¶12" is
    # the tool's own numbering of passages, no label).
    "paragraph": "paragraphs?|paras?\\.?",
}
# A part's number: "3", "2.1", "4a", a letter ("annex B"), or a Roman numeral ("part IV").
_NUMBER = r"(?P<number>\d+(?:\.\d+)*[a-z]?|[a-z]|[ivx]{1,5})(?![\w'])"
_ASKED = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<k{i}>{forms})" for i, forms in enumerate(_KINDS.values()))
    + r")\s*"
    + _NUMBER,
    re.IGNORECASE,
)
# A paragraph cited in square brackets, as judgments cite one another's ("at [12]").
_BRACKETED = re.compile(r"(?<!\w)\[(\d{1,3})\](?!\w)")
# Parts a bare number at a heading's start names ("2.1 Background" is section 2.1).
_NUMBERED_HEADINGS = frozenset({"section", "chapter", "part"})
# Parts that are items of a numbered list under a heading of their kind ("3. ..." under
# "Recommendations").
_LIST_ITEMS = frozenset(
    {"recommendation", "point", "step", "principle", "option", "proposal", "finding", "question"}
)
# Headings over notes.
_NOTES_HEADING = re.compile(r"\b(?:notes?|footnotes?|endnotes?|references|sources)\b", re.I)
# Longest text a heading alone is: a passage this short without a full stop is only the
# label's heading, and the passage after it is the part's content.
_HEADING_CHARS = 80
# Longest note: a footnote is a line or two.
_NOTE_CHARS = 400
# Most passages read for a label where no term narrows them (a letter or Roman numeral in a
# scope this large is looked for only in passages whose words hold the part's kind).
LABEL_SCAN_PASSAGES = 20_000


@dataclass(frozen=True, slots=True)
class Label:
    """A numbered part a question names: its kind ("recommendation", "section") and its number
    as typed ("3", "2.1", "b", "iv"; compared without case)."""

    kind: str
    number: str


def asked_labels(question: str) -> tuple[Label, ...]:
    """The numbered parts `question` names, in order ("what do recommendations 2 and 3 say"
    names recommendation 2 only: a list is not read; "facts and figures 2023" names no figure:
    a year numbers no part)."""
    found: list[Label] = []
    for match in _ASKED.finditer(question):
        kind = next(k for i, k in enumerate(_KINDS) if match.group(f"k{i}") is not None)
        number = match.group("number")
        if re.fullmatch(r"(?:19|20)\d\d", number):
            continue  # "facts and figures 2023", "the 2024 recommendations": a year
        if len(number) == 1 and number.isalpha() and kind not in ("annex", "appendix", "part"):
            continue  # "point a" is rare; "question a" is no label
        if number.isalpha() and len(number) > 1 and kind not in ("part", "chapter", "article"):
            continue  # Roman numerals number parts, chapters and articles
        found.append(Label(kind, number.lower()))
    # A judgment's paragraph cited as the courts cite it: "at [12]".
    found.extend(Label("paragraph", number) for number in _BRACKETED.findall(question))
    day = day_label(question)
    if day is not None:
        found.append(day)
    time = time_label(question)
    if time is not None:
        found.append(time)
    return tuple(dict.fromkeys(found))


# A time in a recording a question names ("at 12:30", "at 00:12:30", "around minute 12", "12
# minutes in"): a transcript's turn, when its heading ends with the time it starts at, as
# `formats.transcript` sets turns. The label's number is the range of start times, in seconds,
# "first-last": a clock names the turn started within the minute before it (the one being
# spoken then, unless a turn runs longer), a minute the turns started in it.
_TIME_ASKED = re.compile(
    r"\b(?:at|around|about|from|near|after)\s+(?:the\s+)?(?:"
    r"(?:minute|min\.?)\s+(?P<minute>\d{1,3})\b|(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)(?![\d:]))"
    r"|\b(?P<into>\d{1,3})\s+minutes?\s+in(?:to\s+(?:the|it))?\b",
    re.IGNORECASE,
)
# A turn's heading ending with its time ("00:03:08", "Part two, 00:41:12").
_TURN_TIME = re.compile(r"(?:^|,\s)(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)$")
TIME = "time"
# A clock names the turn that started at most this many seconds before it, the last to start
# (a minute names every turn started in it); its label's number ends with this mark.
_TURN_LEAD_SECONDS = 60
_CLOCK_MARK = "c"


def time_label(text: str) -> Label | None:
    """The time in a recording `text` names as a turn's label ("at 12:30": Label("time",
    "690-750c"), the last turn started in that range; "around minute 12": Label("time",
    "720-779"), every turn started in it), or None."""
    found = _TIME_ASKED.search(text)
    if found is None:
        return None
    if found.group("clock"):
        at = _seconds(found.group("clock"))
        return Label(TIME, f"{max(0, at - _TURN_LEAD_SECONDS)}-{at}{_CLOCK_MARK}")
    minute = int(found.group("minute") or found.group("into"))
    return Label(TIME, f"{minute * 60}-{minute * 60 + 59}")


def _seconds(clock: str) -> int:
    """A clock ("12:30", "1:02:03") in seconds: the last part seconds, then minutes, hours."""
    total = 0
    for part in clock.split(":"):
        total = total * 60 + int(part)
    return total


def _at_time(asked: str, heading: str | None) -> bool:
    """Whether a turn's heading ends with a time in the range asked for ("690-750")."""
    found = _TURN_TIME.search(heading) if heading else None
    if found is None:
        return False
    first, last = (int(end) for end in asked.rstrip(_CLOCK_MARK).split("-"))
    return first <= _seconds(found.group("clock")) <= last


# A day a question names ("on 3 June", "June 3rd, 1940", "3rd of June 1940"): a diary's entry,
# when a passage stands under that date (its heading), as `formats.head.dated_entries` sets
# entries. The label's number is "month-day" or "year-month-day".
_MONTH_NUMBERS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH}"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<day2>\d{{1,2}}){_ORDINAL}(?!\d))"
    r"(?:,?\s+(?P<year>1\d{3}|20\d\d))?\b",
    re.IGNORECASE,
)
ENTRY = "entry"


@functools.lru_cache(maxsize=4096)
def day_label(text: str) -> Label | None:
    """The first day `text` names as an entry's label ("3 June 1940": Label("entry",
    "1940-6-3"); "June 3rd": Label("entry", "6-3")), or None."""
    for match in _DAY.finditer(text):
        month = _MONTH_NUMBERS[(match.group("month") or match.group("month2")).lower()]
        day = int(match.group("day") or match.group("day2"))
        if 1 <= day <= calendar.monthrange(2000, month)[1]:  # 2000: a leap year
            year = f"{match.group('year')}-" if match.group("year") else ""
            return Label(ENTRY, f"{year}{month}-{day}")
    return None


def _same_day(asked: str, heading: str | None) -> bool:
    """Whether a heading's day is the day asked for (its year too, when the question gives one)."""
    found = day_label(heading) if heading else None
    if found is None:
        return False
    return found.number == asked or found.number.split("-", 1)[-1] == asked


def _opens_with(text: str, label: Label) -> bool:
    """Whether `text` opens with the label's kind and number ("Recommendation 3:", "Table 1
    -", "Fig. 2", "Case study 1")."""
    forms = _KINDS[label.kind]
    pattern = rf"^\W{{0,3}}(?:{forms})\s+{re.escape(label.number)}(?![\w'])"
    return re.match(pattern, text.lstrip(), re.IGNORECASE) is not None


def _numbered(text: str, number: str, *, within: bool = False) -> bool:
    """Whether `text` opens with the number as a heading or a list item does ("2.1 Background",
    "3. The council should ...", "(3) ..."); `within`: or with a number under it ("2.1
    Sampling" is in section 2)."""
    under = r"(?:\.\d+)*" if within else ""
    pattern = rf"^\(?{re.escape(number)}{under}(?:[.)]\s+|\s+(?=[A-Z]))"
    return re.match(pattern, text.lstrip(), re.IGNORECASE) is not None


def is_labelled(passage: Passage, label: Label) -> bool:
    """Whether `passage` is the part `label` names (see the module)."""
    if label.kind == ENTRY:
        return _same_day(label.number, passage.heading)
    if label.kind == TIME:
        return _at_time(label.number, passage.heading)
    text = passage.text
    titles = [t for t in (passage.heading, passage.section) if t]
    if _opens_with(text, label) or any(_opens_with(t, label) for t in titles):
        return True
    if label.kind in _NUMBERED_HEADINGS:
        # A heading set as a passage of its own ("2.1 Background" in a pasted text) too.
        return any(_numbered(t, label.number, within=True) for t in titles) or (
            heading_only(passage) and _numbered(text, label.number, within=True)
        )
    if label.kind in _LIST_ITEMS:
        kind_word = re.compile(rf"\b(?:{_KINDS[label.kind]})\b", re.IGNORECASE)
        return _numbered(text, label.number) and any(kind_word.search(t) for t in titles)
    if label.kind == "paragraph":
        # A judgment's own paragraph opening with its number ("12. In my judgment ...",
        # "[12] ...", "(12) ..."), whatever heading it stands under.
        return re.match(rf"^[\[(]?{re.escape(label.number)}[.)\]]\s+\S", text.lstrip()) is not None
    if label.kind == "footnote":
        opening = re.match(rf"^\[?{re.escape(label.number)}\]?[.)]?\s+\S", text.lstrip())
        return (
            opening is not None
            and 25 <= len(text) <= _NOTE_CHARS
            and (any(_NOTES_HEADING.search(t) for t in titles) or bool(re.search(r"[,.]", text)))
        )
    return False


def _is_the_label_line(passage: Passage, label: Label) -> bool:
    """Whether the passage's own text is the part's label line ("Recommendation 3", "2.1
    Background"), not a passage under a heading naming the part (a table's row "Bill savings |
    £283.5m" under "Table 2: ..." is the part itself)."""
    return _opens_with(passage.text, label) or _numbered(passage.text, label.number, within=True)


def heading_only(passage: Passage) -> bool:
    """Whether the passage is a heading alone ("Recommendation 3", "2.1 Background"): short,
    with no full stop."""
    text = passage.text.strip()
    return len(text) <= _HEADING_CHARS and not re.search(r"[.!?:]\s", text + " ")


def labelled_positions(
    passages: Sequence[Passage],
    labels: Sequence[Label],
    allowed: np.ndarray,
    terms_at: dict[Label, np.ndarray] | None,
) -> np.ndarray:
    """Positions (ascending, int64) of the `allowed` passages that are a part `labels` names;
    a heading alone gives way to the first passage after it in its document that is more than
    a heading. Empty when none is.

    `allowed`: a boolean mask over positions. `terms_at`: for each label, the positions of the
    passages holding its kind's and number's terms (`label_terms`), the only ones read; None:
    every allowed passage is read (a heading's number is in no passage's terms), as for a
    scope of at most LABEL_SCAN_PASSAGES passages."""
    every: set[int] = set()
    visible = np.flatnonzero(allowed)
    for label in labels:
        found: set[int] = set()
        looked = visible if terms_at is None else terms_at.get(label, visible[:0])
        for position in looked.tolist():
            passage = passages[position]
            if not is_labelled(passage, label):
                continue
            if heading_only(passage) and _is_the_label_line(passage, label):
                # The first passage under it that is more than a heading ("2 Context" is
                # followed by "2.1 Background", then by the text).
                after = position + 1
                while (
                    after < len(passages)
                    and passages[after].doc_id == passage.doc_id
                    and heading_only(passages[after])
                ):
                    after += 1
                if (
                    after < len(passages)
                    and allowed[after]
                    and passages[after].doc_id == passage.doc_id
                ):
                    found.add(after)
                    continue
            found.add(position)
        if label.kind == TIME and label.number.endswith(_CLOCK_MARK):
            found = _spoken_at(passages, found)
        every |= found
    return np.array(sorted(every), dtype=np.int64)


def _spoken_at(passages: Sequence[Passage], found: set[int]) -> set[int]:
    """Of the turns `found` (positions) started within the minute before a clock a question
    names, the one being spoken then in each document: the last to start."""
    latest: dict[str, int] = {}
    for position in sorted(found):
        latest[passages[position].doc_id] = position
    return set(latest.values())


def label_terms(label: Label, analyser: Analyser) -> list[str]:
    """The terms a passage opening with `label` holds: its kind's word and its number (a letter
    is no term: then the kind's word alone); for an entry, none (its date is its heading's)."""
    if label.kind in (ENTRY, TIME):
        return []
    return analyser.terms(f"{label.kind} {label.number}")
