"""The benchmark's one table: every measure by corpus size, and each target's verdict at 100k.

Plain text with pipes, so it reads in a terminal and pastes into an issue. A row either has one
cell per corpus size or one cell spanning them all (results that are not per size: BEIR, notes).
"""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import psutil

from bench.beir import BeirResult
from bench.latency import BM25S_METHOD, SizeResult, Timings
from bench.loop_lag import CONCURRENT_QUESTIONS, LoopLag
from bench.storage import ColdStart, IngestResult

TARGET_SIZE = 100_000
# The targets at 100k passages.
P99_SECONDS = 0.020
RANK_BM25_SPEEDUP = 50.0
BM25S_SPEEDUP = 0.5  # "within 2x of bm25s": at most twice its time
COLD_START_SECONDS = 2.0
LOOP_LAG_MS = 100.0


@dataclass(frozen=True, slots=True)
class Row:
    """One measure: a cell per size (or one spanning cell), the target and its verdict."""

    label: str
    cells: tuple[str, ...]
    target: str = ""
    verdict: str = ""
    span: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """A heading row that groups the rows below it."""

    title: str


def verdict(passed: bool | None) -> str:
    """PASS, MISS, or blank when the target size was not measured."""
    if passed is None:
        return "n/a"
    return "PASS" if passed else "MISS"


def size_label(size: int) -> str:
    """1000 -> "1k", 1_000_000 -> "1M": the column headings and the --sizes spelling."""
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return f"{size:,}"


def _three_digits(value: float) -> str:
    """About three significant digits: 1,234 / 12.3 / 1.23; a dash for no figure."""
    if math.isnan(value):
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ms(seconds: float) -> str:
    """Milliseconds with about three significant digits."""
    return _three_digits(seconds * 1000)


def rate(per_second: float) -> str:
    return _three_digits(per_second)


def ratio(value: float) -> str:
    if math.isnan(value):
        return "—"
    if value >= 10:
        return f"{value:,.0f}×"
    return f"{value:.2f}×"


def seconds(value: float) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def megabytes(value: float) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:,.0f} MB"


