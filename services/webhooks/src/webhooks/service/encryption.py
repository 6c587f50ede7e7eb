"""Re-encrypting stored endpoint secrets with the newest key (``webhooks.cli
rotate-encryption-key``), one batch of rows per transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from webhooks.encryption import CannotDecrypt, KeyRing
from webhooks.repository import endpoints as repo


class NotDecrypted(Exception):
    """An endpoint's secret does not decrypt with any configured key."""


@dataclass(frozen=True, slots=True)
class Batch:
    endpoints: int
    rewritten: int
    expired_dropped: int
    last_id: uuid.UUID | None


async def reencrypt_batch(
    session: AsyncSession, keyring: KeyRing, *, after: uuid.UUID, limit: int, now: dt.datetime
) -> Batch:
    """Move the secrets of the next ``limit`` endpoints after ``after`` to the newest key. A
    previous secret past its overlap window is dropped instead: nothing signs with it."""
    endpoints = await repo.batch_after(session, after, limit=limit)
    rewritten = dropped = 0
    for endpoint in endpoints:
        try:
            current = keyring.reencrypt(endpoint.secret_ciphertext, endpoint_id=endpoint.id)
            previous = endpoint.previous_secret_ciphertext
            expired = endpoint.previous_secret_expires_at is None or (
                endpoint.previous_secret_expires_at <= now
            )
            if previous is not None and expired:
                previous, dropped = None, dropped + 1
            elif previous is not None:
                previous = keyring.reencrypt(previous, endpoint_id=endpoint.id)
        except CannotDecrypt as exc:
            raise NotDecrypted(f"endpoint {endpoint.id}: {exc}") from exc
        if (current, previous) != (endpoint.secret_ciphertext, endpoint.previous_secret_ciphertext):
            endpoint.secret_ciphertext, endpoint.previous_secret_ciphertext = current, previous
            rewritten += 1
    await session.flush()
    return Batch(
        endpoints=len(endpoints),
        rewritten=rewritten,
        expired_dropped=dropped,
        last_id=endpoints[-1].id if endpoints else None,
    )
