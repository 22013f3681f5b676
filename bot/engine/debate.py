"""Debate views over the corpus: the evidence each side cites, where sides clash, what goes
unanswered. All of it quotes the corpus; none of it writes a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.answer import AnswerEngine
from bot.engine.evidence import EVIDENCE_KINDS, SentenceKind
from bot.engine.models import Document, Kind, Passage, Voice
from bot.engine.models import Side as DebateSide
from bot.engine.results import Quote
from bot.engine.tuning import UNANSWERED_THRESHOLD


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
    for passage in engine.collection.passages:
        if doc_id is not None and passage.doc_id != doc_id:
            continue
        if not engine.collection.is_visible(passage.doc_id, scope):
            continue
        for text, tags in zip(
            passage.sentence_texts(), engine.collection.sentence_tags(passage), strict=True
        ):
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
    documents = engine.collection.visible_documents(scope)
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
            original = engine.collection.documents[target]
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
    engine: AnswerEngine, doc_id: str, threshold: float = UNANSWERED_THRESHOLD, scope: str = ""
) -> list[Unanswered]:
    """The op-ed's paragraphs that no reply in the corpus engages with.

    A reply engages a paragraph when one of its passages covers at least `threshold` of the
    paragraph's distinctive words (by idf weight).
    """
    replies = [
        d.id for d in engine.collection.visible_documents(scope) if d.meta.responds_to == doc_id
    ]
    if not replies:
        raise LookupError(f"no document in the corpus responds to {doc_id!r}")
    mask = engine.collection.document_mask(replies)
    found: list[Unanswered] = []
    for passage in engine.collection.documents[doc_id].passages:
        terms = list(dict.fromkeys(engine.analyser.terms(passage.text)))
        best_id, best_coverage = None, 0.0
        stats = engine.collection.statistics(scope)
        for hit in engine.collection.index.search(terms, mask, limit=5, statistics=stats):
            coverage = engine.collection.coverage(terms, hit.position, scope)
            if coverage > best_coverage:
                best_id, best_coverage = engine.collection.passages[hit.position].id, coverage
        if best_coverage < threshold:
            found.append(Unanswered(passage, best_id, best_coverage))
    return found