def render(title: Sequence[str], sizes: Sequence[int], rows: Sequence[Row | Section]) -> str:
    """The table as text: title lines, a header, and the rows (sections as heading rows)."""
    header = ("measure", *(size_label(size) for size in sizes), "target at 100k", "verdict")
    table_rows = [r for r in rows if isinstance(r, Row)]
    widths = [len(cell) for cell in header]
    for row in table_rows:
        widths[0] = max(widths[0], len(row.label))
        if not row.span:
            for column, cell in enumerate(row.cells, start=1):
                widths[column] = max(widths[column], len(cell))
        widths[-2] = max(widths[-2], len(row.target))
        widths[-1] = max(widths[-1], len(row.verdict))
    # A spanning cell takes the width of the size columns and the pipes between them; if it is
    # longer, the last size column grows.
    size_columns = range(1, len(sizes) + 1)
    for row in table_rows:
        if row.span:
            spanned = sum(widths[c] for c in size_columns) + 3 * (len(sizes) - 1)
            widths[len(sizes)] += max(0, len(row.cells[0]) - spanned)
    spanned_width = sum(widths[c] for c in size_columns) + 3 * (len(sizes) - 1)
    full_width = sum(widths) + 3 * (len(widths) - 1)

    def line(cells: Sequence[str], aligns: Sequence[str]) -> str:
        parts = [
            cell.ljust(width) if align == "<" else cell.rjust(width)
            for cell, width, align in zip(cells, widths, aligns, strict=True)
        ]
        return "| " + " | ".join(parts) + " |"

    aligns = ["<", *(">" for _ in sizes), "<", "<"]
    out = [*title, "", line(header, ["<"] * len(header))]
    out.append("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    for item in rows:
        if isinstance(item, Section):
            out.append("| " + f"-- {item.title} --".ljust(full_width) + " |")
        elif item.span:
            cells = [item.label, item.cells[0].ljust(spanned_width), item.target, item.verdict]
            span_widths = [widths[0], spanned_width, widths[-2], widths[-1]]
            out.append(
                "| "
                + " | ".join(c.ljust(w) for c, w in zip(cells, span_widths, strict=True))
                + " |"
            )
        else:
            cells = [item.label, *item.cells, item.target, item.verdict]
            out.append(line(cells, aligns))
    return "\n".join(out)


# --- the benchmark's table -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Machine:
    cpus: int
    cpu_model: str
    memory_gib: float
    python: str
    versions: str

    @classmethod
    def read(cls) -> Machine:
        model = platform.processor() or platform.machine()
        cpuinfo = Path("/proc/cpuinfo")
        if cpuinfo.is_file():
            for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        packages = ("numpy", "rank-bm25", "bm25s", "PyStemmer")
        versions = ", ".join(f"{name} {metadata.version(name)}" for name in packages)
        return cls(
            cpus=os.cpu_count() or 1,
            cpu_model=model,
            memory_gib=psutil.virtual_memory().total / 2**30,
            python=platform.python_version(),
            versions=versions,
        )


@dataclass(slots=True)
class Results:
    """Everything one run measured, by corpus size where it is per size."""

    machine: Machine
    sizes: list[int]
    latency: dict[int, SizeResult] = field(default_factory=dict)
    ingest: dict[int, IngestResult] = field(default_factory=dict)
    processes: dict[int, ColdStart] = field(default_factory=dict)  # with the stored index
    rebuilt: dict[int, ColdStart] = field(default_factory=dict)  # the stored index dropped
    stored_bytes: dict[int, int] = field(default_factory=dict)  # the database, index stored
    loop_lag: LoopLag | None = None
    beir: list[BeirResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    corpus_line: str = ""
    total_seconds: float = float("nan")
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # this process, after each size


def _target_check(results: Results, passed: bool | None) -> str:
    return verdict(passed if TARGET_SIZE in results.latency else None)


def _per_size(results: Results, cell: Callable[[int], str]) -> tuple[str, ...]:
    return tuple(cell(size) for size in results.sizes)


def _cold_start_parts(run: ColdStart) -> str:
    return (
        f"{run.startup_seconds + run.import_seconds:.2f} / {run.open_seconds:.2f} / "
        f"{run.answer_seconds:.2f}"
    )


def table(results: Results) -> str:
    """The one table of a run, with its title lines and notes."""
    target = results.latency.get(TARGET_SIZE)
    process = results.processes.get(TARGET_SIZE)
    lag = results.loop_lag

    def latency(cell: Callable[[SizeResult], str]) -> tuple[str, ...]:
        return _per_size(
            results, lambda s: cell(results.latency[s]) if s in results.latency else "—"
        )

    def processes(
        cell: Callable[[ColdStart], str], runs: dict[int, ColdStart] | None = None
    ) -> tuple[str, ...]:
        found = results.processes if runs is None else runs
        return _per_size(results, lambda s: cell(found[s]) if s in found else "—")

    def loop(cell: Callable[[LoopLag], str]) -> tuple[str, ...]:
        """The event-loop figures, in the column of the size they were measured at."""
        return _per_size(results, lambda s: cell(lag) if lag and s == lag.passages else "—")

    def p50_p99(timings: Timings) -> str:
        p50 = ("≥ " if timings.bound(0.5) else "") + ms(timings.p50)
        p99 = ("≥ " if timings.bound(0.99) else "") + ms(timings.p99)
        return f"{p50} / {p99}"

    def per_second(timings: Timings) -> str:
        return ("≤ " if timings.censored else "") + rate(timings.per_second)

    search_mode = next((r.search_mode for r in results.latency.values()), "")
    rows: list[Row | Section] = [
        Section("answer latency, ms: p50 / p99 (one question at a time)"),
        Row(
            f"(a) engine PassageIndex.search ({search_mode})",
            latency(lambda r: p50_p99(r.search)),
            "p99 ≤ 20 ms",
            _target_check(results, target is not None and target.search.p99 <= P99_SECONDS),
        ),
        Row(
            "(b) engine AnswerEngine.answer (full path)",
            latency(lambda r: p50_p99(r.answer)),
            "p99 ≤ 20 ms",
            _target_check(results, target is not None and target.answer.p99 <= P99_SECONDS),
        ),
        Row("(c) rank-bm25 get_scores (Lucene idf)", latency(lambda r: p50_p99(r.rank_bm25))),
        Row(f"(d) bm25s retrieve top 10 ({BM25S_METHOD})", latency(lambda r: p50_p99(r.bm25s))),
        Row(
            "queries timed: (a) and (d) / (b) / (c)",
            latency(lambda r: f"{r.search.count} / {r.answer.count} / {r.rank_bm25.count}"),
        ),
        Row(
            "(b) questions cut off at the cap",
            latency(lambda r: str(r.answer.censored)),
        ),
        Section("questions per second (one thread)"),
        Row("(a) engine PassageIndex.search", latency(lambda r: rate(r.search.per_second))),
        Row("(b) engine AnswerEngine.answer", latency(lambda r: per_second(r.answer))),
        Row("(c) rank-bm25 get_scores", latency(lambda r: rate(r.rank_bm25.per_second))),
        Row("(d) bm25s retrieve top 10", latency(lambda r: rate(r.bm25s.per_second))),
        Section("side by side (mean time of the other / mean time of the engine)"),
        Row(
            "(a) search vs (c) rank-bm25: speed-up",
            latency(lambda r: ratio(r.speedup_rank_bm25)),
            "≥ 50×",
            _target_check(
                results, target is not None and target.speedup_rank_bm25 >= RANK_BM25_SPEEDUP
            ),
        ),
        Row(
            "(a) search vs (d) bm25s: speed-up",
            latency(lambda r: ratio(r.speedup_bm25s)),
            "≥ 0.5× (within 2×)",
            _target_check(results, target is not None and target.speedup_bm25s >= BM25S_SPEEDUP),
        ),
        Row(
            "(b) answer vs (c) rank-bm25: speed-up",
            latency(
                lambda r: ("≤ " if r.answer.censored else "") + ratio(r.answer_speedup_rank_bm25)
            ),
        ),
        Row(
            "engine scores == rank-bm25 (bit for bit)",
            latency(lambda r: f"{r.scores_exact}/{r.rank_bm25.count}"),
            "all queries",
            _target_check(
                results, target is not None and target.scores_exact == target.rank_bm25.count
            ),
        ),
        Row(
            "top 10 shared by (a) and (d)",
            latency(lambda r: f"{100 * r.top10_overlap:.1f}%"),
        ),
        Row(
            "(b) questions answered / abstained",
            latency(
                lambda r: f"{r.answer.count - r.answer.censored - r.abstained} / {r.abstained}"
            ),
        ),
        Section("building and storing"),
        Row("PassageIndex build", latency(lambda r: seconds(r.index_build))),
        Row(
            "engine from SQLite, first open (Library.open: load, build, store the index)",
            latency(lambda r: seconds(r.engine_open)),
        ),
        Row(
            "rank-bm25 build / bm25s build",
            latency(lambda r: f"{seconds(r.rank_bm25_build)} / {seconds(r.bm25s_build)}"),
        ),
        Row(
            "ingest: Store.save_documents, passages/s",
            _per_size(
                results,
                lambda s: (
                    rate(results.ingest[s].passages_per_second) if s in results.ingest else "—"
                ),
            ),
        ),
        Row(
            "SQLite database size: after ingest / with the index stored",
            _per_size(
                results,
                lambda s: (
                    f"{megabytes(results.ingest[s].database_bytes / 2**20)} / "
                    f"{megabytes(results.stored_bytes[s] / 2**20)}"
                    if s in results.ingest and s in results.stored_bytes
                    else "—"
                ),
            ),
        ),
        Section("a fresh process: start Python, open the Library from SQLite, answer one question"),
        Row(
            "cold start: process start to first answer (stored index)",
            processes(lambda c: seconds(c.wall_seconds)),
            "≤ 2 s",
            verdict(None if process is None else process.wall_seconds <= COLD_START_SECONDS),
        ),
        Row("  start-up + imports / open / answer", processes(_cold_start_parts)),
        Row("peak RSS of the process", processes(lambda c: megabytes(c.peak_rss_mb))),
        Row(
            "peak RSS over the bare process, per 100k passages",
            processes(lambda c: megabytes(c.per_100k_mb())),
        ),
        Row(
            "cold start with the index rebuilt (stored one dropped)",
            processes(lambda c: seconds(c.wall_seconds), results.rebuilt),
        ),
        Row("  start-up + imports / open / answer", processes(_cold_start_parts, results.rebuilt)),
        Row(
            "  peak RSS over the bare process, per 100k passages",
            processes(lambda c: megabytes(c.per_100k_mb()), results.rebuilt),
        ),
        Section(
            f"event loop: 10 ms ticker, {CONCURRENT_QUESTIONS} concurrent questions "
            "via asyncio.to_thread(engine.answer)"
        ),
        Row(
            "worst tick delay (idle loop: in brackets)",
            loop(lambda lag: f"{lag.worst_ms:,.0f} ms ({lag.idle_worst_ms:.1f})"),
            "≤ 100 ms",
            verdict(None if lag is None else lag.worst_ms <= LOOP_LAG_MS),
        ),
        Row(
            "questions finished / wall time",
            loop(lambda lag: f"{lag.finished}/{lag.questions} in {lag.seconds:.1f} s"),
        ),
        Row(
            "a corpus change: one article added, until it answers / worst tick",
            loop(lambda lag: f"{seconds(lag.change_seconds)} / {lag.change_worst_ms:,.0f} ms"),
        ),
        Section("retrieval quality: BEIR test queries, project analyser + PassageIndex"),
    ]
    for found in results.beir:
        rows.append(
            Row(
                f"{found.name}: nDCG@10 / Recall@100",
                (
                    f"{found.ndcg10:.3f} / {found.recall100:.3f}   (BM25Okapi's idf: "
                    f"{found.okapi_ndcg10:.3f}; Pyserini BM25 flat nDCG@10 "
                    f"{found.published_ndcg10:.3f}; {found.documents:,} docs, "
                    f"{found.queries:,} queries)",
                ),
                span=True,
            )
        )
    if not results.beir:
        rows.append(Row("BEIR", ("not run (see notes)",), span=True))
    machine = results.machine
    title = [
        f"debate-bot benchmark: {machine.cpus} × {machine.cpu_model}, "
        f"{machine.memory_gib:.1f} GiB, Python {machine.python}; {machine.versions}",
        results.corpus_line,
    ]
    rendered = render(title, results.sizes, rows)
    notes = [f"  {number}. {note}" for number, note in enumerate(results.notes, start=1)]
    tail = (
        [f"Total {results.total_seconds:.0f} s."] if not math.isnan(results.total_seconds) else []
    )
    return "\n".join(["", rendered, "", "Notes:", *notes, *tail])
