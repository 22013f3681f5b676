"""BM25 over passages, from an inverted index: each term's postings (passage, term frequency).

The formula is BM25 as rank-bm25's `BM25Okapi` computes it (Robertson and Zaragoza, "The
Probabilistic Relevance Framework: BM25 and Beyond", 2009), with the idf Lucene uses since 6.0,
`log(1 + (N - n + 0.5) / (n + 0.5))`: positive for every term, at one passage or a million, so
a passage holding a question word never scores zero or below on it, and a word in half the
passages still counts (BM25Okapi's own idf is 0 there and negative above; rank-bm25 floors
negatives at epsilon times the mean idf, which left corpora of one or two short articles
answering nothing). `bench/oracle.py` holds the reference: rank-bm25's BM25Okapi with this
idf, whose `get_scores` the scores here equal bit for bit (tests and benchmarks).

Statistics (N, the average length, each term's document frequency) are those of the passages
a scope sees (`Statistics`): a server's answers depend on the shared corpus and its own uploads
only, never on another server's. Only passages sharing a term with a query are touched.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from bot.engine.arrays import (
    IndexArrays,
    TermLists,
    encode_terms,
    index_arrays,
    narrowest_counts,
    term_extremes,
)
from bot.engine.lookups import FEW_PASSAGES, term_counts
from bot.engine.pruning import pruned_top
from bot.engine.splice import IndexParts, canonical_arrays, splice


class BM25Parameters(BaseModel):
    """BM25's term-frequency saturation `k1` and length normalisation `b` (rank-bm25's and
    Lucene's defaults). Settings: ANSWER__BM25__K1, ANSWER__BM25__B."""

    model_config = ConfigDict(frozen=True)

    k1: float = Field(default=1.5, gt=0, description="BM25 term-frequency saturation.")
    b: float = Field(default=0.75, ge=0, le=1, description="BM25 length normalisation.")


def bm25_idf(size: int, frequency: int) -> float:
    """Lucene's BM25 idf of a term in `frequency` of `size` passages: always above 0."""
    return math.log(1.0 + (size - frequency + 0.5) / (frequency + 0.5))


