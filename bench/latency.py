"""Latency by corpus size: the engine beside rank-bm25, bm25s, tantivy and SQLite FTS5.

Two kinds of query, each timed on everything below, one query after another in one process:

- typed: the corpus's questions (2-6 mid-frequency terms, typed as a user would);
- pasted: a passage's text clipped to 500 characters as the "Find sources" message action
  clips a message (`bot.chat.render.clip`), about 60 terms: what a user pastes to check.

(a) `PassageIndex.search`, the engine's BM25: the top 10 (where `search` takes a `limit`);
(b) `AnswerEngine.answer`, the whole path a question takes (analysis, focus, BM25, coverage,
    quotes): the typed question, or the pasted text with k = 3 as the message action asks;
(c)-(f) the peers of `bench/peers.py` on the same terms: rank-bm25's `get_scores` with
    Lucene's idf (whose numbers the engine must reproduce: checked here for every query it
    answers), bm25s, tantivy and FTS5 (top 10 each).

The engine is the one a bot process holds: `Library.open` on the SQLite database the ingest
wrote. Each peer is built in a fresh process from the same terms (its build time and resident
memory); tantivy and FTS5 are then opened here from the index that build stored on disk, and
rank-bm25 and bm25s built again here. The corpus and the in-memory peers are frozen
(`gc.freeze`) before the engine is opened, so the garbage collector scans during timing what it
would scan in the bot: the engine.
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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench import peers
from bench.corpus_gen import SyntheticCorpus
from bench.storage import settings_for
from bot.chat.render import clip
from bot.engine.answer import AnswerEngine
from bot.engine.cleaning import MAX_QUESTION_CHARS
from bot.engine.index import Hit, PassageIndex
from bot.library import Library

TOP_K = peers.TOP_K
WARM_UP_QUERIES = 5
MIN_TIMED = 3
# rank-bm25 walks every passage in Python for every query term: all queries up to this size,
# `rank_bm25_queries` of them above it.
RANK_BM25_ALL_UP_TO = 10_000
PASTED_CHARS = MAX_QUESTION_CHARS  # the message action's clip
PASTED_K = 3  # the message action shows three passages
KINDS = ("typed", "pasted")


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
    peer_budget_seconds: float = 30.0  # a peer stops taking queries of a kind after this
    pasted: int = 100  # pasted paragraphs per size


@dataclass(frozen=True, slots=True)
class KindResult:
    """One kind of query (typed or pasted) at one size."""

    queries: int
    mean_terms: float
    search: Timings  # (a)
    answer: Timings  # (b)
    abstained: int  # of the answered questions
    peers: dict[str, Timings]  # (c)-(f), each on the first `count` queries
    overlap: dict[str, float]  # mean share of the engine's top 10 that a peer's top 10 holds
    scores_exact: int  # rank-bm25's queries whose engine scores equal its own bit for bit

    def speedup(self, peer: str) -> float:
        """The peer's mean time over the engine's search's, on the queries both answered:
        above 1 the engine is faster."""
        timed = self.peers.get(peer)
        if timed is None or not timed.count:
            return float("nan")
        return timed.mean / self.search.head(timed.count).mean

    def answer_speedup(self, peer: str) -> float:
        """The peer's search time over the engine's whole answer path (means)."""
        timed = self.peers.get(peer)
        if timed is None or not timed.count:
            return float("nan")
        return timed.mean / self.answer.mean


@dataclass(frozen=True, slots=True)
class SizeResult:
    passages: int
    documents: int
    typed: KindResult
    pasted: KindResult
    search_mode: str  # what (a) returns: "top 10", or "all matches" when search has no limit
    engine_open: float  # Library.open: SQLite load and AnswerEngine build
    built: dict[str, peers.Built] = field(default_factory=dict)  # "engine" and each peer

    def kind(self, name: str) -> KindResult:
        return self.typed if name == "typed" else self.pasted


async def open_engine(database: Path, *, warm: bool = True) -> AnswerEngine:
    """The engine as the bot builds it: `Library.open` on the database; with `warm`, warmed as
    the bot's is by its first question (see `opened_engine`)."""
    engine, _ = await opened_engine(database, warm=warm)
    return engine


async def opened_engine(database: Path, *, warm: bool = True) -> tuple[AnswerEngine, float]:
    """`open_engine`'s engine, and the seconds spent waiting for its warm-up (0.0 without
    `warm`). The warm-up is the one `Library.open` starts in the background
    (`Library.warmed`): the bot's first question comes after it has connected to Discord, which
    takes longer, so the bot answers its first question with a warmed engine."""
    library = await Library.open(settings_for(database), sync_corpus=False, warm=warm)
    try:
        started = time.perf_counter()
        await library.warmed()
        return library.engine, time.perf_counter() - started
    finally:
        await library.close()


def _searcher(index: PassageIndex) -> tuple[Callable[[list[str]], list[Hit]], str]:
    """(a) as the peers are asked: the top 10 if `search` takes a limit, else all it returns."""
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


def _overlap(ours: Sequence[int], theirs: Sequence[int]) -> float | None:
    mine = set(ours[:TOP_K])
    if not mine:
        return None
    return len(mine.intersection(theirs[:TOP_K])) / len(mine)


