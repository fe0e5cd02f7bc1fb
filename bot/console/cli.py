"""`python -m bot users create-admin | create | list | set-password`: accounts from a shell."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sqlalchemy import select

from bot.accounts import auth
from bot.accounts.models import ROLES, StaffAccount
from bot.db.session import session_factory


def add_parser(sub: Any) -> None:
    """The `users` command and its actions."""
    users = sub.add_parser("users", help="staff console accounts")
    actions = users.add_subparsers(dest="users_action", required=True)
    admin = actions.add_parser("create-admin", help="create an admin account")
    create = actions.add_parser("create", help="create an account with a role")
    create.add_argument("--role", choices=ROLES, required=True)
    reset = actions.add_parser("set-password", help="set a new password for an account")
    for parser in (admin, create, reset):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from standard input (for scripts)")
    for parser in (admin, create):
        parser.add_argument("--display-name", default="",
                            help="first name or alias shown to survivors")
    actions.add_parser("list", help="list accounts (no passwords)")


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 10 characters): ")
    if getpass.getpass("Same password again: ") != first:
        raise auth.AccountError("The two passwords are not the same.")
    return first


def run(args: argparse.Namespace, database_url: str) -> int:
    """Do the asked action; 0 on success, 1 with a message on bad input."""
    session = session_factory(database_url)()
    try:
        if args.users_action == "list":
            for account in session.execute(
                    select(StaffAccount).order_by(StaffAccount.username)).scalars():
                state = "active" if account.active else "off"
                print(f"{account.username}\t{account.role}\t{state}\t{account.display_name}")
            return 0
        if args.users_action == "set-password":
            account = session.execute(select(StaffAccount).where(
                StaffAccount.username == args.username.strip().lower())).scalar_one_or_none()
            if account is None:
                print(f"No account {args.username!r}.", file=sys.stderr)
                return 1
            auth.set_password(session, account, _password(args), "cli")
            session.commit()
            print(f"Password set for {account.username}.")
            return 0
        role = "admin" if args.users_action == "create-admin" else args.role
        account = auth.create_account(session, args.username, _password(args), role,
                                      args.display_name, actor="cli")
        session.commit()
        print(f"Created {role} account {account.username}.")
        return 0
    except auth.AccountError as problem:
        session.rollback()
        print(f"Not done: {problem}", file=sys.stderr)
        return 1
    finally:
        session.close()
