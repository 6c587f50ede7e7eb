"""The app factory every service uses: lifespan resources, errors, auth, health and metrics."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from common.auth import JWKSKeyProvider, KeyProvider, TokenVerifier
from common.db import create_engine, create_sessionmaker
from common.errors import install_error_handlers
from common.input_guard import InputGuardMiddleware
from common.messaging.fastpath import fast_path
from common.metrics import exposition, prepare_multiprocess
from common.observability import RequestContextMiddleware, configure_logging
from common.openapi import install_openapi
from common.revocation import RevocationCheck
from common.settings import ServiceSettings

ExtraLifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str = "",
    routers: Sequence[APIRouter] = (),
    key_provider: KeyProvider | None = None,
    extra_lifespan: ExtraLifespan | None = None,
    root_path: str = "",
) -> FastAPI:
    """A FastAPI app with the platform's plumbing. ``key_provider`` replaces the JWKS fetched
    from the auth service (the auth service itself and tests pass their own)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            # Every connection the api may open is kept once opened (the same cap as
            # pool + overflow): an overflow connection is closed when it is returned and
            # reopened at the next burst, and each one costs milliseconds of CPU here and in
            # PostgreSQL (TLS attempt, authentication, type codecs, a cold statement cache).
            engine = create_engine(
                settings.database_url,
                pool_size=settings.database_pool_size + settings.database_max_overflow,
                max_overflow=0,
                lock_timeout_seconds=settings.idempotency_wait_seconds,
            )
            stack.push_async_callback(engine.dispose)
            http = httpx.AsyncClient(timeout=10.0, verify=_tls_context())
            stack.push_async_callback(http.aclose)
            app.state.settings = settings
            app.state.engine = engine
            app.state.sessionmaker = create_sessionmaker(engine)
            if settings.fast_path_api:
                app.state.fast_path = await stack.enter_async_context(
                    fast_path(
                        app.state.sessionmaker,
                        amqp_url=settings.amqp_url,
                        exchange=settings.events_exchange,
                        lease=settings.fast_path_lease_seconds,
                    )
                )
            app.state.http = http
            app.state.token_verifier = TokenVerifier(
                key_provider or JWKSKeyProvider(settings.jwks_url, http),
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
            )
            if settings.redis_url:
                redis = Redis.from_url(settings.redis_url)
                stack.push_async_callback(redis.aclose)
                app.state.revocation = RevocationCheck(
                    redis, cache_seconds=settings.revocation_cache_seconds
                )
            if extra_lifespan is not None:
                await stack.enter_async_context(extra_lifespan(app))
            yield

    configure_logging(settings.log_level, service=settings.service_name)
    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        root_path=root_path,
    )
    install_error_handlers(app)
    app.add_middleware(InputGuardMiddleware)  # inside the request context: refusals get an id
    app.add_middleware(
        RequestContextMiddleware, service=settings.service_name, access_log=settings.access_log
    )
    for router in routers:
        app.include_router(router)
    app.include_router(_ops_router(settings))
    install_openapi(app)
    return app


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs ~100 ms; every app and client in a process shares one."""
    return ssl.create_default_context()


def _ops_router(settings: ServiceSettings) -> APIRouter:
    router = APIRouter(tags=["operations"], include_in_schema=False)

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        checks = {
            "database": await _check(_database_ok(request.app.state.engine)),
            "broker": await _check(_broker_ok(settings.amqp_url)),
        }
        ready = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "unavailable", "checks": checks},
            status_code=200 if ready else 503,
        )

    @router.get("/metrics")
    async def metrics() -> Response:
        body, media_type = exposition()
        return Response(body, media_type=media_type)

    return router


async def _check(probe: Awaitable[Any]) -> bool:
    try:
        await asyncio.wait_for(probe, 2.0)
        return True
    except Exception:
        return False


async def _database_ok(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def _broker_ok(amqp_url: str) -> None:
    url = urlsplit(amqp_url)
    _, writer = await asyncio.open_connection(url.hostname or "127.0.0.1", url.port or 5672)
    writer.close()
    await writer.wait_closed()


def run_api(app_factory: Callable[[], FastAPI], settings: ServiceSettings) -> None:
    """Entry point of ``<service>-api``: uvicorn without its access log (the middleware logs).

    With ``workers > 1`` uvicorn starts that many processes, each building its own app.
    """
    import uvicorn

    if settings.workers > 1:
        # Every worker's samples in one directory, summed by /metrics (common.metrics).
        prepare_multiprocess(settings.service_name, settings.port, settings.metrics_dir)
    target: FastAPI | str = app_factory()
    if settings.workers > 1:
        target = f"{app_factory.__module__}:{app_factory.__qualname__}"
    uvicorn.run(
        target,
        factory=settings.workers > 1,
        workers=settings.workers,
        host=settings.host,
        port=settings.port,
        access_log=False,
        log_config=None,  # configure_logging's JSON handler takes uvicorn's records too
        log_level=settings.log_level.lower(),
        proxy_headers=True,
        # uvicorn's supervisor kills a worker that does not answer its ping within this many
        # seconds; its default (5) restarts workers forever on a host busy enough that
        # starting one (imports, the app) takes longer.
        timeout_worker_healthcheck=60,
    )
