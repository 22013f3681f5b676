"""The command line, run as a user runs it: a real process with its own database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import BUNDLED_IDS, ROOT, SEED_ID


def run_cli(
    tmp_path: Path, *args: str, stdin: str | None = None, log_level: str = "WARNING"
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_PATH": str(tmp_path / "cli.sqlite3"),
        "CORPUS_DIR": str(ROOT / "corpus"),
        "DISCORD_TOKEN": "",
        "LOG_LEVEL": log_level,  # the service's; the command line ignores it
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,  # no .env there
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ask_json_prints_the_stable_shape(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "ask", "--json", "--k", "2", "what evidence does the reply cite?")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["abstained"] is False
    first = payload["answers"][0]
    assert first["passage_id"] == f"{SEED_ID}:p3"
    assert first["speaker"] == "Zhang Ming"
    assert first["quote"].startswith("Der Tagesspiegel stated in May")
    assert first["quote"] in first["passage"]


def test_ask_in_plain_text_shows_quote_and_attribution(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "ask", "Which website ran Pompeo's op-ed?")
    assert result.returncode == 0, result.stderr
    assert "Politico website" in result.stdout
    assert "publisher's introduction" in result.stdout
    assert "¶1" in result.stdout


def test_an_empty_question_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "ask", "   ")
    assert result.returncode != 0
    assert "The question is empty" in result.stderr


def test_run_without_a_token_answers_in_the_terminal(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "run", stdin="what evidence does the reply cite?\n\n")
    assert result.returncode == 0, result.stderr
    assert "No DISCORD_TOKEN set" in result.stderr
    assert "Der Tagesspiegel stated in May" in result.stdout


def test_ingest_reports_what_changed_and_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: x\nauthor: y\ndate: 2020-13-01\nkind: op-ed\n---\n\nText.\n")
    result = run_cli(tmp_path, "ingest", str(bad))
    assert result.returncode == 1
    assert "bad.md, line 4: date must be YYYY-MM-DD" in result.stderr
    sources = run_cli(tmp_path, "sources", "--json")
    ids = [row["id"] for row in json.loads(sources.stdout)]
    assert sorted(ids) == BUNDLED_IDS


def test_import_debates_then_rebut_from_the_command_line(tmp_path: Path) -> None:
    folder = ROOT / "tests" / "fixtures" / "debatabase"
    imported = run_cli(tmp_path, "import-debates", str(folder))
    assert imported.returncode == 0, imported.stderr
    assert "2 added, 0 updated, 0 unchanged, 1 rejected; 10 passages" in imported.stdout
    assert "house-would-ban-sugary-drink-adverts" in imported.stderr
    assert "no introduction" in imported.stderr
    again = run_cli(tmp_path, "import-debates", str(folder))
    assert "0 added, 0 updated, 2 unchanged" in again.stdout
    (tmp_path / "nothing").mkdir()
    empty = run_cli(tmp_path, "import-debates", str(tmp_path / "nothing"))
    assert empty.returncode == 1 and "no debate was found" in empty.stderr
    # Ingesting a debate folder as articles says what to do instead, once.
    for tree in (folder / "test" / "education", folder):  # a theme, or the whole tree
        ingested = run_cli(tmp_path, "ingest", str(tree))
        assert ingested.returncode == 1
        assert "import-debates" in ingested.stderr and "metadata block" not in ingested.stderr
        assert ingested.stderr.count("Debatabase folder") == 1
    rebutted = run_cli(
        tmp_path, "rebut", "--json", "Uniforms cost poor families money they do not have"
    )
    assert rebutted.returncode == 0, rebutted.stderr
    payload = json.loads(rebutted.stdout)
    assert payload["found"] == "house-would-require-school-uniforms:p6"
    assert payload["linked"] == 1
    first = payload["answers"][0]
    assert first["part"].startswith("Proposition answer to opposition point 1")
    assert first["side"] == "proposition"
    assert first["motion"] == "This house would require school uniforms"
    # Asked as a question: the answer linked to the point described comes first.
    asked = run_cli(
        tmp_path,
        "ask",
        "--json",
        "how does the proposition respond to the point that blazers are too expensive for poor "
        "families?",
    )
    assert asked.returncode == 0, asked.stderr
    answers = json.loads(asked.stdout)["answers"]
    assert answers[0]["part"].startswith("Proposition answer to opposition point 1")
    assert "Schools can require plain items" in answers[0]["passage"]


def test_at_default_verbosity_the_command_line_prints_results_not_log_lines(
    tmp_path: Path,
) -> None:
    quiet = run_cli(tmp_path, "ask", "what evidence does the reply cite?", log_level="INFO")
    assert quiet.returncode == 0, quiet.stderr
    assert "Der Tagesspiegel" in quiet.stdout
    assert " INFO " not in quiet.stderr and " INFO " not in quiet.stdout
    listed = run_cli(tmp_path, "sources", log_level="INFO")
    assert " INFO " not in listed.stderr and SEED_ID in listed.stdout
    verbose = run_cli(tmp_path, "-v", "sources", log_level="WARNING")
    assert " INFO    bot.live: loaded" in verbose.stderr


def test_the_terminal_mode_logs_no_info_lines_either(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path, "run", stdin="what evidence does the reply cite?\n\n", log_level="INFO"
    )
    assert result.returncode == 0, result.stderr
    assert " INFO " not in result.stderr
    assert "Der Tagesspiegel stated in May" in result.stdout


def test_an_unknown_document_is_named_once_the_same_way(tmp_path: Path) -> None:
    for args in (("ask", "--document", "nope", "why?"), ("evidence", "--document", "nope")):
        result = run_cli(tmp_path, *args)
        assert result.returncode != 0
        assert "no document with id 'nope'; see `debate-bot sources`" in result.stderr


CLUB = "222222222222222222"


def test_every_answering_command_reaches_a_servers_uploads_with_guild(tmp_path: Path) -> None:
    """`check`, `evidence`, `clash`, `rebut`, `unanswered` and the terminal mode of `run` take
    --guild as `ask` does: with it they see that server's uploads besides the shared documents,
    without it only those."""
    op_ed = tmp_path / "op-ed.txt"
    op_ed.write_text(
        "The harbour trust should sell the old lighthouse to pay for the new breakwater.\n\n"
        "According to the trust's 2024 survey, 62 percent of visitors never climb the tower.\n",
        encoding="utf-8",
    )
    added = run_cli(
        tmp_path, "ingest", "--guild", CLUB, "--title", "Sell the Lighthouse", "--kind", "op-ed",
        str(op_ed),
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    sentence = "62 percent of visitors never climb the tower"
    mine = run_cli(tmp_path, "check", "--guild", CLUB, sentence)
    assert mine.returncode == 0, mine.stderr
    assert mine.stdout.startswith("Verbatim, in") and "Sell the Lighthouse" in mine.stdout
    shared = run_cli(tmp_path, "check", sentence)
    assert shared.returncode == 0 and not shared.stdout.startswith("Verbatim")
    sources = json.loads(run_cli(tmp_path, "sources", "--json", "--guild", CLUB).stdout)
    doc_id = next(row["id"] for row in sources if row["title"] == "Sell the Lighthouse")
    listed = run_cli(tmp_path, "evidence", "--guild", CLUB, "--document", doc_id)
    assert listed.returncode == 0, listed.stderr
    assert "62 percent" in listed.stdout
    unknown = run_cli(tmp_path, "evidence", "--document", doc_id)
    assert unknown.returncode != 0 and f"no document with id {doc_id!r}" in unknown.stderr
    no_reply = run_cli(tmp_path, "unanswered", "--guild", CLUB, doc_id)
    assert no_reply.returncode != 0 and "Traceback" not in no_reply.stderr
    assert "--responds-to" in no_reply.stderr
    for command in ("clash", "rebut"):
        result = run_cli(tmp_path, command, "--guild", CLUB, "lighthouse")
        assert result.returncode == 0, result.stderr
    question = "how many visitors never climb the lighthouse tower?\n\n"
    terminal = run_cli(tmp_path, "run", "--guild", CLUB, stdin=question)
    assert terminal.returncode == 0, terminal.stderr
    assert f"{len(BUNDLED_IDS) + 1} documents loaded" in terminal.stdout
    assert "62 percent of visitors never climb the tower" in terminal.stdout
    shared_only = run_cli(tmp_path, "run", stdin=question)
    assert f"{len(BUNDLED_IDS)} documents loaded" in shared_only.stdout
    assert "62 percent" not in shared_only.stdout


def test_remove_takes_a_servers_own_document_out_and_no_other_servers(tmp_path: Path) -> None:
    article = tmp_path / "quay.txt"
    article.write_text(
        "The quay will close for dredging in May, the harbour board said on Thursday.\n",
        encoding="utf-8",
    )
    assert run_cli(tmp_path, "ingest", "--guild", CLUB, str(article)).returncode == 0
    listed = json.loads(run_cli(tmp_path, "sources", "--json", "--guild", CLUB).stdout)
    doc_id = next(row["id"] for row in listed if row["id"] not in BUNDLED_IDS)
    question = ("ask", "--json", "--guild", CLUB, "when will the quay close for dredging?")
    before = json.loads(run_cli(tmp_path, *question).stdout)
    assert before["answers"][0]["doc_id"] == doc_id
    # Another server, or the shared corpus, cannot remove it: a clear error, nothing lost.
    for elsewhere in (("--guild", "999"), ()):
        refused = run_cli(tmp_path, "remove", doc_id, *elsewhere)
        assert refused.returncode == 1 and f"no document {doc_id!r}" in refused.stderr
        assert "Traceback" not in refused.stderr
    assert json.loads(run_cli(tmp_path, *question).stdout)["answers"][0]["doc_id"] == doc_id
    removed = run_cli(tmp_path, "remove", doc_id, "--guild", CLUB)
    assert removed.returncode == 0 and removed.stdout.strip() == f"removed {doc_id}"
    listed = json.loads(run_cli(tmp_path, "sources", "--json", "--guild", CLUB).stdout)
    assert doc_id not in {row["id"] for row in listed}
    after = json.loads(run_cli(tmp_path, *question).stdout)
    assert all(answer["doc_id"] != doc_id for answer in after["answers"])
