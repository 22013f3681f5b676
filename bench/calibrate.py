"""Fit when to abstain: a logistic regression over `bot.engine.abstain.Signals`, on dev sets only.

    python -m bench.calibrate [--answered 0.95] [--folds 5] [--without NAME ...]

For every question of the development sets (`tuning`, `real-dev`, `attribution-dev`; never
`heldout-2025`, `real-heldout` or `attribution-heldout`, which are kept for reporting), the
engine ranks as it does when answering, and the best passage's signals are kept with the label
"the corpus answers this" (the question has gold passages). A question with no ranked passage
at all abstains whatever the model says, and is left out of the fit. scikit-learn's
LogisticRegression (class weights balanced: there are far fewer unanswerable questions) fits
the weights; the threshold
is the highest probability at which at least `--answered` of the answerable development
questions are still answered. The output is the two lines to put in `bot/engine/tuning.py`,
and the development figures they give; with `--folds K`, also the figures of a stratified K-fold
cross-validation (each fold's questions decided by a model and threshold fitted on the others),
which say what the fit does on questions it did not see. `--without NAME` fixes a signal's
weight at 0 (left out of the fit), to see what it adds. `--trials` adds the questions of the user
trials in `bench/trials/` (files and questions written by the team, each labelled answerable or
not; `bench/trials/README.md`), each trial's files uploaded to a server of their own.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from bench.evaluation import SETS, _settings, open_library, set_questions
from bot.engine.abstain import NAMES, Signals
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import CorpusError
from bot.library import Library

TRIALS = Path(__file__).resolve().parent / "trials"
TRIAL_GUILD = "trial"

DEV_SETS = (
    "tuning",
    "real-dev",
    "attribution-dev",
    "real-dev-2",
    "real-dev-3",
    "real-dev-4",
    "real-dev-5",
    "debates-dev",
)


def collect(folder: Path) -> tuple[list[Signals], list[int], int, int]:
    """Signals and labels of every development question that ranks a passage; and how many
    answerable and unanswerable questions ranked none."""
    signals: list[Signals] = []
    labels: list[int] = []
    empty_answerable = empty_unanswerable = 0
    for eval_set in SETS:
        if eval_set.name not in DEV_SETS or eval_set.missing() is not None:
            continue
        library = asyncio.run(open_library(folder / eval_set.name, eval_set.corpus))
        scope = eval_set.scope
        try:
            engine = library.engine
            for question in set_questions(eval_set):
                ranked = engine.ranker.rank(engine.query(question.question, scope))
                if not ranked or ranked.signals is None:
                    if question.answerable:
                        empty_answerable += 1
                    else:
                        empty_unanswerable += 1
                    continue
                signals.append(ranked.signals)
                labels.append(int(question.answerable))
        finally:
            asyncio.run(library.close())
    return signals, labels, empty_answerable, empty_unanswerable


async def _trial_signals(folder: Path, trial: Path) -> list[tuple[Signals | None, int]]:
    """Each question of `trial` (a `bench/trials/` folder) with the best passage's signals (None
    when nothing ranks) and its label, asked in a server holding the trial's files."""
    library = await Library.open(_settings(folder))
    try:
        for path in sorted((trial / "files").iterdir()):
            try:
                await library.upload(
                    path.read_bytes(), path.name, TRIAL_GUILD, None, UploadDetails()
                )
            except CorpusError as error:
                print(f"  upload refused: {error}", file=sys.stderr)
        engine = library.engine
        found: list[tuple[Signals | None, int]] = []
        lines = (trial / "questions.tsv").read_text(encoding="utf-8").splitlines()[1:]
        for line in lines:
            _id, _file, answerable, question, *_ = line.split("\t")
            ranked = engine.ranker.rank(engine.query(question, TRIAL_GUILD))
            found.append((ranked.signals if ranked else None, int(answerable == "A")))
        return found
    finally:
        await library.close()


def collect_trials(folder: Path) -> tuple[list[Signals], list[int], int, int]:
    """`collect`'s result for the questions of every trial in `TRIALS`."""
    signals: list[Signals] = []
    labels: list[int] = []
    empty_answerable = empty_unanswerable = 0
    for trial in sorted(p for p in TRIALS.iterdir() if (p / "questions.tsv").is_file()):
        (folder / trial.name).mkdir()
        for found, label in asyncio.run(_trial_signals(folder / trial.name, trial)):
            if found is None:
                empty_answerable += label
                empty_unanswerable += 1 - label
                continue
            signals.append(found)
            labels.append(label)
    return signals, labels, empty_answerable, empty_unanswerable


