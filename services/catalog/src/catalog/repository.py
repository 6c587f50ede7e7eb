"""Every query of the catalog: product reads and locks, reservations and their lines."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import (
    Product,
    Reservation,
    ReservationLine,
    ReservationStatus,
    search_document,
)
from catalog.schemas import ProductFilters


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class ProductRepository:
    def list_statement(self, filters: ProductFilters) -> Select[Any]:
        """Live products matching ``filters``; ``q`` needs every word in name or description."""
        statement = select(Product).where(Product.archived_at.is_(None))
        for term in (filters.q or "").split():
            statement = statement.where(search_document().ilike(_like_pattern(term), escape="\\"))
        if filters.seller_id is not None:
            statement = statement.where(Product.seller_id == filters.seller_id)
        if filters.min_price is not None:
            statement = statement.where(Product.price >= filters.min_price)
        if filters.max_price is not None:
            statement = statement.where(Product.price <= filters.max_price)
        if filters.in_stock is True:
            statement = statement.where(Product.stock > Product.reserved)
        elif filters.in_stock is False:
            statement = statement.where(Product.stock <= Product.reserved)
        return statement

    async def get(self, session: AsyncSession, product_id: uuid.UUID) -> Product | None:
        return await session.get(Product, product_id)

    async def get_many(
        self, session: AsyncSession, product_ids: Collection[uuid.UUID]
    ) -> Sequence[Product]:
        return (await session.scalars(select(Product).where(Product.id.in_(product_ids)))).all()

    async def get_for_update(self, session: AsyncSession, product_id: uuid.UUID) -> Product | None:
        return await session.scalar(
            select(Product)
            .where(Product.id == product_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    async def lock_many(
        self, session: AsyncSession, product_ids: Collection[uuid.UUID]
    ) -> dict[uuid.UUID, Product]:
        """Lock the products in id order, so two transactions locking overlapping sets always
        queue behind each other instead of deadlocking."""
        if not product_ids:
            return {}
        rows = await session.scalars(
            select(Product)
            .where(Product.id.in_(sorted(product_ids)))
            .order_by(Product.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return {product.id: product for product in rows}


class ReservationRepository:
    async def lock_or_create(
        self, session: AsyncSession, *, order_id: uuid.UUID, user_id: uuid.UUID
    ) -> Reservation:
        """The order's reservation row, locked; created (holding nothing) if it is new.

        Concurrent deliveries for one order serialise on this row lock."""
        await session.execute(
            pg_insert(Reservation)
            .values(
                id=uuid.uuid4(),
                order_id=order_id,
                user_id=user_id,
                status=ReservationStatus.REJECTED,
                revision=0,
                last_revision=0,
            )
            .on_conflict_do_nothing(index_elements=[Reservation.order_id])
        )
        reservation = await self.lock(session, order_id)
        assert reservation is not None
        return reservation

    async def lock(self, session: AsyncSession, order_id: uuid.UUID) -> Reservation | None:
        return await session.scalar(
            select(Reservation)
            .where(Reservation.order_id == order_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    async def get(self, session: AsyncSession, order_id: uuid.UUID) -> Reservation | None:
        return await session.scalar(select(Reservation).where(Reservation.order_id == order_id))

    async def claim_expired(
        self, session: AsyncSession, *, now: dt.datetime, limit: int
    ) -> Sequence[Reservation]:
        """Held reservations past their expiry, locked; rows another worker holds are skipped."""
        rows = await session.scalars(
            select(Reservation)
            .where(Reservation.status == ReservationStatus.HELD, Reservation.expires_at <= now)
            .order_by(Reservation.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return rows.all()

    async def lines(
        self, session: AsyncSession, reservation_ids: Collection[uuid.UUID]
    ) -> Sequence[ReservationLine]:
        if not reservation_ids:
            return []
        rows = await session.scalars(
            select(ReservationLine)
            .where(ReservationLine.reservation_id.in_(reservation_ids))
            .order_by(ReservationLine.reservation_id, ReservationLine.product_id)
            .execution_options(populate_existing=True)
        )
        return rows.all()

    async def replace_lines(
        self, session: AsyncSession, reservation_id: uuid.UUID, lines: Sequence[dict[str, Any]]
    ) -> None:
        await session.execute(
            delete(ReservationLine).where(ReservationLine.reservation_id == reservation_id)
        )
        if lines:
            rows = [{**line, "reservation_id": reservation_id} for line in lines]
            await session.execute(insert(ReservationLine), rows)


product_repository = ProductRepository()
reservation_repository = ReservationRepository()
