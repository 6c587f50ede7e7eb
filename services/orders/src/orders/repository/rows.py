"""Orders as the event handlers and order placement need them: plain rows and Core statements.

The saga's handlers lock an order with its lines in one statement, decide in Python, then
write the order's changes and its timeline entry in one more (a data-modifying CTE), with no
ORM unit of work: no identity map, no history loaded only to append to it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import TextClause, bindparam, delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from orders.models import Order, OrderLine


@dataclasses.dataclass(frozen=True, slots=True)
class LineRow:
    id: uuid.UUID
    revision: int
    position: int
    product_id: uuid.UUID
    seller_id: uuid.UUID
    name: str
    quantity: int
    unit_price: int
    amount: int


@dataclasses.dataclass(frozen=True, slots=True)
class OrderRow:
    """An order and every revision of its lines (position order), read under its row lock."""

    id: uuid.UUID
    user_id: uuid.UUID
    status: str
    currency: str
    total: int
    revision: int
    lines_revision: int
    confirmed_revision: int | None
    payment_id: uuid.UUID | None
    paid_amount: int
    refunded_amount: int
    lines: tuple[LineRow, ...]

    @property
    def current_lines(self) -> list[LineRow]:
        return self.lines_of(self.lines_revision)

    def lines_of(self, revision: int) -> list[LineRow]:
        return [line for line in self.lines if line.revision == revision]

    @property
    def seller_ids(self) -> list[uuid.UUID]:
        return list(dict.fromkeys(line.seller_id for line in self.current_lines))

    @property
    def subject_user_ids(self) -> list[uuid.UUID]:
        return [self.user_id, *self.seller_ids]


_ORDER_COLUMNS = (
    Order.id,
    Order.user_id,
    Order.status,
    Order.currency,
    Order.total,
    Order.revision,
    Order.lines_revision,
    Order.confirmed_revision,
    Order.payment_id,
    Order.paid_amount,
    Order.refunded_amount,
)
_LINE_COLUMNS = (
    OrderLine.id,
    OrderLine.revision,
    OrderLine.position,
    OrderLine.product_id,
    OrderLine.seller_id,
    OrderLine.name,
    OrderLine.quantity,
    OrderLine.unit_price,
    OrderLine.amount,
)
_ORDER_WIDTH = len(_ORDER_COLUMNS)


# Built once: a statement object reused keeps its compiled form and cache key.
_LOCK = (
    select(*_ORDER_COLUMNS, *_LINE_COLUMNS)
    .outerjoin(OrderLine, OrderLine.order_id == Order.id)
    .where(Order.id == bindparam("order_id"))
    .order_by(OrderLine.position, OrderLine.revision)
    .with_for_update(of=Order)
)


async def lock(session: AsyncSession, order_id: uuid.UUID) -> OrderRow | None:
    """The order with all its lines, its row locked (one statement)."""
    connection = await session.connection()
    result = await connection.execute(_LOCK, {"order_id": order_id})
    rows: list[tuple[Any, ...]] = [tuple(row) for row in result]
    if not rows:
        return None
    lines = tuple(LineRow(*row[_ORDER_WIDTH:]) for row in rows if row[_ORDER_WIDTH] is not None)
    order: Any = (*rows[0][:_ORDER_WIDTH], lines)
    return OrderRow(*order)


_SAVABLE = frozenset(
    {
        "status",
        "currency",
        "total",
        "lines_revision",
        "confirmed_revision",
        "reservation_expires_at",
        "rejection_code",
        "rejection_reason",
        "payment_id",
        "paid_amount",
        "refunded_amount",
    }
)


@functools.cache
def _save_statement(columns: tuple[str, ...]) -> TextClause:
    assignments = "".join(f"{column} = :{column}, " for column in columns)
    return text(
        "WITH entry AS (INSERT INTO order_history (order_id, status, note, at) "
        "VALUES (:order_id, :entry_status, :entry_note, :now)) "
        f'UPDATE "order" SET {assignments}updated_at = :now WHERE id = :order_id'
    )


async def save(
    session: AsyncSession,
    order_id: uuid.UUID,
    *,
    changes: dict[str, Any],
    status: str,
    note: str | None,
    now: dt.datetime,
) -> None:
    """Apply ``changes`` to the order and add a timeline entry (``status``, ``note``): one
    statement (one per set of changed columns, built once)."""
    unknown = changes.keys() - _SAVABLE
    if unknown:
        raise ValueError(f"not columns the saga changes: {sorted(unknown)}")
    connection = await session.connection()
    await connection.execute(
        _save_statement(tuple(sorted(changes))),
        {
            **{column: _plain(value) for column, value in changes.items()},
            "order_id": order_id,
            "entry_status": str(status),
            "entry_note": note,
            "now": now,
        },
    )


def _plain(value: Any) -> Any:
    """Enum members as their values (the statement is plain SQL, with no column types)."""
    return str(value) if isinstance(value, str) else value


async def update_lines(session: AsyncSession, lines: Sequence[LineRow]) -> None:
    """Store the catalog's confirmed names, sellers and prices of ``lines``."""
    if lines:
        await session.execute(
            update(OrderLine),
            [
                {
                    "id": line.id,
                    "seller_id": line.seller_id,
                    "name": line.name,
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "amount": line.amount,
                }
                for line in lines
            ],
        )


