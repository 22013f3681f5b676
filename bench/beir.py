"""Retrieval quality on public data: BEIR SciFact and ArguAna through the project's own search.

Each BEIR document is one passage (title and text, analysed by the project's analyser) and each
test query is searched with `PassageIndex.search` (BM25 with Lucene's idf, see
`bot/engine/index.py`). Beside it, the same postings ranked with BM25Okapi's floored idf, the
engine's formula before (rank-bm25's BM25Okapi, epsilon 0.25). nDCG@10 and Recall@100 are
computed as trec_eval does (linear gains, queries that have judgements), and BEIR's rule is
kept that a document whose id is the query's own id is not a hit (ArguAna's queries are
documents of its corpus).

The peers of `bench/peers.py` (bm25s, tantivy, SQLite FTS5) index the same terms and search
each query's terms for their top 101; their nDCG@10 and Recall@100 are computed the same way.
rank-bm25 (Lucene's idf) scores every document in Python for every query term, which takes
about 0.3 s an ArguAna query (116 terms on average): on a set of long queries it runs the
first RANK_BM25_QUERIES only, and where its top 100 equals the engine's on every one of them
its figures are the engine's (its scores are the engine's: see `bench/latency.py`).
"""

from __future__ import annotations

import csv
import json
import math
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench import peers
from bench.oracle import okapi_idf
from bot.engine.index import PassageIndex
from bot.engine.text import default_analyser

# Published BM25 nDCG@10 (Pyserini, flat index), from /work/shared/data/README.md.
PUBLISHED_NDCG10 = {"scifact": 0.679, "arguana": 0.397}
DATASETS = ("scifact", "arguana")
DEPTH = 100
# rank-bm25 runs every query of a set whose queries average at most RANK_BM25_LONG terms
# (SciFact: 9), else the first RANK_BM25_QUERIES (ArguAna: 116 terms, 0.3 s a query).
RANK_BM25_LONG = 20
RANK_BM25_QUERIES = 100


@dataclass(frozen=True, slots=True)
class BeirResult:
    name: str
    documents: int
    queries: int
    ndcg10: float
    recall100: float
    okapi_ndcg10: float  # the same with BM25Okapi's floored idf (the engine before)
    published_ndcg10: float
    seconds: float  # analysis, index build and all queries
    peers: dict[str, PeerQuality] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PeerQuality:
    """A peer's figures on one data set; rank-bm25's may stand for the engine's (see above)."""

    ndcg10: float
    recall100: float
    queries: int  # the queries it ran
    same_as_engine: int  # of those, how many gave the engine's top 100 exactly


def _lines(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as file:
        for line in file:
            if line.strip():
                yield json.loads(line)


def _qrels(path: Path) -> dict[str, dict[str, int]]:
    judged: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter="\t"):
            judged.setdefault(row["query-id"], {})[row["corpus-id"]] = int(row["score"])
    return judged


def ndcg_at(ranked: Sequence[str], relevant: Mapping[str, int], depth: int = 10) -> float:
    """trec_eval's ndcg_cut: gain is the judged relevance, discount log2(rank + 1)."""
    gains = sorted((g for g in relevant.values() if g > 0), reverse=True)
    ideal = sum(g / math.log2(rank + 2) for rank, g in enumerate(gains[:depth]))
    if not ideal:
        return 0.0
    found = sum(
        relevant.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranked[:depth])
    )
    return found / ideal


def recall_at(ranked: Sequence[str], relevant: Mapping[str, int], depth: int = 100) -> float:
    wanted = {doc for doc, gain in relevant.items() if gain > 0}
    return len(wanted.intersection(ranked[:depth])) / len(wanted) if wanted else 0.0


