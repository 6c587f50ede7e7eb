"""Real processes where it matters: test upstreams and the gateway itself, each served by
uvicorn on a free port in the test event loop, and the real Redis."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import importlib
import socket
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse
from pydantic import BaseModel
from redis.asyncio import Redis

from common.testing import TokenFactory, free_port

# pytest (--import-mode=importlib) names this file "gateway.tests.conftest" after its directory
# and registers the directory /work/main/gateway as a namespace module "gateway", which would
# shadow the installed package of the same name. Put the real package back before using it.
if getattr(sys.modules.get("gateway"), "__file__", "") is None:
    del sys.modules["gateway"]
    importlib.import_module("gateway")

from gateway.main import create_app
from gateway.settings import Settings

INTERNAL_TOKEN = "test-internal-token"


class Item(BaseModel):
    name: str
    quantity: int


class ItemPage(BaseModel):
    items: list[Item]


@dataclass
class Upstream:
    """A service stand-in: records every request it receives, by X-Request-ID."""

    name: str
    url: str = ""
    seen: list[dict[str, Any]] = field(default_factory=list)
    api_keys: dict[str, dict[str, Any]] = field(default_factory=dict)
    introspections: list[str] = field(default_factory=list)

    def saw(self, request_id: str) -> list[dict[str, Any]]:
        return [r for r in self.seen if r["headers"].get("x-request-id") == request_id]


def upstream_app(upstream: Upstream, tokens: TokenFactory) -> FastAPI:
    app = FastAPI(title=f"{upstream.name} stand-in")

    @app.middleware("http")
    async def record(request: Request, call_next: Any) -> Response:
        upstream.seen.append(
            {"method": request.method, "path": request.url.path, "headers": dict(request.headers)}
        )
        response: Response = await call_next(request)
        return response

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/.well-known/jwks.json", include_in_schema=False)
    async def jwks() -> dict[str, Any]:
        return tokens.jwks()

    @app.post("/internal/api-keys/introspect")
    async def introspect(
        body: dict[str, str], x_internal_token: str = Header(default="")
    ) -> JSONResponse:
        upstream.introspections.append(body["key"])
        if x_internal_token != INTERNAL_TOKEN:
            return JSONResponse({"detail": "for the gateway only"}, status_code=403)
        grant = upstream.api_keys.get(body["key"])
        if grant is None:
            return JSONResponse({"detail": "unknown key"}, status_code=401)
        user_id = grant["user_id"]
        return JSONResponse(
            {
                "user_id": str(user_id),
                "role": grant["role"],
                "access_token": tokens.token(user_id, grant["role"]),
                "expires_in": grant["expires_in"],
            }
        )

    @app.post("/items", response_model=Item, status_code=201)
    async def create_item(item: Item) -> Item:
        return item

    @app.get("/items", response_model=ItemPage)
    async def list_items() -> ItemPage:
        return ItemPage(items=[])

    @app.get("/slow")
    async def slow(seconds: float = 1.0) -> dict[str, str]:
        await asyncio.sleep(seconds)
        return {"status": "late"}

    @app.get("/stream")
    async def stream(chunks: int = 4, size: int = 1024, pause: float = 0.0) -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            for index in range(chunks):
                yield bytes([index % 256]) * size
                if pause:
                    await asyncio.sleep(pause)

        return StreamingResponse(body(), media_type="application/octet-stream")

    @app.get("/gzipped")
    async def gzipped() -> Response:
        body = gzip.compress(b'{"compressed": true}')
        headers = {"content-encoding": "gzip"}
        return Response(body, media_type="application/json", headers=headers)

    @app.get("/redirect")
    async def redirect(request: Request) -> RedirectResponse:
        return RedirectResponse(str(request.url_for("echo", path="moved")), status_code=307)

    @app.get("/cookie")
    async def cookie(request: Request) -> JSONResponse:
        response = JSONResponse({"cookie": request.headers.get("cookie")})
        response.set_cookie("session", uuid.uuid4().hex)
        return response

    @app.api_route(
        "/{path:path}",
        methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    async def echo(path: str, request: Request) -> JSONResponse:
        digest = hashlib.sha256()
        size = 0
        async for chunk in request.stream():
            digest.update(chunk)
            size += len(chunk)
        return JSONResponse(
            {
                "service": upstream.name,
                "method": request.method,
                "path": request.url.path,
                "query": request.url.query,
                "headers": dict(request.headers),
                "body_size": size,
                "body_sha256": digest.hexdigest(),
            }
        )

    return app


@contextlib.asynccontextmanager
async def serve(app: Any) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on a free local port for the duration of the block."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="on", proxy_headers=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
        sock.close()


def closed_port_url() -> str:
    """A local URL where nothing listens (connections are refused)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def token_factory() -> TokenFactory:
    return TokenFactory()


