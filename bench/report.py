"""The benchmark's one table: every measure by corpus size, and each target's verdict at 100k.

Plain text with pipes, so it reads in a terminal and pastes into an issue. A row either has one
cell per corpus size or one cell spanning them all (results that are not per size: BEIR, notes).
"""

from __future__ import annotations

import math
import os
import platform
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import psutil

from bench import peers
from bench.beir import BeirResult, PeerQuality
from bench.latency import KINDS, KindResult, SizeResult, Timings
from bench.loop_lag import CONCURRENT_QUESTIONS, LoopLag
from bench.storage import ColdStart, IngestResult

TARGET_SIZE = 100_000
# The targets at 100k passages.
SEARCH_P99_SECONDS = 0.020
ANSWER_P99_SECONDS = {"typed": 0.010, "pasted": 0.015}  # issue 18, Must 1
RANK_BM25_SPEEDUP = 50.0
# "At most twice bm25s's time": bm25s's mean time over the engine's at least 0.5.
BM25S_SPEEDUP = 0.5
COLD_START_SECONDS = 2.0
LOOP_LAG_MS = 100.0
STEADY_MB_PER_100K = 150.0  # issue 18, Must 3: resident at steady state
PEAK_MB_PER_100K = 300.0  # ... and at most twice that while loading
# The rows' letters: (a) and (b) are the engine's.
LETTERS = {"rank-bm25": "c", "bm25s": "d", "tantivy": "e", "fts5": "f"}


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


