"""Sentence splitters compared on the tricky cases of `bench/eval/sentences.jsonl`.

`python -m bench.sentences` prints one Markdown table: for the engine's splitter
(`bot.engine.text.split_sentences`) and the maintained splitters that give character offsets
(pysbd with `char_span`, blingfire, syntok, nupunkt; each left out when it is not installed:
`pip install -e '.[bench]'`), the cases split exactly right on the development and held-out
halves, boundary precision and recall over all cases, whether every span a splitter gives is
the text it says it is, and its speed paragraph by paragraph. No number is asserted here; the README
keeps the table.

A case is the sentences a reader would quote, joined by single spaces. A quotation that spans
sentences is one sentence with the clause that reports it (a quote must keep its speaker).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from bot.engine.text import split_sentences

CASES = Path(__file__).resolve().parent / "eval" / "sentences.jsonl"
# Characters of text timed per splitter (the cases, case by case, repeated): a stable rate.
SPEED_CHARS = 200_000

Spans = list[tuple[int, int]]
Splitter = Callable[[str], Spans]


@dataclass(frozen=True, slots=True)
class Case:
    """One tricky case: its id, its half ("dev" or "heldout"), its kind and the sentences a
    reader would quote, in order."""

    id: str
    half: str
    kind: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def boundaries(self) -> set[int]:
        """Where each sentence but the last ends (character offsets into `text`)."""
        ends, position = set(), 0
        for sentence in self.sentences[:-1]:
            position += len(sentence)
            ends.add(position)
            position += 1
        return ends


def load_cases(path: Path = CASES) -> list[Case]:
    """The cases of a JSON-lines file (`id`, `set`, `kind`, `sentences`)."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append(Case(row["id"], row["set"], row["kind"], tuple(row["sentences"])))
    return cases


def _trimmed(text: str, spans: Iterable[tuple[int, int]]) -> Spans:
    """Spans without the white space at their edges; empty ones dropped."""
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


@dataclass(frozen=True, slots=True)
class Result:
    spans: Spans
    faithful: bool  # each span of the text is the sentence the splitter gave as text


def _engine(text: str) -> Result:
    return Result(split_sentences(text), True)


def _pysbd() -> Callable[[str], Result] | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def split(text: str) -> Result:
        found = segmenter.segment(text)
        spans = [(span.start, span.end) for span in found]
        faithful = all(text[s.start : s.end] == s.sent for s in found)
        return Result(_trimmed(text, spans), faithful)

    return split


def _blingfire() -> Callable[[str], Result] | None:
    try:
        import blingfire
    except ImportError:
        return None

    def split(text: str) -> Result:
        joined, offsets = blingfire.text_to_sentences_and_offsets(text)
        spans = [(int(start), int(end)) for start, end in offsets]
        faithful = [" ".join(text[s:e].split()) for s, e in spans] == [
            " ".join(line.split()) for line in joined.split("\n") if line.strip()
        ]
        return Result(_trimmed(text, spans), faithful)

    return split


def _syntok() -> Callable[[str], Result] | None:
    try:
        from syntok import segmenter
    except ImportError:
        return None

    def split(text: str) -> Result:
        spans: Spans = []
        faithful = True
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                first, last = sentence[0], sentence[-1]
                spans.append((first.offset, last.offset + len(last.value)))
                faithful &= all(
                    text[t.offset : t.offset + len(t.value)] == t.value for t in sentence
                )
        return Result(_trimmed(text, spans), faithful)

    return split


def _nupunkt() -> Callable[[str], Result] | None:
    try:
        import nupunkt
    except ImportError:
        return None

    def split(text: str) -> Result:
        found = list(nupunkt.sent_spans_with_text(text))
        spans = [(start, end) for _, (start, end) in found]
        faithful = all(text[start:end] == sentence for sentence, (start, end) in found)
        return Result(_trimmed(text, spans), faithful)

    return split


def splitters() -> dict[str, Callable[[str], Result]]:
    """The engine's splitter and each library splitter that is installed, by name."""
    found: dict[str, Callable[[str], Result]] = {"engine (bot.engine.text)": _engine}
    for name, make in (
        ("pysbd (char_span)", _pysbd),
        ("blingfire", _blingfire),
        ("syntok", _syntok),
        ("nupunkt", _nupunkt),
    ):
        split = make()
        if split is not None:
            found[name] = split
    return found


@dataclass(frozen=True, slots=True)
class Score:
    right: dict[str, int]  # exact cases per half
    total: dict[str, int]
    precision: float
    recall: float
    faithful: int
    failures: tuple[str, ...]
    chars_per_second: float


def score(split: Callable[[str], Result], cases: Sequence[Case]) -> Score:
    """How `split` does on `cases` (exact cases, boundary precision and recall, faithful
    spans) and its speed on a long text made of them."""
    right = dict.fromkeys(("dev", "heldout"), 0)
    total = dict.fromkeys(("dev", "heldout"), 0)
    true_positive = predicted = expected = faithful = 0
    failures = []
    for case in cases:
        text = case.text
        result = split(text)
        got = [text[s:e] for s, e in result.spans]
        total[case.half] += 1
        if got == list(case.sentences):
            right[case.half] += 1
        else:
            failures.append(case.id)
        ends = {end for _, end in result.spans[:-1]}
        true_positive += len(ends & case.boundaries())
        predicted += len(ends)
        expected += len(case.boundaries())
        faithful += result.faithful
    # Paragraph by paragraph, as the engine splits: the cases again and again.
    texts = [case.text for case in cases]
    rounds = SPEED_CHARS // sum(map(len, texts)) + 1
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            split(text)
    elapsed = time.perf_counter() - started
    return Score(
        right,
        total,
        true_positive / predicted if predicted else 1.0,
        true_positive / expected if expected else 1.0,
        faithful,
        tuple(failures),
        rounds * sum(map(len, texts)) / elapsed,
    )


def table(scores: dict[str, Score], cases: int) -> str:
    """The comparison as a Markdown table."""
    lines = [
        "| splitter | exact, dev half | exact, held-out half | boundary precision | "
        "boundary recall | spans faithful | speed (chars/s) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, found in scores.items():
        lines.append(
            f"| {name} | {found.right['dev']}/{found.total['dev']} | "
            f"{found.right['heldout']}/{found.total['heldout']} | {found.precision:.3f} | "
            f"{found.recall:.3f} | {found.faithful}/{cases} | {found.chars_per_second:,.0f} |"
        )
    return "\n".join(lines)


@click.command()
@click.option("--failures", is_flag=True, help="Also list the cases each splitter gets wrong.")
def main(failures: bool) -> None:
    """Compare the sentence splitters on the tricky cases and print the table."""
    cases = load_cases()
    scores = {name: score(split, cases) for name, split in splitters().items()}
    click.echo(table(scores, len(cases)))
    if failures:
        for name, found in scores.items():
            click.echo(f"\n{name}: {', '.join(found.failures) or 'none'}")


if __name__ == "__main__":
    main()
