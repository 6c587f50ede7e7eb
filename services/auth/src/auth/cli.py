"""Operator commands of the auth service.

    auth-admin                      create the admin account from settings (idempotent)
    auth-keys rotate                add a new signing key (older keys stay published)
    auth-keys list                  show every key and whether it is published
    auth-keys retire KID            stop publishing a key (tokens it signed stop verifying)

The same as ``python -m auth.cli create-admin | rotate-key | list-keys | retire-key KID``.
Settings come from ``AUTH_*`` environment variables, as for the api.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from auth.runtime import password_hasher
from auth.service import keys as key_service
from auth.service.admin import ensure_admin
from auth.settings import Settings, get_settings
from common.db import create_engine, create_sessionmaker


async def create_admin(
    settings: Settings, *, email: str | None, username: str | None, password: str | None
) -> str:
    engine = create_engine(settings.database_url, pool_size=1, max_overflow=0)
    try:
        async with create_sessionmaker(engine).begin() as session:
            created = await ensure_admin(
                session,
                passwords=password_hasher(settings),
                email=email or settings.admin_email,
                username=username or settings.admin_username,
                password=password or settings.admin_password,
            )
    finally:
        await engine.dispose()
    who = email or settings.admin_email
    return f"admin {who} created" if created else f"admin {who} already exists; left unchanged"


async def manage_keys(settings: Settings, action: str, kid: str | None = None) -> str:
    engine = create_engine(settings.database_url, pool_size=1, max_overflow=0)
    try:
        async with create_sessionmaker(engine).begin() as session:
            if action == "rotate":
                key = await key_service.rotate(session)
                return f"new signing key {key.kid}; older keys stay published until retired"
            if action == "retire":
                assert kid is not None
                await key_service.retire(session, kid=kid)
                return f"retired {kid}"
            rows = await key_service.listing(session)
            return (
                "\n".join(
                    f"{row.kid}\tcreated {row.created_at:%Y-%m-%d %H:%M}\t"
                    + ("retired" if row.retired_at else "published")
                    for row in rows
                )
                or "no keys yet (the api creates one at first start)"
            )
    finally:
        await engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m auth.cli", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create the admin account (idempotent)")
    admin.add_argument("--email")
    admin.add_argument("--username")
    admin.add_argument("--password", help="defaults to the admin_password setting")
    commands.add_parser("rotate-key", help="add a new signing key")
    commands.add_parser("list-keys", help="list signing keys")
    retire = commands.add_parser("retire-key", help="stop publishing a signing key")
    retire.add_argument("kid")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = get_settings()
    try:
        if args.command == "create-admin":
            message = asyncio.run(
                create_admin(
                    settings, email=args.email, username=args.username, password=args.password
                )
            )
        else:
            action = {"rotate-key": "rotate", "list-keys": "list", "retire-key": "retire"}
            kid = getattr(args, "kid", None)
            message = asyncio.run(manage_keys(settings, action[args.command], kid))
    except key_service.KeyOperationRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(message)
    return 0


def admin_main() -> None:
    """``auth-admin [--email E --username U --password P]``"""
    sys.exit(main(["create-admin", *sys.argv[1:]]))


def keys_main() -> None:
    """``auth-keys rotate | list | retire KID``"""
    argv = sys.argv[1:]
    aliases = {"rotate": "rotate-key", "list": "list-keys", "retire": "retire-key"}
    if argv and argv[0] in aliases:
        argv = [aliases[argv[0]], *argv[1:]]
    sys.exit(main(argv))


if __name__ == "__main__":
    sys.exit(main())
