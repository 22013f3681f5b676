"""The rebut stage's result as the command line prints it (`rebut --json`)."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import read_article
from bot.engine.rebut import rebut
from tests.conftest import BUNDLED, DEBATE_ID


def test_a_rebuttal_gives_its_stable_json_shape() -> None:
    engine = AnswerEngine([read_article(BUNDLED / f"{DEBATE_ID}.md")])
    rebuttal = rebut(engine, "States cannot afford to guarantee a connection to everyone", 2)
    payload = rebuttal.to_json()
    assert list(payload) == ["argument", "found", "match", "side", "linked", "answers"]
    assert payload["argument"] == rebuttal.argument
    assert payload["found"] == (rebuttal.found.id if rebuttal.found else None)
    assert payload["side"] == (rebuttal.side.value if rebuttal.side else None)
    assert payload["match"] == (
        None if rebuttal.found is None else "reworded" if rebuttal.reworded else "pasted"
    )
    assert payload["answers"] == [quote.to_json() for quote in rebuttal.quotes]
