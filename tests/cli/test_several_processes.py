"""The command line beside other processes: a shard process refuses a server it does not hold,
settings checked together say what is wrong in one line, the terminal mode takes other
processes' changes before each question, and a PostgreSQL URL without its driver is one line."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.service import terminal_session
from bot.library import Library
from bot.shards import shard_of
from bot.store import Store, StoreError
from tests.conftest import ROOT, make_settings

NOTICE = (
    "The harbour trust voted on Tuesday to restore the old lighthouse at Gull Point.\n\n"
    "Restoration will cost 140,000 pounds, according to the trust's surveyor.\n"
)


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={
            **os.environ,
            "DATABASE_PATH": str(tmp_path / "cli.sqlite3"),
            "CORPUS_DIR": str(ROOT / "corpus"),
            "DISCORD_TOKEN": "",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_shard_process_refuses_a_server_on_another_shard(tmp_path: Path) -> None:
    guild = next(g for g in range(1 << 40, 1 << 41, 1 << 22) if shard_of(g, 2) == 1)
    refused = run_cli(
        tmp_path, "ask", "--guild", str(guild), "what?", SHARD_COUNT="2", SHARD_IDS="0"
    )
    assert refused.returncode == 2
    assert f"server {guild} is on shard 1 of 2; this process runs shards 0" in refused.stderr
    assert "Traceback" not in refused.stderr
    held = run_cli(tmp_path, "ask", "--guild", str(guild), "what?", SHARD_COUNT="2", SHARD_IDS="1")
    assert held.returncode == 0, held.stderr


def test_uploads_and_removals_make_the_same_shard_check(tmp_path: Path) -> None:
    """ingest and remove take --guild as ask does: a server on another shard is refused
    before anything is read or written."""
    guild = next(g for g in range(1 << 40, 1 << 41, 1 << 22) if shard_of(g, 2) == 1)
    article = tmp_path / "note.md"
    article.write_text("# A note\n\nThe council met on Tuesday.\n", encoding="utf-8")
    for command in (
        ("ingest", "--guild", str(guild), str(article)),
        ("remove", "--guild", str(guild), "note"),
    ):
        refused = run_cli(tmp_path, *command, SHARD_COUNT="2", SHARD_IDS="0")
        assert refused.returncode == 2, command
        assert f"server {guild} is on shard 1 of 2" in refused.stderr
        assert "Traceback" not in refused.stderr
    listed = run_cli(tmp_path, "sources", "--guild", str(guild), "--json")
    assert "A note" not in listed.stdout
    added = run_cli(
        tmp_path, "ingest", "--guild", str(guild), str(article), SHARD_COUNT="2", SHARD_IDS="1"
    )
    assert added.returncode == 0, added.stderr
    listed = run_cli(tmp_path, "sources", "--guild", str(guild), "--json")
    assert "A note" in listed.stdout


def test_shard_ids_without_a_count_is_one_plain_line(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "sources", SHARD_IDS="0")
    assert done.returncode == 1
    assert "bad setting in the environment or .env: SHARD_IDS needs SHARD_COUNT" in done.stderr
    assert "Value error" not in done.stderr and "Traceback" not in done.stderr


async def test_the_terminal_answers_from_what_another_process_added_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings(tmp_path)
    terminal = await Library.open(settings)
    other = await Library.open(settings, sync_corpus=False)
    questions = iter(["what will the lighthouse restoration cost?", ""])

    def typed(prompt: str = "") -> str:
        return next(questions)

    try:
        # Another process adds a shared document after the terminal loaded the corpus.
        article = (
            "---\nid: lighthouse\ntitle: The lighthouse\nauthor: A Clerk\ndate: 2026-01-01\n"
            f"kind: report\n---\n\n{NOTICE}"
        )
        path = tmp_path / "lighthouse.md"
        path.write_text(article, encoding="utf-8")
        assert (await other.ingest([path])).added == ["lighthouse"]
        monkeypatch.setattr(builtins, "input", typed)
        await terminal_session(terminal)
    finally:
        await terminal.close()
        await other.close()
    assert "140,000 pounds" in capsys.readouterr().out


async def test_a_postgresql_url_without_its_driver_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    monkeypatch.delitem(sys.modules, "bot.store.postgres", raising=False)
    with pytest.raises(
        StoreError, match=r"driver is not installed .*pip install -e '\.\[postgres\]'"
    ):
        await Store.connect("postgresql://bot@localhost/debate")
