"""The user trials kept as abstention development data (`bench/trials/`, `bench.calibrate`)."""

from __future__ import annotations

from pathlib import Path

# `bench.calibrate.TRIALS` (not imported: the calibration needs scikit-learn, a bench extra).
TRIALS = Path(__file__).resolve().parents[2] / "bench" / "trials"


def test_every_trial_question_names_a_file_of_its_trial_and_a_label() -> None:
    trials = sorted(p for p in TRIALS.iterdir() if (p / "questions.tsv").is_file())
    assert trials, "no trial found"
    for trial in trials:
        files = {p.name for p in (trial / "files").iterdir()}
        lines = (trial / "questions.tsv").read_text(encoding="utf-8").splitlines()
        assert lines[0].split("\t")[:4] == ["id", "file", "answerable", "question"]
        labels = []
        for line in lines[1:]:
            _id, name, answerable, question, *_ = line.split("\t")
            assert name in files, f"{trial.name}: {name} is not in files/"
            assert answerable in ("A", "R") and question.strip()
            labels.append(answerable)
        # Both kinds of question, or the fit learns nothing from the trial.
        assert labels.count("A") and labels.count("R")
