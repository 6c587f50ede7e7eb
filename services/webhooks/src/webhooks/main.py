"""The webhooks API: ``create_app(settings)`` builds it, ``webhooks-api`` runs it."""

from __future__ import annotations

from fastapi import FastAPI

from common.app import create_service_app, run_api
from common.auth import KeyProvider
from webhooks.routers import deliveries, endpoints, event_types
from webhooks.settings import Settings, get_settings

DESCRIPTION = (
    "Signed Standard Webhooks deliveries of platform events to your endpoints: endpoints, "
    "secrets, the delivery log with retries, and the catalog of event types."
)


def create_app(
    settings: Settings | None = None, *, key_provider: KeyProvider | None = None
) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        settings,
        title="webhooks",
        description=DESCRIPTION,
        routers=[event_types.router, endpoints.router, deliveries.router],
        key_provider=key_provider,
    )


def run() -> None:
    run_api(create_app, get_settings())
