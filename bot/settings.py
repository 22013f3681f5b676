"""The one settings object, read from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from bot.engine.cleaning import MAX_QUESTION_CHARS
from bot.engine.tuning import AnswerSettings
from bot.shards import Shards, parse_shard_ids
from bot.store import DEFAULT_BUSY_SECONDS

# The answer engine's knobs by the names they had before they were a group (a .env written for
# an earlier version keeps working): old name -> place in the `answer` group.
OLD_ANSWER_NAMES: dict[str, tuple[str, ...]] = {
    "answer_k": ("k",),
    "min_coverage": ("min_coverage",),
    "bm25_k1": ("bm25", "k1"),
    "bm25_b": ("bm25", "b"),
}


class _OldAnswerNames(PydanticBaseSettingsSource):
    """ANSWER_K, MIN_COVERAGE, BM25_K1 and BM25_B, from the environment or `.env`, as the
    `answer` group's values; the group's own names (ANSWER__K...) win over them."""

    def __init__(self, settings_cls: type[BaseSettings], *sources: EnvSettingsSource) -> None:
        super().__init__(settings_cls)
        self.sources = sources  # the environment first: it wins over .env, as for every setting

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # not used: __call__ builds the group at once

    def __call__(self) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        for source in reversed(self.sources):
            for old, place in OLD_ANSWER_NAMES.items():
                value = source.env_vars.get(old)
                if value:
                    group = answer
                    for key in place[:-1]:
                        group = group.setdefault(key, {})
                    group[place[-1]] = value
        return {"answer": answer} if answer else {}


def _shard_ids(value: object) -> object:
    """SHARD_IDS as written in the environment ("0,1", "0-3") -> a set of ids; other values
    (a list given in code, None) go on to pydantic as they are."""
    if isinstance(value, str):
        return parse_shard_ids(value) if value.strip() else None
    return value


class Settings(BaseSettings):
    """Every knob of debate-bot. Environment variables use the field names in upper case; the
    answer engine's are a group, ANSWER__<NAME> (ANSWER__K, ANSWER__BM25__K1; see
    `bot.engine.tuning.AnswerSettings`)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_nested_delimiter="__"
    )

    discord_token: SecretStr | None = Field(
        default=None, description="Bot token; without it `run` answers in the terminal."
    )
    dev_guild_id: int | None = Field(
        default=None, description="Sync slash commands to this guild only (instant), not globally."
    )
    database_path: Path = Field(
        default=Path("data/debate-bot.sqlite3"),
        description="The SQLite database file (the default store).",
    )
    database_url: str | None = Field(
        default=None,
        pattern=r"^postgres(ql)?://\S*$",
        description=(
            "A PostgreSQL database (postgresql://user:password@host:port/name) shared by several "
            "bot processes; when set, it is used instead of DATABASE_PATH."
        ),
    )
    corpus_dir: Path = Field(
        default=Path("corpus"), description="Bundled articles, synced at start."
    )
    answer: AnswerSettings = Field(
        default_factory=AnswerSettings,
        description="The answer engine: quotes per answer, coverage, BM25 (ANSWER__...).",
    )
    max_question_chars: int = Field(
        default=MAX_QUESTION_CHARS,
        ge=20,
        le=4000,
        description="The longest question, also /ask's limit.",
    )
    listen_in_channels: bool = Field(
        default=False,
        description="Answer plain questions ending in '?' in opted-in channels "
        "(needs the privileged message content intent).",
    )
    user_cooldown_seconds: float = Field(default=3.0, ge=0)
    max_server_documents: int = Field(
        default=100, ge=1, description="Documents a server may upload (beside the shared ones)."
    )
    max_server_passages: int = Field(
        default=50_000,
        ge=1,
        description="Passages a server's uploads may hold together (memory is per passage).",
    )
    fetch_allow_private: bool = Field(
        default=False,
        description="Let links reach private, loopback and link-local addresses (tests only).",
    )
    # Uploads are read in worker processes (bot/workers.py). A 2 MB article or report reads in
    # about a second (the 15-page three-column Federal Register PDF extracts in 0.8 s); the
    # budget leaves room for a slow machine and refuses files built to be slow or to swell.
    upload_workers: int = Field(
        default_factory=lambda: max(1, (os.cpu_count() or 2) // 2),
        ge=1,
        le=16,
        description="Uploads read at once (default: half the CPUs, so answers keep the rest).",
    )
    upload_seconds: float = Field(
        default=20.0, gt=0, le=600, description="Wall time one upload may take to read."
    )
    upload_memory_mb: int = Field(
        default=768, ge=64, description="Memory one upload's reading may use, in MB."
    )
    upload_cooldown_seconds: float = Field(
        default=30.0, ge=0, description="Time between the starts of two uploads of one server."
    )
    confirm_seconds: float = Field(
        default=60.0, gt=0, le=600, description="How long /corpus remove's Remove/Keep waits."
    )
    database_busy_seconds: float = Field(
        default=DEFAULT_BUSY_SECONDS,
        gt=0,
        le=300,
        description="How long a write waits for another process's write before it fails.",
    )
    corpus_poll_seconds: float = Field(
        default=5.0,
        gt=0,
        le=3600,
        description=(
            "How often the bot looks for corpus changes other processes made (on PostgreSQL "
            "they are announced at once; this catches what a lost connection missed)."
        ),
    )
    log_level: str = Field(default="INFO", description="The Discord service's log level.")
    log_content: bool = Field(
        default=False,
        description="Log users' questions as written (otherwise as a length and a hash).",
    )
    # Another Discord endpoint (a local one in the tests, or a proxy): the REST base URL, such
    # as http://127.0.0.1:8080/api/v10, and the gateway URL, such as ws://127.0.0.1:8080/.
    discord_api_base: str | None = Field(default=None, pattern=r"^https?://\S+$")
    discord_gateway_url: str | None = Field(default=None, pattern=r"^wss?://\S+$")

    # Sharding (see bot/shards.py): without SHARD_COUNT one process runs every shard and
    # discord.py asks Discord how many (GET /gateway/bot).
    shard_count: int | None = Field(
        default=None, ge=1, description="Discord shards in all (every process gives the same)."
    )
    shard_ids: Annotated[frozenset[int] | None, NoDecode, BeforeValidator(_shard_ids)] = Field(
        default=None,
        description="The shards this process runs, such as 0,1 or 0-3 (default: all of "
        "SHARD_COUNT); it holds the shared corpus and only those shards' servers' uploads.",
    )

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        if self.shard_ids is not None and self.shard_count is None:
            raise ValueError("SHARD_IDS needs SHARD_COUNT (the number of shards in all)")
        self.shards  # noqa: B018 - raises ShardError (a ValueError) for ids outside the count
        return self

    @property
    def shards(self) -> Shards | None:
        """The shards this process runs, or None when SHARD_COUNT is not set (no sharding of
        the corpus; discord.py picks the count). Raises ShardError if the ids do not fit."""
        if self.shard_count is None:
            return None
        return Shards.of(self.shard_count, self.shard_ids)

    @property
    def database_location(self) -> str | Path:
        """The database to open: DATABASE_URL when set (PostgreSQL), else DATABASE_PATH."""
        return self.database_url or self.database_path

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The usual sources, then the old names of the answer engine's knobs (lowest: the
        group's own names win)."""
        env_sources = [
            s for s in (env_settings, dotenv_settings) if isinstance(s, EnvSettingsSource)
        ]
        old_names = _OldAnswerNames(settings_cls, *env_sources)
        return init_settings, env_settings, dotenv_settings, old_names, file_secret_settings
