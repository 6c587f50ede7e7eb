"""``webhooks-worker``: outbox relay, the consumer of every event (fan-out) and the dispatcher
that sends deliveries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.db import utcnow
from common.messaging.worker import PeriodicJob, Worker, run_worker
from webhooks.delivery.dispatcher import Dispatcher
from webhooks.handlers import subscriber
from webhooks.repository import deliveries
from webhooks.settings import Settings, get_settings


def build_worker(settings: Settings) -> Worker:
    async def dispatch(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        # Runs until the worker stops (cancelled); restarted after the interval if it fails.
        await Dispatcher(sessionmaker, settings).run_until_cancelled()

    async def purge(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        before = utcnow() - dt.timedelta(days=settings.delivery_retention_days)
        async with sessionmaker.begin() as session:
            await deliveries.purge_finished(session, before=before)

    return Worker(
        settings,
        subscriber=subscriber,
        jobs=[
            PeriodicJob("webhook-dispatcher", settings.dispatch_poll_seconds, dispatch),
            PeriodicJob("webhook-log-retention", 3600.0, purge),
        ],
    )


def run() -> None:
    run_worker(build_worker(get_settings()))
