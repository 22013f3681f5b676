"""Evaluation: every question set, this engine beside plain stemmed rank-bm25, in one run.

    python -m bench.evaluation [--set NAME ...] [--misses] [--json OUT]

Sets (question files in `bench/eval/`, format in its READMEs):

- `tuning`: `questions.jsonl` (tuned on), over `corpus/` and `tests/fixtures/corpus/`, shared;
- `heldout-2025`: `heldout.jsonl` (written after that tuning; one change was made after
  seeing it), same corpus;
- `real-dev` / `real-heldout`: `real-dev.jsonl` (tuning half) and `real-heldout.jsonl` (held
  out: never tuned on), over `corpus/` and the 15 real articles uploaded to one server,
  asked in that server;
- `attribution-dev` / `attribution-heldout`: who-said-what, the two halves, same corpus;
- later `real-dev-N` / `real-heldout-N` pairs the same way (docs/evaluation.md lists them);
- `debates-dev` / `debates-heldout`: over `corpus/` and the 10 Debatabase debates that
  `bench/eval/debates.txt` lists, imported as `import-debates` imports them (shared).

The real articles (`../shared/data/real-articles/`) are uploaded through `Library.upload` as
`/corpus add` uploads them, with no metadata; a file refused for having no title is uploaded
again with its file name as the title, as a user told so would. Sets whose files are missing
are skipped with a line saying so.

Systems, each over exactly the passages the engine holds for the scope asking:
- `debate-bot`: the engine (`Library.ask`);
- `no understanding`: the same engine with names, voices, evidence and stand-ins off;
- `stemmed rank-bm25`: rank-bm25's BM25Okapi over the project analyser's terms (stemmed, stop
  words out), never abstaining; its quote is the top passage's sentence sharing most stems.

Metrics over answerable questions: hit@1, hit@3, MRR (within the first 10), quote (the first
quote holds a `quote` string), speaker (the first quote's speaker is the expected voice), and
`answered` (not abstained). Over unanswerable ones, `refused`. Abstention precision is the
share of abstentions that were on unanswerable questions; its recall is `refused`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rank_bm25 import BM25Okapi

from bot.engine.answer import AnswerEngine
from bot.engine.formats.debatabase import read_debate
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import CorpusError, Passage, Voice
from bot.engine.results import Answer
from bot.engine.text import Analyser, default_analyser, fold
from bot.library import Library
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "bench" / "eval"
REAL_ARTICLES = ROOT.parent / "shared" / "data" / "real-articles"
IDEBATE = ROOT.parent / "shared" / "data" / "idebate"
# The Debatabase folders the debate sets are about, relative to IDEBATE, one a line.
DEBATES = EVAL / "debates.txt"
GUILD = "1"
TOP = 10


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    """One line of a question file."""

    question: str
    gold: tuple[str, ...]
    quote: tuple[str, ...]
    speaker: str | None
    reports: str | None
    kind: str
    doc: str | None
    line: int

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


@dataclass(frozen=True, slots=True)
class Ranked:
    """What a system returned for one question: passages best first, and the first quote."""

    passages: Sequence[Passage]
    first_quote: str | None
    first_voice: Voice | None
    first_speaker: str | None
    abstained: bool
    # The value an answer from a document's details gives ("2020-08-23", "Rob Picheta").
    fact: str | None = None


@dataclass(slots=True)
class Scores:
    """Counts over a set of questions; `row` turns them into rates."""

    questions: int = 0
    answerable: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal_rank: float = 0.0
    quote_ok: int = 0
    speaker_ok: int = 0
    answered: int = 0
    unanswerable: int = 0
    refused: int = 0

    def add(self, question: EvalQuestion, ranked: Ranked) -> bool:
        """Count one result; True when it is right (a hit at 1, or a due abstention)."""
        self.questions += 1
        if not question.answerable:
            self.unanswerable += 1
            self.refused += ranked.abstained
            return ranked.abstained
        self.answerable += 1
        self.answered += not ranked.abstained
        # An answer from the document's details ("Published: 2020-08-23") is first, and right
        # when its value is what the gold line states, whatever passage it quotes.
        stated = ranked.fact is not None and fact_matches(ranked.fact, question.gold)
        rank = next(
            (i for i, p in enumerate(ranked.passages, 1) if contains_any(p.text, question.gold)),
            None,
        )
        if stated:
            rank = 1
        if rank is not None:
            self.hit1 += rank == 1
            self.hit3 += rank <= 3
            self.reciprocal_rank += 1.0 / rank
        if stated or (
            ranked.first_quote is not None and contains_any(ranked.first_quote, question.quote)
        ):
            self.quote_ok += 1
        if (ranked.passages and speaker_matches(question.speaker, ranked)) or (
            stated and not ranked.passages and question.speaker is None
        ):
            self.speaker_ok += 1
        return rank == 1

    def row(self) -> dict[str, float | int | None]:
        a = self.answerable or None
        abstentions = self.refused + (self.answerable - self.answered)

        def rate(count: float, total: int | None) -> float | None:
            return count / total if total else None

        return {
            "n": self.questions,
            "hit@1": rate(self.hit1, a),
            "hit@3": rate(self.hit3, a),
            "MRR": rate(self.reciprocal_rank, a),
            "quote": rate(self.quote_ok, a),
            "speaker": rate(self.speaker_ok, a),
            "answered": rate(self.answered, a),
            "refused": rate(self.refused, self.unanswerable),
            "abst.P": rate(self.refused, abstentions),
        }


@dataclass(slots=True)
class Report:
    """Scores overall and by question type, and the questions a system got wrong."""

    overall: Scores = field(default_factory=Scores)
    by_kind: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    misses: list[str] = field(default_factory=list)

    def rows(self, by_kind: bool) -> list[tuple[str, dict[str, float | int | None]]]:
        rows = [("all", self.overall.row())]
        if by_kind:
            rows += [(name, scores.row()) for name, scores in sorted(self.by_kind.items())]
        return rows


COLUMNS = ("n", "hit@1", "hit@3", "MRR", "quote", "speaker", "answered", "refused", "abst.P")


def format_table(title: str, rows: Sequence[tuple[str, dict[str, float | int | None]]]) -> str:
    """Rows as a fixed-width table; rates to two places, a dash where nothing was counted."""
    lines = [f"{title:<22}" + "".join(f"{c:>9}" for c in COLUMNS)]
    for name, row in rows:
        cells = []
        for column in COLUMNS:
            value = row[column]
            if value is None:
                cells.append(f"{'-':>9}")
            elif column == "n":
                cells.append(f"{value:>9}")
            else:
                cells.append(f"{value:>9.2f}")
        lines.append(f"{name:<22}" + "".join(cells))
    return "\n".join(lines)


_SPACE = re.compile(r"\s+")
_HONORIFICS = frozenset(
    "mr mrs ms dr sen senator rep gov governor president amb ambassador the".split()
)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", fold(text)).strip()


def contains_any(text: str, needles: Iterable[str]) -> bool:
    """Does `text` hold any needle, ignoring case, quote styles and runs of white space?"""
    folded = _squash(text)
    return any(_squash(needle) in folded for needle in needles)


def fact_matches(value: str, golds: Iterable[str]) -> bool:
    """Whether a document detail an answer gives is what a gold line states: a date (ISO
    `YYYY-MM-DD`) written in any of the usual English ways ("August 23, 2020", "23 August 2020",
    "Aug. 23, 2020"), else the value's text inside a gold string or a gold string inside it
    (case, quotes and white space ignored)."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        wanted = [_squash(value)]
    else:
        month, short = day.strftime("%B"), day.strftime("%b")
        wanted = [
            _squash(form)
            for form in (
                f"{month} {day.day}, {day.year}",
                f"{day.day} {month} {day.year}",
                f"{short}. {day.day}, {day.year}",
                f"{short} {day.day}, {day.year}",
                value,
            )
        ]
    squashed = [_squash(gold) for gold in golds]
    return any(
        len(form) >= 3 and (form in gold or gold in form) for form in wanted for gold in squashed
    )


