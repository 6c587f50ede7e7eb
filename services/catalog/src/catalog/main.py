"""``catalog-api``: the catalog's FastAPI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from catalog.internal import router as internal_router
from catalog.router import router
from catalog.runtime import Runtime
from catalog.settings import Settings, get_settings
from common.app import create_service_app, run_api
from common.auth import KeyProvider
from common.runtime import install_runtime

DESCRIPTION = (
    "Products with stock. Reads are public; sellers manage their own products, admins all. "
    "Stock is reserved for orders through events, every line of an order or none."
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
        title="catalog",
        description=DESCRIPTION,
        routers=[router, internal_router],
        key_provider=key_provider,
        extra_lifespan=lifespan,
    )


def run() -> None:
    run_api(create_app, get_settings())
