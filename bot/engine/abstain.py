"""Whether to answer at all: a logistic model over what the best passage and the question show.

Ranking keeps every passage that covers a little of the question (`AnswerSettings.min_coverage`);
this decides whether the best of them is an answer or the question is one the corpus cannot
answer. The signals (`Signals`): how much of the question's idf weight the best passage covers,
its BM25 score as a share of the most the question's terms could score, the share of the
question's weight that no passage of the scope holds, whether the question named its document,
voice, speaker or side, how many content words it has, and how much of the question one or two
adjacent sentences of the best passage hold, how much of the question's focus (what its
structure asks about, "X's salary"; else what "how many" counts; else its rarest word) those
sentences hold, and whether they lack the kind of answer asked for (a figure, a date, a person).
The weights and the threshold are fitted (logistic regression, scikit-learn) by
`python -m bench.calibrate` on the development halves of the evaluation sets, never on the
held-out ones; `tuning.py` keeps them with the run they came from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Signals:
    """What a question and its best passage show about whether the corpus answers it."""

    coverage: float  # share of the question's idf weight the best passage holds, 0-1
    score_share: float  # its BM25 score / the most the question's terms could score, 0-1
    unseen_share: float  # share of the question's weight no passage of the scope holds, 0-1
    focused: bool  # the question named its document, voice, speaker or debate side
    groups: int  # content words (or word groups) in the question
    sentence_coverage: float = 0.0  # the most of that weight one or two adjacent sentences hold
    # Share of the focus's weight (what "how many" counts, else the question's rarest word) one
    # or two adjacent sentences of the best passage hold, 0-1.
    focus_in_sentence: float = 0.0
    # 1 when the question asks for a figure, a date or a person and those sentences hold none
    # (`bot.engine.answer_kind`), else 0.
    kind_absent: float = 0.0
    # 1 when the question asks for someone's words (`sayer.asked_sayer`) other than the best
    # passage's document's own voice, and the passage neither is a speaker's turn nor quotes or
    # reports anyone (`sayer.gives_words`), else 0.
    speech_absent: float = 0.0

    def vector(self) -> tuple[float, ...]:
        """The model's inputs, in the order of the fitted weights (after the intercept)."""
        return (
            self.coverage,
            self.score_share,
            self.unseen_share,
            1.0 if self.focused else 0.0,
            math.log1p(self.groups),
            self.sentence_coverage,
            self.focus_in_sentence,
            self.kind_absent,
            self.speech_absent,
        )


NAMES = (
    "coverage",
    "score_share",
    "unseen_share",
    "focused",
    "log_groups",
    "sentence_coverage",
    "focus_in_sentence",
    "kind_absent",
    "speech_absent",
)


def answer_probability(signals: Signals, weights: Sequence[float]) -> float:
    """The model's probability that the corpus answers the question: the logistic function of
    `weights[0] + sum(weights[i + 1] * signals.vector()[i])`."""
    if len(weights) != len(NAMES) + 1:
        raise ValueError(f"expected {len(NAMES) + 1} weights, got {len(weights)}")
    z = weights[0] + sum(w * x for w, x in zip(weights[1:], signals.vector(), strict=True))
    return 1.0 / (1.0 + math.exp(-z))
