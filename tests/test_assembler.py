"""Passages made from a load's rows (`Assembler`): the passages `Passage(...)` makes, whichever
way a row holds them, and damaged rows refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from array import array
from typing import Any

import pytest

from bot.engine.body import Body
from bot.engine.models import CorpusError, DocumentMeta, Kind, Passage, PassageSlots, Side, Voice
from bot.store.assembly import VOICE_CODES, VOICE_READ, Assembler
from bot.store.records import spans_blob

TEXT = "Opening words. A second sentence here. Third one."
SPANS = [(0, 14), (15, 38)]


def document_row(doc_id: str) -> tuple[Any, ...]:
    """A `documents` row as a load reads it (id, meta_json, body, content_hash, source, scope,
    packed)."""
    meta = DocumentMeta(
        id=doc_id, title="T", author="A", date=dt.date(2024, 1, 2), kind=Kind.DEBATE
    )
    return (doc_id, meta.model_dump_json(), TEXT, "hash", f"{doc_id}.md", "", None)


def passage_row(
    passage_id: str | None,
    doc_id: str,
    number: int,
    *,
    voice: str = VOICE_CODES["author"],
    sentences: bytes | memoryview | None = None,
    debate: str | None = None,
    tags: str | None = None,
    paragraph: int | None = None,
) -> tuple[Any, ...]:
    """A `passages` row as a load reads it (see `Assembler.add`); spans as JSON when
    `sentences` is None."""
    spans_json = json.dumps(SPANS) if sentences is None else None
    return (
        passage_id,
        doc_id,
        number,
        0,
        38,
        voice,
        "Speaker",
        spans_json,
        debate,
        tags,
        paragraph,
        sentences,
    )


def expected(passage_id: str, doc_id: str, number: int, body: str | Body, **fields: Any) -> Passage:
    """The passage of `passage_row`'s values, made by `Passage.__init__`."""
    return Passage(
        passage_id, doc_id, number, 0, 38, None, Voice.AUTHOR, "Speaker", SPANS, **fields, body=body
    )


def test_assembled_passages_are_the_passages_init_makes() -> None:
    plain = spans_blob(expected("d:p1", "d", 1, Body(TEXT)))
    with_runs = spans_blob(
        expected("d:p1", "d", 1, Body(TEXT)).with_sentence_runs([(0, 2), (2, 5)])
    )
    assert len(plain) == 16 and len(with_runs) == 21
    debate = json.dumps(
        {"side": "proposition", "section": "proposition-1", "heading": "H", "answers": None}
    )
    assembler = Assembler([document_row("d"), document_row("e")])
    assembler.add(
        [
            passage_row(None, "d", 1, sentences=plain),
            passage_row(None, "d", 2, sentences=plain),  # the length's packer, made for row 1
            passage_row("d:p3.2", "d", 3, sentences=with_runs, paragraph=3),
            passage_row("d:p4", "d", 4, sentences=with_runs, tags='["claim"]'),  # id as made
            passage_row(None, "d", 5, voice="author", sentences=memoryview(plain)),
            passage_row(None, "e", 1, debate=debate),  # spans as JSON
        ]
    )
    assembler.add([passage_row("odd", "e", 2, voice=VOICE_CODES["speaker"], sentences=plain)])
    assembled = assembler.finish()
    d, e = assembled.documents
    assert assembled.passage_count == 7 and assembled.tags == {"d:p4": '["claim"]'}
    assert list(d.passages) == [
        expected("d:p1", "d", 1, d.body),
        expected("d:p2", "d", 2, d.body),
        expected("d:p3.2", "d", 3, d.body, paragraph=3),
        expected("d:p4", "d", 4, d.body),
        expected("d:p5", "d", 5, d.body),
    ]
    assert list(e.passages) == [
        expected(
            "e:p1", "e", 1, e.body, side=Side.PROPOSITION, section="proposition-1", heading="H"
        ),
        expected("odd", "e", 2, e.body).replaced(voice=Voice.SPEAKER),
    ]
    for document in (d, e):
        bodies = {id(passage._body) for passage in document.passages}
        assert len(bodies) == 1 and isinstance(document.passages[0]._body, Body)
    for passage in (*d.passages, *e.passages):
        assert type(passage) is Passage and passage.text == TEXT[0:38]
        with pytest.raises(dataclasses.FrozenInstanceError):
            passage.number = 9  # type: ignore[misc]
    assert [p.stated_id for p in d.passages] == [None, None, "d:p3.2", None, None]
    assert d.passages[2].sentence_runs == [(0, 2), (2, 5)] and d.passages[0].sentence_runs is None
    assert (
        d.passages[2]._offsets
        == expected("d:p3.2", "d", 3, d.body).with_sentence_runs([(0, 2), (2, 5)])._offsets
    )


def test_damaged_rows_are_refused_after_rows_of_the_same_length() -> None:
    good = spans_blob(expected("d:p1", "d", 1, Body(TEXT)).with_sentence_runs([(0, 2), (2, 5)]))
    for damaged in (good[:-1] + b"\x02", good[:-1], b"\x01\x02\x03"):
        assembler = Assembler([document_row("d")])
        with pytest.raises(CorpusError, match="d:p2: the stored sentence spans are damaged"):
            assembler.add(
                [
                    passage_row(None, "d", 1, sentences=good),
                    passage_row(None, "d", 2, sentences=damaged),
                ]
            )
    with pytest.raises(KeyError):
        Assembler([document_row("d")]).add([passage_row(None, "d", 1, voice="!narrator")])


def test_a_voice_is_read_as_its_code_and_an_unknown_one_is_kept_apart() -> None:
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE passages (voice TEXT)")
    stored = [voice.value for voice in Voice] + ["narrator", "0"]
    database.executemany("INSERT INTO passages VALUES (?)", [(v,) for v in stored])
    read = [row[0] for row in database.execute(f"SELECT {VOICE_READ} FROM passages")]
    assert read == [VOICE_CODES[voice.value] for voice in Voice] + ["!narrator", "!0"]
    assert all(len(code) == 1 for code in VOICE_CODES.values())


def test_a_passage_slots_object_is_made_a_passage_in_place() -> None:
    body = Body(TEXT)
    slots = PassageSlots()
    slots._id = None
    slots.doc_id = "d"
    slots.number = 1
    slots._text = None
    slots._body = body
    slots.voice = Voice.AUTHOR
    slots.speaker = "Speaker"
    slots._offsets = array("i", [0, 38, *(o for span in SPANS for o in span)]).tobytes()
    slots._extra = None
    made = slots.made()
    assert made is slots and type(made) is Passage
    assert made == expected("d:p1", "d", 1, body) and hash(made) == hash(
        expected("d:p1", "d", 1, body)
    )
