"""The auth api: ``auth-api`` (uvicorn on port 8001)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from auth.keystore import KeyStore
from auth.routers import accounts, admin, api_keys, recovery, sessions
from auth.runtime import Runtime
from auth.service import keys as key_service
from auth.service.admin import ensure_admin
from auth.settings import Settings, get_settings
from common.app import create_service_app, run_api
from common.auth import KeyProvider
from common.runtime import install_runtime

DESCRIPTION = (
    "Accounts and roles, sign-in with rotating refresh tokens, email verification, password "
    "reset, API keys for server-to-server calls, and the public keys that verify access tokens."
)


async def bootstrap(sessionmaker: async_sessionmaker[AsyncSession], runtime: Runtime) -> None:
    """First start: a signing key if none exists, and the admin account from settings."""
    settings = runtime.settings
    async with sessionmaker.begin() as session:
        await key_service.ensure_key(session)
    async with sessionmaker.begin() as session:
        await ensure_admin(
            session,
            passwords=runtime.passwords,
            email=settings.admin_email,
            username=settings.admin_username,
            password=settings.admin_password,
        )
    await runtime.keys.reload()


def create_app(
    settings: Settings | None = None, *, key_provider: KeyProvider | None = None
) -> FastAPI:
    """The auth app. It verifies tokens with its own keys; ``key_provider`` (tests) is only
    consulted for key ids it does not know."""
    settings = settings or get_settings()
    keys = KeyStore(cache_seconds=settings.key_cache_seconds, fallback=key_provider)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis = Redis.from_url(settings.redis_url)
        try:
            keys.bind(app.state.sessionmaker)
            runtime = Runtime.build(
                settings,
                keys=keys,
                redis=redis,
                revocation=getattr(app.state, "revocation", None),
            )
            await bootstrap(app.state.sessionmaker, runtime)
            install_runtime(app, runtime)
            yield
        finally:
            await redis.aclose()

    return create_service_app(
        settings,
        title="auth",
        description=DESCRIPTION,
        routers=[
            accounts.router,
            sessions.router,
            recovery.router,
            api_keys.router,
            admin.router,
        ],
        key_provider=keys,
        extra_lifespan=lifespan,
    )


def run() -> None:
    run_api(create_app, get_settings())
