"""Compare two folders of recorded requests (see `tests/fake_discord/recording.py`).

    .venv/bin/python -m tests.fake_discord.compare /tmp/payloads-before /tmp/payloads-after

Prints one line a test whose requests differ, and exits 1 if any does. Tests that answer
concurrent users send the same requests in an order that varies from run to run; for them the
comparison falls back to the requests as a set, with ids and answer numbers alike.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any


def _loose(requests: list[dict[str, Any]]) -> list[str]:
    """The requests with every id and answer number alike, in a fixed order: equal when only
    the order in which concurrent requests arrived (and so the numbering of ids and of stored
    answers) differs."""
    text = [json.dumps(request, sort_keys=True, ensure_ascii=False) for request in requests]
    text = [re.sub(r"<id:\d+>", "<id>", line) for line in text]
    return sorted(re.sub(r'"(answer:[a-z]+):\d+"', r'"\1:<n>"', line) for line in text)


def compare(before: Path, after: Path) -> tuple[list[str], list[str]]:
    """(what differs, what is only worth a note) between two recording folders, one line a
    test. A note: the same requests in another order, or a test that is new in `after`. A test
    recorded before and not after is a difference (it was lost)."""
    problems: list[str] = []
    reordered: list[str] = []
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    for name in names:
        old, new = before / name, after / name
        if not old.exists():
            reordered.append(f"{name}: a new test")
            continue
        if not new.exists():
            problems.append(f"{name}: recorded before, not after")
            continue
        first, second = json.loads(old.read_text()), json.loads(new.read_text())
        if first == second:
            continue
        if _loose(first) == _loose(second):
            reordered.append(f"{name}: the same requests, in another order")
            continue
        problems.append(f"{name}: {_first_difference(first, second)}")
    return problems, reordered


def _first_difference(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> str:
    for number, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            keys = [k for k in a if a.get(k) != b.get(k)]
            return (
                f"request {number} ({a['method']} {a['route']}) differs in {keys}:\n"
                f"    before: {json.dumps({k: a.get(k) for k in keys}, ensure_ascii=False)}\n"
                f"    after:  {json.dumps({k: b.get(k) for k in keys}, ensure_ascii=False)}"
            )
    return f"{len(first)} requests before, {len(second)} after"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare two FAKE_DISCORD_RECORD folders.")
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    arguments = parser.parse_args(argv)
    problems, reordered = compare(arguments.before, arguments.after)
    count = len(list(arguments.before.glob("*.json")))
    for line in [*reordered, *problems]:
        print(line)
    print(
        f"{count} recordings compared: "
        + (f"{len(problems)} differ" if problems else "the same")
        + (f" ({len(reordered)} noted: new, or in another order)" if reordered else "")
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
