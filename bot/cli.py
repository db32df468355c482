"""The `jamsos` command: its subcommands, each with its options and the function that runs it.

Running the bot (chat, serve, worker, telegram) is `cli_serving`; setting it up and looking
after it (nlu, catalogs, db, seed-demo, officer) is `cli_admin`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backend.config import get_settings
from bot import cli_admin, cli_serving
from bot.logs import configure_logging


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `jamsos` command."""
    top = argparse.ArgumentParser(prog="jamsos", description="The Jamsos chatbot.")
    commands = top.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="chat with the bot in the terminal")
    chat.set_defaults(run=cli_serving.chat)

    serve = commands.add_parser("serve", help="run the HTTP server (REST channel, parse API)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes (sharing Redis and the database)"
    )
    serve.add_argument(
        "--no-access-log", action="store_true", help="no log line per request (uvicorn's)"
    )
    serve.set_defaults(run=cli_serving.serve)

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
    nlu.set_defaults(run=cli_admin.nlu)

    cat = commands.add_parser("catalogs", help="compile, update or check the translation catalogs")
    cat.add_argument("catalogs_command", choices=["compile", "update", "check"])
    cat.add_argument("--pot", type=Path, help="the extracted template (update, check)")
    cat.set_defaults(run=cli_admin.catalogs)

    db = commands.add_parser("db", help="migrate the database (DATABASE_URL)")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_commands.add_parser("upgrade", help="migrate up (to the newest by default)")
    upgrade.add_argument("revision", nargs="?", default="head")
    downgrade = db_commands.add_parser("downgrade", help="migrate down to a revision")
    downgrade.add_argument("revision", help='a revision id, or "base" to remove every table')
    db_commands.add_parser("current", help="show the revision the database is at")
    revision = db_commands.add_parser("revision", help="create an empty, dated migration file")
    revision.add_argument("message", help="what the migration does (becomes the file name)")
    db.set_defaults(run=cli_admin.db)

    seed = commands.add_parser(
        "seed-demo", help="fill the registry with synthetic participants; create an officer"
    )
    seed.add_argument(
        "--reset-password", action="store_true", help="give the officer a new password"
    )
    seed.set_defaults(run=cli_admin.seed_demo)

    work = commands.add_parser(
        "worker",
        help="deliver queued messages (the outbox) and JKP reminders to workers, until stopped",
    )
    work.add_argument("--once", action="store_true", help="one batch, then exit")
    work.add_argument("--batch-size", type=int, default=20, help="messages claimed at a time")
    work.set_defaults(run=cli_serving.worker)

    officer = commands.add_parser("officer", help="back-office accounts")
    officer_commands = officer.add_subparsers(dest="officer_command", required=True)
    add = officer_commands.add_parser("add", help="add an account (prints its password)")
    add.add_argument("username")
    add.add_argument("--role", choices=["officer", "supervisor"], default="officer")
    officer.set_defaults(run=cli_admin.officer)

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
    telegram.set_defaults(run=cli_serving.telegram)
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
