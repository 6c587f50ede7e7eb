"""``python -m webhooks.cli``: ``listen`` for developers, the encryption-key commands for
operators.

``listen --forward-to URL`` receives webhooks on a developer's machine. Like Stripe CLI's
``listen``: it creates a temporary endpoint for the logged-in user that points at a small local
receiver, prints each event it receives, forwards it (same body and ``webhook-*`` headers, so
still signed) to ``--forward-to``, answers the platform with the local app's status (so
failures are retried and logged), and deletes the endpoint on exit.
The platform sends to loopback addresses only in development, where ``make run`` runs.

    export SHOP_TOKEN=$(curl -s localhost:8000/api/auth/token -d ... | jq -r .access_token)
    uv run python -m webhooks.cli listen --forward-to http://localhost:3000/hooks

``generate-encryption-key`` prints a new key for ``WEBHOOKS_SECRETS_KEY``;
``rotate-encryption-key`` re-encrypts every stored endpoint secret with the newest key of
``WEBHOOKS_SECRETS_KEY`` (run against the service's database, with its settings), after which
the older keys can be removed from the setting.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import aiohttp
import httpx
from aiohttp import web
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from common.db import create_engine, create_sessionmaker, utcnow
from webhooks import encryption
from webhooks.service import encryption as encryption_service
from webhooks.settings import Settings, get_settings

FORWARDED = ("webhook-id", "webhook-timestamp", "webhook-signature", "content-type")


class Listener:
    """The local receiver and its temporary endpoint. ``api`` reaches the webhooks API
    (through the gateway: ``http://localhost:8000/api/webhooks``) as the logged-in user."""

    def __init__(
        self,
        api: httpx.AsyncClient,
        *,
        forward_to: str,
        event_types: Sequence[str] = ("*",),
        host: str = "127.0.0.1",
        port: int = 0,
        out: TextIO = sys.stdout,
    ) -> None:
        self._api = api
        self._forward_to = forward_to
        self._event_types = list(event_types)
        self._host = host
        self._port = port
        self._out = out
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self.endpoint_id: str | None = None
        self.secret = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/", self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        server: Any = site._server
        port = server.sockets[0].getsockname()[1]
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        response = await self._api.post(
            "/endpoints",
            json={
                "url": f"http://{self._host}:{port}/",
                "event_types": self._event_types,
                "description": f"webhooks.cli listen --forward-to {self._forward_to}",
            },
        )
        if response.status_code != 201:
            await self.stop()
            raise SystemExit(
                f"could not create the endpoint: {response.status_code} {response.text}"
            )
        created = response.json()
        self.endpoint_id, self.secret = created["id"], created["secret"]
        self._print(
            f"Ready. Forwarding {', '.join(self._event_types)} to {self._forward_to}\n"
            f"Your webhook signing secret is {self.secret} (endpoint {self.endpoint_id})"
        )

    async def stop(self) -> None:
        if self.endpoint_id is not None:
            with contextlib.suppress(httpx.HTTPError):
                await self._api.delete(f"/endpoints/{self.endpoint_id}")
            self._print(f"Deleted the temporary endpoint {self.endpoint_id}")
            self.endpoint_id = None
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            event = Webhook(self.secret).verify(body, dict(request.headers))
        except WebhookVerificationError as exc:
            self._print(f"refused a delivery that does not verify: {exc}")
            return web.Response(status=400, text="signature does not verify")
        headers = {name: request.headers[name] for name in FORWARDED if name in request.headers}
        assert self._http is not None
        try:
            async with self._http.post(
                self._forward_to, data=body, headers=headers, allow_redirects=False
            ) as forwarded:
                status = forwarded.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._print(f"{event['type']:<34} {headers['webhook-id']}  -> not forwarded: {exc}")
            return web.Response(status=502, text=f"forwarding failed: {exc}")
        self._print(f"{event['type']:<34} {headers['webhook-id']}  -> {status}")
        return web.Response(status=status, text="forwarded")

    def _print(self, line: str) -> None:
        print(line, file=self._out, flush=True)


async def listen(args: argparse.Namespace, *, stop: asyncio.Event | None = None) -> None:
    token = args.token or os.environ.get("SHOP_TOKEN", "")
    if not token:
        raise SystemExit("log in first: pass --token or set SHOP_TOKEN to an access token")
    stop = stop or _stop_on_signals()
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=args.api_url, headers=headers, timeout=10) as api:
        listener = Listener(
            api, forward_to=args.forward_to, event_types=args.events, port=args.port
        )
        await listener.start()
        try:
            await stop.wait()
        finally:
            await listener.stop()


async def rotate_encryption_key(
    args: argparse.Namespace, *, settings: Settings | None = None, out: TextIO = sys.stdout
) -> None:
    """Re-encrypt every endpoint's secrets with the newest key, a batch per transaction (a
    run stopped halfway is simply run again: rows already moved are left as they are)."""
    settings = settings or get_settings()
    keyring = settings.keyring
    engine = create_engine(settings.database_url, pool_size=1, max_overflow=0)
    sessionmaker = create_sessionmaker(engine)
    after, seen, rewritten, dropped = uuid.UUID(int=0), 0, 0, 0
    try:
        while True:
            async with sessionmaker.begin() as session:
                batch = await encryption_service.reencrypt_batch(
                    session, keyring, after=after, limit=args.batch_size, now=utcnow()
                )
            seen, rewritten = seen + batch.endpoints, rewritten + batch.rewritten
            dropped += batch.expired_dropped
            if batch.last_id is None:
                break
            after = batch.last_id
    except encryption_service.NotDecrypted as exc:
        raise SystemExit(
            f"stopped after {seen} endpoints: {exc}. Add the key it names to "
            "WEBHOOKS_SECRETS_KEY and run again."
        ) from exc
    finally:
        await engine.dispose()
    print(
        f"{seen} endpoints: {rewritten} rewritten, every secret now encrypted with key "
        f"{keyring.current_id} ({dropped} expired previous secrets dropped). The older keys "
        "can be removed from WEBHOOKS_SECRETS_KEY.",
        file=out,
        flush=True,
    )


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m webhooks.cli")
    commands = root.add_subparsers(dest="command", required=True)
    command = commands.add_parser("listen", help="receive your events and forward them locally")
    command.add_argument(
        "--forward-to", required=True, help="your local URL, e.g. http://localhost:3000/hooks"
    )
    command.add_argument("--events", nargs="+", default=["*"], help="event types (default: all)")
    command.add_argument("--api-url", default="http://localhost:8000/api/webhooks")
    command.add_argument("--token", default="", help="an access token (default: $SHOP_TOKEN)")
    command.add_argument("--port", type=int, default=0, help="local receiver port (default: any)")
    rotate = commands.add_parser(
        "rotate-encryption-key",
        help="re-encrypt every endpoint secret with the newest key of WEBHOOKS_SECRETS_KEY",
    )
    rotate.add_argument("--batch-size", type=int, default=500, help="endpoints per transaction")
    commands.add_parser("generate-encryption-key", help="print a new key for WEBHOOKS_SECRETS_KEY")
    return root


def main(argv: Sequence[str] | None = None, run: Callable[..., Any] = asyncio.run) -> None:
    args = parser().parse_args(argv)
    if args.command == "generate-encryption-key":
        print(encryption.generate_key())
    elif args.command == "rotate-encryption-key":
        run(rotate_encryption_key(args))
    else:
        run(listen(args))


if __name__ == "__main__":
    main()
