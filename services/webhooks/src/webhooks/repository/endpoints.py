"""Endpoint queries: by owner, the ones an event concerns, and disabling."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from common import fastread
from common.pagination import PageParams, paginate
from webhooks.models import Delivery, Endpoint


async def get(
    session: AsyncSession, endpoint_id: uuid.UUID, *, lock: bool = False
) -> Endpoint | None:
    statement = select(Endpoint).where(Endpoint.id == endpoint_id)
    if lock:
        statement = statement.with_for_update()
    result: Endpoint | None = await session.scalar(statement)
    return result


async def page(
    session: AsyncSession,
    params: PageParams,
    *,
    user_id: uuid.UUID | None,
    enabled: bool | None,
) -> tuple[Sequence[Endpoint], str | None]:
    statement = select(Endpoint)
    if user_id is not None:
        statement = statement.where(Endpoint.user_id == user_id)
    if enabled is not None:
        statement = statement.where(Endpoint.enabled == enabled)
    return await paginate(
        session, statement, params, created_at=Endpoint.created_at, id_column=Endpoint.id
    )


class Recipient(NamedTuple):
    """An endpoint an event goes to: what the fan-out needs of it, nothing more."""

    id: uuid.UUID
    user_id: uuid.UUID
    all_users: bool


# Plain SQL on the driver connection (common.fastread): most events concern no endpoint, and
# this one round trip is then all the work they cost here. ``varchar[]`` keeps the GIN index
# on ``event_types`` usable.
_MATCHING = """
    SELECT id, user_id, all_users FROM endpoint
    WHERE enabled AND event_types && $1::varchar[] AND (user_id = ANY($2::uuid[]) OR all_users)
"""


async def matching(
    session: AsyncSession, *, subjects: Sequence[uuid.UUID], patterns: Sequence[str]
) -> list[Recipient]:
    """Enabled endpoints subscribed to one of ``patterns`` that belong to a subject user, or
    that receive every user's events."""
    rows = await fastread.fetch(session, _MATCHING, list(patterns), list(subjects))
    return [Recipient(row[0], row[1], row[2]) for row in rows]


async def disable(
    session: AsyncSession,
    endpoint_ids: Sequence[uuid.UUID],
    *,
    reason: str,
    failing_before: dt.datetime | None = None,
) -> Sequence[Endpoint]:
    """Disable the enabled ones among ``endpoint_ids`` (only those failing since before
    ``failing_before`` when given); their pending deliveries fail. Returns those disabled."""
    if not endpoint_ids:
        return []
    statement = update(Endpoint).where(Endpoint.id.in_(list(endpoint_ids)), Endpoint.enabled)
    if failing_before is not None:
        statement = statement.where(Endpoint.failing_since < failing_before)
    disabled = (
        await session.scalars(
            statement.values(enabled=False, disabled_reason=reason).returning(Endpoint),
            execution_options={"populate_existing": True},
        )
    ).all()
    await fail_pending(session, [endpoint.id for endpoint in disabled])
    return disabled


async def fail_pending(session: AsyncSession, endpoint_ids: Sequence[uuid.UUID]) -> None:
    """A disabled endpoint's waiting deliveries end as failed (a manual retry can resend one).
    Clearing the lease makes an attempt in flight unable to record a later outcome."""
    if endpoint_ids:
        await session.execute(
            update(Delivery)
            .where(Delivery.endpoint_id.in_(list(endpoint_ids)), Delivery.status == "pending")
            .values(status="failed", claimed_until=None, last_error="endpoint disabled")
        )


async def batch_after(session: AsyncSession, after: uuid.UUID, *, limit: int) -> Sequence[Endpoint]:
    """The next ``limit`` endpoints by id after ``after``, locked against a concurrent secret
    rotation through the API. ``FOR NO KEY UPDATE``: new deliveries referencing them (which
    take ``FOR KEY SHARE``) are not held up."""
    statement = (
        select(Endpoint)
        .where(Endpoint.id > after)
        .order_by(Endpoint.id)
        .limit(limit)
        .with_for_update(key_share=True)
    )
    return (await session.scalars(statement)).all()
