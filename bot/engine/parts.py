"""The parts of a text a question asks for by what they are, not by their words: a numbered part
("recommendation 3", "section 2.1": `bot.engine.labels`) or the sentence stating a text's main
argument ("what is the essay's thesis?": `answer_kind.states_thesis`), or the passage stating
a debate's motion ("what is the motion?").

When the scope has such parts, only they are ranked (`Ranker.rank`); where none of them holds
enough of the question's words, they are put in order here (`parts_in_order`).
"""

from __future__ import annotations

import numpy as np

from bot.engine.collection import Collection
from bot.engine.index import Statistics
from bot.engine.intents import states_thesis
from bot.engine.labels import LABEL_SCAN_PASSAGES, Label, label_terms, labelled_positions
from bot.engine.models import Kind
from bot.engine.question import Query
from bot.engine.ranking import Ranking
from bot.engine.tuning import DOCUMENT_PRIOR_WEIGHT


def asked_parts(collection: Collection, query: Query, allowed: np.ndarray) -> np.ndarray | None:
    """Positions (ascending) of the `allowed` passages (a boolean mask over positions) that are
    the parts the query asks for; None when it asks for none or the scope has none."""
    found = _labelled(collection, query, allowed) if query.labels else None
    if (found is None or not len(found)) and query.thesis:
        found = _stating_thesis(collection, allowed)
    if (found is None or not len(found)) and query.defines == tuple(
        collection.analyser.terms("motion")
    ):
        found = _stating_motion(collection, allowed)
    return found if found is not None and len(found) else None


def parts_in_order(
    collection: Collection, query: Query, parts: np.ndarray, stats: Statistics
) -> Ranking:
    """The parts at `parts` ranked by their BM25 score for the query, equal ones by how many of
    its terms their document's title holds, then by the document prior, then in corpus order;
    each with coverage 0 (none holds enough of the question to be ranked on its words)."""
    scores = collection.index.scores_at(query.terms, parts, query.weighted, stats)
    prior = collection.document_prior.factors(query.terms, stats, parts, DOCUMENT_PRIOR_WEIGHT)
    hits: dict[str, int] = {}  # document id -> how many of the query's terms its title holds
    terms = set(query.terms)
    titled = np.zeros(len(parts), dtype=np.int64)
    for i, position in enumerate(parts.tolist()):
        doc_id = collection.passages[position].doc_id
        if doc_id not in hits:
            title = collection.documents[doc_id].meta.title
            hits[doc_id] = len(terms & set(collection.analyser.terms(title)))
        titled[i] = hits[doc_id]
    order = np.lexsort((-prior, -titled, -scores))
    return Ranking(collection.passages, parts[order], scores[order], np.zeros(len(order)))


def _labelled(collection: Collection, query: Query, allowed: np.ndarray) -> np.ndarray:
    """Positions (ascending) of the allowed passages that are a numbered part the query names;
    in a scope over LABEL_SCAN_PASSAGES passages only those holding the part's words are read."""
    terms_at: dict[Label, np.ndarray] | None = None
    if int(allowed.sum()) > LABEL_SCAN_PASSAGES:
        terms_at = {}
        for label in query.labels:
            held: np.ndarray | None = None
            for term in label_terms(label, collection.analyser):
                at = collection.index.positions_of(term)
                held = at if held is None else np.intersect1d(held, at)
            if held is not None:
                terms_at[label] = held[allowed[held]]
    return labelled_positions(collection.passages, query.labels, allowed, terms_at)


def _stating_motion(collection: Collection, allowed: np.ndarray) -> np.ndarray:
    """Positions (ascending) of the allowed passages that state their debate's motion ("what is
    the motion?"): a passage whose text is the motion its document states (a case file's
    "**THW ...**" under "## 1. The Motion", `DocumentMeta.motion`), perhaps after a label
    ("Motion: This House would ..."). Only debates are read."""
    found: list[int] = []
    for document in collection.documents.values():
        if document.meta.kind is not Kind.DEBATE or not document.meta.motion:
            continue
        motion = " ".join(document.meta.motion.split())
        first, end = collection.document_span(document.id)
        for position in range(first, end):
            text = " ".join(collection.passages[position].text.split())
            if (
                allowed[position]
                and motion in text
                and len(text) - len(motion) <= MOTION_LABEL_CHARS
            ):
                found.append(position)
    return np.array(sorted(found), dtype=np.int64)


# What a passage stating a motion may hold besides it: a label ("Motion: ", "The motion: ").
MOTION_LABEL_CHARS = 12


def _stating_thesis(collection: Collection, allowed: np.ndarray) -> np.ndarray:
    """Positions (ascending) of the allowed passages with a sentence stating its writer's
    argument ("I argue that ..."); none read in a scope over LABEL_SCAN_PASSAGES passages."""
    visible = np.flatnonzero(allowed)
    if len(visible) > LABEL_SCAN_PASSAGES:
        return visible[:0]
    passages = collection.passages
    return np.array(
        [p for p in visible.tolist() if any(map(states_thesis, passages[p].sentence_texts()))],
        dtype=np.int64,
    )
