"""``orders-api``: the ASGI app (cart, orders, shipping, support threads)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from common.app import create_service_app, run_api
from common.auth import KeyProvider
from common.runtime import install_runtime
from orders.routers import service_router
from orders.runtime import Runtime
from orders.settings import Settings, get_settings

DESCRIPTION = (
    "Carts and orders. An order is `pending` until the catalog reserves its stock, then "
    "`awaiting_payment` until payments settles it. See the service README for the states."
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
        title="orders",
        description=DESCRIPTION,
        routers=[service_router()],
        key_provider=key_provider,
        extra_lifespan=lifespan,
    )


def run() -> None:
    run_api(create_app, get_settings())
