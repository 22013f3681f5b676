"""Answer latency by corpus size: the engine beside rank-bm25 and bm25s, on the same tokens.

Four things answer the same queries, one after another for each query, in one process:

(a) `PassageIndex.search`, the engine's BM25: the top 10 where `search` takes a `limit`, else
    every passage sharing a term, best first;
(b) `AnswerEngine.answer`, the whole path a question takes (analysis, focus, BM25, coverage,
    quotes), on the question a user would type for the same terms;
(c) rank-bm25's `BM25Okapi.get_scores` with Lucene's idf (`bench/oracle.py`), whose numbers the
    engine must reproduce exactly: checked here for every query it answers;
(d) bm25s, `retrieve` of the top 10 (method "lucene", numpy backend, single thread).

The engine is the one a bot process holds: `Library.open` on the SQLite database the ingest
wrote. The corpus and the two reference indexes are built first and then frozen (`gc.freeze`),
so the garbage collector scans during timing what it would scan in the bot: the engine.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from bench.corpus_gen import SyntheticCorpus
from bench.oracle import LuceneIdfBM25
from bench.storage import settings_for
from bot.engine.answer import AnswerEngine
from bot.engine.index import BM25Parameters, Hit, PassageIndex
from bot.library import Library

# bm25s "lucene": idf log(1 + (N - n + .5) / (n + .5)) as the engine's, and a term-frequency part
# that is the engine's (rank-bm25's) divided by the constant (k1 + 1): the same ranking.
BM25S_METHOD = "lucene"
TOP_K = 10
WARM_UP_QUERIES = 5
MIN_ANSWERS = 3
# rank-bm25 walks every passage in Python for every query term: all queries up to this size,
# `rank_bm25_queries` of them above it.
RANK_BM25_ALL_UP_TO = 10_000


@dataclass(frozen=True, slots=True)
class Timings:
    """Wall-clock seconds of each call, in order; `censored` calls were cut off at their time."""

    seconds: tuple[float, ...]
    censored: int = 0

    @property
    def count(self) -> int:
        return len(self.seconds)

    @property
    def mean(self) -> float:
        return float(np.mean(self.seconds)) if self.seconds else float("nan")

    @property
    def p50(self) -> float:
        return float(np.percentile(self.seconds, 50)) if self.seconds else float("nan")

    @property
    def p99(self) -> float:
        return float(np.percentile(self.seconds, 99)) if self.seconds else float("nan")

    @property
    def per_second(self) -> float:
        """Questions per second, one at a time on one thread."""
        return 1.0 / self.mean if self.seconds else float("nan")

    def head(self, count: int) -> Timings:
        return Timings(self.seconds[:count])

    def bound(self, quantile: float) -> bool:
        """Whether the quantile is only a lower bound: cut-off calls reach up to it."""
        return self.censored > 0 and self.censored >= (1 - quantile) * self.count


@dataclass(frozen=True, slots=True)
class LatencyOptions:
    rank_bm25_queries: int = 20  # above RANK_BM25_ALL_UP_TO passages
    answer_budget_seconds: float = 60.0  # the answer path stops taking questions after this
    answer_cap_seconds: float = 10.0  # one question is cut off after this (counted as censored)


@dataclass(frozen=True, slots=True)
class SizeResult:
    passages: int
    documents: int
    search: Timings  # (a)
    answer: Timings  # (b)
    abstained: int  # of the answered questions
    rank_bm25: Timings  # (c), on the first `rank_bm25.count` queries
    bm25s: Timings  # (d)
    scores_exact: int  # queries whose engine scores equal rank-bm25's bit for bit
    top10_overlap: float  # mean share of the engine's top 10 that bm25s also returns
    search_mode: str  # what (a) returns: "top 10", or "all matches" when search has no limit
    index_build: float  # PassageIndex over the terms
    engine_open: float  # Library.open: SQLite load and AnswerEngine build
    rank_bm25_build: float
    bm25s_build: float

    @property
    def speedup_rank_bm25(self) -> float:
        """(c) time over (a) time, on the queries both answered."""
        return self.rank_bm25.mean / self.search.head(self.rank_bm25.count).mean

    @property
    def speedup_bm25s(self) -> float:
        """(d) time over (a) time: above 1 the engine is faster."""
        return self.bm25s.mean / self.search.mean

    @property
    def answer_speedup_rank_bm25(self) -> float:
        return self.rank_bm25.mean / self.answer.mean


async def open_engine(database: Path) -> AnswerEngine:
    """The engine as the bot builds it: `Library.open` on the database."""
    library = await Library.open(settings_for(database), sync_corpus=False)
    try:
        return library.engine
    finally:
        await library.close()


def _searcher(index: PassageIndex) -> tuple[Callable[[list[str]], list[Hit]], str]:
    """(a) as bm25s is asked: the top 10 if `search` takes a limit, else all it returns."""
    method: Callable[..., list[Hit]] = index.search
    if "limit" in inspect.signature(method).parameters:
        return (lambda query: method(query, limit=TOP_K)), f"top {TOP_K}"
    return method, "all matches"


def _check_alignment(engine: AnswerEngine, corpus: SyntheticCorpus) -> None:
    """The engine loaded from SQLite holds the generated passages, terms and order."""
    ids = [p.id for doc in corpus.documents for p in doc.passages]
    if [p.id for p in engine.collection.passages] != ids or list(
        engine.collection.passage_terms
    ) != corpus.passage_terms:
        raise AssertionError("the engine loaded other passages than the benchmark generated")


def _check_scores(
    index: PassageIndex, hits: Sequence[Hit], query: list[str], reference: np.ndarray
) -> bool:
    """True if the engine's scores equal rank-bm25's exactly; raise unless they are allclose."""
    ours = index.scores(query)
    positions = np.array([hit.position for hit in hits], dtype=np.int64)
    found = np.array([hit.score for hit in hits])
    exact = np.array_equal(ours, reference) and np.array_equal(found, reference[positions])
    if not exact and not (
        np.allclose(ours, reference, rtol=1e-12, atol=1e-12)
        and np.allclose(found, reference[positions], rtol=1e-12, atol=1e-12)
    ):
        raise AssertionError(f"engine scores differ from rank-bm25's for the query {query}")
    return exact


def _overlap(hits: Sequence[Hit], documents: np.ndarray) -> float | None:
    ours = {hit.position for hit in hits[:TOP_K]}
    if not ours:
        return None
    return len(ours.intersection(documents.tolist())) / len(ours)


def measure(corpus: SyntheticCorpus, database: Path, options: LatencyOptions) -> SizeResult:
    """Build everything for one corpus (ingested at `database`) and time the four side by side."""
    terms = corpus.passage_terms
    parameters = BM25Parameters()
    started = time.perf_counter()
    PassageIndex(terms, parameters)
    index_build = time.perf_counter() - started

    started = time.perf_counter()
    okapi = LuceneIdfBM25(terms, k1=parameters.k1, b=parameters.b)
    rank_bm25_build = time.perf_counter() - started

    started = time.perf_counter()
    retriever = bm25s.BM25(k1=parameters.k1, b=parameters.b, method=BM25S_METHOD)
    retriever.index(terms, show_progress=False)
    bm25s_build = time.perf_counter() - started

    gc.collect()
    gc.freeze()
    try:
        started = time.perf_counter()
        engine = asyncio.run(open_engine(database))
        engine_open = time.perf_counter() - started
        _check_alignment(engine, corpus)
        index = engine.collection.index
        search, search_mode = _searcher(index)

        queries = corpus.queries
        rank_count = (
            len(queries)
            if corpus.size <= RANK_BM25_ALL_UP_TO
            else min(len(queries), options.rank_bm25_queries)
        )
        for query in queries[:WARM_UP_QUERIES]:
            search(query)
            retriever.retrieve([query], k=TOP_K, show_progress=False)
        okapi.get_scores(queries[0])

        searched: list[float] = []
        peer: list[float] = []
        reference: list[float] = []
        exact = 0
        overlaps: list[float] = []
        for number, query in enumerate(queries):
            started = time.perf_counter()
            hits = search(query)
            searched.append(time.perf_counter() - started)
            started = time.perf_counter()
            documents, _ = retriever.retrieve([query], k=TOP_K, show_progress=False)
            peer.append(time.perf_counter() - started)
            overlap = _overlap(hits, documents[0])
            if overlap is not None:
                overlaps.append(overlap)
            if number < rank_count:
                started = time.perf_counter()
                scores = np.asarray(okapi.get_scores(query))
                reference.append(time.perf_counter() - started)
                exact += _check_scores(index, hits, query, scores)

        answer, abstained = _answer_path(engine, corpus, options)
    finally:
        gc.unfreeze()
    return SizeResult(
        passages=corpus.size,
        documents=len(corpus.documents),
        search=Timings(tuple(searched)),
        answer=answer,
        abstained=abstained,
        rank_bm25=Timings(tuple(reference)),
        bm25s=Timings(tuple(peer)),
        scores_exact=exact,
        top10_overlap=float(np.mean(overlaps)) if overlaps else float("nan"),
        search_mode=search_mode,
        index_build=index_build,
        engine_open=engine_open,
        rank_bm25_build=rank_bm25_build,
        bm25s_build=bm25s_build,
    )


class _Overrun(Exception):
    """A question ran past the cap."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _Overrun in this (main) thread after `seconds`; no limit where signals can't."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise _Overrun

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _answer_path(
    engine: AnswerEngine, corpus: SyntheticCorpus, options: LatencyOptions
) -> tuple[Timings, int]:
    """Time `engine.answer` on the corpus's questions until the budget runs out.

    A question that runs past the cap is interrupted and counted at the cap, as censored: the
    percentiles it reaches are then lower bounds.
    """
    # Warm up on one question whose rarest word is in few passages: cheap at any size.
    rarest = min(
        (term for query in corpus.queries for term in query),
        key=lambda term: (engine.collection.index.document_frequency(term) or corpus.size, term),
    )
    engine.answer(f"{rarest}?")
    timings: list[float] = []
    abstained = censored = 0
    deadline = time.perf_counter() + options.answer_budget_seconds
    for question in corpus.questions:
        started = time.perf_counter()
        try:
            with _time_limit(options.answer_cap_seconds):
                answer = engine.answer(question)
        except _Overrun:
            timings.append(options.answer_cap_seconds)
            censored += 1
        else:
            timings.append(time.perf_counter() - started)
            abstained += answer.abstained
        if len(timings) >= MIN_ANSWERS and time.perf_counter() > deadline:
            break
    return Timings(tuple(timings), censored), abstained
