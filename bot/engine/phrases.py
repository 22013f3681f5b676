"""Runs of a question's words that stand for one thing: a hyphenated name, and a long form
that a document abbreviates.

`compounds`: "park-and-ride" is one group of the question, covered by a passage that holds
every part, not by one that only mentions a park.

`Acronyms`: a text defines a short form once ("Student Body Wage Review Committee (SBWRC)", "the
maneuvering characteristics augmentation system (MCAS)") and uses it from then on, while a
reader asks in the long form ("what did the wage review committee decide?"): the passages that
answer hold "SBWRC", not the question's words. For each run of a question's content words, the
short form their initials would make ("honor council" -> "hc") is looked up in the scope's
index; where some passage of the scope holds it, a passage holding it beside every word of
the run is read for a definition (the Schwartz-Hearst algorithm: "long form (SF)", the short
form's letters found in order in the words before it, its first at a word's start), and only a
definition whose words are the run's makes the short form a stand-in.

Nothing is read at ingest or at load: a question pays for the runs whose initials the scope's
corpus uses (a dictionary lookup each) and, the first time for a scope, for the definition
check of those (a few passages read); the answers are kept per scope and run.

Source: A. S. Schwartz and M. A. Hearst, "A simple algorithm for identifying abbreviation
definitions in biomedical text", Pacific Symposium on Biocomputing 8:451-462 (2003): its
`findBestLongForm` and its window of min(|SF| + 5, 2 |SF|) words. Written here rather than
taken from PyPI's `abbreviations` (0.2.5, 2019, the one packaged implementation): importing it
calls `logging.basicConfig` at INFO, which would reconfigure the bot's logging, and the
project needs only the check of one given pair.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from bot.engine.collection import Collection
from bot.engine.index import PassageIndex, Statistics
from bot.engine.text import Analyser, Token

# A hyphenated name: words joined by hyphens.
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")

# A short form in parentheses: 2-10 characters, a letter or digit first ("(HC)", "(P/N)").
_IN_PARENTHESES = re.compile(r"\(\s*([^\W_][^\s()]{1,9})\s*\)")

# Runs of two to this many content words are tried (the longest definitions in the real
# articles, "European Union Aviation Safety Agency", run to five).
LONGEST_RUN = 6
# Passages read for a definition of one short form (those holding it and the run's words).
PASSAGES_READ = 20
# Answers kept per instance: (scope, run) pairs, cleared when full.
KEPT = 4096


def compounds(
    question: str,
    tokens: Sequence[Token],
    content: list[frozenset[str]],
    index: PassageIndex,
    stats: Statistics,
) -> list[frozenset[str]]:
    """`content` (the question's groups, one a word) with the words of each hyphenated name of
    `question` made one group of one compound term (its stems sorted, joined by spaces), where
    it has two or more such words and the scope (`stats`) uses every one."""
    for match in _HYPHENATED.finditer(question):
        parts = {t.stem for t in tokens if match.start() <= t.start < match.end()}
        groups = [g for g in content if g == frozenset({next(iter(g))}) and g <= parts]
        if len(groups) < 2 or not all(index.document_frequency(t, stats) for t in parts):
            continue
        compound = frozenset({" ".join(sorted(next(iter(g)) for g in groups))})
        first = content.index(groups[0])
        content = [g for g in content if g not in groups]
        content.insert(first, compound)
    return content


class Acronyms:
    """The short forms a scope's documents define for runs of a question's words.

    `collection` is the corpus (its index, passages and scope masks); `analyser` turns a short
    form and a definition into terms as the index holds them.
    """

    def __init__(self, collection: Collection, analyser: Analyser) -> None:
        self.collection = collection
        self.analyser = analyser
        self._found: dict[tuple[str, tuple[str, ...], str], bool] = {}

    def stand_ins(self, question: str, tokens: Sequence[Token], scope: str) -> dict[str, str]:
        """Each content word (stem) of a run of `tokens` that the scope's documents abbreviate,
        with the short form's term: {"honor": "hc", "council": "hc"} where a passage defines
        "Honor Council (HC)". Runs are of 2 to `LONGEST_RUN` adjacent content words of
        `question` (stop words between them allowed, as in "Freedom of Information Act");
        longer runs are tried first and a word takes the first short form found."""
        stats = self.collection.statistics(scope)
        index = self.collection.index
        view = self.collection.view_of(scope)
        found: dict[str, str] = {}
        for length in range(min(LONGEST_RUN, len(tokens)), 1, -1):
            for first in range(len(tokens) - length + 1):
                run = tokens[first : first + length]
                if any(token.stem in found for token in run):
                    continue
                for short in self._candidates(question, run):
                    if not index.document_frequency(short, stats):
                        continue
                    stems = tuple(token.stem for token in run)
                    key = (view, stems, short)
                    defined = self._found.get(key)
                    if defined is None:
                        defined = self._defined(short, stems, scope)
                        if len(self._found) >= KEPT:
                            self._found.clear()
                        self._found[key] = defined
                    if defined:
                        found.update((stem, short) for stem in stems)
                        break
        return found

    def _candidates(self, question: str, run: Sequence[Token]) -> list[str]:
        """The terms of the short forms a run's initials make: of its content words, and of
        every word of its span (stop words too, "Freedom of Information Act" -> "FOIA")."""
        content = "".join(question[token.start] for token in run)
        every = "".join(
            word[0] for word in question[run[0].start : run[-1].end].replace("-", " ").split()
        )
        out: list[str] = []
        for initials in dict.fromkeys((content, every)):
            terms = self.analyser.terms(initials)
            if len(terms) == 1 and terms[0] not in out:
                out.append(terms[0])
        return out

    def _defined(self, short: str, stems: tuple[str, ...], scope: str) -> bool:
        """Whether a passage of the scope holding the short form and every word of the run
        defines the one as the other (Schwartz-Hearst on its text)."""
        index = self.collection.index
        stats = self.collection.statistics(scope)
        positions, _ = index.postings(short, stats)
        for stem in dict.fromkeys(stems):
            held, _ = index.postings(stem, stats)
            positions = np.intersect1d(positions, held, assume_unique=True)
            if not len(positions):
                return False
        wanted = set(stems)
        for position in positions[:PASSAGES_READ]:
            text = self.collection.passages[int(position)].text
            for match in _IN_PARENTHESES.finditer(text):
                abbreviation = match.group(1)
                if self.analyser.terms(abbreviation) != [short]:
                    continue
                definition = long_form(abbreviation, text[: match.start()])
                if definition is not None and set(self.analyser.terms(definition)) == wanted:
                    return True
        return False


def long_form(short: str, before: str) -> str | None:
    """The definition of `short` that ends `before` (the text up to the short form's opening
    parenthesis), by Schwartz and Hearst's `findBestLongForm`: the short form's letters and
    digits matched from its last to its first in the text's last min(len + 5, 2 len) words,
    backwards, the first one at the start of a word; None when they are not all found."""
    letters = [char for char in short.lower() if char.isalnum()]
    if not letters:
        return None
    words = before.split()
    window = " ".join(words[-min(len(short) + 5, 2 * len(short)) :])
    text = window.lower()
    at = len(text) - 1
    for number in range(len(letters) - 1, -1, -1):
        char = letters[number]
        while at >= 0 and (text[at] != char or (number == 0 and at > 0 and text[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return None
        at -= 1
    return window[at + 1 :].strip() or None
