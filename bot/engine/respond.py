"""How one side of a debate answers a point: the answer linked to that point, first.

"How does the opposition respond to the point that ...", "what is the other side's answer to
the claim that ...": the question describes a point of one side and asks for the other side's
answer to it. Ranking alone puts the passage sharing most words first, which is the point itself
(or, with the side named, one of that side's own points on the same subject); the answer a
debate links to the point (`Passage.answers`) often restates it in other words. So when such a
question's words find a point of the debate ranked, that point's linked answers come first and
the ranking follows them (`Ranking.moved_first`), as `debate-bot rebut` does for a pasted argument.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.engine.collection import Collection
from bot.engine.coverage import group_weight, holds
from bot.engine.models import Passage
from bot.engine.question import Query
from bot.engine.ranking import Ranking, Scored
from bot.engine.tuning import RESPONSE_DOCUMENTS, RESPONSE_POINT_COVERAGE, RESPONSE_POINT_DEPTH


def point_answered(
    collection: Collection, query: Query, ranked: Sequence[Scored]
) -> Passage | None:
    """The debate point a response question (`Query.responds`) describes: the best-scoring point
    (a debate passage that answers none) of a side the question does not name, in a document the
    question named or among the first RESPONSE_DOCUMENTS documents of `ranked`, holding at least
    RESPONSE_POINT_COVERAGE of the question's content words (by idf in the question's scope);
    None when there is none."""
    if not query.responds or not query.content:
        return None
    documents = query.focus.doc_ids or _first_documents(ranked, RESPONSE_DOCUMENTS)
    if not documents:
        return None
    allowed = (
        collection.visible_mask(query.scope)
        & collection.debate_mask()
        & collection.document_mask(documents)
    )
    if query.focus.side is not None:
        # The side named answers; the point is the other side's.
        allowed = allowed & collection.side_mask(query.focus.side, invert=True)
    if not allowed.any():
        return None
    stats = collection.statistics(query.scope)
    positions, _ = collection.index.search_arrays(
        query.terms, allowed, query.weighted, limit=RESPONSE_POINT_DEPTH, statistics=stats
    )
    # Each content word (group) weighs, and is held, as `Ranker` has it.
    weights = [group_weight(group, collection.index, stats) for group in query.content]
    for position in positions[:RESPONSE_POINT_DEPTH]:
        passage = collection.passages[int(position)]
        if passage.answers is not None:
            continue  # an answer, not a point
        held = set(collection.passage_terms[int(position)])
        covered = sum(
            weight
            for group, weight in zip(query.content, weights, strict=True)
            if holds(group, held)
        )
        if covered < RESPONSE_POINT_COVERAGE * sum(weights):
            return None
        return passage
    return None


def linked_answers(collection: Collection, point: Passage) -> list[Passage]:
    """The passages of `point`'s debate that answer it (`Passage.answers` is its section), in
    document order."""
    first, last = collection.document_span(point.doc_id)
    return [
        passage
        for passage in collection.passages[first:last]
        if passage.answers is not None and passage.answers == point.section
    ]


def _first_documents(ranked: Sequence[Scored], count: int) -> frozenset[str]:
    """The documents of the first `count` distinct documents' passages of `ranked`."""
    documents: dict[str, None] = {}
    for scored in ranked:
        documents.setdefault(scored.passage.doc_id)
        if len(documents) >= count:
            break
    return frozenset(documents)


def answers_first(collection: Collection, query: Query, ranked: Ranking) -> Ranking:
    """`ranked`, with the answers linked to the point a response question describes first
    (`point_answered`), each with its score and coverage as ranked (its own BM25 score and
    coverage for the question when it is not ranked); `ranked` itself when the question asks for
    no response or describes no point with an answer."""
    point = point_answered(collection, query, ranked)
    if point is None:
        return ranked
    answers = linked_answers(collection, point)
    if not answers:
        return ranked
    stats = collection.statistics(query.scope)
    positions = np.array([collection.position_of(p.id) for p in answers], dtype=np.int64)
    scores = collection.index.scores_at(query.terms, positions, query.weighted, stats)
    coverage = np.zeros(len(positions))
    for i, position in enumerate(positions):
        scored = ranked.scored_at(int(position))
        if scored is not None:
            scores[i], coverage[i] = scored.score, scored.coverage
        else:
            # Not ranked (it shares too few of the question's words).
            coverage[i] = collection.coverage(query.terms, int(position), query.scope)
    return ranked.moved_first(positions, scores, coverage)