def _name_words(name: str) -> list[str]:
    words = re.findall(r"[\w']+", fold(name))
    return [w for w in words if w not in _HONORIFICS and len(w) > 1]


def speaker_matches(expected: str | None, ranked: Ranked) -> bool:
    """The first quote's voice is the expected speaker: null is the publisher's framing; a name
    matches when one name's words hold the other's, or the surnames agree ("Ronald W Reagan" and
    "Ronald Reagan", "Mr. Reagan")."""
    if expected is None:
        return ranked.first_voice is Voice.PUBLISHER
    said, wanted = _name_words(ranked.first_speaker or ""), _name_words(expected)
    if not said or not wanted:
        return False
    return set(wanted) <= set(said) or set(said) <= set(wanted) or said[-1] == wanted[-1]


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a question file; raises ValueError naming the file and line of a bad one."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            questions.append(
                EvalQuestion(
                    question=item["q"],
                    gold=tuple(item.get("gold") or ()),
                    quote=tuple(item.get("quote") or ()),
                    speaker=item.get("speaker"),
                    reports=item.get("reports"),
                    kind=item.get("type") or "untyped",
                    doc=item.get("doc"),
                    line=number,
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path}, line {number}: not a question object ({error})") from None
    return questions


def evaluate(questions: Sequence[EvalQuestion], system: Callable[[str], Ranked]) -> Report:
    """Ask every question of `system` and score the results."""
    report = Report()
    for question in questions:
        ranked = system(question.question)
        right = report.overall.add(question, ranked)
        report.by_kind[question.kind].add(question, ranked)
        if not right:
            first = ranked.passages[0].id if ranked.passages else "abstained"
            report.misses.append(
                f"line {question.line} [{question.kind}] {question.question!r} -> {first}"
            )
    return report


