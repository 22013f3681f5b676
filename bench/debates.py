"""Debates at scale: importing the whole Debatabase, and the best counter on ArguAna.

`python -m bench.debates` prints two tables.

1. Import: every debate folder under `../shared/data/idebate/` into a fresh SQLite file through
   `Library.import_debates` (parse, analyse, write in batched transactions, rebuild the
   engine), then the same folder again (every debate unchanged), then latency of `rebut` and
   `answer` over the imported corpus.
2. ArguAna (`../shared/data/beir/arguana/`): each test query is a point; its one relevant
   document is that point's counter. Each BEIR document becomes a passage of a debate document
   built from its id (`<debate>-<pro|con><NN><a|b>`: debate, side, number, point or counter);
   the qrels are read only to score. Rows:
   - plain BM25: the project's analyser and index over title + text, nothing else;
   - structure: `rank_counters` with the argument found in the corpus (same debate, the other
     side's answers to this side's points, then its points) but the point -> counter link not
     used;
   - typed: the argument's own passage left out of the corpus, so its debate and side are
     unknown and only guessed from the closest passage (a user typing an argument);
   - link: the argument found and its linked answer put first (what `/rebut` does for a point
     in the corpus; duplicated debates in the data make this less than 1).
   BEIR's evaluation ignores a returned document whose id is the query's; so does this one.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import re
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.engine.answer import AnswerEngine
from bot.engine.models import Document, DocumentMeta, Kind, Passage, Side, Voice
from bot.engine.rebut import rank_counters, rebut
from bot.engine.text import default_analyser, split_sentences
from bot.library import Library
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
PUBLISHED = {"Pyserini BM25 flat": 0.397, "Pyserini BM25 multifield": 0.414}
_BEIR_ID = re.compile(r"^(?P<debate>.+)-(?P<side>pro|con)(?P<n>\d+)(?P<part>[ab])$")


# --- import ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportFigures:
    folders: int
    debates: int
    rejected: int
    passages: int
    first_seconds: float
    again_seconds: float
    again_unchanged: int
    rebut_p50_ms: float
    rebut_p99_ms: float
    answer_p50_ms: float
    answer_p99_ms: float


async def measure_import(root: Path) -> ImportFigures:
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            database_path=Path(scratch) / "debates.sqlite3",
            corpus_dir=Path(scratch) / "no-bundled-corpus",
            discord_token=None,
        )
        library = await Library.open(settings)
        try:
            started = time.perf_counter()
            first = await library.import_debates(root)
            first_seconds = time.perf_counter() - started
            started = time.perf_counter()
            again = await library.import_debates(root)
            again_seconds = time.perf_counter() - started
            engine = library.engine
            points = [p for p in engine.collection.passages if p.side is not None and not p.answers]
            sample = points[:: max(1, len(points) // 200)][:200]
            rebut_times = _timed(lambda p: rebut(engine, p.heading or p.text[:200]), sample)
            answer_times = _timed(lambda p: engine.answer(f"what about {p.heading}?"), sample)
        finally:
            await library.close()
    return ImportFigures(
        folders=len(first.added) + len(first.unchanged) + len(first.errors),
        debates=len(first.added),
        rejected=len(first.errors),
        passages=len(engine.collection.passages),
        first_seconds=first_seconds,
        again_seconds=again_seconds,
        again_unchanged=len(again.unchanged),
        rebut_p50_ms=_percentile(rebut_times, 50),
        rebut_p99_ms=_percentile(rebut_times, 99),
        answer_p50_ms=_percentile(answer_times, 50),
        answer_p99_ms=_percentile(answer_times, 99),
    )


def _timed(work: Callable[[Passage], object], sample: Sequence[Passage]) -> list[float]:
    times = []
    for passage in sample:
        started = time.perf_counter()
        work(passage)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


# --- ArguAna -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArguAnaRow:
    name: str
    ndcg10: float
    recall100: float
    seconds: float


def _jsonl(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def arguana_engine(folder: Path) -> tuple[AnswerEngine, dict[str, str], dict[str, str]]:
    """An engine over ArguAna's documents as debates, and passage id <-> BEIR id maps."""
    by_debate: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _jsonl(folder / "corpus.jsonl"):
        match = _BEIR_ID.match(row["_id"])
        by_debate[match.group("debate") if match else row["_id"]].append(row)
    analyser = default_analyser()
    documents: list[Document] = []
    beir_of: dict[str, str] = {}
    terms: dict[str, list[str]] = {}
    for number, (debate, rows) in enumerate(sorted(by_debate.items())):
        doc_id = f"arguana-{number}"
        passages = []
        for position, row in enumerate(rows, start=1):
            match = _BEIR_ID.match(row["_id"])
            side = section = answers = None
            if match:
                own = Side.PROPOSITION if match.group("side") == "pro" else Side.OPPOSITION
                point = f"{own.value}-{int(match.group('n'))}"
                if match.group("part") == "a":
                    side, section = own, point
                else:  # "b": the other side's answer to that point
                    side, section, answers = own.other, f"{point}-answer", point
            text = row["text"]
            passage = Passage(
                id=f"{doc_id}:p{position}",
                doc_id=doc_id,
                number=position,
                start=0,
                end=len(text),
                text=text,
                voice=Voice.SPEAKER,
                speaker=side.label if side else "unknown",
                sentences=tuple(split_sentences(text)),
                side=side,
                section=section,
                answers=answers,
            )
            passages.append(passage)
            beir_of[passage.id] = row["_id"]
            # Pyserini's flat index searches title and text together; so does this one.
            terms[passage.id] = analyser.terms(f"{row.get('title', '')} {text}")
        meta = DocumentMeta(
            id=doc_id, title=debate, author="ArguAna", date=dt.date(2018, 1, 1), kind=Kind.DEBATE
        )
        documents.append(Document(meta, "", "", debate, tuple(passages)))
    engine = AnswerEngine(documents, passage_terms=terms)
    return engine, beir_of, {beir: pid for pid, beir in beir_of.items()}


