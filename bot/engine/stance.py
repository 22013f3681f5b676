"""Which debate and which side a question means by the motion's subject.

"In the marriage debate", "the school uniforms motion": the words before "debate" or
"motion" are the subject of the motion of the debate meant (`debates_described`).


Which side: "the best argument for a minimum wage", "what do opponents of the cull say", "the case
against school uniforms": the question names no side, but a stance on a subject. Which side
that is depends on the motion: for a minimum wage is the proposition of "This house would
introduce a minimum wage", and for school uniforms is the opposition of "This house would ban
school uniforms". A stance resolves to a side when its subject is the subject of the motions
of the debates it matches (most of the subject's words are the motion's) and they agree on
the side; the answer then comes from that side of those debates, or from their introduction,
which often sums up each side ("Opponents counter that ..."). The stance's words are searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from bot.engine.models import Document, Kind, Side
from bot.engine.names import sides_named
from bot.engine.text import Analyser, term_set

# A stance on a subject: for it (arguments, supporters), or against it. The subject runs to the
# end of the clause, or to the verb of what its side says ("... of the cull say about farmers").
_STANCE = re.compile(
    r"\b(?:"
    r"(?P<pro>(?:arguments?|case|reasons?|points?)\s+(?:for|in\s+favou?r\s+of|supporting)"
    r"|(?:supporters?|proponents?|advocates?|defenders?|backers?)\s+of"
    r"|(?:those|people|the\s+ones)\s+(?:for|in\s+favou?r\s+of|supporting|who\s+support))"
    r"|(?P<con>(?:arguments?|case|reasons?|points?)\s+against"
    r"|(?:opponents?|critics?|detractors?)\s+of"
    r"|(?:those|people|the\s+ones)\s+(?:against|opposed\s+to|opposing|who\s+oppose))"
    r")\s+(?P<subject>[^,;:?!.]+?)"
    r"(?=\s+(?:say|says|said|think|thinks|argue|argues|argued|claim|claims|believe|believes"
    r"|make|makes|put|puts|give|gives|offer|offers|respond|responds|answer|answers|about|in\s+the"
    r"|on\s+the|is|are|was|were)\b|\s*[,;:?!.]|\s*$)"
)
# Words that turn a motion (or a stance's subject) against what it names: "ban school
# uniforms", "abolish the monarchy", "arguments for banning uniforms".
_AGAINST_WORDS = (
    "ban bans banned banning abolish abolishing abolition prohibit prohibiting prohibition "
    "outlaw outlawing end ending scrap scrapping restrict restricting restriction limit "
    "limiting stop stopping remove removing criminalise criminalize criminalising "
    "criminalizing oppose opposing reject rejecting against not never cancel cancelling "
    "boycott boycotting withdraw withdrawing repeal repealing eliminate eliminating "
    "no without"
)
# Of the subject's words, more than this share (by count) must be the motion's for the stance
# to be on it.
SUBJECT_IN_MOTION = 0.5


@dataclass(frozen=True, slots=True)
class Stance:
    """A stance a question takes on a subject, before a motion says which side it is."""

    supports: bool  # for the subject (True) or against it
    subject: str  # the subject as written ("a minimum wage", "the cull")
    span: tuple[int, int]  # the words of the stance ("opponents of"), offsets in the question


def stance_named(question: str) -> Stance | None:
    """The first stance a folded (lower-case) question takes ("arguments for X", "opponents of
    X", "those against X"), or None."""
    match = _STANCE.search(question)
    if match is None:
        return None
    supports = match.group("pro") is not None
    words = match.group("pro") or match.group("con")
    start = match.start("pro") if supports else match.start("con")
    return Stance(supports, match.group("subject").strip(), (start, start + len(words)))


def side_of(
    stance: Stance, debates: Iterable[Document], analyser: Analyser
) -> tuple[Side, frozenset[str]] | None:
    """The side `stance` means and the debates it means it of: those of `debates` whose motion
    (or title) holds more than SUBJECT_IN_MOTION of the subject's words; their side for the
    subject is the proposition when the subject and the motion are both for or both against
    what they name ("a minimum wage" / "introduce a minimum wage"; "banning uniforms" / "ban
    school uniforms"), else the opposition. Of several such debates, those holding the most of
    the subject (`_on_subject`). None when no debate matches or those that do disagree."""
    against = term_set(analyser, _AGAINST_WORDS)
    subject_terms = term_set(analyser, stance.subject)
    subject = subject_terms - against
    if not subject:
        return None
    subject_against = bool(subject_terms & against)
    sides: dict[Side, set[str]] = {}
    for document, motion in _on_subject(subject, debates, analyser, _motion):
        motion_against = bool(motion & against)
        for_motion = stance.supports == (subject_against == motion_against)
        side = Side.PROPOSITION if for_motion else Side.OPPOSITION
        sides.setdefault(side, set()).add(document.id)
    if len(sides) != 1:
        return None
    side, doc_ids = next(iter(sides.items()))
    return side, frozenset(doc_ids)


def _motion(document: Document) -> str:
    return document.meta.motion or document.meta.title


def _motion_and_title(document: Document) -> str:
    return f"{document.meta.motion or ''} {document.meta.title}"


def _on_subject(
    subject: frozenset[str],
    debates: Iterable[Document],
    analyser: Analyser,
    text_of: Callable[[Document], str],
) -> list[tuple[Document, frozenset[str]]]:
    """The debates of `debates` whose `text_of` (their motion) holds the most of `subject`'s
    terms, more than SUBJECT_IN_MOTION of them ("a ferry timetable" is not the subject of a
    motion on ferry tolls), each with that text's terms."""
    best = SUBJECT_IN_MOTION * len(subject)
    found: list[tuple[Document, frozenset[str]]] = []
    for document in debates:
        if document.meta.kind is not Kind.DEBATE:
            continue
        motion = term_set(analyser, text_of(document))
        shared = len(subject & motion)
        if shared > best:
            best, found = shared, [(document, motion)]
        elif shared == best and found:
            found.append((document, motion))
    return found


# "The marriage debate", "the school uniforms motion", "the leaders' health debate": a few
# words before "debate" or "motion" (not "the debate" alone, which names by kind).
# Words by which a question speaks of debates, whatever else it names.
_SPEAKS_OF_DEBATES = re.compile(r"\b(?:debates?|motions?|sides?|teams?|props?|opps?|rebuttals?)\b")

_DESCRIBED_DEBATE = re.compile(
    r"\bthe\s+(?P<subject>(?:[\w'’-]+\s+){1,5}?)(?:debate|motion|debates|motions)\b"
)


def debates_described(
    question: str, debates: Iterable[Document], analyser: Analyser
) -> tuple[tuple[int, int], frozenset[str]] | None:
    """The span of "the <subject> debate" in a folded question and the debates it means: of
    `debates`, those whose motion (or title) holds the most of the subject's words, more than
    SUBJECT_IN_MOTION of them; None when the question says no such thing or no debate fits."""
    match = _DESCRIBED_DEBATE.search(question)
    if match is None:
        return None
    subject = term_set(analyser, match.group("subject"))
    if not subject:
        return None
    found = _on_subject(subject, debates, analyser, _motion_and_title)
    return (match.span(), frozenset(d.id for d, _ in found)) if found else None


@dataclass(slots=True)
class DebateFocus:
    """What a question says of debates: the documents it names (`doc_ids`, as named before, or
    the debate its subject names), the spans of the words that say so (not searched), the side
    it names, and whether that side came from a stance (the introduction may answer too)."""

    doc_ids: AbstractSet[str]
    spans: list[tuple[int, int]]
    side: Side | None = None
    with_introduction: bool = False


def debate_focus(
    question: str,
    doc_ids: AbstractSet[str],
    spans: list[tuple[int, int]],
    documents: Mapping[str, Document],
    visible: Callable[[], list[Document]],
    analyser: Analyser,
    said_outside_debates: Callable[[str, str], bool] = lambda words, rest: False,
) -> DebateFocus:
    """A folded question's debate side and debate, beside the documents it named (`doc_ids`,
    with `spans`, the words naming them; ids of `documents`): a single side named as such
    (`names.sides_named`) outside those words; with no document named, the debate its subject
    names ("in the marriage debate", `debates_described`, of the `visible` documents); and a
    stance, which names the side over a side named as such ("opponents of the cull", `side_of`,
    of the documents named or else the visible ones). A side named as such is no side when the
    question names no debate, says nothing of debates, motions, sides or teams, and
    `said_outside_debates` (the words naming the side and the rest of the question -> whether
    a passage of no debate the question's scope sees holds them and a word of the rest) holds:
    a council's or a parliament's opposition."""
    sides = {
        named: span
        for named, span in sides_named(question)
        if not any(s <= span[0] < e for s, e in spans)
    }
    side = next(iter(sides)) if len(sides) == 1 else None
    spans = list(spans)
    named_debate = bool(doc_ids)
    if not doc_ids:
        described = debates_described(question, visible(), analyser)
        if described is not None:
            doc_ids = set(described[1])
            spans.append(described[0])
            named_debate = True
    if (
        side is not None
        and not named_debate
        and not _SPEAKS_OF_DEBATES.search(question[: sides[side][0]] + question[sides[side][1] :])
        and said_outside_debates(
            question[slice(*sides[side])], question[: sides[side][0]] + question[sides[side][1] :]
        )
    ):
        # "What does the opposition say about the pools?" beside a council meeting whose text
        # has an opposition: the word is searched for, no debate side.
        sides.pop(side)
        side = None
    if side is not None:
        spans.append(sides[side])
    stance = stance_named(question)
    resolved = (
        side_of(stance, [documents[d] for d in doc_ids] or visible(), analyser)
        if stance is not None
        else None
    )
    if resolved is None:
        return DebateFocus(doc_ids, spans, side)
    # "Opponents of the cull": the side against the subject of the motion it matches.
    spans = [s for s in spans if s not in sides.values()]
    return DebateFocus(doc_ids or set(resolved[1]), spans, resolved[0], with_introduction=True)
