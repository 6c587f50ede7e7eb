"""``catalog-worker``: outbox relay, the stock-saga consumers and the reservation expiry job."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from catalog.handlers import create_subscriber
from catalog.service import fulfilment
from catalog.settings import Settings, get_settings
from common.db import utcnow
from common.messaging.worker import JobFn, PeriodicJob, Worker, run_worker


def expire_reservations_job(settings: Settings) -> JobFn:
    """Release every hold past its expiry, one batch per transaction."""

    async def expire(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        while True:
            async with sessionmaker.begin() as session:
                released = await fulfilment.expire_due(
                    session, now=utcnow(), limit=settings.expiry_batch_size
                )
            if released < settings.expiry_batch_size:
                return

    return expire


def build_worker(settings: Settings) -> Worker:
    return Worker(
        settings,
        subscriber=create_subscriber(settings),
        jobs=[
            PeriodicJob(
                "expire_reservations",
                settings.expiry_interval_seconds,
                expire_reservations_job(settings),
            )
        ],
    )


def run() -> None:
    run_worker(build_worker(get_settings()))
