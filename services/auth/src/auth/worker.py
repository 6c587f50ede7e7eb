"""The auth worker (``auth-worker``): outbox relay, password reset requests, email delivery
(due work) and clean-up of spent rows. Auth consumes no events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from auth import mail
from auth.repository import codes as code_repo
from auth.repository import mail as mail_repo
from auth.repository import resets as reset_repo
from auth.repository import tokens as token_repo
from auth.service import recovery
from auth.settings import Settings, get_settings
from common.db import utcnow
from common.messaging.worker import PeriodicJob, Worker, run_worker


def build_worker(settings: Settings) -> Worker:
    async def answer_reset_requests(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        # The usual poll finds no request: one read then, no transaction.
        while await reset_repo.any_waiting(sessionmaker):
            if not await recovery.answer_reset_requests(sessionmaker, settings):
                break

    async def clean_up(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        await purge_spent(sessionmaker)

    return Worker(
        settings,
        jobs=[
            PeriodicJob(
                "password-reset-requests", settings.email_poll_seconds, answer_reset_requests
            ),
            PeriodicJob("auth-clean-up", 3600.0, clean_up),
        ],
        due_work=[lambda sessionmaker: mail.delivery_job(sessionmaker, settings)],
    )


async def purge_spent(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Drop refresh tokens and codes expired a day ago, and mail sent a month ago."""
    now = utcnow()
    day_ago = now - dt.timedelta(days=1)
    async with sessionmaker.begin() as session:
        await token_repo.purge_expired(session, before=day_ago)
        await code_repo.purge_expired(session, before=day_ago)
        await mail_repo.purge_sent(session, before=now - dt.timedelta(days=30))


def run() -> None:
    run_worker(build_worker(get_settings()))