async def delete_lines(
    session: AsyncSession,
    order_id: uuid.UUID,
    *,
    below: int | None = None,
    above: int | None = None,
) -> None:
    """Drop the order's lines of revisions below ``below`` or above ``above``."""
    statement = delete(OrderLine).where(OrderLine.order_id == order_id)
    if below is not None:
        statement = statement.where(OrderLine.revision < below)
    if above is not None:
        statement = statement.where(OrderLine.revision > above)
    await session.execute(statement)


_INSERT_ORDER = text(
    """
    WITH placed AS (
        INSERT INTO "order" (id, user_id, status, currency, total, revision, lines_revision,
                             paid_amount, refunded_amount, shipping_address,
                             created_at, updated_at)
        VALUES (:id, :user_id, :status, :currency, :total, 1, 1, 0, 0,
                CAST(:shipping_address AS jsonb), :now, :now)
    ),
    placed_lines AS (
        INSERT INTO order_line (id, order_id, revision, position, product_id, seller_id, name,
                                quantity, unit_price, amount)
        SELECT l.id, :id, 1, l.position - 1, l.product_id, l.seller_id, l.name,
               l.quantity, l.unit_price, l.quantity * l.unit_price
        FROM unnest(CAST(:line_ids AS uuid[]), CAST(:product_ids AS uuid[]),
                    CAST(:seller_ids AS uuid[]), CAST(:names AS text[]),
                    CAST(:quantities AS bigint[]), CAST(:unit_prices AS bigint[]))
             WITH ORDINALITY AS l(id, product_id, seller_id, name, quantity, unit_price, position)
    )
    INSERT INTO order_history (order_id, status, note, at) VALUES (:id, :status, :note, :now)
    """
)


async def insert_placed(
    session: AsyncSession,
    *,
    order_id: uuid.UUID,
    user_id: uuid.UUID,
    status: str,
    currency: str,
    total: int,
    shipping_address: str,
    lines: Sequence[LineRow],
    note: str,
    now: dt.datetime,
) -> None:
    """A new order (revision 1) with its lines and first timeline entry, in one statement;
    ``shipping_address`` is its JSON text."""
    connection = await session.connection()
    await connection.execute(
        _INSERT_ORDER,
        {
            "id": order_id,
            "user_id": user_id,
            "status": status,
            "currency": currency,
            "total": total,
            "shipping_address": shipping_address,
            "now": now,
            "note": note,
            "line_ids": [line.id for line in lines],
            "product_ids": [line.product_id for line in lines],
            "seller_ids": [line.seller_id for line in lines],
            "names": [line.name for line in lines],
            "quantities": [line.quantity for line in lines],
            "unit_prices": [line.unit_price for line in lines],
        },
    )
