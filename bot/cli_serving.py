"""The `jamsos` commands that run the bot: chat, serve, worker, telegram (`cli` parses them)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from backend.config import Settings

# Each command imports what it runs when it runs: the others start without the web server,
# the database driver or the Telegram library.


def chat(settings: Settings, args: argparse.Namespace) -> int:
    """`jamsos chat`: talk with the bot in the terminal."""
    from bot import console
    from bot.wiring import build_runtime

    async def main() -> None:
        runtime = build_runtime(settings)
        try:
            await console.run(runtime.engine, sys.stdin, sys.stdout)
        finally:
            await runtime.aclose()

    asyncio.run(main())
    return 0


def serve(settings: Settings, args: argparse.Namespace) -> int:
    """`jamsos serve`: the HTTP server, in one process or `--workers` of them."""
    import uvicorn

    if args.workers > 1:
        # Each worker process builds its own app (and logging) from the environment.
        uvicorn.run(
            "bot.wiring:app_from_environment",
            factory=True,
            workers=args.workers,
            host=args.host,
            port=args.port,
            log_config=None,
            access_log=not args.no_access_log,
        )
        return 0
    from bot.wiring import build_app

    uvicorn.run(
        build_app(settings),
        host=args.host,
        port=args.port,
        log_config=None,
        access_log=not args.no_access_log,
    )
    return 0


def worker(settings: Settings, args: argparse.Namespace) -> int:
    """`jamsos worker`: deliver the outbox and the JKP reminders, purge what is kept no longer
    (one round of each with `--once`)."""
    import logging
    import signal
    from datetime import UTC, datetime

    from backend import retention
    from backend.db import make_engine, make_sessionmaker
    from backend.delivery import worker
    from backend.reminders.setup import build_queue, engine_options
    from bot.wiring import build_senders
    from dialogues.i18n import Catalogs

    log = logging.getLogger("jamsos.worker")

    async def main() -> None:
        database = make_engine(settings.database_url, **engine_options(settings))
        sessions = make_sessionmaker(database)
        senders, clients = build_senders(settings, sys.stdout, sessions)
        if "rest" not in senders:
            log.warning("REST_CALLBACK_URL is not set: messages to REST users stay queued")
        options = worker.WorkerOptions(batch_size=args.batch_size)
        catalogs = Catalogs(settings.locales_dir)
        # JKP reminders go out beside the outbox, through the same senders.
        reminders = build_queue(
            settings,
            sessions=sessions,
            senders=senders,
            catalogs=catalogs,
            clock=lambda: datetime.now(UTC),
        )
        try:
            if args.once:
                report = await worker.deliver_due(
                    sessions=sessions,
                    senders=senders,
                    catalogs=catalogs,
                    clock=lambda: datetime.now(UTC),
                    options=options,
                )
                print(f"{report.claimed} claimed, {report.sent} sent, {report.failed} failed")
                print(f"{await reminders.run_once()} JKP reminders handled")
                purged = await retention.purge(
                    sessions=sessions,
                    uploads_dir=settings.uploads_dir,
                    now=datetime.now(UTC),
                    periods=retention.RetentionPeriods.from_settings(settings),
                )
                print(f"purged: {purged.deleted()}")
                return
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signal_number, stop.set)
            log.info("delivering the outbox for channels: %s", ", ".join(senders))
            await asyncio.gather(
                worker.run(
                    sessions=sessions,
                    senders=senders,
                    catalogs=catalogs,
                    clock=lambda: datetime.now(UTC),
                    poll_seconds=settings.worker_poll_seconds,
                    stop=stop,
                    options=options,
                ),
                reminders.run(stop),
                # Personal data no longer needed goes (backend.retention: what, after how long).
                retention.run(settings, sessions=sessions, stop=stop),
            )
        finally:
            for client in clients:
                await client.aclose()
            await database.dispose()

    asyncio.run(main())
    return 0


def telegram(settings: Settings, args: argparse.Namespace) -> int:
    """`jamsos telegram set-webhook|poll`: register the webhook, or poll for updates."""
    import signal

    from backend.errors import InvalidInput
    from bot.telegram import commands
    from bot.telegram import setup as telegram_setup
    from bot.wiring import build_runtime
    from dialogues.i18n import Catalogs

    async def set_webhook() -> None:
        secret = settings.telegram_webhook_secret
        if secret is None:
            raise InvalidInput("TELEGRAM_WEBHOOK_SECRET", "is not set")
        bot = telegram_setup.build_bot_for_setup(settings)
        async with bot:
            await commands.set_webhook(
                bot,
                args.url,
                secret.get_secret_value(),
                max_connections=args.max_connections,
                drop_pending=args.drop_pending,
            )
            await commands.register_commands(bot, Catalogs(settings.locales_dir))
        print(f"Webhook set to {args.url}; commands registered in English and Indonesian.")

    async def poll() -> None:
        runtime = build_runtime(settings)
        application = telegram_setup.build_channel(
            settings,
            engine=runtime.engine,
            services=runtime.services,
            keys=telegram_setup.shared_keys(runtime.redis, runtime.sessions),
            sessions=runtime.sessions,
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        try:
            async with application:
                await commands.register_commands(application.bot, Catalogs(settings.locales_dir))
                print("Polling Telegram for updates (the webhook is removed); Ctrl+C stops.")
                await commands.poll(application, stop)
        finally:
            await runtime.aclose()

    try:
        asyncio.run(set_webhook() if args.telegram_command == "set-webhook" else poll())
    except InvalidInput as error:
        print(f"{error.field} {error.message}: see the README (Telegram).", file=sys.stderr)
        return 1
    return 0
