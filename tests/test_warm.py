"""Warming the engine (`AnswerEngine.warm`, run by `LiveEngine` after open and each change): what
a first question would build on its answer path is built before it comes, and answers are the
same warmed or not."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import Document
from bot.engine.results import Answer
from bot.library import Library
from bot.settings import Settings
from tests.conftest import FIXTURES, corpus_folder, make_settings
from tests.test_server_corpus import LIGHTHOUSE

OP_ED, REPLY = "car-free-centre-op-ed", "car-free-centre-reply"
QUESTIONS = (
    "what does the op-ed say about parking?",
    "what does the reply say about footfall?",
    "who wrote the op-ed the reply answers?",
    "what does the councillor say about buses?",
    "what did the chair say about deliveries?",
)


def _pair_settings(tmp_path: Path) -> Settings:
    folder = corpus_folder(tmp_path, FIXTURES / f"{OP_ED}.md", FIXTURES / f"{REPLY}.md")
    return make_settings(tmp_path, corpus_dir=folder)


def _is_warm(engine: AnswerEngine, scope: str = "") -> bool:
    """Whether what a first question naming "the op-ed" or "the reply" builds is built."""
    collection = engine.collection
    answered = engine.reader.names(scope)._answered
    return (
        isinstance(answered, dict)
        and answered.get(REPLY) == OP_ED
        and collection._speakers is not None
        and collection.view_of(scope) in collection._statistics
        and frozenset({OP_ED}) in collection._document_masks
        and frozenset({REPLY}) in collection._document_masks
    )


async def _answers(library: Library, scope: str = "") -> list[Answer]:
    return [await library.ask(question, scope=scope) for question in QUESTIONS]


async def test_the_engine_is_warmed_after_open_and_answers_as_an_unwarmed_one(
    tmp_path: Path,
) -> None:
    settings = _pair_settings(tmp_path)
    cold = await Library.open(settings, warm=False)  # ingests the pair
    try:
        await cold.warmed()  # at once: nothing is warmed
        assert not _is_warm(cold.engine)
        unwarmed = await _answers(cold)
    finally:
        await cold.close()

    library = await Library.open(settings, sync_corpus=False)
    try:
        await library.warmed()
        assert _is_warm(library.engine)  # before any question
        warmed = await _answers(library)
        # A server without uploads of its own sees what a direct message does, warmed too.
        assert library.engine.reader.names("42") is library.engine.reader.names("")
        in_a_server = await _answers(library, scope="42")
    finally:
        await library.close()
    assert warmed == unwarmed
    assert [a.quotes for a in in_a_server] == [a.quotes for a in unwarmed]
    assert any(not answer.abstained for answer in warmed)


async def test_each_change_puts_in_place_an_engine_warmed_for_the_scope_written_to(
    tmp_path: Path,
) -> None:
    library = await Library.open(_pair_settings(tmp_path))
    try:
        await library.warmed()
        opened = library.engine
        await library.upload(LIGHTHOUSE.encode(), "harbour.txt", "42", None, UploadDetails())
        await library.warmed()
        changed = library.engine
        assert changed is not opened
        assert _is_warm(changed) and _is_warm(changed, "42")
        assert changed.reader.names("42") is not changed.reader.names("")
    finally:
        await library.close()


async def test_closing_stops_the_warming_and_no_engine_is_warmed_after(tmp_path: Path) -> None:
    library = await Library.open(_pair_settings(tmp_path))
    await library.close()  # at once after open: the warming may still be going on
    assert not library.live.warming
    await library.warmed()  # done: stopped or finished


def test_warming_while_questions_run_in_other_threads_changes_no_answer(
    fixture_documents: list[Document],
) -> None:
    """The lazy caches are built whole and put in place in one assignment: a question that
    builds one while the warming does gets the same answer."""
    unwarmed = AnswerEngine(fixture_documents)
    expected = [unwarmed.answer(question) for question in QUESTIONS]
    for _ in range(3):
        engine = AnswerEngine(fixture_documents)
        start = threading.Barrier(len(QUESTIONS) + 1)

        def ask(
            question: str, engine: AnswerEngine = engine, start: threading.Barrier = start
        ) -> Answer:
            start.wait()
            return engine.answer(question)

        def warm(engine: AnswerEngine = engine, start: threading.Barrier = start) -> None:
            start.wait()
            engine.warm(("", "42"))

        with ThreadPoolExecutor(len(QUESTIONS) + 1) as pool:
            warming = pool.submit(warm)
            answers = list(pool.map(ask, QUESTIONS))
            warming.result()
        assert answers == expected
        assert _is_warm(engine)


def test_a_stopped_warming_builds_nothing_more(fixture_documents: list[Document]) -> None:
    engine = AnswerEngine(fixture_documents)
    engine.warm(stopped=lambda: True)
    assert not _is_warm(engine)
    assert engine.answer(QUESTIONS[0]) == AnswerEngine(fixture_documents).answer(QUESTIONS[0])


def test_a_library_closed_in_another_event_loop_stops_warming(tmp_path: Path) -> None:
    """A script running each step in its own `asyncio.run`: the warming of the loop that opened
    the library is not awaited from the next one, and `close` still works."""
    settings = _pair_settings(tmp_path)
    library = asyncio.run(Library.open(settings))
    asyncio.run(library.close())
    assert not library.live.warming


def test_the_warming_waits_for_the_questions_being_answered(
    fixture_documents: list[Document],
) -> None:
    """A question asked the moment an engine is up has the CPU to itself: the warming waits
    between its steps until no question is being answered on the engine."""
    engine = AnswerEngine(fixture_documents)
    with engine._answering_lock:
        engine._answering += 1  # a question being answered, as `answer` counts it
    warming = threading.Thread(target=engine.warm)
    warming.start()
    try:
        warming.join(0.2)  # the whole warming takes milliseconds on these documents
        assert warming.is_alive() and not _is_warm(engine)
    finally:
        with engine._answering_lock:
            engine._answering -= 1
    warming.join(5)
    assert not warming.is_alive() and _is_warm(engine)
    assert engine._answering == 0
    engine.answer(QUESTIONS[0])
    assert engine._answering == 0  # counted while answering only
