"""The dispatcher's statements: claim due deliveries with a lease, record attempts in bulk.

A claim takes due rows with ``FOR UPDATE SKIP LOCKED`` (replicas never take one row twice),
at most ``room`` per endpoint (so one endpoint's backlog never fills a worker), and sets
``claimed_until``, which is also the row's next due time: a worker that dies leaves its rows
to come due again when their lease ends. An outcome is recorded only while its lease still
holds (``claimed_until`` unchanged), so a late answer never overwrites a newer attempt.
Both are single statements over arrays: one round trip per batch, whatever its size.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common import fastread


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery a worker holds until ``lease``, with what sending it needs (its endpoint's
    secrets still encrypted: they are decrypted only to sign)."""

    id: uuid.UUID
    endpoint_id: uuid.UUID
    payload: bytes
    retries: int
    manual: bool
    lease: dt.datetime
    url: str
    encrypted_secrets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Recorded:
    """One attempt's row and the delivery's state after it."""

    attempt_id: uuid.UUID
    delivery_id: uuid.UUID
    endpoint_id: uuid.UUID
    lease: dt.datetime
    attempted_at: dt.datetime
    trigger: str
    status_code: int | None
    duration_ms: int
    excerpt: str
    error: str | None
    status: str
    next_attempt_at: dt.datetime
    retries: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


_CLAIM = text(
    """
    WITH candidate AS (
        SELECT d.id, d.endpoint_id, d.next_attempt_at FROM delivery AS d
        JOIN endpoint AS e ON e.id = d.endpoint_id AND e.enabled
        WHERE d.status = 'pending' AND d.next_attempt_at <= :now
          AND d.endpoint_id <> ALL(CAST(:full AS uuid[]))
        ORDER BY d.next_attempt_at
        LIMIT :limit
        FOR UPDATE OF d SKIP LOCKED
    ), ranked AS (
        SELECT id, endpoint_id,
               row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at) AS rank
        FROM candidate
    ), room AS (
        SELECT * FROM unnest(CAST(:busy AS uuid[]), CAST(:rooms AS int[])) AS r(endpoint_id, room)
    ), chosen AS (
        SELECT ranked.id FROM ranked LEFT JOIN room USING (endpoint_id)
        WHERE ranked.rank <= COALESCE(room.room, :per_endpoint)
    )
    UPDATE delivery AS d SET next_attempt_at = :lease, claimed_until = :lease
    FROM chosen, endpoint AS e
    WHERE d.id = chosen.id AND e.id = d.endpoint_id
    RETURNING d.id, d.endpoint_id, d.payload, d.retries, d.manual, e.url, e.secret_ciphertext,
              CASE WHEN e.previous_secret_expires_at > :now THEN e.previous_secret_ciphertext END
    """
)

_RECORD = text(
    """
    UPDATE delivery AS d SET status = v.status, next_attempt_at = v.next_at,
        retries = v.retries, last_status_code = v.code, last_error = v.error,
        attempts = d.attempts + 1, claimed_until = NULL, manual = false, updated_at = :now
    FROM unnest(CAST(:ids AS uuid[]), CAST(:leases AS timestamptz[]), CAST(:statuses AS text[]),
                CAST(:next_ats AS timestamptz[]), CAST(:retries AS int[]),
                CAST(:codes AS int[]), CAST(:errors AS text[]))
         AS v(id, lease, status, next_at, retries, code, error)
    WHERE d.id = v.id AND d.claimed_until = v.lease
    """
)

_ATTEMPTS = text(
    """
    INSERT INTO delivery_attempt
        (id, delivery_id, attempted_at, trigger, status_code, duration_ms, response_excerpt, error)
    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:deliveries AS uuid[]),
        CAST(:ats AS timestamptz[]), CAST(:triggers AS text[]), CAST(:codes AS int[]),
        CAST(:durations AS int[]), CAST(:excerpts AS text[]), CAST(:errors AS text[]))
        AS v(id, delivery_id, attempted_at, trigger, status_code, duration_ms, excerpt, error)
    -- a delivery deleted with its endpoint meanwhile has no log to add to
    WHERE EXISTS (SELECT 1 FROM delivery WHERE delivery.id = v.delivery_id)
    """
)

