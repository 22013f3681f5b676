"""Debate views over the corpus: the evidence each side cites, where sides clash, what goes
unanswered. All of it quotes the corpus; none of it writes a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.engine.answer import AnswerEngine, Quote, clean_question
from bot.engine.corpus import Document, Kind, Passage, Voice
from bot.engine.corpus import Side as DebateSide
from bot.engine.evidence import EVIDENCE_KINDS, SentenceKind
from bot.engine.index import Hit
from bot.engine.text import normalise


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    passage_id: str
    sentence: str
    kinds: tuple[SentenceKind, ...]
    sources: tuple[str, ...]
    speaker: str
    voice: Voice


def list_evidence(
    engine: AnswerEngine,
    doc_id: str | None = None,
    kind: SentenceKind | None = None,
    scope: str = "",
) -> list[EvidenceItem]:
    """Every evidence sentence (source, number, dated event, study, example), in text order."""
    items: list[EvidenceItem] = []
    for passage in engine.passages:
        if doc_id is not None and passage.doc_id != doc_id:
            continue
        if not engine.is_visible(passage.doc_id, scope):
            continue
        for text, tags in zip(passage.sentence_texts(), engine.sentence_tags(passage), strict=True):
            wanted = kind in tags.kinds if kind is not None else tags.is_evidence
            if not wanted:
                continue
            items.append(
                EvidenceItem(
                    passage.id,
                    text,
                    tuple(k for k in tags.kinds if k in EVIDENCE_KINDS),
                    tags.sources,
                    passage.speaker,
                    passage.voice,
                )
            )
    return items


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an exchange: a document's own voice, or a person it reports."""

    label: str  # "Mike Pompeo (as reported)", "Zhang Ming (reply)", "Proposition"
    role: str
    doc_id: str
    reported: str | None = None
    debate_side: DebateSide | None = None  # one side of a debate document


def exchanges(engine: AnswerEngine, scope: str = "") -> list[tuple[Side, Side]]:
    """Pairs of sides: op-ed and its reply when both are in the corpus; otherwise the person a
    reply answers (as the reply reports them) against the reply's author."""
    pairs: list[tuple[Side, Side]] = []
    documents = engine.visible_documents(scope)
    visible = {d.id for d in documents}
    for document in documents:
        if document.meta.kind is Kind.DEBATE:
            motion = document.meta.motion or document.meta.title
            proposition, opposition = (
                Side(f"{side.label} ({motion})", side.value, document.id, debate_side=side)
                for side in (DebateSide.PROPOSITION, DebateSide.OPPOSITION)
            )
            pairs.append((proposition, opposition))
    for reply in documents:
        target = reply.meta.responds_to
        if target and target in visible:
            original = engine.documents[target]
            pairs.append(
                (
                    Side(_own(original), original.meta.kind.value, original.id),
                    Side(_own(reply), reply.meta.kind.value, reply.id),
                )
            )
        elif reply.meta.kind is Kind.REPLY and reply.meta.mentions:
            person = reply.meta.mentions[0].name
            pairs.append(
                (
                    Side(f"{person} (as reported)", "original", reply.id, reported=person),
                    Side(_own(reply), reply.meta.kind.value, reply.id),
                )
            )
    return pairs


def _own(document: Document) -> str:
    return f"{document.meta.author} ({document.meta.kind.value})"


@dataclass(frozen=True, slots=True)
class Clash:
    first: Side
    second: Side
    first_quote: Quote | None
    second_quote: Quote | None


def clash(engine: AnswerEngine, topic: str, scope: str = "") -> list[Clash]:
    """For each exchange, the best passage of each side on `topic` (None where a side is silent)."""
    results: list[Clash] = []
    # Only exchanges whose documents speak to the topic at all: a corpus of a thousand debates
    # is not asked a thousand times.
    on_topic = {q.attribution.doc_id for q in engine.answer(topic, 20, scope=scope).quotes}
    for first, second in exchanges(engine, scope):
        if first.doc_id not in on_topic and second.doc_id not in on_topic:
            continue
        quotes = [_best_for_side(engine, topic, side, scope) for side in (first, second)]
        if any(quotes):
            results.append(Clash(first, second, quotes[0], quotes[1]))
    results.sort(key=lambda c: -max(q.score for q in (c.first_quote, c.second_quote) if q))
    return results


