"""End-to-end fixtures: the real DebateBot, connected over loopback to a fake Discord."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Generator, Iterator
from pathlib import Path

import discord.gateway
import discord.http
import pytest
import yarl

from bot.chat.client import DebateBot
from bot.settings import Settings
from tests.chat.e2e.harness import TOKEN, running_bot, settings_for
from tests.conftest import BUNDLED, SEED_ID, corpus_folder
from tests.fake_discord import FakeDiscord

CALL_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[CALL_PASSED] = report.passed
    return report


class _ErrorCollector(logging.Handler):
    """Errors the bot or discord.py logged (exceptions in callbacks end up here)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] in ("bot", "discord"):
            self.records.append(record)


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A fake Discord on a random loopback port, with discord.py pointed at it."""
    server = FakeDiscord(token=TOKEN)
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url)
    )
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def health(request: pytest.FixtureRequest, fake: FakeDiscord) -> Iterator[None]:
    """After a passing test: no errors logged, no request the fake refused or could not route."""
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    if not request.node.stash.get(CALL_PASSED, False):
        return
    problems = [f"logged: {r.name}: {r.getMessage()}" for r in collector.records]
    problems += [f"unknown route: {r}" for r in fake.unknown_routes]
    problems += [
        f"refused: {r}: {r.response}"
        for r in fake.requests
        if r.status >= 400 and not r.injected and r not in fake.unknown_routes
    ]
    if problems:
        pytest.fail("\n".join(problems))


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """The bundled seed article alone, so new bundled articles do not change the answers."""
    return corpus_folder(tmp_path, BUNDLED / f"{SEED_ID}.md")


@pytest.fixture
def bot_settings(tmp_path: Path, fake: FakeDiscord, corpus_dir: Path) -> Settings:
    return settings_for(fake, tmp_path, corpus_dir)


@pytest.fixture
async def bot(fake: FakeDiscord, bot_settings: Settings, health: None) -> AsyncIterator[DebateBot]:
    async with running_bot(fake, bot_settings) as running:
        yield running
