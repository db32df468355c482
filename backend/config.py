"""Typed settings, read from the environment (and `.env`) once and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, HttpUrl, RedisDsn
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an operator can configure; the defaults run on a bare machine."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    redis_url: RedisDsn | None = Field(
        default=None, description="Redis for conversation state; unset keeps it in memory."
    )
    conversation_ttl_seconds: int = Field(
        default=7 * 24 * 3600, gt=0, description="How long an idle conversation is remembered."
    )
    database_url: str = Field(
        default="sqlite+aiosqlite:///.jamsos/jamsos.db",
        description="Claims, participants, officers and the outbox; PostgreSQL in production "
        "(postgresql+psycopg://...), the embedded SQLite file by default.",
    )
    nlu_engine: Literal["builtin", "rasa"] = "builtin"
    rasa_url: HttpUrl = HttpUrl("http://127.0.0.1:5005")
    rasa_timeout_seconds: float = Field(default=5.0, gt=0)
    nlu_model_dir: Path = Path(".jamsos/nlu-model")
    nlu_data_dir: Path | None = Field(
        default=None, description="Training data; unset uses the data shipped in nlu/data."
    )
    locales_dir: Path | None = None
    log_level: str = "INFO"


def get_settings() -> Settings:
    """Build the settings from the environment."""
    return Settings()
