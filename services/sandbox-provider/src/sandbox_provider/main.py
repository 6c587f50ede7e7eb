"""The sandbox acquirer's app: ``sandbox-provider`` serves it on port 8010."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from common.app import create_service_app, run_api
from common.auth import KeyProvider
from common.runtime import install_runtime
from sandbox_provider import router, test_controls
from sandbox_provider.faults import Behaviour
from sandbox_provider.notifications import Notifier
from sandbox_provider.runtime import Runtime
from sandbox_provider.settings import Settings, get_settings, refuse_development_secrets

DESCRIPTION = (
    "A card acquirer for development and tests: tokens, charges, captures, voids, refunds, "
    "Stripe-style test card numbers and signed callbacks."
)


def create_app(
    settings: Settings | None = None, *, key_provider: KeyProvider | None = None
) -> FastAPI:
    """``key_provider`` is accepted for the shared test fixtures; callers authenticate with
    the sandbox's secret key, not with platform tokens."""
    settings = settings or get_settings()
    refuse_development_secrets(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        http: httpx.AsyncClient = app.state.http
        notifier = Notifier(
            http,
            url=settings.callback_url,
            secret=settings.webhook_secret,
            enabled=settings.callbacks_enabled,
            timeout=settings.callback_timeout_seconds,
            retry_seconds=settings.callback_retry_seconds,
            batch_window=settings.callback_batch_window_seconds,
        )
        install_runtime(app, Runtime(settings, Behaviour(), notifier))
        try:
            yield
        finally:
            await notifier.close()

    routers = [router.router]
    if settings.test_controls:
        routers.append(test_controls.router)
    return create_service_app(
        settings,
        title="Sandbox card acquirer",
        description=DESCRIPTION,
        routers=routers,
        key_provider=key_provider,
        extra_lifespan=lifespan,
    )


def run() -> None:
    settings = get_settings()
    run_api(lambda: create_app(settings), settings)
