from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bot.engine.evidence import Tagger, decode_tags
from bot.engine.formats.upload import UploadDetails
from bot.engine.names import DocumentNames, NameTable
from bot.library import Library
from tests.conftest import BUNDLED, BUNDLED_IDS, DEBATE_ID, SEED_ID, make_settings
from tests.test_server_corpus import LIGHTHOUSE

REPLY_EVIDENCE = "what evidence does the reply cite?"


async def test_bundled_corpus_is_ingested_at_start_and_answers(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path))
    try:
        answer = await library.ask(REPLY_EVIDENCE)
    finally:
        await library.close()
    assert answer.quotes[0].text.startswith("Der Tagesspiegel stated in May")


async def test_a_restart_loads_from_the_database_without_the_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    settings = make_settings(tmp_path, corpus_dir=corpus)
    library = await Library.open(settings)
    await library.close()
    shutil.rmtree(corpus)  # the files are gone: only SQLite can answer now

    library = await Library.open(settings)
    try:
        assert SEED_ID in library.engine.collection.documents
        answer = await library.ask(REPLY_EVIDENCE)
    finally:
        await library.close()
    assert answer.quotes[0].attribution.speaker == "Zhang Ming"


async def test_reingesting_an_unchanged_file_is_a_no_op(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus), sync_corpus=False)
    try:
        first = await library.ingest([corpus])
        again = await library.ingest([corpus])
        (corpus / f"{SEED_ID}.md").touch()  # new mtime, same bytes: hashed, still unchanged
        touched = await library.ingest([corpus])
    finally:
        await library.close()
    assert first.added == BUNDLED_IDS
    assert again.unchanged == BUNDLED_IDS and not again.changed
    assert touched.unchanged == BUNDLED_IDS and not touched.changed


async def test_a_changed_file_replaces_its_passages(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    path = corpus / f"{SEED_ID}.md"
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    try:
        path.write_text(
            path.read_text(encoding="utf-8") + "\nA new closing paragraph about lighthouses.\n",
            encoding="utf-8",
        )
        report = await library.ingest([path])
        answer = await library.ask("what about lighthouses?")
        passages = library.engine.collection.documents[SEED_ID].passages
    finally:
        await library.close()
    assert report.updated == [SEED_ID]
    assert len(passages) == 7
    assert answer.quotes[0].passage_id == f"{SEED_ID}:p7"


async def test_a_malformed_file_is_reported_and_the_good_ones_still_land(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    shutil.copy(BUNDLED / f"{SEED_ID}.md", folder / "good.md")
    (folder / "bad.md").write_text("---\ntitle: Broken\n---\n\ntext\n", encoding="utf-8")
    library = await Library.open(make_settings(tmp_path, corpus_dir=tmp_path / "none"))
    try:
        report = await library.ingest([folder])
        stored = set(library.engine.collection.documents)
    finally:
        await library.close()
    assert report.added == [SEED_ID]
    (error,) = report.errors
    assert error.source.endswith("bad.md") and "missing required key" in str(error)
    assert stored == {SEED_ID}


async def test_a_malformed_change_keeps_the_previous_version(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus)
    path = corpus / f"{SEED_ID}.md"
    library = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    try:
        path.write_text(path.read_text(encoding="utf-8").replace("kind: reply", "kind: ???"))
        report = await library.ingest([path])
        answer = await library.ask(REPLY_EVIDENCE)
    finally:
        await library.close()
    assert report.errors and "kind must be one of" in str(report.errors[0])
    assert answer.quotes[0].text.startswith("Der Tagesspiegel")


async def test_sentence_tags_are_stored_at_ingest_and_read_back_the_same(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path))
    await library.close()
    reopened = await Library.open(make_settings(tmp_path), sync_corpus=False)
    try:
        engine = reopened.engine
        stored = dict(engine.collection._stored_tags)  # what the database held, before any question
        assert set(stored) == {p.id for p in engine.collection.passages}
        for passage in engine.collection.passages:
            computed = Tagger.of(engine.collection.documents[passage.doc_id].meta).tags(passage)
            assert engine.collection.sentence_tags(passage) == computed
            assert decode_tags(stored[passage.id]) == computed
    finally:
        await reopened.close()


async def test_lookups_see_only_what_the_place_sees(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path))
    try:
        uploaded = await library.upload(
            LIGHTHOUSE.encode(), "harbour.txt", "42", None, UploadDetails(title="Gull Point")
        )
        document = uploaded.document
        first, second = document.passages[:2]
        assert library.document(document.id, "42") == document
        assert library.document(document.id, "7") is None and library.document(document.id) is None
        assert library.passage(first.id, "42") == first
        assert library.passage(first.id, "7") is None and library.passage("nope:p1", "42") is None
        assert library.document_of(first) == document
        assert library.step(first, -1) == first and library.step(first, 1) == second
        assert [d.id for d in library.documents("7")] == [
            d.id for d in library.documents() if d.id != document.id
        ]
        assert [d.id for d in library.document_choices("gull", "42", own=True)] == [document.id]
        assert library.document_choices("gull", "7") == []
    finally:
        await library.close()


