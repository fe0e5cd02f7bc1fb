"""Command line: `python -m bot run | chat | bridge | console | db upgrade | keys | programs |
users`."""

from __future__ import annotations

import argparse
import os
import sys

from bot.console.cli import add_parser as add_users_parser
from bot.programs.cli import add_parser as add_programs_parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command and run it."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start action server, Rasa and Telegram (or terminal chat)")
    chat = sub.add_parser("chat", help="terminal chat with a running Rasa server")
    chat.add_argument("--sender", default=None, help="pseudonymous sender id to use")
    sub.add_parser("bridge", help="run the Telegram bridge (needs TELEGRAM_BOT_TOKEN)")
    db = sub.add_parser("db", help="database commands")
    db.add_argument("action", choices=["upgrade"])
    keys = sub.add_parser("keys", help="data encryption keys")
    keys.add_argument("action", choices=["rotate"],
                      help="add a new key and re-encrypt stored conversations with it")
    add_programs_parser(sub)  # import | export | seed (bot/programs/cli.py)
    add_users_parser(sub)  # create-admin | create | list | set-password (bot/console/cli.py)
    sub.add_parser("console", help="serve the staff console")
    args = parser.parse_args(argv)
    if args.command in ("run", "chat", "bridge", "console", "users"):
        # These processes never run Rasa. spaCy (for the crisis net) imports thinc, which
        # imports TensorFlow when it can: 3 s and about 360 MB for nothing. Keep it out.
        sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]

    from bot.config import SettingsError, load_settings
    from bot.logsetup import setup_logging

    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Settings: {error}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level)

    if args.command == "db":
        from bot.db.migrate import upgrade

        upgrade(settings.database_url)
        print("database is up to date")
        return 0
    if args.command == "programs":
        from bot.programs.cli import run as run_programs

        return run_programs(args, settings.database_url)
    if args.command == "keys":
        from bot.crypto import new_key_file_line
        from bot.db.session import engine_for
        from bot.db.tracker_store import reencrypt_events

        if not os.environ.get("DATA_ENCRYPTION_KEYS"):
            new_key_file_line(settings.data_key_file)
        else:
            print("DATA_ENCRYPTION_KEYS is set: put the new key first there, then run this "
                  "again to re-encrypt")
        count = reencrypt_events(engine_for(settings.tracker_store_url), settings.data_key_file)
        print(f"re-encrypted {count} stored events with the newest key")
        return 0
    if args.command == "users":
        from bot.console.cli import run as run_users
        from bot.db.migrate import upgrade

        upgrade(settings.database_url)
        return run_users(args, settings.database_url)
    if args.command == "console":
        from bot.console.serve import serve

        return serve(settings)
    if args.command == "run":
        from bot.runner import run

        return run(settings)
    if args.command == "chat":
        from bot.terminal import chat

        return chat(settings, sender=args.sender)
    if args.command == "bridge":
        from bot.telegram.main import run_bridge

        return run_bridge(settings)
    return 2


if __name__ == "__main__":
    sys.exit(main())
