"""The corpus as the engine holds it: documents, passages in order, scopes, masks and the index.

A `Collection` is immutable once built: a corpus change makes a new one (`changed`), which
keeps the unchanged documents' passages and term ids and splices the changed ones' postings
into the index. Passages are numbered by position: a document's passages are consecutive,
documents in id order (as the store loads them).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import overload

import numpy as np

from bot.engine.arrays import IndexArrays, encode_terms, index_arrays
from bot.engine.document_prior import DocumentPrior
from bot.engine.evidence import SentenceTags, Tagger, decode_tags, encode_tags
from bot.engine.index import BM25Parameters, PassageIndex, Statistics
from bot.engine.models import Document, Passage, Side, Voice, stated_ids
from bot.engine.references import is_reference_list, names_year
from bot.engine.text import Analyser, passage_terms
from bot.engine.tuning import SCOPE_MASKS_KEPT, STATISTICS_KEPT
from bot.engine.unnamed import may_quote_unnamed

# A change adding more passages than this and than this share of the corpus rebuilds the
# index's postings rather than splicing them in (`PassageIndex.spliced`).
SPLICE_ADDED_MAX = 50_000
SPLICE_SHARE_MAX = 0.25


class _TermsOnRead(Sequence[Sequence[str]]):
    """Each passage's terms, in passage order, made as the index reads them: the stored ones
    where given (no analysis), else the analyser's. The index turns them into term ids a chunk at
    a time, so they are never all held as strings."""

    def __init__(
        self,
        passages: Sequence[Passage],
        stored: Mapping[str, Sequence[str]],
        analyser: Analyser,
    ) -> None:
        self._passages = passages
        self._stored = stored
        self._analyser = analyser

    def __len__(self) -> int:
        return len(self._passages)

    def _terms(self, passage: Passage) -> Sequence[str]:
        found = self._stored.get(passage.id)
        return found if found is not None else passage_terms(self._analyser, passage)

    @overload
    def __getitem__(self, index: int) -> Sequence[str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[Sequence[str]]: ...
    def __getitem__(self, index: int | slice) -> Sequence[str] | list[Sequence[str]]:
        if isinstance(index, slice):
            return [self._terms(passage) for passage in self._passages[index]]
        return self._terms(self._passages[index])


_DOC_ID = operator.attrgetter("doc_id")
_VOICE = operator.attrgetter("voice")
_PASSAGES = operator.attrgetter("passages")


def document_runs(passages: Sequence[Passage]) -> dict[str, list[tuple[int, int]]]:
    """Each document id's runs of passages: [first, end) positions of each run of consecutive
    passages with that `doc_id`, in order (one run in a collection, where a document's passages
    are consecutive; a document in several runs has them all), documents in order of first
    appearance.

    Where the document id changes is found in C (a map comparing each passage's with the one
    before), not in a Python loop over the passages (0.3 s at 1M): the loop is over the runs.
    """
    doc_ids = list(map(_DOC_ID, passages))
    count = len(doc_ids)
    runs: dict[str, list[tuple[int, int]]] = {}
    if not count:
        return runs
    changes = np.fromiter(
        map(operator.ne, itertools.islice(doc_ids, 1, None), doc_ids), bool, count - 1
    )
    firsts = [0, *(np.flatnonzero(changes) + 1).tolist()]
    for first, end in zip(firsts, [*firsts[1:], count], strict=True):
        runs.setdefault(doc_ids[first], []).append((first, end))
    return runs


def document_ranges(runs: Mapping[str, Sequence[tuple[int, int]]]) -> dict[str, tuple[int, int]]:
    """Each document's passages as (first, end) positions, from its runs (`document_runs`):
    the first's first and the last's end (the runs' tuple itself for a document in one run,
    not a copy)."""
    return {
        doc_id: found[0] if len(found) == 1 else (found[0][0], found[-1][1])
        for doc_id, found in runs.items()
    }


class PassagesById(Mapping[str, Passage]):
    """Passage id -> passage, for passages given in a sequence (positions 0..n-1).

    No id string is held: a passage's id is `<doc_id>:p<number>` (or that with a `.<part>`), so
    the document id before the last ":p" leads to the positions of that document's passages,
    searched from the last (a dict built in passage order kept the last of equal ids). Ids not
    of that form are kept in a small dict. Two dicts keyed by passage id held 10 MB at 100k
    passages, the sorted ids that replaced them 1.6 MB and their 6.5 MB of strings.
    """

    def __init__(
        self,
        passages: Sequence[Passage],
        runs: dict[str, list[tuple[int, int]]] | None = None,
    ) -> None:
        """`runs`, each document's runs of passages (`document_runs` of `passages`), when the
        caller has them."""
        self._passages = passages
        # Each document's positions: [first, end) of its run(s) of passages (they are
        # consecutive in a collection; a document in several runs has them all).
        self._runs = runs if runs is not None else document_runs(passages)
        self._odd: dict[str, int] = {}  # ids not of the form `<doc_id>:p...`
        # The passages whose id is stated (a few: parts of long paragraphs), found in C: a
        # Python loop over the passages took 0.5 s at 1M.
        stated = stated_ids(passages)
        has = np.fromiter(map(operator.is_not, stated, itertools.repeat(None)), bool, len(stated))
        for position in np.flatnonzero(has).tolist():
            odd = stated[position]
            if odd is not None and odd.rpartition(":p")[0] != passages[position].doc_id:
                self._odd[odd] = position

    def position(self, passage_id: str) -> int:
        """The position of the passage with this id (the last, if several have it); raises
        KeyError when there is none."""
        found = self._odd.get(passage_id, -1)
        head, colon_p, tail = passage_id.rpartition(":p")
        # A passage whose id is made from its number has this id if it has this number.
        number = int(tail) if tail.isascii() and tail.isdigit() else None
        if number is not None and str(number) != tail:
            number = None  # "p07": no number prints so
        passages = self._passages
        for first, end in reversed(self._runs.get(head, []) if colon_p else []):
            if end <= found:
                break
            for position in range(end - 1, max(first, found + 1) - 1, -1):
                passage = passages[position]
                own = passage.stated_id
                if own == passage_id or (own is None and passage.number == number):
                    return position
        if found < 0:
            raise KeyError(passage_id)
        return found

    def __getitem__(self, passage_id: str) -> Passage:
        return self._passages[self.position(passage_id)]

    def __contains__(self, passage_id: object) -> bool:
        try:
            self.position(passage_id)  # type: ignore[arg-type]
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return (passage.id for passage in self._passages)

    def __len__(self) -> int:
        return len(self._passages)


class Collection:
    """Documents, their passages by position, whose corpus each is, and the BM25 index.

    `scopes` maps a document id to whose corpus it is: "" for the shared one (bundled,
    imported), a server's id for its own uploads. A server sees the shared documents and its
    own, never another server's; a direct message sees the shared ones. `passage_terms` (by
    passage id) spares analysing the passages again; `index`, the arrays of an index built
    before over the same passages in the same order, spares building it (see `Store.load`);
    `stored_tags` are sentence tags encoded at ingest (see `evidence.encode_tags`).

    Raises ValueError when `index` does not hold as many passages as the documents.
    """

    def __init__(
        self,
        documents: Iterable[Document],
        analyser: Analyser,
        bm25: BM25Parameters,
        passage_terms: Mapping[str, Sequence[str]] | None = None,
        scopes: Mapping[str, str] | None = None,
        stored_tags: Mapping[str, str] | None = None,
        index: IndexArrays | PassageIndex | None = None,
    ) -> None:
        self.analyser = analyser
        self.bm25 = bm25
        self.documents: dict[str, Document] = {doc.id: doc for doc in documents}
        self.passages: list[Passage] = list(
            itertools.chain.from_iterable(map(_PASSAGES, self.documents.values()))
        )
        runs = document_runs(self.passages)
        self.passage_by_id = PassagesById(self.passages, runs)
        self._side_masks: dict[tuple[Side | None, bool], np.ndarray] = {}
        self._reference_entries: np.ndarray | None = None
        self.scopes: dict[str, str] = {
            doc_id: (scopes or {}).get(doc_id, "") for doc_id in self.documents
        }
        # The scopes that hold documents ("" for the shared ones): a scope without documents of
        # its own sees what "" sees, and shares its masks, statistics and names (`view_of`).
        self._owners = frozenset(self.scopes.values())
        self._visible: dict[str, np.ndarray] = {}
        self._statistics: dict[str, Statistics] = {}
        self._document_masks: dict[frozenset[str], np.ndarray] = {}
        if index is not None:
            held = index.size if isinstance(index, PassageIndex) else len(index.lengths)
            if held != len(self.passages):
                raise ValueError(
                    f"the index holds {held} passages, the corpus {len(self.passages)}"
                )
            if isinstance(index, PassageIndex):
                self.index = index
            else:
                self.index = PassageIndex.from_arrays(index, bm25)
        else:
            terms = _TermsOnRead(self.passages, passage_terms or {}, analyser)
            self.index = PassageIndex(terms, bm25)
        self.passage_terms: Sequence[list[str]] = self.index.terms
        # Passages of a document are consecutive: (first, end) positions, for document masks.
        self._doc_ranges: dict[str, tuple[int, int]] = document_ranges(runs)
        self.voice_codes = {voice: code for code, voice in enumerate(Voice)}
        self.voices = np.fromiter(
            map(self.voice_codes.__getitem__, map(_VOICE, self.passages)),
            np.int8,
            len(self.passages),
        )
        self._tags: dict[str, tuple[SentenceTags, ...]] = {}
        self._stored_tags: dict[str, str] = dict(stored_tags or {})
        self._taggers: dict[str, Tagger] = {}
        self._speakers: tuple[np.ndarray, dict[str, int]] | None = None

    def changed(
        self,
        added: Sequence[tuple[Document, Sequence[Sequence[str]]]],
        removed: Iterable[str] = (),
        *,
        scope: str = "",
        stored_tags: Mapping[str, str] | None = None,
    ) -> Collection:
        """This collection with documents added or replaced (each with its passages' terms, in
        `scope`) and others removed: the collection a full load of the changed corpus would
        build, with the same passage order (documents by id) and the same index, bit for bit.

        Unchanged documents keep their passage objects and term ids, so nothing is read from
        the store or analysed again; the new documents' postings are spliced into the index's
        (`PassageIndex.spliced`), or, for a change adding more passages than
        `SPLICE_ADDED_MAX` and a `SPLICE_SHARE_MAX` share of the corpus, all postings are built
        again from the term ids. This collection is not changed (questions may still be
        running on it).
        """
        new = {document.id: (document, terms) for document, terms in added}
        gone = set(removed) | set(new)
        order = sorted((set(self.documents) - gone) | set(new))
        added_passages = sum(len(document.passages) for document, _ in new.values())
        if added_passages > max(SPLICE_ADDED_MAX, SPLICE_SHARE_MAX * len(self.passages)):
            index: IndexArrays | PassageIndex = self._rebuilt_arrays(order, new)
        else:
            index = self.index.spliced(self._pieces(order, new))
        # Sentence tags already known, stored or decoded (copies: a question running on this
        # collection may be moving one from the first to the second; one caught in between is
        # computed again on first use), but the removed and replaced documents' (the ids of
        # those few passages are made, not the 100k of the kept ones).
        dropped = {
            passage.id
            for doc_id in gone
            if doc_id in self.documents
            for passage in self.documents[doc_id].passages
        }
        kept_tags = {
            passage_id: raw
            for passage_id, raw in dict(self._stored_tags).items()
            if passage_id not in dropped
        }
        for passage_id, tags in dict(self._tags).items():
            if passage_id not in dropped:
                kept_tags[passage_id] = encode_tags(tags)
        scopes = {doc_id: self.scopes[doc_id] for doc_id in order if doc_id not in new}
        scopes.update((doc_id, scope) for doc_id in new)
        return Collection(
            [new[doc_id][0] if doc_id in new else self.documents[doc_id] for doc_id in order],
            self.analyser,
            self.bm25,
            None,
            scopes,
            {**kept_tags, **(stored_tags or {})},
            index,
        )

    def _pieces(
        self, order: Sequence[str], new: Mapping[str, tuple[Document, Sequence[Sequence[str]]]]
    ) -> list[range | Sequence[Sequence[str]]]:
        """The changed corpus's passages for `PassageIndex.spliced`, documents in `order`: runs
        of this index's positions (consecutive kept documents in one range) and the new
        documents' terms."""
        pieces: list[range | Sequence[Sequence[str]]] = []
        for doc_id in order:
            if doc_id in new:
                pieces.append(new[doc_id][1])
                continue
            first, end = self._doc_ranges.get(doc_id, (0, 0))
            last = pieces[-1] if pieces else None
            if isinstance(last, range) and last.stop == first:
                pieces[-1] = range(last.start, end)
            elif end > first:
                pieces.append(range(first, end))
        return pieces

    def _rebuilt_arrays(
        self, order: Sequence[str], new: Mapping[str, tuple[Document, Sequence[Sequence[str]]]]
    ) -> IndexArrays:
        """The index arrays of the changed corpus built anew from the kept passages' term ids
        and the new documents' terms (for changes too large to splice in)."""
        old_lengths = self.index.lengths()
        numbers = dict(self.index.term_numbers())  # new terms are numbered after the old
        term_pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
        length_pieces: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
        for doc_id in order:
            if doc_id in new:
                ids, lengths = encode_terms(new[doc_id][1], numbers)
            else:
                first, end = self._doc_ranges.get(doc_id, (0, 0))
                ids, lengths = self.index.terms.ids(first, end), old_lengths[first:end]
            term_pieces.append(ids)
            length_pieces.append(lengths)
        # The vocabulary is cut to the terms still used and renumbered in order of first
        # appearance, as a full build numbers it.
        return index_arrays(
            list(numbers), np.concatenate(term_pieces), np.concatenate(length_pieces)
        )

    # --- scopes ------------------------------------------------------------------------------

    def view_of(self, scope: str) -> str:
        """The scope whose view `scope` has: itself when it holds documents of its own, else ""
        (a server without uploads sees the shared documents only, as a direct message does). The
        caches of a scope's masks, statistics and names are kept under it, so the shared
        scope's, once built (`AnswerEngine.warm`), serve every server without uploads."""
        return scope if scope in self._owners else ""

    def visible_mask(self, scope: str = "") -> np.ndarray:
        """Positions a scope may quote: the shared documents and the scope's own."""
        scope = self.view_of(scope)
        mask = self._visible.get(scope)
        if mask is None:
            # Each passage's document's scope looked up in C, not a Python loop over the
            # passages (0.3 s of a 1M-passage corpus's first question).
            sees = {doc_id: owner in ("", scope) for doc_id, owner in self.scopes.items()}
            mask = np.fromiter(
                map(sees.__getitem__, map(_DOC_ID, self.passages)), bool, len(self.passages)
            )
            if len(self._visible) > SCOPE_MASKS_KEPT:
                self._visible.clear()  # bounded: one entry per active server
            self._visible[scope] = mask
        return mask

    def statistics(self, scope: str = "") -> Statistics:
        """BM25 statistics of the passages `scope` sees: its answers depend on its own corpus
        only (another server's uploads change neither its idf nor its average length)."""
        scope = self.view_of(scope)
        stats = self._statistics.get(scope)
        if stats is None:
            stats = self.index.statistics(self.visible_mask(scope))
            if len(self._statistics) > STATISTICS_KEPT:
                self._statistics.clear()  # bounded, like the masks
            self._statistics[scope] = stats
        return stats

    def is_visible(self, doc_id: str, scope: str = "") -> bool:
        return doc_id in self.documents and self.scopes[doc_id] in ("", scope)

    def visible_documents(self, scope: str = "") -> list[Document]:
        """The documents `scope` sees: the shared ones and its own, in id order."""
        return [d for d in self.documents.values() if self.scopes[d.id] in ("", scope)]

    def own_documents(self, scope: str) -> list[Document]:
        """A server's uploads (not the shared documents); none for the shared scope ""."""
        return [d for d in self.documents.values() if scope and self.scopes[d.id] == scope]

    # --- positions and masks -----------------------------------------------------------------

    def document_span(self, doc_id: str) -> tuple[int, int]:
        """The positions [first, last) of a document's passages (they are contiguous)."""
        return self._doc_ranges[doc_id]

    def position_of(self, passage_id: str) -> int:
        """The index position of a passage."""
        return self.passage_by_id.position(passage_id)

    def debate_mask(self) -> np.ndarray:
        """Positions that hold a debate side's words (points and answers), as a boolean mask."""
        return self.side_mask(None, invert=True)

    def side_mask(self, side: Side | None, *, invert: bool = False) -> np.ndarray:
        """Positions spoken by `side` (or, inverted, by any other), as a boolean mask."""
        key = (side, invert)
        mask = self._side_masks.get(key)
        if mask is None:
            mask = np.array([(p.side is side) != invert for p in self.passages], dtype=bool)
            self._side_masks[key] = mask
        return mask

    def reference_list_mask(self) -> np.ndarray:
        """Positions of the entries of a paper's or a report's list of references (passages
        under its "References" heading: `references.is_reference_list`, that name a year, as
        an entry does: an appendix read under the same heading, "PANDARUS: Alas, ...", is no
        entry), as a boolean mask."""
        if self._reference_entries is None:
            headings = [p.heading for p in self.passages]
            listed = {heading for heading in set(headings) if is_reference_list(heading)}
            mask = np.zeros(len(headings), dtype=bool)
            for position, heading in enumerate(headings):
                if heading in listed and names_year(self.passages[position].text):
                    mask[position] = True
            self._reference_entries = mask
        return self._reference_entries

    def document_mask(self, doc_ids: Iterable[str]) -> np.ndarray:
        """The positions of some documents' passages, as a read-only boolean mask.

        Kept per set of documents: a name many documents share (an author of hundreds) would
        otherwise cost a pass over all of them, twice a question.
        """
        key = frozenset(doc_ids)
        mask = self._document_masks.get(key)
        if mask is None:
            ranges = [self._doc_ranges[doc_id] for doc_id in key if doc_id in self._doc_ranges]
            # +1 where a document's passages start, -1 where they end (documents' ranges do
            # not overlap): the running sum is 1 inside them.
            change = np.zeros(len(self.passages) + 1, dtype=np.int64)
            if ranges:
                firsts, ends = np.array(ranges, dtype=np.int64).T
                change[firsts] += 1
                change[ends] -= 1
            mask = np.cumsum(change[:-1]) > 0
            mask.flags.writeable = False
            if len(self._document_masks) > SCOPE_MASKS_KEPT:
                self._document_masks.clear()  # bounded, like the scope masks
            self._document_masks[key] = mask
        return mask

    # --- passages ----------------------------------------------------------------------------

    def indexed_terms(self, passage: Passage) -> list[str] | None:
        """The passage's terms as the index holds them (`analyser.terms` of its text, in order,
        with no text read or analysed); None when it is not this collection's passage (one of
        the collection before a corpus change)."""
        try:
            position = self.position_of(passage.id)
        except KeyError:
            return None
        return self.passage_terms[position] if self.passages[position] is passage else None

    def sentence_terms(
        self, passage: Passage, position: int | None = None
    ) -> list[list[str]] | None:
        """The terms of each sentence of `passage` (at `position`, when the caller knows it), in
        order, repeats kept: exactly `analyser.terms` of each sentence's text, cut from the
        passage's terms in the index by the runs found at ingest (`Passage.sentence_runs`), with
        no text read or analysed. None when the runs were not kept (a passage stored before they
        were, or whose words cross a sentence's edge) or do not fit its terms, or when the
        passage is not this collection's (one of the collection before a corpus change): then
        its sentences must be analysed."""
        terms = self.indexed_terms(passage) if position is None else self.passage_terms[position]
        runs = passage.sentence_runs
        if terms is None or runs is None:
            return None
        if runs and runs[-1][1] > len(terms):
            return None
        return [terms[first:end] for first, end in runs]

    def sentence_tags(self, passage: Passage) -> tuple[SentenceTags, ...]:
        """Evidence tags of each sentence of a passage: stored at ingest (decoded on first use),
        or computed on first use for passages stored before tags were."""
        tags = self._tags.get(passage.id)
        if tags is None:
            stored = self._stored_tags.pop(passage.id, None)
            if stored is not None:
                tags = decode_tags(stored)
            if tags is None or len(tags) != len(passage.sentences):
                tags = self._tagger(passage.doc_id).tags(passage, self._previous(passage))
            self._tags[passage.id] = tags
        return tags

    @functools.cached_property
    def document_prior(self) -> DocumentPrior:
        """Document-level BM25 over this collection (`bot.engine.document_prior`), made on
        first use."""
        return DocumentPrior(self.index, self._doc_ranges.values())

    def speaker_codes(self) -> tuple[np.ndarray, dict[str, int]]:
        """Each passage's speaker as a number (int32, one per position: 400 kB per 100k
        passages), and the number of each speaker; made on first use."""
        if self._speakers is None:
            code_of: dict[str, int] = {}
            codes = np.fromiter(
                (code_of.setdefault(p.speaker, len(code_of)) for p in self.passages),
                dtype=np.int32,
                count=len(self.passages),
            )
            self._speakers = (codes, code_of)
        return self._speakers

    def _previous(self, passage: Passage) -> Passage | None:
        """The passage before `passage` in its document, or None (its first; or a passage not
        of this collection)."""
        try:
            position = self.position_of(passage.id)
        except KeyError:
            return None
        if position == 0 or self.passages[position - 1].doc_id != passage.doc_id:
            return None
        return self.passages[position - 1]

    def _tagger(self, doc_id: str) -> Tagger:
        tagger = self._taggers.get(doc_id)
        if tagger is None:
            tagger = Tagger.of(self.documents[doc_id].meta)
            self._taggers[doc_id] = tagger
        return tagger

    def _tagged(self, passage: Passage) -> bool:
        """Whether the passage's tags are at hand (made already, or stored at ingest)."""
        return passage.id in self._tags or passage.id in self._stored_tags

    def sentence_reports(self, passage: Passage) -> tuple[str | None, ...]:
        """The person each sentence of a passage reports (`SentenceTags.reports` of
        `sentence_tags`), the same values; a passage whose tags are not at hand and that names
        none of the people its document reports (`Tagger.may_report`) is not tagged for it
        (tagging costs a millisecond a passage): none of its sentences can report anyone."""
        if (
            not self._tagged(passage)
            and not (
                self.documents[passage.doc_id].meta.mentions
                and self._tagger(passage.doc_id).may_report(
                    passage, previous=self._previous(passage)
                )
            )
            and not may_quote_unnamed(passage.text)
        ):
            return (None,) * len(passage.sentences)
        return tuple(tag.reports for tag in self.sentence_tags(passage))

    def reports(self, passage: Passage, person: str) -> bool:
        """Whether a sentence of the passage reports `person` (a full name, as
        `Focus.person`): `sentence_reports` holds it. Without tagging when the passage does not
        name the person (`Tagger.may_report`)."""
        if not self._tagged(passage) and (
            # Tags report only the people a document mentions (`evidence.reported_people`).
            all(m.name != person for m in self.documents[passage.doc_id].meta.mentions)
            or not self._tagger(passage.doc_id).may_report(passage, person, self._previous(passage))
        ):
            return False
        return any(tag.reports == person for tag in self.sentence_tags(passage))

    def coverage(self, terms: Sequence[str], position: int, scope: str = "") -> float:
        """The share of `terms`' distinct words (by their idf in `scope`) that the passage at
        `position` has, from 0 to 1."""
        stats = self.statistics(scope)
        distinct = sorted(set(terms))
        present = set(self.passage_terms[position])
        total = sum(self.index.idf(t, stats) for t in distinct) or 1.0
        return sum(self.index.idf(t, stats) for t in distinct if t in present) / total

    def neighbours(self, passage_id: str, before: int = 1, after: int = 1) -> list[Passage]:
        """The passage with up to `before`/`after` paragraphs of its document around it."""
        passage = self.passage_by_id[passage_id]
        doc = self.documents[passage.doc_id]
        index = passage.number - 1
        return list(doc.passages[max(0, index - before) : index + after + 1])