def _best_for_side(engine: AnswerEngine, topic: str, side: Side, scope: str) -> Quote | None:
    answer = engine.answer(topic, 10, doc_id=side.doc_id, scope=scope)
    for quote in answer.quotes:
        who = quote.attribution
        if side.debate_side is not None:
            if who.side == side.debate_side.value:
                return quote
        elif side.reported is not None:
            if who.reporting == side.reported:
                return quote
        elif who.voice is not Voice.PUBLISHER and who.reporting is None:
            return quote
    return None


@dataclass(frozen=True, slots=True)
class Unanswered:
    passage: Passage
    best_reply: str | None  # the closest passage of the reply, if any shares a word
    coverage: float


def unanswered(
    engine: AnswerEngine, doc_id: str, threshold: float = 0.3, scope: str = ""
) -> list[Unanswered]:
    """The op-ed's paragraphs that no reply in the corpus engages with.

    A reply engages a paragraph when one of its passages covers at least `threshold` of the
    paragraph's distinctive words (by idf weight).
    """
    replies = [d.id for d in engine.visible_documents(scope) if d.meta.responds_to == doc_id]
    if not replies:
        raise LookupError(f"no document in the corpus responds to {doc_id!r}")
    mask = engine.document_mask(replies)
    found: list[Unanswered] = []
    for passage in engine.documents[doc_id].passages:
        terms = list(dict.fromkeys(engine.analyser.terms(passage.text)))
        best_id, best_coverage = None, 0.0
        for hit in engine.index.search(terms, mask, limit=5):
            coverage = _coverage(engine, terms, hit.position)
            if coverage > best_coverage:
                best_id, best_coverage = engine.passages[hit.position].id, coverage
        if best_coverage < threshold:
            found.append(Unanswered(passage, best_id, best_coverage))
    return found


# --- the best counter to an argument -----------------------------------------------------------

MAX_ARGUMENT_CHARS = 6_000
# An argument pasted from the corpus may differ in white space, quotes or a clipped end: it is
# "the same" when this share of its distinct words (by idf weight) are the point's.
_SAME_ARGUMENT = 0.9
_SHORT_ARGUMENT_TERMS = 15
_COUNTER_DEPTH = 500
# Priors for a typed argument (chosen, not fitted): a passage of the debate closest to it, and
# a passage that answers a point, rank as if their BM25 score were this much higher.
_SAME_DEBATE = 1.5
_ANSWER = 1.2
_SAME_SIDE_POINT = 0.5  # a point of the side the argument seems to take
_SIDE_GUESS_DEPTH = 3


@dataclass(frozen=True, slots=True)
class Rebuttal:
    argument: str
    found: Passage | None  # the debate point the argument is, when it is in the corpus
    side: DebateSide | None  # the side the argument argues for (found, or the closest point's)
    quotes: tuple[Quote, ...]
    linked: int  # how many of the first quotes are the answers linked to the found point


@dataclass(frozen=True, slots=True)
class CounterRanking:
    """Positions of the passages that answer an argument, best first, and how they were found."""

    found: Passage | None
    side: DebateSide | None
    hits: tuple[tuple[int, float], ...]  # (passage position, BM25 score)
    linked: int  # how many of the first hits are the answers linked to the found point


def rebut(
    engine: AnswerEngine,
    argument: str,
    k: int = 3,
    *,
    use_link: bool = True,
    match_in_corpus: bool = True,
    min_coverage: float = 0.25,
    scope: str = "",
) -> Rebuttal:
    """The passages that answer `argument` best, quoted (see `rank_counters`)."""
    argument = clean_question(argument, MAX_ARGUMENT_CHARS)
    ranking = rank_counters(
        engine,
        argument,
        use_link=use_link,
        match_in_corpus=match_in_corpus,
        min_coverage=min_coverage,
        scope=scope,
    )
    query = engine.query(argument)
    quotes = tuple(
        engine.quote_passage(engine.passages[position], query, score)
        for position, score in ranking.hits[:k]
    )
    return Rebuttal(argument, ranking.found, ranking.side, quotes, min(ranking.linked, k))


