"""``orders-worker``: outbox relay, the event consumers and the reservation-expiry job."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.db import utcnow
from common.messaging.worker import PeriodicJob, Worker, run_worker
from orders.handlers import subscriber
from orders.service import saga as saga_service
from orders.settings import Settings, get_settings


def expiry_job(settings: Settings) -> PeriodicJob:
    """Cancels awaiting-payment orders whose reservation ran out, one locked batch per
    transaction (``SKIP LOCKED``, so several workers share the work)."""

    async def run(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        while True:
            async with sessionmaker.begin() as session:
                cancelled = await saga_service.expire_reservations(
                    session, now=utcnow(), limit=settings.expiry_job_batch_size
                )
            if cancelled < settings.expiry_job_batch_size:
                return

    return PeriodicJob("expire-reservations", settings.expiry_job_interval_seconds, run)


def build_worker(settings: Settings) -> Worker:
    return Worker(settings, subscriber=subscriber, jobs=[expiry_job(settings)])


def run() -> None:
    run_worker(build_worker(get_settings()))
