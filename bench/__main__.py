"""`python -m bench`: the scale benchmarks and the BEIR evaluation, printed as one table.

Progress goes to stderr; the table (and its notes) to stdout.
"""

from __future__ import annotations

import asyncio
import gc
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import click

from bench import beir, bot_latency, latency, loop_lag, peers, report, storage
from bench.corpus_gen import (
    PASSAGE_TERMS,
    QUERY_TERMS,
    VOCABULARY_SIZE,
    ZIPF_EXPONENT,
    check_faithful,
    generate,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
SEED = 20_240_601
_UNITS = {"k": 1_000, "m": 1_000_000}
MIN_PASTED = 5


def parse_sizes(text: str) -> list[int]:
    """ "1k,10k,100k,1M" or "1000,10000" -> sorted passage counts."""
    sizes: list[int] = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        unit = _UNITS.get(part[-1], 1)
        number = part[:-1] if part[-1] in _UNITS else part
        try:
            sizes.append(int(float(number) * unit))
        except ValueError as error:
            raise click.BadParameter(f"{part!r} is not a size such as 10k or 100000") from error
    if not sizes or min(sizes) < 100:
        raise click.BadParameter("sizes must be at least 100 passages")
    return sorted(set(sizes))


def _progress(message: str) -> None:
    click.echo(f"bench: {message}", err=True)


def run(
    sizes: Sequence[int],
    *,
    queries: int,
    options: latency.LatencyOptions,
    skip_beir: bool,
    data: Path,
    loop_lag_cap: float,
    seed: int = SEED,
) -> report.Results:
    """Measure every size, then the fresh-process, event-loop and BEIR parts."""
    started = time.perf_counter()
    results = report.Results(machine=report.Machine.read(), sizes=list(sizes))
    results.corpus_line = (
        f"Synthetic corpus (seed {seed}): Zipf({ZIPF_EXPONENT}) over {VOCABULARY_SIZE:,} "
        f"pseudo-words, {PASSAGE_TERMS[0]}-{PASSAGE_TERMS[1]} terms per passage, 20 passages "
        f"per document; {queries} queries of {QUERY_TERMS[0]}-{QUERY_TERMS[1]} mid-frequency "
        f"terms, typed as questions for (b); {options.pasted} passages over 500 characters "
        "clipped to 500 as pasted paragraphs."
    )
    with tempfile.TemporaryDirectory(prefix="debate-bot-bench-") as folder:
        for size in sizes:
            label = report.size_label(size)
            _progress(f"{label}: generating the corpus")
            corpus = generate(size, queries=queries, seed=seed)
            check_faithful(corpus)
            database = Path(folder) / f"bench-{label}.sqlite3"
            _progress(f"{label}: ingesting into SQLite")
            results.ingest[size] = asyncio.run(storage.ingest(database, corpus))
            _progress(f"{label}: building every peer, then timing (a)-(f)")
            stored = Path(folder) / f"peers-{label}"
            stored.mkdir()
            results.latency[size] = latency.measure(corpus, database, stored, options)
            shutil.rmtree(stored)
            results.peak_rss_mb[size] = storage.peak_rss_mb()
            results.stored_bytes[size] = storage.database_bytes(database)  # with the index
            questions = corpus.questions
            del corpus
            gc.collect()
            _progress(f"{label}: a fresh process opens the database and answers")
            results.processes[size] = storage.open_and_answer(database, questions[0])
            _progress(f"{label}: again, with the stored index dropped (it is rebuilt)")
            if not storage.drop_stored_index(database):
                raise AssertionError("the first open did not store the search index")
            results.rebuilt[size] = storage.open_and_answer(database, questions[0])
            if size == report.TARGET_SIZE:
                _progress(f"{label}: event-loop lag, {loop_lag.CONCURRENT_QUESTIONS} questions")
                results.loop_lag = loop_lag.measure(
                    database, questions[: loop_lag.CONCURRENT_QUESTIONS], loop_lag_cap
                )
            database.unlink()
        if skip_beir:
            results.notes.append("BEIR: skipped (--skip-beir).")
        elif not (data / "beir").is_dir():
            results.notes.append(f"BEIR: skipped, {data / 'beir'} is absent.")
        else:
            _progress("BEIR: SciFact and ArguAna")
            results.beir = beir.evaluate_all(data / "beir", peers.available())
    results.notes.extend(_notes(results, options, loop_lag_cap))
    results.total_seconds = time.perf_counter() - started
    return results


def _notes(
    results: report.Results, options: latency.LatencyOptions, loop_lag_cap: float
) -> list[str]:
    versions = peers.versions()
    notes = [
        "Latencies are wall-clock per call, one at a time on one thread, in one process; for "
        "each query the engine's search and every peer run one after another. (b) takes the "
        "typed question (bare words, 'what is said about ...', 'what does <name> say about "
        "...', 'why ...') or the pasted paragraph with k = 3, as the Find sources action asks, "
        f"and stops taking new ones after {options.answer_budget_seconds:.0f} s per kind and "
        f"size; one that runs past {options.answer_cap_seconds:.0f} s is cut off and counted at "
        "that time, so percentiles it reaches are lower bounds (≥). A peer stops taking "
        f"queries of a kind after {options.peer_budget_seconds:.0f} s (at least "
        f"{latency.MIN_TIMED}); rank-bm25 answers every query up to "
        f"{latency.RANK_BM25_ALL_UP_TO:,} passages and the first {options.rank_bm25_queries} "
        "above (it walks every passage in Python for every term), so its p99 is then nearly "
        "its maximum. Ratios are of means over the queries both timed.",
        "Every system gets the project analyser's terms (lower-cased, stop words out, "
        "Snowball-stemmed): the same tokens, so the differences are the engines'. "
        "The engine is the one Library.open builds from the SQLite database the ingest "
        "wrote; its scores are checked against rank-bm25's on every query (c) answers: the run "
        "fails unless all are allclose; the row counts bit-identical ones.",
        f"(c) rank-bm25 {versions['rank-bm25']}: BM25Okapi with Lucene's idf "
        "log(1 + (N-n+.5)/(n+.5)) (bench/oracle.py), k1 1.5, b 0.75: the engine's formula; no "
        "top-k search, so get_scores over every passage is timed. "
        f"(d) bm25s {versions['bm25s']}: method 'lucene' (the engine's idf; its term part is the "
        "engine's / (k1+1), so rankings agree up to float32 ties), k1 1.5, b 0.75, numpy "
        "backend, one thread; retrieve(k=10). "
        f"(e) tantivy {versions['tantivy']} (Python bindings of the Rust library): terms "
        "joined by spaces in a 'whitespace'-tokenised field (frequencies, no positions), stored "
        "on disk, built with one indexing thread and opened from disk for the timing; a query "
        "is a boolean SHOULD of term queries, top 10 without counting (count=False), one "
        "thread; BM25 with k1 1.2 and b 0.75 fixed, Lucene's idf, passage lengths stored in "
        "one byte. "
        f"(f) SQLite FTS5 ({versions['fts5']}): a contentless table on disk, the 'ascii' "
        "tokenizer with the terms' in-word characters as token characters (the vocabulary and "
        "token count are checked equal to the terms'), terms OR-ed, ORDER BY bm25() LIMIT 10; "
        "bm25() has k1 1.2 and b 0.75 fixed and idf log((N-n+.5)/(n+.5)) floored at 1e-6. "
        "tantivy's index is checked to hold the same document frequencies. Time to map a "
        "peer's hits to passage numbers is not counted.",
        "Building: each system in a fresh process from a file of the terms (one passage a "
        "line), timed from the terms in memory to an index that answers (tantivy and FTS5: "
        "written to disk and committed). Resident is the process's RSS after the build and 20 "
        "searches, less its RSS with the terms read (they stay held; their strings are "
        "interned, so rank-bm25's dictionaries share them); tantivy and FTS5 are reopened from "
        "disk first, and count the pages of their files they touched, not the OS page cache. "
        "The engine's PassageIndex is its index alone; what the bot holds (passages, "
        "metadata, index) is the fresh-process rows below.",
        "Ingest writes 100 documents (2,000 passages) per transaction. The fresh process is "
        "`python -c` (start-up time included); the database is in the OS page cache. Peak RSS "
        "is the process's high-water mark (VmHWM); 'per 100k' is the peak (or the resident "
        "memory after the first answer) less the peak after the imports, scaled.",
        "Cold start: 'stored index' is a restart, which reads the search index the last build "
        "stored; 'index rebuilt' is the first start after the stored index is dropped (a corpus "
        "change made by another process, or a database from before schema version 6): it "
        "builds the index from the stored terms, then stores it. A change made through the "
        "running bot stores the new index at once.",
        "Event loop: a fresh process opens the Library from the 100k database, then a ticker "
        "sleeps 10 ms in a loop while the questions run in the default executor; the delay is "
        f"how late a tick wakes. Questions still running after {loop_lag_cap:.0f} s are "
        "abandoned (counted as not finished).",
        "BEIR: one passage per document (title + text); ArguAna drops the query's own document "
        "from its results, as BEIR does; nDCG@10 with trec_eval's linear gains; ties keep corpus "
        "order. Each peer indexes the same terms and returns its top 101. rank-bm25 runs every "
        f"query of SciFact but only the first {beir.RANK_BM25_QUERIES} of ArguAna (116 terms a "
        "query, 0.3 s each in Python); where its top 100 equals the engine's on each, the "
        "engine's figures stand for it. Pyserini's are published figures for BEIR's copies; "
        "this ArguAna has 8,784 documents to BEIR's 8,674.",
    ]
    if 1_000_000 not in results.sizes:
        notes.append(_million_note(results))
    return notes


def _million_note(results: report.Results) -> str:
    """Why 1M passages is not in the default run, from what 100k measured."""
    measured = results.latency.get(report.TARGET_SIZE)
    process = results.processes.get(report.TARGET_SIZE)
    if measured is None or process is None:
        return "1M passages: not run (run `python -m bench --sizes 1M` to measure it)."
    ingest = results.ingest[report.TARGET_SIZE]
    setup = 10 * (
        sum(built.seconds for built in measured.built.values())
        + measured.engine_open
        + ingest.seconds
    )
    answers = 10 * measured.typed.answer.mean
    memory = 10 * process.per_100k_mb() / 1024
    side_by_side = 10 * results.peak_rss_mb.get(report.TARGET_SIZE, float("nan")) / 1024
    return (
        "1M passages: not in the default run. Scaled tenfold from 100k: this process, which "
        "holds the corpus, rank-bm25, bm25s and the engine side by side (tantivy and FTS5 on "
        f"disk), would peak near "
        f"{side_by_side:.0f} GB (machine: {results.machine.memory_gib:.1f} GiB); the engine alone "
        f"needs about {memory:.1f} GB in a fresh process; building and ingesting would take "
        f"about {setup / 60:.0f} min and the answer path at most {report.ms(answers)} ms a "
        "question (tenfold, an upper bound: measured at 1M it is nearer 2-3 times). "
        "`python -m bench --sizes 1M --skip-beir` runs it where memory allows."
    )


@click.command()
@click.option("--quick", is_flag=True, help="1k and 10k passages only: a smoke run.")
@click.option("--sizes", "sizes_text", help="Passage counts, e.g. 1k,10k,100k,1M.")
@click.option("--skip-beir", is_flag=True, help="Leave out the BEIR retrieval evaluation.")
@click.option(
    "--skip-bot", is_flag=True, help="Leave out the bot's latency through the local Discord."
)
@click.option("--queries", type=click.IntRange(min=10), help="Queries per size [200; quick 50].")
@click.option(
    "--rank-bm25-queries",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help=f"Queries timed on rank-bm25 above {latency.RANK_BM25_ALL_UP_TO:,} passages.",
)
@click.option(
    "--answer-budget",
    type=click.FloatRange(min=0),
    help="Seconds per size after which (b) takes no new question [60; quick 10].",
)
@click.option(
    "--pasted",
    type=click.IntRange(min=MIN_PASTED),
    help="Pasted paragraphs per size [100; quick 25].",
)
@click.option(
    "--peer-budget",
    type=click.FloatRange(min=0),
    help="Seconds per kind and size after which a peer takes no new query [30; quick 5].",
)
@click.option(
    "--answer-cap",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds after which one question of (b) is cut off (and counted as censored).",
)
@click.option(
    "--loop-lag-cap",
    type=click.FloatRange(min=1),
    default=loop_lag.CAP_SECONDS,
    show_default=True,
    help="Seconds after which the event-loop test abandons unfinished questions.",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    default=DATA,
    show_default=True,
    help="The shared data folder (holding beir/).",
)
def main(
    quick: bool,
    sizes_text: str | None,
    skip_beir: bool,
    skip_bot: bool,
    queries: int | None,
    rank_bm25_queries: int,
    answer_budget: float | None,
    pasted: int | None,
    peer_budget: float | None,
    answer_cap: float,
    loop_lag_cap: float,
    data: Path,
) -> None:
    """Latency beside the peers, building, storage, memory, event-loop lag and retrieval
    quality."""
    sizes = parse_sizes(sizes_text) if sizes_text else list(QUICK_SIZES if quick else DEFAULT_SIZES)
    options = latency.LatencyOptions(
        rank_bm25_queries=rank_bm25_queries,
        answer_budget_seconds=answer_budget if answer_budget is not None else (10 if quick else 60),
        answer_cap_seconds=answer_cap,
        peer_budget_seconds=peer_budget if peer_budget is not None else (5 if quick else 30),
        pasted=pasted or (25 if quick else 100),
    )
    results = run(
        sizes,
        queries=queries or (50 if quick else 200),
        options=options,
        skip_beir=skip_beir,
        data=data,
        loop_lag_cap=loop_lag_cap,
    )
    click.echo(report.table(results))
    if skip_bot:
        return
    debates = None if quick else data / "idebate"
    _progress("the bot through the local Discord (bench.bot_latency)")
    click.echo("")
    click.echo(bot_latency.table(asyncio.run(bot_latency.measure(debates))))


if __name__ == "__main__":
    main()
