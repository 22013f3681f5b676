"""Query + scope -> ranked passages, with how much of the question each covers.

BM25 ranks the passages that share a term with the query; a passage must cover enough of the
question's weight (idf) to be ranked at all, and passages in the voice, document, speaker or
debate side the question names come first. Near-duplicates are folded into the passage above
them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from bot.engine.answer_kind import (
    kinds_in,
    question_words,
)
from bot.engine.collection import Collection
from bot.engine.coverage import (
    COVERAGE_PRUNE_MIN_GROUPS,
    essential_groups,
    group_held,
    group_weight,
    may_cover,
)
from bot.engine.evidence import SentenceKind
from bot.engine.intents import defines
from bot.engine.labels import label_terms
from bot.engine.parts import asked_parts, parts_in_order
from bot.engine.question import REPORTING_WORDS, RESPONSE_WORDS, Focus, Query
from bot.engine.ranking import Ranking, Scored, best_first
from bot.engine.references import asks_for_references
from bot.engine.signals import SignalReader
from bot.engine.text import normalise, quoted_spans
from bot.engine.tuning import (
    CITING_SENTENCE_WEIGHT,
    DEFINITION_BOOST,
    DOCUMENT_PRIOR_WEIGHT,
    DUPLICATE_OVERLAP,
    EVIDENCE_BOOST,
    FOCUSED_STRONG_COVERAGE,
    KIND_BOOST,
    KIND_DEPTH,
    PROXIMITY_DEPTH,
    PROXIMITY_MAX_GROUPS,
    PROXIMITY_WEIGHT,
    SPEAKER_OUTSCORED,
    SPEECH_HEAD,
    STAND_IN_FACTOR,
    STRONG_COVERAGE,
    STRONG_SCORE_SHARE,
    TAGGED_CANDIDATES,
    WANTED_SENTENCE_WEIGHT,
    AnswerSettings,
)
from bot.engine.windows import best_window_share, sentence_windows, window_shares

if TYPE_CHECKING:
    from bot.engine.semantic import Paraphrases


_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|none|nobody|nothing|neither|nowhere|without|cannot)\b|n't\b"
)


# Words asking for someone's view, beside the reporting and response words (`_asks_words`).
_VIEW_WORDS = (
    "explain explains explained describe describes described feel feels felt view views opinion "
    "position stance mean means meant admit admits admitted concede concedes conceded react "
    "reacts reacted recommend recommends recommended"
).split()


def negations(text: str) -> set[str]:
    """The negating words of a text ("not", "never", "n't"), which the analyser drops as stop
    words but which reverse what a sentence says."""
    return {f"\x00{match.group()}" for match in _NEGATION.finditer(normalise(text))}


def _focus_key(
    later: np.ndarray,
    undefined: np.ndarray,
    weak: np.ndarray,
    quoting: np.ndarray,
    other_speaker: np.ndarray,
    out_of_focus: np.ndarray,
) -> np.ndarray:
    """The focus sort keys (bool arrays; `quoting` int8 of 0-2; all of one shape) packed into
    one small integer of that shape, int16 from 0 to 95, ordering as
    `np.lexsort((later, undefined, weak, quoting, other_speaker, out_of_focus))` does."""
    key = out_of_focus.astype(np.int16) * 2 + other_speaker
    packed: np.ndarray = (((key * 3 + quoting) * 2 + weak) * 2 + undefined) * 2 + later
    return packed


def _outscored(other: np.ndarray, outside: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The other-speaker sort key (`other`, bool per candidate) less the passages scoring at
    least SPEAKER_OUTSCORED times the best of the named speaker's in focus (`outside` False,
    `other` False): those rank among the speaker's turns, by score. Unchanged when the speaker
    has no candidate."""
    own = scores[~other & ~outside]
    if not len(own) or not other.any():
        return other
    kept: np.ndarray = other & (scores < SPEAKER_OUTSCORED * float(own.max()))
    return kept


