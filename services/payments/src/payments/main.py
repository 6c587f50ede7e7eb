"""The payments API: ``create_app(settings)`` builds it, ``payments-api`` runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from common.app import create_service_app, run_api
from common.auth import KeyProvider
from payments.acquirer import open_provider
from payments.provider.base import PaymentProvider
from payments.routers import callbacks, checkout, ledger, methods, payments, refunds, wallet
from payments.service.confirmations import ConfirmationWaiter
from payments.service.processor import PaymentProcessor
from payments.settings import Settings, get_settings

DESCRIPTION = (
    "Card and wallet payments, refunds, saved cards, hosted checkout and the double-entry ledger."
)


def create_app(
    settings: Settings | None = None,
    *,
    key_provider: KeyProvider | None = None,
    provider: PaymentProvider | None = None,
) -> FastAPI:
    """``provider`` replaces the sandbox adapter built from settings (tests pass a fake)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def resources(app: FastAPI) -> AsyncIterator[None]:
        async with open_provider(settings, provider) as active:
            app.state.provider = active
            app.state.processor = PaymentProcessor(app.state.sessionmaker, active, settings)
            app.state.confirmations = ConfirmationWaiter(
                app.state.sessionmaker, timeout=settings.order_confirmation_wait_seconds
            )
            try:
                yield
            finally:
                await app.state.confirmations.close()

    return create_service_app(
        settings,
        title="payments",
        description=DESCRIPTION,
        routers=[
            methods.router,
            wallet.router,
            ledger.router,
            callbacks.router,
            checkout.router,
            refunds.router,
            payments.router,
        ],
        key_provider=key_provider,
        extra_lifespan=resources,
    )


def run() -> None:
    run_api(create_app, get_settings())