def load_average() -> float:
    """The 1-minute load average (NaN where the system has none): other work on the machine
    slows every figure, the engine's and the peers' alike."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


@dataclass(frozen=True, slots=True)
class Machine:
    cpus: int
    cpu_model: str
    memory_gib: float
    python: str
    versions: str
    load_at_start: float  # the 1-minute load average when the run began

    @classmethod
    def read(cls) -> Machine:
        model = platform.processor() or platform.machine()
        cpuinfo = Path("/proc/cpuinfo")
        if cpuinfo.is_file():
            for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        packages = ("numpy", "PyStemmer", "rank-bm25", "bm25s", "tantivy")
        found = []
        for name in packages:
            try:
                found.append(f"{name} {metadata.version(name)}")
            except metadata.PackageNotFoundError:
                found.append(f"{name} not installed")
        versions = ", ".join([*found, f"SQLite (FTS5) {sqlite3.sqlite_version}"])
        return cls(
            cpus=os.cpu_count() or 1,
            cpu_model=model,
            memory_gib=psutil.virtual_memory().total / 2**30,
            python=platform.python_version(),
            versions=versions,
            load_at_start=load_average(),
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
        f"{run.answer_seconds:.2f} (warm-up beside it {run.warm_seconds:.2f})"
    )


def _peer_quality(found: BeirResult, quality: PeerQuality) -> str:
    """A peer's nDCG@10 / Recall@100, and how often its top 100 was the engine's."""
    same = f"top 100 = engine's on {quality.same_as_engine:,}/{quality.queries:,} queries"
    if quality.queries < found.queries:
        if quality.same_as_engine == quality.queries:
            return (
                f"{found.ndcg10:.3f} / {found.recall100:.3f}   (the engine's: run on the first "
                f"{quality.queries:,} queries, {same})"
            )
        return f"run on {quality.queries:,} queries only ({same})"
    return f"{quality.ndcg10:.3f} / {quality.recall100:.3f}   ({same})"


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

    search_mode = next((r.search_mode for r in results.latency.values()), "")
    names = [
        name for name in peers.PEERS if any(name in r.typed.peers for r in results.latency.values())
    ]

    def kind_rows(kind: str) -> list[Row | Section]:
        first = next((r.kind(kind) for r in results.latency.values()), None)
        about = (
            f"{first.queries} queries, {first.mean_terms:.0f} terms on average"
            if first is not None
            else ""
        )
        title = (
            "typed questions" if kind == "typed" else "pasted paragraphs, clipped to 500 characters"
        )
        answer_target = ANSWER_P99_SECONDS[kind]
        k = "" if kind == "typed" else ", k = 3"
        made: list[Row | Section] = [
            Section(f"{title} ({about}): ms p50 / p99, one at a time, one thread"),
            Row(
                f"(a) engine PassageIndex.search ({search_mode})",
                latency(lambda r: p50_p99(r.kind(kind).search)),
                f"p99 ≤ {SEARCH_P99_SECONDS * 1000:.0f} ms",
                _target_check(
                    results,
                    target is not None and target.kind(kind).search.p99 <= SEARCH_P99_SECONDS,
                ),
            ),
            Row(
                f"(b) engine AnswerEngine.answer (full path{k})",
                latency(lambda r: p50_p99(r.kind(kind).answer)),
                f"p99 ≤ {answer_target * 1000:.0f} ms",
                _target_check(
                    results,
                    target is not None and target.kind(kind).answer.p99 <= answer_target,
                ),
            ),
        ]
        for name in names:
            made.append(
                Row(
                    f"({LETTERS[name]}) {peers.LABELS[name]}",
                    latency(lambda r, n=name: p50_p99(r.kind(kind).peers[n])),
                )
            )
        made.append(
            Row(
                "queries timed: (a) / (b) / " + " / ".join(f"({LETTERS[n]})" for n in names),
                latency(
                    lambda r: " / ".join(
                        str(t.count)
                        for t in (
                            r.kind(kind).search,
                            r.kind(kind).answer,
                            *(r.kind(kind).peers[n] for n in names),
                        )
                    )
                ),
            )
        )
        return made

    def both(cell: Callable[[KindResult], str]) -> Callable[[SizeResult], str]:
        return lambda r: " / ".join(cell(r.kind(kind)) for kind in KINDS)

    def speedup_target(name: str) -> tuple[str, str]:
        if name == "rank-bm25":
            passed = target is not None and target.typed.speedup(name) >= RANK_BM25_SPEEDUP
            return "≥ 50× (typed)", _target_check(results, passed)
        if name == "bm25s":
            passed = (
                target is not None
                and min(target.kind(kind).speedup(name) for kind in KINDS) >= BM25S_SPEEDUP
            )
            return "≥ 0.5× (≤ 2× bm25s's time)", _target_check(results, passed)
        return "", ""

    def built(name: str) -> Callable[[SizeResult], str]:
        def cell(r: SizeResult) -> str:
            mine, engine = r.built.get(name), r.built.get("engine")
            if mine is None or engine is None:
                return "—"
            return f"{seconds(mine.seconds)} ({ratio(mine.seconds / engine.seconds)})"

        return cell

    def resident(name: str) -> Callable[[SizeResult], str]:
        def cell(r: SizeResult) -> str:
            mine, engine = r.built.get(name), r.built.get("engine")
            if mine is None or engine is None:
                return "—"
            text = f"{megabytes(mine.resident_mb)} ({ratio(mine.resident_mb / engine.resident_mb)})"
            if mine.disk_bytes is not None:
                size = mine.disk_bytes / 2**20
                text += f", disk {size:.1f} MB" if size < 10 else f", disk {megabytes(size)}"
            return text

        return cell

    rows: list[Row | Section] = [*kind_rows("typed"), *kind_rows("pasted")]
    rows.append(
        Section(
            "side by side: a peer's mean time ÷ the engine search's mean time, typed / pasted "
            "(above 1×: the engine is faster)"
        )
    )
    for name in names:
        goal, passed = speedup_target(name)
        rows.append(
            Row(
                f"({LETTERS[name]}) {name} ÷ (a) engine search",
                latency(both(lambda k, n=name: ratio(k.speedup(n)))),
                goal,
                passed,
            )
        )
    for name in ("bm25s", "tantivy"):
        if name in names:
            rows.append(
                Row(
                    f"({LETTERS[name]}) {name} search ÷ (b) engine full answer path",
                    latency(both(lambda k, n=name: ratio(k.answer_speedup(n)))),
                )
            )
    rows.append(
        Row(
            "engine scores == rank-bm25 (bit for bit), typed / pasted",
            latency(both(lambda k: f"{k.scores_exact}/{k.peers['rank-bm25'].count}")),
            "all queries",
            _target_check(
                results,
                target is not None
                and all(
                    target.kind(kind).scores_exact == target.kind(kind).peers["rank-bm25"].count
                    for kind in KINDS
                ),
            ),
        )
    )
    for name in names:
        if name != "rank-bm25":
            rows.append(
                Row(
                    f"the engine's top 10 in ({LETTERS[name]}) {name}'s, typed / pasted",
                    latency(both(lambda k, n=name: f"{100 * k.overlap[n]:.0f}%")),
                )
            )
    rows.append(
        Row(
            "(b) questions answered / abstained, typed; pasted",
            latency(
                lambda r: "; ".join(
                    f"{k.answer.count - k.answer.censored - k.abstained} / {k.abstained}"
                    for k in (r.typed, r.pasted)
                )
            ),
        )
    )
    rows.extend(
        [
            Section(
                "building from the terms: a fresh process each, one thread (÷ the engine's "
                "PassageIndex)"
            ),
            Row("build time: engine PassageIndex", latency(built("engine"))),
            *(Row(f"  {name}", latency(built(name))) for name in names),
            Row(
                "resident after build and 20 searches: engine PassageIndex",
                latency(resident("engine")),
            ),
            *(Row(f"  {name}", latency(resident(name))) for name in names),
            Row(
                "engine from SQLite, first open (Library.open: load, build, store the index)",
                latency(lambda r: seconds(r.engine_open)),
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
        ]
    )
    rows += [
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
            "resident after the first answer over the bare process, per 100k passages",
            processes(lambda c: megabytes(c.steady_per_100k_mb())),
            f"≤ {STEADY_MB_PER_100K:.0f} MB",
            verdict(
                None if process is None else process.steady_per_100k_mb() <= STEADY_MB_PER_100K
            ),
        ),
        Row(
            "peak RSS over the bare process, per 100k passages",
            processes(lambda c: megabytes(c.per_100k_mb())),
            f"≤ {PEAK_MB_PER_100K:.0f} MB",
            verdict(None if process is None else process.per_100k_mb() <= PEAK_MB_PER_100K),
        ),
        Row(
            "cold start with the index rebuilt (stored one dropped)",
            processes(lambda c: seconds(c.wall_seconds), results.rebuilt),
        ),
        Row(
            "  start-up + imports / open / answer",
            processes(_cold_start_parts, results.rebuilt),
        ),
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
        Section(
            "retrieval quality: BEIR test queries, the project analyser's terms in every system"
        ),
    ]
    for found in results.beir:
        rows.append(
            Row(
                f"{found.name}: engine nDCG@10 / Recall@100",
                (
                    f"{found.ndcg10:.3f} / {found.recall100:.3f}   (BM25Okapi's idf: "
                    f"{found.okapi_ndcg10:.3f}; Pyserini BM25 flat nDCG@10 "
                    f"{found.published_ndcg10:.3f}; {found.documents:,} docs, "
                    f"{found.queries:,} queries)",
                ),
                span=True,
            )
        )
        for name, quality in found.peers.items():
            rows.append(
                Row(
                    f"  ({LETTERS[name]}) {name}",
                    (_peer_quality(found, quality),),
                    span=True,
                )
            )
    if not results.beir:
        rows.append(Row("BEIR", ("not run (see notes)",), span=True))
    machine = results.machine
    title = [
        f"debate-bot benchmark: {machine.cpus} × {machine.cpu_model}, "
        f"{machine.memory_gib:.1f} GiB, Python {machine.python}; {machine.versions}",
        f"Load average (1 min) at the start / end of the run: {machine.load_at_start:.1f} / "
        f"{load_average():.1f} on {machine.cpus} CPUs (above {machine.cpus}: other work shared "
        "the CPUs, and every timing here, the peers' too, is slower for it).",
        results.corpus_line,
    ]
    rendered = render(title, results.sizes, rows)
    notes = [f"  {number}. {note}" for number, note in enumerate(results.notes, start=1)]
    tail = (
        [f"Total {results.total_seconds:.0f} s."] if not math.isnan(results.total_seconds) else []
    )
    return "\n".join(["", rendered, "", "Notes:", *notes, *tail])