@pytest.fixture(scope="session")
def auth_headers(token_factory: TokenFactory) -> dict[str, str]:
    """A valid buyer's Authorization header (signing is slow: one token for the session)."""
    return token_factory.headers()


@pytest.fixture(scope="session")
async def auth_upstream(token_factory: TokenFactory) -> AsyncIterator[Upstream]:
    upstream = Upstream("auth")
    async with serve(upstream_app(upstream, token_factory)) as url:
        upstream.url = url
        yield upstream


@pytest.fixture(scope="session")
async def catalog_upstream(token_factory: TokenFactory) -> AsyncIterator[Upstream]:
    upstream = Upstream("catalog")
    async with serve(upstream_app(upstream, token_factory)) as url:
        upstream.url = url
        yield upstream


@pytest.fixture(scope="session")
def down_url() -> str:
    return closed_port_url()


GatewayFactory = Callable[..., contextlib.AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture(scope="session")
def start_gateway(
    auth_upstream: Upstream, catalog_upstream: Upstream, down_url: str, token_factory: TokenFactory
) -> GatewayFactory:
    """Starts a gateway (real uvicorn) in front of the stand-ins: auth, orders, payments and
    webhooks go to ``auth_upstream``, catalog to ``catalog_upstream``; billing is down."""

    @contextlib.asynccontextmanager
    async def start(
        *, static_keys: bool = True, **overrides: Any
    ) -> AsyncIterator[httpx.AsyncClient]:
        values: dict[str, Any] = {
            "environment": "test",
            "access_log": False,
            "auth_url": auth_upstream.url,
            "catalog_url": catalog_upstream.url,
            "orders_url": auth_upstream.url,
            "payments_url": auth_upstream.url,
            "webhooks_url": auth_upstream.url,
            "billing_url": down_url,
            "jwks_url": f"{auth_upstream.url}/.well-known/jwks.json",
            "internal_token": INTERNAL_TOKEN,
            "read_timeout_seconds": 0.5,
            "connect_timeout_seconds": 0.5,
            "max_body_bytes": 100_000,
            "login_rate_limit_per_minute": 100_000,
            "rate_limit_per_minute": 100_000,
            **overrides,
        }
        values.setdefault("ops_port", free_port())
        keys = token_factory.key_provider() if static_keys else None
        ops_url = f"http://127.0.0.1:{values['ops_port']}"
        async with (
            serve(create_app(Settings(**values), key_provider=keys)) as url,
            httpx.AsyncClient(base_url=url, timeout=10.0) as client,
            httpx.AsyncClient(base_url=ops_url, timeout=10.0) as ops,
        ):
            client.ops = ops  # type: ignore[attr-defined]  # the gateway's operations port
            yield client

    return start


@pytest.fixture(scope="module")
async def client(start_gateway: GatewayFactory) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the default gateway, shared by a module's tests."""
    async with start_gateway() as http:
        yield http


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    connection = Redis.from_url("redis://127.0.0.1:6379/0")
    yield connection
    await connection.aclose()
