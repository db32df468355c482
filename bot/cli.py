"""The `jamsos` command: chat, serve, the NLU tools, the catalog tools, the database tools."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from backend.config import Settings, get_settings
from bot.logs import configure_logging
from dialogues import catalogs

NLU_DATA = Path(__file__).resolve().parent.parent / "nlu" / "data"


def _chat(settings: Settings, args: argparse.Namespace) -> int:
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


def _serve(settings: Settings, args: argparse.Namespace) -> int:
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


def _nlu(settings: Settings, args: argparse.Namespace) -> int:
    from nlu import commands

    model_dir = args.model or settings.nlu_model_dir
    train_dir = settings.nlu_data_dir or NLU_DATA / "train"
    if args.nlu_command == "train":
        if args.if_missing:
            commands.ensure_model(args.data or train_dir, model_dir)
            return 0
        return commands.train(args.data or train_dir, model_dir, sys.stdout)
    commands.ensure_model(train_dir, model_dir)
    if args.nlu_command == "parse":
        return commands.parse(model_dir, sys.stdin, sys.stdout)
    return commands.evaluate(model_dir, args.test or NLU_DATA / "test", sys.stdout)


def _catalogs(settings: Settings, args: argparse.Namespace) -> int:
    locales = settings.locales_dir or catalogs.default_locales_dir()
    if args.catalogs_command == "compile":
        catalogs.compile_all(locales)
        return 0
    if args.catalogs_command == "update":
        catalogs.update_all(locales, args.pot or locales / "messages.pot")
        return 0
    problems = catalogs.check_all(locales, args.pot)
    for problem in problems:
        print(f"{problem.language}: {problem.problem}: {problem.msgid[:70]!r}", file=sys.stderr)
    return 1 if problems else 0


def _db(settings: Settings, args: argparse.Namespace) -> int:
    from backend.db import database_url, migrate

    url = settings.database_url
    shown = database_url(url).render_as_string(hide_password=True)
    if args.db_command == "revision":
        print(f"created {migrate.new_revision(args.message)}")
        return 0
    if args.db_command == "upgrade":
        asyncio.run(migrate.upgrade(url, args.revision))
    elif args.db_command == "downgrade":
        asyncio.run(migrate.downgrade(url, args.revision))
    print(f"{shown}: at revision {asyncio.run(migrate.current(url)) or 'base (empty)'}")
    return 0


def _seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    from backend.db import make_engine, make_sessionmaker, migrate
    from backend.seed import seed_demo
    from dialogues.rules.common import today_in

    async def main() -> None:
        await migrate.upgrade(settings.database_url)
        engine = make_engine(settings.database_url)
        try:
            async with make_sessionmaker(engine).begin() as session:
                report = await seed_demo(
                    session=session, today=today_in(), reset_password=args.reset_password
                )
        finally:
            await engine.dispose()
        print(
            f"Participants: {report.participants_added} added, "
            f"{report.participants_total} in the demo registry."
        )
        person = report.example
        print(
            f"Link in the chat as {person.name}: KPJ {person.kpj}, NIK {person.nik}, "
            f"born {person.birth_date.isoformat()}."
        )
        if report.officer_password is None:
            print(
                f"Officer account '{report.officer_username}' already exists; its password "
                "is unchanged (jamsos seed-demo --reset-password makes a new one)."
            )
            return
        print(
            f"Officer account: username '{report.officer_username}', "
            f"password '{report.officer_password}' (shown once; keep it)."
        )
        print(
            "Log in: make serve, then POST /api/v1/officer/login with this username and "
            "password, or open http://127.0.0.1:8000/officer/ in a browser."
        )

    asyncio.run(main())
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    import logging
    import signal
    from datetime import UTC, datetime

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
            )
        finally:
            for client in clients:
                await client.aclose()
            await database.dispose()

    asyncio.run(main())
    return 0


def _officer(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from backend.db import make_engine, make_sessionmaker, migrate
    from backend.db.officers import OfficerRole
    from backend.errors import InvalidInput
    from backend.officers.auth import create_officer
    from backend.security import new_password

    async def main() -> int:
        await migrate.upgrade(settings.database_url)
        engine = make_engine(settings.database_url)
        password = new_password()
        try:
            async with make_sessionmaker(engine).begin() as session:
                await create_officer(
                    session=session,
                    username=args.username,
                    password=password,
                    role=OfficerRole(args.role),
                    now=datetime.now(UTC),
                )
        except InvalidInput as error:
            print(f"Not added: {error}", file=sys.stderr)
            return 1
        finally:
            await engine.dispose()
        print(
            f"Officer account: username '{args.username}' ({args.role}), "
            f"password '{password}' (shown once; keep it)."
        )
        return 0

    return asyncio.run(main())


def _telegram(settings: Settings, args: argparse.Namespace) -> int:
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


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `jamsos` command."""
    top = argparse.ArgumentParser(prog="jamsos", description="The Jamsos chatbot.")
    commands = top.add_subparsers(dest="command", required=True)

    commands.add_parser("chat", help="chat with the bot in the terminal").set_defaults(run=_chat)

    serve = commands.add_parser("serve", help="run the HTTP server (REST channel, parse API)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes (sharing Redis and the database)"
    )
    serve.add_argument(
        "--no-access-log", action="store_true", help="no log line per request (uvicorn's)"
    )
    serve.set_defaults(run=_serve)

    nlu = commands.add_parser("nlu", help="train, try and evaluate the NLU model")
    nlu_commands = nlu.add_subparsers(dest="nlu_command", required=True)
    train = nlu_commands.add_parser("train", help="train the model on the training data")
    train.add_argument("--data", type=Path, help="training data (a file or folder of YAML)")
    train.add_argument("--if-missing", action="store_true", help="only when missing or stale")
    nlu_commands.add_parser("parse", help="parse one message a line from standard input")
    evaluate = nlu_commands.add_parser("evaluate", help="evaluate on the held-out split")
    evaluate.add_argument("--test", type=Path, help="held-out data (a file or folder of YAML)")
    for sub in (train, nlu_commands.choices["parse"], evaluate):
        sub.add_argument("--model", type=Path, help="the model folder")
    nlu.set_defaults(run=_nlu)

    cat = commands.add_parser("catalogs", help="compile, update or check the translation catalogs")
    cat.add_argument("catalogs_command", choices=["compile", "update", "check"])
    cat.add_argument("--pot", type=Path, help="the extracted template (update, check)")
    cat.set_defaults(run=_catalogs)

    db = commands.add_parser("db", help="migrate the database (DATABASE_URL)")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_commands.add_parser("upgrade", help="migrate up (to the newest by default)")
    upgrade.add_argument("revision", nargs="?", default="head")
    downgrade = db_commands.add_parser("downgrade", help="migrate down to a revision")
    downgrade.add_argument("revision", help='a revision id, or "base" to remove every table')
    db_commands.add_parser("current", help="show the revision the database is at")
    revision = db_commands.add_parser("revision", help="create an empty, dated migration file")
    revision.add_argument("message", help="what the migration does (becomes the file name)")
    db.set_defaults(run=_db)

    seed = commands.add_parser(
        "seed-demo", help="fill the registry with synthetic participants; create an officer"
    )
    seed.add_argument(
        "--reset-password", action="store_true", help="give the officer a new password"
    )
    seed.set_defaults(run=_seed_demo)

    work = commands.add_parser(
        "worker",
        help="deliver queued messages (the outbox) and JKP reminders to workers, until stopped",
    )
    work.add_argument("--once", action="store_true", help="one batch, then exit")
    work.add_argument("--batch-size", type=int, default=20, help="messages claimed at a time")
    work.set_defaults(run=_worker)

    officer = commands.add_parser("officer", help="back-office accounts")
    officer_commands = officer.add_subparsers(dest="officer_command", required=True)
    add = officer_commands.add_parser("add", help="add an account (prints its password)")
    add.add_argument("username")
    add.add_argument("--role", choices=["officer", "supervisor"], default="officer")
    officer.set_defaults(run=_officer)

    telegram = commands.add_parser("telegram", help="set up the Telegram bot, or poll it")
    telegram_commands = telegram.add_subparsers(dest="telegram_command", required=True)
    webhook = telegram_commands.add_parser(
        "set-webhook", help="register the webhook (with the secret token) and the commands"
    )
    webhook.add_argument("url", help="the public https URL of POST /webhooks/telegram")
    webhook.add_argument("--max-connections", type=int, default=40, help="1 to 100")
    webhook.add_argument(
        "--drop-pending", action="store_true", help="forget updates Telegram holds for us"
    )
    telegram_commands.add_parser(
        "poll", help="long polling for development: no public URL needed (removes the webhook)"
    )
    telegram.set_defaults(run=_telegram)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the `jamsos` command."""
    args = parser().parse_args(argv)
    settings = get_settings()
    configure_logging(
        "WARNING"
        if args.command in {"chat", "nlu", "catalogs", "db", "seed-demo", "officer"}
        else settings.log_level
    )
    result: int = args.run(settings, args)
    return result


if __name__ == "__main__":
    sys.exit(main())
