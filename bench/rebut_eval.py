"""`rebut` on arguments typed as a student would put them: does the other side's answer to the
point the argument makes come first?

    python -m bench.rebut_eval [--set dev|heldout] [--misses]

Each set (`bench/eval/rebut-*.jsonl`, written by hand before any answer was looked at) holds
arguments in their writer's own words, each with the title of the Debatabase point it makes
(or null: an argument on a debate's subject that no point makes), over the debates its
`-debates.txt` lists (training-split folders of `../shared/data/idebate/`, used by no other
set), imported through `Library.import_debates` into a fresh database with the bundled corpus.
`dev` was tuned on (`REBUT_POINT_COVERAGE`, `REBUT_TITLE_COVERAGE`); `heldout` never was.

For each system: of the arguments that make a point, how often the first answer is the other
side's answer to that point (`first`) and how often the point itself is named (`found`); of
those that make none, how often no point is claimed (`none`); and how many arguments of either
kind were said to be a point they are not (`wrong`). Systems: `rebut` as it is; `rebut` finding
only pasted points (`reworded=False`, the behaviour before `closest_point`); and plain
rank-bm25 (BM25Okapi over the analyser's stems of the same debate passages), whose first
passage counts when it is an answer to that point.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rank_bm25 import BM25Okapi

from bot.engine.models import Passage
from bot.engine.rebut import rebut
from bot.engine.text import default_analyser
from bot.library import Library
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "bench" / "eval"
IDEBATE = ROOT.parent / "shared" / "data" / "idebate"
SETS = ("dev", "heldout")


@dataclass(frozen=True, slots=True)
class Argument:
    """One typed argument and the title of the point it makes (None: it makes none)."""

    text: str
    point: str | None


@dataclass(frozen=True, slots=True)
class Placed:
    """What a system made of an argument: the point it named (None: none), and the point the
    first answer answers (None: no answer first)."""

    named: str | None
    first_answers: str | None


@dataclass
class Tally:
    """Counts over one set for one system (see the module docstring)."""

    points: int = 0
    first: int = 0
    found: int = 0
    others: int = 0
    none: int = 0
    wrong: int = 0

    def add(self, argument: Argument, placed: Placed) -> bool:
        """Count one argument; True when the system did right by it."""
        if argument.point is None:
            self.others += 1
            right = placed.named is None
            self.none += right
            self.wrong += not right
            return right
        self.points += 1
        right = placed.first_answers == argument.point
        self.first += right
        self.found += placed.named == argument.point
        self.wrong += placed.named is not None and placed.named != argument.point
        return right

    def row(self, name: str) -> str:
        return (
            f"{name:34s} {self.first:3d}/{self.points:<3d} {self.found:3d}/{self.points:<3d}"
            f" {self.none:3d}/{self.others:<3d} {self.wrong:5d}"
        )


def load(name: str) -> tuple[list[Argument], list[Path]]:
    """The set's arguments and the debate folders it is asked over."""
    rows = [json.loads(line) for line in (EVAL / f"rebut-{name}.jsonl").open(encoding="utf-8")]
    folders = (EVAL / f"rebut-{name}-debates.txt").read_text(encoding="utf-8").split()
    return [Argument(row["argument"], row["point"]) for row in rows], [
        IDEBATE / folder for folder in folders
    ]


def _answered_point(passage: Passage, points: dict[tuple[str, str], str]) -> str | None:
    """The title of the point `passage` answers, if it is an answer."""
    if passage.answers is None:
        return None
    return points.get((passage.doc_id, passage.answers))


def run(name: str, misses: bool) -> dict[str, Tally]:
    """Every system over one set; prints its table."""
    arguments, folders = load(name)
    with tempfile.TemporaryDirectory(prefix="debate-bot-rebut-") as folder:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            database_path=Path(folder) / "rebut.sqlite3",
            corpus_dir=ROOT / "corpus",
            discord_token=None,
        )

        async def opened() -> Library:
            library = await Library.open(settings)
            for debate in folders:
                await library.import_debates(debate)
            return library

        library = asyncio.run(opened())
        try:
            engine = library.engine
            debate_passages = [p for p in engine.collection.passages if p.side is not None]
            points = {
                (p.doc_id, p.section): p.heading
                for p in debate_passages
                if p.heading and p.answers is None and p.section is not None
            }
            analyser = default_analyser()
            bm25 = BM25Okapi([analyser.terms(p.text) or [""] for p in debate_passages])

            def engine_system(**options: bool) -> Callable[[str], Placed]:
                def place(text: str) -> Placed:
                    rebuttal = rebut(engine, text, 1, **options)  # type: ignore[arg-type]
                    named = rebuttal.found.heading if rebuttal.found is not None else None
                    first = rebuttal.quotes[0].passage_id if rebuttal.quotes else None
                    passage = (
                        engine.collection.passages[engine.collection.position_of(first)]
                        if first is not None
                        else None
                    )
                    answered = _answered_point(passage, points) if passage is not None else None
                    return Placed(named, answered)

                return place

            def bm25_system(text: str) -> Placed:
                scores = bm25.get_scores(analyser.terms(text))
                best = max(range(len(debate_passages)), key=lambda i: scores[i])
                return Placed(None, _answered_point(debate_passages[best], points))

            systems: Sequence[tuple[str, Callable[[str], Placed]]] = (
                ("rebut", engine_system()),
                ("rebut, pasted points only", engine_system(reworded=False)),
                ("stemmed rank-bm25 (first passage)", bm25_system),
            )
            tallies: dict[str, Tally] = {}
            missed: list[str] = []
            for system_name, system in systems:
                tally = tallies[system_name] = Tally()
                for argument in arguments:
                    right = tally.add(argument, system(argument.text))
                    if system_name == "rebut" and not right:
                        missed.append(argument.text)
        finally:
            asyncio.run(library.close())
    print(f"\n== rebut-{name}: {len(arguments)} arguments over {len(folders)} debates")
    print(f"{'system':34s} {'first':>7s} {'found':>7s} {'none':>7s} {'wrong':>5s}")
    for system_name, tally in tallies.items():
        print(tally.row(system_name))
    if misses:
        print("missed by rebut:\n  " + "\n  ".join(missed))
    return tallies


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rebut_eval", description=__doc__)
    parser.add_argument("--set", action="append", choices=SETS)
    parser.add_argument("--misses", action="store_true", help="list the arguments missed")
    options = parser.parse_args(argv)
    if not IDEBATE.is_dir():
        print(f"skipped: {IDEBATE} is absent", file=sys.stderr)
        return 0
    for name in options.set or SETS:
        run(name, options.misses and name != "heldout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
