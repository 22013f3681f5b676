"""The engine's peers, each over the same analysed terms: rank-bm25, bm25s, tantivy, SQLite FTS5.

Every peer indexes the project analyser's terms of each passage and searches a query's terms,
so differences in speed and ranking come from the engines, not from tokenisation:

- rank-bm25: `LuceneIdfBM25` (`bench/oracle.py`), rank-bm25's BM25Okapi with Lucene's idf, the
  engine's formula exactly; it has no top-k search, so `get_scores` (every passage) is timed.
- bm25s: method "lucene" (the engine's idf; its term part is the engine's / (k1 + 1), so the
  ranking agrees), k1 1.5, b 0.75, numpy backend, one thread; `retrieve(k=10)`; float32 scores.
- tantivy (the Rust library behind Quickwit, through its Python bindings): the terms joined by
  spaces in a text field with the "whitespace" tokenizer (no lower-casing, no stemming: the
  tokens are the terms), term frequencies but no positions, stored on disk, built with one
  indexing thread; a query is a boolean SHOULD of term queries, top 10 without counting
  (`count=False`, so block-max WAND may skip). Its BM25 has k1 1.2 and b 0.75 fixed and
  Lucene's idf, and stores each passage's length in one byte (Lucene's lossy norm).
- SQLite FTS5: a contentless table on disk, the "ascii" tokenizer with the analyser's in-word
  characters (`'`, `.`, `_`) as token characters, so the terms are the tokens; a query is
  the terms OR-ed as quoted strings, `ORDER BY bm25(fts) LIMIT 10`. Its bm25() has k1 1.2 and
  b 0.75 fixed and idf log((N - n + 0.5) / (n + 0.5)), floored at 1e-6 (no "1 +").

`build` makes a peer from the terms (tantivy and FTS5 write to `folder`); `open` opens the one
a `build` stored. `search` is the timed call and returns the peer's own result; `top` turns it
into passage positions (best first, matches only) outside the timed part. `child_main` builds
one peer in a fresh process and reports its build time and resident memory.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import numpy as np

TOP_K = 10
# Engine's defaults (BM25Parameters): what rank-bm25 and bm25s are given.
K1 = 1.5
B = 0.75
PEERS = ("rank-bm25", "bm25s", "tantivy", "fts5")
# What each peer is called in the table, and what it does differently from the engine.
LABELS = {
    "engine": "engine PassageIndex",
    "rank-bm25": "rank-bm25 get_scores",
    "bm25s": "bm25s retrieve top 10",
    "tantivy": "tantivy search top 10",
    "fts5": "SQLite FTS5 bm25() top 10",
}
TANTIVY_HEAP_BYTES = 256_000_000
FTS5_TOKENIZE = "ascii tokenchars '''._'"
ROOT = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT_SECONDS = 900.0


class Peer(Protocol):
    """A BM25 engine searching the same terms as the engine."""

    name: str

    def search(self, query: Sequence[str], k: int = TOP_K) -> Any:
        """The timed call: the peer's own result for the query's terms (its best k)."""
        ...

    def top(self, found: Any, k: int = TOP_K) -> list[int]:
        """Passage positions of a `search` result, best first, matches only (not timed)."""
        ...


def versions() -> dict[str, str]:
    """Each peer's version (and SQLite's, whose FTS5 is built in)."""
    found = {name: metadata.version(name) for name in ("rank-bm25", "bm25s", "tantivy")}
    found["fts5"] = f"SQLite {sqlite3.sqlite_version}"
    return found


def available() -> list[str]:
    """The peers whose packages are installed (tantivy is the bench extra's)."""
    names = ["rank-bm25"]
    for name, module in (("bm25s", "bm25s"), ("tantivy", "tantivy")):
        try:
            __import__(module)
        except ImportError:
            continue
        names.append(name)
    if _has_fts5():
        names.append("fts5")
    return names


def _has_fts5() -> bool:
    try:
        with sqlite3.connect(":memory:") as connection:
            connection.execute("CREATE VIRTUAL TABLE probe USING fts5(body)")
    except sqlite3.OperationalError:
        return False
    return True


# --- the peers ---------------------------------------------------------------------------------


class RankBM25:
    """rank-bm25 with Lucene's idf: every passage's score (it has no top-k search)."""

    name = "rank-bm25"

    def __init__(self, terms: Sequence[Sequence[str]]) -> None:
        from bench.oracle import LuceneIdfBM25

        self.model = LuceneIdfBM25(terms, k1=K1, b=B)

    def search(self, query: Sequence[str], k: int = TOP_K) -> np.ndarray:
        return np.asarray(self.model.get_scores(list(query)))

    def top(self, found: np.ndarray, k: int = TOP_K) -> list[int]:
        matched = np.flatnonzero(found > 0)
        order = matched[np.argsort(-found[matched], kind="stable")]
        return [int(p) for p in order[:k]]


class BM25S:
    """bm25s, method "lucene", numpy backend, one thread."""

    name = "bm25s"

    def __init__(self, terms: Sequence[Sequence[str]]) -> None:
        import bm25s

        self.size = len(terms)
        self.retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
        self.retriever.index([list(t) for t in terms], show_progress=False)

    def search(self, query: Sequence[str], k: int = TOP_K) -> tuple[np.ndarray, np.ndarray]:
        documents, scores = self.retriever.retrieve(
            [list(query)], k=min(k, self.size), show_progress=False, n_threads=1
        )
        return documents[0], scores[0]

    def top(self, found: tuple[np.ndarray, np.ndarray], k: int = TOP_K) -> list[int]:
        documents, scores = found
        return [int(d) for d, s in zip(documents.tolist(), scores.tolist(), strict=True) if s > 0]


class Tantivy:
    """tantivy: a whitespace-tokenised text field (the terms), stored on disk."""

    name = "tantivy"

    def __init__(self, index: Any) -> None:
        import tantivy

        self.tantivy = tantivy
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()

    @staticmethod
    def folder(root: Path) -> Path:
        return root / "tantivy"

    @classmethod
    def build(cls, terms: Sequence[Sequence[str]], root: Path) -> Tantivy:
        import tantivy

        path = cls.folder(root)
        path.mkdir(parents=True, exist_ok=False)
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
        builder.add_unsigned_field("position", fast=True)
        index = tantivy.Index(builder.build(), path=str(path))
        writer = index.writer(heap_size=TANTIVY_HEAP_BYTES, num_threads=1)
        for position, passage in enumerate(terms):
            document = tantivy.Document()
            document.add_text("body", " ".join(passage))
            document.add_unsigned("position", position)
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        return cls(index)

    @classmethod
    def open(cls, root: Path) -> Tantivy:
        import tantivy

        return cls(tantivy.Index.open(str(cls.folder(root))))

    def search(self, query: Sequence[str], k: int = TOP_K) -> list[tuple[float, Any]]:
        tantivy = self.tantivy
        should = tantivy.Occur.Should
        clauses = [
            (should, tantivy.Query.term_query(self.schema, "body", term, index_option="freq"))
            for term in query
        ]
        hits: list[tuple[float, Any]] = self.searcher.search(
            tantivy.Query.boolean_query(clauses), k, count=False
        ).hits
        return hits

    def top(self, found: list[tuple[float, Any]], k: int = TOP_K) -> list[int]:
        if not found:
            return []
        values = self.searcher.fast_field_values("position", [address for _, address in found])
        return [int(v) for v in values if v is not None]

    def document_frequency(self, term: str) -> int:
        return int(self.searcher.doc_freq("body", term))

    @property
    def segments(self) -> int:
        return int(self.searcher.num_segments)

    @classmethod
    def disk_bytes(cls, root: Path) -> int:
        return sum(p.stat().st_size for p in cls.folder(root).rglob("*") if p.is_file())


class Fts5:
    """SQLite FTS5: a contentless table whose tokens are the terms; bm25() ranks."""

    name = "fts5"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    @staticmethod
    def path(root: Path) -> Path:
        return root / "fts5.sqlite3"

    @classmethod
    def build(cls, terms: Sequence[Sequence[str]], root: Path) -> Fts5:
        connection = sqlite3.connect(cls.path(root), check_same_thread=False)
        connection.execute(
            f"CREATE VIRTUAL TABLE fts USING fts5(body, content='', tokenize=\"{FTS5_TOKENIZE}\")"
        )
        with connection:
            connection.executemany(
                "INSERT INTO fts(rowid, body) VALUES (?, ?)",
                ((position, " ".join(passage)) for position, passage in enumerate(terms)),
            )
        return cls(connection)

    @classmethod
    def open(cls, root: Path) -> Fts5:
        return cls(sqlite3.connect(cls.path(root), check_same_thread=False))

    @staticmethod
    def match(query: Sequence[str]) -> str:
        """The terms OR-ed, each a quoted string (a term never holds a double quote)."""
        return " OR ".join(f'"{term}"' for term in query)

    def search(self, query: Sequence[str], k: int = TOP_K) -> list[tuple[int]]:
        if not query:
            return []
        rows: list[tuple[int]] = self.connection.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?",
            (self.match(query), k),
        ).fetchall()
        return rows

    def top(self, found: list[tuple[int]], k: int = TOP_K) -> list[int]:
        return [row[0] for row in found]

    def tokens(self) -> tuple[int, int]:
        """(distinct tokens, token occurrences) FTS5 indexed: checked against the terms."""
        self.connection.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocabulary USING fts5vocab(main, fts, row)"
        )
        distinct, total = self.connection.execute(
            "SELECT count(*), sum(cnt) FROM temp.vocabulary"
        ).fetchone()
        return int(distinct), int(total or 0)

    @classmethod
    def disk_bytes(cls, root: Path) -> int:
        path = cls.path(root)
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def build(name: str, terms: Sequence[Sequence[str]], root: Path) -> Peer:
    """The peer `name` over `terms` (tantivy and FTS5 stored under `root`)."""
    if name == "rank-bm25":
        return RankBM25(terms)
    if name == "bm25s":
        return BM25S(terms)
    if name == "tantivy":
        return Tantivy.build(terms, root)
    if name == "fts5":
        return Fts5.build(terms, root)
    raise ValueError(f"no peer {name!r}")


