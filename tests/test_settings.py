"""The one settings object: the answer engine's knobs as the `answer` group (ANSWER__...), its
defaults the engine's, and the old names of those knobs still read."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.engine.index import BM25Parameters
from bot.engine.tuning import AnswerSettings
from bot.settings import Settings

KNOBS = ("ANSWER__K", "ANSWER__MIN_COVERAGE", "ANSWER__BM25__K1", "ANSWER__BM25__B")
OLD_KNOBS = ("ANSWER_K", "MIN_COVERAGE", "BM25_K1", "BM25_B")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No knob from the developer's environment, and no .env (the tests run in tmp_path)."""
    for name in (*KNOBS, *OLD_KNOBS):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_the_groups_defaults_are_the_engines() -> None:
    settings = Settings()
    assert settings.answer == AnswerSettings()
    assert settings.answer.bm25 == BM25Parameters()


def test_the_group_is_read_from_nested_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANSWER__K", "5")
    monkeypatch.setenv("ANSWER__MIN_COVERAGE", "0.3")
    monkeypatch.setenv("ANSWER__BM25__K1", "1.2")
    answer = Settings().answer
    assert (answer.k, answer.min_coverage, answer.bm25.k1, answer.bm25.b) == (5, 0.3, 1.2, 0.75)


def test_the_old_names_still_work_in_the_environment_and_in_dotenv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("BM25_B=0.5\nMIN_COVERAGE=0.2\n", encoding="utf-8")
    monkeypatch.setenv("ANSWER_K", "4")
    monkeypatch.setenv("BM25_K1", "2.0")
    answer = Settings().answer
    assert (answer.k, answer.min_coverage, answer.bm25.k1, answer.bm25.b) == (4, 0.2, 2.0, 0.5)


def test_a_new_name_wins_over_an_old_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANSWER_K", "4")
    monkeypatch.setenv("ANSWER__K", "6")
    assert Settings().answer.k == 6


def test_a_knob_out_of_range_is_refused_by_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANSWER_K", "99")
    with pytest.raises(ValidationError) as raised:
        Settings()
    assert raised.value.errors()[0]["loc"] == ("answer", "k")
