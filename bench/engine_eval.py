"""Evaluating an AnswerEngine built in memory over a question file (the JSONL format of
shared/eval): hit@k, MRR, quotes, speakers. tests/bench/test_engine_eval.py holds the engine to
floors with it; `bench/evaluation.py` is the full run through the Library (`make eval`).

Each line: {"q", "gold": [substrings of the right passage], "quote": [substrings the first quote
should hold], "speaker": name or null (the publisher's framing), "type"?: str}. A question with
no gold substrings is one the corpus cannot answer: the engine must abstain.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rank_bm25 import BM25Okapi

from bot.engine.answer import AnswerEngine
from bot.engine.models import Passage, Voice
from bot.engine.text import fold


class EvalFileError(ValueError):
    """A question file that cannot be read; names the file and line."""


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    question: str
    gold: tuple[str, ...]
    quote: tuple[str, ...]
    speaker: str | None
    kind: str
    line: int

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


@dataclass(frozen=True, slots=True)
class Ranked:
    """What a system returned for one question: passages best first, and the first quote."""

    passages: Sequence[Passage]
    first_quote: str | None
    first_voice: Voice | None
    first_speaker: str | None
    abstained: bool


@dataclass(slots=True)
class Scores:
    questions: int = 0
    answerable: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal_rank: float = 0.0
    quote_ok: int = 0
    speaker_ok: int = 0
    unanswerable: int = 0
    abstained_ok: int = 0
    false_abstentions: int = 0

    def add(self, question: EvalQuestion, ranked: Ranked) -> None:
        self.questions += 1
        if not question.answerable:
            self.unanswerable += 1
            self.abstained_ok += ranked.abstained
            return
        self.answerable += 1
        self.false_abstentions += ranked.abstained
        rank = next(
            (i for i, p in enumerate(ranked.passages, 1) if contains_any(p.text, question.gold)),
            None,
        )
        if rank is not None:
            self.hit1 += rank == 1
            self.hit3 += rank <= 3
            self.reciprocal_rank += 1.0 / rank
        if ranked.first_quote is not None and contains_any(ranked.first_quote, question.quote):
            self.quote_ok += 1
        if ranked.passages and speaker_matches(question.speaker, ranked):
            self.speaker_ok += 1

    def row(self) -> dict[str, float | int]:
        a = max(1, self.answerable)
        return {
            "n": self.questions,
            "hit@1": self.hit1 / a,
            "hit@3": self.hit3 / a,
            "MRR": self.reciprocal_rank / a,
            "quote": self.quote_ok / a,
            "speaker": self.speaker_ok / a,
            "abstain": (self.abstained_ok / self.unanswerable) if self.unanswerable else 1.0,
        }


@dataclass(slots=True)
class Report:
    overall: Scores = field(default_factory=Scores)
    by_kind: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    misses: list[str] = field(default_factory=list)

    def table(self, title: str) -> str:
        header = f"{title:<16} {'n':>4} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'quote':>6} "
        header += f"{'speaker':>7} {'abstain':>7}"
        lines = [header]
        rows = [("all", self.overall), *sorted(self.by_kind.items())]
        for name, scores in rows:
            r = scores.row()
            lines.append(
                f"{name:<16} {r['n']:>4} {r['hit@1']:>6.2f} {r['hit@3']:>6.2f} {r['MRR']:>6.2f} "
                f"{r['quote']:>6.2f} {r['speaker']:>7.2f} {r['abstain']:>7.2f}"
            )
        return "\n".join(lines)


def contains_any(text: str, needles: Iterable[str]) -> bool:
    folded = fold(text)
    return any(fold(needle) in folded for needle in needles)


def speaker_matches(expected: str | None, ranked: Ranked) -> bool:
    if expected is None:
        return ranked.first_voice is Voice.PUBLISHER
    said = (ranked.first_speaker or "").casefold()
    wanted = expected.casefold()
    return bool(said) and (wanted in said or said in wanted)


def load_questions(path: Path) -> list[EvalQuestion]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            questions.append(
                EvalQuestion(
                    question=item["q"],
                    gold=tuple(item.get("gold") or ()),
                    quote=tuple(item.get("quote") or ()),
                    speaker=item.get("speaker"),
                    kind=item.get("type") or "untyped",
                    line=number,
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise EvalFileError(f"{path}, line {number}: not a question object ({error})") from None
    return questions


def engine_system(engine: AnswerEngine, k: int = 10) -> Callable[[str], Ranked]:
    def ask(question: str) -> Ranked:
        answer = engine.answer(question, k)
        first = answer.quotes[0] if answer.quotes else None
        return Ranked(
            passages=[engine.collection.passage_by_id[q.passage_id] for q in answer.quotes],
            first_quote=first.text if first else None,
            first_voice=first.attribution.voice if first else None,
            first_speaker=first.attribution.speaker if first else None,
            abstained=answer.abstained,
        )

    return ask


def whitespace_bm25_system(passages: Sequence[Passage], k: int = 10) -> Callable[[str], Ranked]:
    """The baseline: rank-bm25 over `str.split()` tokens of the same paragraphs, never abstains.

    Its "quote" is the sentence of the top paragraph sharing the most tokens with the question.
    """
    bm25 = BM25Okapi([p.text.split() for p in passages])

    def ask(question: str) -> Ranked:
        tokens = question.split()
        scores = bm25.get_scores(tokens)
        order = sorted(range(len(passages)), key=lambda i: -scores[i])[:k]
        ranked = [passages[i] for i in order]
        top = ranked[0]
        wanted = set(tokens)
        sentences = top.sentence_texts() or [top.text]
        best = max(sentences, key=lambda s: len(wanted.intersection(s.split())))
        return Ranked(ranked, best, top.voice, top.speaker, abstained=False)

    return ask


def evaluate(questions: Sequence[EvalQuestion], system: Callable[[str], Ranked]) -> Report:
    report = Report()
    for question in questions:
        ranked = system(question.question)
        before = (report.overall.hit1, report.overall.abstained_ok)
        report.overall.add(question, ranked)
        report.by_kind[question.kind].add(question, ranked)
        after = (report.overall.hit1, report.overall.abstained_ok)
        if before == after:
            report.misses.append(f"line {question.line} [{question.kind}]: {question.question}")
    return report
