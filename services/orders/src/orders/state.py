"""The order state machine: which status may follow which. Pure, no I/O.

The platform's order transitions, including ``awaiting_payment -> pending`` while a line change
of an unpaid order is being re-reserved by the catalog.
"""

from __future__ import annotations

from enum import StrEnum


class OrderStatus(StrEnum):
    PENDING = "pending"
    AWAITING_PAYMENT = "awaiting_payment"
    REJECTED = "rejected"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"


S = OrderStatus

TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PENDING: frozenset({S.AWAITING_PAYMENT, S.REJECTED, S.CANCELLED}),
    S.AWAITING_PAYMENT: frozenset({S.PAID, S.CANCELLED, S.PENDING}),
    S.PAID: frozenset({S.SHIPPED, S.CANCELLED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.DELIVERED: frozenset({S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.REFUNDED}),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}

UNPAID: frozenset[OrderStatus] = frozenset({S.PENDING, S.AWAITING_PAYMENT})
"""Statuses in which the lines may still change and the reservation may expire."""

REFUNDABLE: frozenset[OrderStatus] = frozenset(
    {S.PAID, S.SHIPPED, S.DELIVERED, S.PARTIALLY_REFUNDED}
)


class IllegalTransitionError(Exception):
    """``source -> target`` is not an edge of the state machine."""

    def __init__(self, source: OrderStatus, target: OrderStatus) -> None:
        self.source = source
        self.target = target
        super().__init__(f"An order cannot go from '{source}' to '{target}'.")


def can_transition(source: OrderStatus, target: OrderStatus) -> bool:
    return target in TRANSITIONS[source]


def ensure_transition(source: OrderStatus, target: OrderStatus) -> OrderStatus:
    """Return ``target`` when the move is legal; raise :class:`IllegalTransitionError` if not."""
    if not can_transition(source, target):
        raise IllegalTransitionError(source, target)
    return target


def is_terminal(status: OrderStatus) -> bool:
    return not TRANSITIONS[status]
