"""Fixtures of the sandbox's suite: the shared plugin's app/client on a fresh database, an
authenticated client, card and charge helpers, and a callback receiver on a real port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from common.testing import ServiceSpec, free_port
from sandbox_provider.main import create_app
from sandbox_provider.settings import Settings

API_KEY = "sk_sandbox_dev"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
VISA = "4242424242424242"


@pytest.fixture(scope="session")
def service_spec() -> ServiceSpec:
    return ServiceSpec(
        name="sandbox_provider",
        directory=Path(__file__).parents[1],
        settings_cls=Settings,
        app_factory=create_app,
    )


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    # Callbacks only where a test runs a receiver: the default URL may be a live payments.
    return {"callbacks_enabled": False}


@pytest.fixture
def api(client: httpx.AsyncClient) -> httpx.AsyncClient:
    client.headers.update(AUTH)
    return client


TokenMaker = Callable[..., Awaitable[dict[str, Any]]]
ChargeMaker = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def make_token(api: httpx.AsyncClient) -> TokenMaker:
    async def make(number: str = VISA, **fields: Any) -> dict[str, Any]:
        body = {"number": number, "exp_month": 12, "exp_year": 2099, "cvc": "123", **fields}
        response = await api.post("/v1/tokens", json=body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    return make


@pytest.fixture
def make_charge(api: httpx.AsyncClient, make_token: TokenMaker) -> ChargeMaker:
    counter = iter(range(1_000_000))

    async def make(
        number: str = VISA, *, amount: int = 1000, capture: bool = True, **fields: Any
    ) -> dict[str, Any]:
        token = (await make_token(number))["token"]
        body = {
            "reference": f"pay-{next(counter)}",
            "token": token,
            "amount": amount,
            "currency": "USD",
            "capture": capture,
            **fields,
        }
        response = await api.post("/v1/charges", json=body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    return make


@dataclass
class Receiver:
    """A merchant endpoint on a real port that records what it receives."""

    url: str
    fail_next: int = 0
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    attempts: int = 0

    async def handle(self, request: Request) -> Response:
        self.attempts += 1
        if self.fail_next > 0:
            self.fail_next -= 1
            return Response(status_code=500)
        self.received.append((dict(request.headers), await request.body()))
        return Response(status_code=204)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    port = free_port()
    receiver = Receiver(url=f"http://127.0.0.1:{port}/callback")
    app = Starlette(routes=[Route("/callback", receiver.handle, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("the callback receiver did not start")
        await asyncio.sleep(0.01)
    yield receiver
    server.should_exit = True
    await task
