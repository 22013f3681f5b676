"""Shared fixtures: the bundled corpus, the project's test articles, and isolated settings."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zlib
from array import array
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.article import parse_article, read_article
from bot.engine.models import Document
from bot.engine.packing import sentence_count
from bot.library import Library
from bot.settings import Settings
from tests.fake_discord import FakeDiscord
from tests.postgres import INSTALL_HINT, PostgresCluster, find_binaries

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"
SEED_ID = "security-first-or-america-first"
DEBATE_ID = "internet-access-human-right-debate"
BUNDLED_IDS = sorted([SEED_ID, DEBATE_ID])
SHARED = ROOT.parent / "shared"


def _spans_only(packed: bytes) -> bytes:
    """Packed sentences without the runs of terms that may follow the spans (versions before
    them stored none): 8 bytes a span, then 2 a span and a mark byte when they are kept."""
    return packed[: 8 * sentence_count(len(packed))]


def unpack_stored_spans(connection: sqlite3.Connection) -> None:
    """Take a SQLite database's passages back to how versions before 12 stored them: the
    sentence spans as JSON in `sentences_json`, no `sentences` column."""
    connection.create_function(
        "spans_json",
        1,
        lambda packed: json.dumps(
            [list(pair) for pair in zip(*[iter(array("i", _spans_only(packed)))] * 2, strict=True)]
        ),
    )
    connection.executescript(
        "UPDATE passages SET sentences_json = spans_json(sentences);"
        " ALTER TABLE passages DROP COLUMN sentences;"
    )


def unpack_stored_bodies(connection: sqlite3.Connection) -> None:
    """Take a SQLite database's documents back to how versions before 11 stored them: the text
    in `body`, no `packed` column (the update trigger still names it; migration 10 or 11 makes
    it again); and its passages to before 12 (`unpack_stored_spans`)."""
    unpack_stored_spans(connection)
    connection.create_function(
        "unpacked", 1, lambda packed: zlib.decompress(packed).decode("utf-8", "surrogatepass")
    )
    connection.executescript(
        "UPDATE documents SET body = unpacked(packed); ALTER TABLE documents DROP COLUMN packed;"
    )


def corpus_folder(tmp_path: Path, *articles: Path) -> Path:
    """A corpus folder in `tmp_path` holding copies of `articles`."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for article in articles:
        shutil.copy2(article, folder)
    return folder


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings that ignore the developer's .env and keep the database in `tmp_path`."""
    values: dict[str, object] = {
        "database_path": tmp_path / "test.sqlite3",
        "corpus_dir": BUNDLED,
        "discord_token": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def written_article(doc_id: str, body: str, **meta: str) -> Document:
    """An article in the corpus format, written for a test: `meta` over a default title,
    author ("Someone"), date and kind ("article")."""
    fields = {"title": f"About {doc_id}", "author": "Someone", "date": "2025-01-01"}
    fields.update({"kind": "article", **meta})
    head = "".join(f"{key}: {value}\n" for key, value in {"id": doc_id, **fields}.items())
    return parse_article(f"---\n{head}---\n\n{body}\n".encode(), f"{doc_id}.md")


@pytest.fixture(scope="session")
def seed_document() -> Document:
    return read_article(BUNDLED / f"{SEED_ID}.md")


@pytest.fixture(scope="session")
def fixture_documents() -> list[Document]:
    return [read_article(path) for path in sorted(FIXTURES.glob("*.md"))]


@pytest.fixture(scope="session")
def seed_engine(seed_document: Document) -> AnswerEngine:
    return AnswerEngine([seed_document])


@pytest.fixture(scope="session")
def full_engine(seed_document: Document, fixture_documents: list[Document]) -> AnswerEngine:
    return AnswerEngine([seed_document, *fixture_documents])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster for the session (see tests/postgres.py); the tests that
    need it skip, saying how to install it, where PostgreSQL is not installed."""
    binaries = find_binaries()
    if binaries is None:
        pytest.skip(INSTALL_HINT)
    folder = Path(tempfile.mkdtemp(prefix="debate-bot-pg-"))
    cluster = PostgresCluster(binaries, folder)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's database is, once per kind: an SQLite file in `tmp_path`, and a new
    database of the session's PostgreSQL cluster (its URL)."""
    if request.param == "sqlite":
        return str(tmp_path / "test.sqlite3")
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    return cluster.new_database()


def database_settings(tmp_path: Path, database: str, **overrides: object) -> Settings:
    """`make_settings` with the database at `database` (a file's path or a PostgreSQL URL)."""
    if database.startswith("postgresql://"):
        return make_settings(tmp_path, database_url=database, **overrides)
    return make_settings(tmp_path, database_path=Path(database), **overrides)


class Tmpfs:
    """A small tmpfs mounted for one test: a disk that fills up or turns read-only for real."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fill(self, leave: int = 0) -> None:
        """Take every free byte but `leave` with a filler file."""
        free = os.statvfs(self.path)
        size = max(0, free.f_bavail * free.f_frsize - leave)
        with contextlib.suppress(OSError), open(self.path / "filler", "wb") as filler:
            filler.write(b"\0" * size)
            filler.flush()
            os.fsync(filler.fileno())

    def read_only(self) -> None:
        """Remount it read-only (no file on it may be open for writing)."""
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Tmpfs]:
    """A 4 MB tmpfs at tmp_path/disk; skipped where this process may not mount one (not root,
    or in a container without the capability)."""
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mountpoint)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield Tmpfs(mountpoint)
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


# The token of the local Discord a bot process logs in to (tests/test_service*.py): made to be
# found in logs if it ever were written there.
SERVICE_TOKEN = "MTIzNDU2.secret-token-that-must-never-be-logged.x9Zq"


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """The local Discord on a loopback port, for a bot process (the end-to-end tests have their
    own, which also points this process's discord.py at it)."""
    server = FakeDiscord(token=SERVICE_TOKEN)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def library(tmp_path: Path) -> AsyncIterator[Library]:
    """A library on a new SQLite file, with an empty corpus folder of its own (uploads' tests;
    a module with other needs defines its own)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    opened = await Library.open(make_settings(tmp_path, corpus_dir=corpus))
    try:
        yield opened
    finally:
        await opened.close()
