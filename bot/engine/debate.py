"""Debate views over the corpus: the evidence each side cites, where sides clash, what goes
unanswered. All of it quotes the corpus; none of it writes a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.engine.answer import AnswerEngine, Quote
from bot.engine.corpus import Document, Kind, Passage, Voice
from bot.engine.evidence import EVIDENCE_KINDS, SentenceKind


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    passage_id: str
    sentence: str
    kinds: tuple[SentenceKind, ...]
    sources: tuple[str, ...]
    speaker: str
    voice: Voice


def list_evidence(
    engine: AnswerEngine, doc_id: str | None = None, kind: SentenceKind | None = None
) -> list[EvidenceItem]:
    """Every evidence sentence (source, number, dated event, study, example), in text order."""
    items: list[EvidenceItem] = []
    for passage in engine.passages:
        if doc_id is not None and passage.doc_id != doc_id:
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

    label: str  # "Mike Pompeo (as reported)", "Zhang Ming (reply)"
    role: str
    doc_id: str
    reported: str | None = None


def exchanges(engine: AnswerEngine) -> list[tuple[Side, Side]]:
    """Pairs of sides: op-ed and its reply when both are in the corpus; otherwise the person a
    reply answers (as the reply reports them) against the reply's author."""
    pairs: list[tuple[Side, Side]] = []
    for reply in engine.documents.values():
        target = reply.meta.responds_to
        if target and target in engine.documents:
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


def clash(engine: AnswerEngine, topic: str) -> list[Clash]:
    """For each exchange, the best passage of each side on `topic` (None where a side is silent)."""
    results: list[Clash] = []
    for first, second in exchanges(engine):
        quotes = [_best_for_side(engine, topic, side) for side in (first, second)]
        if any(quotes):
            results.append(Clash(first, second, quotes[0], quotes[1]))
    results.sort(key=lambda c: -max(q.score for q in (c.first_quote, c.second_quote) if q))
    return results


def _best_for_side(engine: AnswerEngine, topic: str, side: Side) -> Quote | None:
    answer = engine.answer(topic, 10, doc_id=side.doc_id)
    for quote in answer.quotes:
        who = quote.attribution
        if side.reported is not None:
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


def unanswered(engine: AnswerEngine, doc_id: str, threshold: float = 0.3) -> list[Unanswered]:
    """The op-ed's paragraphs that no reply in the corpus engages with.

    A reply engages a paragraph when one of its passages covers at least `threshold` of the
    paragraph's distinctive words (by idf weight).
    """
    replies = [d.id for d in engine.documents.values() if d.meta.responds_to == doc_id]
    if not replies:
        raise LookupError(f"no document in the corpus responds to {doc_id!r}")
    mask = np.array([p.doc_id in replies for p in engine.passages], dtype=bool)
    found: list[Unanswered] = []
    for passage in engine.documents[doc_id].passages:
        terms = list(dict.fromkeys(engine.analyser.terms(passage.text)))
        total = sum(engine.index.weight(t) for t in terms) or 1.0
        best_id, best_coverage = None, 0.0
        for hit in engine.index.search(terms, mask)[:5]:
            present = set(engine.passage_terms[hit.position])
            coverage = sum(engine.index.weight(t) for t in terms if t in present) / total
            if coverage > best_coverage:
                best_id, best_coverage = engine.passages[hit.position].id, coverage
        if best_coverage < threshold:
            found.append(Unanswered(passage, best_id, best_coverage))
    return found