class Ranker:
    """Ranks a collection's passages for queries, with the coverage and score thresholds of
    `settings` (see `AnswerSettings`)."""

    def __init__(
        self,
        collection: Collection,
        settings: AnswerSettings,
        paraphrases: Paraphrases | None = None,
    ) -> None:
        self.collection = collection
        self.settings = settings
        self.paraphrases = paraphrases  # re-rank by meaning (bot/engine/semantic.py), optional
        self.signal_reader = SignalReader(collection)

    def rank(self, query: Query, doc_id: str | None = None) -> Ranking:
        """The passages of `query.scope` (of one document, with `doc_id`) that answer the query,
        best first with their scores and coverage (0-1); empty when none covers enough of it."""
        stats = self.collection.statistics(query.scope)
        allowed = self.collection.visible_mask(query.scope)
        if doc_id is not None:
            allowed = allowed & self.collection.document_mask({doc_id})
        entries = self.collection.reference_list_mask()
        if entries.any() and not asks_for_references(query.text):
            # A list of references' entries say where works appeared, no answer to what a text
            # says (`references`).
            allowed = allowed & ~entries
        focus = query.focus
        min_coverage = self.settings.min_coverage
        if focus.doc_ids:
            # The question named its documents: answers come from them or not at all.
            allowed = allowed & self.collection.document_mask(focus.doc_ids)
            min_coverage = self.settings.focused_min_coverage
        if focus.side is not None:
            # "What does the opposition say ...": that side's passages of any debate.
            spoken = self.collection.side_mask(focus.side)
            if focus.side_with_introduction:
                spoken = spoken | self.collection.side_mask(None)  # and the introduction
            allowed = allowed & spoken
            min_coverage = self.settings.focused_min_coverage
        labelled = asked_parts(self.collection, query, allowed)
        if labelled is not None:
            # "What does recommendation 3 say?", "what is the essay's main argument?": the
            # passages that are that part, and no other.
            allowed = np.zeros_like(allowed)
            allowed[labelled] = True
            # Among them the label's words ("table", "2") tell none apart: the rest rank them.
            named = {
                t for label in query.labels for t in label_terms(label, self.collection.analyser)
            }
            rest = [group for group in query.content if not group <= named]
            if query.labels and rest:
                query = dataclasses.replace(
                    query, terms=[t for t in query.terms if t not in named], content=rest
                )
        if not query.content and query.wants:
            return self._wanted_passages(query, allowed)
        if not query.content and focus.speaker is not None:
            # "What did Mayor Hollis say?": no topic, so the speaker's turns, in order.
            return self._turns_of(focus.speaker, allowed)
        index = self.collection.index
        groups = query.content or [frozenset({term}) for term in query.terms]
        # A group weighs what the question's own word weighs (a rare or unseen word, a lot).
        weights = [self._group_weight(group, query.scope) for group in groups]
        unseen = sum(
            weight
            for group, weight in zip(groups, weights, strict=True)
            if not any(index.document_frequency(t, stats) for term in group for t in term.split())
        )
        # Only a passage holding a word of an "essential" group can cover enough of the question:
        # the groups left out, the lightest, weigh less than the coverage needed together. So
        # candidates come from the rarest words' (short) postings, and the common words of a
        # long question are looked up at those candidates only (the scores are the same).
        essential = essential_groups(groups, weights, min_coverage)
        positions = index.candidates(
            [part for group in essential for term in group for part in term.split()[:1]], stats
        )
        if len(positions):
            positions = positions[allowed[positions]]
        if not len(positions) and not query.content and focus.side is not None:
            # "What does the opposition argue?" where no passage of that side holds the word:
            # the side's passages (a case file's), in order, as a speaker's turns are.
            return self._in_order(allowed)
        if len(groups) >= COVERAGE_PRUNE_MIN_GROUPS:
            # A long question (a pasted paragraph): only the few candidates that can cover
            # enough of it are looked up and scored below; every number is computed candidate by
            # candidate, so those kept are the same, with the same scores.
            positions = may_cover(index, positions, groups, weights, min_coverage)
        # Each word looked up at the candidates once, for the scores and the coverage.
        looked_up = {
            term: index.at(term, positions)
            for term in dict.fromkeys(
                [
                    *query.terms,
                    *query.weighted,
                    *(p for g in (*groups, *query.must) for t in g for p in t.split()),
                ]
            )
        }
        raw_scores = index.scores_at(query.terms, positions, query.weighted, stats, looked_up)
        for short, words in query.short_forms.items():
            # "HC" where a document defines it as "Honor Council" scores what the words would
            # (its BM25 weight scaled by their idf over its own); a passage holding both scores
            # for the one it scores more on, not for both (the passage defining a short form is
            # not the answer to every question about what it names).
            scale = sum(index.idf(word, stats) for word in words) / index.idf(short, stats)
            raw_scores += np.maximum(
                0.0,
                scale * index.scores_at([short], positions, None, stats, looked_up)
                - index.scores_at(words, positions, None, stats, looked_up),
            )
        # The most the question's terms could score: each at its idf times rank-bm25's (k1 + 1).
        possible = sum(index.idf(t, stats) for t in dict.fromkeys(query.terms)) * (
            index.parameters.k1 + 1
        )
        # Coverage of every candidate at once, from the postings: no per-passage set.
        covered = np.zeros(len(positions))
        for group, weight in zip(groups, weights, strict=True):
            # A stand-in for a word the corpus does use covers it only in part.
            stand_ins = group & query.weighted.keys()
            own = group_held(group - stand_ins, looked_up, len(positions))
            if stand_ins:
                other = group_held(stand_ins, looked_up, len(positions)) & ~own
                covered += weight * STAND_IN_FACTOR * other
            covered += weight * own
        coverage = covered / sum(weights)
        keep = (coverage >= min_coverage) & (raw_scores >= self.settings.min_score)
        for group in query.must:  # what "how many" counts
            keep &= group_held(group, looked_up, len(positions))
        kept = np.flatnonzero(keep)  # by number: three arrays read at them
        positions, raw_scores, coverage = positions[kept], raw_scores[kept], coverage[kept]
        # Best first; equal scores keep corpus order (a stable sort). Only the first ones, which
        # the boosts below read, are sorted; the rest stay in corpus order (see `best_first`).
        boosted = max(
            TAGGED_CANDIDATES,
            PROXIMITY_DEPTH,
            self.paraphrases.candidates if self.paraphrases is not None else 0,
        )
        arranged = best_first(raw_scores, boosted)
        positions, raw_scores, coverage = (
            positions[arranged],
            raw_scores[arranged],
            coverage[arranged],
        )
        tagged = query.required or query.wants or focus.person
        scores = raw_scores.copy()
        if (
            not focus.doc_ids
            and doc_id is None
            and DOCUMENT_PRIOR_WEIGHT > 0
            and len(groups) < PROXIMITY_MAX_GROUPS
        ):
            # The words that say which document is meant count beyond the passage holding them.
            # Typed questions only, as the proximity boost: a pasted paragraph's dozens of
            # words, common ones among them, would have every posting read (twice the time at
            # 100k passages) to weigh documents its rare words pick out anyway.
            scores *= self.collection.document_prior.factors(
                query.terms, stats, positions, DOCUMENT_PRIOR_WEIGHT
            )
        if tagged:
            # Sentence tags cost a millisecond a passage on first use; far down the list no
            # boost would lift a passage into the answer, so only the first ones are tagged
            # ("how many ...?" stops there: the rest are not known to hold a figure).
            head = min(len(positions), TAGGED_CANDIDATES)
            keep = np.ones(len(positions), dtype=bool)
            if query.required:
                keep[head:] = False
            for rank in range(head):
                passage = self.collection.passages[int(positions[rank])]
                if not query.required and not query.wants:
                    # Only the person counts: found without tagging passages that cannot
                    # report them.
                    if focus.person and self.collection.reports(passage, focus.person):
                        scores[rank] *= EVIDENCE_BOOST
                    continue
                tags = self.collection.sentence_tags(passage)
                if query.required and not any(query.required.intersection(t.kinds) for t in tags):
                    keep[rank] = False  # "how many ...?" and the passage gives no figure
                    continue
                if query.wants and any(query.wants.intersection(t.kinds) for t in tags):
                    scores[rank] *= EVIDENCE_BOOST
                if focus.person and any(t.reports == focus.person for t in tags):
                    # "What did Pompeo claim?" wants the passages that report Pompeo's words.
                    scores[rank] *= EVIDENCE_BOOST
            positions, scores, coverage = positions[keep], scores[keep], coverage[keep]
            raw_scores = raw_scores[keep]  # the scores before any boost, still aligned
        if query.expects and KIND_BOOST != 1.0:
            # "How much did it cost?": of the first candidates, those whose sentences holding
            # the question's words (the best window, as the abstention model reads it) hold a
            # sum of money.
            scores = self._kind_held(query, positions, scores, groups, weights)
        # "What is a minimum wage?": of the first candidates, those that say what one is come
        # first (before others that cover as much of the question).
        undefined = np.full(len(positions), bool(query.defines))
        if query.defines:
            for rank in range(min(len(positions), TAGGED_CANDIDATES)):
                passage = self.collection.passages[int(positions[rank])]
                text = passage.text
                if any(
                    defines(text[start:end], query.defines, self.collection.analyser)
                    for start, end in passage.sentences
                ):
                    scores[rank] *= DEFINITION_BOOST
                    undefined[rank] = False
        if not len(positions) and query.wants and not query.required and focus.doc_ids:
            # "What proof does the ambassador offer?": no passage shares its words, but the
            # named document's evidence answers it.
            return self._wanted_passages(query, allowed)
        if self.paraphrases is not None and query.text and len(positions):
            # The semantic stage: the first candidates re-ordered by meaning as well as words.
            scores = self.paraphrases.rerank(query.text, positions, scores)
        # Passages in the voice, then of the speaker, the question names first; then by score;
        # then by BM25 score before any boost, equal ones in corpus order: the order a stable
        # sort of the fully sorted candidates by the focus keys and the score would give.
        out_of_focus, other_speaker = self._focus_arrays(positions, focus)
        later = self._later_mentions(positions, query.introduces)
        quoting = self._quoting(positions, query.sourced)
        # A passage covering little of the question is kept for when nothing covers more (the
        # abstention model judges it), never above one that covers enough.
        strong = (
            STRONG_COVERAGE
            if min_coverage == self.settings.min_coverage
            else (FOCUSED_STRONG_COVERAGE)
        )
        weak = coverage < strong
        if len(raw_scores) and STRONG_SCORE_SHARE > 0:
            # A passage covering many of the question's common words, each a little, is not
            # strong beside one that scores several times more on its rare ones.
            weak |= scores < STRONG_SCORE_SHARE * float(scores.max())
        if len(groups) < PROXIMITY_MAX_GROUPS:
            scores = self._near_together(positions, scores, groups, weights)
        if focus.speaker is not None and not self._asks_words(query):
            # "How many voters has Wrenfield's team tracked?" names the speaker without asking
            # for their words: a passage answering far better is not buried below their turns.
            other_speaker = _outscored(other_speaker, out_of_focus, scores)
        ranking = Ranking(
            self.collection.passages,
            positions,
            scores,
            coverage,
            order_by=(
                _focus_key(later, undefined, weak, quoting, other_speaker, out_of_focus),
                -scores,
                -raw_scores,
            ),
        )
        if labelled is not None:
            # The part asked for answers whatever else the question says; where none of it holds
            # enough of the question's words, the parts are ranked by what they hold of them.
            return (
                ranking if len(ranking) else parts_in_order(self.collection, query, labelled, stats)
            )
        if len(ranking):
            best = ranking.at(0)
            ranking.signals = self.signal_reader.signals(
                query,
                groups,
                weights,
                unseen,
                int(positions[best]),
                float(raw_scores[best]),
                possible,
                float(coverage[best]),
                [ranking[i].passage for i in range(min(SPEECH_HEAD, len(ranking)))],
            )
        return ranking

    def _near_together(
        self,
        positions: np.ndarray,
        scores: np.ndarray,
        groups: Sequence[frozenset[str]],
        weights: Sequence[float],
    ) -> np.ndarray:
        """`scores` (aligned with `positions`, best first by BM25) with the first
        PROXIMITY_DEPTH multiplied by 1 + PROXIMITY_WEIGHT x the share of the question's weight
        that one or two adjacent sentences of the passage hold: a passage whose sentence answers
        the question beats one that holds its words a paragraph apart (term proximity, as in
        Büttcher, Clarke and Lushman, "Term proximity scoring for ad-hoc retrieval on very large
        text collections", SIGIR 2006; here at the grain of sentences). A new array."""
        boosted = scores.copy()
        # Only the question's words are looked for: words of other first letters are skipped
        # before they are stemmed (see `Analyser.sentence_terms`).
        initials = frozenset(part[0] for group in groups for term in group for part in term.split())
        compound = any(" " in term for group in groups for term in group)
        total = sum(weights)
        for rank in range(min(len(positions), PROXIMITY_DEPTH)):
            position = int(positions[rank])
            cut = (
                None
                if compound or not total
                else self.collection.sentence_terms(self.collection.passages[position], position)
            )
            if cut is None:
                windows, _ = sentence_windows(self.collection, position, initials)
                share, _, _ = window_shares(windows, groups, weights, [], [])
            else:
                share = best_window_share(cut, groups, weights, total)
            boosted[rank] *= 1 + PROXIMITY_WEIGHT * share
        return boosted

    def _kind_held(
        self,
        query: Query,
        positions: np.ndarray,
        scores: np.ndarray,
        groups: Sequence[frozenset[str]],
        weights: Sequence[float],
    ) -> np.ndarray:
        """`scores` (aligned with `positions`) with each of the first KIND_DEPTH multiplied by
        KIND_BOOST where the passage's best window (the sentence or two holding most of the
        question's weight, `windows.window_shares`) holds a kind of answer the question asks for
        (`Query.expects`: a sum, a date, a figure). A new array."""
        boosted = scores.copy()
        known = question_words(query.text)
        for rank in range(min(len(positions), KIND_DEPTH)):
            position = int(positions[rank])
            windows, spans = sentence_windows(self.collection, position)
            _, _, window = window_shares(windows, groups, weights, [], [])
            if window < 0:
                continue
            text = self.collection.passages[position].text
            held = " ".join(text[start:end] for start, end in spans[window])
            if query.expects & kinds_in(held, known):
                boosted[rank] *= KIND_BOOST
        return boosted

    def _quoting(self, positions: np.ndarray, phrases: Sequence[str]) -> np.ndarray:
        """Sort key for "who said 'X'?": 0 for a passage using a phrase in its own words, 1 for
        one holding them only inside quotation marks (it reports whoever said them, and says who
        that is: "'We had to force them,' said Janessa Robinson"), 2 for one without the
        phrases. Only the first TAGGED_CANDIDATES passages are read (the rest: 2)."""
        if not phrases:
            return np.ones(len(positions), dtype=np.int8)
        key = np.full(len(positions), 2, dtype=np.int8)
        for rank in range(min(len(positions), TAGGED_CANDIDATES)):
            text = normalise(self.collection.passages[int(positions[rank])].text)
            quoted = quoted_spans(text)
            uses = [
                (m.start(), m.end())
                for phrase in phrases
                for m in re.finditer(re.escape(phrase), text)
            ]
            if uses:
                inside = all(any(s <= a and b <= e for s, e in quoted) for a, b in uses)
                key[rank] = 1 if inside else 0
        return key

    def _asks_words(self, query: Query) -> bool:
        """Whether the question asks for someone's words or evidence: a reporting word ("say",
        "tell", "think": `question.REPORTING_WORDS`), a response word ("how did the guest
        answer the objection": `question.RESPONSE_WORDS`), a word for a view ("explain",
        "opinion") or an evidence word ("cite", "study")."""
        analyser = self.collection.analyser
        words = (*REPORTING_WORDS, *RESPONSE_WORDS.split(), *_VIEW_WORDS)
        asking = {analyser.stem(word) for word in words}
        return query.wants_evidence or not asking.isdisjoint(analyser.terms(query.text))

    def _focus_arrays(self, positions: np.ndarray, focus: Focus) -> tuple[np.ndarray, np.ndarray]:
        """Sort keys for passages at `positions`: outside the documents or voice the question
        names; of another speaker than the one it names (first False, then True)."""
        outside = np.zeros(len(positions), dtype=bool)
        if focus.doc_ids:
            outside |= ~self.collection.document_mask(focus.doc_ids)[positions]
        if focus.voice is not None:
            outside |= self.collection.voices[positions] != self.collection.voice_codes[focus.voice]
        other = np.zeros(len(positions), dtype=bool)
        if focus.speaker is not None:
            codes, code_of = self.collection.speaker_codes()
            other = codes[positions] != code_of.get(focus.speaker, -1)
        return outside, other

    def _later_mentions(self, positions: np.ndarray, name: tuple[str, ...]) -> np.ndarray:
        """For "who is X?": True for a passage that is not the first of its document to hold
        every word of the name (the first is where the text introduces X)."""
        later = np.zeros(len(positions), dtype=bool)
        if not name:
            return later
        collection = self.collection
        for i, position in enumerate(positions.tolist()):
            doc_id = collection.passages[position].doc_id
            first, _ = collection.document_span(doc_id)
            for earlier in range(first, position):
                if set(name) <= set(collection.passage_terms[earlier]):
                    later[i] = True
                    break
        return later

    def _turns_of(self, speaker: str, allowed: np.ndarray) -> Ranking:
        """The allowed passages `speaker` speaks (their turns), in corpus order, each as
        strong as the others (no judgement of whether they answer: they are what was asked)."""
        codes, code_of = self.collection.speaker_codes()
        return self._in_order(allowed & (codes == code_of.get(speaker, -1)))

    def _in_order(self, allowed: np.ndarray) -> Ranking:
        """The `allowed` passages in corpus order, each as strong as the others."""
        found = np.flatnonzero(allowed)
        ones = np.ones(len(found))
        return Ranking(self.collection.passages, found, ones, ones)

    def _wanted_passages(self, query: Query, allowed: np.ndarray) -> Ranking:
        """For "what evidence does X cite?": passages in focus with the sentences asked for."""
        positions: list[int] = []
        weights: list[float] = []
        for position in np.flatnonzero(allowed).tolist():
            tags = self.collection.sentence_tags(self.collection.passages[position])
            weight = sum(
                CITING_SENTENCE_WEIGHT if SentenceKind.SOURCE in t.kinds else WANTED_SENTENCE_WEIGHT
                for t in tags
                if query.wants.intersection(t.kinds)
            )
            if weight:
                positions.append(position)
                weights.append(weight)
        found, scores = np.array(positions, dtype=np.int64), np.array(weights)
        out_of_focus, other_speaker = self._focus_arrays(found, query.focus)
        order = np.lexsort((-scores, other_speaker, out_of_focus))
        return Ranking(self.collection.passages, found[order], scores[order], np.ones(len(order)))

    def merge_duplicates(
        self, ranked: Sequence[Scored], wanted: int
    ) -> tuple[list[tuple[Scored, tuple[str, ...]]], int]:
        """The first `wanted` distinct passages (near-duplicates folded into the one above
        them), and how many ranked passages that took.

        Only a passage of the same document or the same speaker is folded (a reply that repeats
        the op-ed's sentence to deny it is the other side's answer, not a copy), and negations
        count as words ("will raise" and "will not raise" differ).
        """
        kept: list[tuple[Scored, set[str], list[str]]] = []
        examined = 0
        for scored in ranked:
            if len(kept) >= wanted:
                break
            examined += 1
            passage = scored.passage
            words = set(self.collection.passage_terms[self.collection.position_of(passage.id)])
            words.update(negations(passage.text))
            for above, kept_words, also in kept:
                if above.passage.doc_id != passage.doc_id and above.passage.speaker != (
                    passage.speaker
                ):
                    continue
                union = words | kept_words
                if union and len(words & kept_words) / len(union) >= DUPLICATE_OVERLAP:
                    also.append(passage.id)
                    break
            else:
                kept.append((scored, words, []))
        return [(scored, tuple(also)) for scored, _, also in kept], examined

    def _group_weight(self, group: frozenset[str], scope: str) -> float:
        """What covering a group is worth: its rarest word, or all the parts of a compound."""
        return group_weight(group, self.collection.index, self.collection.statistics(scope))
