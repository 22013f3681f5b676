"""`rebut` on arguments typed in other words (bench.rebut_eval), held above a floor on its
development set, and above finding pasted points only; skipped without ../shared's debates."""

from __future__ import annotations

import pytest

from bench import rebut_eval


@pytest.mark.skipif(not rebut_eval.IDEBATE.is_dir(), reason="../shared/data/idebate is absent")
def test_a_typed_argument_gets_the_counter_to_the_point_it_makes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tallies = rebut_eval.run("dev", misses=False)
    now, before = tallies["rebut"], tallies["rebut, pasted points only"]
    # 22/28 and one wrong point when the floor was set (docs/evaluation.md, "Tenth session").
    assert now.points == 28 and now.first >= 20 and now.first > before.first + 5
    assert now.wrong <= 2 and now.none == now.others
    assert "rebut-dev: 34 arguments over 12 debates" in capsys.readouterr().out
