"""``billing-worker``: outbox relay, the payment-result consumer and the scheduler (due work)."""

from __future__ import annotations

from billing.handlers import create_subscriber
from billing.service.scheduler import scheduler_job
from billing.settings import Settings, get_settings
from common.messaging.worker import Worker, run_worker


def create_worker(settings: Settings | None = None) -> Worker:
    settings = settings or get_settings()
    return Worker(
        settings,
        subscriber=create_subscriber(settings),
        due_work=[lambda sessionmaker: scheduler_job(sessionmaker, settings)],
    )


def run() -> None:
    run_worker(create_worker())
