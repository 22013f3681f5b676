"""Several processes on one database: the CLI beside a long-lived library (the bot's), and
uploads started at once from many processes. Real processes, one real SQLite file or one real
PostgreSQL database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.engine.body import Body
from bot.engine.formats.upload import UploadDetails
from bot.library import Library
from tests.conftest import ROOT, database_settings
from tests.postgres import raw_rows

CLUB_A, CLUB_B = "111111111111111111", "222222222222222222"
NOTICE = (
    "The harbour trust voted on Tuesday to restore the old lighthouse at Gull Point.\n\n"
    "Restoration will cost 140,000 pounds, according to the trust's surveyor.\n"
)


def cli_environment(database: Path | str, **extra: str) -> dict[str, str]:
    """The CLI's environment with its database at `database` (a path or a PostgreSQL URL)."""
    where = str(database)
    place = {"DATABASE_URL": where} if where.startswith("postgresql://") else {}
    return {
        **os.environ,
        "DATABASE_PATH": where,
        **place,
        "CORPUS_DIR": str(ROOT / "corpus"),
        "DISCORD_TOKEN": "",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def start_cli(tmp_path: Path, environment: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def server_documents(database: Path | str, scope: str) -> dict[str, str]:
    """A server's stored documents: id -> body (stored compressed, see `Body`)."""
    rows = raw_rows(str(database), "SELECT id, packed FROM documents WHERE scope = ?", (scope,))
    return {str(row[0]): Body.from_packed(bytes(row[1])).text for row in rows}


async def test_uploads_from_ten_processes_at_once_never_pass_the_server_limit(
    tmp_path: Path, database: str
) -> None:
    library = await Library.open(database_settings(tmp_path, database))
    try:
        for number in range(98):
            await library.upload(
                NOTICE.encode(), f"n{number}.txt", CLUB_A, 7, UploadDetails(title=f"Note {number}")
            )
    finally:
        await library.close()
    files = []
    for number in range(10):
        path = tmp_path / f"late-{number}.txt"
        path.write_text(NOTICE + f"\nLate notice {number}.\n", encoding="utf-8")
        files.append(path)
    environment = cli_environment(database, MAX_SERVER_DOCUMENTS="100")
    processes = [
        start_cli(
            tmp_path, environment, "ingest", "--guild", CLUB_A, "--title", path.stem, str(path)
        )
        for path in files
    ]
    outcomes = [process.communicate(timeout=120) for process in processes]
    codes = [process.returncode for process in processes]
    assert sorted(codes) == [0, 0] + [1] * 8, outcomes
    refused = [err for (_, err), code in zip(outcomes, codes, strict=True) if code == 1]
    assert all("this server has 100 documents, the most it may keep" in err for err in refused)
    assert all("Traceback" not in err for _, err in outcomes)
    assert len(server_documents(database, CLUB_A)) == 100
    added = raw_rows(
        database, "SELECT COUNT(*) FROM corpus_audit WHERE scope = ? AND action = 'add'", (CLUB_A,)
    )
    assert added == [(100,)]


async def test_the_cli_beside_a_long_lived_library_never_touches_another_servers_document(
    tmp_path: Path, database: str
) -> None:
    library = await Library.open(database_settings(tmp_path, database))
    try:
        mine = await library.upload(
            NOTICE.encode(), "foo.txt", CLUB_A, 7, UploadDetails(title="Foo")
        )
        assert mine.document.id == f"g{CLUB_A}-foo"
        # Another process uploads for server B a file that names A's id, in upper case.
        planted = tmp_path / "foo.md"
        planted.write_text(
            f"---\nID: g{CLUB_A}-foo\ntitle: Foo\nauthor: Mallory\ndate: 2025-01-01\n"
            "kind: article\n---\n\nThe lighthouse will be demolished.\n",
            encoding="utf-8",
        )
        result = subprocess.run(
            [sys.executable, "-m", "bot", "ingest", "--guild", CLUB_B, str(planted)],
            cwd=tmp_path,
            env=cli_environment(database),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert f"added g{CLUB_B}-g{CLUB_A}-foo for server {CLUB_B}" in result.stdout
        assert server_documents(database, CLUB_A) == {mine.document.id: mine.document.body}
        assert list(server_documents(database, CLUB_B)) == [f"g{CLUB_B}-g{CLUB_A}-foo"]
        # The long-lived library's next write sees the other process's change, and A's
        # document still answers in A only.
        await library.upload(NOTICE.encode(), "bar.txt", CLUB_A, 7, UploadDetails(title="Bar"))
        collection = library.engine.collection
        assert collection.scopes[f"g{CLUB_B}-g{CLUB_A}-foo"] == CLUB_B
        assert collection.documents[mine.document.id].body == mine.document.body
        answer = await library.ask("what will the lighthouse restoration cost?", scope=CLUB_A)
        assert answer.quotes and "140,000" in answer.quotes[0].text
        elsewhere = await library.ask("will the lighthouse be demolished?", scope=CLUB_A)
        assert all(q.attribution.doc_id != f"g{CLUB_B}-g{CLUB_A}-foo" for q in elsewhere.quotes)
    finally:
        await library.close()
