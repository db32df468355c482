"""The `jamsos` commands that set the bot up and look after it (`cli` parses them).

The NLU model (train, parse, evaluate), the translation catalogs, the database migrations,
the demo registry (seed-demo) and the back-office accounts (officer add).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from backend.config import Settings
from dialogues.catalogs import check_all, compile_all, default_locales_dir, update_all

NLU_DATA = Path(__file__).resolve().parent.parent / "nlu" / "data"


def nlu(settings: Settings, args: argparse.Namespace) -> int:
    """`jamsos nlu train|parse|evaluate`: the NLU model."""
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


def catalogs(settings: Settings, args: argparse.Namespace) -> int:
    """`jamsos catalogs compile|update|check`: the translation catalogs."""
    locales = settings.locales_dir or default_locales_dir()
    if args.catalogs_command == "compile":
        compile_all(locales)
        return 0
    if args.catalogs_command == "update":
        update_all(locales, args.pot or locales / "messages.pot")
        return 0
    problems = check_all(locales, args.pot)
    for problem in problems:
        print(f"{problem.language}: {problem.problem}: {problem.msgid[:70]!r}", file=sys.stderr)
    return 1 if problems else 0


def db(settings: Settings, args: argparse.Namespace) -> int:
    """`jamsos db upgrade|downgrade|current|revision`: the database migrations."""
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


def seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    """`jamsos seed-demo`: synthetic participants and an officer account."""
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


def officer(settings: Settings, args: argparse.Namespace) -> int:
    """`jamsos officer add`: a back-office account, its password printed once."""
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
