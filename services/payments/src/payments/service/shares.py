"""Who may refund how much of a payment: the pure rules, no I/O.

A payment for an order pays its sellers; each seller's share of the captured amount is its
lines' part of the order (``Payment.splits``, largest remainder). The payer never refunds
itself; a seller paid by the payment refunds up to its own share; an admin refunds anything,
spread over the sellers by what each has left, so no seller ever gives back more than it got.
A payment without an order pays the platform: only an admin refunds it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from common.auth import Principal
from payments.errors import (
    PaymentNotFound,
    RefundExceedsCaptured,
    RefundExceedsShare,
    RefundForbidden,
)
from payments.service.ledger import allocate

Shares = dict[uuid.UUID, int]


def refund_scope(
    principal: Principal, *, payer_id: uuid.UUID, sellers: Sequence[uuid.UUID]
) -> uuid.UUID | None:
    """The seller whose share the caller refunds, or None for an admin (every share).

    The payer gets 403; anyone the payment does not pay gets 404 (it must not learn that the
    payment exists), which is also what a seller gets for a payment without an order."""
    if principal.is_admin:
        return None
    if principal.user_id == payer_id:
        raise RefundForbidden()
    if principal.user_id in sellers:
        return principal.user_id
    raise PaymentNotFound()


def captured_by_seller(splits: Sequence[dict[str, Any]], captured: int) -> Shares:
    """Each seller's share of ``captured`` (empty for a payment that names no order)."""
    if not splits:
        return {}
    parts = allocate(captured, [int(split["amount"]) for split in splits])
    return {
        uuid.UUID(str(split["seller_id"])): part for split, part in zip(splits, parts, strict=True)
    }


def plan_refund(
    *,
    captured: Mapping[uuid.UUID, int],
    reserved: Mapping[uuid.UUID, int],
    amount: int | None,
    seller_id: uuid.UUID | None,
) -> Shares:
    """What each seller gives back of a refund of ``amount`` (default: all that is left).

    ``reserved`` is what each seller's pending and succeeded refunds already hold. A seller's
    refund takes from its own share only (409 past it); an admin's is spread over the sellers
    in proportion to what each has left (409 past the total)."""
    left = {seller: captured[seller] - reserved.get(seller, 0) for seller in captured}
    if seller_id is not None:
        mine = left.get(seller_id, 0)
        amount = mine if amount is None else amount
        if mine <= 0 or amount > mine:
            raise RefundExceedsShare(f"Only {max(mine, 0)} of your share is left to refund.")
        return {seller_id: amount}
    open_sellers = [seller for seller, rest in left.items() if rest > 0]
    total = sum(left[seller] for seller in open_sellers)
    amount = total if amount is None else amount
    if total <= 0 or amount > total:
        raise RefundExceedsCaptured(f"Only {total} is left to refund on this payment.")
    parts = allocate(amount, [left[seller] for seller in open_sellers])
    return {seller: part for seller, part in zip(open_sellers, parts, strict=True) if part > 0}
