"""``billing-api``: subscriptions, their charges and the test clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from billing.routers import charges, subscriptions, test_clock
from billing.runtime import Runtime
from billing.settings import Settings, get_settings
from common.app import create_service_app, run_api
from common.auth import KeyProvider
from common.runtime import install_runtime

DESCRIPTION = (
    "Recurring payments: subscriptions charged through payments once per period, with dunning "
    "by decline code and, outside production, a test clock. See the service README."
)


def create_app(
    settings: Settings | None = None, *, key_provider: KeyProvider | None = None
) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        http: httpx.AsyncClient = app.state.http
        install_runtime(app, Runtime(settings, http))
        yield

    return create_service_app(
        settings,
        title="billing",
        description=DESCRIPTION,
        routers=[subscriptions.router, charges.router, test_clock.router],
        key_provider=key_provider,
        extra_lifespan=lifespan,
    )


def run() -> None:
    run_api(create_app, get_settings())