# --- systems -----------------------------------------------------------------------------------


def _ranked(answer: Answer, engine: AnswerEngine) -> Ranked:
    """An answer as the scorer reads it: its passages, first quote and first voice."""
    first = answer.quotes[0] if answer.quotes else None
    return Ranked(
        passages=[engine.collection.passage_by_id[q.passage_id] for q in answer.quotes],
        first_quote=first.text if first else None,
        first_voice=first.attribution.voice if first else None,
        first_speaker=first.attribution.speaker if first else None,
        abstained=answer.abstained,
        fact=answer.facts.value if answer.facts else None,
    )


def engine_system(engine: AnswerEngine, k: int = TOP) -> Callable[[str], Ranked]:
    """An engine built in memory (no Library, no store), asked directly: what the tests hold
    to floors (tests/bench/test_evaluation_floors.py)."""
    return lambda question: _ranked(engine.answer(question, k), engine)


def whitespace_bm25_system(passages: Sequence[Passage], k: int = TOP) -> Callable[[str], Ranked]:
    """The plainest baseline: rank-bm25 over `str.split()` tokens of the same paragraphs (no
    stemming, no stop words), never abstaining. Its quote is the sentence of the top paragraph
    sharing the most tokens with the question."""
    bm25 = BM25Okapi([p.text.split() for p in passages])

    def ask(question: str) -> Ranked:
        tokens = question.split()
        scores = bm25.get_scores(tokens)
        ranked = [passages[i] for i in sorted(range(len(passages)), key=lambda i: -scores[i])[:k]]
        top = ranked[0]
        wanted = set(tokens)
        sentences = top.sentence_texts() or [top.text]
        best = max(sentences, key=lambda s: len(wanted.intersection(s.split())))
        return Ranked(ranked, best, top.voice, top.speaker, abstained=False)

    return ask


def library_system(library: Library, scope: str) -> Callable[[str], Ranked]:
    """The engine as users reach it: `Library.ask` in `scope`, the first TOP passages."""
    return lambda question: _ranked(
        asyncio.run(library.ask(question, TOP, scope=scope)), library.engine
    )


def stemmed_bm25_system(passages: Sequence[Passage], analyser: Analyser) -> Callable[[str], Ranked]:
    """Plain rank-bm25 (BM25Okapi, default parameters) over the analyser's terms of the same
    passages; never abstains. Its quote is the top passage's sentence sharing most stems."""
    bm25 = BM25Okapi([analyser.terms(p.text) or [""] for p in passages])

    def ask(question: str) -> Ranked:
        terms = analyser.terms(question)
        scores = bm25.get_scores(terms)
        order = sorted(range(len(passages)), key=lambda i: -scores[i])[:TOP]
        ranked = [passages[i] for i in order]
        top = ranked[0]
        wanted = set(terms)
        sentences = top.sentence_texts() or [top.text]
        best = max(sentences, key=lambda s: len(wanted.intersection(analyser.terms(s))))
        return Ranked(ranked, best, top.voice, top.speaker, abstained=False)

    return ask


