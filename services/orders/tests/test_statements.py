"""The hot paths stay a fixed, small number of statements: placing an order, the catalog's
reservation and the payment that pays it. A regression to ORM loads (lines and history fetched
one relationship at a time, a flush per object) shows up here as more round trips."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

_PLATFORM_TABLES = ("inbox", "outbox", "idempotency", "SAVEPOINT", "RELEASE", "ROLLBACK TO")


@contextmanager
def order_statements() -> Iterator[list[str]]:
    """The statements run meanwhile on the orders service's own tables."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if not any(word in statement for word in _PLATFORM_TABLES):
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


class TestStatementsPerStep:
    async def test_placing_an_order_of_three_products_is_two_statements(self, shop):
        products = [await shop.product() for _ in range(3)]
        with order_statements() as seen:
            order = await shop.place(*((product, 1) for product in products))
        assert len(seen) == 2, seen  # read the products, insert order, lines and history
        assert order["status"] == "pending"
        assert len((await shop.order(order["id"]))["lines"]) == 3

    async def test_a_reservation_is_two_statements(self, shop):
        products = [await shop.product() for _ in range(3)]
        order = await shop.place(*((product, 1) for product in products))
        with order_statements() as seen:
            await shop.reserve(order)
        assert len(seen) == 2, seen  # lock order and lines, update order with its history
        assert (await shop.order(order["id"]))["status"] == "awaiting_payment"

    async def test_paying_is_two_statements(self, shop):
        products = [await shop.product() for _ in range(3)]
        order = await shop.awaiting_payment(*((product, 1) for product in products))
        with order_statements() as seen:
            await shop.pay(order)
        assert len(seen) == 2, seen
        after = await shop.order(order["id"])
        assert after["status"] == "paid"
        assert [entry["status"] for entry in after["status_history"]] == [
            "pending",
            "awaiting_payment",
            "paid",
        ]
