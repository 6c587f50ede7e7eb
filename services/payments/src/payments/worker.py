"""``payments-worker``: outbox relay, the orders event consumer and the payment processor."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.messaging.worker import PeriodicJob, Worker, run_worker
from payments.acquirer import open_provider
from payments.handlers import subscriber
from payments.provider.base import PaymentProvider
from payments.service.processor import PaymentProcessor
from payments.settings import Settings, get_settings


def build_worker(settings: Settings, *, provider: PaymentProvider | None = None) -> Worker:
    """The worker; ``provider`` replaces the sandbox adapter built from settings (tests)."""

    async def process_payments(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        # Runs until the worker stops; restarted after the interval if it ever fails.
        async with open_provider(settings, provider) as active:
            await PaymentProcessor(sessionmaker, active, settings).run_forever()

    return Worker(
        settings,
        subscriber=subscriber,
        jobs=[PeriodicJob("payment-processor", settings.worker_poll_seconds, process_payments)],
    )


def run() -> None:
    run_worker(build_worker(get_settings()))
