"""Fixtures for the auth suite: a real SMTP server collecting mail, Redis, and API helpers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from redis.asyncio import Redis

from auth.mail import deliver_all_due
from auth.main import create_app
from auth.service.keys import generate_key
from auth.service.recovery import answer_reset_requests
from auth.settings import Settings
from common.auth import StaticKeyProvider
from common.testing import ServiceSpec, TokenFactory
from common.testing.mail import Mailbox
from common.testing.mail import smtp_server as running_smtp_server

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def service_spec() -> ServiceSpec:
    return ServiceSpec(
        name="auth",
        directory=Path(__file__).resolve().parents[1],
        settings_cls=Settings,
        app_factory=create_app,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fresh_keys: start the app with no signing key (it generates its own)"
    )


@pytest.fixture(scope="session")
def _signing_key_pem() -> str:
    return generate_key().private_pem


@pytest.fixture(scope="session")
def _token_factory_keys() -> StaticKeyProvider:
    """The plugin's token factory keys, built once (parsing its PEM costs tens of ms)."""
    return TokenFactory().key_provider()


@pytest.fixture
async def app(
    request: pytest.FixtureRequest,
    service_spec: ServiceSpec,
    settings: Settings,
    database_url: str,
    _signing_key_pem: str,
    _token_factory_keys: StaticKeyProvider,
) -> FastAPI:
    """The plugin's app, on a database already holding a signing key made once per session:
    generating an RSA key at every app start would dominate the suite's run time. Tests
    marked ``fresh_keys`` see the real first start."""
    if not request.node.get_closest_marker("fresh_keys"):
        conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await conn.execute(
                "INSERT INTO signing_key (kid, private_pem) VALUES ($1, $2)",
                "test-session-key",
                _signing_key_pem,
            )
        finally:
            await conn.close()
    return service_spec.app_factory(settings, key_provider=_token_factory_keys)


@pytest.fixture(scope="session")
def smtp_server():
    with running_smtp_server() as mailbox:
        yield mailbox


@pytest.fixture
def mailbox(smtp_server: Mailbox) -> Mailbox:
    smtp_server.clear()
    return smtp_server


@pytest.fixture
def settings_overrides(smtp_server: Mailbox) -> dict[str, object]:
    """Cheap argon2, a private Redis namespace and the test SMTP server, for every test."""
    return {
        "smtp_port": smtp_server.port,
        "argon2_time_cost": 1,
        "argon2_memory_cost": 1024,
        "redis_prefix": f"test:{uuid.uuid4().hex[:10]}:auth:",
        "code_resend_seconds": 0,
        "email_retry_base_seconds": 0.1,
    }


@pytest.fixture
async def redis(settings: Settings):
    client = Redis.from_url(settings.redis_url)
    yield client
    await client.aclose()


@dataclass
class Account:
    id: uuid.UUID
    email: str
    username: str
    password: str
    role: str
    access_token: str
    refresh_token: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


class Api:
    """Calls the tests repeat: ``await api.register(name="ada")``, ``await api.login("ada")``."""

    password = PASSWORD

    def __init__(self, client: AsyncClient) -> None:
        self.client = client

    async def register(self, **fields: Any) -> Any:
        name = fields.pop("name", None) or f"user{uuid.uuid4().hex[:8]}"
        body = {"email": f"{name}@example.com", "username": name, "password": PASSWORD, **fields}
        return await self.client.post("/register", json=body)

    async def login(self, username: str, password: str = PASSWORD, **kw: Any) -> Any:
        body = {"username": username, "password": password}
        return await self.client.post("/token", json=body, **kw)


@pytest.fixture
def api(client: AsyncClient) -> Api:
    return Api(client)


@pytest.fixture
def make_account(api: Api):
    """Register and sign in a new account: ``await make_account(role="seller")``."""

    async def make(role: str = "buyer", name: str | None = None) -> Account:
        response = await api.register(role=role, name=name)
        assert response.status_code == 201, response.text
        user = response.json()
        tokens = (await api.login(user["username"])).json()
        return Account(
            id=uuid.UUID(user["id"]),
            email=user["email"],
            username=user["username"],
            password=PASSWORD,
            role=role,
            access_token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
        )

    return make


@pytest.fixture
async def admin(api: Api, client: AsyncClient, settings: Settings) -> Account:
    """The admin account the api created at start-up, signed in."""
    tokens = (await api.login(settings.admin_username, settings.admin_password)).json()
    me = (
        await client.get("/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    ).json()
    return Account(
        id=uuid.UUID(me["id"]),
        email=me["email"],
        username=me["username"],
        password=settings.admin_password,
        role="admin",
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )


@pytest.fixture
def deliver(sessionmaker, settings: Settings):
    """Run the worker's delivery job once: answer reset requests, then mail (real SMTP to the
    test server)."""

    async def run() -> int:
        await answer_reset_requests(sessionmaker, settings)
        return await deliver_all_due(sessionmaker, settings)

    return run
