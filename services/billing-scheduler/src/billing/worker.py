"""``billing-worker``: outbox relay, the payment-result consumer and the scheduler (due work)."""

from __future__ import annotations

from billing.handlers import create_subscriber
from billing.service.scheduler import scheduler_job
from billing.settings import Settings, get_settings
from common.messaging.worker import Worker, run_worker


def build_worker(settings: Settings) -> Worker:
    return Worker(
        settings,
        subscriber=create_subscriber(settings),
        due_work=[lambda sessionmaker: scheduler_job(sessionmaker, settings)],
    )


def run() -> None:
    run_worker(build_worker(get_settings()))
