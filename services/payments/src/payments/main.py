"""The payments API: ``create_app(settings)`` builds it, ``payments-api`` runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.app import create_service_app, run_api
from common.auth import KeyProvider
from common.runtime import install_runtime
from payments.acquirer import open_provider
from payments.provider.base import PaymentProvider
from payments.routers import (
    callbacks,
    checkout,
    internal,
    ledger,
    methods,
    payments,
    refunds,
    wallet,
)
from payments.runtime import Runtime
from payments.service.checkout_limits import CheckoutLimiter
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
        sessionmaker: async_sessionmaker[AsyncSession] = app.state.sessionmaker
        redis = Redis.from_url(settings.redis_url)
        try:
            async with open_provider(settings, provider) as active:
                confirmations = ConfirmationWaiter(
                    sessionmaker, timeout=settings.order_confirmation_wait_seconds
                )
                install_runtime(
                    app,
                    Runtime(
                        settings=settings,
                        sessionmaker=sessionmaker,
                        provider=active,
                        processor=PaymentProcessor(sessionmaker, active, settings),
                        checkout_limiter=CheckoutLimiter(redis, settings),
                        confirmations=confirmations,
                    ),
                )
                try:
                    yield
                finally:
                    await confirmations.close()
        finally:
            await redis.aclose()

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
            internal.router,
        ],
        key_provider=key_provider,
        extra_lifespan=resources,
    )


def run() -> None:
    run_api(create_app, get_settings())
