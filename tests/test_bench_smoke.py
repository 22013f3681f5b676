"""The benchmark runs end to end at 1k passages and prints its table (no timing is asserted)."""

from __future__ import annotations

import pytest

pytest.importorskip("bm25s")
pytest.importorskip("psutil")
pytest.importorskip("tantivy")

from click.testing import CliRunner

from bench.__main__ import main


def test_quick_benchmark_prints_the_table_with_scores_equal_to_rank_bm25() -> None:
    result = CliRunner().invoke(
        main,
        [
            "--sizes",
            "1k",
            "--skip-beir",
            "--skip-bot",
            "--queries",
            "20",
            "--pasted",
            "10",
            "--answer-budget",
            "2",
        ],
    )

    assert result.exit_code == 0, result.output
    rows = [
        (line.split("|")[1].strip(), [cell.strip() for cell in line.split("|")[2:-1]])
        for line in result.output.splitlines()
        if line.startswith("| ") and not line.startswith("| --")
    ]

    def first_cells(label: str) -> list[str]:
        return [cells[0] for found, cells in rows if found == label]

    assert first_cells("engine scores == rank-bm25 (bit for bit), typed / pasted") == [
        "20/20 / 10/10"
    ]
    typed, pasted = first_cells("queries timed: (a) / (b) / (c) / (d) / (e) / (f)")
    assert typed.startswith("20 / ") and pasted.startswith("10 / ")
    for label in (
        "(a) engine PassageIndex.search (top 10)",
        "(b) engine AnswerEngine.answer (full path)",
        "(b) engine AnswerEngine.answer (full path, k = 3)",
        "(c) rank-bm25 get_scores",
        "(d) bm25s retrieve top 10",
        "(e) tantivy search top 10",
        "(f) SQLite FTS5 bm25() top 10",
        "(e) tantivy ÷ (a) engine search",
        "tantivy",
        "fts5",
        "cold start: process start to first answer (stored index)",
        "cold start with the index rebuilt (stored one dropped)",
    ):
        cells = first_cells(label)
        assert cells and "—" not in cells, label
    assert "BEIR: skipped (--skip-beir)." in result.output
