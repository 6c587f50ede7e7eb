"""Every query of the orders service: the product read model, carts and orders."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, case, delete, exists, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from orders.models import CartItem, Order, OrderLine, OrderMessage, Product
from orders.state import OrderStatus

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class ProductRepository:
    async def get_many(
        self, session: AsyncSession, ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, Product]:
        rows = await session.scalars(select(Product).where(Product.id.in_(set(ids))))
        return {product.id: product for product in rows}

    async def upsert_snapshot(self, session: AsyncSession, values: dict[str, Any]) -> None:
        """Apply a product snapshot unless a newer one was applied already; archiving sticks."""
        statement = insert(Product).values(**values, archived=False)
        new = statement.excluded
        newer_snapshot = new.updated_at >= Product.updated_at
        newer_stock = new.stock_updated_at >= Product.stock_updated_at
        set_ = {column: _if(newer_snapshot, column, new) for column in _SNAPSHOT_COLUMNS}
        set_["available"] = _if(newer_stock, "available", new)
        set_["stock_updated_at"] = _if(newer_stock, "stock_updated_at", new)
        await session.execute(
            statement.on_conflict_do_update(index_elements=[Product.id], set_=set_)
        )

    async def archive(
        self, session: AsyncSession, *, product_id: uuid.UUID, seller_id: uuid.UUID
    ) -> None:
        """Mark archived; an archive that overtook the product's creation leaves a tombstone
        whose data any later snapshot fills in."""
        await session.execute(
            insert(Product)
            .values(
                id=product_id,
                seller_id=seller_id,
                name="",
                description="",
                price=0,
                currency="XXX",
                available=0,
                archived=True,
                updated_at=EPOCH,
                stock_updated_at=EPOCH,
            )
            .on_conflict_do_update(index_elements=[Product.id], set_={"archived": True})
        )

    async def set_available(
        self, session: AsyncSession, *, product_id: uuid.UUID, available: int, at: dt.datetime
    ) -> None:
        await session.execute(
            update(Product)
            .where(Product.id == product_id, Product.stock_updated_at <= at)
            .values(available=available, stock_updated_at=at)
        )


_SNAPSHOT_COLUMNS = ("seller_id", "name", "description", "price", "currency", "updated_at")


def _if(condition: Any, column: str, new: Any) -> Any:
    """``CASE WHEN condition THEN excluded.<column> ELSE product.<column> END``."""
    return case((condition, getattr(new, column)), else_=getattr(Product, column))


class CartRepository:
    async def lock(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        """Serialise changes to one user's cart (currency checks, ordering from the cart)."""
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"cart:{user_id}"},
        )

    async def lines(
        self, session: AsyncSession, user_id: uuid.UUID
    ) -> list[tuple[CartItem, Product]]:
        rows = await session.execute(
            select(CartItem, Product)
            .join(Product, Product.id == CartItem.product_id)
            .where(CartItem.user_id == user_id)
            .order_by(CartItem.created_at, CartItem.id)
            .execution_options(populate_existing=True)
        )
        return [(item, product) for item, product in rows.tuples()]

    async def get(
        self, session: AsyncSession, *, item_id: uuid.UUID, user_id: uuid.UUID
    ) -> CartItem | None:
        return await session.scalar(
            select(CartItem).where(CartItem.id == item_id, CartItem.user_id == user_id)
        )

    async def add(
        self,
        session: AsyncSession,
        *,
        user_id: uuid.UUID,
        product_id: uuid.UUID,
        quantity: int,
        max_quantity: int,
    ) -> tuple[uuid.UUID, bool] | None:
        """Insert or increase; ``(id, created)``, or None when the sum would pass the maximum."""
        statement = insert(CartItem).values(
            id=uuid.uuid4(), user_id=user_id, product_id=product_id, quantity=quantity
        )
        row = (
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=[CartItem.user_id, CartItem.product_id],
                    set_={
                        "quantity": CartItem.quantity + statement.excluded.quantity,
                        "updated_at": func.now(),
                    },
                    where=CartItem.quantity + statement.excluded.quantity <= max_quantity,
                ).returning(CartItem.id, text("xmax = 0"))
            )
        ).first()
        return None if row is None else (row[0], bool(row[1]))

    async def delete(self, session: AsyncSession, item: CartItem) -> None:
        await session.delete(item)

    async def clear(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        await session.execute(delete(CartItem).where(CartItem.user_id == user_id))


class OrderRepository:
    def _select(self) -> Select[Order]:
        return select(Order).options(selectinload(Order.lines), selectinload(Order.history))

    async def get(
        self, session: AsyncSession, order_id: uuid.UUID, *, lock: bool = False
    ) -> Order | None:
        statement = self._select().where(Order.id == order_id)
        if lock:
            statement = statement.with_for_update(of=Order)
        return await session.scalar(statement.execution_options(populate_existing=True))

    def listing(
        self,
        *,
        user_id: uuid.UUID | None,
        seller_id: uuid.UUID | None,
        status: OrderStatus | None,
    ) -> Select[Order]:
        statement = self._select()
        if user_id is not None:
            statement = statement.where(Order.user_id == user_id)
        if seller_id is not None:
            statement = statement.where(
                exists().where(
                    OrderLine.order_id == Order.id,
                    OrderLine.revision == Order.lines_revision,
                    OrderLine.seller_id == seller_id,
                )
            )
        if status is not None:
            statement = statement.where(Order.status == status)
        return statement

    async def lock_expired(
        self, session: AsyncSession, *, now: dt.datetime, limit: int
    ) -> Sequence[Order]:
        """Unpaid orders whose reservation ran out, claimed so that other workers skip them."""
        statement = (
            self._select()
            .where(
                Order.status == OrderStatus.AWAITING_PAYMENT,
                Order.reservation_expires_at <= now,
            )
            .order_by(Order.reservation_expires_at, Order.id)
            .limit(limit)
            .with_for_update(of=Order, skip_locked=True)
        )
        return (await session.scalars(statement)).all()

    def messages(self, order_id: uuid.UUID) -> Select[OrderMessage]:
        return select(OrderMessage).where(OrderMessage.order_id == order_id)


product_repository = ProductRepository()
cart_repository = CartRepository()
order_repository = OrderRepository()