def rank_counters(
    engine: AnswerEngine,
    argument: str,
    *,
    use_link: bool = True,
    match_in_corpus: bool = True,
    min_coverage: float = 0.25,
    exclude: frozenset[str] = frozenset(),
    scope: str = "",
) -> CounterRanking:
    """Every debate passage sharing a word with `argument`, the best counters first.

    1. When the argument is a point of a debate in the corpus, the other side's answer to that
       point comes first (`use_link`).
    2. Then, within the same debate, the other side's answers to this side's points, then the
       other side's own points; then the rest of the corpus. Each tier is ranked by BM25.
    Without a match in the corpus (or with `match_in_corpus` off), the debate and the side are
    those of the passage closest to the argument; when even that passage covers less than
    `min_coverage` of the argument's words, no debate in the corpus argues it and nothing is
    returned. `exclude` leaves passages out (an evaluation leaves the argument's own out).
    """
    terms = engine.analyser.terms(argument)
    allowed = engine.debate_mask() & engine.visible_mask(scope)
    if exclude:
        allowed = allowed & np.array([p.id not in exclude for p in engine.passages], dtype=bool)
    positions, scores = engine.index.search_arrays(terms, allowed)
    if not len(positions):
        return CounterRanking(None, None, (), 0)
    best = [Hit(int(p), float(s)) for p, s in zip(positions[:5], scores[:5], strict=True)]
    found = _find_argument(engine, argument, terms, best) if match_in_corpus else None
    closest = found or engine.passages[best[0].position]
    # A long argument shares a smaller part of its words with even the closest passage.
    needed = min_coverage * min(1.0, _SHORT_ARGUMENT_TERMS / max(1, len(set(terms))))
    if found is None and _coverage(engine, terms, best[0].position) < needed:
        return CounterRanking(None, None, (), 0)  # no debate in the corpus argues this
    debate = closest.doc_id
    # The tiers reorder the debate's own passages and the best of the rest; the long tail of
    # weak matches elsewhere can never reach the first results, so it is not sorted at all.
    first, last = engine.document_span(debate)
    keep = (positions >= first) & (positions < last)
    keep[:_COUNTER_DEPTH] = True
    hits = [Hit(int(p), float(s)) for p, s in zip(positions[keep], scores[keep], strict=True)]
    # Only an argument found in the corpus has a known side: the passage closest to a typed
    # argument is as often the answer to it as a point of the same side.
    side = found.side if found is not None else None
    own_points = {
        p.section for p in engine.documents[debate].passages if p.side is side and not p.answers
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
                engine.passages[hit.position].side
                for hit in hits[:_SIDE_GUESS_DEPTH]
                if engine.passages[hit.position].doc_id == debate
                and not engine.passages[hit.position].answers
            ),
            None,
        )
        ranked = sorted(
            (
                0,
                -hit.score * _typed_prior(engine.passages[hit.position], debate, guessed),
                hit.position,
            )
            for hit in hits
        )
    else:
        ranked = sorted(
            (tier(engine.passages[hit.position]), -hit.score, hit.position)
            for hit in hits
            if hit.position != engine.position_of(found.id)
        )
    if link is not None and not any(t == 0 for t, _, _ in ranked):
        # The linked answer shares no word with the point: it still answers it.
        ranked[:0] = [
            (0, 0.0, position)
            for position, passage in enumerate(engine.passages)
            if passage.answers == link and passage.doc_id == debate
        ]
    return CounterRanking(
        found,
        side,
        tuple((position, -negated) for _, negated, position in ranked),
        sum(1 for t, _, _ in ranked if t == 0),
    )


def _typed_prior(passage: Passage, debate: str, side: DebateSide | None) -> float:
    prior = (_SAME_DEBATE if passage.doc_id == debate else 1.0) * (
        _ANSWER if passage.answers else 1.0
    )
    if side is not None and passage.side is side and not passage.answers:
        prior *= _SAME_SIDE_POINT
    return prior


def _coverage(engine: AnswerEngine, terms: list[str], position: int) -> float:
    """The share of the argument's distinct words (by idf weight) that a passage has."""
    distinct = set(terms)
    present = set(engine.passage_terms[position])
    total = sum(engine.index.weight(t) for t in distinct) or 1.0
    return sum(engine.index.weight(t) for t in distinct & present) / total


def _find_argument(
    engine: AnswerEngine, argument: str, terms: list[str], hits: list[Hit]
) -> Passage | None:
    """The corpus passage the argument is (pasted, perhaps clipped or re-spaced), if any."""
    wanted = " ".join(normalise(argument).split())
    distinct = len(set(terms))
    for hit in hits:
        passage = engine.passages[hit.position]
        text = " ".join(normalise(passage.text).split())
        if wanted in text or text in wanted:
            return passage
        if (
            _coverage(engine, terms, hit.position) >= _SAME_ARGUMENT
            and len(set(engine.passage_terms[hit.position])) <= 1.5 * distinct
        ):
            return passage
    return None
