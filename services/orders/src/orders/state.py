"""The order state machine: which status may follow which. Pure, no I/O.

The platform's order transitions, including ``awaiting_payment -> pending`` while a line change
of an unpaid order is being re-reserved by the catalog.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal


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

SHIPPABLE: frozenset[OrderStatus] = frozenset({S.PAID, S.SHIPPED, S.PARTIALLY_REFUNDED})
"""Statuses in which sellers ship and deliver their lines. A partial refund (one seller giving
back its share) does not stop the other sellers from shipping theirs."""


class LineShipping(StrEnum):
    NOT_SHIPPED = "not_shipped"
    SHIPPED = "shipped"
    DELIVERED = "delivered"


L = LineShipping

LINE_TRANSITIONS: dict[LineShipping, frozenset[LineShipping]] = {
    L.NOT_SHIPPED: frozenset({L.SHIPPED}),
    L.SHIPPED: frozenset({L.DELIVERED}),
    L.DELIVERED: frozenset(),
}

Fulfilment = Literal[
    "not_shipped", "partially_shipped", "shipped", "partially_delivered", "delivered"
]


def can_move_line(source: LineShipping, target: LineShipping) -> bool:
    return target in LINE_TRANSITIONS[source]


def order_moves(current: OrderStatus, lines: Iterable[LineShipping]) -> list[OrderStatus]:
    """The moves that bring the order in line with its lines: ``shipped`` once every line is
    shipped (or delivered), ``delivered`` once every line is delivered. An order that is not
    ``paid`` or ``shipped`` (partially refunded, say) keeps its status."""
    states = set(lines)
    moves: list[OrderStatus] = []
    if not states or current not in (S.PAID, S.SHIPPED):
        return moves
    if current == S.PAID and states <= {L.SHIPPED, L.DELIVERED}:
        moves.append(S.SHIPPED)
        current = S.SHIPPED
    if current == S.SHIPPED and states == {L.DELIVERED}:
        moves.append(S.DELIVERED)
    return moves


def fulfilment(lines: Iterable[LineShipping]) -> Fulfilment:
    """How far a set of lines has come, as one word."""
    states = set(lines)
    if not states or states == {L.NOT_SHIPPED}:
        return "not_shipped"
    if L.NOT_SHIPPED in states:
        return "partially_shipped"
    if states == {L.SHIPPED}:
        return "shipped"
    return "delivered" if states == {L.DELIVERED} else "partially_delivered"


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