def evaluate(folder: Path, peer_names: Sequence[str] = ()) -> BeirResult:
    """nDCG@10 and Recall@100 of the project's analyser and index on one BEIR data set, and of
    each peer named over the same terms."""
    started = time.perf_counter()
    analyser = default_analyser()
    ids: list[str] = []
    terms: list[list[str]] = []
    for doc in _lines(folder / "corpus.jsonl"):
        ids.append(str(doc["_id"]))
        terms.append(analyser.terms(f"{doc.get('title') or ''} {doc.get('text') or ''}"))
    index = PassageIndex(terms)
    judged = _qrels(folder / "qrels" / "test.tsv")
    queries = {str(q["_id"]): str(q["text"]) for q in _lines(folder / "queries.jsonl")}
    asked = [
        (query_id, analyser.terms(queries[query_id])) for query_id in judged if query_id in queries
    ]
    okapi = okapi_idf(index)
    ndcg = recall = okapi_ndcg = 0.0
    engine_ranked: list[list[int]] = []
    for query_id, query in asked:
        relevant = judged[query_id]
        hits = index.search(query)
        positions = [h.position for h in hits if ids[h.position] != query_id][:DEPTH]
        engine_ranked.append(positions)
        ranked = [ids[p] for p in positions]
        ndcg += ndcg_at(ranked, relevant)
        recall += recall_at(ranked, relevant)
        before = _okapi_ranking(index, okapi, query)
        okapi_ndcg += ndcg_at([ids[p] for p in before if ids[p] != query_id], relevant)
    count = len(asked)
    found: dict[str, PeerQuality] = {}
    with tempfile.TemporaryDirectory(prefix="debate-bot-beir-") as scratch:
        for name in peer_names:
            found[name] = _peer_quality(
                name, terms, ids, judged, asked, engine_ranked, Path(scratch) / name
            )
    return BeirResult(
        name=folder.name,
        documents=len(ids),
        queries=count,
        ndcg10=ndcg / count if count else float("nan"),
        recall100=recall / count if count else float("nan"),
        okapi_ndcg10=okapi_ndcg / count if count else float("nan"),
        published_ndcg10=PUBLISHED_NDCG10.get(folder.name, float("nan")),
        seconds=time.perf_counter() - started,
        peers=found,
    )


def _peer_quality(
    name: str,
    terms: Sequence[Sequence[str]],
    ids: Sequence[str],
    judged: Mapping[str, Mapping[str, int]],
    asked: Sequence[tuple[str, list[str]]],
    engine_ranked: Sequence[list[int]],
    scratch: Path,
) -> PeerQuality:
    """One peer's nDCG@10 and Recall@100 over the same terms and queries."""
    scratch.mkdir(parents=True)
    peer = peers.build(name, terms, scratch)
    limit = len(asked)
    if name == "rank-bm25" and sum(len(q) for _, q in asked) > RANK_BM25_LONG * len(asked):
        limit = min(limit, RANK_BM25_QUERIES)
    ndcg = recall = 0.0
    same = 0
    for (query_id, query), engine in zip(asked[:limit], engine_ranked, strict=False):
        top = peer.top(peer.search(query, DEPTH + 1), DEPTH + 1)
        positions = [p for p in top if ids[p] != query_id][:DEPTH]
        same += positions == engine
        ranked = [ids[p] for p in positions]
        ndcg += ndcg_at(ranked, judged[query_id])
        recall += recall_at(ranked, judged[query_id])
    if limit < len(asked) or not limit:
        # Over part of the queries the figures are not comparable: `same` tells whether the
        # engine's stand for them.
        return PeerQuality(float("nan"), float("nan"), limit, same)
    return PeerQuality(ndcg / limit, recall / limit, limit, same)


def _okapi_ranking(
    index: PassageIndex, idf: Mapping[str, float], query: Sequence[str]
) -> list[int]:
    """The first DEPTH positions by BM25Okapi: each posting's Lucene-idf weight rescaled to
    Okapi's idf (the term-frequency part is the same in both)."""
    total = np.zeros(index.size)
    for term in query:
        positions, weights = index.postings(term)
        if len(positions):
            total[positions] += weights / index.idf(term) * idf[term]
    found = np.flatnonzero(total)
    order = found[np.argsort(-total[found], kind="stable")]
    return order[: DEPTH + 1].tolist()


def evaluate_all(root: Path, peer_names: Sequence[str] = ()) -> list[BeirResult]:
    """Every data set of DATASETS found under `root` (the `beir/` folder), with the peers."""
    return [
        evaluate(root / name, peer_names)
        for name in DATASETS
        if (root / name / "corpus.jsonl").is_file()
    ]