# --- corpora -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvalSet:
    """A question file and the corpus it is asked over: `corpus` is "fixtures" (the bundled
    corpus and the test fixtures, shared), "real" (the real articles uploaded to server GUILD
    and asked there) or "debates" (the Debatabase debates `DEBATES` lists, imported as shared
    debates)."""

    name: str
    questions: Path
    corpus: str
    note: str

    @property
    def real(self) -> bool:
        """Over the real articles (asked in server GUILD)."""
        return self.corpus == "real"

    @property
    def scope(self) -> str:
        """The scope the questions are asked in."""
        return GUILD if self.real else ""

    def missing(self) -> Path | None:
        """The data this set needs that is absent (the set is then skipped), else None."""
        if not self.questions.is_file():
            return self.questions
        if self.real and not REAL_ARTICLES.is_dir():
            return REAL_ARTICLES
        if self.corpus == "debates" and not IDEBATE.is_dir():
            return IDEBATE
        return None


SETS = (
    EvalSet("tuning", EVAL / "questions.jsonl", "fixtures", "tuned on"),
    EvalSet("heldout-2025", EVAL / "heldout.jsonl", "fixtures", "written after tuning; seen once"),
    EvalSet("real-dev", EVAL / "real-dev.jsonl", "real", "tuning half"),
    EvalSet("real-heldout", EVAL / "real-heldout.jsonl", "real", "held out"),
    EvalSet("attribution-dev", EVAL / "attribution-dev.jsonl", "real", "tuning half"),
    EvalSet("attribution-heldout", EVAL / "attribution-heldout.jsonl", "real", "held out"),
    EvalSet(
        "real-heldout-2", EVAL / "real-heldout-2.jsonl", "real", "held out, written 2026-11-30"
    ),
    EvalSet(
        "attribution-heldout-2",
        EVAL / "attribution-heldout-2.jsonl",
        "real",
        "held out, written 2026-11-30",
    ),
    EvalSet(
        "real-dev-2",
        EVAL / "real-dev-2.jsonl",
        "real",
        "tuning half, written 2026-11-30 (third session)",
    ),
    EvalSet(
        "real-heldout-3",
        EVAL / "real-heldout-3.jsonl",
        "real",
        "held out, written 2026-11-30 (third session)",
    ),
    EvalSet(
        "real-dev-3",
        EVAL / "real-dev-3.jsonl",
        "real",
        "tuning half, written 2026-11-30 (fifth session)",
    ),
    EvalSet(
        "real-heldout-4",
        EVAL / "real-heldout-4.jsonl",
        "real",
        "held out, written 2026-11-30 (fifth session)",
    ),
    EvalSet(
        "real-dev-4",
        EVAL / "real-dev-4.jsonl",
        "real",
        "tuning half, written 2026-11-30 (sixth session)",
    ),
    EvalSet(
        "real-heldout-5",
        EVAL / "real-heldout-5.jsonl",
        "real",
        "held out, written 2026-11-30 (sixth session)",
    ),
    EvalSet(
        "real-dev-5",
        EVAL / "real-dev-5.jsonl",
        "real",
        "tuning half, written 2026-12-01 (seventh session)",
    ),
    EvalSet(
        "real-heldout-6",
        EVAL / "real-heldout-6.jsonl",
        "real",
        "held out, written 2026-12-01 (seventh session)",
    ),
    EvalSet(
        "debates-dev",
        EVAL / "debates-dev.jsonl",
        "debates",
        "tuning half, written 2026-12-01 (eighth session)",
    ),
    EvalSet(
        "debates-heldout",
        EVAL / "debates-heldout.jsonl",
        "debates",
        "held out, written 2026-12-01 (eighth session)",
    ),
)