@dataclass(frozen=True, slots=True, eq=False)
class Statistics:
    """The BM25 statistics of the passages one scope sees: `mask` (None when it sees every
    passage of the index), their number and average length in terms. Document frequencies are
    counted over the mask on first use and kept here (the mask never changes)."""

    mask: np.ndarray | None
    size: int
    average_length: float
    frequencies: dict[str, int] = field(default_factory=dict)
    # Each passage's length part of the formula, k1 * (1 - b + b * length / average), made on
    # first use (float64, one a passage of the index).
    norms: list[np.ndarray] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage position in the index and its BM25 score."""

    position: int
    score: float


class PassageIndex:
    """BM25 over a fixed list of term lists (see the module's docstring for the formula)."""

    def __init__(
        self, passage_terms: Sequence[Sequence[str]], parameters: BM25Parameters | None = None
    ) -> None:
        ids: dict[str, int] = {}
        flat, lengths = encode_terms(passage_terms, ids)
        arrays = index_arrays(list(ids), flat, lengths, compact=False)
        self._load(arrays, parameters, ids)

    @classmethod
    def from_arrays(
        cls, arrays: IndexArrays, parameters: BM25Parameters | None = None
    ) -> PassageIndex:
        """The index `arrays` describe (as `arrays()` gave them), without re-reading the corpus.

        Raises ValueError if the arrays are inconsistent.
        """
        problem, terms = arrays.checked_terms()
        if problem or terms is None:
            raise ValueError(f"not a valid index: {problem}")
        index = cls.__new__(cls)
        index._load(arrays, parameters, None, terms)
        return index

    def arrays(self, *, packed: bool = False) -> IndexArrays:
        """The arrays this index is built from (see `from_arrays`); the term ids are unpacked
        from `terms` (32 MB at 100k passages), or with `packed` given as `terms` holds them
        (`pack_ids`, uint8: not a copy), and the frequencies widened back to int32 for each
        call. An index made by `spliced` numbers its terms otherwise inside: its arrays are
        renumbered here to those a build over the same passages makes, bit for bit, with the
        term ids unpacked whatever `packed` says (0.3-0.5 s at 100k passages, a block at a
        time: run it off the event loop)."""
        if not self._canonical:
            return canonical_arrays(self._parts())
        return dataclasses.replace(
            self._arrays,
            term_ids=self.terms.packed if packed else self.terms.all_ids(),
            frequencies=self._frequencies.astype(np.int32),
        )

    def lengths(self) -> np.ndarray:
        """Each passage's length in terms (int32), by position."""
        return self._lengths

    def term_numbers(self) -> Mapping[str, int]:
        """Each term's number inside this index: the ids `terms.ids` gives, numbered from 0
        without gaps in the mapping's order. For an index built or loaded from arrays, the
        term's position in `arrays().vocabulary`; one made by `spliced` also numbers terms no
        passage holds any more (they have no postings) and numbers new ones after the old."""
        return self._term_ids

    def spliced(self, pieces: Sequence[range | Sequence[Sequence[str]]]) -> PassageIndex:
        """The index of passages made of this one's and new ones, in the order of `pieces`: a
        `range` of this index's positions (kept, their term ids and postings reused), or new
        passages' terms in order. This index's passages in no range are dropped; the ranges
        must be ascending and disjoint (ValueError otherwise: the postings stay in order only
        if the kept passages do).

        Searching it gives what an index built over the same passages' terms gives, bit for
        bit, and `arrays()` returns that index's arrays; only the numbering inside differs
        (the kept terms keep their numbers, new terms are numbered after them), so the term
        ids of kept passages are never renumbered or repacked. The work is proportional to
        the postings (copied with their positions moved, a block at a time: each C call stays
        a few milliseconds at 100k passages) plus the new and dropped passages' terms.
        This index is not changed.
        """
        parts = splice(self._parts(), pieces)
        index = PassageIndex.__new__(PassageIndex)
        index.parameters = self.parameters
        index.size = len(parts.lengths)
        index._canonical = False
        index._term_ids = parts.numbers
        index.terms = parts.terms
        empty = np.zeros(0, dtype=np.int32)
        index._arrays = IndexArrays(
            parts.terms.vocabulary,
            empty,
            parts.lengths,
            parts.document_frequency,
            parts.positions,
            empty,
        )
        index._document_frequency = parts.document_frequency
        index._positions = parts.positions
        index._frequencies = parts.frequencies
        index._lengths = parts.lengths
        index._starts = parts.starts
        index._most_often, index._shortest = parts.most_often, parts.shortest
        index._everything = index.statistics(None)
        return index

    def _parts(self) -> IndexParts:
        """The arrays this index searches with, for `splice` and `canonical_arrays`."""
        return IndexParts(
            numbers=self._term_ids,
            terms=self.terms,
            lengths=self._lengths,
            document_frequency=self._document_frequency,
            starts=self._starts,
            positions=self._positions,
            frequencies=self._frequencies,
            most_often=self._most_often,
            shortest=self._shortest,
        )

    def _load(
        self,
        arrays: IndexArrays,
        parameters: BM25Parameters | None,
        ids: dict[str, int] | None,
        terms: TermLists | None = None,
    ) -> None:
        """Take `arrays` (checked) as this index's; `ids`, the vocabulary's numbers when the
        caller has them, and `terms`, the term lists when it made them
        (`IndexArrays.checked_terms`)."""
        self.parameters = parameters or BM25Parameters()
        self.size = len(arrays.lengths)
        self._term_ids = ids if ids is not None else {t: n for n, t in enumerate(arrays.vocabulary)}
        if terms is not None:
            self.terms = terms
        elif arrays.packed:
            self.terms = TermLists.from_packed(arrays.vocabulary, arrays.term_ids, arrays.lengths)
        else:
            self.terms = TermLists(arrays.vocabulary, arrays.term_ids, arrays.lengths)
        # The term ids are held packed in `terms` only, the frequencies as the narrowest
        # unsigned ints that hold them (uint8, but for a term 256 times in one passage): both
        # are widened back by `arrays`. Frequencies are only ever read as float64 weights.
        # Unsigned ones are taken as they are (a stored index keeps them narrow: index format
        # 3), with no pass to narrow them (two over 258 MB of int32 at 1M passages).
        empty = np.zeros(0, dtype=np.int32)
        self._arrays = dataclasses.replace(arrays, term_ids=empty, frequencies=empty)
        self._canonical = True  # numbered as `arrays()` gives them (see `spliced`)
        self._document_frequency = arrays.document_frequency
        self._positions = arrays.positions
        frequencies = arrays.frequencies
        if frequencies.dtype.kind != "u" or not frequencies.dtype.isnative:
            frequencies = narrowest_counts(frequencies)
        self._frequencies = frequencies
        self._lengths = arrays.lengths
        self._starts = np.zeros(len(arrays.vocabulary) + 1, dtype=np.int64)
        np.cumsum(arrays.document_frequency, out=self._starts[1:])
        self._most_often, self._shortest = term_extremes(arrays, self._frequencies, self._starts)
        self._everything = self.statistics(None)

    def upper_bound(self, term: str, statistics: Statistics | None = None) -> float:
        """At least the BM25 weight of `term` in any passage `statistics` describes: its idf
        times (k1 + 1) f / (f + norm) at the term's largest frequency f and the norm of the
        shortest passage holding it (the weight grows with f and shrinks with the length).
        0 for a term no passage holds."""
        stats = statistics or self._everything
        number = self._term_ids.get(term)
        if number is None or not self.document_frequency(term, stats):
            return 0.0
        k1, b = self.parameters.k1, self.parameters.b
        most = float(self._most_often[number])
        norm = k1 * (1 - b + b * float(self._shortest[number]) / (stats.average_length or 1.0))
        return self.idf(term, stats) * (k1 + 1) * most / (most + norm)

    def _span(self, term: str) -> slice | None:
        """Where a term's postings lie in the flat arrays."""
        number = self._term_ids.get(term)
        if number is None:
            return None
        start, stop = int(self._starts[number]), int(self._starts[number + 1])
        # A term of a spliced index that no passage holds any more has no postings: unseen.
        return slice(start, stop) if stop > start else None

    # --- statistics ---------------------------------------------------------------------------

    def statistics(self, mask: np.ndarray | None) -> Statistics:
        """The statistics of the passages `mask` (a boolean array over positions) keeps, or of
        every passage when it is None or keeps them all."""
        lengths = self._lengths.astype(np.int64)
        if mask is None or bool(mask.all()):
            size, total, mask = self.size, int(lengths.sum()), None
        else:
            size, total = int(np.count_nonzero(mask)), int(lengths[mask].sum())
        return Statistics(mask, size, total / size if size else 0.0)

    def document_frequency(self, term: str, statistics: Statistics | None = None) -> int:
        """How many of the passages `statistics` describes (default: all) hold `term`."""
        stats = statistics or self._everything
        found = stats.frequencies.get(term)
        if found is None:
            span = self._span(term)
            if span is None:
                found = 0
            elif stats.mask is None:
                found = span.stop - span.start
            else:
                found = int(np.count_nonzero(stats.mask[self._positions[span]]))
            stats.frequencies[term] = found
        return found

    def idf(self, term: str, statistics: Statistics | None = None) -> float:
        """The term's idf among the passages `statistics` describes (see `bm25_idf`); also what
        covering the term is worth when coverage is weighed. Largest for an unseen term."""
        stats = statistics or self._everything
        return bm25_idf(stats.size, self.document_frequency(term, stats))

    def idf_of_unseen(self, statistics: Statistics | None = None) -> float:
        """The largest idf a term can have: that of a term no passage contains."""
        return bm25_idf((statistics or self._everything).size, 0)

    # --- scoring ------------------------------------------------------------------------------

    def postings(
        self, term: str, statistics: Statistics | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The passages (positions, ascending) among those `statistics` describes that hold
        `term`, and the term's BM25 score in each (float64)."""
        stats = statistics or self._everything
        positions, tf = self.term_frequencies(term, stats)
        if not len(positions):
            return positions, np.zeros(0)
        return positions, self.term_weights(term, tf, positions, stats)

    def term_weights(
        self, term: str, frequencies: np.ndarray, positions: np.ndarray, stats: Statistics
    ) -> np.ndarray:
        """`term`'s BM25 weight (float64) in the passages at `positions`, which hold it
        `frequencies` times each, among the passages `stats` describes."""
        frequency = frequencies.astype(np.float64)  # small counts: exact as floats
        # rank-bm25's expression, operation for operation, so the numbers are its own: its
        # length part is the same number whether made a passage at a time or all at once.
        norms = self.norms(stats)[positions]
        weights: np.ndarray = self.idf(term, stats) * (
            frequency * (self.parameters.k1 + 1) / (frequency + norms)
        )
        return weights

    def term_frequencies(
        self, term: str, statistics: Statistics | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The passages (positions, ascending) among those `statistics` describes that hold
        `term`, and how often each holds it (unsigned ints)."""
        stats = statistics or self._everything
        span = self._span(term)
        if span is None:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint8)
        positions, tf = self._positions[span], self._frequencies[span]
        if stats.mask is not None:
            keep = stats.mask[positions]
            positions, tf = positions[keep], tf[keep]
        return positions, tf

    def norms(self, stats: Statistics) -> np.ndarray:
        """k1 * (1 - b + b * length / average length) of every passage (float64, by position),
        for `stats`: BM25's length part. Made on first use and kept in `stats`; not a copy."""
        if not stats.norms:
            k1, b = self.parameters.k1, self.parameters.b
            lengths = self._lengths.astype(np.float64)
            average = stats.average_length or 1.0  # no passage has a term: nothing to weigh
            stats.norms.append(k1 * (1 - b + b * lengths / average))
        return stats.norms[0]

    def at(self, term: str, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of `positions` (ascending) hold `term`, as a boolean array aligned with them,
        and the term's frequency in each that does (unsigned ints, as narrow as the index holds
        them: see `narrowest_counts`): by binary search in the term's postings when they are
        long beside `positions`, else by marking them (whichever touches less)."""
        span = self._span(term)
        if span is None or not len(positions):
            return np.zeros(len(positions), dtype=bool), np.zeros(0, dtype=np.int32)
        postings = self._positions[span]
        frequencies = self._frequencies[span]
        if len(postings) > 8 * len(positions):
            # The positions in the postings' own type: searching int64 values in int32 postings
            # would copy the whole postings to int64 first (most of the time of a search for a
            # few candidates in a common word's postings). Positions fit: they index the passages.
            found = np.searchsorted(postings, positions.astype(postings.dtype, copy=False))
            # One past the last posting: compared with the last instead (never equal: it is less).
            found[found == len(postings)] = len(postings) - 1
            hit = postings[found] == positions
            return hit, frequencies[found[hit]]
        slot = np.zeros(self.size, dtype=np.int32)  # 1 + the posting's index, 0 for none
        slot[postings] = np.arange(1, len(postings) + 1, dtype=np.int32)
        at = slot[positions]
        hit = at > 0
        return hit, frequencies[at[hit] - 1]

    def _counts(self, held: Sequence[str], positions: np.ndarray) -> np.ndarray:
        """How often each passage at `positions` holds each of the `held` terms (each with
        postings): int64, one row a term."""
        numbers = np.fromiter(map(self._term_ids.__getitem__, held), np.int64, len(held))
        return term_counts(self.terms, positions, numbers)

    def scores_at(
        self,
        query_terms: Sequence[str],
        positions: np.ndarray,
        weighted: Mapping[str, float] | None = None,
        statistics: Statistics | None = None,
        found: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> np.ndarray:
        """The `scores` of the passages at `positions` (ascending) only, bit for bit the same:
        each term's weight is computed where the passage holds it (`at`, or `found` when the
        caller looked the terms up already) and added term by term in query order."""
        stats = statistics or self._everything
        total = np.zeros(len(positions))
        if not len(positions):
            return total
        terms = [(t, 1.0) for t in query_terms] + sorted((weighted or {}).items())
        if found is None and len(positions) <= FEW_PASSAGES:
            return self._few_scores(terms, len(query_terms), positions, stats)
        norms = self.norms(stats)[positions]
        k1 = self.parameters.k1
        for number, (term, factor) in enumerate(terms):
            hit, tf = found[term] if found and term in found else self.at(term, positions)
            if not len(tf):
                continue
            # The passages holding it by number: indexing by a boolean array twice over all
            # the candidates took twice the time (the same numbers are read and added).
            held = np.flatnonzero(hit)
            frequency = tf.astype(np.float64)
            weights = self.idf(term, stats) * (frequency * (k1 + 1) / (frequency + norms[held]))
            total[held] += weights if number < len(query_terms) else factor * weights
        return total

    def _few_scores(
        self,
        terms: Sequence[tuple[str, float]],
        plain: int,
        positions: np.ndarray,
        stats: Statistics,
    ) -> np.ndarray:
        """`scores_at` at a few positions: each term's weights (the same expression, at the
        passages holding it) from the term lists' counts (`term_counts`), added term by term in
        the same order (`terms`: the first `plain` unweighted, the others times their factor);
        a passage not holding a term adds an exact 0.0 (the sums are at least 0)."""
        held = [term for term in dict.fromkeys(t for t, _ in terms) if self._span(term) is not None]
        counts = self._counts(held, positions)
        rows, columns = np.nonzero(counts)
        frequency = counts[rows, columns].astype(np.float64)
        idf = np.array([self.idf(term, stats) for term in held])[rows]
        k1 = self.parameters.k1
        norms = self.norms(stats)[positions][columns]
        weights = np.zeros(counts.shape)
        weights[rows, columns] = idf * (frequency * (k1 + 1) / (frequency + norms))
        row_of = {term: row for row, term in enumerate(held)}
        total = np.zeros(len(positions))
        for number, (term, factor) in enumerate(terms):
            row = row_of.get(term)
            if row is not None:
                total += weights[row] if number < plain else factor * weights[row]
        return total

    def candidates(
        self, query_terms: Iterable[str], statistics: Statistics | None = None
    ) -> np.ndarray:
        """Positions of the passages (of those `statistics` describes) that contain at least one
        query term, ascending."""
        stats = statistics or self._everything
        found = np.zeros(self.size, dtype=bool)
        for term in set(query_terms):
            span = self._span(term)
            if span is not None:
                found[self._positions[span]] = True
        if stats.mask is not None:
            found &= stats.mask
        return np.flatnonzero(found)

    def scores(
        self,
        query_terms: Sequence[str],
        weighted: Mapping[str, float] | None = None,
        statistics: Statistics | None = None,
    ) -> np.ndarray:
        """BM25 scores of every passage (zero where no term matches, and outside `statistics`'
        passages), as rank-bm25's `get_scores` gives them over those passages.

        `weighted` terms add their BM25 score times a factor (a stand-in for a question word
        counts less than the word); without them the scores equal the reference's.
        """
        total = np.zeros(self.size)
        for term in query_terms:  # repeats count again, as in rank-bm25
            positions, weights = self.postings(term, statistics)
            total[positions] += weights
        for term, factor in sorted((weighted or {}).items()):
            positions, weights = self.postings(term, statistics)
            total[positions] += factor * weights
        return total

    def positions_of(self, term: str) -> np.ndarray:
        """Positions of the passages that contain `term`, ascending."""
        span = self._span(term)
        return self._positions[span] if span is not None else np.zeros(0, dtype=np.int64)

    def matches(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
        statistics: Statistics | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the (allowed) passages sharing a term with the query, in corpus order,
        and their scores: `search_arrays` before the sort, for callers that filter first."""
        positions = self.candidates([*query_terms, *(weighted or {})], statistics)
        if allowed is not None and len(positions):
            positions = positions[allowed[positions]]
        if not len(positions):
            return positions, np.zeros(0)
        return positions, self.scores(query_terms, weighted, statistics)[positions]

    def search_arrays(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
        limit: int | None = None,
        statistics: Statistics | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """`search` as two arrays, positions and scores, best first (no Python object a hit)."""
        if limit is not None and limit > 0:
            stats = statistics or self._everything
            pruned = pruned_top(self, query_terms, allowed, weighted or {}, limit, stats)
            if pruned is not None:
                return pruned
        positions, scores = self.matches(query_terms, allowed, weighted, statistics)
        if not len(positions):
            return positions, scores
        if limit is not None and limit < len(positions):
            # Only the `limit` best need sorting: keep every score at least the limit-th best
            # (ties at the cut included), so the stable sort below gives the same first `limit`.
            cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            best = scores >= cut
            positions, scores = positions[best], scores[best]
        # Best first; ties keep corpus order (a stable sort on the negated score).
        order = np.argsort(-scores, kind="stable")[:limit]
        return positions[order], scores[order]

    def search(
        self,
        query_terms: Sequence[str],
        allowed: np.ndarray | None = None,
        weighted: Mapping[str, float] | None = None,
        limit: int | None = None,
        statistics: Statistics | None = None,
    ) -> list[Hit]:
        """Every passage sharing a term with the query (or the `limit` best), best first.

        `statistics` says which passages the scores are computed over (a scope: the shared
        documents and one server's; default every passage); `allowed`, a boolean mask over
        positions, keeps only some of them (one document).
        """
        positions, scores = self.search_arrays(query_terms, allowed, weighted, limit, statistics)
        return [Hit(p, s) for p, s in zip(positions.tolist(), scores.tolist(), strict=True)]
