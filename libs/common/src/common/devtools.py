"""Local development commands used by the Makefile: dependency checks, databases, migrations,
and a mail catcher that prints every message it receives.

    python -m common.devtools check
    python -m common.devtools databases [services/auth ...]   (default: every registered service)
    python -m common.devtools migrate [services/auth ...]
    python -m common.devtools mailcatcher --port 1025
    python -m common.devtools dead-letters services/orders [--replay]
"""

from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import importlib
import os
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from common.migrations import ensure_database, upgrade_head
from common.registry import SERVICES
from common.settings import AMQP_DEFAULT, POSTGRES_DEFAULT

HOW_TO_START = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "RabbitMQ": "rabbitmq-server -detached",
    "Redis": "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''",
}


async def _reachable(host: str, port: int) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 3)
    except (OSError, TimeoutError):
        return False
    writer.close()
    await writer.wait_closed()
    return True


async def check() -> int:
    pg = urlsplit(os.environ.get("SHOP_POSTGRES_URL", POSTGRES_DEFAULT).replace("+asyncpg", ""))
    amqp = urlsplit(os.environ.get("SHOP_AMQP_URL", AMQP_DEFAULT))
    redis = urlsplit(os.environ.get("SHOP_REDIS_URL", "redis://127.0.0.1:6379/0"))
    targets = {
        "PostgreSQL": (pg.hostname or "127.0.0.1", pg.port or 5432),
        "RabbitMQ": (amqp.hostname or "127.0.0.1", amqp.port or 5672),
        "Redis": (redis.hostname or "127.0.0.1", redis.port or 6379),
    }
    missing = [name for name, where in targets.items() if not await _reachable(*where)]
    for name in missing:
        host, port = targets[name]
        print(f"{name} is not reachable at {host}:{port}. Start it with:\n  {HOW_TO_START[name]}")
    return 1 if missing else 0


def _service_settings(service_dir: Path) -> Any:
    project = tomllib.loads((service_dir / "pyproject.toml").read_text())["project"]["name"]
    module = importlib.import_module(f"{project.replace('-', '_')}.settings")
    return module.Settings()


async def databases(service_dirs: list[Path]) -> None:
    for service_dir in service_dirs:
        settings = _service_settings(service_dir)
        created = await ensure_database(settings.database_url)
        state = "created" if created else "exists"
        print(f"database {settings.database_url.rsplit('/', 1)[-1]}: {state}")


def migrate(service_dirs: list[Path]) -> None:
    for service_dir in service_dirs:
        upgrade_head(service_dir, _service_settings(service_dir).database_url)
        print(f"{service_dir.name}: migrated to head")


class _PrintingHandler:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        recipients = ", ".join(envelope.rcpt_tos)
        print(f"--- mail to {recipients}: {message['subject']}\n{text.strip()}\n---", flush=True)
        return "250 Message accepted for delivery"


def mailcatcher(host: str, port: int) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(_PrintingHandler(), hostname=host, port=port)
    controller.start()
    print(f"mail catcher listening on {host}:{port}", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


async def dead_letters(service_dir: Path, *, replay: bool) -> None:
    from common.messaging import dead_letters as parked
    from common.messaging.topology import Topology

    settings = _service_settings(service_dir)
    topology = Topology(exchange=settings.events_exchange, queue=settings.queue_name)
    if replay:
        moved = await parked.replay(settings.amqp_url, topology)
        print(f"{topology.dead_letter_queue}: {moved} message(s) sent back to {topology.queue}")
        return
    summary = await parked.inspect(settings.amqp_url, topology)
    print(f"{topology.dead_letter_queue}: {summary.count} message(s)")
    for event_type, count in sorted(summary.by_type.items()):
        print(f"  {event_type}: {count}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m common.devtools")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="check that PostgreSQL, RabbitMQ and Redis answer")
    for name in ("databases", "migrate"):
        sub = commands.add_parser(name)
        sub.add_argument("services", nargs="*", type=Path)
    dead = commands.add_parser("dead-letters", help="show (or --replay) a service's dead letters")
    dead.add_argument("service", type=Path)
    dead.add_argument("--replay", action="store_true")
    mail = commands.add_parser("mailcatcher")
    mail.add_argument("--host", default="127.0.0.1")
    mail.add_argument("--port", type=int, default=1025)
    args = parser.parse_args(argv)
    if args.command in ("databases", "migrate") and not args.services:
        args.services = [Path(entry.directory) for entry in SERVICES]
    if args.command == "check":
        return asyncio.run(check())
    if args.command == "databases":
        asyncio.run(databases(args.services))
    elif args.command == "migrate":
        migrate(args.services)
    elif args.command == "dead-letters":
        asyncio.run(dead_letters(args.service, replay=args.replay))
    elif args.command == "mailcatcher":
        mailcatcher(args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
