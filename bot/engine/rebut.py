"""The best counter to an argument: the other side's answer first, then the rest of the debate.

An argument pasted from a debate in the corpus is found there, and its linked answer comes
first; a typed one is matched to the closest debate, as a preference. Every counter is a quote.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.engine.answer import AnswerEngine
from bot.engine.cleaning import Question, question_text
from bot.engine.coverage import group_weight, holds
from bot.engine.index import Hit
from bot.engine.models import Passage
from bot.engine.models import Side as DebateSide
from bot.engine.question import Query
from bot.engine.results import Quote
from bot.engine.text import normalise
from bot.engine.tuning import (
    ANSWER_PRIOR,
    COUNTER_DEPTH,
    REBUT_MIN_COVERAGE,
    REBUT_POINT_COVERAGE,
    REBUT_POINT_DEPTH,
    REBUT_TITLE_COVERAGE,
    SAME_ARGUMENT,
    SAME_DEBATE_PRIOR,
    SAME_SIDE_POINT_PRIOR,
    SHORT_ARGUMENT_TERMS,
    SIDE_GUESS_DEPTH,
)

MAX_ARGUMENT_CHARS = 6_000


@dataclass(frozen=True, slots=True)
class Rebuttal:
    argument: str
    found: Passage | None  # the debate point the argument is, when it is in the corpus
    side: DebateSide | None  # the side the argument argues for (found, or the closest point's)
    quotes: tuple[Quote, ...]
    linked: int  # how many of the first quotes are the answers linked to the found point
    # Whether `found` is the point whose title says what the argument says in its own words
    # (`closest_point`), rather than the argument itself, pasted.
    reworded: bool = False

    def placement(self, side: str, heading: str) -> str:
        """How a found argument was placed, in the words every surface says it with: "This is
        the <side>'s point “<heading>”" (pasted) or "The closest point is the <side>'s point
        “<heading>” (its title says this in other words)" (reworded), then whether the other
        side's answer to it comes first. `side` and `heading` as the surface writes them (the
        side's label or value; the title clipped or escaped)."""
        where = f"the {side}'s point “{heading}”"
        placed = (
            f"The closest point is {where} (its title says this in other words)"
            if self.reworded
            else f"This is {where}"
        )
        if self.linked:
            return f"{placed}; the other side's answer to it comes first."
        return f"{placed}; the other side's answers follow."

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape `debate-bot rebut --json` prints: the argument, the id of the
        debate point it is (or null), how it was found ("pasted": the point's own words;
        "reworded": its title in other words; null), the side it argues for, how many of the
        first answers are the linked ones, and the answers as `ask --json` gives them."""
        match = None if self.found is None else "reworded" if self.reworded else "pasted"
        return {
            "argument": self.argument,
            "found": self.found.id if self.found else None,
            "match": match,
            "side": self.side.value if self.side else None,
            "linked": self.linked,
            "answers": [quote.to_json() for quote in self.quotes],
        }


@dataclass(frozen=True, slots=True)
class CounterRanking:
    """Positions of the passages that answer an argument, best first, and how they were found."""

    found: Passage | None
    side: DebateSide | None
    hits: tuple[tuple[int, float], ...]  # (passage position, BM25 score)
    linked: int  # how many of the first hits are the answers linked to the found point
    reworded: bool = False  # `found` is the point the argument words otherwise (`closest_point`)


def rebut(
    engine: AnswerEngine,
    argument: str | Question,
    k: int = 3,
    *,
    use_link: bool = True,
    match_in_corpus: bool = True,
    reworded: bool = True,
    min_coverage: float = REBUT_MIN_COVERAGE,
    scope: str = "",
) -> Rebuttal:
    """The passages that answer `argument` best, quoted (see `rank_counters`). A string is
    cleaned first (QuestionError: empty, or over MAX_ARGUMENT_CHARS)."""
    text = question_text(argument, MAX_ARGUMENT_CHARS)
    query = engine.query(text, scope)  # read once: to find a reworded point, then to quote
    ranking = rank_counters(
        engine,
        text,
        use_link=use_link,
        match_in_corpus=match_in_corpus,
        reworded=reworded,
        min_coverage=min_coverage,
        scope=scope,
        query=query,
    )
    quotes = tuple(
        engine.quote_passage(engine.collection.passages[position], query, score)
        for position, score in ranking.hits[:k]
    )
    return Rebuttal(
        text, ranking.found, ranking.side, quotes, min(ranking.linked, k), ranking.reworded
    )


def rank_counters(
    engine: AnswerEngine,
    argument: str,
    *,
    use_link: bool = True,
    match_in_corpus: bool = True,
    reworded: bool = True,
    min_coverage: float = REBUT_MIN_COVERAGE,
    exclude: frozenset[str] = frozenset(),
    scope: str = "",
    query: Query | None = None,
) -> CounterRanking:
    """Every debate passage sharing a word with `argument`, the best counters first.

    1. When the argument is a point of a debate in the corpus (pasted, or typed in other words
       that say what the point's title says: `closest_point`), the other side's answer to that
       point comes first (`use_link`).
    2. Then, within the same debate, the other side's answers to this side's points, then the
       other side's own points; then the rest of the corpus. Each tier is ranked by BM25.
    `reworded` off finds only a pasted point (the evaluation's "before"); `query` is the
    argument as `engine.query` reads it in `scope`, when the caller has read it already.
    Without a match in the corpus (or with `match_in_corpus` off), the debate and the side are
    those of the passage closest to the argument; when even that passage covers less than
    `min_coverage` of the argument's words, no debate in the corpus argues it and nothing is
    returned. `exclude` leaves passages out (an evaluation leaves the argument's own out).
    """
    terms = engine.analyser.terms(argument)
    allowed = engine.collection.debate_mask() & engine.collection.visible_mask(scope)
    if exclude:
        allowed = allowed & np.array(
            [p.id not in exclude for p in engine.collection.passages], dtype=bool
        )
    positions, scores = engine.collection.index.search_arrays(
        terms, allowed, statistics=engine.collection.statistics(scope)
    )
    if not len(positions):
        return CounterRanking(None, None, (), 0)
    best = [Hit(int(p), float(s)) for p, s in zip(positions[:5], scores[:5], strict=True)]
    found = _find_argument(engine, argument, terms, best, scope) if match_in_corpus else None
    matched_title = False
    if found is None and match_in_corpus and reworded:
        found = closest_point(engine, query or engine.query(argument, scope))
        matched_title = found is not None
    closest = found or engine.collection.passages[best[0].position]
    # A long argument shares a smaller part of its words with even the closest passage.
    needed = min_coverage * min(1.0, SHORT_ARGUMENT_TERMS / max(1, len(set(terms))))
    if found is None and engine.collection.coverage(terms, best[0].position, scope) < needed:
        return CounterRanking(None, None, (), 0)  # no debate in the corpus argues this
    debate = closest.doc_id
    # The tiers reorder the debate's own passages and the best of the rest; the long tail of
    # weak matches elsewhere can never reach the first results, so it is not sorted at all.
    first, last = engine.collection.document_span(debate)
    keep = (positions >= first) & (positions < last)
    keep[:COUNTER_DEPTH] = True
    hits = [Hit(int(p), float(s)) for p, s in zip(positions[keep], scores[keep], strict=True)]
    # Only an argument found in the corpus has a known side: the passage closest to a typed
    # argument is as often the answer to it as a point of the same side.
    side = found.side if found is not None else None
    own_points = {
        p.section
        for p in engine.collection.documents[debate].passages
        if p.side is side and not p.answers
    }
    link = found.section if found is not None and use_link and not found.answers else None

    def tier(passage: Passage) -> int:
        if link is not None and passage.answers == link and passage.doc_id == debate:
            return 0
        if passage.doc_id != debate:
            return 3
        if side is None:
            return 1
        if passage.answers in own_points:
            return 1
        return 2 if passage.side is side.other and not passage.answers else 3

    if found is None:
        # A typed argument: its debate is only a guess, so it is a preference, not a bound;
        # answers are what counter an argument, so they are preferred too. Its side is a guess
        # as well: that of the closest point (not answer) of that debate; that side's own
        # points are what the argument repeats, not what answers it.
        guessed = next(
            (
                engine.collection.passages[hit.position].side
                for hit in hits[:SIDE_GUESS_DEPTH]
                if engine.collection.passages[hit.position].doc_id == debate
                and not engine.collection.passages[hit.position].answers
            ),
            None,
        )
        ranked = sorted(
            (
                1,  # one tier: nothing is linked to a point (tier 0) when no point is found
                -hit.score
                * _typed_prior(engine.collection.passages[hit.position], debate, guessed),
                hit.position,
            )
            for hit in hits
        )
    else:
        ranked = sorted(
            (tier(engine.collection.passages[hit.position]), -hit.score, hit.position)
            for hit in hits
            if hit.position != engine.collection.position_of(found.id)
        )
    if link is not None and not any(t == 0 for t, _, _ in ranked):
        # The linked answer shares no word with the point: it still answers it.
        ranked[:0] = [
            (0, 0.0, position)
            for position, passage in enumerate(engine.collection.passages)
            if passage.answers == link and passage.doc_id == debate
        ]
    return CounterRanking(
        found,
        side,
        tuple((position, -negated) for _, negated, position in ranked),
        sum(1 for t, _, _ in ranked if t == 0),
        matched_title,
    )


def is_point(passage: Passage) -> bool:
    """Whether a debate passage is one side's titled point (not an answer to one, nor an
    introduction)."""
    return passage.answers is None and bool(passage.heading)


def closest_point(engine: AnswerEngine, query: Query) -> Passage | None:
    """The debate point whose title says what a typed argument says, in other words ("trade is
    better than aid" for "The focus should be on trade not on aid"): of the points among the
    REBUT_POINT_DEPTH debate passages that match the argument best, the one whose title, with
    its debate's motion, holds the largest share of the argument's content words (each word a
    group with its stand-ins, weighed by idf in `scope`, as `Ranker` has them; then the share
    its whole passage holds), when that share is at least REBUT_POINT_COVERAGE and the title's
    alone at least REBUT_TITLE_COVERAGE; else None.

    The motion counts because a point's title leaves the debate's subject out ("Reducing
    cyberbullying." argues for banning anonymous posting); the title alone must hold part of
    the argument, as the motion is every point's and says which debate, not which point.
    Measured on 28 typed arguments over 12 Debatabase debates and 26 held out over 8 others
    (docs/evaluation.md, "rebut"). `query` is the argument as `engine.query` reads it in the
    asking scope."""
    if not query.content:
        return None
    collection = engine.collection
    scope = query.scope
    stats = collection.statistics(scope)
    weights = [group_weight(group, collection.index, stats) for group in query.content]
    total = sum(weights)
    if total <= 0:
        return None
    allowed = collection.debate_mask() & collection.visible_mask(scope)
    positions, _ = collection.index.search_arrays(
        query.terms, allowed, query.weighted, limit=REBUT_POINT_DEPTH, statistics=stats
    )

    def share(words: set[str]) -> float:
        pairs = zip(query.content, weights, strict=True)
        return sum(weight for group, weight in pairs if holds(group, words)) / total

    motions: dict[str, set[str]] = {}  # each debate's motion's terms, read once
    best: tuple[tuple[float, float], float, Passage] | None = None
    for position in positions[:REBUT_POINT_DEPTH]:
        passage = collection.passages[int(position)]
        if not is_point(passage):
            continue
        title = set(engine.analyser.terms(passage.heading or ""))
        motion = motions.get(passage.doc_id)
        if motion is None:
            meta = collection.documents[passage.doc_id].meta
            motion = motions[passage.doc_id] = set(engine.analyser.terms(meta.title))
        key = (share(title | motion), share(set(collection.passage_terms[int(position)])))
        if best is None or key > best[0]:
            best = (key, share(title), passage)
    if best is None or best[0][0] < REBUT_POINT_COVERAGE or best[1] < REBUT_TITLE_COVERAGE:
        return None
    return best[2]


def _typed_prior(passage: Passage, debate: str, side: DebateSide | None) -> float:
    prior = (SAME_DEBATE_PRIOR if passage.doc_id == debate else 1.0) * (
        ANSWER_PRIOR if passage.answers else 1.0
    )
    if side is not None and passage.side is side and not passage.answers:
        prior *= SAME_SIDE_POINT_PRIOR
    return prior


def _find_argument(
    engine: AnswerEngine, argument: str, terms: list[str], hits: list[Hit], scope: str
) -> Passage | None:
    """The corpus passage the argument is (pasted, perhaps clipped or re-spaced), if any."""
    wanted = " ".join(normalise(argument).split())
    distinct = len(set(terms))
    for hit in hits:
        passage = engine.collection.passages[hit.position]
        text = " ".join(normalise(passage.text).split())
        if wanted in text or text in wanted:
            return passage
        if (
            engine.collection.coverage(terms, hit.position, scope) >= SAME_ARGUMENT
            and len(set(engine.collection.passage_terms[hit.position])) <= 1.5 * distinct
        ):
            return passage
    return None
