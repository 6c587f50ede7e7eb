"""``billing-api``: subscriptions, their charges and the test clock."""

from __future__ import annotations

from fastapi import FastAPI

from billing.routers import charges, subscriptions, test_clock
from billing.settings import Settings, get_settings
from common.app import create_service_app, run_api
from common.auth import KeyProvider

DESCRIPTION = (
    "Recurring payments: subscriptions charged through payments once per period, with dunning "
    "by decline code and, outside production, a test clock. See the service README."
)


def create_app(
    settings: Settings | None = None, *, key_provider: KeyProvider | None = None
) -> FastAPI:
    return create_service_app(
        settings or get_settings(),
        title="billing",
        description=DESCRIPTION,
        routers=[subscriptions.router, charges.router, test_clock.router],
        key_provider=key_provider,
    )


def run() -> None:
    run_api(create_app, get_settings())
