"""Reservations (one row per order) and their lines, as plain Core statements."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import Reservation, ReservationLine, ReservationStatus
from catalog.repository.stock import CHANGE_SQL, StockLevel, change_params


@dataclass(frozen=True, slots=True)
class ReservationState:
    """A reservation row as read under its lock."""

    id: uuid.UUID
    order_id: uuid.UUID
    user_id: uuid.UUID
    status: str
    revision: int
    last_revision: int


_STATE_COLUMNS = (
    Reservation.id,
    Reservation.order_id,
    Reservation.user_id,
    Reservation.status,
    Reservation.revision,
    Reservation.last_revision,
)


_NEW = insert(Reservation).values(
    id=bindparam("new_id"),
    order_id=bindparam("new_order_id"),
    user_id=bindparam("new_user_id"),
    status=ReservationStatus.REJECTED.value,
    revision=0,
    last_revision=0,
)
# Built once (``excluded`` builds a new alias on each access); reused, it stays compiled.
_LOCK_OR_CREATE = _NEW.on_conflict_do_update(
    index_elements=[Reservation.order_id], set_={"order_id": _NEW.excluded.order_id}
).returning(*_STATE_COLUMNS)


async def lock_or_create(
    session: AsyncSession, *, order_id: uuid.UUID, user_id: uuid.UUID
) -> ReservationState:
    """The order's reservation row, locked; created (holding nothing) if it is new.

    One statement: the no-op ``DO UPDATE`` of an existing row takes its lock (waiting for a
    concurrent delivery for the same order) and returns it as it stands, so deliveries for one
    order serialise on this row."""
    connection = await session.connection()
    row = (
        await connection.execute(
            _LOCK_OR_CREATE,
            {"new_id": uuid.uuid4(), "new_order_id": order_id, "new_user_id": user_id},
        )
    ).one()
    return ReservationState(*row)


async def status_of(session: AsyncSession, order_id: uuid.UUID) -> str | None:
    return await session.scalar(select(Reservation.status).where(Reservation.order_id == order_id))


_MOVE = (
    update(Reservation)
    .where(
        Reservation.order_id == bindparam("move_order_id"),
        Reservation.status == bindparam("move_source"),
    )
    .values(status=bindparam("move_target"), updated_at=bindparam("move_now"))
    .returning(Reservation.id)
)


async def move(
    session: AsyncSession,
    order_id: uuid.UUID,
    *,
    source: ReservationStatus,
    target: ReservationStatus,
    now: dt.datetime,
) -> uuid.UUID | None:
    """``source`` -> ``target`` under the row lock the update takes; the reservation's id, or
    None when it is not (or no longer) in ``source``."""
    connection = await session.connection()
    result = await connection.execute(
        _MOVE,
        {
            "move_order_id": order_id,
            "move_source": source.value,
            "move_target": target.value,
            "move_now": now,
        },
    )
    return result.scalar()


async def set_status(
    session: AsyncSession,
    reservation_ids: Collection[uuid.UUID],
    status: ReservationStatus,
    *,
    now: dt.datetime,
) -> None:
    """Set the status of reservations already locked."""
    await session.execute(
        update(Reservation)
        .where(Reservation.id.in_(reservation_ids))
        .values(status=status, updated_at=now)
    )


_DECIDE = (
    update(Reservation)
    .where(Reservation.id == bindparam("decide_id"))
    .values(last_revision=bindparam("decide_revision"), updated_at=bindparam("decide_now"))
)


async def decide(
    session: AsyncSession, reservation_id: uuid.UUID, *, revision: int, now: dt.datetime
) -> None:
    """Record ``revision`` as decided without holding it (a rejection)."""
    connection = await session.connection()
    await connection.execute(
        _DECIDE, {"decide_id": reservation_id, "decide_revision": revision, "decide_now": now}
    )


async def held_quantities(session: AsyncSession, reservation_id: uuid.UUID) -> dict[uuid.UUID, int]:
    rows = await session.execute(
        select(ReservationLine.product_id, ReservationLine.quantity).where(
            ReservationLine.reservation_id == reservation_id
        )
    )
    return dict(rows.tuples().all())


_HOLD = text(
    f"""
    WITH changed AS ({CHANGE_SQL}),
    held AS (
        UPDATE reservation SET status = :status, revision = :revision, last_revision = :revision,
                               currency = :currency, expires_at = :expires_at, updated_at = :now
        WHERE id = :reservation_id
    )
    INSERT INTO reservation_line
        (reservation_id, product_id, quantity, unit_price, currency, seller_id, name)
    SELECT :reservation_id, l.* FROM unnest(
        CAST(:product_ids AS uuid[]), CAST(:quantities AS bigint[]),
        CAST(:unit_prices AS bigint[]), CAST(:currencies AS text[]),
        CAST(:seller_ids AS uuid[]), CAST(:names AS text[])) AS l
    """
)


async def hold(
    session: AsyncSession,
    reservation: ReservationState,
    *,
    revision: int,
    currency: str,
    expires_at: dt.datetime,
    wanted: Mapping[uuid.UUID, int],
    products: Mapping[uuid.UUID, StockLevel],
    stock_changes: Mapping[uuid.UUID, tuple[int, int]],
    replace: bool,
    now: dt.datetime,
) -> None:
    """Hold ``wanted`` (priced from the locked ``products``) for the reservation, replacing its
    lines when ``replace``, and apply ``stock_changes``: one statement (two when replacing)."""
    if replace:
        await session.execute(
            delete(ReservationLine).where(ReservationLine.reservation_id == reservation.id)
        )
    ids: Sequence[uuid.UUID] = list(wanted)
    connection = await session.connection()
    await connection.execute(
        _HOLD,
        {
            **change_params(stock_changes),
            "now": now,
            "status": ReservationStatus.HELD.value,
            "revision": revision,
            "currency": currency,
            "expires_at": expires_at,
            "reservation_id": reservation.id,
            "product_ids": ids,
            "quantities": [wanted[product_id] for product_id in ids],
            "unit_prices": [products[product_id].price for product_id in ids],
            "currencies": [products[product_id].currency for product_id in ids],
            "seller_ids": [products[product_id].seller_id for product_id in ids],
            "names": [products[product_id].name for product_id in ids],
        },
    )


async def claim_expired(
    session: AsyncSession, *, now: dt.datetime, limit: int
) -> list[ReservationState]:
    """Held reservations past their expiry, locked; rows another worker holds are skipped."""
    rows = await session.execute(
        select(*_STATE_COLUMNS)
        .where(Reservation.status == ReservationStatus.HELD, Reservation.expires_at <= now)
        .order_by(Reservation.expires_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [ReservationState(*row) for row in rows]
