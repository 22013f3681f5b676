"""Recordings of every REST request the bot sends the local Discord, to compare two versions.

Opt in with an environment variable; each test that runs a `FakeDiscord` writes one JSON file
(named for the test) when the fake stops:

    FAKE_DISCORD_RECORD=/tmp/before .venv/bin/python -m pytest tests/chat tests/test_service.py
    ...change the bot...
    FAKE_DISCORD_RECORD=/tmp/after .venv/bin/python -m pytest tests/chat tests/test_service.py
    .venv/bin/python -m tests.fake_discord.compare /tmp/before /tmp/after

A request is recorded as its method, route template (`/channels/{channel}/messages/{id}`), query,
JSON body, attached file names and the status the fake answered. What differs between two runs
of the same code is normalised: snowflakes become `<id:N>` (numbered by first appearance within
the test, so a reply still points at the message it replies to), interaction tokens `<token>`,
timestamps `<time>`, nonces `<nonce>`, the random custom ids of views that do not
outlive the process `<random>`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ENVIRONMENT_VARIABLE = "FAKE_DISCORD_RECORD"

# Discord's snowflakes: 64-bit ids, 17-20 digits since 2016. Answer ids and counts are short.
_SNOWFLAKE = re.compile(r"(?<!\d)\d{17,20}(?!\d)")
_TOKEN = re.compile(r"aW50ZXJhY3Rpb246[A-Za-z0-9_-]+")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_RANDOM_CUSTOM_ID = re.compile(r"^[0-9a-f]{32}$")  # discord.ui's os.urandom(16).hex()
_SECONDS_LEFT = re.compile(r"in \d+\.\d s\b")  # a cooldown's "ask again in 2.9 s"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


class Normaliser:
    """Replaces what differs between runs of the same code, consistently within one test."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}

    def _id(self, match: re.Match[str]) -> str:
        return self._ids.setdefault(match.group(), f"<id:{len(self._ids) + 1}>")

    def text(self, value: str) -> str:
        value = _TOKEN.sub("<token>", value)
        value = _TIME.sub("<time>", value)
        value = _SECONDS_LEFT.sub("in <seconds> s", value)
        return _SNOWFLAKE.sub(self._id, value)

    def value(self, value: Any, key: str | None = None) -> Any:
        if key == "nonce":
            return "<nonce>"
        if key == "custom_id" and isinstance(value, str) and _RANDOM_CUSTOM_ID.match(value):
            return "<random>"
        if isinstance(value, dict):
            return {k: self.value(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 10**16:
            return self.text(str(value))
        return value


def route_template(path: str) -> str:
    """The path with its ids and tokens named: /webhooks/{id}/{token}/messages/@original."""
    path = _TOKEN.sub("{token}", path)
    return _SNOWFLAKE.sub("{id}", path)


def normalised(requests: Iterable[Any]) -> list[dict[str, Any]]:
    """`RecordedRequest`s as comparable dicts, in the order the bot sent them."""
    normaliser = Normaliser()
    out = []
    for request in requests:
        reason = next(
            (v for k, v in request.headers.items() if k.lower() == "x-audit-log-reason"), None
        )
        out.append(
            {
                "method": request.method,
                "route": route_template(request.path),
                "query": normaliser.value(dict(sorted(request.query.items()))),
                "json": normaliser.value(request.json),
                "files": list(request.files),
                "reason": reason,
                "status": request.status,
            }
        )
    return out


def write_recording(requests: Iterable[Any], folder: Path, test: str | None) -> Path:
    """Write one test's requests to `folder`, named for `test` (a pytest node id)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = _UNSAFE_NAME.sub("_", (test or "outside-pytest").split(" (")[0]).strip("_")
    path = folder / f"{name}.json"
    number = 1
    while path.exists():
        number += 1
        path = folder / f"{name}.{number}.json"
    path.write_text(json.dumps(normalised(requests), indent=1, ensure_ascii=False) + "\n")
    return path


def record_if_asked(requests: Iterable[Any]) -> None:
    """Write the recording when FAKE_DISCORD_RECORD names a folder (else do nothing)."""
    folder = os.environ.get(ENVIRONMENT_VARIABLE)
    if folder:
        write_recording(requests, Path(folder), os.environ.get("PYTEST_CURRENT_TEST"))
