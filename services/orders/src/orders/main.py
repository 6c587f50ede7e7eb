"""``orders-api``: the ASGI app (cart, orders, shipping, support threads)."""

from __future__ import annotations

from fastapi import FastAPI

from common.app import create_service_app, run_api
from common.auth import KeyProvider
from orders.routers import service_router
from orders.settings import Settings, get_settings

DESCRIPTION = (
    "Carts and orders. An order is `pending` until the catalog reserves its stock, then "
    "`awaiting_payment` until payments settles it. See the service README for the states."
)


def create_app(
    settings: Settings | None = None, *, key_provider: KeyProvider | None = None
) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="orders",
        description=DESCRIPTION,
        routers=[service_router()],
        key_provider=key_provider,
    )


def run() -> None:
    run_api(create_app, get_settings())
