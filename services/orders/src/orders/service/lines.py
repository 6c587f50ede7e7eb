"""Checks requested lines against the product read model: known, not archived, one currency.

The catalog stays authoritative (it confirms stock and prices in the saga); this answers the
buyer at once with a 422 for what can already be seen to be wrong.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from common.input_guard import INT64_MAX
from orders.catalog import CatalogLookup
from orders.errors import (
    CurrencyMismatch,
    OrderTotalTooLarge,
    ProductUnavailable,
    QuantityTooLarge,
    field_error,
)
from orders.repository.products import KnownProduct
from orders.service import products as product_service

MAX_QUANTITY = 10_000


@dataclass(frozen=True, slots=True)
class ResolvedLine:
    product_id: uuid.UUID
    seller_id: uuid.UUID
    name: str
    quantity: int
    unit_price: int

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


def total_of(lines: Iterable[ResolvedLine]) -> int:
    """The lines' total; 422 when it (or a line) would not fit the 64-bit amount columns."""
    total = 0
    for line in lines:
        total += line.amount
        if total > INT64_MAX:
            raise OrderTotalTooLarge(
                errors=field_error(["body", "quantity"], "the order total is too large")
            )
    return total


def merge(items: Iterable[tuple[uuid.UUID, int]]) -> dict[uuid.UUID, int]:
    """Sum the quantities of repeated products, keeping the order of first appearance."""
    merged: dict[uuid.UUID, int] = {}
    for product_id, quantity in items:
        merged[product_id] = merged.get(product_id, 0) + quantity
    for product_id, quantity in merged.items():
        if quantity > MAX_QUANTITY:
            raise QuantityTooLarge(
                f"Product {product_id} would have {quantity} units; at most {MAX_QUANTITY}.",
                errors=field_error(["body", "quantity"], f"at most {MAX_QUANTITY}"),
            )
    return merged


def check_product(
    product: KnownProduct | None, product_id: uuid.UUID, currency: str | None
) -> KnownProduct:
    """The product if it can be ordered in ``currency`` (any when None); 422 otherwise."""
    if product is None or product.archived:
        raise ProductUnavailable(
            f"Product {product_id} is unknown or no longer sold.",
            errors=field_error(["body", "product_id"], f"{product_id} is not available"),
        )
    if currency is not None and product.currency != currency:
        raise CurrencyMismatch(
            f"Product {product_id} is priced in {product.currency}, but the order (or cart) is "
            f"in {currency}; one order takes one currency.",
            errors=field_error(["body", "product_id"], f"priced in {product.currency}"),
        )
    return product


async def resolve(
    session: AsyncSession,
    items: Sequence[tuple[uuid.UUID, int]],
    *,
    currency: str | None = None,
    catalog: CatalogLookup | None = None,
) -> tuple[str, list[ResolvedLine]]:
    """Merge, validate and price ``items`` from the read model (asking ``catalog`` about
    products it has not seen yet); returns the currency and lines."""
    merged = merge(items)
    products = await product_service.known(session, list(merged), catalog=catalog)
    lines: list[ResolvedLine] = []
    for product_id, quantity in merged.items():
        product = check_product(products.get(product_id), product_id, currency)
        currency = product.currency
        lines.append(
            ResolvedLine(
                product_id=product_id,
                seller_id=product.seller_id,
                name=product.name,
                quantity=quantity,
                unit_price=product.price,
            )
        )
    assert currency is not None  # merge() of a non-empty request is non-empty
    total_of(lines)
    return currency, lines
