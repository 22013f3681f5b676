"""`debate-bot backup PATH` and `debate-bot check-db`, run as an operator runs them, beside a
process that keeps writing to the same database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.cli.test_commands import run_cli
from tests.test_store_faults import damage

CLUB = "111111111111111111"

WRITER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
print("writing", flush=True)
for number in range(400):
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT INTO feedback (passage_id, question, vote, user_id, created_at)"
        " VALUES (?, 'why?', 1, ?, '')", (f"doc:p{number}", str(number)))
    connection.execute("COMMIT")
    time.sleep(0.002)
"""


def test_backup_makes_a_whole_copy_while_another_process_writes(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("The trust voted to restore the lighthouse.\n", encoding="utf-8")
    added = run_cli(tmp_path, "ingest", "--guild", CLUB, "--title", "Notice", str(notice))
    assert added.returncode == 0, added.stderr
    database = tmp_path / "cli.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    try:
        made = run_cli(tmp_path, "backup", str(tmp_path / "copies" / "monday.sqlite3"))
    finally:
        writer.wait(timeout=60)
    assert made.returncode == 0, made.stderr
    assert f"backed up {database} to {tmp_path / 'copies' / 'monday.sqlite3'}" in made.stdout
    assert "the copy is whole: 3 documents" in made.stdout
    with sqlite3.connect(tmp_path / "copies" / "monday.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        votes = copy.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
        assert 0 <= votes <= 400  # a moment of the writer's work, whole
        assert copy.execute("SELECT COUNT(*) FROM documents WHERE scope = ?", (CLUB,)).fetchone()
    again = run_cli(tmp_path, "backup", str(tmp_path / "copies" / "monday.sqlite3"))
    assert again.returncode == 1
    assert again.stderr.strip().endswith("exists already; choose another name or remove it")


def test_check_db_says_whole_or_names_the_damage(tmp_path: Path) -> None:
    assert run_cli(tmp_path, "sources").returncode == 0  # makes the database
    whole = run_cli(tmp_path, "check-db")
    assert whole.returncode == 0, whole.stderr
    assert f"{tmp_path / 'cli.sqlite3'} is whole: 2 documents" in whole.stdout
    damage(tmp_path / "cli.sqlite3")
    damaged = run_cli(tmp_path, "check-db")
    assert damaged.returncode == 1
    assert "is damaged:" in damaged.stderr and "Restore a backup" in damaged.stderr
    assert "Traceback" not in damaged.stderr


def test_check_db_and_backup_make_no_database_where_there_is_none(tmp_path: Path) -> None:
    for command in (["check-db"], ["backup", str(tmp_path / "copy.sqlite3")]):
        result = run_cli(tmp_path, *command)
        assert result.returncode == 1
        assert f"Error: there is no database at {tmp_path / 'cli.sqlite3'}" in result.stderr
    assert not (tmp_path / "cli.sqlite3").exists() and not (tmp_path / "copy.sqlite3").exists()
