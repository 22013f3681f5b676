"""The collection: documents by position, scopes and masks, coverage, neighbours."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest

from bot.engine.body import Body
from bot.engine.collection import Collection, document_ranges, document_runs
from bot.engine.index import BM25Parameters
from bot.engine.models import (
    Document,
    DocumentMeta,
    Kind,
    Passage,
    Side,
    Voice,
    opening_texts,
    stated_ids,
)
from bot.engine.text import analyse_document, default_analyser, split_sentences

SEED = "security-first-or-america-first"


def collection_of(documents: list[Document], scopes: dict[str, str]) -> Collection:
    return Collection(documents, default_analyser(), BM25Parameters(), scopes=scopes)


def test_a_scope_sees_the_shared_documents_and_its_own_only(
    seed_document: Document, fixture_documents: list[Document]
) -> None:
    op_ed, reply, transcript = fixture_documents
    collection = collection_of(
        [seed_document, *fixture_documents], {op_ed.id: "111", reply.id: "222"}
    )
    assert {d.id for d in collection.visible_documents("111")} == {
        SEED,
        op_ed.id,
        transcript.id,
    }
    assert not collection.is_visible(reply.id, "111") and collection.is_visible(reply.id, "222")
    mask = collection.visible_mask("")
    visible_ids = {collection.passages[p].doc_id for p in np.flatnonzero(mask)}
    assert visible_ids == {SEED, transcript.id}


def test_a_document_mask_covers_its_passages_exactly(
    seed_document: Document, fixture_documents: list[Document]
) -> None:
    collection = collection_of([seed_document, *fixture_documents], {})
    mask = collection.document_mask({SEED})
    first, end = collection.document_span(SEED)
    assert np.flatnonzero(mask).tolist() == list(range(first, end))
    assert not mask.flags.writeable


def test_coverage_is_the_idf_share_of_the_words_a_passage_has(seed_document: Document) -> None:
    collection = collection_of([seed_document], {})
    position = collection.position_of(f"{SEED}:p3")
    words = collection.analyser.terms("Tagesspiegel zanzibar")
    share = collection.coverage(words, position)
    weight = collection.index.idf
    assert share == weight("tagesspiegel") / (weight("tagesspiegel") + weight("zanzibar"))
    assert collection.coverage([], position) == 0.0


def test_neighbours_stop_at_the_ends_of_the_document(seed_document: Document) -> None:
    collection = collection_of([seed_document], {})
    first = collection.neighbours(f"{SEED}:p1", before=2, after=1)
    assert [p.number for p in first] == [1, 2]
    last = seed_document.passages[-1]
    assert [p.number for p in collection.neighbours(last.id, 1, 3)] == [
        last.number - 1,
        last.number,
    ]


def test_a_passage_is_found_by_its_id_and_an_unknown_id_is_not(
    seed_document: Document, fixture_documents: list[Document]
) -> None:
    collection = collection_of([seed_document, *fixture_documents], {})
    for position, passage in enumerate(collection.passages):
        assert collection.passage_by_id[passage.id] is passage
        assert collection.position_of(passage.id) == position
    assert "no-such-document:p1" not in collection.passage_by_id
    assert collection.passage_by_id.get("") is None
    assert list(collection.passage_by_id) == [p.id for p in collection.passages]


@pytest.mark.parametrize(
    "text",
    ["", "plain words", "é" * 300 + " mixed ü, ✓ and 🙂 " * 50, "lone \ud800 surrogate " * 40],
)
def test_a_body_prefix_and_passage_openings_are_the_text_read_whole(text: str) -> None:
    body = Body(text)
    for chars in (0, 1, 5, 17, 299, 301, len(text) - 1, len(text), len(text) + 10):
        assert body.text_prefix(chars) == text[:chars]
    spans = [(0, min(5, len(text))), (min(3, len(text)), len(text))]
    passages = [
        Passage(f"d:p{n}", "d", n, start, end, None, Voice.AUTHOR, "", [], body=body)
        for n, (start, end) in enumerate(spans, 1)
    ]
    for limit in (1, 4, 100, 10_000):
        assert opening_texts(passages, limit) == [p.text[:limit] for p in passages]


def test_a_stored_passage_is_the_passage_init_makes() -> None:
    body = Body("Opening words. A second sentence here.")
    spans = [(0, 14), (15, 38)]
    packed = Passage("d:p1", "d", 1, 0, 38, None, Voice.AUTHOR, "", spans, body=body)
    for extra in (
        None,
        (None, None, None, None, 4),
        (Side.PROPOSITION, "proposition-1", "T", None, None),
    ):
        for passage_id in ("d:p1", "d:p1.2"):
            made = Passage.stored(
                passage_id, "d", 1, 0, 38, Voice.AUTHOR, "", packed.packed_sentences, extra, body
            )
            fields = extra or (None, None, None, None, None)
            expected = Passage(
                passage_id, "d", 1, 0, 38, None, Voice.AUTHOR, "", spans, *fields, body=body
            )
            assert made == expected and repr(made) == repr(expected)
            assert made.stated_id == expected.stated_id


def test_a_passage_keeps_its_sentence_runs_through_copies_pickles_and_renames() -> None:
    analyser = default_analyser()
    text = "Harbour fleets sailed at dawn. Boats returned late."
    plain = Passage("d:p1", "d", 1, 0, len(text), text, Voice.AUTHOR, "", split_sentences(text))
    terms, runs = analyser.terms_and_runs(text, plain.sentences)
    assert plain.sentence_runs is None and runs is not None
    kept = plain.with_sentence_runs(runs)
    assert kept.sentence_runs == runs
    assert [terms[a:b] for a, b in runs] == [analyser.terms(s) for s in kept.sentence_texts()]
    # Runs are held, not compared: the passage is the same passage.
    assert kept == plain and kept.sentences == plain.sentences and kept.text == plain.text
    assert len(kept.packed_sentences) % 2 == 1 and len(plain.packed_sentences) % 8 == 0
    assert pickle.loads(pickle.dumps(kept)).sentence_runs == runs
    assert kept.replaced(id="e:p1", doc_id="e").sentence_runs == runs
    # A passage whose text or spans change has its sentences analysed again.
    assert kept.replaced(text=text.upper()).sentence_runs is None
    assert kept.replaced(sentences=[(0, len(text))]).sentence_runs is None
    stored = Passage.stored(
        "d:p1", "d", 1, 0, len(text), Voice.AUTHOR, "", kept.packed_sentences, None, Body(text)
    )
    assert stored.sentence_runs == runs and stored.sentences == plain.sentences
    # Runs that do not fit a byte, or not one a sentence, are not kept.
    assert plain.with_sentence_runs([(0, 300), (300, 301)]).sentence_runs is None
    assert plain.with_sentence_runs([(0, 3)]).sentence_runs is None


def test_sentence_terms_are_cut_from_the_index_only_where_runs_were_kept(
    seed_document: Document,
) -> None:
    analyser = default_analyser()
    analysed, _ = analyse_document(analyser, seed_document)
    for document, kept in ((analysed, True), (seed_document, False)):
        collection = Collection([document], analyser, BM25Parameters())
        for position, passage in enumerate(collection.passages):
            cut = collection.sentence_terms(passage, position)
            if not kept or passage.sentence_runs is None:
                assert cut is None
                continue
            assert cut == [analyser.terms(sentence) for sentence in passage.sentence_texts()]
            assert collection.sentence_terms(passage) == cut  # its position found
            # An equal passage that is not this collection's (one of the corpus before a
            # change) is not cut by this collection's terms.
            other = passage.replaced(speaker=passage.speaker)
            assert other == passage and other.sentence_runs == passage.sentence_runs
            assert collection.sentence_terms(other) is None
    assert sum(p.sentence_runs is not None for p in analysed.passages) >= 0.9 * len(
        analysed.passages
    )


def _passage(
    doc_id: str, number: int, stated: str | None = None, voice: Voice = Voice.AUTHOR
) -> Passage:
    passage_id = stated if stated is not None else f"{doc_id}:p{number}"
    return Passage(passage_id, doc_id, number, 0, 5, "words", voice, "", [(0, 5)])


def _document(doc_id: str, passages: tuple[Passage, ...]) -> Document:
    meta = DocumentMeta(
        id=doc_id, title=doc_id, author="A", date=dt.date(2024, 1, 1), kind=Kind.ARTICLE
    )
    return Document(meta, "words", "hash", "test", passages)


def _ranges_a_passage_at_a_time(passages: list[Passage]) -> dict[str, tuple[int, int]]:
    """The per-passage loop `document_ranges` replaced: the reference."""
    ranges: dict[str, tuple[int, int]] = {}
    for position, passage in enumerate(passages):
        first, _ = ranges.get(passage.doc_id, (position, position))
        ranges[passage.doc_id] = (first, position + 1)
    return ranges


def _runs_a_passage_at_a_time(passages: list[Passage]) -> dict[str, list[tuple[int, int]]]:
    """The per-passage loop `document_runs` replaced: the reference."""
    runs: dict[str, list[tuple[int, int]]] = {}
    doc_id, first = None, 0
    for position, passage in enumerate(passages):
        if passage.doc_id != doc_id:
            if doc_id is not None:
                runs.setdefault(doc_id, []).append((first, position))
            doc_id, first = passage.doc_id, position
    if doc_id is not None:
        runs.setdefault(doc_id, []).append((first, len(passages)))
    return runs


@pytest.mark.parametrize(
    "doc_ids",
    [
        [],
        ["a"],
        ["a", "a", "a"],
        ["a", "b", "b", "c"],
        ["a", "a", "b", "a", "c", "c", "a"],  # a document id in several runs
        ["x"] * 5 + ["y"] + ["z"] * 3,
    ],
)
def test_document_runs_and_ranges_are_those_of_the_per_passage_loops(doc_ids: list[str]) -> None:
    passages = [_passage(doc_id, number + 1) for number, doc_id in enumerate(doc_ids)]
    runs = document_runs(passages)
    assert runs == _runs_a_passage_at_a_time(passages)
    assert list(runs) == list(_runs_a_passage_at_a_time(passages))
    ranges = document_ranges(runs)
    assert ranges == _ranges_a_passage_at_a_time(passages)
    assert list(ranges) == list(_ranges_a_passage_at_a_time(passages))


def test_a_collections_spans_ids_and_voices_are_those_of_its_passages() -> None:
    voices = list(Voice)
    documents = [
        _document("a-none", ()),
        _document("b-one", (_passage("b-one", 1),)),
        _document(
            "c-many",
            tuple(_passage("c-many", n, voice=voices[n % len(voices)]) for n in range(1, 8)),
        ),
        _document("d-none", ()),
        _document(
            "e-parts",
            (
                _passage("e-parts", 1, "e-parts:p1.1"),
                _passage("e-parts", 1, "e-parts:p1.2"),
                _passage("e-parts", 2, "odd-id"),
                _passage("e-parts", 3, "e-parts:p3"),
            ),
        ),
        _document("f-one", (_passage("f-one", 1, voice=voices[-1]),)),
    ]
    collection = Collection(documents, default_analyser(), BM25Parameters())
    passages = collection.passages
    assert passages == [p for d in documents for p in d.passages]
    assert collection._doc_ranges == _ranges_a_passage_at_a_time(passages)
    for document in documents:
        if document.passages:
            first, end = collection.document_span(document.id)
            assert passages[first:end] == list(document.passages)
        else:
            with pytest.raises(KeyError):
                collection.document_span(document.id)
    assert collection.voices.dtype == np.int8
    assert collection.voices.tolist() == [collection.voice_codes[p.voice] for p in passages]
    assert stated_ids(passages) == [p.stated_id for p in passages]
    assert collection.passage_by_id._odd == {"odd-id": 10}
    for position, passage in enumerate(passages):
        assert collection.position_of(passage.id) == position
    assert "e-parts:p2" not in collection.passage_by_id


def test_an_empty_collection_has_no_passages_runs_or_voices() -> None:
    collection = Collection([_document("a", ())], default_analyser(), BM25Parameters())
    assert collection.passages == [] and collection._doc_ranges == {}
    assert collection.voices.dtype == np.int8 and not len(collection.voices)
    assert "a:p1" not in collection.passage_by_id