def open_stored(name: str, root: Path) -> Peer:
    """A stored peer (tantivy, FTS5) opened from what `build` wrote under `root`."""
    if name == "tantivy":
        return Tantivy.open(root)
    if name == "fts5":
        return Fts5.open(root)
    raise ValueError(f"{name!r} stores nothing")


def disk_bytes(name: str, root: Path) -> int | None:
    if name == "tantivy":
        return Tantivy.disk_bytes(root)
    if name == "fts5":
        return Fts5.disk_bytes(root)
    return None


def check_same_terms(peer: Peer, terms: Sequence[Sequence[str]], probes: Sequence[str]) -> None:
    """Raise unless a stored peer indexed exactly the terms (FTS5: every token counted;
    tantivy: the document frequency of each probe term)."""
    if isinstance(peer, Fts5):
        expected = (len({t for passage in terms for t in passage}), sum(map(len, terms)))
        if peer.tokens() != expected:
            raise AssertionError(f"FTS5 indexed {peer.tokens()} tokens, not {expected}")
    elif isinstance(peer, Tantivy):
        for term in probes:
            expected_df = sum(1 for passage in terms if term in passage)
            if peer.document_frequency(term) != expected_df:
                raise AssertionError(f"tantivy's document frequency of {term!r} differs")


# --- the token file and the fresh process ------------------------------------------------------


