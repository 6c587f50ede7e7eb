"""Building blocks for tests: a token issuer with its JWKS, an app client, a worker in a task."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Role, StaticKeyProvider, public_jwk, sign_access_token
from common.events.base import Envelope
from common.messaging.worker import Worker
from common.platform_tables import outbox
from common.settings import ServiceSettings


@dataclass(frozen=True)
class ServiceSpec:
    """What the shared fixtures need to know about a service under test."""

    name: str
    directory: Path
    settings_cls: type[ServiceSettings]
    app_factory: Callable[..., FastAPI]


@cache
def _rsa_private_pem(seed: str) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@cache
def _static_provider(private_pem: str, kid: str) -> StaticKeyProvider:
    return StaticKeyProvider({"keys": [public_jwk(private_pem, kid)]})


class TokenFactory:
    """Issues access tokens the way the auth service does, with a key only tests know."""

    def __init__(self, *, issuer: str = "shop-auth", audience: str = "shop-api") -> None:
        self.kid = "test-key"
        self.private_pem = _rsa_private_pem("primary")
        self.issuer = issuer
        self.audience = audience

    def jwks(self) -> dict[str, Any]:
        return {"keys": [public_jwk(self.private_pem, self.kid)]}

    def key_provider(self) -> StaticKeyProvider:
        return _static_provider(self.private_pem, self.kid)

    def token(
        self,
        user_id: uuid.UUID | None = None,
        role: Role = "buyer",
        *,
        ttl: int = 900,
        session_id: uuid.UUID | None = None,
    ) -> str:
        return sign_access_token(
            self.private_pem,
            self.kid,
            user_id=user_id or uuid.uuid4(),
            role=role,
            issuer=self.issuer,
            audience=self.audience,
            ttl_seconds=ttl,
            session_id=session_id,
        )

    def headers(self, user_id: uuid.UUID | None = None, role: Role = "buyer") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user_id, role)}"}


def free_port() -> int:
    """A local TCP port nothing listens on right now (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def app_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to ``app`` in-process, with its lifespan running."""
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@contextlib.asynccontextmanager
async def running_worker(worker: Worker) -> AsyncIterator[None]:
    """Runs a service worker (relay, consumer, jobs) in a task for the duration of the block."""
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        ready = asyncio.create_task(worker.ready.wait())
        await asyncio.wait([task, ready], timeout=30, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if task.done():
            task.result()
        if not worker.ready.is_set():
            raise AssertionError("the worker did not start consuming within 30 s")
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


async def outbox_events(session: AsyncSession, routing_key: str | None = None) -> list[Envelope]:
    """The events a service has queued, oldest first (sent or not)."""
    statement = select(outbox.c.body).order_by(outbox.c.created_at)
    if routing_key is not None:
        statement = statement.where(outbox.c.routing_key == routing_key)
    return [Envelope.model_validate_json(body) for body in (await session.scalars(statement))]


async def wait_for(
    probe: Callable[[], Awaitable[Any]], *, timeout: float = 10.0, interval: float = 0.05
) -> Any:
    """Poll ``probe`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last: {result!r})")
        await asyncio.sleep(interval)
