"""The evaluation question files hold what their checkers ask: each gold string in exactly one
passage of the named document, quotes inside one sentence, the split reproducible (the checkers
print "skipped" and pass when `../shared/data` is absent)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / "bench" / "eval"


@pytest.mark.parametrize("checker", ["check_real_questions.py", "check_debate_questions.py"])
def test_a_question_file_checker_passes(checker: str) -> None:
    run = subprocess.run(
        [sys.executable, str(EVAL / checker)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    if "skipped" in run.stdout[:200]:
        pytest.skip(run.stdout.strip().splitlines()[0])
