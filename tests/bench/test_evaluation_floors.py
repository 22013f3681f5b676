"""The project's evaluation set, held above floors, and the engine held above plain BM25.

The floors sit a little under the figures the engine reaches (README, "Evaluation"), so a change
that costs answers fails here rather than going unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.evaluation import (
    engine_system,
    evaluate,
    fact_matches,
    load_questions,
    whitespace_bm25_system,
)
from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import read_article
from bot.engine.models import Document
from bot.engine.tuning import AnswerSettings
from tests.conftest import BUNDLED, DEBATE_ID, ROOT, SHARED

QUESTIONS = ROOT / "bench" / "eval" / "questions.jsonl"


@pytest.fixture(scope="module")
def debate_document() -> Document:
    return read_article(BUNDLED / f"{DEBATE_ID}.md")


FLOORS = {"hit@1": 0.70, "hit@3": 0.80, "MRR": 0.75, "quote": 0.60, "speaker": 0.80}


def test_the_evaluation_set_is_large_and_varied() -> None:
    questions = load_questions(QUESTIONS)
    kinds = {q.kind for q in questions}
    assert len(questions) >= 100
    assert {"claim", "evidence", "number", "paraphrase", "who", "when", "where"} <= kinds
    assert sum(not q.answerable for q in questions) >= 10


def test_engine_stays_above_its_floors(full_engine: AnswerEngine) -> None:
    report = evaluate(load_questions(QUESTIONS), engine_system(full_engine))
    row = report.overall.row()
    for measure, floor in FLOORS.items():
        value = row[measure]
        assert value is not None and value >= floor, f"{measure} fell to {value} (floor {floor})"
    # The abstention decision is fitted (bench.calibrate) to answer at least 95% of answerable
    # questions, the engine's main fault before. Of the 14 unanswerable questions here (4 added
    # with the answer-kind signal, written before any answer was seen) it refuses 4 (0.29);
    # the floor keeps it from losing refusals unnoticed.
    assert (row["answered"] or 0) >= 0.95
    assert (row["refused"] or 0) >= 0.25, "questions the corpus cannot answer must still abstain"


def test_questions_written_after_tuning_are_answered(
    full_engine: AnswerEngine, debate_document: Document
) -> None:
    engine = AnswerEngine([*full_engine.collection.documents.values(), debate_document])
    row = evaluate(
        load_questions(QUESTIONS.with_name("heldout.jsonl")), engine_system(engine)
    ).overall.row()
    assert (row["hit@1"] or 0) >= 0.85
    assert (row["quote"] or 0) >= 0.8 and (row["speaker"] or 0) >= 0.85


def test_paraphrases_are_found(full_engine: AnswerEngine) -> None:
    report = evaluate(load_questions(QUESTIONS), engine_system(full_engine))
    assert (report.by_kind["paraphrase"].row()["hit@3"] or 0) >= 0.8


def test_understanding_beats_plain_bm25(full_engine: AnswerEngine) -> None:
    questions = load_questions(QUESTIONS)
    engine = evaluate(questions, engine_system(full_engine)).overall.row()
    plain = AnswerEngine(
        full_engine.collection.documents.values(), AnswerSettings(understanding=False)
    )
    no_understanding = evaluate(questions, engine_system(plain)).overall.row()
    baseline = evaluate(
        questions, whitespace_bm25_system(full_engine.collection.passages)
    ).overall.row()
    for other in (no_understanding, baseline):
        assert (engine["hit@1"] or 0) >= (other["hit@1"] or 0) + 0.15
        assert (engine["speaker"] or 0) >= (other["speaker"] or 0) + 0.15


def test_shared_dev_questions_are_all_answered(seed_engine: AnswerEngine) -> None:
    path = SHARED / "eval" / "dev_questions.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    for engine in (seed_engine, AnswerEngine(read_article(p) for p in BUNDLED.glob("*.md"))):
        row = evaluate(load_questions(path), engine_system(engine)).overall.row()
        assert row["hit@1"] == 1.0 and row["quote"] == 1.0 and row["speaker"] == 1.0


def test_a_broken_question_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text('{"q": "fine?", "gold": ["x"], "quote": ["x"], "speaker": null}\n[1, 2]\n')
    with pytest.raises(ValueError, match="line 2"):
        load_questions(path)


@pytest.mark.parametrize(
    ("value", "gold", "matches"),
    [
        ("2020-08-23", "Published August 23, 2020", True),
        ("2020-08-23", "23 August 2020, 6:00 AM", True),
        ("2020-02-24", "CBS News Feb. 24, 2020, 7:57 AM", True),
        ("2020-08-23", "August 24, 2020", False),
        ("Rob Picheta", "By Rob Picheta, CNN", True),
        ("The Atlantic", "The New Republic", False),
        ("A", "A Senate Divided?", False),  # too short to say anything
    ],
)
def test_an_answer_from_a_documents_details_is_scored_by_what_the_gold_states(
    value: str, gold: str, matches: bool
) -> None:
    assert fact_matches(value, [gold]) is matches
