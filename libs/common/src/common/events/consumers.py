"""Which service consumes which events: the declared side of the bus's wiring.

Each service's worker binds its queue to the routing keys of its ``Subscriber``; common may not
import services, so the AsyncAPI document reads this table instead, and
``tests/contracts/test_asyncapi.py`` checks that it equals every worker's bindings. A new
consumer adds its keys here in the same change as its handler (the test fails otherwise).
Keys may be AMQP topic patterns (``orders.*``, ``#``).
"""

from __future__ import annotations

CONSUMERS: dict[str, tuple[str, ...]] = {
    "billing": (
        "payments.payment.failed",
        "payments.payment.succeeded",
    ),
    "catalog": (
        "orders.order.cancelled",
        "orders.order.paid",
        "orders.order.placed",
    ),
    "orders": (
        "catalog.product.archived",
        "catalog.product.created",
        "catalog.product.updated",
        "catalog.stock.changed",
        "catalog.stock.rejected",
        "catalog.stock.released",
        "catalog.stock.reserved",
        "payments.payment.failed",
        "payments.payment.succeeded",
        "payments.refund.succeeded",
    ),
    "payments": (
        "billing.charge.requested",
        "orders.order.cancelled",
        "orders.order.confirmed",
        "orders.order.paid",
        "orders.order.payment_refused",
        "orders.order.placed",
        "orders.order.rejected",
    ),
    "webhooks": ("#",),
}


def topic_matches(pattern: str, routing_key: str) -> bool:
    """AMQP topic matching: ``*`` is one dot-separated word, ``#`` zero or more."""
    return _match(pattern.split("."), routing_key.split("."))


def _match(pattern: list[str], words: list[str]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match(rest, words[i:]) for i in range(len(words) + 1))
    return bool(words) and head in ("*", words[0]) and _match(rest, words[1:])


def consumers_of(routing_key: str) -> list[str]:
    """The services whose queues receive events with this routing key."""
    return sorted(
        service
        for service, patterns in CONSUMERS.items()
        if any(topic_matches(pattern, routing_key) for pattern in patterns)
    )