def _settings(folder: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_path": folder / "eval.sqlite3",
        "corpus_dir": ROOT / "corpus",
        "discord_token": None,
        "max_server_documents": 1000,
        # The time a user's upload may take is the service's guard, not what is measured here:
        # on a busy machine a 92 KB transcript passed 20 s and left the corpus short a file.
        "upload_seconds": 300,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def open_library(folder: Path, corpus: str, settings: Settings | None = None) -> Library:
    """A library over the bundled corpus and `corpus` (`EvalSet.corpus`): the test fixtures
    (shared), the real articles uploaded to server GUILD, or the debates `DEBATES` lists
    imported through `Library.import_debates` (a folder refused is named on stderr)."""
    library = await Library.open(settings or _settings(folder))
    if corpus == "fixtures":
        await library.ingest([ROOT / "tests" / "fixtures" / "corpus"])
        return library
    if corpus == "debates":
        for line in DEBATES.read_text(encoding="utf-8").splitlines():
            if line.strip():
                report = await library.import_debates(IDEBATE / line.strip())
                for error in report.errors:
                    print(f"  import refused: {error}", file=sys.stderr)
        return library
    for path in sorted(REAL_ARTICLES.iterdir()):
        if path.name == "README.md" or not path.is_file():
            continue
        data = path.read_bytes()
        try:
            await library.upload(data, path.name, GUILD, None, UploadDetails())
        except CorpusError as error:
            if "no title" not in str(error):
                print(f"  upload refused: {error}", file=sys.stderr)
                continue
            try:
                await library.upload(data, path.name, GUILD, None, UploadDetails(title=path.stem))
            except CorpusError as again:
                print(f"  upload refused: {again}", file=sys.stderr)
    return library


def refused_debates() -> set[str]:
    """The `DEBATES` folders the Debatabase import refuses (a folder holding no points): the
    questions about them are left out of a run, as no corpus holds their answers."""
    refused = set()
    for line in DEBATES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                read_debate(IDEBATE / line.strip())
            except CorpusError:
                refused.add(line.strip())
    return refused


def set_questions(chosen: EvalSet) -> list[EvalQuestion]:
    """The set's questions, less those about a debate the import refuses (`refused_debates`),
    with a line on stdout naming what was left out."""
    questions = load_questions(chosen.questions)
    if chosen.corpus == "debates" and (refused := refused_debates()):
        kept = [q for q in questions if q.doc not in refused]
        print(
            f"\n({len(questions) - len(kept)} questions of {chosen.name} are about debates the "
            f"import refuses, left out: {', '.join(sorted(refused))})"
        )
        questions = kept
    return questions


def _visible_passages(library: Library, scope: str) -> list[Passage]:
    collection = library.engine.collection
    return [p for p in collection.passages if collection.is_visible(p.doc_id, scope)]


def run_set(
    chosen: EvalSet, folder: Path, *, misses: bool
) -> dict[str, list[tuple[str, dict[str, float | int | None]]]]:
    """Evaluate one set with every system; prints its tables and returns their rows."""
    questions = set_questions(chosen)
    scope = chosen.scope
    library = asyncio.run(open_library(folder, chosen.corpus))
    try:
        passages = _visible_passages(library, scope)
        print(
            f"\n== {chosen.name} ({chosen.note}): {len(questions)} questions, "
            f"{sum(q.answerable for q in questions)} answerable, over {len(passages)} passages"
        )
        results: dict[str, Report] = {}
        results["debate-bot"] = evaluate(questions, library_system(library, scope))
        library.engine = type(library.engine).over(
            library.engine.collection,
            library.engine.settings.model_copy(update={"understanding": False}),
        )
        results["no understanding"] = evaluate(questions, library_system(library, scope))
        results["stemmed rank-bm25"] = evaluate(
            questions, stemmed_bm25_system(passages, default_analyser())
        )
    finally:
        asyncio.run(library.close())
    rows: dict[str, list[tuple[str, dict[str, float | int | None]]]] = {}
    for name, report in results.items():
        rows[name] = report.rows(by_kind=name == "debate-bot")
        print(format_table(name, rows[name]))
    if misses:
        print("missed by debate-bot:\n  " + "\n  ".join(results["debate-bot"].misses))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evaluation", description=__doc__)
    parser.add_argument("--set", action="append", choices=[s.name for s in SETS])
    parser.add_argument("--misses", action="store_true", help="list the questions missed")
    parser.add_argument("--json", type=Path, help="write every table's rows to this file")
    options = parser.parse_args(argv)
    # The uploads' extractors warn about fonts and markup; the tables are what this prints.
    logging.basicConfig(level=logging.ERROR)
    for noisy in ("pypdf", "trafilatura", "bot"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    chosen = [s for s in SETS if not options.set or s.name in options.set]
    every: dict[str, object] = {}
    for eval_set in chosen:
        if (absent := eval_set.missing()) is not None:
            print(f"\n== {eval_set.name}: skipped ({absent} is missing)")
            continue
        with tempfile.TemporaryDirectory() as folder:
            every[eval_set.name] = run_set(eval_set, Path(folder), misses=options.misses)
    if options.json:
        options.json.write_text(json.dumps(every, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