async def test_passage_choices_by_id_then_by_words_then_by_document(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path))
    try:
        by_id = await library.passage_choices(f"{SEED_ID}:p1")
        by_words = await library.passage_choices("Tagesspiegel backdoor Huawei")
        by_document = await library.passage_choices("SECURITY-first")
        everything = await library.passage_choices("")
    finally:
        await library.close()
    assert [p.id for p in by_id] == [f"{SEED_ID}:p1"]
    assert by_words[0].id == f"{SEED_ID}:p3"
    assert by_document and all(p.doc_id == SEED_ID for p in by_document)
    assert 0 < len(everything) <= 25


async def test_an_abstention_is_not_remembered(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path))
    try:
        answered = await library.ask(REPLY_EVIDENCE)
        # No word of it is in the corpus: abstained on whatever the abstention model's weights.
        abstained = await library.ask("what colour are flamingo feathers?")
        kept = await library.remember(answered, 3, None, user_id=1, guild_id=None, channel_id=2)
        dropped = await library.remember(abstained, 3, None, user_id=1, guild_id=None, channel_id=2)
        shown = await library.remembered(kept) if kept is not None else None
    finally:
        await library.close()
    assert abstained.abstained and dropped is None
    assert shown is not None and shown.passage_ids == tuple(q.passage_id for q in answered.quotes)


def test_a_library_driven_one_asyncio_run_at_a_time_closes_cleanly(tmp_path: Path) -> None:
    """Scripts (the benchmarks, a notebook) may run each step in its own event loop: an upload
    whose index was still being stored when its loop ended must not break `close` in the next
    one, and the upload is kept."""
    import asyncio

    settings = make_settings(tmp_path)
    library = asyncio.run(Library.open(settings))
    asyncio.run(library.upload(LIGHTHOUSE.encode(), "harbour.txt", "42", None, UploadDetails()))
    asyncio.run(library.close())

    async def reopen_and_ask() -> bool:
        again = await Library.open(settings, sync_corpus=False)
        try:
            return any(d.meta.title for d in again.documents("42") if d.id.startswith("g42-"))
        finally:
            await again.close()

    assert asyncio.run(reopen_and_ask())


def test_opening_the_library_imports_no_http_client() -> None:
    # A start that answers (the terminal, a restart of the bot before Discord connects) needs
    # no HTTP client: aiohttp is imported when a link is pasted (`Uploader.fetch`), not before
    # (0.2-0.3 s of the 100k cold start).
    import subprocess
    import sys

    code = "import sys, bot.library, bot.settings; print('aiohttp' in sys.modules)"
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert shown.stdout.strip() == "False"


async def test_point_choices_are_the_points_the_place_sees(tmp_path: Path) -> None:
    # A server's own debate (its file in the corpus format) is offered to that server only;
    # the bundled practice debate to every place. Answers are never offered: only points.
    own = (BUNDLED / f"{DEBATE_ID}.md").read_text(encoding="utf-8")
    own = own.replace(f"id: {DEBATE_ID}", "id: club-debate").replace(
        "Shutdowns show why access needs", "Blackouts prove why access needs"
    )
    library = await Library.open(make_settings(tmp_path))
    try:
        await library.upload(own.encode(), "club.md", "42", None, UploadDetails())
        here = await library.point_choices("blackouts prove", "42")
        elsewhere = await library.point_choices("blackouts prove", "7")
        shared = await library.point_choices("", "7")
    finally:
        await library.close()
    assert here and here[0].heading == "Blackouts prove why access needs the protection of a right"
    assert all(p.answers is None and p.heading for p in here + elsewhere + shared)
    assert not any((p.heading or "").startswith("Blackouts") for p in elsewhere + shared)
    assert {p.doc_id for p in shared} == {DEBATE_ID}


async def test_a_restart_reads_the_names_the_load_made_into_the_name_table(
    tmp_path: Path,
) -> None:
    library = await Library.open(make_settings(tmp_path))
    await library.close()
    library = await Library.open(make_settings(tmp_path), sync_corpus=False)
    try:
        table = library.engine.reader._shared  # the shared documents' table
        shared = library.engine.collection.visible_documents("")
        built = NameTable(shared)
    finally:
        await library.close()
    # Read as the load made the documents: each document's names are of that very document,
    # and the table is the one built from the documents afterwards.
    assert [part.document for part in table.parts.values()] == shared
    assert all(isinstance(part, DocumentNames) for part in table.parts.values())
    assert [(p.names, p.people, p.title) for p in table.parts.values()] == [
        (p.names, p.people, p.title) for p in built.parts.values()
    ]
    assert table.titles == built.titles and table.speakers == built.speakers
    assert table.documents_called("the reply") == built.documents_called("the reply")


def test_the_library_opens_without_importing_the_upload_formats() -> None:
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, bot.library, bot.settings; "
            "print(sorted(m for m in sys.modules if m.startswith('bot.engine.formats')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # A start that reads no file imports no reader of one (HTML, PDF, Markdown, articles).
    assert imported.strip() == "['bot.engine.formats', 'bot.engine.formats.details']"