def write_terms(path: Path, terms: Sequence[Sequence[str]]) -> None:
    """One passage a line, its terms separated by spaces (a term holds no white space)."""
    with path.open("w", encoding="utf-8") as file:
        for passage in terms:
            file.write(" ".join(passage))
            file.write("\n")


def read_terms(path: Path) -> list[list[str]]:
    """The terms `write_terms` wrote, each distinct term one (interned) string object."""
    intern = sys.intern
    with path.open(encoding="utf-8") as file:
        return [[intern(term) for term in line.split()] for line in file]


def _resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


@dataclass(frozen=True, slots=True)
class Built:
    """One peer built in a fresh process from the token file."""

    name: str
    seconds: float  # building from the terms in memory (stored peers: written and committed)
    resident_mb: float  # RSS after the build and 20 searches, less RSS with the terms read
    peak_mb: float  # the process's peak RSS, less RSS with the terms read
    disk_bytes: int | None  # what a stored peer wrote
    segments: int | None = None  # tantivy's segment count


def build_in_child(name: str, terms_path: Path, root: Path) -> Built:
    """Build `name` from `terms_path` in a fresh Python (stored peers write under `root`)."""
    command = "from bench.peers import child_main; child_main()"
    completed = subprocess.run(
        [sys.executable, "-c", command, name, str(terms_path), str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode or not completed.stdout.strip():
        raise RuntimeError(f"building {name} failed ({completed.returncode}): {completed.stderr}")
    return Built(**json.loads(completed.stdout.strip().splitlines()[-1]))


def _probe_queries(terms: Sequence[Sequence[str]], count: int = 20) -> Iterator[list[str]]:
    step = max(1, len(terms) // count)
    for position in range(0, len(terms), step):
        yield list(terms[position][:5])


def child_main() -> None:
    """In the fresh process: argv name, terms file, folder. Prints a `Built` as JSON."""
    name, terms_path, root = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if name == "tantivy":
        import tantivy  # noqa: F401  (the import's memory is the baseline's, as for the others)
    elif name == "bm25s":
        import bm25s  # noqa: F401
    from bench.oracle import LuceneIdfBM25  # noqa: F401
    from bot.engine.index import PassageIndex

    terms = read_terms(terms_path)
    probes = list(_probe_queries(terms))
    gc.collect()
    # The terms stay held throughout: what is measured is what the index adds to its input
    # (the terms are interned strings, which rank-bm25's dictionaries share).
    before = _resident_mb()
    started = time.perf_counter()
    peer: Any
    if name == "engine":
        peer = PassageIndex(terms)
    else:
        peer = build(name, terms, root)
    seconds = time.perf_counter() - started
    gc.collect()
    if name in ("tantivy", "fts5"):
        del peer
        gc.collect()
        peer = open_stored(name, root)  # as a process that opens the stored index holds it
    for query in probes:
        if name == "engine":
            peer.search(query, limit=TOP_K)
        else:
            peer.search(query)
    resident = _resident_mb() - before
    print(
        json.dumps(
            {
                "name": name,
                "seconds": seconds,
                "resident_mb": resident,
                "peak_mb": _peak_mb() - before,
                "disk_bytes": disk_bytes(name, root),
                "segments": peer.segments if isinstance(peer, Tantivy) else None,
            }
        ),
        flush=True,
    )
