"""Check a quote: is this text in the corpus verbatim, nearly (with the true wording), or not?

People paste what someone "said". The check finds the passages that share its words (BM25), then
the span of each whose words align best with the pasted text (difflib over words), and reports
the true wording, cut from the corpus by offsets, with a word-level difference. Words a later
text quotes from an earlier one stand in both: the result names where they are said (not in
quotation marks, the oldest document first) and lists the places that quote them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from bot.engine.answer import AnswerEngine
from bot.engine.cleaning import Question, question_text
from bot.engine.models import date_order
from bot.engine.quote import attribution, reported_in
from bot.engine.results import Attribution
from bot.engine.text import fold, quoted_spans
from bot.engine.tuning import CLOSEST_RATIO, NEARLY_RATIO

MAX_CHECK_CHARS = 2000
_WORD = re.compile(r"\S+")


class Verdict(StrEnum):
    VERBATIM = "verbatim"  # the exact characters (curly and straight quotes aside)
    NEARLY = "nearly"  # the same words up to a few changes
    NOT_FOUND = "not found"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Another place the checked words stand verbatim: the passage, who says it there, and
    whether there they are inside quotation marks (quoted from someone, not said)."""

    passage_id: str
    attribution: Attribution
    quoted: bool


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `check_quote` found: the verdict, the passage and true wording of the best place
    (for a verbatim quote, where the words are said rather than quoted, the oldest first), and
    for a verbatim quote the other places that hold it (`also`, at most MAX_OCCURRENCES)."""

    text: str
    verdict: Verdict
    passage_id: str | None = None
    true_wording: str | None = None
    ratio: float = 0.0
    diff: str | None = None
    attribution: Attribution | None = None
    quoted: bool = False
    also: tuple[Occurrence, ...] = ()


# Most other places a verbatim quote's result lists.
MAX_OCCURRENCES = 5


def _inside_quotes(text: str, span: tuple[int, int]) -> bool:
    """Whether `span` of `text` (quotes folded) lies within a pair of quotation marks."""
    return any(s <= span[0] and span[1] <= e for s, e in quoted_spans(text))


def _comparable(word: str) -> str:
    return re.sub(r"[^\w]", "", fold(word).casefold())


def word_diff(claimed: str, actual: str) -> str:
    """'[-removed-] {+added+}' marks where the claimed words differ from the actual ones."""
    a = claimed.split()
    b = actual.split()
    matcher = difflib.SequenceMatcher(a=[_comparable(w) for w in a], b=[_comparable(w) for w in b])
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.extend(b[j1:j2])
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(parts)


def _verbatim_span(passage: str, folded: str, flowed: re.Pattern[str]) -> tuple[int, int] | None:
    """Where the pasted words are in a passage (both with quotes folded), character for
    character but for white space; None if they are not."""
    start = passage.find(folded)
    if start >= 0:
        return start, start + len(folded)
    if not any(space in passage for space in ("\n", "\t", "  ")):
        return None  # single-spaced: the plain search above was the whole answer
    match = flowed.search(passage)
    return match.span() if match else None


def check_quote(engine: AnswerEngine, text: str | Question, scope: str = "") -> CheckResult:
    """Where `text` stands in the corpus: verbatim, nearly, or not at all. A string is cleaned
    first (QuestionError: empty, or over MAX_CHECK_CHARS). Verbatim: the place where the words
    are said rather than quoted (in quotation marks), then the oldest document, first; the
    other places in `CheckResult.also`."""
    claimed = question_text(text, MAX_CHECK_CHARS).strip(" \"'“”‘’")
    folded = " ".join(fold(claimed).split())
    # A hard-wrapped paragraph is stored as written, line breaks and all: any run of white space
    # in it matches any other, so pasted words find it whatever the line lengths were.
    flowed = re.compile(r"\s+".join(map(re.escape, folded.split())))
    visible = engine.collection.visible_mask(scope)
    found: list[tuple[bool, dt.date, int, tuple[int, int]]] = []
    for position, passage in enumerate(engine.collection.passages):
        if not visible[position]:
            continue
        text = fold(passage.text)
        span = _verbatim_span(text, folded, flowed)
        if span is not None:
            doc = engine.collection.documents[passage.doc_id]
            found.append((_inside_quotes(text, span), date_order(doc.meta.date), position, span))
    if found:
        # Where the words are said (not quoted from someone) first, then the oldest document:
        # a historian quoting the mayor is not where the mayor said it.
        found.sort()
        quoted, _, position, span = found[0]
        passage = engine.collection.passages[position]
        doc = engine.collection.documents[passage.doc_id]
        also = tuple(
            Occurrence(
                engine.collection.passages[other].id,
                attribution(
                    engine.collection.documents[engine.collection.passages[other].doc_id].meta,
                    engine.collection.passages[other],
                ),
                inside,
            )
            for inside, _, other, _ in found[1 : 1 + MAX_OCCURRENCES]
        )
        # Whom the sentence the words start in reports, if anyone.
        reported = reported_in(engine.collection, passage, span[0], span[0] + 1)
        reporting = reported[0] if reported is not None else None
        return CheckResult(
            claimed,
            Verdict.VERBATIM,
            passage.id,
            passage.text[span[0] : span[1]],
            1.0,
            None,
            attribution(doc.meta, passage, reporting, quoting=quoted and reporting is not None),
            quoted,
            also,
        )
    claimed_words = [_comparable(w) for w in claimed.split()]
    best: tuple[float, str, int, int] | None = None
    stats = engine.collection.statistics(scope)
    terms = engine.analyser.terms(claimed)
    for hit in engine.collection.index.search(terms, visible, limit=20, statistics=stats):
        passage = engine.collection.passages[hit.position]
        words = list(_WORD.finditer(passage.text))
        comparable = [_comparable(m.group()) for m in words]
        matcher = difflib.SequenceMatcher(a=claimed_words, b=comparable, autojunk=False)
        blocks = [blk for blk in matcher.get_matching_blocks() if blk.size]
        if not blocks:
            continue
        # The span of the passage between the first and last aligned words.
        first = blocks[0].b
        last = blocks[-1].b + blocks[-1].size
        window = comparable[first:last]
        ratio = difflib.SequenceMatcher(a=claimed_words, b=window, autojunk=False).ratio()
        if best is None or ratio > best[0]:
            span_start = words[first].start()
            span_end = words[last - 1].end()
            best = (ratio, passage.id, span_start, span_end)
    if best is None or best[0] < CLOSEST_RATIO:
        return CheckResult(claimed, Verdict.NOT_FOUND, ratio=best[0] if best else 0.0)
    ratio, passage_id, start, end = best
    passage = engine.collection.passage_by_id[passage_id]
    actual = passage.text[start:end]
    doc = engine.collection.documents[passage.doc_id]
    # Below NEARLY_RATIO the words are not the corpus's, but the closest passage is still shown:
    # "did they really say that?" is answered best by what they did say.
    return CheckResult(
        claimed,
        Verdict.NEARLY if ratio >= NEARLY_RATIO else Verdict.NOT_FOUND,
        passage_id,
        actual,
        ratio,
        word_diff(claimed, actual),
        attribution(doc.meta, passage),
    )