def fit(
    signals: Sequence[Signals],
    labels: Sequence[int],
    answered: float,
    without: frozenset[str] = frozenset(),
) -> tuple[tuple[float, ...], float]:
    """The weights (intercept first, then one per `NAMES`, 0 for those `without`) and the
    threshold that answers `answered` of the answerable questions."""
    used = [i for i, name in enumerate(NAMES) if name not in without]
    x = np.array([s.vector() for s in signals])[:, used]
    y = np.array(labels)
    model = LogisticRegression(class_weight="balanced", C=1.0, max_iter=1000)
    model.fit(x, y)
    coefficients = dict(zip(used, (float(w) for w in model.coef_[0]), strict=True))
    weights = (
        float(model.intercept_[0]),
        *(coefficients.get(i, 0.0) for i in range(len(NAMES))),
    )
    probability = model.predict_proba(x)[:, 1]
    positives = np.sort(probability[y == 1])
    # The largest threshold that keeps `answered` of the answerable ones at or above it.
    allowed_misses = int(np.floor((1 - answered) * len(positives)))
    threshold = float(positives[allowed_misses]) if len(positives) else 0.5
    return weights, threshold


def decide(signals: Sequence[Signals], weights: Sequence[float], threshold: float) -> np.ndarray:
    """Whether the model of `weights` and `threshold` answers each question."""
    x = np.array([s.vector() for s in signals])
    z = weights[0] + x @ np.array(weights[1:])
    answer: np.ndarray = 1 / (1 + np.exp(-z)) >= threshold
    return answer


def cross_validate(
    signals: Sequence[Signals],
    labels: Sequence[int],
    answered: float,
    folds: int,
    without: frozenset[str] = frozenset(),
) -> np.ndarray:
    """Each question's decision by a model fitted on the other folds (stratified, seeded)."""
    y = np.array(labels)
    answer = np.zeros(len(y), dtype=bool)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(y, y):
        weights, threshold = fit([signals[i] for i in train], y[train], answered, without)
        answer[test] = decide([signals[i] for i in test], weights, threshold)
    return answer


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.calibrate", description=__doc__)
    parser.add_argument("--answered", type=float, default=0.97)
    parser.add_argument("--folds", type=int, default=0, help="cross-validate in K folds")
    parser.add_argument("--without", action="append", default=[], choices=NAMES)
    parser.add_argument("--trials", action="store_true", help="add the user trials' questions")
    options = parser.parse_args(argv)
    without = frozenset(options.without)
    logging.basicConfig(level=logging.ERROR)
    for noisy in ("pypdf", "trafilatura", "bot"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        for name in DEV_SETS:
            (Path(folder) / name).mkdir()
        signals, labels, lost_yes, lost_no = collect(Path(folder))
        if options.trials:
            more, more_labels, more_yes, more_no = collect_trials(Path(folder))
            signals, labels = signals + more, labels + more_labels
            lost_yes, lost_no = lost_yes + more_yes, lost_no + more_no
    weights, threshold = fit(signals, labels, options.answered, without)
    y = np.array(labels)
    answer = decide(signals, weights, threshold)
    answerable, unanswerable = int((y == 1).sum()) + lost_yes, int((y == 0).sum()) + lost_no
    print(f"development questions: {answerable} answerable, {unanswerable} unanswerable")
    print(f"  ranked nothing: {lost_yes} answerable, {lost_no} unanswerable (always abstain)")
    print(f"  answered: {int(answer[y == 1].sum())}/{answerable}")
    print(f"  refused:  {int((~answer[y == 0]).sum()) + lost_no}/{unanswerable}")
    print(
        "weights: "
        + ", ".join(f"{n}={w:+.3f}" for n, w in zip(("intercept", *NAMES), weights, strict=True))
    )
    if options.folds:
        held = cross_validate(signals, labels, options.answered, options.folds, without)
        print(f"cross-validated ({options.folds} folds):")
        print(f"  answered: {int(held[y == 1].sum())}/{answerable}")
        print(f"  refused:  {int((~held[y == 0]).sum()) + lost_no}/{unanswerable}")
    print("\nfor bot/engine/tuning.py:")
    print(f"ABSTAIN_WEIGHTS: tuple[float, ...] = ({', '.join(f'{w:.4f}' for w in weights)})")
    print(f"ABSTAIN_THRESHOLD = {threshold:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
