"""Which servers a process serves: Discord's guild -> shard rule, SHARD_IDS lists, and the
SHARD_COUNT / SHARD_IDS settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from bot.shards import MAX_SHARD_ID, ShardError, Shards, parse_shard_ids, shard_of

# A real guild id (Discord's documentation's example snowflake) and what its top bits give.
GUILD = 175928847299117063  # created 2016-04-30; (id >> 22) = 41944705796


def test_a_guild_goes_to_the_shard_of_its_timestamp_bits() -> None:
    assert shard_of(GUILD, 1) == 0
    assert shard_of(GUILD, 2) == (GUILD >> 22) % 2
    assert [shard_of(n << 22, 4) for n in range(6)] == [0, 1, 2, 3, 0, 1]
    # The low 22 bits (worker, process, increment) never move a guild.
    assert shard_of((5 << 22) | 0x3FFFFF, 4) == 1


def test_the_shared_corpus_is_owned_by_every_shard() -> None:
    for shard in range(3):
        assert Shards.of(3, {shard}).owns("")


def test_a_server_is_owned_by_its_shard_only() -> None:
    owners = [i for i in range(4) if Shards.of(4, {i}).owns(str(GUILD))]
    assert owners == [shard_of(GUILD, 4)]
    assert Shards.of(4).owns(str(GUILD))  # all shards: every server


def test_a_scope_that_is_not_a_server_id_is_refused() -> None:
    with pytest.raises(ShardError, match="not a server id"):
        Shards.of(2).owns("abc")
    with pytest.raises(ShardError, match="not a server id"):
        Shards.of(2).owns("-4")


def test_ids_outside_the_count_are_refused_by_value() -> None:
    with pytest.raises(ShardError, match="0 to 1 for 2 shards, not 2, 5"):
        Shards.of(2, {0, 2, 5})
    with pytest.raises(ShardError, match="at least 1"):
        Shards.of(0)
    with pytest.raises(ShardError, match="at least one shard"):
        Shards.of(2, set())


@pytest.mark.parametrize(
    ("text", "ids"),
    [("0", {0}), ("0,1", {0, 1}), ("0-3", {0, 1, 2, 3}), (" 2 - 3 , 7", {2, 3, 7})],
)
def test_shard_ids_are_read_as_lists_and_ranges(text: str, ids: set[int]) -> None:
    assert parse_shard_ids(text) == ids


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no shard ids"),
        ("0,,1", "'' is not a shard id"),
        ("one", "'one' is not a shard id"),
        ("-1", "'-1' is not a shard id"),
        ("3-1", "goes backwards"),
        (f"0-{MAX_SHARD_ID + 1}", "past the highest"),
    ],
)
def test_a_bad_shard_list_names_its_part(text: str, message: str) -> None:
    with pytest.raises(ShardError, match=message):
        parse_shard_ids(text)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No shard settings from the developer's environment or a .env."""
    monkeypatch.delenv("SHARD_COUNT", raising=False)
    monkeypatch.delenv("SHARD_IDS", raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_without_settings_there_is_no_sharding(environment: pytest.MonkeyPatch) -> None:
    settings = Settings()
    assert (settings.shard_count, settings.shard_ids, settings.shards) == (None, None, None)


def test_a_count_alone_runs_every_shard(environment: pytest.MonkeyPatch) -> None:
    environment.setenv("SHARD_COUNT", "4")
    shards = Settings().shards
    assert shards == Shards.of(4, {0, 1, 2, 3})
    assert shards is not None and shards.whole


def test_shard_ids_are_read_from_the_environment(environment: pytest.MonkeyPatch) -> None:
    environment.setenv("SHARD_COUNT", "8")
    environment.setenv("SHARD_IDS", "0-1,6")
    shards = Settings().shards
    assert shards == Shards.of(8, {0, 1, 6})
    assert shards is not None and not shards.whole
    assert shards.sorted_ids() == [0, 1, 6]


@pytest.mark.parametrize(
    ("count", "ids", "message"),
    [
        (None, "0", "SHARD_IDS needs SHARD_COUNT"),
        ("2", "0-2", "shard ids must be 0 to 1 for 2 shards, not 2"),
        ("0", None, "greater than or equal to 1"),
        ("2", "x", "'x' is not a shard id"),
    ],
)
def test_shard_settings_that_do_not_fit_are_refused(
    environment: pytest.MonkeyPatch, count: str | None, ids: str | None, message: str
) -> None:
    if count is not None:
        environment.setenv("SHARD_COUNT", count)
    if ids is not None:
        environment.setenv("SHARD_IDS", ids)
    with pytest.raises(ValidationError, match=message):
        Settings()