def _ndcg10(ranked: Sequence[str], relevant: Mapping[str, int]) -> float:
    gain = sum(relevant.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranked[:10]))
    ideal = sum(
        grade / math.log2(rank + 2)
        for rank, grade in enumerate(sorted(relevant.values(), reverse=True)[:10])
    )
    return gain / ideal if ideal else 0.0


def _recall100(ranked: Sequence[str], relevant: Mapping[str, int]) -> float:
    wanted = {doc for doc, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:100])) / len(wanted) if wanted else 0.0


def measure_arguana(folder: Path, limit: int | None = None) -> tuple[list[ArguAnaRow], int]:
    engine, beir_of, passage_of = arguana_engine(folder)
    queries = {row["_id"]: row["text"] for row in _jsonl(folder / "queries.jsonl")}
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with (folder / "qrels" / "test.tsv").open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            query, doc, grade = line.rstrip("\n").split("\t")
            qrels[query][doc] = int(grade)
    asked = [q for q in qrels if q in queries][:limit]

    def plain(query: str) -> list[str]:
        hits = engine.collection.index.search(engine.analyser.terms(queries[query]))
        return [beir_of[engine.collection.passages[h.position].id] for h in hits]

    def structured(**options: object) -> Callable[[str], list[str]]:
        def run(query: str) -> list[str]:
            extra: dict[str, object] = dict(options)
            if extra.pop("leave_out", False) and query in passage_of:
                extra["exclude"] = frozenset({passage_of[query]})
            ranking = rank_counters(engine, queries[query], **extra)  # type: ignore[arg-type]
            return [
                beir_of[engine.collection.passages[position].id] for position, _ in ranking.hits
            ]

        return run

    systems: list[tuple[str, Callable[[str], list[str]]]] = [
        ("plain BM25 (project analyser)", plain),
        ("structure, argument found, no link", structured(use_link=False)),
        (
            "structure, argument typed (not found)",
            structured(use_link=False, match_in_corpus=False, leave_out=True),
        ),
        ("structure + point->counter link", structured()),
    ]
    rows = []
    for name, system in systems:
        started = time.perf_counter()
        ndcg, recall = [], []
        for query in asked:
            ranked = [doc for doc in system(query) if doc != query][:100]
            ndcg.append(_ndcg10(ranked, qrels[query]))
            recall.append(_recall100(ranked, qrels[query]))
        rows.append(
            ArguAnaRow(
                name,
                statistics.fmean(ndcg),
                statistics.fmean(recall),
                time.perf_counter() - started,
            )
        )
    return rows, len(asked)


# --- the report --------------------------------------------------------------------------------


def import_table(figures: ImportFigures) -> str:
    rate = figures.passages / figures.first_seconds if figures.first_seconds else math.nan
    lines = [
        "Debatabase import (../shared/data/idebate, into a fresh SQLite file)",
        f"  debate folders            {figures.folders:>10,}",
        f"  imported                  {figures.debates:>10,}   "
        f"({figures.rejected} rejected: no points in pro/ or con/, or the same debate "
        "filed under a second theme)",
        f"  passages                  {figures.passages:>10,}",
        f"  first import              {figures.first_seconds:>9.1f} s   "
        f"({rate:,.0f} passages/s; target < 60 s: "
        f"{'PASS' if figures.first_seconds < 60 else 'MISS'})",
        f"  same folder again         {figures.again_seconds:>9.1f} s   "
        f"({figures.again_unchanged:,} unchanged, nothing written)",
        f"  rebut p50 / p99           {figures.rebut_p50_ms:>7.1f} / {figures.rebut_p99_ms:.1f} ms",
        f"  answer p50 / p99          {figures.answer_p50_ms:>7.1f} / "
        f"{figures.answer_p99_ms:.1f} ms",
    ]
    return "\n".join(lines)


def arguana_table(rows: Sequence[ArguAnaRow], queries: int) -> str:
    baseline = rows[0].ndcg10 if rows else math.nan
    lines = [
        f"ArguAna best counter ({queries:,} test queries; nDCG@10, Recall@100)",
        f"  {'system':<40} {'nDCG@10':>8} {'R@100':>7} {'vs plain':>9} {'time':>7}",
    ]
    for row in rows:
        lines.append(
            f"  {row.name:<40} {row.ndcg10:>8.3f} {row.recall100:>7.3f} "
            f"{row.ndcg10 / baseline:>8.2f}x {row.seconds:>6.1f}s"
        )
    for name, figure in PUBLISHED.items():
        lines.append(f"  {name + ' (published)':<40} {figure:>8.3f}")
    lines.append(f"  {'rank-bm25, stemmed tokenizer (data README)':<40} {0.456:>8.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.debates", description=__doc__)
    parser.add_argument("--queries", type=int, default=None, help="ArguAna queries (all)")
    parser.add_argument("--skip-import", action="store_true")
    options = parser.parse_args(argv)
    idebate = SHARED / "idebate"
    arguana = SHARED / "beir" / "arguana"
    if options.skip_import:
        pass
    elif idebate.is_dir():
        print(import_table(asyncio.run(measure_import(idebate))))
        print()
    else:
        print(f"Debatabase import: skipped, {idebate} is absent")
    if arguana.is_dir():
        rows, queries = measure_arguana(arguana, options.queries)
        print(arguana_table(rows, queries))
    else:
        print(f"ArguAna: skipped, {arguana} is absent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
