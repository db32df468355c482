"""Typed settings, read from the environment (and `.env`) once and passed in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, HttpUrl, RedisDsn, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


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
    uploads_dir: Path = Field(
        default=Path(".jamsos/uploads"),
        description="Where the files workers send are kept: outside any served folder.",
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
    officer_token_ttl_minutes: int = Field(
        default=480, gt=0, le=7 * 24 * 60, description="How long an officer's login lasts."
    )
    officer_login_max_failures: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Failed logins to one username within OFFICER_LOGIN_WINDOW_MINUTES that "
        "lock it for OFFICER_LOGIN_LOCK_MINUTES (even the right password is refused).",
    )
    officer_login_max_failures_per_address: int = Field(
        default=20,
        ge=1,
        le=10_000,
        description="Failed logins from one client address (an IPv6 /64) within "
        "OFFICER_LOGIN_WINDOW_MINUTES, whatever the usernames, that lock it out.",
    )
    officer_login_window_minutes: int = Field(
        default=15,
        gt=0,
        le=24 * 60,
        description="How long failed logins are counted, from the first one.",
    )
    officer_login_lock_minutes: int = Field(
        default=15,
        gt=0,
        le=24 * 60,
        description="How long a username or address with too many failed logins is refused.",
    )
    rest_callback_url: HttpUrl | None = Field(
        default=None,
        description="Where `jamsos worker` POSTs messages to REST-channel users (Rasa's "
        "callback shape); unset keeps them queued until one is configured.",
    )
    rest_callback_timeout_seconds: float = Field(default=10.0, gt=0)
    worker_poll_seconds: float = Field(
        default=2.0, gt=0, description="How often `jamsos worker` looks for due messages."
    )
    telegram_bot_token: SecretStr | None = Field(
        default=None, description="The bot's token from @BotFather; unset turns Telegram off."
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None,
        description="The X-Telegram-Bot-Api-Secret-Token Telegram sends (registered by `jamsos "
        "telegram set-webhook`); unset, POST /webhooks/telegram refuses every request.",
    )
    telegram_api_base_url: HttpUrl = Field(
        default=HttpUrl("https://api.telegram.org"),
        description="The Bot API server: Telegram's, a local Bot API server, or a test fake.",
    )
    telegram_messages_per_second: float = Field(
        default=30.0, gt=0, description="Telegram's overall sending limit (bulk messages)."
    )
    telegram_max_retries: int = Field(
        default=2, ge=0, le=10, description="Tries again after Telegram's 429 (retry_after)."
    )

    whatsapp_token: SecretStr | None = Field(
        default=None,
        description="The Cloud API access token; WhatsApp is on when it, the phone number id, "
        "the app secret and the verify token are all set.",
    )
    whatsapp_phone_number_id: str | None = Field(
        default=None, description="The business phone number's id (not the number itself)."
    )
    whatsapp_app_secret: SecretStr | None = Field(
        default=None, description="The Meta app's secret: X-Hub-Signature-256 is checked with it."
    )
    whatsapp_verify_token: SecretStr | None = Field(
        default=None, description="What Meta sends as hub.verify_token when the webhook is set."
    )
    whatsapp_api_base_url: HttpUrl = Field(
        default=HttpUrl("https://graph.facebook.com/v22.0"),
        description="The Graph API, with its version; a test fake in tests.",
    )
    whatsapp_templates: dict[str, str] = Field(
        default_factory=dict,
        description="Approved templates by kind of message, as JSON: the longest matching "
        'prefix wins, e.g. {"claim": "claim_update", "ticket": "officer_reply"}.',
    )
    whatsapp_template_default: str = Field(
        default="jamsos_message_waiting",
        description="The template sent for any other kind of message outside the 24 hours.",
    )
    whatsapp_template_languages: dict[str, str] = Field(
        default_factory=lambda: {"id": "id", "en": "en"},
        description="The templates' language code for each reply language.",
    )

    reminder_queue: Literal["auto", "procrastinate", "poll"] = Field(
        default="auto",
        description="How `jamsos worker` finds due JKP reminders: `auto` uses the PostgreSQL "
        "job queue (procrastinate) on PostgreSQL and polls the table (one worker) on SQLite.",
    )
    reminder_concurrency: int = Field(
        default=8, ge=1, le=200, description="JKP reminders one worker process sends at once."
    )
    reminder_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a worker holds a reminder it is sending (renewed just before "
        "the send); after that another worker may take it over.",
    )
    reminder_sweep_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How often due reminders are put in the job queue (and reminders whose "
        "worker died are taken back).",
    )
    reminder_poll_seconds: float = Field(
        default=1.0, gt=0, description="How often the queue is asked for reminders now due."
    )
    reminder_messages_per_second: dict[str, float] = Field(
        default_factory=lambda: {"telegram": 30.0, "whatsapp": 80.0},
        description="At most this many reminders a second per channel, as JSON, kept by all "
        "worker processes together on PostgreSQL; a channel not named has no limit of ours.",
    )
    reminder_resend_in_doubt: list[str] = Field(
        default_factory=lambda: ["rest", "whatsapp"],
        description="Channels that drop a repeated idempotency key: a reminder left in doubt "
        "by a worker that died mid-send is sent again there; elsewhere it is not (at most "
        "once).",
    )

    retention_every_seconds: float = Field(
        default=3600.0,
        gt=0,
        description="How often `jamsos worker` deletes what is kept no longer (backend.retention).",
    )
    retention_inbox_days: int = Field(
        default=7,
        ge=7,
        description="Processed WhatsApp webhook events are deleted this long after processing: "
        "WhatsApp redelivers a webhook for up to 7 days, and the row is what recognises it.",
    )
    retention_whatsapp_messages_days: int = Field(
        default=30,
        ge=1,
        description="WhatsApp messages delivered, read or failed are deleted this long after "
        "their last change (still `sent` ones: 30 days at least); queued and held ones never.",
    )
    retention_uploads_days: int = Field(
        default=14,
        ge=1,
        description="Files sent that no claim holds are deleted this long after they came (at "
        "least the conversation time to live: a filing in progress may still attach them).",
    )
    retention_outbox_days: int = Field(
        default=30,
        ge=1,
        description="Outbox messages are deleted this long after they were sent; unsent never.",
    )
    retention_link_attempts_days: int = Field(
        default=30,
        ge=1,
        description="Tries at linking a chat to a participant are deleted after this long.",
    )

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _telegram_secret_allowed(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram refuses other characters in secret_token; better to fail at start.
        if value is not None and not _TELEGRAM_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("1 to 256 characters: A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _uploads_outlive_conversations(self) -> Settings:
        # A filing in progress lives in its conversation: its files must outlive it.
        if self.retention_uploads_days * 24 * 3600 < self.conversation_ttl_seconds:
            raise ValueError(
                "RETENTION_UPLOADS_DAYS must be at least CONVERSATION_TTL_SECONDS: a filing in "
                "progress would lose its files"
            )
        return self


def get_settings() -> Settings:
    """Build the settings from the environment."""
    return Settings()
