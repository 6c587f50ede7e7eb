"""The saga's hot handlers stay a fixed, small number of statements whatever the order's size:
a regression to per-product updates or ORM loads shows up here as more round trips."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

from catalog.models import ReservationStatus


@contextmanager
def saga_statements() -> Iterator[list[str]]:
    """The statements run meanwhile that touch the catalog's own tables (not the inbox, the
    outbox or savepoints)."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if "product" in statement or "reservation" in statement:
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


async def _three_products(create_product) -> list[dict]:
    return [await create_product(stock=10) for _ in range(3)]


class TestStatementsPerEvent:
    async def test_a_hold_of_three_products_is_three_statements(self, saga, create_product):
        products = await _three_products(create_product)
        order = saga.placed([(p["id"], 2) for p in products])
        with saga_statements() as seen:
            await saga.deliver(order)
        assert len(seen) == 3, seen  # lock or create the reservation, lock products, hold
        assert (await saga.reservation(order.order_id)).status == ReservationStatus.HELD
        assert await saga.reserved(*(p["id"] for p in products)) == (2, 2, 2)
        assert len(await saga.events("catalog.stock.changed")) == 3

    async def test_selling_three_products_is_three_statements(self, saga, create_product):
        products = await _three_products(create_product)
        order = saga.placed([(p["id"], 2) for p in products])
        await saga.deliver(order)
        with saga_statements() as seen:
            await saga.deliver(saga.paid(order))
        assert len(seen) == 3, seen  # move the reservation, lock lines and products, change
        for product in products:
            row = await saga.product(product["id"])
            assert (row.stock, row.reserved) == (8, 0)
        await saga.assert_consistent()

    async def test_a_rejection_is_three_statements_and_holds_nothing(self, saga, create_product):
        products = await _three_products(create_product)
        order = saga.placed([(products[0]["id"], 2), (products[1]["id"], 11)])
        with saga_statements() as seen:
            await saga.deliver(order)
        assert len(seen) == 3, seen  # lock or create the reservation, lock products, decide
        assert await saga.reserved(products[0]["id"], products[1]["id"]) == (0, 0)
        assert (await saga.reservation(order.order_id)).last_revision == 1
        await saga.assert_consistent()
