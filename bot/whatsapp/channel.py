"""The WhatsApp channel put together from settings: client, inbox, delivery, consumer, routes.

WhatsApp is on when WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET and
WHATSAPP_VERIFY_TOKEN are all set, off when none is; some but not all is refused at start
(a webhook without its app secret would take unsigned calls, pywa's silent pitfall).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.config import Settings
from backend.expiring import ExpiringKeys
from backend.reachability import Reachability
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.consumer import Consumer
from bot.whatsapp.delivery import Delivery
from bot.whatsapp.handler import MessageHandler
from bot.whatsapp.inbox import Inbox
from bot.whatsapp.sender import WhatsAppSender
from bot.whatsapp.webhook import make_router
from bot.whatsapp.window import Templates
from dialogues.engine import DialogueEngine
from dialogues.i18n import Catalogs
from dialogues.ports import ConversationStore
from dialogues.services import UploadStore

Clock = Callable[[], datetime]
_REQUIRED = ("token", "phone_number_id", "app_secret", "verify_token")


@dataclass(frozen=True, slots=True)
class WhatsAppConfig:
    """The WhatsApp settings, all present."""

    token: str
    phone_number_id: str
    app_secret: str
    verify_token: str
    api_base_url: str
    templates: Templates


def whatsapp_config(settings: Settings) -> WhatsAppConfig | None:
    """Return the WhatsApp settings, None when WhatsApp is off; refuse a partial set."""
    values = {
        "token": settings.whatsapp_token.get_secret_value() if settings.whatsapp_token else "",
        "phone_number_id": settings.whatsapp_phone_number_id or "",
        "app_secret": (
            settings.whatsapp_app_secret.get_secret_value() if settings.whatsapp_app_secret else ""
        ),
        "verify_token": (
            settings.whatsapp_verify_token.get_secret_value()
            if settings.whatsapp_verify_token
            else ""
        ),
    }
    missing = [name for name in _REQUIRED if not values[name]]
    if len(missing) == len(_REQUIRED):
        return None
    if missing:
        names = ", ".join(f"WHATSAPP_{name.upper()}" for name in missing)
        raise ValueError(f"WhatsApp is half configured: set {names} too (or none of them)")
    return WhatsAppConfig(
        **values,
        api_base_url=str(settings.whatsapp_api_base_url),
        templates=Templates(
            by_kind=dict(settings.whatsapp_templates),
            default=settings.whatsapp_template_default,
            languages=dict(settings.whatsapp_template_languages),
        ),
    )


def build_client(
    config: WhatsAppConfig, transport: httpx.AsyncBaseTransport | None = None
) -> WhatsAppClient:
    """Return the Graph API client of the configured number."""
    return WhatsAppClient(
        token=config.token,
        phone_number_id=config.phone_number_id,
        base_url=config.api_base_url,
        transport=transport,
    )


def build_delivery(
    config: WhatsAppConfig,
    *,
    client: WhatsAppClient,
    sessions: async_sessionmaker[AsyncSession],
    reachability: Reachability,
    clock: Clock,
) -> Delivery:
    """Return the queue of messages to WhatsApp users."""
    return Delivery(
        sessions=sessions,
        client=client,
        reachability=reachability,
        templates=config.templates,
        clock=clock,
    )


@dataclass
class WhatsAppChannel:
    """Everything the channel runs with inside `jamsos serve`."""

    client: WhatsAppClient
    inbox: Inbox
    delivery: Delivery
    consumer: Consumer
    router: APIRouter

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the consumer in the background for the block; close the client after."""
        stop = asyncio.Event()
        task = asyncio.create_task(self.consumer.run(stop), name="whatsapp-consumer")
        try:
            yield
        finally:
            stop.set()
            # A round in progress is let finish; one stuck beyond that is cancelled (its
            # events are leased, and processed again after the lease by the next start).
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, timeout=10)
            await self.client.aclose()


def build_channel(
    config: WhatsAppConfig,
    *,
    engine: DialogueEngine,
    sessions: async_sessionmaker[AsyncSession],
    uploads: UploadStore,
    catalogs: Catalogs,
    reachability: Reachability,
    keys: ExpiringKeys | None = None,
    store: ConversationStore | None = None,
    clock: Clock | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    poll_seconds: float = 1.0,
) -> WhatsAppChannel:
    """Return the channel: the webhook's routes and the consumer answering behind them."""
    now = clock or _utc_now
    client = build_client(config, transport)
    inbox = Inbox(sessions=sessions, clock=now, keys=keys)
    delivery = build_delivery(
        config, client=client, sessions=sessions, reachability=reachability, clock=now
    )
    handler = MessageHandler(
        engine=engine, client=client, uploads=uploads, catalogs=catalogs, store=store
    )
    consumer = Consumer(
        sessions=sessions,
        inbox=inbox,
        delivery=delivery,
        handler=handler,
        client=client,
        poll_seconds=poll_seconds,
    )
    router = make_router(
        inbox=inbox,
        app_secret=config.app_secret,
        verify_token=config.verify_token,
        on_kept=consumer.wake,
    )
    return WhatsAppChannel(
        client=client, inbox=inbox, delivery=delivery, consumer=consumer, router=router
    )


def build_sender(
    config: WhatsAppConfig,
    *,
    sessions: async_sessionmaker[AsyncSession],
    reachability: Reachability,
    clock: Clock | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[WhatsAppSender, WhatsAppClient]:
    """Return the outbox worker's WhatsApp sender, and its client to close after."""
    client = build_client(config, transport)
    delivery = build_delivery(
        config, client=client, sessions=sessions, reachability=reachability, clock=clock or _utc_now
    )
    return WhatsAppSender(sessions, delivery), client


def _utc_now() -> datetime:
    return datetime.now(UTC)
