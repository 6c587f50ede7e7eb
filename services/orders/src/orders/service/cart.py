"""The buyer's cart: lines priced from the read model, one currency per cart."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from orders.catalog import CatalogLookup
from orders.errors import CartItemNotFound, QuantityTooLarge, field_error
from orders.models import CartItem, Product
from orders.repository import carts as cart_repository
from orders.schemas import CartLineRead, CartRead
from orders.service import products as product_service
from orders.service.lines import MAX_QUANTITY, check_product


def _line(item: CartItem, product: Product, currency: str | None) -> CartLineRead:
    return CartLineRead(
        id=item.id,
        product_id=product.id,
        seller_id=product.seller_id,
        name=product.name,
        quantity=item.quantity,
        unit_price=product.price,
        line_total=item.quantity * product.price,
        currency=product.currency,
        archived=product.archived,
        orderable=not product.archived and product.currency == currency,
    )


def _cart_currency(lines: list[tuple[CartItem, Product]]) -> str | None:
    """The currency of the oldest line still sold (lines are oldest first)."""
    return next((product.currency for _, product in lines if not product.archived), None)


async def read(session: AsyncSession, *, user_id: uuid.UUID) -> CartRead:
    lines = await cart_repository.lines(session, user_id)
    currency = _cart_currency(lines)
    items = [_line(item, product, currency) for item, product in lines]
    return CartRead(
        items=items,
        currency=currency,
        total=sum(line.line_total for line in items if line.orderable),
        item_count=sum(line.quantity for line in items if line.orderable),
    )


async def clear(session: AsyncSession, *, user_id: uuid.UUID) -> None:
    await cart_repository.lock(session, user_id)
    await cart_repository.clear(session, user_id)


async def add(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    product_id: uuid.UUID,
    quantity: int,
    catalog: CatalogLookup | None = None,
) -> tuple[CartLineRead, bool]:
    """Add ``quantity`` of a product (increasing an existing line); True when a new line."""
    await cart_repository.lock(session, user_id)
    lines = await cart_repository.lines(session, user_id)
    products = await product_service.known(session, [product_id], catalog=catalog)
    check_product(products.get(product_id), product_id, _cart_currency(lines))
    added = await cart_repository.add(
        session,
        user_id=user_id,
        product_id=product_id,
        quantity=quantity,
        max_quantity=MAX_QUANTITY,
    )
    if added is None:
        raise QuantityTooLarge(
            f"The cart would hold more than {MAX_QUANTITY} units of product {product_id}.",
            errors=field_error(["body", "quantity"], f"at most {MAX_QUANTITY} in total"),
        )
    return await _read_line(session, user_id=user_id, item_id=added[0]), added[1]


async def set_quantity(
    session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID, quantity: int
) -> CartLineRead:
    await cart_repository.lock(session, user_id)
    item = await cart_repository.get(session, item_id=item_id, user_id=user_id)
    if item is None:
        raise CartItemNotFound()
    item.quantity = quantity
    await session.flush()
    return await _read_line(session, user_id=user_id, item_id=item_id)


async def remove(session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID) -> None:
    await cart_repository.lock(session, user_id)
    item = await cart_repository.get(session, item_id=item_id, user_id=user_id)
    if item is None:
        raise CartItemNotFound()
    await cart_repository.delete(session, item)


async def _read_line(
    session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID
) -> CartLineRead:
    lines = await cart_repository.lines(session, user_id)
    currency = _cart_currency(lines)
    return next(_line(i, p, currency) for i, p in lines if i.id == item_id)
