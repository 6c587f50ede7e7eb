"""The webhooks API: ``create_app(settings)`` builds it, ``webhooks-api`` runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from common.app import create_service_app, run_api
from common.auth import KeyProvider
from common.runtime import install_runtime
from webhooks.routers import deliveries, endpoints, event_types
from webhooks.runtime import Runtime
from webhooks.settings import Settings, get_settings

DESCRIPTION = (
    "Signed Standard Webhooks deliveries of platform events to your endpoints: endpoints, "
    "secrets, the delivery log with retries, and the catalog of event types."
)


def create_app(
    settings: Settings | None = None, *, key_provider: KeyProvider | None = None
) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        install_runtime(app, Runtime(settings))
        yield

    return create_service_app(
        settings,
        title="webhooks",
        description=DESCRIPTION,
        routers=[event_types.router, endpoints.router, deliveries.router],
        key_provider=key_provider,
        extra_lifespan=lifespan,
    )


def run() -> None:
    run_api(create_app, get_settings())
