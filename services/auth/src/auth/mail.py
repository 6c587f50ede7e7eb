"""Outgoing email: queued as ``email_message`` rows in the caller's transaction, delivered over
SMTP by the worker, retried with exponential backoff, marked sent after the server accepts it.

Delivery is due work (common.duework): a claim moves the row's next attempt one lease ahead
and commits, so the SMTP conversation holds no database lock and a worker that dies mid-send
leaves the row to be retried after the lease; an insert NOTIFYs ``email_due`` (a trigger), so
mail leaves at once rather than at the next poll.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from email.message import EmailMessage as MimeMessage

import aiosmtplib
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from auth.models import EmailMessage
from auth.repository import mail as mail_repo
from auth.settings import Settings
from common.db import utcnow
from common.duework import DueJob

log = structlog.get_logger("auth.mail")
LEASE = dt.timedelta(minutes=5)
NOTIFY_CHANNEL = "email_due"


def enqueue(session: AsyncSession, *, to: str, subject: str, body: str) -> None:
    """Queue a plain-text message; it leaves when the caller's transaction commits."""
    session.add(EmailMessage(to_address=to, subject=subject, body=body))


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: uuid.UUID
    to: str
    subject: str
    body: str
    attempts: int


def backoff(settings: Settings, attempts: int) -> dt.timedelta:
    """Exponential with jitter, capped at an hour."""
    seconds = min(3600.0, settings.email_retry_base_seconds * 2 ** max(0, attempts - 1))
    return dt.timedelta(seconds=seconds * random.uniform(0.8, 1.2))


def _mime(settings: Settings, message: _Claimed) -> MimeMessage:
    mime = MimeMessage()
    mime["From"] = settings.email_from
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime.set_content(message.body)
    return mime


async def _send_all(settings: Settings, batch: list[_Claimed]) -> dict[uuid.UUID, str | None]:
    """Send over one SMTP connection; returns each message's error (None when accepted)."""
    outcome: dict[uuid.UUID, str | None] = {}
    try:
        smtp = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            timeout=settings.smtp_timeout_seconds,
            start_tls=settings.smtp_starttls,
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
        )
        async with smtp:
            for message in batch:
                try:
                    await smtp.send_message(_mime(settings, message))
                    outcome[message.id] = None
                except aiosmtplib.SMTPException as exc:
                    outcome[message.id] = repr(exc)
    except (aiosmtplib.SMTPException, OSError) as exc:
        for message in batch:
            outcome.setdefault(message.id, repr(exc))
    return outcome


async def deliver_batch(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> tuple[int, int]:
    """Claim and deliver one batch of due messages; returns (claimed, sent)."""
    async with sessionmaker.begin() as session:
        rows = await mail_repo.claim_due(
            session, now=utcnow(), lease=LEASE, limit=settings.email_batch_size
        )
        rows = sorted(rows, key=lambda row: row.created_at)  # mail leaves in the order it was sent
        batch = [_Claimed(r.id, r.to_address, r.subject, r.body, r.attempts) for r in rows]
    if not batch:
        return 0, 0
    outcome = await _send_all(settings, batch)
    done = utcnow()
    async with sessionmaker.begin() as session:
        for row in await mail_repo.get(session, list(outcome)):
            error = outcome[row.id]
            if error is None:
                row.sent_at = done
                row.last_error = None
            elif row.attempts >= settings.email_max_attempts:
                row.failed_at = done
                row.last_error = error
                log.error("email_failed", email_id=str(row.id), attempts=row.attempts, error=error)
            else:
                row.next_attempt_at = done + backoff(settings, row.attempts)
                row.last_error = error
                log.warning("email_retry", email_id=str(row.id), attempts=row.attempts, error=error)
    return len(batch), sum(1 for error in outcome.values() if error is None)


async def deliver_due(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> int:
    """Deliver one batch of due messages; returns how many were sent."""
    return (await deliver_batch(sessionmaker, settings))[1]


async def deliver_all_due(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> int:
    """Keep delivering batches while full ones come back; returns how many were sent."""
    total = 0
    while True:
        claimed, sent = await deliver_batch(sessionmaker, settings)
        total += sent
        if claimed < settings.email_batch_size:
            return total


def delivery_job(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> DueJob:
    """Mail delivery as the worker's due work."""

    async def step() -> int:
        if not await mail_repo.any_due(sessionmaker, now=utcnow()):
            return 0  # the usual poll: one read, no transaction
        return (await deliver_batch(sessionmaker, settings))[0]

    return DueJob(
        name="email-delivery",
        step=step,
        batch_size=settings.email_batch_size,
        poll_seconds=settings.email_poll_seconds,
        channel=NOTIFY_CHANNEL,
    )
