"""The one settings object, read from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.store import DEFAULT_BUSY_SECONDS


class Settings(BaseSettings):
    """Every knob of debate-bot. Environment variables use the field names in upper case."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(
        default=None, description="Bot token; without it `run` answers in the terminal."
    )
    dev_guild_id: int | None = Field(
        default=None, description="Sync slash commands to this guild only (instant), not globally."
    )
    database_path: Path = Field(default=Path("data/debate-bot.sqlite3"))
    corpus_dir: Path = Field(
        default=Path("corpus"), description="Bundled articles, synced at start."
    )
    answer_k: int = Field(default=3, ge=1, le=10, description="Quotes per answer.")
    bm25_k1: float = Field(default=1.5, gt=0)
    bm25_b: float = Field(default=0.75, ge=0, le=1)
    bm25_epsilon: float = Field(default=0.25, ge=0)
    min_coverage: float = Field(
        default=0.4, ge=0, le=1, description="Share of the question a passage must cover."
    )
    max_question_chars: int = Field(default=500, ge=20, le=4000)
    listen_in_channels: bool = Field(
        default=False,
        description="Answer plain questions ending in '?' in opted-in channels "
        "(needs the privileged message content intent).",
    )
    user_cooldown_seconds: float = Field(default=3.0, ge=0)
    max_server_documents: int = Field(
        default=100, ge=1, description="Documents a server may upload (beside the shared ones)."
    )
    # A 2 MB upload of ordinary prose is 3,000-5,000 paragraphs; more is a file built to weigh
    # on the index (every change rebuilds the postings of every passage).
    max_document_passages: int = Field(
        default=5_000, ge=1, description="Paragraphs one uploaded document may have."
    )
    max_server_passages: int = Field(
        default=20_000, ge=1, description="Paragraphs a server's documents may have in all."
    )
    database_busy_seconds: float = Field(
        default=DEFAULT_BUSY_SECONDS,
        gt=0,
        le=300,
        description="How long a write waits for another process's write before it fails.",
    )
    log_level: str = Field(default="INFO")
    # Another Discord endpoint (a local one in the tests, or a proxy): the REST base URL, such
    # as http://127.0.0.1:8080/api/v10, and the gateway URL, such as ws://127.0.0.1:8080/.
    discord_api_base: str | None = Field(default=None, pattern=r"^https?://\S+$")
    discord_gateway_url: str | None = Field(default=None, pattern=r"^wss?://\S+$")