_SUCCEEDED = text(
    """
    UPDATE endpoint SET failing_since = NULL, last_success_at = :now
    WHERE id = ANY(CAST(:ids AS uuid[]))
      AND (failing_since IS NOT NULL OR last_success_at IS NULL OR last_success_at < :stale)
    """
)

_FAILED = text(
    """
    UPDATE endpoint SET failing_since = :now
    WHERE id = ANY(CAST(:ids AS uuid[])) AND failing_since IS NULL
    """
)


_ANY_DUE = """
    SELECT EXISTS (SELECT 1 FROM delivery WHERE status = 'pending' AND next_attempt_at <= $1)
"""


async def any_due(sessionmaker: async_sessionmaker[AsyncSession], *, now: dt.datetime) -> bool:
    """Whether a claim could find a delivery, in one read outside a transaction: an idle
    dispatcher's poll then costs this alone."""
    return bool(await fastread.peek(sessionmaker, _ANY_DUE, now))


async def claim_due(
    session: AsyncSession,
    *,
    now: dt.datetime,
    lease: dt.datetime,
    limit: int,
    per_endpoint: int,
    busy: Mapping[uuid.UUID, int],
) -> list[Claimed]:
    """Claim up to ``limit`` due deliveries; ``busy`` maps endpoints to the deliveries this
    worker already has in flight for them (an endpoint at ``per_endpoint`` gets none)."""
    full = [endpoint for endpoint, count in busy.items() if count >= per_endpoint]
    partial = {e: per_endpoint - n for e, n in busy.items() if 0 < per_endpoint - n}
    rows = await session.execute(
        _CLAIM,
        {
            "now": now,
            "lease": lease,
            "limit": limit,
            "per_endpoint": per_endpoint,
            "full": full,
            "busy": list(partial),
            "rooms": list(partial.values()),
        },
    )
    return [
        Claimed(
            id=row[0],
            endpoint_id=row[1],
            payload=row[2],
            retries=row[3],
            manual=row[4],
            lease=lease,
            url=row[5],
            encrypted_secrets=(row[6], row[7]) if row[7] else (row[6],),
        )
        for row in rows
    ]


async def record(session: AsyncSession, outcomes: Sequence[Recorded], *, now: dt.datetime) -> None:
    """Log every attempt and move each delivery to its next state, in two statements."""
    if not outcomes:
        return
    await session.execute(
        _ATTEMPTS,
        {
            "ids": [o.attempt_id for o in outcomes],
            "deliveries": [o.delivery_id for o in outcomes],
            "ats": [o.attempted_at for o in outcomes],
            "triggers": [o.trigger for o in outcomes],
            "codes": [o.status_code for o in outcomes],
            "durations": [o.duration_ms for o in outcomes],
            "excerpts": [o.excerpt for o in outcomes],
            "errors": [o.error for o in outcomes],
        },
    )
    await session.execute(
        _RECORD,
        {
            "now": now,
            "ids": [o.delivery_id for o in outcomes],
            "leases": [o.lease for o in outcomes],
            "statuses": [o.status for o in outcomes],
            "next_ats": [o.next_attempt_at for o in outcomes],
            "retries": [o.retries for o in outcomes],
            "codes": [o.status_code for o in outcomes],
            "errors": [o.error for o in outcomes],
        },
    )


async def mark_endpoints(
    session: AsyncSession,
    *,
    succeeded: Sequence[uuid.UUID],
    failed: Sequence[uuid.UUID],
    now: dt.datetime,
) -> None:
    """A success ends an endpoint's failing streak; a failure starts one if none runs.
    A busy healthy endpoint's row is rewritten at most once a minute."""
    if succeeded:
        await session.execute(
            _SUCCEEDED,
            {"ids": list(succeeded), "now": now, "stale": now - dt.timedelta(minutes=1)},
        )
    if failed:
        await session.execute(_FAILED, {"ids": list(failed), "now": now})
