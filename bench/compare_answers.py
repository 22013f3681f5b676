"""Record every answer the engine gives on fixed question sets, to prove a refactoring changed none.

    python -m bench.compare_answers record OUT.jsonl   # answers of the code checked out now
    python -m bench.compare_answers diff A.jsonl B.jsonl

A record holds, for each (corpus, question, options) case, the `ask --json` shape of the answer
(`Answer.to_json`) and the full `repr` of the answer object (highlights, merged passages,
reporting, notes: what the JSON leaves out), plus the best counters for the debate arguments.
The cases are the evaluation sets over the bundled corpus and the test fixtures, the shared
example questions, and a 10k-passage synthetic corpus (`bench.corpus_gen`, seeded) with its
500 generated questions, each asked plainly, with k=5 and an offset, and within one document.
Two records of code that answers the same are byte-identical files.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench import corpus_gen
from bot.engine.answer import AnswerEngine
from bot.engine.check import check_quote
from bot.engine.debate import clash, list_evidence, unanswered
from bot.engine.rebut import rebut
from bot.engine.text import analyse_document, default_analyser
from bot.library import Library
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUESTION_FILES = (
    ROOT / "bench" / "eval" / "questions.jsonl",
    ROOT / "bench" / "eval" / "heldout.jsonl",
    ROOT.parent / "shared" / "eval" / "dev_questions.jsonl",
)
EXTRA_QUESTIONS = (
    "what evidence does the reply cite?",
    "who wrote the reply?",
    "what does the opposition say about cost?",
    "what did pompeo claim?",
    "how many people lack internet access?",
    "is internet access a human right",
    "",
    "the",
)
REBUT_ARGUMENTS = (
    "Internet access should be a human right because people need it to exercise other rights",
    "States cannot afford to guarantee a connection to everyone",
    "banning phones in schools improves results",
)
CHECKED = (
    "failed to find any backdoor in Huawei",
    "the UK government found a backdoor in Huawei",
    "nothing like this was ever said",
)
SYNTHETIC_PASSAGES = 10_000


def _questions() -> list[str]:
    found: list[str] = []
    for path in QUESTION_FILES:
        if path.is_file():
            found.extend(json.loads(line)["q"] for line in path.read_text().splitlines() if line)
    return [*found, *EXTRA_QUESTIONS]


def _record(engine: AnswerEngine, label: str, question: str, **options: object) -> str:
    try:
        answer = engine.answer(question, **options)  # type: ignore[arg-type]
    except ValueError as error:  # a question the engine refuses: the message is the answer
        return json.dumps({"corpus": label, "q": question, "options": options, "error": str(error)})
    return json.dumps(
        {
            "corpus": label,
            "q": question,
            "options": options,
            "json": answer.to_json(),
            "repr": repr(answer),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _file_cases(engine: AnswerEngine) -> Iterator[str]:
    for question in _questions():
        yield _record(engine, "files", question)
        yield _record(engine, "files", question, k=5, offset=2)
    views: list[tuple[str, object]] = [
        *((f"rebut {a}", rebut(engine, a, 3)) for a in REBUT_ARGUMENTS),
        *((f"clash {t}", clash(engine, t)) for t in ("5G security", "phones", "traffic")),
        *((f"check {t}", check_quote(engine, t)) for t in CHECKED),
        ("evidence", list_evidence(engine)),
        ("unanswered", unanswered(engine, "car-free-centre-op-ed")),
    ]
    for label, result in views:
        yield json.dumps(
            {"corpus": "files", "view": label, "repr": repr(result)}, ensure_ascii=False
        )


def _synthetic_cases(engine: AnswerEngine, questions: list[str]) -> Iterator[str]:
    doc_ids = sorted(engine.collection.documents)
    for number, question in enumerate(questions):
        yield _record(engine, "synthetic", question)
        if number % 5 == 0:
            yield _record(engine, "synthetic", question, k=5, offset=3)
            yield _record(engine, "synthetic", question, doc_id=doc_ids[number % len(doc_ids)])


async def _file_engine(folder: Path) -> AnswerEngine:
    settings = Settings(
        database_path=folder / "compare.sqlite3",
        corpus_dir=ROOT / "corpus",
        _env_file=None,  # type: ignore[call-arg]
    )
    library = await Library.open(settings)
    try:
        report = await library.ingest([ROOT / "tests" / "fixtures" / "corpus"])
        if report.errors:
            raise SystemExit(f"fixtures rejected: {report.errors}")
        return library.engine
    finally:
        await library.close()


def record(out: Path) -> None:
    """Write every case's answer to `out`, one JSON line each."""
    with tempfile.TemporaryDirectory() as folder:
        engine = asyncio.run(_file_engine(Path(folder)))
    synthetic = corpus_gen.generate(SYNTHETIC_PASSAGES, queries=500)
    # Analysed as ingest analyses them, so their sentences' terms are cut as the bot cuts them.
    analyser = default_analyser()
    documents = [analyse_document(analyser, document)[0] for document in synthetic.documents]
    big = AnswerEngine(documents, passage_terms=synthetic.terms_by_id())
    with out.open("w", encoding="utf-8") as sink:
        for line in _file_cases(engine):
            sink.write(line + "\n")
        for line in _synthetic_cases(big, synthetic.questions):
            sink.write(line + "\n")


def diff(first: Path, second: Path) -> int:
    """Print the cases whose answers differ; the exit status is 1 when any does."""
    a = first.read_text(encoding="utf-8").splitlines()
    b = second.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    if len(a) != len(b):
        print(f"{first}: {len(a)} cases, {second}: {len(b)} cases")
    for i in changed[:20]:
        print(f"case {i}:\n  {a[i][:400]}\n  {b[i][:400]}")
    print(f"{len(a)} cases, {len(changed)} differ")
    return 1 if changed or len(a) != len(b) else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "record":
        record(Path(argv[1]))
        return 0
    if len(argv) == 3 and argv[0] == "diff":
        return diff(Path(argv[1]), Path(argv[2]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