def pasted_paragraphs(corpus: SyntheticCorpus, count: int) -> list[str]:
    """`count` passages longer than the clip, spread over the corpus, clipped as the message
    action clips a message."""
    long = [p.text for doc in corpus.documents for p in doc.passages if len(p.text) > PASTED_CHARS]
    step = max(1, len(long) // max(1, count))
    return [clip(text, PASTED_CHARS) for text in long[::step][:count]]


def measure(
    corpus: SyntheticCorpus, database: Path, folder: Path, options: LatencyOptions
) -> SizeResult:
    """Build everything for one corpus (ingested at `database`; peers stored under `folder`)
    and time the engine and its peers side by side on typed and pasted queries."""
    names = peers.available()
    terms_path = folder / "terms.txt"
    peers.write_terms(terms_path, corpus.passage_terms)
    built = {name: peers.build_in_child(name, terms_path, folder) for name in ("engine", *names)}
    terms_path.unlink()
    running: dict[str, peers.Peer] = {}
    for name in names:
        if name in ("tantivy", "fts5"):
            running[name] = peers.open_stored(name, folder)
            peers.check_same_terms(running[name], corpus.passage_terms, corpus.queries[0])
        else:
            running[name] = peers.build(name, corpus.passage_terms, folder)

    gc.collect()
    gc.freeze()
    try:
        started = time.perf_counter()
        engine, warming = asyncio.run(opened_engine(database))
        engine_open = time.perf_counter() - started - warming  # the warm-up is not the open
        _check_alignment(engine, corpus)
        search_mode = _searcher(engine.collection.index)[1]
        analyser = engine.analyser
        pasted = pasted_paragraphs(corpus, options.pasted)
        typed = _measure_kind(
            engine,
            running,
            corpus.queries,
            [(question, None) for question in corpus.questions],
            corpus.size,
            options,
        )
        pasted_result = _measure_kind(
            engine,
            running,
            [analyser.terms(text) for text in pasted],
            [(text, PASTED_K) for text in pasted],
            corpus.size,
            options,
        )
    finally:
        gc.unfreeze()
    return SizeResult(
        passages=corpus.size,
        documents=len(corpus.documents),
        typed=typed,
        pasted=pasted_result,
        search_mode=search_mode,
        engine_open=engine_open,
        built=built,
    )


def _measure_kind(
    engine: AnswerEngine,
    running: dict[str, peers.Peer],
    queries: Sequence[list[str]],
    questions: Sequence[tuple[str, int | None]],
    size: int,
    options: LatencyOptions,
) -> KindResult:
    """Time (a) and every peer on each query in turn, then (b) on the questions."""
    index = engine.collection.index
    search, _ = _searcher(index)
    caps = {name: len(queries) for name in running}
    if "rank-bm25" in caps and size > RANK_BM25_ALL_UP_TO:
        caps["rank-bm25"] = min(len(queries), options.rank_bm25_queries)
    for query in queries[:WARM_UP_QUERIES]:
        search(query)
        for name, peer in running.items():
            if name != "rank-bm25":
                peer.search(query)
    if "rank-bm25" in running and queries:
        running["rank-bm25"].search(queries[0])

    searched: list[float] = []
    timed: dict[str, list[float]] = {name: [] for name in running}
    spent = dict.fromkeys(running, 0.0)
    overlaps: dict[str, list[float]] = {name: [] for name in running}
    exact = 0
    for number, query in enumerate(queries):
        started = time.perf_counter()
        hits = search(query)
        searched.append(time.perf_counter() - started)
        ours = [hit.position for hit in hits]
        for name, peer in running.items():
            if number >= caps[name] or (
                spent[name] > options.peer_budget_seconds and number >= MIN_TIMED
            ):
                continue
            started = time.perf_counter()
            found = peer.search(query)
            elapsed = time.perf_counter() - started
            timed[name].append(elapsed)
            spent[name] += elapsed
            overlap = _overlap(ours, peer.top(found))
            if overlap is not None:
                overlaps[name].append(overlap)
            if name == "rank-bm25":
                exact += _check_scores(index, hits, query, found)

    answer, abstained = _answer_path(engine, questions, options)
    return KindResult(
        queries=len(queries),
        mean_terms=float(np.mean([len(q) for q in queries])) if queries else float("nan"),
        search=Timings(tuple(searched)),
        answer=answer,
        abstained=abstained,
        peers={name: Timings(tuple(values)) for name, values in timed.items()},
        overlap={
            name: float(np.mean(values)) if values else float("nan")
            for name, values in overlaps.items()
        },
        scores_exact=exact,
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
    engine: AnswerEngine, questions: Sequence[tuple[str, int | None]], options: LatencyOptions
) -> tuple[Timings, int]:
    """Time `engine.answer` on the questions (with their k) until the budget runs out.

    A question that runs past the cap is interrupted and counted at the cap, as censored: the
    percentiles it reaches are then lower bounds.
    """
    if questions:
        engine.answer(*questions[0])  # warm-up, not timed
    timings: list[float] = []
    abstained = censored = 0
    deadline = time.perf_counter() + options.answer_budget_seconds
    for question, k in questions:
        started = time.perf_counter()
        try:
            with _time_limit(options.answer_cap_seconds):
                answer = engine.answer(question, k)
        except _Overrun:
            timings.append(options.answer_cap_seconds)
            censored += 1
        else:
            timings.append(time.perf_counter() - started)
            abstained += answer.abstained
        if len(timings) >= MIN_TIMED and time.perf_counter() > deadline:
            break
    return Timings(tuple(timings), censored), abstained
