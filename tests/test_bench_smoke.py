"""The benchmark runs end to end at 1k passages and prints its table (no timing is asserted)."""

from __future__ import annotations

import pytest

pytest.importorskip("bm25s")
pytest.importorskip("psutil")

from click.testing import CliRunner

from bench.__main__ import main


def test_quick_benchmark_prints_the_table_with_scores_equal_to_rank_bm25() -> None:
    result = CliRunner().invoke(
        main, ["--sizes", "1k", "--skip-beir", "--queries", "20", "--answer-budget", "2"]
    )

    assert result.exit_code == 0, result.output
    rows = {
        line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
        for line in result.output.splitlines()
        if line.startswith("| ") and not line.startswith("| --")
    }
    assert rows["engine scores == rank-bm25 (bit for bit)"][0] == "20/20"
    assert rows["queries timed: (a) and (d) / (b) / (c)"][0].startswith("20 / ")
    for label in (
        "(a) engine PassageIndex.search",
        "(b) engine AnswerEngine.answer (full path)",
        "(c) rank-bm25 get_scores (Lucene idf)",
        "(d) bm25s retrieve top 10 (lucene)",
        "cold start: process start to first answer (stored index)",
        "cold start with the index rebuilt (stored one dropped)",
    ):
        assert rows[label][0] != "—", label
    assert "BEIR: skipped (--skip-beir)." in result.output
